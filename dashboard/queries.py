"""Query layer: one function per `queries/*.sql` file, turning Filters into DuckDB parameters.

Imports dashboard.db and dashboard.filters; never streamlit. Every function takes a connection
first so tests can call it on a fixture database. `limit=None` means every row (for downloads);
pages pass a bound so that no view depends on the size of the database.
"""
from __future__ import annotations

import duckdb
import pandas as pd

from .db import query
from .filters import Filters, Since
from .settings import CENTRAL_ASIA

Con = duckdb.DuckDBPyConnection
BUCKETS = ("month", "quarter", "year")     # the periods events_by_period may count by


def partners(f: Filters) -> list[str]:
    """China's partners for trade queries: the chosen Central Asian states (empty = all)."""
    return [c for c in f.countries if c in CENTRAL_ASIA]


def _range(f: Filters) -> dict:
    params = f.to_params()
    return {"start": params["start"], "end": params["end"]}


def _page(limit: int | None, offset: int = 0) -> dict:
    return {"limit": None if limit is None else int(limit), "offset": max(0, int(offset))}


def _title_pattern(search: str) -> str:
    """An ILIKE pattern finding `search` anywhere in a title; its own % _ and \\ match literally."""
    text = (search or "").strip()
    if not text:
        return ""
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _product_params(f: Filters, flow: str, reporter_side: str, include_low: bool) -> dict:
    return {**_range(f), "partners": partners(f), "flow": flow, "reporter_side": reporter_side,
            "include_low": include_low}


# ---------------------------------------------------------------- the database itself

def schema_version(con: Con) -> pd.DataFrame:
    return query(con, "schema_version")


# ---------------------------------------------------------------- events

def date_extent(con: Con) -> pd.DataFrame:
    return query(con, "date_extent")


def events(con: Con, f: Filters, limit: int | None = None, offset: int = 0) -> pd.DataFrame:
    return query(con, "events", {**f.to_params(), **_page(limit, offset)})


def events_count(con: Con, f: Filters) -> pd.DataFrame:
    return query(con, "events_count", f.to_params())


def events_summary(con: Con, f: Filters) -> pd.DataFrame:
    return query(con, "events_summary", f.to_params())


def events_by_period(con: Con, f: Filters, bucket: str) -> pd.DataFrame:
    if bucket not in BUCKETS:
        raise ValueError(f"unknown bucket {bucket!r}; expected one of {BUCKETS}")
    return query(con, "events_by_period", {**f.to_params(), "bucket": bucket})


def event_choices(con: Con, f: Filters, search: str, limit: int) -> pd.DataFrame:
    return query(con, "event_choices", {**f.to_params(), "pattern": _title_pattern(search), "limit": int(limit)})


def place_events(con: Con, f: Filters, place_id: str, limit: int) -> pd.DataFrame:
    return query(con, "place_events", {**f.to_params(), "place_id": place_id, "limit": int(limit)})


def event_detail(con: Con, event_id: str) -> pd.DataFrame:
    return query(con, "event_detail", {"event_id": event_id})


def event_participants(con: Con, event_id: str) -> pd.DataFrame:
    return query(con, "event_participants", {"event_id": event_id})


def event_agreements(con: Con, event_id: str) -> pd.DataFrame:
    return query(con, "event_agreements", {"event_id": event_id})


def event_source_list(con: Con, event_id: str) -> pd.DataFrame:
    return query(con, "event_source_list", {"event_id": event_id})


# ---------------------------------------------------------------- map

def map_places(con: Con, f: Filters, limit: int | None = None) -> pd.DataFrame:
    return query(con, "map_places", {**f.to_params(), "limit": limit})


def infrastructure_paths(con: Con) -> pd.DataFrame:
    return query(con, "infrastructure_paths")


def infrastructure_milestones(con: Con, f: Filters) -> pd.DataFrame:
    return query(con, "infrastructure_milestones", {**_range(f), "countries": list(f.countries)})


# ---------------------------------------------------------------- trade

def trade_series(con: Con, f: Filters, flow: str, period_kind: str, reporter_side: str,
                 include_low: bool, limit: int | None = None) -> pd.DataFrame:
    return query(con, "trade_series", {
        **_range(f), "partners": partners(f), "flow": flow, "period_kind": period_kind,
        "reporter_side": reporter_side, "include_low": include_low, "limit": limit,
    })


def trade_mirror(con: Con, f: Filters, include_low: bool, period_kind: str | None = None,
                 limit: int | None = None) -> pd.DataFrame:
    return query(con, "trade_mirror", {**_range(f), "partners": partners(f), "include_low": include_low,
                                       "period_kind": period_kind, "limit": limit})


def trade_has_products(con: Con) -> pd.DataFrame:
    return query(con, "trade_has_products")


def trade_top_chapters(con: Con, f: Filters, flow: str, reporter_side: str, include_low: bool,
                       limit: int) -> pd.DataFrame:
    """The top `limit` HS chapters, one row per chapter and year (rank, chapter_value_usd: the total)."""
    return query(con, "trade_top_chapters", {**_product_params(f, flow, reporter_side, include_low),
                                             "limit": int(limit)})


def trade_top_products(con: Con, f: Filters, flow: str, reporter_side: str, include_low: bool,
                       limit: int) -> pd.DataFrame:
    return query(con, "trade_top_products", {**_product_params(f, flow, reporter_side, include_low),
                                             "limit": int(limit)})


def trade_rows(con: Con, f: Filters, limit: int | None = None, offset: int = 0) -> pd.DataFrame:
    return query(con, "trade_rows", {**_range(f), "partners": partners(f), **_page(limit, offset)})


def trade_rows_count(con: Con, f: Filters) -> pd.DataFrame:
    return query(con, "trade_rows_count", {**_range(f), "partners": partners(f)})


def latest_trade(con: Con, f: Filters) -> pd.DataFrame:
    return query(con, "latest_trade", {**_range(f), "partners": partners(f)})


# ---------------------------------------------------------------- places and sources

def places_rows(con: Con, f: Filters, limit: int | None = None, offset: int = 0) -> pd.DataFrame:
    return query(con, "places_rows", {"countries": list(f.countries), **_page(limit, offset)})


def places_rows_count(con: Con, f: Filters) -> pd.DataFrame:
    return query(con, "places_rows_count", {"countries": list(f.countries)})


def sources_for(con: Con, source_ids: tuple[str, ...]) -> pd.DataFrame:
    return query(con, "sources_for", {"source_ids": list(source_ids)})


def sources_for_events(con: Con, f: Filters, limit: int | None = None) -> pd.DataFrame:
    return query(con, "sources_for_events", {**f.to_params(), "limit": limit})


def sources_for_trade(con: Con, f: Filters, limit: int | None = None) -> pd.DataFrame:
    return query(con, "sources_for_trade", {**_range(f), "partners": partners(f), "limit": limit})


def sources_for_places(con: Con, f: Filters, limit: int | None = None) -> pd.DataFrame:
    return query(con, "sources_for_places", {"countries": list(f.countries), "limit": limit})


def sources_overview(con: Con, limit: int | None = None) -> pd.DataFrame:
    return query(con, "sources_overview", {"limit": limit})


def sources_count(con: Con) -> pd.DataFrame:
    return query(con, "sources_count")


# ---------------------------------------------------------------- the brief

def build_info(con: Con) -> pd.DataFrame:
    return query(con, "build_info")


def place_sources(con: Con, place_ids: tuple[str, ...]) -> pd.DataFrame:
    return query(con, "place_sources", {"place_ids": list(place_ids)})


# ---------------------------------------------------------------- vintages and changes

def _changes(f: Filters, since: Since) -> dict:
    params = f.to_params()
    return {"countries": params["countries"], "start": params["start"], "end": params["end"], **since.to_params()}


def current_vintage(con: Con) -> pd.DataFrame:
    return query(con, "current_vintage")


def vintage_list(con: Con, limit: int) -> pd.DataFrame:
    return query(con, "vintage_list", {"limit": int(limit)})


def vintage_exists(con: Con, vintage_id: str) -> pd.DataFrame:
    return query(con, "vintage_exists", {"vintage_id": vintage_id})


def changes_summary(con: Con, f: Filters, since: Since) -> pd.DataFrame:
    return query(con, "changes_summary", _changes(f, since))


def changes_rows(con: Con, f: Filters, since: Since, change_kind: str | None = None,
                 limit: int | None = None, offset: int = 0) -> pd.DataFrame:
    return query(con, "changes_rows", {**_changes(f, since), "change_kind": change_kind, **_page(limit, offset)})


def changes_rows_count(con: Con, f: Filters, since: Since, change_kind: str | None = None) -> pd.DataFrame:
    return query(con, "changes_rows_count", {**_changes(f, since), "change_kind": change_kind})


def trade_revisions(con: Con, f: Filters, since: Since, limit: int) -> pd.DataFrame:
    return query(con, "trade_revisions", {**_changes(f, since), "limit": int(limit)})
