-- Agreements and documents signed, issued or announced at an event.
create table agreements (
    agreement_id varchar primary key,
    event_id     varchar not null,
    title        varchar not null,
    kind         varchar not null,
    parties      varchar[] not null,
    summary      varchar,
    source_id    varchar not null,
    documents_count integer check (documents_count >= 1)   -- documents signed, where a source gives the number
);
