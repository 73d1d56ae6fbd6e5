-- What is traded: commodity groups as the sources describe them (exporter -> importer).
create table trade_composition (
    composition_id varchar primary key,
    exporter_code  varchar not null,
    importer_code  varchar not null,
    period_start   date not null,
    period_end     date not null,
    commodity      varchar not null,
    value_usd      double check (value_usd >= 0),
    yoy_pct        double,
    reported_by    varchar not null,
    is_lower_bound boolean not null,
    confidence     varchar not null,
    source_id      varchar not null,
    notes          varchar
);
