-- The filter's rule for events, the plain way (as the queries had it before event_rows): dates
-- overlap [$start, $end], a chosen country among the event's event_countries, a chosen type.
e.end_date >= $start
and e.start_date <= $end
and (len($countries::varchar[]) = 0 or e.event_id in (
    select ec.event_id from event_countries as ec
    where list_contains($countries::varchar[], ec.country_iso3)))
and (len($event_types::varchar[]) = 0 or list_contains($event_types::varchar[], e.event_type))
