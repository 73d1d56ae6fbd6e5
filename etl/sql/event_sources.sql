create table event_sources (
    event_id  varchar not null,
    source_id varchar not null,
    primary key (event_id, source_id)
);
