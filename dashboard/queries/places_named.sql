-- Places one of whose gazetteer names contains $pattern (an ILIKE pattern, '' for every place; '\'
-- escapes % and _):
-- curated names and aliases, Russian and other translations, transliterations (Алма-Ата, Нур-Султан,
-- Кашгар, Kashi), compared in normalised form: gazetteer.name_norm against $norm_pattern, the search
-- normalised the same way ("Jalal–Abad" with an en dash, "BIŠKEK" find Jalal-Abad and Bishkek).
select distinct g.entity_id as place_id
from gazetteer as g
where g.entity_kind = 'place'
  and ($pattern = '' or g.name_norm ilike $norm_pattern escape '\')
order by place_id;
