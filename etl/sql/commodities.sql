-- HS product codes seen in imported trade lines, with the description the export gave.
create table commodities (
    commodity_code varchar primary key,
    description    varchar not null
);
