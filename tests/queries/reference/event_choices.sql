-- Events an event picker offers: those matching the filter (same rule as events.sql) whose title
-- matches $pattern (an ILIKE pattern, '' for any; '\' escapes % and _), newest first, at most $limit.
select e.event_id, e.start_date, e.title
from events as e
where /*@event_filter*/
  and ($pattern = '' or e.title ilike $pattern escape '\')
order by e.start_date desc, e.event_id
limit $limit;
