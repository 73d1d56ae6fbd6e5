-- Events matching the filter (same rule as events.sql) counted per period, country involved and
-- event type: what the timeline draws when there are too many events to draw one by one.
-- $bucket is 'month', 'quarter' or 'year'. An event involving several countries counts on each
-- (only on the chosen ones when countries are chosen), by its start date.
with matching as (
    select e.event_id, e.start_date, e.event_type
    from events as e
    where /*@event_filter*/
)
select
    date_trunc($bucket, m.start_date)::date as period_start,
    ec.country_iso3,
    m.event_type,
    count(*) as events
from matching as m
join event_countries as ec using (event_id)
where len($countries::varchar[]) = 0 or list_contains($countries::varchar[], ec.country_iso3)
group by all
order by period_start, ec.country_iso3, m.event_type;
