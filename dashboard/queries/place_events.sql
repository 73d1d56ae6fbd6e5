-- Events matching the filter (parts/event_filter.sql) held at one place, newest first, at most $limit.
with picked as (
    select e.seq
    from event_rows as e
    where e.place_id = $place_id
      and /*@event_filter*/
    order by e.seq
    limit $limit
)
select e.event_id, e.start_date, e.title
from event_rows as e
where e.seq in (select seq from picked)
order by e.seq;
