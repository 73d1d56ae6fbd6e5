-- People at one event, with every spelling the sources use and the office each held on the event's
-- first day (posts valid then: valid_from <= start_date <= valid_to, an open valid_to runs on),
-- as "title of country" ("Minister of Foreign Affairs of Kazakhstan"); NULL when no post is known.
with e as (
    select start_date from events where event_id = $event_id
),
held as (
    select po.person_id,
           string_agg(po.title || ' of ' || c.name, '; ' order by po.post, po.valid_from) as post_at_event
    from posts as po
    join countries as c on c.iso3 = po.country_iso3
    cross join e
    where po.valid_from <= e.start_date and coalesce(po.valid_to, date '9999-12-31') >= e.start_date
    group by po.person_id
)
select p.name, h.post_at_event, ep.role_at_event, p.role, p.country_iso3,
       array_to_string(p.aliases, ', ') as aliases
from event_people as ep
join people as p using (person_id)
left join held as h using (person_id)
where ep.event_id = $event_id
order by p.country_iso3 = 'CHN' desc, p.name;
