-- The vintages whose changes the analyst asked for ("since"), as a list of vintage ids. The chain
-- runs from the database's own vintage (build_info) back through parent_id. With $since_vintage:
-- the vintages after it; with $since_date: those built on or after that day (UTC); with neither:
-- the database's own vintage only (what changed since the previous one). An unknown vintage gives
-- none. A query writes `s.vintage_id in /*@since_vintages*/`.
with recursive chain(vintage_id, parent_id, depth) as (
    select v.vintage_id, v.parent_id, 0
    from vintages as v
    where v.vintage_id = (select max(value) filter (where key = 'vintage_id') from build_info)
    union all
    select v.vintage_id, v.parent_id, c.depth + 1
    from vintages as v
    join chain as c on v.vintage_id = c.parent_id
    where c.depth < 100000
)
select c.vintage_id
from chain as c
join vintages as v using (vintage_id)
where case
    when $since_vintage::varchar is not null
        then c.depth < (select min(depth) from chain where vintage_id = $since_vintage::varchar)
    when $since_date::date is not null then v.built_at >= $since_date::date
    else c.depth = 0
end
