"""Shared test fixtures: the hand-written fixture tables and a DuckDB database built from them.

`fixture_db` (one per test session) is the database the query, app and browser tests read; point
the app at it with MONITOR_DB. Uses the ETL only through `etl.build.run`, as the Makefile does.
"""
from __future__ import annotations

import io
from pathlib import Path

import pytest

from etl.build import run

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
FIXTURE_CURATED = FIXTURES / "curated"    # every curated table, a few consistent rows each
FIXTURE_IMPORTS = FIXTURES / "imports"    # small UN Comtrade exports (not part of fixture_db)


def build_fixture_db(directory: Path, data_dir: Path = FIXTURE_CURATED, imports_dir: Path | None = None) -> Path:
    """Build `directory`/monitor.duckdb from the fixture tables (no Comtrade imports by default)."""
    directory.mkdir(parents=True, exist_ok=True)
    if imports_dir is None:
        imports_dir = directory / "no-imports"   # absent folder: nothing to import
    db = directory / "monitor.duckdb"
    out, err = io.StringIO(), io.StringIO()
    if run(data_dir, imports_dir, db, out=out, err=err) != 0:
        raise AssertionError(f"fixture database did not build:\n{err.getvalue()}")
    return db


@pytest.fixture(scope="session")
def fixture_db(tmp_path_factory) -> Path:
    """A database built once per session from tests/fixtures/curated; treat it as read-only."""
    return build_fixture_db(tmp_path_factory.mktemp("fixture-db"))
