-- Each Central Asian state's partnership with China over time, in the sources' own words, and the
-- event where it was announced or upgraded. valid_to is NULL for the level in force at the end of the record.
create table partnerships (
    partnership_id varchar primary key,
    country_iso3   varchar not null,
    level          varchar not null,
    valid_from     date not null,
    valid_to       date,
    date_precision varchar not null check (date_precision in ('day', 'month', 'year')),
    event_id       varchar,
    source_id      varchar not null,
    notes          varchar,
    check (valid_to is null or valid_to >= valid_from)
);
