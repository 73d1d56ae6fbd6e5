-- Places to draw, each with the number of matching events held there.
with event_country_lists as (
    select event_id, list(country_iso3) as countries
    from event_countries
    group by event_id
),
matching as (
    select e.place_id, count(*) as events, string_agg(e.title, ' · ' order by e.start_date desc) as event_titles
    from events as e
    left join event_country_lists as c using (event_id)
    where e.place_id is not null
      and e.end_date >= $start
      and e.start_date <= $end
      and (len($countries::varchar[]) = 0 or list_has_any($countries::varchar[], c.countries))
      and (len($event_types::varchar[]) = 0 or list_contains($event_types::varchar[], e.event_type))
    group by e.place_id
)
select
    p.place_id, p.name, p.name_local, p.country_iso3, p.kind, p.lat, p.lon,
    coalesce(m.events, 0) as events,
    m.event_titles
from places as p
left join matching as m using (place_id)
order by p.place_id;
