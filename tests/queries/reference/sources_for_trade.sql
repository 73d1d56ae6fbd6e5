-- The sources behind the trade figures matching the filter (same rule as trade_rows.sql), and the
-- sources those reprint from; at most $limit (NULL: all). Columns as sources_for.sql.
with cited as (
    select distinct t.source_id
    from trade as t
    where /*@trade_filter*/
)
select * from /*@sources_of_cited*/ as s
order by s.source_id
limit $limit;
