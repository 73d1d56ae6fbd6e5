-- Derived, for the dashboard: one row per row a vintage added, changed or removed, with what the
-- filter needs (its countries and dates, taken when the change was recorded: from the new row,
-- or the old one when removed) and a short label. Carried forward like changes.
create table change_scope (
    vintage_id  varchar not null,
    table_name  varchar not null,
    row_key     varchar not null,
    change_kind varchar not null,
    countries   varchar[] not null,   -- [] when the row has none of its own
    first_date  date,                 -- NULL when the row has no dates
    last_date   date,                 -- NULL: open-ended (or no dates)
    label       varchar not null,
    source_id   varchar               -- the row's source_id (the new row's; the old one's when removed); NULL for events
);
