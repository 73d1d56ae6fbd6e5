"""A pytest plugin for bench/mutants/run.py: records which query files each test runs (every
dashboard.db.query or stream reads Query.sql, which calls dashboard.queries.query.sql_text), written as JSON to $SQLCOVER_OUT.
Loaded with `-p sqlcover` and bench/mutants on PYTHONPATH; never part of the test suite."""
from __future__ import annotations

import json
import os

import pytest

RECORD: dict[str, list[str]] = {}


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_protocol(item, nextitem):
    from dashboard.queries import query

    seen: set[str] = set()
    original = query.sql_text

    def spy(name: str) -> str:
        seen.add(name)
        return original(name)

    query.sql_text = spy
    try:
        yield
    finally:
        query.sql_text = original
        RECORD[item.nodeid] = sorted(seen)


def pytest_sessionfinish(session):
    with open(os.environ["SQLCOVER_OUT"], "w") as out:
        json.dump(RECORD, out)
