-- Headline figures of the events matching the filter (same rule as events.sql): how many, the
-- span of their start dates, and the latest meeting (summit, ministerial meeting, strategic
-- dialogue or bilateral meeting; ties go to the smaller event_id). Always one row.
with matching as (
    select e.event_id, e.start_date, e.title, e.event_type, e.place_id
    from events as e
    where /*@event_filter*/
),
totals as (
    select count(*) as events, min(start_date) as first_start, max(start_date) as last_start
    from matching
),
latest_meeting as (
    select m.event_id, m.start_date, m.title, p.name as place_name
    from matching as m
    left join places as p using (place_id)
    where m.event_type in ('summit', 'ministerial_meeting', 'strategic_dialogue', 'bilateral_meeting')
    order by m.start_date desc, m.event_id
    limit 1
)
select
    t.events,
    t.first_start,
    t.last_start,
    lm.event_id as meeting_id,
    lm.start_date as meeting_date,
    lm.title as meeting_title,
    lm.place_name as meeting_place
from totals as t
left join latest_meeting as lm on true;
