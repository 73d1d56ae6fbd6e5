-- Derived: each (event, source) citation with the event's filter columns, so the sources behind
-- the events in a filter are found without joining the events.
create table event_source_rows as
select es.source_id, r.event_id, r.start_date, r.end_date, r.event_type, r.country_bits,
       r.is_bilateral, r.person_ids, r.place_id
from event_sources as es
join event_rows as r using (event_id)
order by es.source_id, r.start_date;
