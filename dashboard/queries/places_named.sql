-- Places one of whose gazetteer names contains $pattern (an ILIKE pattern; '\' escapes % and _):
-- curated names and aliases, Russian and other translations, transliterations (Алма-Ата, Нур-Султан,
-- Кашгар, Kashi). Compared as written and in normalised form (gazetteer.name_norm).
select distinct g.entity_id as place_id
from gazetteer as g
where g.entity_kind = 'place'
  and (g.name ilike $pattern escape '\' or g.name_norm ilike $pattern escape '\')
order by place_id;
