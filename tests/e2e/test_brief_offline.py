"""The brief's HTML opens in Chromium with the network blocked: it asks for nothing beyond its own
file, and its charts draw (inline SVG with a text alternative)."""
from __future__ import annotations

from datetime import datetime, timezone

from dashboard import brief
from dashboard.filters import Filters


def test_the_brief_opens_offline_and_requests_nothing(browser, db_con, tmp_path):
    path = tmp_path / "brief.html"
    path.write_bytes(brief.render(db_con, Filters(), "html", datetime(2026, 11, 27, tzinfo=timezone.utc)))
    context = browser.new_context(offline=True)
    requests: list[str] = []
    context.on("request", lambda r: requests.append(r.url))
    context.route("**/*", lambda route: route.abort() if not route.request.url.startswith("file://")
                  else route.continue_())
    try:
        page = context.new_page()
        page.goto(path.as_uri())
        page.wait_for_load_state("load")
        charts = page.locator("svg.chart")
        assert charts.count() >= 2
        for i in range(charts.count()):
            box = charts.nth(i).bounding_box()
            assert box and box["width"] > 200 and box["height"] > 100
            assert len(charts.nth(i).get_attribute("aria-label")) > 30
        assert page.get_by_role("heading", level=1).inner_text() == "China–Central Asia Monitor: brief"
    finally:
        context.close()
    assert requests == [path.as_uri()]
