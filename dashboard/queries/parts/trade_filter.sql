-- The filter's rule for trade figures, as a condition on a row `t` of trade or
-- trade_source_periods: its period overlaps [$start, $end] and China's partner in it is a chosen
-- country ($partners; none chosen = every figure). A query writes /*@trade_filter*/.
t.period_end >= $start
and t.period_start <= $end
and (len($partners::varchar[]) = 0
     or list_contains($partners::varchar[], t.partner_iso3)
     or list_contains($partners::varchar[], t.reporter_iso3))
