-- A project's path as an ordered list of places (seq 1 = first point).
create table infrastructure_route (
    project_id varchar not null,
    seq        integer not null,
    place_id   varchar not null,
    source_id  varchar not null,
    notes      varchar,
    primary key (project_id, seq)
);
