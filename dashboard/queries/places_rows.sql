-- Places in the chosen countries, for the data table (one page: $limit rows after $offset) and
-- its CSV extract (a NULL $limit means all).
select place_id, name, name_local, country_iso3, kind, lat, lon, source_id, notes
from places
where len($countries::varchar[]) = 0 or list_contains($countries::varchar[], country_iso3)
order by country_iso3, place_id
limit $limit offset $offset;
