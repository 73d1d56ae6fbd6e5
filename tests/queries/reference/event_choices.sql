-- Events an event picker offers: those matching the filter (same rule as events.sql) whose title
-- matches $pattern (an ILIKE pattern, '' for any; '\' escapes % and _), newest first, at most $limit.
select e.event_id, e.start_date, e.title
from events as e
where e.end_date >= $start
  and e.start_date <= $end
  and (len($countries::varchar[]) = 0 or e.event_id in (
      select ec.event_id from event_countries as ec
      where list_contains($countries::varchar[], ec.country_iso3)))
  and (len($event_types::varchar[]) = 0 or list_contains($event_types::varchar[], e.event_type))
  and ($pattern = '' or e.title ilike $pattern escape '\')
order by e.start_date desc, e.event_id
limit $limit;
