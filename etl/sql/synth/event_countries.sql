-- China plus n_countries (1-3) Central Asian states per event: the state of the event's place first
-- when it is Central Asian, the rest by weighted sampling without replacement (Efraimidis-Spirakis:
-- the smallest -ln(u) / weight win).
create temp table syn_event_countries as
with central_asia as (
    select
        iso3,
        case iso3 when 'KAZ' then 30 when 'UZB' then 25 when 'KGZ' then 22 when 'TJK' then 12 else 11 end as w
    from base_countries
    where is_central_asia = 'true'
),
ranked as (
    select
        e.n, e.event_id, c.iso3 as country_iso3, e.n_countries,
        row_number() over (
            partition by e.n
            order by coalesce(c.iso3 = e.place_country, false) desc,
                     -ln(syn_u($seed, 'country/' || c.iso3, e.n)) / c.w, c.iso3
        ) as pick
    from syn_events e
    cross join central_asia c
)
select n, event_id, 'CHN' as country_iso3 from syn_events
union all
select n, event_id, country_iso3 from ranked where pick <= n_countries;
