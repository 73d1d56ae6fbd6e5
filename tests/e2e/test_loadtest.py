"""The load tool (bench/loadtest.py) against the fixture database's server: two analysts for a few
seconds, and a report holding numbers. No timing is asserted: only that it measured something."""
from __future__ import annotations

import asyncio
import math
from concurrent.futures import ThreadPoolExecutor

from bench.loadtest import Tab, drive, summary


def run(coroutine):
    """asyncio.run in a thread of its own: Playwright's sync API (the browser tests in this session)
    keeps an event loop running in the main thread."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


def test_two_sessions_for_a_few_seconds_report_numbers(server):
    results = run(drive(server.url, sessions=2, duration=6, pids=[server.proc.pid],
                                wait=(0.3, 0.8)))
    s = summary(results, sessions=2, duration=6)
    assert s["requests"] >= 2
    assert s["p50_s"] > 0 and s["p95_s"] >= s["p50_s"]
    assert s["errors"] == 0, s["failure_examples"]
    assert s["exceptions_shown"] == 0 and s["error_boxes_shown"] == 0
    assert s["rss_peak_mb"] > 10 and len(results.rss) >= 3
    assert not math.isnan(s["rss_growth_second_half"])


def test_a_filter_change_reaches_the_app_through_widget_states(server):
    async def session():
        tab = Tab(server.url, cookie=None, timeout=30)
        try:
            await tab.rerun("trade", "countries=KGZ")
            assert tab.query_string == "countries=KGZ"
            assert tab.set_countries(["KAZ", "UZB"])
            exceptions, errors, received = await tab.rerun("timeline")
            return tab.query_string, exceptions, errors, received
        finally:
            await tab.close()

    query, exceptions, errors, received = run(session())
    assert query == "countries=KAZ%2CUZB"
    assert (exceptions, errors) == (0, 0) and received > 0


def test_a_refused_connection_is_counted_as_an_error_not_raised():
    from tools.appserver import free_port

    results = run(drive(f"http://127.0.0.1:{free_port()}", sessions=1, duration=1.5, pids=[],
                                timeout=2, wait=(0.1, 0.2)))
    assert results.failures and not results.times
