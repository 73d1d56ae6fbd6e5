-- The top HS chapters (first two digits of the HS6 code) by value for the filter's partners, one
-- side's statistics and one flow (parts/trade_years_filter.sql), over the years the filter's
-- dates touch: at most $limit chapters (rank 1 = largest), one row per chapter and year, with the
-- chapter's total over those years and how each year was made up. A series' year is its annual
-- product lines, or the sum of its monthly ones when it has no annual ones (never both); a year
-- with fewer than 12 months is partial. Read from trade_chapter_years (chapters per series-year).
with chapter_years as (
    select t.chapter, t.year, sum(t.value_usd) as value_usd, min(t.months) as months,
           bool_and(t.all_annual) as all_annual, bool_and(t.all_monthly) as all_monthly
    from trade_chapter_years as t
    where /*@trade_years_filter*/
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
