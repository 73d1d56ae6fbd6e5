-- How many trade figures trade_rows.sql returns for the filter (same rule, no page).
select count(*) as rows
from trade as t
where /*@trade_filter*/;
