"""A pytest plugin for bench/mutants/run.py: records which query files each test runs (every
dashboard.db.query or stream goes through dashboard.db.sql_text), written as JSON to $SQLCOVER_OUT.
Loaded with `-p sqlcover` and bench/mutants on PYTHONPATH; never part of the test suite."""
from __future__ import annotations

import json
import os

import pytest

RECORD: dict[str, list[str]] = {}


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_protocol(item, nextitem):
    from dashboard import db

    seen: set[str] = set()
    original = db.sql_text

    def spy(name: str) -> str:
        seen.add(name)
        return original(name)

    db.sql_text = spy
    try:
        yield
    finally:
        db.sql_text = original
        RECORD[item.nodeid] = sorted(seen)


def pytest_sessionfinish(session):
    with open(os.environ["SQLCOVER_OUT"], "w") as out:
        json.dump(RECORD, out)
