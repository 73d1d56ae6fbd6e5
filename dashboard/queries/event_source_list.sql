-- The sources behind one event.
select s.source_id, s.publisher, s.title, s.published_date, s.url, r.title as reprinted_from_title
from event_sources as es
join sources as s using (source_id)
left join sources as r on r.source_id = s.reprinted_in
where es.event_id = $event_id
order by s.published_date nulls last, s.source_id;
