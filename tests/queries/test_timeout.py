"""Every query runs under a time limit: one that runs longer is interrupted and raises QueryTimeout
(a clear message, no traceback for the page to show), and the connection stays usable. The slow
query would run for minutes; the assertions are only that it was interrupted and returned."""
from __future__ import annotations

import duckdb
import pytest

from dashboard import db, settings
from dashboard.db import QueryTimeout
from dashboard.queries import Query
from dashboard.queries import query as query_module

# About 10^11 pairs to test: minutes of work unless interrupted.
SLOW = "select count(*) from range(100000000) as a(x), range(1000) as b(y) where (x * 31 + y) % 97 = 0"


@pytest.fixture(params=["duckdb.connect", "dashboard.db.connect"])
def any_con(request, fixture_db):
    """A plain read-only connection, and the one the app opens."""
    connection = (duckdb.connect(str(fixture_db), read_only=True) if request.param == "duckdb.connect"
                  else db.connect(fixture_db))
    yield connection
    connection.close()


def test_a_slow_query_is_interrupted_at_its_limit(any_con):
    with pytest.raises(QueryTimeout, match=r"query 'slow' was interrupted after 0\.2 s \(its time limit\)") as info:
        db.run(any_con, SLOW, timeout=0.2, name="slow")
    assert (info.value.name, info.value.seconds) == ("slow", 0.2)
    assert any_con.execute("select count(*) from events").fetchone() == (5,)   # still usable


def test_the_default_limit_is_settings_query_timeout(any_con, monkeypatch):
    monkeypatch.setattr(settings, "QUERY_TIMEOUT_S", 0.2)
    with pytest.raises(QueryTimeout, match=r"after 0\.2 s"):
        db.run(any_con, SLOW)


def test_a_streamed_download_is_interrupted_at_its_limit(any_con, monkeypatch):
    """A download streams its query (db.stream) under its own limit, formatting included."""
    monkeypatch.setattr(query_module, "sql_text", lambda name: SLOW)
    with pytest.raises(QueryTimeout, match=r"query 'slow_download' was interrupted after 0\.3 s"):
        db.stream(any_con, Query("slow_download"), lambda relation: relation.fetchall(), timeout=0.3)
    assert any_con.execute("select count(*) from events").fetchone() == (5,)   # still usable


def test_a_quick_query_is_not_interrupted(any_con):
    assert db.run(any_con, "select count(*) as n from events", timeout=30)["n"].tolist() == [5]


def test_other_errors_are_not_timeouts(any_con):
    with pytest.raises(duckdb.BinderException):
        db.run(any_con, "select no_such_column from events", timeout=30)
