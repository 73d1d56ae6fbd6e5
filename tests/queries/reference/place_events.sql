-- Events matching the filter (same rule as events.sql) held at one place, newest first, at most $limit.
select e.event_id, e.start_date, e.title
from events as e
where e.place_id = $place_id
  and /*@event_filter*/
order by e.start_date desc, e.event_id
limit $limit;
