-- Events matching the filter, newest first, with countries, place, people and sources as text.
-- An event matches when its dates overlap the range and it involves any chosen country.
with event_country_lists as (
    select event_id, list(country_iso3 order by country_iso3) as countries
    from event_countries
    group by event_id
),
matching as (
    select e.*, coalesce(c.countries, []::varchar[]) as country_list
    from events as e
    left join event_country_lists as c using (event_id)
    where e.end_date >= $start
      and e.start_date <= $end
      and (len($countries::varchar[]) = 0 or list_has_any($countries::varchar[], c.countries))
      and (len($event_types::varchar[]) = 0 or list_contains($event_types::varchar[], e.event_type))
),
people_text as (
    select ep.event_id, string_agg(p.name, '|' order by p.name) as people
    from event_people as ep
    join people as p using (person_id)
    where ep.event_id in (select event_id from matching)
    group by ep.event_id
),
sources_text as (
    select event_id, string_agg(source_id, '|' order by source_id) as source_ids
    from event_sources
    where event_id in (select event_id from matching)
    group by event_id
)
select
    m.event_id,
    m.start_date,
    m.end_date,
    m.date_precision,
    m.title,
    m.event_type,
    array_to_string(m.country_list, '|') as countries,
    m.place_id,
    pl.name as place_name,
    pl.lat,
    pl.lon,
    pt.people,
    m.summary,
    st.source_ids
from matching as m
left join places as pl using (place_id)
left join people_text as pt using (event_id)
left join sources_text as st using (event_id)
order by m.start_date desc, m.event_id;
