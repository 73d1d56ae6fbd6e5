"""Query-layer fixtures: one read-only connection to the session's fixture database, a writable
copy of it for tests that change rows, and the helpers both are made with."""
from __future__ import annotations

import contextlib
import shutil
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest


@contextlib.contextmanager
def read_only(path: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    """A read-only connection to the database at `path`, closed afterwards."""
    connection = duckdb.connect(str(path), read_only=True)
    try:
        yield connection
    finally:
        connection.close()


def writable_copy(path: Path, tmp_path: Path) -> duckdb.DuckDBPyConnection:
    """A writable connection to a copy of the database at `path` (the caller closes it)."""
    copy = tmp_path / "writable.duckdb"
    shutil.copyfile(path, copy)
    return duckdb.connect(str(copy))


@pytest.fixture(scope="session")
def con(fixture_db):
    with read_only(fixture_db) as connection:
        yield connection


@pytest.fixture
def writable(fixture_db, tmp_path):
    """A writable connection to a copy of the fixture database: a value that reached the SQL text
    could drop a table here (the read-only `con` would refuse the statement whatever the query did)."""
    connection = writable_copy(fixture_db, tmp_path)
    yield connection
    connection.close()
