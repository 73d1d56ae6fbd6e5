-- Derived: how many trade figures each source gives per reporter, partner and period: enough to
-- count the trade rows in a filter and find their sources without reading every row.
create table trade_source_periods as
select source_id, reporter_iso3, partner_iso3, period_start, period_end, count(*) as rows
from trade
group by all
order by all;
