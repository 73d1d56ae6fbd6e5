-- The product view's choice of trade series, as a condition on a row `t` of trade_product_years or
-- trade_chapter_years. Dates: the YEARS TOUCHED by [$start, $end] (every calendar year the range
-- touches, whole). Partners: trade_partners.sql; one side's statistics: trade_side.sql; the
-- confidence setting ($include_low); one flow: $flow is China's side, so on the partner's side the
-- same goods are the opposite flow, and 'total' takes exports and imports together.
-- A query writes /*@trade_years_filter*/; Filters.trade_params() gives $partners, $start, $end.
t.include_low = $include_low
and t.year between year($start::date) and year($end::date)
and /*@trade_partners*/
and /*@trade_side*/
and case
    when $flow = 'total' then true
    when $reporter_side = 'china' then t.flow = $flow
    else t.flow = case $flow when 'export' then 'import' else 'export' end
end
