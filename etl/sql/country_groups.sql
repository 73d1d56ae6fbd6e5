-- Aggregates such as CA5 (the five Central Asian states together): trade codes that are not countries.
create table country_groups (
    group_code varchar primary key,
    name       varchar not null,
    members    varchar[] not null,
    notes      varchar
);
