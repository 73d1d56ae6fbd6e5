-- The sources behind the events matching the filter (parts/event_filter.sql), and the sources
-- those reprint from; at most $limit (NULL: all). Columns as sources_for.sql.
with cited as (
    select distinct e.source_id
    from event_source_rows as e
    where /*@event_filter*/
),
wanted as (
    select source_id from cited
    union
    select s.reprinted_in from sources as s where s.source_id in (select source_id from cited)
)
select s.source_id, s.publisher, s.title, s.published_date, s.date_precision, s.url, s.language,
       s.kind, s.reprinted_in, s.notes
from sources as s
where s.source_id in (select source_id from wanted)
order by s.source_id
limit $limit;
