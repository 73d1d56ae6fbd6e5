-- The sources behind the places in the chosen countries (same rule as places_rows.sql), and the
-- sources those reprint from; at most $limit (NULL: all). Columns as sources_for.sql.
with cited as (
    select distinct p.source_id
    from places as p
    where len($countries::varchar[]) = 0 or list_contains($countries::varchar[], p.country_iso3)
)
select s.source_id, s.publisher, s.title, s.published_date, s.date_precision, s.url, s.language,
       s.kind, s.reprinted_in, s.notes
from sources as s
where /*@sources_and_reprints*/
order by s.source_id
limit $limit;
