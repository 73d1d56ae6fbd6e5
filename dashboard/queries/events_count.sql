-- How many events match the filter (parts/event_filter.sql): the count events.sql pages through.
select count(*) as events
from event_rows as e
where /*@event_filter*/;
