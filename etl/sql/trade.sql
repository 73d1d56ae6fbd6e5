-- Trade figures in US dollars, flow from the reporter's side. period_kind and months are
-- derived from the period so annual, half-year and year-to-date figures never mix;
-- period_label says the period in words (2024, 2025 H1, 2025 Jan-May, 2025-03). seq is the
-- row's place in the order the dashboard lists trade rows, which is also the order rows are
-- stored in (set by load_trade.sql).
create table trade (
    trade_id       varchar not null,   -- unique: checked by etl/build.py (CHECKED_KEYS), no index
    reporter_iso3  varchar not null,
    partner_iso3   varchar not null,
    period_start   date not null,
    period_end     date not null,
    period_kind    varchar not null,
    months         integer not null,
    period_label   varchar not null,
    flow           varchar not null check (flow in ('export', 'import', 'total')),
    commodity_code varchar not null,
    value_usd      double not null check (value_usd >= 0),
    yoy_pct        double,
    is_lower_bound boolean not null,
    confidence     varchar not null check (confidence in ('main', 'low')),
    source_id      varchar not null,
    notes          varchar,
    seq            bigint,
    check (period_end >= period_start)
);
