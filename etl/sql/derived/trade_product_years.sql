-- Derived: HS6 product values per trade series and year, as the product view counts them, for
-- both confidence settings (include_low false: main figures only; true: low-confidence too).
-- A series is one reporter, partner and flow (export or import) of China's trade. Its year is its
-- annual product lines when it has any, else the sum of its monthly ones (never both); months is
-- 12 for an annual year, else how many months reported anything (a TOTAL or an HS6 line).
-- 2- and 4-digit lines are left out: they would count the same goods again.
create table trade_product_years as
with china_trade as (
    select reporter_iso3, partner_iso3, flow, year(period_start) as year, period_kind, period_start,
           commodity_code, confidence, value_usd
    from trade
    where period_kind in ('year', 'month')
      and (commodity_code = 'TOTAL' or length(commodity_code) = 6)
      and flow in ('export', 'import')
      and (reporter_iso3 = 'CHN' or partner_iso3 = 'CHN')
),
series_years as (
    select
        reporter_iso3, partner_iso3, flow, year,
        bool_or(period_kind = 'year' and commodity_code <> 'TOTAL' and confidence = 'main') as annual_main,
        bool_or(period_kind = 'year' and commodity_code <> 'TOTAL') as annual_all,
        bit_count(bit_or(case when period_kind = 'month' and confidence = 'main'
                              then 1::integer << (month(period_start) - 1) else 0 end)) as months_main,
        bit_count(bit_or(case when period_kind = 'month'
                              then 1::integer << (month(period_start) - 1) else 0 end)) as months_all
    from china_trade
    group by all
),
variants as (
    select false as include_low, reporter_iso3, partner_iso3, flow, year,
           annual_main as annual, months_main as months_reported
    from series_years
    union all
    select true, reporter_iso3, partner_iso3, flow, year, annual_all, months_all
    from series_years
),
code_years as (
    select reporter_iso3, partner_iso3, flow, year, period_kind, confidence, commodity_code,
           sum(value_usd) as value_usd
    from china_trade
    where commodity_code <> 'TOTAL'
    group by all
)
select
    v.include_low,
    v.reporter_iso3,
    v.partner_iso3,
    v.flow,
    v.year,
    cy.commodity_code,
    sum(cy.value_usd) as value_usd,
    case when v.annual then 12 else v.months_reported end as months,
    v.annual
from code_years as cy
join variants as v using (reporter_iso3, partner_iso3, flow, year)
where cy.period_kind = case when v.annual then 'year' else 'month' end
  and (v.include_low or cy.confidence = 'main')
group by all
order by all;
