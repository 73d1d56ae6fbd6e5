-- Places to draw, each with the number of matching events held there and the titles of its five
-- latest ones (for the tooltip). At most $limit places (NULL: all): those with the most events
-- first; places_total says how many there are. Returned in place_id order.
with matching as (
    select e.place_id, count(*) as events, list(e.title order by e.start_date desc, e.event_id)[1:5] as latest_titles
    from events as e
    where e.place_id is not null
      and /*@event_filter*/
    group by e.place_id
),
drawn as (
    select
        p.place_id, p.name, p.name_local, p.country_iso3, p.kind, p.lat, p.lon,
        coalesce(m.events, 0) as events,
        array_to_string(m.latest_titles, ' · ') as event_titles,
        count(*) over () as places_total
    from places as p
    left join matching as m using (place_id)
    order by events desc, p.place_id
    limit $limit
)
select * from drawn
order by place_id;
