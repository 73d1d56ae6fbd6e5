"""A view whose query runs past its time limit shows a warning to narrow the filter, never a
traceback or an error box; the rest of the page still draws, and nothing slow is cached."""
from __future__ import annotations

import pytest
from apptools import assert_clean, captions, open_page, warnings

from dashboard import db, settings, ui
from dashboard.ui import data as ui_data

SLOW = "select count(*) from range(100000000) as a(x), range(1000) as b(y) where (x * 31 + y) % 97 = 0"


def too_slow(m, name: str) -> None:
    """While `m` lasts, the app's runs of queries/<name>.sql take far longer than any limit."""
    original = ui_data.query

    def run(con, q, *args, **kwargs):
        return db.run(con, SLOW, name="too slow") if q.name == name else original(con, q, *args, **kwargs)
    m.setattr(ui_data, "query", run)


@pytest.fixture
def short_limit(monkeypatch):
    monkeypatch.setattr(settings, "QUERY_TIMEOUT_S", 0.3)


def test_a_slow_page_says_to_narrow_the_filter(short_limit, monkeypatch):
    too_slow(monkeypatch, "events_summary")
    at = open_page("overview", {"countries": "UZB"})
    assert_clean(at)                                   # no exception, no st.error
    assert warnings(at) == [ui.TOO_SLOW]
    assert ui.TOO_SLOW.startswith("This view took too long to compute; narrow the filter")
    assert at.title[0].value == "China–Central Asia Monitor"


def test_a_slow_section_leaves_the_rest_of_the_page(short_limit, monkeypatch):
    too_slow(monkeypatch, "trade_rows_count")
    at = open_page("data", {"countries": "TJK", "start": "2024-01-01"})
    assert_clean(at)
    assert warnings(at) == [ui.TOO_SLOW]
    assert [c.split(" — ")[0] for c in captions(at) if " rows — filtered to: " in c] == ["Events: 0 rows",
                                                                                       "Places: 0 rows"]


def test_nothing_slow_is_cached(short_limit, monkeypatch):
    with monkeypatch.context() as m:
        too_slow(m, "events_count")
        at = open_page("timeline", {"countries": "KAZ", "end": "2025-12-31"})
        assert warnings(at) == [ui.TOO_SLOW]
    at.run()                                           # the same filter, the query quick again
    assert_clean(at)
    assert warnings(at) == []
    assert any(c.startswith("2 events;") for c in captions(at))
