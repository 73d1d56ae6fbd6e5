-- Derived: one row per event as the dashboard lists and filters it, newest first. Holds what
-- would otherwise be joined on every page view: countries, people and sources as text, the place,
-- and country_bits, a bit string with a 1 at each involved country's country_bits.bit (all zero
-- when none), so "involves any chosen country" is one AND on this row instead of a join; person_ids
-- and is_bilateral (China and exactly one Central Asian state) serve the person and bilateral
-- filters the same way; seq is
-- the row's place in newest-first order (1 = latest start date; ties by event_id), one sort key.
create table event_rows as
with width as (
    select count(*)::integer as n from country_bits
),
countries_of as (
    select ec.event_id,
           string_agg(ec.country_iso3, '|' order by ec.country_iso3) as countries,
           list(b.bit) as bits,
           -- bilateral: exactly two countries, China and one Central Asian state
           count(*) = 2 and bool_or(ec.country_iso3 = 'CHN')
               and count(*) filter (where co.is_central_asia) = 1 as is_bilateral
    from event_countries as ec
    join country_bits as b using (country_iso3)
    join countries as co on co.iso3 = ec.country_iso3
    group by ec.event_id
),
people_of as (
    select ep.event_id, string_agg(p.name, '|' order by p.name) as people,
           list(ep.person_id order by ep.person_id) as person_ids
    from event_people as ep
    join people as p using (person_id)
    group by ep.event_id
),
sources_of as (
    select event_id, string_agg(source_id, '|' order by source_id) as source_ids
    from event_sources
    group by event_id
)
select
    row_number() over (order by e.start_date desc, e.event_id) as seq,
    e.event_id,
    e.start_date,
    e.end_date,
    e.date_precision,
    e.title,
    e.event_type,
    coalesce(c.countries, '') as countries,
    e.place_id,
    pl.name as place_name,
    pl.lat,
    pl.lon,
    pe.people,
    coalesce(pe.person_ids, []::varchar[]) as person_ids,
    coalesce(c.is_bilateral, false) as is_bilateral,
    e.summary,
    s.source_ids,
    nullif(array_to_string(list_transform(range(w.n),
        lambda i: case when list_contains(c.bits, i) then '1' else '0' end), ''), '')::bit as country_bits
from events as e
cross join width as w
left join countries_of as c using (event_id)
left join places as pl using (place_id)
left join people_of as pe using (event_id)
left join sources_of as s using (event_id)
order by e.start_date desc, e.event_id;
