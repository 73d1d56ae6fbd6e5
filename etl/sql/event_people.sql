create table event_people (
    event_id      varchar not null,
    person_id     varchar not null,
    role_at_event varchar,
    primary key (event_id, person_id)
);
