-- Places one of whose gazetteer names contains $pattern (an ILIKE pattern, '' for every place; '\'
-- escapes % and _):
-- curated names and aliases, Russian and other translations, transliterations (Алма-Ата, Нур-Султан,
-- Кашгар, Kashi). Compared as written, and in normalised form with $norm_pattern (the search normalised
-- as gazetteer.name_norm is: "Jalal–Abad" with an en dash finds Jalal-Abad).
select distinct g.entity_id as place_id
from gazetteer as g
where g.entity_kind = 'place'
  and ($pattern = '' or g.name ilike $pattern escape '\' or g.name_norm ilike $norm_pattern escape '\')
order by place_id;
