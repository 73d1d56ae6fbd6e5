-- The sources behind the trade figures matching the filter (same rule as trade_rows.sql, read from
-- trade_source_periods), and the sources those reprint from; at most $limit (NULL: all). Columns
-- as sources_for.sql.
with cited as (
    select distinct t.source_id
    from trade_source_periods as t
    where /*@trade_filter*/
)
select s.source_id, s.publisher, s.title, s.published_date, s.date_precision, s.url, s.language,
       s.kind, s.reprinted_in, s.notes
from sources as s
where /*@sources_and_reprints*/
order by s.source_id
limit $limit;
