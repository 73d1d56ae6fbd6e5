-- Events matching the filter (parts/event_filter.sql), newest first, with countries, place, people
-- and sources as text (event_rows holds them ready); one page of them ($limit rows after $offset;
-- a NULL $limit means all): event_rows' columns but its filter columns (seq, country_bits, person_ids,
-- is_bilateral). The page's rows
-- are found by seq first, then read whole.
with page as (
    select e.seq
    from event_rows as e
    where /*@event_filter*/
    order by e.seq
    limit $limit offset $offset
)
select e.* exclude (seq, country_bits, person_ids, is_bilateral)
from event_rows as e
where e.seq in (select seq from page)
order by e.seq;
