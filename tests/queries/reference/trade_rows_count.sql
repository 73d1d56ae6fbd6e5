-- How many trade figures trade_rows.sql returns for the filter (same rule, no page).
select count(*) as rows
from trade as t
where t.period_end >= $start
  and t.period_start <= $end
  and (len($partners::varchar[]) = 0
       or list_contains($partners::varchar[], t.partner_iso3)
       or list_contains($partners::varchar[], t.reporter_iso3));
