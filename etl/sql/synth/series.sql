-- One row per (reporter, partner, period, flow) of the export: China reporting its trade with each
-- Central Asian state and each state reporting its trade with China; exports and imports; 16 years
-- (freqCode A) and their 192 months (M). usd: the series' total in US$, from rough real orders of
-- magnitude: China-reported 2024 levels, a year index, the partner's mirror factor (Kyrgyzstan
-- records about a quarter of what China says it exports there), seasonality and lognormal noise.
-- side: whose goods ('cn' China's exports, 'ca' Central Asia's). row_weight: how many product
-- lines the series gets, relative to the others (bigger and annual series list more products).
create temp table syn_series as
with levels(iso3, cn_exports, cn_imports, mirror_of_cn_exports, mirror_of_cn_imports) as (
    values ('KAZ', 24.0e9, 20.0e9, 0.60, 0.90),
           ('KGZ', 22.0e9, 0.08e9, 0.25, 0.95),
           ('TJK', 3.8e9, 0.15e9, 0.55, 0.90),
           ('TKM', 1.2e9, 9.5e9, 0.80, 0.85),
           ('UZB', 13.0e9, 3.0e9, 0.80, 0.90)
),
years(year, idx) as (
    values (2010, 0.45), (2011, 0.55), (2012, 0.60), (2013, 0.65), (2014, 0.62), (2015, 0.45),
           (2016, 0.42), (2017, 0.50), (2018, 0.55), (2019, 0.60), (2020, 0.55), (2021, 0.65),
           (2022, 0.80), (2023, 0.98), (2024, 1.00), (2025, 1.05)
),
china as (
    select m49_code::integer as code, iso3, name from base_countries where iso3 = 'CHN'
),
partners as (
    select c.m49_code::integer as code, c.iso3, c.name, l.*
    from base_countries c
    join levels l using (iso3)
    where c.is_central_asia = 'true'
),
flows as (
    select ch.code as reporter_code, ch.iso3 as reporter_iso3, ch.name as reporter_name,
           p.code as partner_code, p.iso3 as partner_iso3, p.name as partner_name,
           f.flow, if(f.flow = 'X', p.cn_exports, p.cn_imports) as usd_2024,
           if(f.flow = 'X', 'cn', 'ca') as side
    from china ch, partners p, (values ('X'), ('M')) f(flow)
    union all
    select p.code, p.iso3, p.name, ch.code, ch.iso3, ch.name,
           f.flow, if(f.flow = 'M', p.cn_exports * p.mirror_of_cn_exports,
                                    p.cn_imports * p.mirror_of_cn_imports),
           if(f.flow = 'M', 'cn', 'ca')
    from china ch, partners p, (values ('X'), ('M')) f(flow)
),
periods as (
    select year, 'A' as freq, null::integer as month, idx as share from years
    union all
    -- months: a twelfth of the year, lower in January-February, higher towards December
    select y.year, 'M', m.month, y.idx * (1 + 0.12 * sin(2 * pi() * (m.month - 4) / 12)) / 12
    from years y, (select unnest(range(1, 13)) as month) m
),
numbered as (
    select
        row_number() over (order by f.reporter_code, f.partner_code, p.freq, p.year, p.month, f.flow)
            as series_id,
        f.*, p.year, p.freq, p.month, f.usd_2024 * p.share as usd_expected
    from flows f, periods p
)
select
    series_id, reporter_code, reporter_iso3, reporter_name, partner_code, partner_iso3, partner_name,
    flow, side, year, freq, month,
    usd_expected * exp(0.15 * syn_normal($seed, 'series', series_id)) as usd,
    pow(usd_expected, 0.35) * if(freq = 'A', 2, 1) as row_weight
from numbered
order by series_id;
