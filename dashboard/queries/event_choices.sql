-- Events an event picker offers: those matching the filter (parts/event_filter.sql) whose title
-- matches $pattern (an ILIKE pattern, '' for any; '\' escapes % and _), or held at a place or with a
-- participant one of whose gazetteer names, normalised, matches it (Жапаров, Кулубаев, Nur-Sultan, Алма-Ата:
-- every curated, transliterated and translated name; searches of under three characters match
-- titles only; $norm_pattern is the search normalised as gazetteer.name_norm is), newest first, at
-- most $limit.
with named as (
    select distinct g.entity_kind, g.entity_id
    from gazetteer as g
    where length($pattern) >= 5
      and g.entity_kind in ('place', 'person')
      and g.name_norm ilike $norm_pattern escape '\'
),
by_name as (
    select ep.event_id
    from event_people as ep
    join named as n on n.entity_kind = 'person' and n.entity_id = ep.person_id
    union
    select e.event_id
    from events as e
    join named as n on n.entity_kind = 'place' and n.entity_id = e.place_id
),
picked as (
    select e.seq
    from event_rows as e
    where /*@event_filter*/
      and ($pattern = ''
           or e.title ilike $pattern escape '\'
           or e.event_id in (select event_id from by_name))
    order by e.seq
    limit $limit
)
select e.event_id, e.start_date, e.title
from event_rows as e
where e.seq in (select seq from picked)
order by e.seq;
