-- Places in the chosen countries (parts/place_filter.sql), for the data table (one page: $limit rows after $offset) and
-- its CSV extract (a NULL $limit means all).
select p.place_id, p.name, p.name_local, p.country_iso3, p.kind, p.lat, p.lon, p.source_id, p.notes
from places as p
where /*@place_filter*/
order by p.country_iso3, p.place_id
limit $limit offset $offset;
