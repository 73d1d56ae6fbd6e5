"""Details of the trade charts an analyst reads off: the growth bars' partners and colours, and the
precision of the product charts' tooltips."""
from __future__ import annotations

from dashboard import charts
from tests.charts.test_alt_texts import growth_series
from tests.charts.test_charts import CHAPTERS, TREND, spec, values


def test_growth_bars_are_each_stated_rate_by_partner_name():
    """Every figure with a stated rate is a bar (a missing confidence or source does not drop it),
    coloured by the partner's name; an unknown code is shown as it is."""
    series = growth_series().assign(partner_iso3=["KGZ", "KGZ", "XYZ", "KAZ"])
    d = spec(charts.growth_chart(series))
    assert [(r["trade_id"], r["partner"], r["period_label"], r["yoy_pct"]) for r in values(d)] == [
        ("t1", "Kyrgyzstan", "2023", 27.9), ("t3", "XYZ", "2024", -4.04), ("t4", "Kazakhstan", "2023", 5.0)]


def test_growth_bars_use_the_trade_charts_partner_colours():
    """Same scheme as the trade chart above it, so a partner keeps its colour across the page."""
    d = spec(charts.growth_chart(growth_series()))
    assert d["encoding"]["color"]["scale"] == {"scheme": "tableau10"}
    assert d["encoding"]["color"]["title"] == "China's partner"
    trade = spec(charts.trade_chart(growth_series(), growth_series().iloc[0:0], "US$ billion", False))
    assert trade["layer"][0]["encoding"]["color"]["scale"] == d["encoding"]["color"]["scale"]


def test_product_tooltips_show_billions_to_three_decimals():
    """US$ 0.006 bn (6 million) must not read as 0.01 or 6e-3: three fixed decimals."""
    bars = spec(charts.chapters_chart(CHAPTERS))
    assert [(t["field"], t.get("format")) for t in bars["encoding"]["tooltip"]] == [
        ("label", None), ("value_bn", ",.3f")]
    trend = spec(charts.chapter_trend_chart(TREND))
    points = trend["layer"][1]
    assert [(t["field"], t.get("format")) for t in points["encoding"]["tooltip"]] == [
        ("label", None), ("year", None), ("value_bn", ",.3f"), ("basis", None)]
