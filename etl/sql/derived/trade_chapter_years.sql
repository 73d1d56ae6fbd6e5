-- Derived: trade_product_years summed to HS chapters (the code's first two digits) per series and
-- year; months is the fewest months of any line, annual/monthly whether every line is one kind.
create table trade_chapter_years as
select
    include_low, reporter_iso3, partner_iso3, flow, year,
    left(commodity_code, 2) as chapter,
    sum(value_usd) as value_usd,
    min(months) as months,
    bool_and(annual) as all_annual,
    bool_and(not annual) as all_monthly
from trade_product_years
group by all
order by all;
