-- The top HS chapters (first two digits of the HS6 code) by value for the filter's partners, one
-- side's statistics and one flow, over the years the filter's dates touch: at most $limit chapters
-- (rank 1 = largest), one row per chapter and year, with the chapter's total over those years and
-- how each year was made up. A series' year is its annual product lines, or the sum of its monthly
-- ones when it has no annual ones (never both); a year with fewer than 12 months is partial.
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
chapter_years as (
    select left(commodity_code, 2) as chapter, year, sum(value_usd) as value_usd,
           min(months) as months, bool_and(period_kind = 'year') as all_annual,
           bool_and(period_kind = 'month') as all_monthly
    from lines
    group by all
),
top_chapters as (
    select chapter, sum(value_usd) as chapter_value_usd,
           row_number() over (order by sum(value_usd) desc, chapter) as rank
    from chapter_years
    group by chapter
    order by rank
    limit $limit
)
select
    t.rank,
    t.chapter,
    coalesce(c.description, 'HS chapter ' || t.chapter) as description,
    t.chapter_value_usd,
    cy.year,
    cy.value_usd,
    cy.months,
    case
        when cy.months < 12 then 'partial year: as few as ' || cy.months || ' of 12 months reported'
        when cy.all_annual then 'annual figures'
        when cy.all_monthly then 'sums of 12 monthly figures'
        else 'annual figures and sums of 12 monthly figures'
    end as basis
from top_chapters as t
join chapter_years as cy using (chapter)
left join commodities as c on c.commodity_code = t.chapter
order by t.rank, cy.year;
