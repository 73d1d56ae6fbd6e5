"""A view whose query runs past its time limit shows a warning to narrow the filter, never a
traceback or an error box; the rest of the page still draws, and nothing slow is cached."""
from __future__ import annotations

import pytest
from apptools import assert_clean, captions, open_page, warnings

from dashboard import db, queries, settings, ui

SLOW = "select count(*) from range(100000000) as a(x), range(1000) as b(y) where (x * 31 + y) % 97 = 0"


def too_slow(con, *args, **kwargs):
    return db.run(con, SLOW, name="too slow")


@pytest.fixture
def short_limit(monkeypatch):
    monkeypatch.setattr(settings, "QUERY_TIMEOUT_S", 0.3)


def test_a_slow_page_says_to_narrow_the_filter(short_limit, monkeypatch):
    monkeypatch.setattr(queries, "events_summary", too_slow)
    at = open_page("overview", {"countries": "UZB"})
    assert_clean(at)                                   # no exception, no st.error
    assert warnings(at) == [ui.TOO_SLOW]
    assert ui.TOO_SLOW.startswith("This view took too long to compute; narrow the filter")
    assert at.title[0].value == "China–Central Asia Monitor"


def test_a_slow_section_leaves_the_rest_of_the_page(short_limit, monkeypatch):
    monkeypatch.setattr(queries, "trade_rows_count", too_slow)
    at = open_page("data", {"countries": "TJK", "start": "2024-01-01"})
    assert_clean(at)
    assert warnings(at) == [ui.TOO_SLOW]
    assert [c.split(" — ")[0] for c in captions(at) if " rows — filtered to: " in c] == ["Events: 0 rows",
                                                                                       "Places: 0 rows"]


def test_nothing_slow_is_cached(short_limit, monkeypatch):
    with monkeypatch.context() as m:
        m.setattr(queries, "events_count", too_slow)
        at = open_page("timeline", {"countries": "KAZ", "end": "2025-12-31"})
        assert warnings(at) == [ui.TOO_SLOW]
    at.run()                                           # the same filter, the query quick again
    assert_clean(at)
    assert warnings(at) == []
    assert any(c.startswith("2 events;") for c in captions(at))
