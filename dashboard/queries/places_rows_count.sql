-- How many places places_rows.sql returns for the filter (same rule, no page).
select count(*) as rows
from places
where len($countries::varchar[]) = 0 or list_contains($countries::varchar[], country_iso3);
