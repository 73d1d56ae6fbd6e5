-- Trade between China and the chosen partners in the filter's dates (parts/trade_filter.sql), as
-- reported by one side (parts/trade_side.sql: $reporter_side 'china' = China's statistics,
-- 'partner' = the Central Asian state's own), for one flow and
-- one kind of period; at most $limit figures (NULL: all). Product lines are excluded: value is
-- for all goods (commodity TOTAL). $flow is China's side of the flow: on the partner's side the
-- same goods are the opposite flow (China's exports to X are X's imports from China).
select
    t.trade_id,
    case when t.reporter_iso3 = 'CHN' then t.partner_iso3 else t.reporter_iso3 end as partner_iso3,
    t.reporter_iso3,
    t.period_start,
    t.period_end,
    t.period_label,
    t.period_kind,
    t.flow,
    t.value_usd,
    t.yoy_pct,
    t.is_lower_bound,
    t.confidence,
    t.source_id,
    coalesce(s.publisher || ': ', '') || s.title as source
from trade_totals as t
join sources as s using (source_id)
where t.commodity_code = 'TOTAL'
  and t.period_kind = $period_kind
  and /*@trade_filter*/
  and /*@trade_side*/
  and t.flow = case
      when $reporter_side = 'china' then $flow
      else case $flow when 'export' then 'import' when 'import' then 'export' else 'total' end
  end
  and ($include_low or t.confidence = 'main')
order by partner_iso3, t.period_start, t.period_end, t.trade_id
limit $limit;
