-- Each chosen Central Asian state's partnership levels with China over time (parts/partnership_filter.sql),
-- in the sources' words, with the event where each was announced (NULL when none is recorded).
-- valid_to NULL = in force at the end of the record. Ordered by country name, then from the oldest.
select p.country_iso3, c.name as country, p.level, p.valid_from, p.valid_to, p.date_precision,
       p.event_id, e.title as event_title, p.source_id
from partnerships as p
join countries as c on c.iso3 = p.country_iso3
left join events as e using (event_id)
where /*@partnership_filter*/
order by c.name, p.valid_from;
