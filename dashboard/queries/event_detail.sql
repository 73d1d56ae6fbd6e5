-- One event with its place.
select e.*, p.name as place_name, p.country_iso3 as place_country
from events as e
left join places as p using (place_id)
where e.event_id = $event_id;
