-- The filter's rule for events, the plain way (as the queries had it before event_rows): dates
-- overlap [$start, $end], a chosen country among the event's event_countries, a chosen type.
-- Bilateral, person and place by semi-joins on event_countries and event_people.
e.end_date >= $start
and e.start_date <= $end
and (len($countries::varchar[]) = 0 or e.event_id in (
    select ec.event_id from event_countries as ec
    where list_contains($countries::varchar[], ec.country_iso3)))
and (len($event_types::varchar[]) = 0 or list_contains($event_types::varchar[], e.event_type))
and (not $bilateral::boolean or e.event_id in (
    select ec.event_id from event_countries as ec join countries as c on c.iso3 = ec.country_iso3
    group by ec.event_id
    having count(*) = 2 and bool_or(ec.country_iso3 = 'CHN') and count(*) filter (where c.is_central_asia) = 1))
and ($person::varchar is null or e.event_id in (
    select ep.event_id from event_people as ep where ep.person_id = $person::varchar))
and ($place::varchar is null or e.place_id = $place::varchar)
