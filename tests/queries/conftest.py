"""Query-layer fixtures: one read-only connection to the session's fixture database."""
from __future__ import annotations

import duckdb
import pytest


@pytest.fixture(scope="session")
def con(fixture_db):
    connection = duckdb.connect(str(fixture_db), read_only=True)
    yield connection
    connection.close()
