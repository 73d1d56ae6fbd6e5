-- First and last dates in the data, for the date filter's bounds.
select
    least(min(e.start_date), (select min(period_start) from trade)) as first_date,
    greatest(max(e.end_date), (select max(period_end) from trade)) as last_date
from events as e;
