-- The sources behind the events matching the filter (parts/event_filter.sql), and the sources
-- those reprint from; at most $limit (NULL: all). Columns as sources_for.sql.
with cited as (
    select distinct e.source_id
    from event_source_rows as e
    where /*@event_filter*/
)
select s.source_id, s.publisher, s.title, s.published_date, s.date_precision, s.url, s.language,
       s.kind, s.reprinted_in, s.notes
from sources as s
where /*@sources_and_reprints*/
order by s.source_id
limit $limit;
