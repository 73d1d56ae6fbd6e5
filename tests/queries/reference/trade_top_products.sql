-- The top HS6 products by value for the filter's partners, one side's statistics and one flow,
-- summed over the years the filter's dates touch (years made up as in trade_top_chapters.sql);
-- at most $limit.
with series_rows as (
    -- China's trade with the chosen partners in one side's statistics, years the filter touches.
    -- $flow is China's side (on the partner's side the same goods are the opposite flow);
    -- 'total' takes exports and imports together.
    select t.reporter_iso3, t.partner_iso3, t.flow, year(t.period_start) as year, t.period_kind,
           t.period_start, t.commodity_code, t.value_usd
    from trade as t
    where t.period_kind in ('year', 'month')
      and year(t.period_start) between year($start::date) and year($end::date)
      and (t.commodity_code = 'TOTAL' or length(t.commodity_code) = 6)
      and ($include_low or t.confidence = 'main')
      and (
          ($reporter_side = 'china' and t.reporter_iso3 = 'CHN'
              and (len($partners::varchar[]) = 0 or list_contains($partners::varchar[], t.partner_iso3)))
          or ($reporter_side = 'partner' and t.partner_iso3 = 'CHN'
              and (len($partners::varchar[]) = 0 or list_contains($partners::varchar[], t.reporter_iso3)))
      )
      and case
          when $flow = 'total' then t.flow in ('export', 'import')
          when $reporter_side = 'china' then t.flow = $flow
          else t.flow = case $flow when 'export' then 'import' else 'export' end
      end
),
series_lines as (
    -- Each HS6 line with what its series' year (reporter, partner, flow, year) holds: whether it
    -- has annual product lines, and how many months it reported (a month with any row counts, as
    -- a bit of a 12-bit mask).
    select
        year, period_kind, commodity_code, value_usd,
        bool_or(period_kind = 'year' and commodity_code <> 'TOTAL') over series_year as has_annual,
        bit_count(bit_or(case when period_kind = 'month' then 1::integer << (month(period_start) - 1) else 0 end)
            over series_year) as months_reported
    from series_rows
    window series_year as (partition by reporter_iso3, partner_iso3, flow, year)
),
lines as (
    -- A series' year is its annual product lines when it has any, else its monthly ones (never
    -- both). HS6 lines only: 2- and 4-digit lines would count the same goods again.
    select year, period_kind, commodity_code, value_usd,
           case when has_annual then 12 else months_reported end as months
    from series_lines
    where length(commodity_code) = 6
      and period_kind = case when has_annual then 'year' else 'month' end
),
products as (
    select commodity_code, sum(value_usd) as value_usd
    from lines
    group by all
    order by value_usd desc, commodity_code
    limit $limit
)
select p.commodity_code, left(p.commodity_code, 2) as chapter,
       coalesce(c.description, 'HS ' || p.commodity_code) as description, p.value_usd
from products as p
left join commodities as c using (commodity_code)
order by p.value_usd desc, p.commodity_code;
