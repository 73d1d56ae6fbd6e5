-- How many places places_rows.sql returns for the filter (same rule, no page).
select count(*) as rows
from places as p
where /*@place_filter*/;
