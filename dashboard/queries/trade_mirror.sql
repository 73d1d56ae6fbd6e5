-- China-reported versus partner-reported figures for the same flow and period, for one kind of
-- period ($period_kind; NULL: all kinds), China's figure in the filter (parts/trade_filter.sql);
-- at most $limit pairs (NULL: all).
-- China's exports to X are X's imports from China (and the reverse); totals match totals.
with china as (
    select t.* from trade_totals as t
    where t.reporter_iso3 = 'CHN' and t.commodity_code = 'TOTAL' and ($include_low or t.confidence = 'main')
      and ($period_kind is null or t.period_kind = $period_kind)
      and /*@trade_filter*/
),
partner as (
    select * from trade_totals
    where partner_iso3 = 'CHN' and commodity_code = 'TOTAL' and ($include_low or confidence = 'main')
)
select
    c.partner_iso3,
    c.period_label,
    c.period_kind,
    c.period_start,
    c.period_end,
    c.flow as flow_china_side,
    c.value_usd as china_reported_usd,
    p.value_usd as partner_reported_usd,
    c.value_usd - p.value_usd as gap_usd,
    (c.value_usd - p.value_usd) / nullif(p.value_usd, 0) * 100 as gap_pct,
    c.source_id as china_source_id,
    p.source_id as partner_source_id,
    c.confidence = 'low' or p.confidence = 'low' as low_confidence
from china as c
join partner as p
  on p.reporter_iso3 = c.partner_iso3
 and p.period_start = c.period_start
 and p.period_end = c.period_end
 and p.flow = case c.flow when 'export' then 'import' when 'import' then 'export' else 'total' end
order by c.partner_iso3, c.period_start, c.period_end, flow_china_side, china_source_id, partner_source_id
limit $limit;
