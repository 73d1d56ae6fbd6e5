"""Query layer: one function per `queries/<name>.sql` file, returning a `Query` value (the file's name
and its bound parameters) that runs nothing; dashboard.db runs it, dashboard.ui caches it.

Imports dashboard.filters, dashboard.settings and its own query module: never duckdb, pandas or a
connection. Every filter condition lives in a shared part (queries/parts/*.sql) whose parameters
`Filters` gives (event_params, trade_params, place_params, milestone_params, change_params, partnership_params). `limit=None` means
every row (for downloads); pages pass a bound so that no view depends on the size of the database.
"""
from __future__ import annotations

import re
import unicodedata

from ..filters import Filters, Since
from .query import Query, bind, expand, sql_text  # noqa: F401  (Query, expand, sql_text: for db, ui and tests)

BUCKETS = ("month", "quarter", "year")     # the periods events_by_period may count by


def _page(limit: int | None, offset: int) -> dict:
    return {"limit": None if limit is None else int(limit), "offset": max(0, int(offset))}


def _title_pattern(search: str) -> str:
    """An ILIKE pattern finding `search` anywhere in a title; its own % _ and \\ match literally."""
    text = (search or "").strip()
    if not text:
        return ""
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


# The gazetteer's matching form (etl.gazetteer.normalise, which this layer may not import; a test holds
# the two equal): casefold, no diacritics, ё -> е, dashes and apostrophes as spaces, one space.
_DASHES = "-‐‑‒–—―−"


def _normalised(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.casefold())
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = unicodedata.normalize("NFC", text)
    text = re.sub(f"[{_DASHES}'’ʼ‘`´\u00a0_]", " ", text)
    return " ".join(text.split())


def _name_pattern(search: str) -> str:
    """The pattern for gazetteer.name_norm: the search in the same normalised form, so that
    "Jalal–Abad" (an en dash), "JALAL  ABAD" or "Biškek" find what "Jalal-Abad" and "Bishkek" do."""
    return _title_pattern(_normalised(search))


# ---------------------------------------------------------------- the database itself

def schema_version() -> Query:
    """queries/schema_version.sql: the table layout the database was built with."""
    return bind("schema_version")


# ---------------------------------------------------------------- events

def date_extent() -> Query:
    """queries/date_extent.sql: first and last dates in the data."""
    return bind("date_extent")


def people_choices() -> Query:
    """queries/people_choices.sql: everyone the person filter lists, by name, with their country."""
    return bind("people_choices")


def place_choices() -> Query:
    """queries/place_choices.sql: every place the place filter lists, by name, with its country."""
    return bind("place_choices")


def events(f: Filters, *, limit: int | None = None, offset: int = 0) -> Query:
    """queries/events.sql: the filter's events, newest first, one page of them."""
    return bind("events", **f.event_params(), **_page(limit, offset))


def events_count(f: Filters) -> Query:
    """queries/events_count.sql: how many events match the filter."""
    return bind("events_count", **f.event_params())


def events_summary(f: Filters) -> Query:
    """queries/events_summary.sql: headline figures of the filter's events (one row)."""
    return bind("events_summary", **f.event_params())


def events_by_period(f: Filters, *, bucket: str) -> Query:
    """queries/events_by_period.sql: the filter's events counted per `bucket` (see BUCKETS)."""
    if bucket not in BUCKETS:
        raise ValueError(f"unknown bucket {bucket!r}; expected one of {BUCKETS}")
    return bind("events_by_period", **f.event_params(), bucket=bucket)


def event_choices(f: Filters, *, search: str, limit: int) -> Query:
    """queries/event_choices.sql: the newest events of the filter whose title contains `search`, or with a
    participant or place one of whose gazetteer names contains it (Жапаров, Nur-Sultan)."""
    return bind("event_choices", **f.event_params(), pattern=_title_pattern(search),
                norm_pattern=_name_pattern(search), limit=int(limit))


def place_events(f: Filters, *, place_id: str, limit: int) -> Query:
    """queries/place_events.sql: the newest events of the filter held at one place."""
    return bind("place_events", **f.event_params(), place_id=place_id, limit=int(limit))


def event_detail(event_id: str) -> Query:
    """queries/event_detail.sql: one event with its place."""
    return bind("event_detail", event_id=event_id)


def event_participants(event_id: str) -> Query:
    """queries/event_participants.sql: the people at one event."""
    return bind("event_participants", event_id=event_id)


def event_agreements(event_id: str) -> Query:
    """queries/event_agreements.sql: the documents signed at one event."""
    return bind("event_agreements", event_id=event_id)


def event_source_list(event_id: str) -> Query:
    """queries/event_source_list.sql: the sources behind one event."""
    return bind("event_source_list", event_id=event_id)


def partnerships(f: Filters) -> Query:
    """queries/partnerships.sql: the chosen states' partnership levels with China over time."""
    return bind("partnerships", **f.partnership_params())


def coverage() -> Query:
    """queries/coverage.sql: the ETL's coverage report (what the record covers, and its gaps)."""
    return bind("coverage")


# ---------------------------------------------------------------- map

def places_named(*, search: str) -> Query:
    """queries/places_named.sql: the places one of whose names (any language or spelling) contains `search`."""
    return bind("places_named", pattern=_title_pattern(search), norm_pattern=_name_pattern(search))


def map_places(f: Filters, *, limit: int | None = None) -> Query:
    """queries/map_places.sql: places to draw, with the filter's events at each."""
    return bind("map_places", **f.event_params(), limit=limit)


def infrastructure_paths() -> Query:
    """queries/infrastructure_paths.sql: each infrastructure route as a path."""
    return bind("infrastructure_paths")


def infrastructure_milestones(f: Filters) -> Query:
    """queries/infrastructure_milestones.sql: status milestones in the filter."""
    return bind("infrastructure_milestones", **f.milestone_params())


# ---------------------------------------------------------------- trade

def trade_series(f: Filters, *, flow: str, period: str, side: str, include_low: bool = False,
                 limit: int | None = None) -> Query:
    """queries/trade_series.sql: one side's all-goods figures for one flow and kind of period."""
    return bind("trade_series", **f.trade_params(), flow=flow, period_kind=period, reporter_side=side,
                include_low=include_low, limit=limit)


def trade_mirror(f: Filters, *, include_low: bool = False, period: str | None = None,
                 limit: int | None = None) -> Query:
    """queries/trade_mirror.sql: China- versus partner-reported figures (period None: every kind)."""
    return bind("trade_mirror", **f.trade_params(), include_low=include_low, period_kind=period, limit=limit)


def trade_has_products() -> Query:
    """queries/trade_has_products.sql: whether any product lines are loaded."""
    return bind("trade_has_products")


def trade_top_chapters(f: Filters, *, flow: str, side: str, include_low: bool, limit: int) -> Query:
    """queries/trade_top_chapters.sql: the top `limit` HS chapters, one row per chapter and year
    (rank, chapter_value_usd: the total)."""
    return bind("trade_top_chapters", **f.trade_params(), flow=flow, reporter_side=side,
                include_low=include_low, limit=int(limit))


def trade_top_products(f: Filters, *, flow: str, side: str, include_low: bool, limit: int) -> Query:
    """queries/trade_top_products.sql: the top `limit` HS6 products."""
    return bind("trade_top_products", **f.trade_params(), flow=flow, reporter_side=side,
                include_low=include_low, limit=int(limit))


def trade_rows(f: Filters, *, limit: int | None = None, offset: int = 0) -> Query:
    """queries/trade_rows.sql: every trade figure in the filter, one page of them."""
    return bind("trade_rows", **f.trade_params(), **_page(limit, offset))


def trade_rows_count(f: Filters) -> Query:
    """queries/trade_rows_count.sql: how many rows trade_rows gives."""
    return bind("trade_rows_count", **f.trade_params())


def latest_trade(f: Filters) -> Query:
    """queries/latest_trade.sql: the most recent all-goods figure in the filter."""
    return bind("latest_trade", **f.trade_params())


# ---------------------------------------------------------------- places and sources

def places_rows(f: Filters, *, limit: int | None = None, offset: int = 0) -> Query:
    """queries/places_rows.sql: the places in the chosen countries, one page of them."""
    return bind("places_rows", **f.place_params(), **_page(limit, offset))


def places_rows_count(f: Filters) -> Query:
    """queries/places_rows_count.sql: how many rows places_rows gives."""
    return bind("places_rows_count", **f.place_params())


def sources_for(source_ids) -> Query:
    """queries/sources_for.sql: the sources behind a set of source ids, and those they reprint."""
    return bind("sources_for", source_ids=list(source_ids))


def sources_for_events(f: Filters, *, limit: int | None = None) -> Query:
    """queries/sources_for_events.sql: the sources behind the filter's events."""
    return bind("sources_for_events", **f.event_params(), limit=limit)


def sources_for_trade(f: Filters, *, limit: int | None = None) -> Query:
    """queries/sources_for_trade.sql: the sources behind the filter's trade figures."""
    return bind("sources_for_trade", **f.trade_params(), limit=limit)


def sources_for_places(f: Filters, *, limit: int | None = None) -> Query:
    """queries/sources_for_places.sql: the sources behind the places in the chosen countries."""
    return bind("sources_for_places", **f.place_params(), limit=limit)


def sources_overview(*, limit: int | None = None) -> Query:
    """queries/sources_overview.sql: every source with how many rows rest on it."""
    return bind("sources_overview", limit=limit)


def sources_count() -> Query:
    """queries/sources_count.sql: how many sources there are."""
    return bind("sources_count")


# ---------------------------------------------------------------- the brief

def build_info() -> Query:
    """queries/build_info.sql: what the database was built from (one row)."""
    return bind("build_info")


def place_sources(place_ids) -> Query:
    """queries/place_sources.sql: the source of each of these places."""
    return bind("place_sources", place_ids=list(place_ids))


# ---------------------------------------------------------------- vintages and changes

def current_vintage() -> Query:
    """queries/current_vintage.sql: the database's own vintage."""
    return bind("current_vintage")


def vintage_list(*, limit: int) -> Query:
    """queries/vintage_list.sql: the vintages of the history, newest first."""
    return bind("vintage_list", limit=int(limit))


def vintage_exists(vintage_id: str) -> Query:
    """queries/vintage_exists.sql: whether the history holds this vintage."""
    return bind("vintage_exists", vintage_id=vintage_id)


def changes_summary(f: Filters, since: Since) -> Query:
    """queries/changes_summary.sql: what changed in the filter since `since`, counted."""
    return bind("changes_summary", **f.change_params(), **since.to_params())


def changes_rows(f: Filters, since: Since, *, change_kind: str | None = None, limit: int | None = None,
                 offset: int = 0) -> Query:
    """queries/changes_rows.sql: the changed rows, one page of them."""
    return bind("changes_rows", **f.change_params(), **since.to_params(), change_kind=change_kind,
                **_page(limit, offset))


def changes_rows_count(f: Filters, since: Since, *, change_kind: str | None = None) -> Query:
    """queries/changes_rows_count.sql: how many rows changes_rows gives."""
    return bind("changes_rows_count", **f.change_params(), **since.to_params(), change_kind=change_kind)


def trade_revisions(f: Filters, since: Since, *, limit: int) -> Query:
    """queries/trade_revisions.sql: trade figures revised since `since`."""
    return bind("trade_revisions", **f.change_params(), **since.to_params(), limit=int(limit))
