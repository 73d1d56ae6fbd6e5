-- Events matching the filter (same rule as events.sql) held at one place, newest first, at most $limit.
select e.event_id, e.start_date, e.title
from events as e
where e.place_id = $place_id
  and e.end_date >= $start
  and e.start_date <= $end
  and (len($countries::varchar[]) = 0 or e.event_id in (
      select ec.event_id from event_countries as ec
      where list_contains($countries::varchar[], ec.country_iso3)))
  and (len($event_types::varchar[]) = 0 or list_contains($event_types::varchar[], e.event_type))
order by e.start_date desc, e.event_id
limit $limit;
