"""UI widgets every page uses: captions, empty states, charts with their text alternative and data,
bounded tables, money, and the event counts and marks the charts draw.
Imports streamlit, pandas and dashboard.filters / queries / settings.
"""
from __future__ import annotations

from dataclasses import replace

import pandas as pd
import streamlit as st

from .. import queries, settings
from ..filters import MAX_DATE, MIN_DATE, Filters
from .data import count, load


def caption(f: Filters, what: str) -> None:
    st.caption(f"{what} — filtered to: {f.describe()}")


def empty(what: str, f: Filters | None = None) -> None:
    where = f" ({f.describe()})" if f else ""
    st.info(f"No {what} match the current filters{where}. Widen the dates or choose other countries "
            "(the sidebar's **Reset filters** clears them).")


def served(altair_chart):
    """The chart as the page sends it: Altair's check of the finished spec against the Vega-Lite
    schema skipped. That check cost 40-60% of a chart's server time on every rerun (some 60 ms of
    the trade page's five charts), for specs that only change in their data; every chart builder's
    spec is checked against the schema by the tests instead (tests/charts: `to_dict()` validates).
    Changes the chart it is given (the pages hand it a fresh copy: `.properties()` makes one)."""
    to_dict = altair_chart.to_dict
    # Altair's __setattr__ stores into the spec: set the bound method on the instance itself.
    object.__setattr__(altair_chart, "to_dict",
                       lambda *args, **kwargs: to_dict(*args, **{**kwargs, "validate": False}))
    return altair_chart


def chart(altair_chart, alt_text: str, data: pd.DataFrame, key: str, **kwargs):
    """st.altair_chart with its text alternative: the sentence `alt_text` under it (and as the
    chart's description, which Vega gives its SVG as aria-label), and its data as a table when asked
    (a toggle; at most settings.TABLE_PAGE_ROWS rows, so the page's payload does not grow unasked)."""
    state = st.altair_chart(served(altair_chart.properties(description=alt_text)), key=key, **kwargs)
    st.caption(alt_text)
    data_table(data, key)
    return state


def data_table(data: pd.DataFrame, key: str) -> None:
    """A toggle showing a chart's (or the map's) data as a bounded table."""
    if st.toggle("Show the data as a table", key=f"{key}_table", value=False):
        shown = data.head(settings.TABLE_PAGE_ROWS)
        table(shown)
        if len(data) > len(shown):
            st.caption(f"The first {len(shown):,} of {len(data):,} rows; the Data page downloads them all.")


def page_offset(total: int, rows: int, key: str) -> int:
    """A page-number input for a table of `total` rows shown `rows` at a time; returns the offset."""
    pages = max(1, -(-total // rows))
    if pages == 1:
        return 0
    page = st.number_input(f"Page (of {pages:,}; {rows:,} rows each)", min_value=1, max_value=pages,
                           value=1, step=1, key=key)
    return (int(page) - 1) * rows


def rows_note(shown: int, offset: int, total: int) -> str | None:
    """Which rows of `total` a bounded table shows, or None when it shows them all."""
    if shown >= total:
        return None
    if offset == 0:
        return f"Showing the first {shown:,} of {total:,} rows; the download holds all of them."
    return f"Showing rows {offset + 1:,}–{offset + shown:,} of {total:,}; the download holds all of them."


def table(df: pd.DataFrame, **kwargs):
    """st.dataframe with dates shown as dates (YYYY-MM-DD), not timestamps; returns its selection
    state when `on_select` is given."""
    config = {c: st.column_config.DateColumn(c, format="YYYY-MM-DD")
              for c in df.columns if pd.api.types.is_datetime64_any_dtype(df[c])}
    config.update(kwargs.pop("column_config", {}))
    return st.dataframe(df, hide_index=True, width="stretch", column_config=config, **kwargs)


def events_by_period(f: Filters) -> tuple[pd.DataFrame, str]:
    """Events counted per period, country and type, by the finest period (month, quarter, year)
    that keeps the chart within settings.MAX_ROWS marks."""
    for bucket in queries.BUCKETS:
        rows = load(queries.events_by_period(f, bucket=bucket))
        if len(rows) <= settings.MAX_ROWS:
            break
    return rows, bucket


def event_marks(f: Filters, first, last) -> tuple[pd.DataFrame, int]:
    """Events of the filter between `first` and `last` (a chart's span) to draw as marks: all of
    them when there are at most settings.TRADE_EVENT_MARKS, else none; and how many there are."""
    start = max(f.start or MIN_DATE, pd.Timestamp(first).date())
    end = min(f.end or MAX_DATE, pd.Timestamp(last).date())
    if end < start:
        return load(queries.events(f, limit=0)), 0
    span = replace(f, start=start, end=end)
    total = count(queries.events_count(span))
    if total > settings.TRADE_EVENT_MARKS:
        return load(queries.events(span, limit=0)), total
    return load(queries.events(span, limit=settings.TRADE_EVENT_MARKS)), total
