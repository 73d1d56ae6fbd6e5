-- The filter's rule for China's partner in a trade figure, as a condition on a row `t` with
-- reporter_iso3 and partner_iso3: either side is a chosen country ($partners: the chosen Central
-- Asian states; none chosen = every figure, the CA5 aggregate included). No dates here: the date
-- rule is trade_filter.sql's (periods overlap) or trade_years_filter.sql's (years touched).
len($partners::varchar[]) = 0
or list_contains($partners::varchar[], t.partner_iso3)
or list_contains($partners::varchar[], t.reporter_iso3)
