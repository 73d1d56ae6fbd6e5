-- The sources behind the events matching the filter (parts/event_filter.sql), and the sources
-- those reprint from; at most $limit (NULL: all). Columns: parts/sources_of_cited.sql.
with cited as (
    select distinct e.source_id
    from event_source_rows as e
    where /*@event_filter*/
)
select * from /*@sources_of_cited*/ as s
order by s.source_id
limit $limit;
