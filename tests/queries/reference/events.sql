-- Events matching the filter, newest first, with countries, place, people and sources as text;
-- one page of them ($limit rows after $offset; a NULL $limit means all).
-- An event matches when its dates overlap the range and it involves any chosen country.
-- The page is cut before the text columns are built, so a page costs the same on any table size.
with matching as (
    select e.event_id, e.start_date, e.end_date, e.date_precision, e.title, e.event_type, e.place_id, e.summary
    from events as e
    where /*@event_filter*/
    order by e.start_date desc, e.event_id
    limit $limit offset $offset
),
countries_text as (
    select event_id, string_agg(country_iso3, '|' order by country_iso3) as countries
    from event_countries
    where event_id in (select event_id from matching)
    group by event_id
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
    coalesce(ct.countries, '') as countries,
    m.place_id,
    pl.name as place_name,
    pl.lat,
    pl.lon,
    pt.people,
    m.summary,
    st.source_ids
from matching as m
left join places as pl using (place_id)
left join countries_text as ct using (event_id)
left join people_text as pt using (event_id)
left join sources_text as st using (event_id)
order by m.start_date desc, m.event_id;
