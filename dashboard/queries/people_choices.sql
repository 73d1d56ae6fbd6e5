-- Everyone the person filter can pick: id, name and country, ordered by name (the people table is
-- small: the offices of six states, and whoever else the events name).
select p.person_id, p.name, c.name as country
from people as p
left join countries as c on c.iso3 = p.country_iso3
order by p.name, p.person_id;
