"""Trade page with UN Comtrade product lines (the session's product_db): the product view shows
exactly the top chapters, top products and the chapters' yearly trend of the query layer (whose
values tests/queries/test_products.py checks), follows the page's flow and side, and marks partial
years; the all-goods series and the mirror keep to TOTAL figures."""
from __future__ import annotations

import pytest
from apptools import assert_clean, captions, open_page, vega_charts

from dashboard import charts, db, queries, settings
from dashboard.filters import Filters

KAZ_2007_2009 = {"countries": "KAZ", "start": "2007-01-01", "end": "2009-12-31"}


@pytest.fixture(autouse=True)
def app_on_product_db(product_db, monkeypatch):
    monkeypatch.setenv("MONITOR_DB", str(product_db))


@pytest.fixture(scope="module")
def pcon(product_db):
    from dashboard.db import connect

    connection = connect(product_db)
    yield connection
    connection.close()


def choose(at, flow=None, side=None, period=None):
    if flow:
        [box] = [s for s in at.selectbox if s.label == "Flow (China's side)"]
        box.set_value(flow)
    if period:
        [box] = [s for s in at.selectbox if s.label == "Period"]
        box.set_value(period)
    if side:
        [radio] = [r for r in at.radio if r.label == "Statistics of"]
        radio.set_value(side)
    at.run()
    assert_clean(at)
    return at


def test_product_view_shows_the_hand_written_years():
    at = choose(open_page("trade", KAZ_2007_2009), flow="export")
    assert "What is traded: china's exports to the partner by HS chapter and product" in [s.value for s in at.header]
    drawn = [c for c in vega_charts(at) if c.spec.get("mark", {}).get("type") == "bar"
             and c.spec["encoding"]["y"]["field"] == "label"]
    [bars] = drawn
    data = bars.data_of(bars.spec)
    assert list(zip(data["chapter"], data["value_bn"])) == [("87", pytest.approx(0.122)), ("72", pytest.approx(0.006))]
    [products] = [df.value for df in at.dataframe if "commodity_code" in df.value.columns]
    assert list(zip(products["commodity_code"], products["value_bn"])) == [
        ("870321", pytest.approx(0.122)), ("720839", pytest.approx(0.006))]
    trend = [c for c in vega_charts(at) if "layer" in c.spec and any("year_is" in c.data_of(v) for v in c.views())]
    [trend] = trend
    rows = trend.data_of(trend.views()[0])
    assert sorted(zip(rows["chapter"], rows["year"], rows["value_bn"].round(6), rows["year_is"])) == [
        ("72", 2009, 0.006, "complete"), ("87", 2007, 0.03, "complete"), ("87", 2008, 0.014, "partial"),
        ("87", 2009, 0.078, "complete")]
    assert any("Hollow points are partial years (fewer than 12 months reported): 2008" in c for c in captions(at))


@pytest.mark.parametrize("flow, side", [("total", "china"), ("export", "partner"), ("import", "china")])
def test_product_view_is_the_query_result_for_the_page_choices(pcon, flow, side):
    at = choose(open_page("trade"), flow=flow, side=side)
    f = Filters()
    rows = db.query(pcon, queries.trade_top_chapters(f, flow=flow, side=side, include_low=False, limit=settings.TOP_CHAPTERS))
    expected = charts.chapter_totals(rows)
    [bars] = [c for c in vega_charts(at) if c.spec.get("mark", {}).get("type") == "bar"
              and c.spec["encoding"]["y"]["field"] == "label"]
    data = bars.data_of(bars.spec)
    assert list(data["chapter"]) == list(expected["chapter"]) and len(data) == settings.TOP_CHAPTERS
    assert list(data["value_bn"]) == pytest.approx(list(expected["value_usd"] / 1e9))
    [products] = [df.value for df in at.dataframe if "commodity_code" in df.value.columns]
    top = db.query(pcon, queries.trade_top_products(f, flow=flow, side=side, include_low=False, limit=settings.TOP_PRODUCTS))
    assert list(products["commodity_code"]) == list(top["commodity_code"])
    trend = rows[rows["rank"] <= settings.TREND_CHAPTERS]
    [chart] = [c for c in vega_charts(at) if "layer" in c.spec and any("year_is" in c.data_of(v) for v in c.views())]
    drawn = chart.data_of(chart.views()[0])
    assert sorted(zip(drawn["chapter"], drawn["year"], drawn["value_bn"])) == sorted(
        zip(trend["chapter"], trend["year"], trend["value_usd"] / 1e9))
    assert drawn["chapter"].nunique() == settings.TREND_CHAPTERS


def test_all_goods_series_and_mirror_keep_to_totals(pcon):
    at = choose(open_page("trade", {"countries": "KGZ"}), flow="export")
    chart = [c for c in vega_charts(at) if any({"trade_id", "mid"} <= set(c.data_of(v).columns) for v in c.views())]
    [chart] = chart
    [spans] = [v for v in chart.views() if "x2" in v["encoding"]]
    ids = set(chart.data_of(spans)["trade_id"])
    codes = dict(pcon.execute("select trade_id, commodity_code from trade").fetchall())
    assert ids and {codes[i] for i in ids} == {"TOTAL"}
    assert ids == set(db.query(pcon, queries.trade_series(Filters(("KGZ",)), flow="export", period="year", side="china", include_low=False))["trade_id"])
    [table] = [df.value for df in at.dataframe if "period_label" in df.value.columns]
    assert len(table) == len(db.query(pcon, queries.trade_mirror(Filters(("KGZ",)), include_low=False, period="year")))


def test_monthly_series_is_its_own_period(pcon):
    at = choose(open_page("trade", {"countries": "KGZ"}), flow="import", period="month")
    [chart] = [c for c in vega_charts(at) if any({"trade_id", "mid"} <= set(c.data_of(v).columns) for v in c.views())]
    [spans] = [v for v in chart.views() if "x2" in v["encoding"]]
    data = chart.data_of(spans)
    assert set(data["period_kind"]) == {"month"}
    assert len(data) == len(db.query(pcon, queries.trade_series(Filters(("KGZ",)), flow="import", period="month", side="china", include_low=False))) > 12


def test_product_view_says_when_the_filter_has_no_lines():
    at = choose(open_page("trade", {"countries": "KAZ", "start": "2000-01-01", "end": "2005-12-31"}))
    assert any("product lines (HS6) for total trade (exports + imports) match the current filters" in i.value
               for i in at.info)
