-- Events matching the filter (parts/event_filter.sql) counted per period, country involved and
-- event type: what the timeline draws when there are too many events to draw one by one.
-- $bucket is 'month', 'quarter' or 'year'. An event involving several countries counts on each
-- (only on the chosen ones when countries are chosen), by its start date. Events are counted per
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
    b.country_iso3,
    c.event_type,
    sum(c.events)::bigint as events
from counted as c
join country_bits as b on get_bit(c.country_bits, b.bit) = 1
where len($countries::varchar[]) = 0 or list_contains($countries::varchar[], b.country_iso3)
group by all
order by period_start, b.country_iso3, c.event_type;
