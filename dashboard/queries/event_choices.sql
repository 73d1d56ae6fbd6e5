-- Events an event picker offers: those matching the filter (parts/event_filter.sql) whose title
-- matches $pattern (an ILIKE pattern, '' for any; '\' escapes % and _), newest first, at most $limit.
with picked as (
    select e.seq
    from event_rows as e
    where /*@event_filter*/
      and ($pattern = '' or e.title ilike $pattern escape '\')
    order by e.seq
    limit $limit
)
select e.event_id, e.start_date, e.title
from event_rows as e
where e.seq in (select seq from picked)
order by e.seq;
