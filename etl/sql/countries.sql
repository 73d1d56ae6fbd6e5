-- Countries an event or trade figure involves (ISO 3166-1 codes; UN M49 numeric code for Comtrade).
create table countries (
    iso3            varchar primary key check (regexp_full_match(iso3, '[A-Z]{3}')),
    iso2            varchar not null check (regexp_full_match(iso2, '[A-Z]{2}')),
    m49_code        integer not null unique,
    name            varchar not null,
    name_local      varchar,
    is_central_asia boolean not null,
    source_id       varchar not null
);
