-- The source of each place in $place_ids (where its coordinates come from): place_id, name, source_id.
select p.place_id, p.name, p.source_id
from places as p
where list_contains($place_ids::varchar[], p.place_id)
order by p.place_id;
