-- People, with every spelling the sources use in aliases, so one person is one row.
create table people (
    person_id    varchar primary key,
    name         varchar not null,
    name_local   varchar,
    aliases      varchar[] not null,
    country_iso3 varchar not null,
    role         varchar not null,
    source_id    varchar not null,
    notes        varchar
);
