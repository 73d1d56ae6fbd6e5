-- Derive period_kind: 'year' is a calendar year, 'half_year' January-June, 'month' one month,
-- 'ytd' January to a later month of the same year (year to date), 'other' anything else.
insert into trade by name
with periods as (
    select
        *,
        (year(period_end) - year(period_start)) * 12
            + month(period_end) - month(period_start) + 1 as months
    from stg
)
select
    *,
    case
        when day(period_start) <> 1 or period_end <> last_day(period_end) then 'other'
        when months = 12 and month(period_start) = 1 then 'year'
        when months = 1 then 'month'
        when months = 6 and month(period_start) = 1 then 'half_year'
        when month(period_start) = 1 and year(period_end) = year(period_start) then 'ytd'
        else 'other'
    end as period_kind
from periods
order by trade_id;
