-- The sources behind the events matching the filter (same rule as events.sql), and the sources
-- those reprint from; at most $limit (NULL: all). Columns as sources_for.sql.
with matching as (
    select e.event_id
    from events as e
    where /*@event_filter*/
),
cited as (
    select distinct es.source_id
    from event_sources as es
    where es.event_id in (select event_id from matching)
)
select * from /*@sources_of_cited*/ as s
order by s.source_id
limit $limit;
