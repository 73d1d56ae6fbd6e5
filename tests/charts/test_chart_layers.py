"""Every layer of every chart: which field each channel draws, of what type, in what unit.

A layer that draws `value_usd` under a "US$ billion" axis puts figures a billion times too large on
the analyst's screen while the title and the other layers look right; so each layer's channels are
compared whole ({channel: (field, type)}), every value axis or tooltip titled in US$ billion must
draw `value_bn`, and the rows each layer draws are checked against hand-computed billions.
"""
from __future__ import annotations

import json

import pandas as pd
import pytest

from dashboard import charts
from tests.charts.test_charts import (CHAPTERS, COUNTS, EVENTS, GEO, MIRROR, PATHS, PLACES, SERIES, TREND, T,
                                      events_frame, spec, values)

N, Q, TT, O = "nominal", "quantitative", "temporal", "ordinal"


def channels(view: dict) -> dict:
    """{channel: (field, type)} of a view; a tooltip is the list of its fields."""
    out = {}
    for channel, e in view.get("encoding", {}).items():
        if isinstance(e, list):
            out[channel] = [(x["field"], x["type"]) for x in e]
        elif "field" in e:
            out[channel] = (e["field"], e.get("type"))
        else:
            out[channel] = e
    return out


def billion_channels_draw_billions(view: dict) -> None:
    """Any channel or tooltip titled in US$ billion draws value_bn, and only such a title does."""
    for channel, e in view.get("encoding", {}).items():
        for item in e if isinstance(e, list) else [e]:
            if "US$ billion" in str(item.get("title", "")):
                assert item.get("field") == "value_bn", (channel, item)
            if item.get("field") == "value_bn" and item.get("title") is not None:
                assert "US$ billion" in item["title"], (channel, item)


AGREEMENT = events_frame([("e0", T("2024-06-06"), T("2024-06-06"), "Agreement", "infrastructure", "CHN|KGZ", None)])
TRADE_TIPS = [("partner", N), ("period_label", N), ("value_bn", Q), ("yoy_pct", Q), ("bound", N), ("source", N)]


def test_trade_chart_layers_draw_billions_over_each_period():
    d = spec(charts.trade_chart(SERIES, pd.concat([EVENTS, AGREEMENT]), "US$ billion (China's customs)", True))
    spans, points, line, rules = d["layer"]
    assert [v["mark"]["type"] for v in d["layer"]] == ["rule", "point", "line", "rule"]
    assert channels(spans) == {"x": ("period_start", TT), "x2": ("period_end", None), "y": ("value_bn", Q),
                               "color": ("partner", N), "tooltip": TRADE_TIPS}
    assert spans["encoding"]["y"]["title"] == "US$ billion (China's customs)"
    assert channels(points) == {"x": ("mid", TT), "y": ("value_bn", Q), "color": ("partner", N),
                                "tooltip": TRADE_TIPS}
    assert channels(line) == {"x": ("mid", TT), "y": ("value_bn", Q), "color": ("partner", N),
                              "detail": ("segment", N)}
    assert channels(rules) == {"x": ("start_date", TT),
                               "tooltip": [("title", N), ("start_date", TT), ("type", N)]}
    for view in d["layer"]:
        billion_channels_draw_billions(view)
    # The rows the three figure layers share: billions, and each period's middle day.
    assert [(r["trade_id"], r["value_bn"], r["mid"], r["partner"], r["bound"]) for r in values(d, spans)] == [
        ("t1", 19.8, "2023-07-02T00:00:00", "Kyrgyzstan", ""), ("t2", 22.7, "2024-07-01T12:00:00", "Kyrgyzstan", "")]
    assert values(d, points) == values(d, line) == values(d, spans)
    assert [(r["start_date"], r["title"], r["type"]) for r in values(d, rules)] == [
        ("2024-06-06T00:00:00", "Agreement", "Infrastructure milestone")]


def test_trade_chart_marks_a_lower_bound():
    bound = SERIES.assign(is_lower_bound=[True, False])
    d = spec(charts.trade_chart(bound, EVENTS.iloc[0:0], "US$ billion", False))
    assert [r["bound"] for r in values(d, d["layer"][0])] == ["lower bound", ""]


def test_growth_chart_layer():
    d = spec(charts.growth_chart(SERIES))
    assert d["mark"]["type"] == "bar"
    assert channels(d) == {"x": ("period_label", N), "xOffset": ("partner", N), "y": ("yoy_pct", Q),
                           "color": ("partner", N),
                           "tooltip": [("partner", N), ("period_label", N), ("yoy_pct", Q), ("source", N)]}
    assert d["encoding"]["x"]["sort"] == {"field": "period_start", "op": "min"}
    assert "%" in d["encoding"]["y"]["title"]


def test_mirror_chart_layer_draws_billions():
    long = charts.mirror_frame(MIRROR)
    d = spec(charts.mirror_chart(long))
    assert d["mark"]["type"] == "bar"
    assert channels(d) == {"y": ("pair", N), "yOffset": ("side", N), "x": ("value_bn", Q), "color": ("side", N),
                           "tooltip": [("pair", N), ("side", N), ("value_bn", Q), ("source_id", N)]}
    assert d["encoding"]["x"]["title"] == "US$ billion"
    billion_channels_draw_billions(d)
    assert [(r["pair"], r["side"], r["value_bn"], r["source_id"]) for r in values(d)] == [
        ("Kyrgyzstan · 2024 · Total trade", "China-reported", 22.7, "gacc"),
        ("Kyrgyzstan · 2024 · Total trade", "Partner-reported", 6.1, "stat-kg")]
    assert d["encoding"]["color"]["scale"]["range"] == ["#c0392b", "#2c7fb8"]


@pytest.mark.parametrize("flow, words", sorted(charts.FLOW_WORDS.items()))
def test_mirror_pairs_name_the_flow(flow, words):
    long = charts.mirror_frame(MIRROR.assign(flow_china_side=[flow]))
    assert set(long["pair"]) == {f"Kyrgyzstan · 2024 · {words}"}


def test_chapters_chart_layer_draws_billions():
    d = spec(charts.chapters_chart(CHAPTERS))
    assert channels(d) == {"y": ("label", N), "x": ("value_bn", Q),
                           "tooltip": [("label", N), ("value_bn", Q)]}
    assert d["encoding"]["x"]["title"].startswith("US$ billion")
    billion_channels_draw_billions(d)
    assert [(r["label"], r["value_bn"]) for r in values(d)] == [("87 · Vehicles", 0.122), ("72 · HS chapter 72", 0.006)]


def test_chapter_trend_chart_layers_draw_billions():
    d = spec(charts.chapter_trend_chart(TREND))
    line, points = d["layer"]
    assert channels(line) == {"x": ("year", O), "y": ("value_bn", Q), "color": ("label", N)}
    fill = points["encoding"]["fill"]
    assert (fill["condition"]["field"], fill["value"]) == ("label", "white")
    assert {k: v for k, v in channels(points).items() if k != "fill"} == {
        "x": ("year", O), "y": ("value_bn", Q), "color": ("label", N),
        "tooltip": [("label", N), ("year", O), ("value_bn", Q), ("basis", N)]}
    for view in (line, points):
        assert view["encoding"]["y"]["title"] == "US$ billion"
        billion_channels_draw_billions(view)
    assert [(r["label"], r["year"], r["value_bn"], r["year_is"]) for r in values(d, d)] == [
        ("87 · Vehicles", 2008, 0.014, "partial"), ("87 · Vehicles", 2009, 0.078, "complete"),
        ("72 · HS chapter 72", 2009, 0.006, "complete")]


def test_timeline_layers():
    d = spec(charts.timeline_chart(charts.timeline_rows(EVENTS, ())))
    assert channels(d) == {"x": ("start_date", TT), "y": ("country", N), "color": ("type", N), "shape": ("type", N),
                           "tooltip": [("title", N), ("start_date", TT), ("end_date", TT), ("type", N),
                                       ("place_name", N)]}
    s = spec(charts.timeline_summary_chart(charts.period_rows(COUNTS), "month"))
    assert channels(s) == {"x": ("period_start", TT), "y": ("country", N), "yOffset": ("type", N),
                           "size": ("events", Q), "color": ("type", N),
                           "tooltip": [("period_start", TT), ("country", N), ("type", N), ("events", Q)]}
    assert s["encoding"]["tooltip"][0]["format"] == "%Y-%m"
    assert s["encoding"]["size"]["title"] == "Events per month"


def test_map_layers_draw_positions_radii_and_colours():
    layers = {layer["id"]: layer for layer in
              json.loads(charts.map_deck(GEO, PLACES, PATHS, charts.VIEWS["Region"], basemap=False).to_json())["layers"]}
    assert list(layers) == ["countries", "events", "routes_casing", "routes", "places", "labels"]
    events, places, labels = layers["events"], layers["places"], layers["labels"]
    assert (events["getPosition"], events["getRadius"], events["radiusUnits"]) == ("@@=[lon, lat]", "@@=radius", "pixels")
    assert events["data"] == [{"place_id": "bishkek", "name": "Bishkek", "lon": 74.6122, "lat": 42.8747,
                               "radius": pytest.approx(2 ** 0.5 * 9 + 6), "events": 2,
                               "tip": "<b>Bishkek: 2 events</b><br/>A · B<br/><i>Click for the records</i>"}]
    assert (places["getPosition"], places["getFillColor"], places["getRadius"]) == ("@@=[lon, lat]", "@@=color", 5)
    assert [(r["name"], r["lon"], r["lat"], r["color"]) for r in places["data"]] == [
        ("Bishkek", 74.6122, 42.8747, charts.PLACE_COLORS["capital"]),
        ("Torugart Pass", 75.4272, 40.5925, charts.PLACE_COLORS["border_crossing"])]
    assert [r["tip"] for r in places["data"]] == [
        "<b>Bishkek</b> Бишкек<br/>Capital, Kyrgyzstan<br/>2 events in the filter",
        "<b>Torugart Pass</b> <br/>Border crossing, Kyrgyzstan<br/>0 events in the filter"]
    assert (labels["getPosition"], labels["getText"], labels["getPixelOffset"], labels["getTextAnchor"]) == (
        "@@=[lon, lat]", "@@=name", "@@=offset", "@@=anchor")
    assert [(r["name"], r["offset"], r["anchor"]) for r in labels["data"]] == [
        ("Bishkek", [0, -14], "middle"), ("Torugart Pass", [9, 0], "start")]
    for route in ("routes_casing", "routes"):
        assert layers[route]["getPath"] == "@@=path"
        assert [r["path"] for r in layers[route]["data"]] == [[[75.9938, 39.4681], [73.0, 40.9333]]]
    assert layers["routes"]["data"][0]["tip"] == "<b>Railway</b><br/>A → B<br/>Status: agreed (2024-06-06)"
    # the outlines as given (a static file's URL in the app), not pickable: they carry no tooltip
    assert (layers["countries"]["data"], layers["countries"]["pickable"]) == (GEO, False)
    assert layers["countries"]["getFillColor"] == "@@=properties.focus ? [244, 232, 200, 170] : [225, 225, 225, 120]"


def test_unknown_codes_are_shown_as_they_are():
    """A code missing from the name tables (a new partner, a new event type) is shown as its code."""
    long = charts.mirror_frame(MIRROR.assign(partner_iso3=["XYZ"]))
    assert set(long["partner"]) == {"XYZ"}
    rows = charts.period_rows(COUNTS.assign(country_iso3=["XYZ", "KGZ", "KGZ"], event_type=["new_kind", "visit", "summit"]))
    assert list(zip(rows["country"], rows["type"])) == [("XYZ", "new_kind"), ("Kyrgyzstan", "Visit"), ("Kyrgyzstan", "Summit")]
    d = spec(charts.trade_chart(SERIES.assign(partner_iso3=["XYZ", "XYZ"]), EVENTS.iloc[0:0], "US$ billion", False))
    assert {r["partner"] for r in values(d, d["layer"][0])} == {"XYZ"}


def test_empty_mirror_frame_has_the_chart_columns():
    long = charts.mirror_frame(MIRROR.iloc[0:0])
    assert list(long.columns) == ["pair", "partner", "side", "value_bn", "period_label", "flow"]
    assert charts.mirror_frame(MIRROR).index.tolist() == [0, 1]


def test_latest_pairs_cut_at_its_bounds():
    mirror = pd.DataFrame({"period_start": pd.to_datetime(["2023-01-01", "2024-01-01", "2022-01-01", "2025-01-01"]),
                           "period_end": pd.to_datetime(["2023-12-31", "2024-12-31", "2022-12-31", "2025-12-31"])})
    assert charts.latest_pairs(mirror, 4) is mirror              # as many pairs as the bound: all
    assert list(charts.latest_pairs(mirror, 3).index) == [0, 1, 3]
    assert list(charts.latest_pairs(mirror, 1).index) == [3]


def test_timeline_window_opens_only_beyond_five_years():
    def rows(last: str) -> pd.DataFrame:
        return charts.timeline_rows(events_frame([
            ("a", T("2010-01-01"), T("2010-01-01"), "A", "visit", "CHN", None),
            ("b", T(last), T(last), "B", "visit", "CHN", None)]), ())
    exactly = (T("2010-01-01") + pd.Timedelta(days=365 * 5)).date().isoformat()
    assert charts.timeline_window(rows(exactly)) is None                  # 5 × 365 days: all of it
    later = (T("2010-01-01") + pd.Timedelta(days=365 * 5 + 1)).date().isoformat()
    assert charts.timeline_window(rows(later)) == (T(later) - pd.DateOffset(years=3), T(later) + pd.DateOffset(months=2))


def test_chart_orders_and_interactions():
    """What the rows are sorted by, and what clicking and zooming act on."""
    countries = list(charts.COUNTRY_NAMES.values())
    t = spec(charts.timeline_chart(charts.timeline_rows(EVENTS, ())))
    assert t["encoding"]["y"]["sort"] == countries
    params = {p["name"]: p["select"] for p in t["params"]}
    assert params["pick"] == {"type": "point", "fields": ["event_id"], "on": "click", "clear": "dblclick"}
    assert params["zoom"] == {"type": "interval", "encodings": ["x"]}
    assert [p.get("bind") for p in t["params"] if p["name"] == "zoom"] == ["scales"]
    s = spec(charts.timeline_summary_chart(charts.period_rows(COUNTS), "year"))
    assert s["encoding"]["y"]["sort"] == countries
    assert [(p["name"], p["select"], p.get("bind")) for p in s["params"]] == [
        ("zoom", {"type": "interval", "encodings": ["x"]}, "scales")]
    assert spec(charts.mirror_chart(charts.mirror_frame(MIRROR)))["encoding"]["y"]["sort"] is None   # as given
    totals = charts.chapter_totals(TREND.assign(rank=[1, 1, 2], chapter_value_usd=[92e6, 92e6, 6e6]))
    assert list(totals.columns) == ["rank", "chapter", "description", "value_usd"]
