-- Every trade figure in the filter (both reporters, all goods and product lines), for the data
-- table (one page: $limit rows after $offset) and its CSV extract (a NULL $limit means all).
-- A figure matches when its period overlaps the date range and China's partner in it is a
-- chosen country (or the CA5 aggregate when none is chosen).
select
    t.trade_id,
    t.reporter_iso3,
    t.partner_iso3,
    t.period_start,
    t.period_end,
    t.period_label,
    t.period_kind,
    t.flow,
    t.commodity_code,
    t.value_usd,
    t.yoy_pct,
    t.is_lower_bound,
    t.confidence,
    t.source_id,
    t.notes
from trade as t
where /*@trade_filter*/
order by t.period_start, t.reporter_iso3, t.partner_iso3, t.flow, t.commodity_code, t.trade_id
limit $limit offset $offset;
