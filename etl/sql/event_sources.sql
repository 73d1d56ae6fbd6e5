-- No primary key index: this table can hold millions of rows and an index would cost more than the
-- whole build's checks; validation refuses a duplicate key (etl/tables.py) before anything loads.
create table event_sources (
    event_id  varchar not null,
    source_id varchar not null
);
