"""Database layer: read-only DuckDB connections and parameterised queries from `queries/*.sql`.

Imports duckdb and pandas. User values reach SQL only as named parameters, never as text.
"""
from __future__ import annotations

import functools
from pathlib import Path

import duckdb
import pandas as pd

from .settings import QUERY_DIR


class DatabaseMissing(Exception):
    """The database file does not exist (it has not been built yet)."""


def connect(path: Path) -> duckdb.DuckDBPyConnection:
    if not path.is_file():
        raise DatabaseMissing(str(path))
    return duckdb.connect(str(path), read_only=True)


@functools.cache
def sql_text(name: str) -> str:
    """The text of queries/<name>.sql; names come from code, never from users."""
    return (QUERY_DIR / f"{name}.sql").read_text()


def query(con: duckdb.DuckDBPyConnection, name: str, params: dict | None = None) -> pd.DataFrame:
    """Run a named query on its own cursor (safe across Streamlit threads)."""
    cursor = con.cursor()
    try:
        return cursor.execute(sql_text(name), params or {}).df()
    finally:
        cursor.close()
