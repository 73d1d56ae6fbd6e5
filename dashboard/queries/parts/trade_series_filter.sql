-- The product view's choice of trade series, as a condition on a row `t` of trade_product_years or
-- trade_chapter_years: the confidence setting ($include_low), the years the filter's dates touch,
-- one side's statistics ($reporter_side 'china' or 'partner') with the chosen partners ($partners;
-- none = all), and one flow. $flow is China's side: on the partner's side the same goods are the
-- opposite flow; 'total' takes exports and imports together. A query writes /*@trade_series_filter*/.
t.include_low = $include_low
and t.year between year($start::date) and year($end::date)
and (
    ($reporter_side = 'china' and t.reporter_iso3 = 'CHN'
        and (len($partners::varchar[]) = 0 or list_contains($partners::varchar[], t.partner_iso3)))
    or ($reporter_side = 'partner' and t.partner_iso3 = 'CHN'
        and (len($partners::varchar[]) = 0 or list_contains($partners::varchar[], t.reporter_iso3)))
)
and case
    when $flow = 'total' then true
    when $reporter_side = 'china' then t.flow = $flow
    else t.flow = case $flow when 'export' then 'import' else 'export' end
end
