"""Database layer: read-only DuckDB connections that run `Query` values (dashboard.queries) and
stream them for downloads.

Imports duckdb, pandas, dashboard.settings and dashboard.queries' Query type. User values reach SQL
only as named parameters, never as text. Every query runs under a time limit
(settings.QUERY_TIMEOUT_S unless given).
"""
from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import duckdb
import pandas as pd

from . import settings
from .queries.query import Query


T = TypeVar("T")


class DatabaseMissing(Exception):
    """The database file does not exist (it has not been built yet)."""


class QueryTimeout(Exception):
    """A query ran longer than its time limit and was interrupted."""

    def __init__(self, name: str, seconds: float):
        super().__init__(f"query {name!r} was interrupted after {seconds:g} s (its time limit)")
        self.name, self.seconds = name, seconds


def connect(path: Path) -> duckdb.DuckDBPyConnection:
    """A read-only connection to the file at `path` as it is now, that cannot write any file.

    The file is attached to a new in-memory DuckDB rather than opened with duckdb.connect(path):
    DuckDB's Python module hands out the already open instance for a path while any connection to
    it lives, so after the ETL swaps in a rebuilt file, connect(path) would keep reading the old one
    (duckdb/duckdb#15912). External access is then switched off (it cannot be switched back on):
    no COPY TO, EXPORT, ATTACH of files, INSTALL, or reading other files through this connection.
    """
    if not path.is_file():
        raise DatabaseMissing(str(path))
    con = duckdb.connect(":memory:", config={"autoinstall_known_extensions": False,
                                             "autoload_known_extensions": False})
    try:
        con.execute("attach ? as monitor (read_only)", [str(path)])
        con.execute("use monitor")
        con.execute("detach memory")   # no writable default catalog; cursors default to monitor
        con.execute("set enable_external_access = false")
    except BaseException:
        con.close()
        raise
    return con


@contextlib.contextmanager
def _limited(con: duckdb.DuckDBPyConnection, timeout: float | None, name: str):
    """A cursor of `con` that is interrupted after `timeout` seconds (default:
    settings.QUERY_TIMEOUT_S); the interruption surfaces as QueryTimeout."""
    limit = settings.QUERY_TIMEOUT_S if timeout is None else timeout
    cursor = con.cursor()
    fired = threading.Event()

    def interrupt() -> None:
        fired.set()
        try:
            cursor.interrupt()
        except duckdb.Error:   # the cursor closed just now: the query had finished
            pass

    timer = threading.Timer(limit, interrupt)
    timer.daemon = True
    timer.start()
    try:
        yield cursor
    except duckdb.InterruptException as e:
        raise QueryTimeout(name, limit) from e
    except duckdb.Error as e:
        # An interrupt can also surface as another error while the result is being fetched.
        if fired.is_set():
            raise QueryTimeout(name, limit) from e
        raise
    finally:
        timer.cancel()
        cursor.close()


def run(con: duckdb.DuckDBPyConnection, text: str, params: dict | None = None,
        timeout: float | None = None, name: str = "query") -> pd.DataFrame:
    """Run SQL text on its own cursor (safe across Streamlit threads), interrupted after `timeout`
    seconds (default: settings.QUERY_TIMEOUT_S) with QueryTimeout."""
    with _limited(con, timeout, name) as cursor:
        return cursor.execute(text, params or {}).df()


def query(con: duckdb.DuckDBPyConnection, q: Query, timeout: float | None = None) -> pd.DataFrame:
    """The result of `q` (its file, its parameters), under a time limit (see run)."""
    return run(con, q.sql, q.parameters, timeout=timeout, name=q.name)


def stream(con: duckdb.DuckDBPyConnection, q: Query, consume: Callable[[duckdb.DuckDBPyRelation], T],
           timeout: float | None = None) -> T:
    """consume(relation): `q` as a DuckDB relation, not yet run, on its own cursor and under one
    time limit (see run) for everything consume does with it (a download reads it in batches, so
    the whole result is never held at once)."""
    with _limited(con, timeout, q.name) as cursor:
        return consume(cursor.sql(q.sql, params=q.parameters))
