"""UI data access: the cached read-only connection (reopened when the ETL swaps in a new file),
query results cached on (database file, Query), and the pages' answers to a missing database or a
query that ran too long. Imports streamlit, pandas and dashboard.db / queries / settings.
"""
from __future__ import annotations

import contextlib
import json
import logging
from pathlib import Path

import pandas as pd
import streamlit as st

from .. import queries
from ..db import DatabaseMissing, QueryTimeout, connect, query
from ..queries import Query
from ..settings import GEO_FILE, SCHEMA_VERSION, db_path

TOO_SLOW = ("This view took too long to compute; narrow the filter (fewer countries, a shorter period "
            "or fewer event types) and it will appear.")

log = logging.getLogger("monitor")
DbKey = tuple[str, int, int]


def db_key() -> DbKey | None:
    """Identity of the current database file: a rebuild (new file swapped in) gives a new key."""
    path = db_path()
    try:
        stat = path.stat()
    except OSError:
        return None
    return (str(path), stat.st_mtime_ns, stat.st_ino)


@st.cache_resource(max_entries=2, show_spinner=False)
def _connection(key: DbKey):
    return connect(Path(key[0]))


@st.cache_data(max_entries=512, show_spinner=False)
def _cached(key: DbKey, q: Query) -> pd.DataFrame:
    return query(_connection(key), q)


def load(q: Query) -> pd.DataFrame:
    """The result of `q`, cached per database file and query (its name and parameters).

    Raises QueryTimeout when the query runs past settings.QUERY_TIMEOUT_S (nothing is cached then).
    """
    key = db_key()
    if key is None:
        raise DatabaseMissing(str(db_path()))
    return _cached(key, q)


def count(q: Query) -> int:
    """The single number a counting query returns (first column of its only row)."""
    df = load(q)
    return int(df.iloc[0, 0]) if not df.empty and pd.notna(df.iloc[0, 0]) else 0


def too_slow(error: QueryTimeout) -> None:
    """The warning that replaces a view whose query was interrupted."""
    log.warning("%s", error)
    st.warning(TOO_SLOW, icon=":material/hourglass_disabled:")


@contextlib.contextmanager
def guard():
    """Run one section of a page; if its query runs too long, show the warning and go on with the
    rest of the page (app.py catches the same for anything outside a guard)."""
    try:
        yield
    except QueryTimeout as e:
        too_slow(e)


# The country outlines as the browser fetches them: static/countries.geojson, served by Streamlit
# (server.enableStaticServing) at app/static/, relative to the page so that it works behind a proxy.
# The browser caches the file; the map's spec then carries its URL instead of 28 KB on every rerun.
OUTLINES_URL = "app/static/" + GEO_FILE.name


@st.cache_data(show_spinner=False)
def geo_outlines() -> dict:
    return json.loads(GEO_FILE.read_text(encoding="utf-8"))


def require_database() -> None:
    """Stop the page with build instructions when the database file is missing or was built with
    another table layout than this dashboard reads (an older ETL)."""
    if db_key() is None:
        st.title("China–Central Asia Monitor")
        st.warning(f"The database has not been built yet: `{db_path()}` does not exist.")
    else:
        found = load(queries.schema_version())["schema_version"].iloc[0]
        if found == SCHEMA_VERSION:
            return
        st.title("China–Central Asia Monitor")
        st.warning(f"The database `{db_path()}` was built by another version of the ETL (table layout "
                   f"{found if isinstance(found, str) else 'unrecorded'}; this dashboard reads layout "
                   f"{SCHEMA_VERSION}). Rebuild it from the same data.")
    st.markdown(
        "Build it from the curated tables in `data/curated` with:\n\n"
        "```\nmake db\n```\n\nor `python -m etl build`, then reload this page. "
        "`make run` does both (install, build, serve)."
    )
    st.stop()
