-- Every place the place filter can pick: id, name and country, ordered by name.
select pl.place_id, pl.name, c.name as country
from places as pl
left join countries as c on c.iso3 = pl.country_iso3
order by pl.name, pl.place_id;
