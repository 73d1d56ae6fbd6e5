-- Derived: what the record covers, so an analyst sees it before trusting an absence
-- (`python -m etl report` prints it; the Sources & method page shows it).
-- One row per figure: section, country (NULL = all), period (a year, or NULL), label, value, note.
-- "Bilateral" = the event's countries are exactly China and that one Central Asian state.
-- The record's target period for events is 2022-2025; trade cells are China-reported annual
-- figures for 2015-2025 (11 years x 3 flows per partner). Gap lists stop at 50 lines each.
create table coverage as
with ca as (
    select iso3 as country_iso3 from countries where is_central_asia
),
ev as (
    select e.event_id, e.event_type, e.place_id, e.venue_kind, year(e.start_date) as yr,
           list(ec.country_iso3 order by ec.country_iso3) as cs
    from events e
    join event_countries ec using (event_id)
    group by all
),
ev_ca as (
    select ev.*, ca.country_iso3, len(ev.cs) = 2 and list_contains(ev.cs, 'CHN') as bilateral
    from ev
    join ca on list_contains(ev.cs, ca.country_iso3)
),
years as (
    select distinct yr from ev where yr >= 2015
    union select unnest(range(2022, 2026))
),
per_country_year as (
    select 'events per country and year' as section, ca.country_iso3, y.yr as period,
           'events' as label, count(ev_ca.event_id)::double as value,
           (count(ev_ca.event_id) filter (where ev_ca.bilateral)) || ' bilateral' as note
    from ca cross join years y
    left join ev_ca on ev_ca.country_iso3 = ca.country_iso3 and ev_ca.yr = y.yr
    group by all
),
bilateral_total as (
    select 'bilateral events 2022-2025' as section, ca.country_iso3, null::integer as period,
           'bilateral events' as label,
           (count(ev_ca.event_id) filter (where ev_ca.bilateral and ev_ca.yr between 2022 and 2025))::double as value,
           'target: at least 12' as note
    from ca left join ev_ca using (country_iso3)
    group by all
),
per_type as (
    select 'events per type' as section, null as country_iso3, null::integer as period,
           event_type as label, count(*)::double as value, null as note
    from events group by event_type
),
src as (
    select e.event_id, e.event_type,
           count(distinct es.source_id) as n_sources,
           count(distinct coalesce(s.publisher, s.source_id)) as n_publishers
    from events e
    left join event_sources es using (event_id)
    left join sources s using (source_id)
    group by all
),
per_record as (
    select 'sources per event' as section, null as country_iso3, null::integer as period,
           'mean' as label, round(avg(n_sources), 2) as value, count(*) || ' events' as note from src
    union all
    select 'sources per event', null, null, 'minimum', min(n_sources)::double, null from src
    union all
    select 'sources per event', null, null, 'state visits and summits with 2+ publishers',
           (count(*) filter (where n_publishers >= 2))::double,
           'of ' || count(*) || ' visits and summits' from src where event_type in ('visit', 'summit')
),
cells as (
    select p.country_iso3 as partner_iso3, y.yr, f.flow
    from ca p
    cross join (select unnest(range(2015, 2026)) as yr) y
    cross join (select unnest(['total', 'export', 'import']) as flow) f
),
filled as (
    select c.*, count(t.trade_id) > 0 as has_any,
           count(t.trade_id) filter (where t.confidence = 'main') > 0 as has_main
    from cells c
    left join trade_totals t
      on t.reporter_iso3 = 'CHN' and t.partner_iso3 = c.partner_iso3 and t.flow = c.flow
     and t.period_kind = 'year' and year(t.period_start) = c.yr
    group by all
),
trade_cov as (
    select 'China-reported annual trade cells 2015-2025' as section, partner_iso3 as country_iso3,
           null::integer as period, 'cells filled' as label,
           (count(*) filter (where has_any))::double as value,
           'of ' || count(*) || ' (' || count(*) filter (where has_main) || ' with a main-confidence figure)' as note
    from filled group by all
),
totals as (
    select 'record' as section, null as country_iso3, null::integer as period, label, value, null as note
    from (
        select 1 as o, 'events' as label, (select count(*) from events)::double as value
        union all select 2, 'events 2022-2025', (select count(*) from events where year(start_date) between 2022 and 2025)
        union all select 3, 'agreements', (select count(*) from agreements)
        union all select 4, 'sources', (select count(*) from sources)
        union all select 5, 'places', (select count(*) from places)
        union all select 6, 'people', (select count(*) from people)
        union all select 7, 'posts', (select count(*) from posts)
        union all select 8, 'partnerships', (select count(*) from partnerships)
        union all select 9, 'infrastructure milestones', (select count(*) from infrastructure_milestones)
        union all select 10, 'trade figures', (select count(*) from trade)
    )
),
gap_lines as (
    select 'gaps' as section, partner_iso3 as country_iso3, yr as period,
           'no China-reported annual figure' as label, null::double as value, flow as note,
           row_number() over (order by partner_iso3, yr, flow) as n
    from filled where not has_any
    union all
    select 'gaps', country_iso3, period, 'no event involving this country', null, null,
           row_number() over (order by country_iso3, period)
    from per_country_year where value = 0 and period between 2022 and 2025
    union all
    select 'gaps', country_iso3, null, 'fewer than 12 bilateral events in 2022-2025', value, null,
           row_number() over (order by country_iso3)
    from bilateral_total where value < 12
    union all
    select 'gaps', null, yr, 'in-person event without a place', null, event_id,
           row_number() over (order by event_id)
    from ev where venue_kind = 'in_person' and place_id is null
    union all
    select 'gaps', null, null, 'state visit or summit with one publisher', null, event_id,
           row_number() over (order by event_id)
    from src where event_type in ('visit', 'summit') and n_publishers < 2
)
select section, country_iso3, period, label, value, note from totals
union all select * from per_country_year
union all select * from bilateral_total
union all select * from per_type
union all select * from per_record
union all select * from trade_cov
union all select section, country_iso3, period, label, value, note from gap_lines where n <= 50
union all select 'gap counts', null, null, label, count(*)::double, null from gap_lines group by label
order by section, country_iso3 nulls first, period nulls first, label, note;
