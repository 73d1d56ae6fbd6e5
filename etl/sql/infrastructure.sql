-- Railways, border crossings and air routes followed by the monitor.
create table infrastructure (
    project_id varchar primary key,
    name       varchar not null,
    kind       varchar not null,
    countries  varchar[] not null,
    place_id   varchar,
    summary    varchar not null,
    source_id  varchar not null
);
