-- Headline figures of the events matching the filter (parts/event_filter.sql): how many, the
-- span of their start dates, and the latest meeting (summit, ministerial meeting, strategic
-- dialogue or bilateral meeting: the smallest seq, so ties go to the smaller event_id). Always one row.
with totals as (
    select count(*) as events, min(e.start_date) as first_start, max(e.start_date) as last_start
    from event_rows as e
    where /*@event_filter*/
),
latest_meeting as (
    select l.event_id, l.start_date, l.title, l.place_name
    from event_rows as l
    where l.seq = (
        select min(e.seq)
        from event_rows as e
        where /*@event_filter*/
          and e.event_type in ('summit', 'ministerial_meeting', 'strategic_dialogue', 'bilateral_meeting'))
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
