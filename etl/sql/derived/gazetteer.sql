-- Every name of every country, group, place and person, normalised for matching (etl/gazetteer.py
-- fills it from the loaded tables: curated names and aliases, pycountry's translations, iuliia's
-- transliterations, reversed transliterations and unambiguous surnames).
create table gazetteer (
    entity_kind  varchar not null,   -- country, group, organisation, place, person
    entity_id    varchar not null,   -- iso3, group_code, place_id or person_id
    country_iso3 varchar,            -- the entity's country (NULL for a group)
    name         varchar not null,   -- the form as written or generated
    name_norm    varchar not null,   -- casefolded, no diacritics, ё -> е, dashes and apostrophes as spaces
    origin       varchar not null,   -- name, name_local, alias, pycountry, curated, translit, surname
    is_stem      boolean not null,   -- a Russian stem, matched only with an ending (китайск-ий)
    place_kind   varchar             -- for a place: capital, city, border_crossing ... (places.kind)
);
