-- Dated status changes. date_basis 'reported_by' means the status held by that date (the
-- report's date), not that it happened then.
create table infrastructure_milestones (
    milestone_id   varchar primary key,
    project_id     varchar not null,
    milestone_date date not null,
    date_precision varchar not null,
    date_basis     varchar not null check (date_basis in ('occurred', 'reported_by')),
    status         varchar not null,
    summary        varchar not null,
    event_id       varchar,
    source_id      varchar not null
);
