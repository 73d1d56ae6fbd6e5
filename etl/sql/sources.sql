-- Every report, page or dataset a row rests on. published_date is the first day of its
-- month or year when date_precision says so.
create table sources (
    source_id      varchar primary key,
    publisher      varchar,
    title          varchar not null,
    published_date date,
    date_precision varchar check (date_precision in ('day', 'month', 'year')),
    url            varchar,
    language       varchar not null,
    kind           varchar not null,
    reprinted_in   varchar,
    notes          varchar
);
