-- Events matching the filter (parts/event_filter.sql) counted per period, country involved and
-- event type: what the timeline draws when there are too many events to draw one by one.
-- $bucket is 'month', 'quarter' or 'year'. An event involving several countries counts on each
-- (only on the chosen ones when countries are chosen: parts/place_filter.sql on country_bits), by
-- its start date. Events are counted per
-- period, type and set of countries first, then each set is spread over its countries.
with counted as (
    select date_trunc($bucket, e.start_date)::date as period_start, e.event_type, e.country_bits,
           count(*) as events
    from event_rows as e
    where /*@event_filter*/
    group by all
)
select
    c.period_start,
    p.country_iso3,
    c.event_type,
    sum(c.events)::bigint as events
from counted as c
join country_bits as p on get_bit(c.country_bits, p.bit) = 1
where /*@place_filter*/
group by all
order by period_start, p.country_iso3, c.event_type;
