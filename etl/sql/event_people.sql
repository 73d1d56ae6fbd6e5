-- No primary key index: this table can hold millions of rows and an index would cost more than the
-- whole build's checks; validation refuses a duplicate key (etl/tables.py) before anything loads.
create table event_people (
    event_id      varchar not null,
    person_id     varchar not null,
    role_at_event varchar
);
