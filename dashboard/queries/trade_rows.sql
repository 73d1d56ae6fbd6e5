-- Every trade figure in the filter (both reporters, all goods and product lines), for the data
-- table (one page: $limit rows after $offset) and its CSV extract (a NULL $limit means all).
-- A figure matches when its period overlaps the date range and China's partner in it is a
-- chosen country (or the CA5 aggregate when none is chosen); parts/trade_filter.sql. Rows are
-- stored in this order (seq): the page's rows are found by seq first, then read whole.
with page as (
    select t.seq
    from trade as t
    where /*@trade_filter*/
    order by t.seq
    limit $limit offset $offset
)
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
where t.seq in (select seq from page)
order by t.seq;
