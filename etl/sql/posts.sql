-- Who held which office when: heads of state and government and foreign ministers of the six states.
-- valid_to is NULL while the person still held the post at the end of the record (or the end is unknown:
-- notes say which). One person can hold a post twice: two rows.
create table posts (
    person_id      varchar not null,
    post           varchar not null check (post in ('head_of_state', 'head_of_government', 'foreign_minister')),
    country_iso3   varchar not null,
    title          varchar not null,      -- the office in words, e.g. 'Chairman of the Cabinet of Ministers'
    valid_from     date not null,
    valid_to       date,
    date_precision varchar not null check (date_precision in ('day', 'month', 'year')),
    source_id      varchar not null,
    notes          varchar,
    primary key (person_id, post, valid_from),
    check (valid_to is null or valid_to >= valid_from)
);
