"""Query layer: one function per `queries/*.sql` file, turning Filters into DuckDB parameters.

Imports dashboard.db and dashboard.filters; never streamlit. Every function takes a connection
first so tests can call it on a fixture database.
"""
from __future__ import annotations

import duckdb
import pandas as pd

from .db import query
from .filters import Filters
from .settings import CENTRAL_ASIA

Con = duckdb.DuckDBPyConnection


def partners(f: Filters) -> list[str]:
    """China's partners for trade queries: the chosen Central Asian states (empty = all)."""
    return [c for c in f.countries if c in CENTRAL_ASIA]


def _range(f: Filters) -> dict:
    params = f.to_params()
    return {"start": params["start"], "end": params["end"]}


def date_extent(con: Con) -> pd.DataFrame:
    return query(con, "date_extent")


def events(con: Con, f: Filters) -> pd.DataFrame:
    return query(con, "events", f.to_params())


def event_detail(con: Con, event_id: str) -> pd.DataFrame:
    return query(con, "event_detail", {"event_id": event_id})


def event_participants(con: Con, event_id: str) -> pd.DataFrame:
    return query(con, "event_participants", {"event_id": event_id})


def event_agreements(con: Con, event_id: str) -> pd.DataFrame:
    return query(con, "event_agreements", {"event_id": event_id})


def event_source_list(con: Con, event_id: str) -> pd.DataFrame:
    return query(con, "event_source_list", {"event_id": event_id})


def map_places(con: Con, f: Filters) -> pd.DataFrame:
    return query(con, "map_places", f.to_params())


def infrastructure_paths(con: Con) -> pd.DataFrame:
    return query(con, "infrastructure_paths")


def infrastructure_milestones(con: Con, f: Filters) -> pd.DataFrame:
    return query(con, "infrastructure_milestones", {**_range(f), "countries": list(f.countries)})


def trade_series(con: Con, f: Filters, flow: str, period_kind: str, reporter_side: str,
                 include_low: bool) -> pd.DataFrame:
    return query(con, "trade_series", {
        **_range(f), "partners": partners(f), "flow": flow, "period_kind": period_kind,
        "reporter_side": reporter_side, "include_low": include_low,
    })


def trade_mirror(con: Con, f: Filters, include_low: bool) -> pd.DataFrame:
    return query(con, "trade_mirror", {**_range(f), "partners": partners(f), "include_low": include_low})


def trade_rows(con: Con, f: Filters) -> pd.DataFrame:
    return query(con, "trade_rows", {**_range(f), "partners": partners(f)})


def latest_trade(con: Con, f: Filters) -> pd.DataFrame:
    return query(con, "latest_trade", {**_range(f), "partners": partners(f)})


def places_rows(con: Con, f: Filters) -> pd.DataFrame:
    return query(con, "places_rows", {"countries": list(f.countries)})


def sources_for(con: Con, source_ids: tuple[str, ...]) -> pd.DataFrame:
    return query(con, "sources_for", {"source_ids": list(source_ids)})


def sources_overview(con: Con) -> pd.DataFrame:
    return query(con, "sources_overview")
