-- How many trade figures trade_rows.sql returns for the filter (same rule, no page), counted from
-- trade_source_periods (figures per source, reporter, partner and period).
select coalesce(sum(t.rows), 0)::bigint as rows
from trade_source_periods as t
where /*@trade_filter*/;
