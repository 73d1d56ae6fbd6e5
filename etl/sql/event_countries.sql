create table event_countries (
    event_id     varchar not null,
    country_iso3 varchar not null,
    primary key (event_id, country_iso3)
);
