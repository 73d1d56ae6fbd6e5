"""A pytest plugin for bench/mutants/run.py: records which query files each test runs (every
dashboard.db.query or stream reads Query.sql, which calls dashboard.queries.query.sql_text) or asks
for (every Query is made by dashboard.queries.query.bind: a page test whose query result an earlier
test left in Streamlit's cache never reads the SQL, yet a mutant would change what it shows once run
alone), written as JSON to $SQLCOVER_OUT.
Loaded with `-p sqlcover` and bench/mutants on PYTHONPATH; never part of the test suite."""
from __future__ import annotations

import json
import os

import pytest

RECORD: dict[str, list[str]] = {}


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_protocol(item, nextitem):
    import dashboard.queries as builders
    from dashboard.queries import query

    seen: set[str] = set()
    original, original_bind = query.sql_text, query.bind

    def spy(name: str) -> str:
        seen.add(name)
        return original(name)

    def spy_bind(name: str, **params):
        seen.add(name)
        return original_bind(name, **params)

    query.sql_text = spy
    query.bind = builders.bind = spy_bind
    try:
        yield
    finally:
        query.sql_text = original
        query.bind = builders.bind = original_bind
        RECORD[item.nodeid] = sorted(seen)


def pytest_sessionfinish(session):
    with open(os.environ["SQLCOVER_OUT"], "w") as out:
        json.dump(RECORD, out)
