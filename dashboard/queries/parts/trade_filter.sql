-- The filter's rule for trade figures, as a condition on a row `t` of trade, trade_totals or
-- trade_source_periods. Dates: the figure's period OVERLAPS [$start, $end] (ends included).
-- Partners: trade_partners.sql. A query writes /*@trade_filter*/; Filters.trade_params() gives
-- the parameters.
t.period_end >= $start
and t.period_start <= $end
and /*@trade_partners*/
