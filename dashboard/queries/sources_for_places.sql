-- The sources behind the places in the chosen countries (same rule as places_rows.sql), and the
-- sources those reprint from; at most $limit (NULL: all). Columns: parts/sources_of_cited.sql.
with cited as (
    select distinct p.source_id
    from places as p
    where len($countries::varchar[]) = 0 or list_contains($countries::varchar[], p.country_iso3)
)
select * from /*@sources_of_cited*/ as s
order by s.source_id
limit $limit;
