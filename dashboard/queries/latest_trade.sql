-- The most recent all-goods trade figure in the filter (parts/trade_filter.sql; latest period end;
-- totals first).
select t.*, coalesce(s.publisher, s.title) as source
from trade_totals as t
join sources as s using (source_id)
where t.commodity_code = 'TOTAL'
  and t.confidence = 'main'
  and /*@trade_filter*/
order by t.period_end desc, t.flow = 'total' desc, t.months desc, t.reporter_iso3 = 'CHN' desc, t.trade_id
limit 1;
