-- Derive period_kind: 'year' is a calendar year, 'half_year' January-June, 'month' one month,
-- 'ytd' January to a later month of the same year (year to date), 'other' anything else;
-- and period_label, the period in words; number the rows (seq) in the order the dashboard lists
-- them, and store them in that order, so a page of them reads few row groups.
insert into trade by name
with periods as (
    select
        *,
        (year(period_end) - year(period_start)) * 12
            + month(period_end) - month(period_start) + 1 as months
    from stg
),
kinds as (
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
)
select
    *,
    case period_kind
        when 'year' then strftime(period_start, '%Y')
        when 'half_year' then strftime(period_start, '%Y') || ' H1'
        when 'ytd' then strftime(period_start, '%Y') || ' Jan–' || strftime(period_end, '%b')
        when 'month' then strftime(period_start, '%Y-%m')
        else strftime(period_start, '%Y-%m-%d') || ' – ' || strftime(period_end, '%Y-%m-%d')
    end as period_label,
    row_number() over (order by period_start, reporter_iso3, partner_iso3, flow, commodity_code, trade_id) as seq
from kinds
order by seq;
