-- The most recent all-goods trade figure in the filter (latest period end; totals first).
select t.*, coalesce(s.publisher, s.title) as source
from trade_totals as t
join sources as s using (source_id)
where t.commodity_code = 'TOTAL'
  and t.confidence = 'main'
  and t.period_end >= $start
  and t.period_start <= $end
  and (len($partners::varchar[]) = 0
       or list_contains($partners::varchar[], t.partner_iso3)
       or list_contains($partners::varchar[], t.reporter_iso3))
order by t.period_end desc, t.flow = 'total' desc, t.months desc, t.reporter_iso3 = 'CHN' desc, t.trade_id
limit 1;
