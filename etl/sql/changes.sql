-- What each vintage changed, row by row, against its parent (etl/vintages.py). row_key is the
-- row's key columns joined with '|'. A changed row has one line per changed column (old and new
-- value as text); an added or removed row has one line, column_name NULL, and the whole row as a
-- JSON object in new_value (added) or old_value (removed). Carried forward like vintages.
create table changes (
    vintage_id  varchar not null,
    table_name  varchar not null,
    row_key     varchar not null,
    change_kind varchar not null check (change_kind in ('added', 'removed', 'changed')),
    column_name varchar,
    old_value   varchar,
    new_value   varchar,
    check ((change_kind = 'changed') = (column_name is not null))
);
