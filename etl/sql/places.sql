-- Places with WGS84 coordinates in decimal degrees; source_id is where the coordinates come from.
create table places (
    place_id     varchar primary key,
    name         varchar not null,
    name_local   varchar,
    aliases      varchar[] not null,     -- other names and spellings (Cyrillic, Chinese, former names)
    country_iso3 varchar not null,
    kind         varchar not null,
    lat          double not null check (lat between -90 and 90),
    lon          double not null check (lon between -180 and 180),
    source_id    varchar not null,
    notes        varchar
);
