-- The top HS6 products by value for the filter's partners, one side's statistics and one flow
-- (parts/trade_years_filter.sql), summed over the years the filter's dates touch (years made up
-- as in trade_top_chapters.sql; read from trade_product_years); at most $limit.
with products as (
    select t.commodity_code, sum(t.value_usd) as value_usd
    from trade_product_years as t
    where /*@trade_years_filter*/
    group by all
    order by value_usd desc, commodity_code
    limit $limit
)
select p.commodity_code, left(p.commodity_code, 2) as chapter,
       coalesce(c.description, 'HS ' || p.commodity_code) as description, p.value_usd
from products as p
left join commodities as c using (commodity_code)
order by p.value_usd desc, p.commodity_code;
