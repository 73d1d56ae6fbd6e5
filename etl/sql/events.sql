-- Meetings, dialogues, summits, visits, signings and infrastructure milestones.
-- A month- or year-precision event starts on the 1st and ends on the last day of that month/year.
-- No primary key index: this table can hold millions of rows and an index would cost more than the
-- whole build's checks; validation refuses a duplicate key (etl/tables.py) before anything loads.
create table events (
    event_id       varchar not null,      -- unique (validated; see above)
    start_date     date not null,
    end_date       date not null,
    date_precision varchar not null check (date_precision in ('day', 'month', 'year')),
    title          varchar not null,
    event_type     varchar not null,
    place_id       varchar,               -- set only when venue_kind = 'in_person'
    venue_kind     varchar not null check (venue_kind in ('in_person', 'virtual', 'phone', 'none')),
    summary        varchar not null,
    notes          varchar,
    check (end_date >= start_date)
);
