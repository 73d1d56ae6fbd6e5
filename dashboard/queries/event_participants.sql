-- People at one event, with every spelling the sources use.
select p.name, ep.role_at_event, p.role, p.country_iso3, array_to_string(p.aliases, ', ') as aliases
from event_people as ep
join people as p using (person_id)
where ep.event_id = $event_id
order by p.country_iso3 = 'CHN' desc, p.name;
