"""Browser tests: the Altair charts render as SVG with their axis titles and one mark per row."""
from __future__ import annotations

from tools.appserver import eventually, open_page
from dashboard import charts, db, queries
from dashboard.filters import Filters

AXIS_TITLES = "svg g.role-axis-title text"
POINTS = "svg g.mark-symbol.role-mark > path"   # plotted points, not legend symbols


def rendered_charts(page, count: int):
    """The page's Vega charts, once `count` of them have drawn their marks."""
    embeds = page.locator('[data-testid="stVegaLiteChart"].vega-embed')
    # A mark group may be empty (and so hidden) when nothing is plotted: the counts below say so.
    page.locator(".vega-embed svg g.role-mark").first.wait_for(state="attached", timeout=30_000)
    page.wait_for_function(
        "n => Array.from(document.querySelectorAll('.vega-embed svg')).filter("
        "s => s.querySelector('g.role-mark')).length >= n", arg=count, timeout=30_000)
    return embeds


def test_timeline_chart(page, app_url, db_con):
    rows = charts.timeline_rows(db.query(db_con, queries.events(Filters())), ())
    assert len(rows) > 0, "the fixture database should hold events"
    levels = db.query(db_con, queries.partnerships(Filters()))
    open_page(page, f"{app_url}/timeline", "Timeline")
    embeds = rendered_charts(page, 2)
    assert embeds.count() == 2                  # the events, then the partnership bands
    chart = embeds.first
    titles = {"Date (zoom with the mouse wheel, drag to pan)", "Country involved"}
    assert eventually(page, lambda: set(chart.locator(AXIS_TITLES).all_text_contents()), titles) == titles
    points = eventually(page, lambda: chart.locator(POINTS).count(), len(rows))
    assert points == len(rows), "one point per (event, country) row"
    bands = embeds.nth(1).locator("svg g.mark-rect.role-mark > path")
    assert eventually(page, lambda: bands.count(), len(levels)) == len(levels), "one band per partnership level"


def test_trade_chart(page, app_url, db_con):
    # The page's defaults: annual total trade from China's statistics, no low-confidence figures.
    series = db.query(db_con, queries.trade_series(Filters(), flow="total", period="year", side="china", include_low=False))
    assert len(series) > 0, "the fixture database should hold annual China-reported totals"
    open_page(page, f"{app_url}/trade", "Trade with China")
    embeds = rendered_charts(page, 1)
    chart = embeds.first
    titles = {"Period (each figure spans the period it covers)", "US$ billion (China's customs statistics)"}
    assert eventually(page, lambda: set(chart.locator(AXIS_TITLES).all_text_contents()), titles) == titles
    points = eventually(page, lambda: chart.locator(POINTS).count(), len(series))
    assert points == len(series), "one point per trade figure"
