"""UI downloads: every file a page offers, made only when its button is clicked and never cached
(it may be large): a Query's full result as CSV or Parquet (streamed by dashboard.db, a batch at a
time, under settings.DOWNLOAD_TIMEOUT_S), the filter's brief and citations, the map's layers.
Imports streamlit, pandas and dashboard.brief / db / export / filters / queries / settings.
"""
from __future__ import annotations

import json

import pandas as pd
import streamlit as st

from .. import brief, export, settings
from ..db import stream
from ..export import relation_csv, relation_parquet
from ..filters import Filters
from ..queries import Query
from .data import DbKey, _connection, db_key


def csv_of(key: DbKey, q: Query) -> bytes:
    """CSV of the whole result of `q`, written by DuckDB (never the whole result as a DataFrame)."""
    return stream(_connection(key), q, relation_csv, timeout=settings.DOWNLOAD_TIMEOUT_S)


def parquet_of(key: DbKey, q: Query) -> bytes:
    """Parquet of the whole result of `q`, with its column types, read a batch at a time like csv_of."""
    return stream(_connection(key), q, relation_parquet, timeout=settings.DOWNLOAD_TIMEOUT_S)


DOWNLOAD_FORMATS = {"csv": (csv_of, "text/csv"), "parquet": (parquet_of, "application/vnd.apache.parquet")}


def download_query(label: str, stem: str, f: Filters, key: str, q: Query, disabled: bool = False,
                   fmt: str = "csv") -> None:
    """A CSV (or Parquet) download of every row of `q`; the file name carries the filters."""
    key_now = db_key()
    write, mime = DOWNLOAD_FORMATS[fmt]

    def build() -> bytes:
        return write(key_now, q)

    st.download_button(
        label, data=build, file_name=f"{stem}_{f.slug()}.{fmt}", mime=mime,
        key=key, on_click="ignore", disabled=disabled,
    )


def brief_of(key: DbKey, f: Filters, fmt: str) -> bytes:
    """The brief (html, pdf) or the citations (bibtex, csl-json) of `f`; see dashboard.brief."""
    return brief.render(_connection(key), f, fmt)


def download_brief(label: str, f: Filters, fmt: str, key: str, help: str | None = None) -> None:
    """A download of dashboard.brief's `fmt` for the filter, made only when the button is clicked."""
    key_now = db_key()

    def build() -> bytes:
        return brief_of(key_now, f, fmt)

    st.download_button(label, data=build, file_name=brief.file_name(f, fmt), mime=brief.MIME[fmt],
                       key=key, on_click="ignore", help=help, width="stretch")


def brief_downloads(f: Filters) -> None:
    """The sidebar's brief of the current filter, on every page: HTML and PDF."""
    with st.sidebar:
        st.header("Brief of this filter")
        st.caption("Headline figures, events, trade and map, with numbered sources and how to cite them; "
                   "made when you click (a few seconds).")
        c1, c2 = st.columns(2)
        with c1:
            download_brief("HTML", f, "html", "brief_html", help="One self-contained file: opens offline.")
        with c2:
            download_brief("PDF", f, "pdf", "brief_pdf", help="For print; fonts embedded.")


def download_geojson(label: str, f: Filters, places: pd.DataFrame, paths: pd.DataFrame, key: str) -> None:
    """The map's layers (the places drawn, with their event counts, and the railway route) as GeoJSON."""
    def build() -> bytes:
        return json.dumps(export.map_geojson(places, paths, f.describe()), ensure_ascii=False).encode()

    st.download_button(label, data=build, file_name=f"map_{f.slug()}.geojson", mime="application/geo+json",
                       key=key, on_click="ignore")
