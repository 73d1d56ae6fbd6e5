-- The sources behind the events matching the filter (same rule as events.sql), and the sources
-- those reprint from; at most $limit (NULL: all). Columns as sources_for.sql.
with matching as (
    select e.event_id
    from events as e
    where e.end_date >= $start
      and e.start_date <= $end
      and (len($countries::varchar[]) = 0 or e.event_id in (
          select ec.event_id from event_countries as ec
          where list_contains($countries::varchar[], ec.country_iso3)))
      and (len($event_types::varchar[]) = 0 or list_contains($event_types::varchar[], e.event_type))
),
cited as (
    select distinct es.source_id
    from event_sources as es
    where es.event_id in (select event_id from matching)
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
