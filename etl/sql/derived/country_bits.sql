-- Derived (built from the loaded tables, never from input): each country's position in the
-- country bit strings of event_rows.country_bits (0 = leftmost), in iso3 order.
create table country_bits as
select iso3 as country_iso3, (row_number() over (order by iso3) - 1)::integer as bit
from countries
order by bit;
