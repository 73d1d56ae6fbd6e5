-- The history of the data: one row per build of new inputs (a vintage), carried forward from the
-- database each build replaces. vintage_id is the first 12 hex digits of inputs_hash (with -2, -3
-- ... when the same inputs come back after others); parent_id is the vintage it was compared with
-- (NULL for the first of a history). built_at is UTC.
create table vintages (
    vintage_id  varchar primary key,
    built_at    timestamp not null,
    inputs_hash varchar not null,
    parent_id   varchar
);
