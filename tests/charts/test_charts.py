"""Chart builders are pure: hand-made frames in, Altair / pydeck specs out, checked without
Streamlit or a database. Empty frames give empty charts, never an exception."""
from __future__ import annotations

import json

import pandas as pd
import pytest

from dashboard import charts

T = pd.Timestamp


def events_frame(rows: list[tuple]) -> pd.DataFrame:
    """Columns as dashboard/queries/events.sql returns them (those the builders read)."""
    return pd.DataFrame(rows, columns=["event_id", "start_date", "end_date", "title", "event_type",
                                       "countries", "place_name"]).astype(
        {"start_date": "datetime64[us]", "end_date": "datetime64[us]"})


EVENTS = events_frame([
    ("e2", T("2025-11-19"), T("2025-11-20"), "Dialogue", "strategic_dialogue", "CHN|KGZ", "Bishkek"),
    ("e1", T("2025-04-01"), T("2025-04-30"), "Tour", "visit", "CHN|KAZ|KGZ", None),
])
NO_EVENTS = EVENTS.iloc[0:0]


def series_frame(rows: list[tuple]) -> pd.DataFrame:
    """Columns as dashboard/queries/trade_series.sql returns them."""
    return pd.DataFrame(rows, columns=["trade_id", "partner_iso3", "reporter_iso3", "period_start", "period_end",
                                       "period_label", "period_kind", "flow", "value_usd", "yoy_pct",
                                       "is_lower_bound", "confidence", "source_id", "source"]).astype(
        {"period_start": "datetime64[us]", "period_end": "datetime64[us]", "value_usd": "float64",
         "yoy_pct": "float64", "is_lower_bound": "bool"})


SERIES = series_frame([
    ("t1", "KGZ", "CHN", T("2023-01-01"), T("2023-12-31"), "2023", "year", "total", 19.8e9, 27.9, False, "main", "s", "S"),
    ("t2", "KGZ", "CHN", T("2024-01-01"), T("2024-12-31"), "2024", "year", "total", 22.7e9, None, False, "main", "s", "S"),
])
MIRROR = pd.DataFrame({
    "partner_iso3": ["KGZ"], "period_label": ["2024"], "flow_china_side": ["total"],
    "china_reported_usd": [22.7e9], "partner_reported_usd": [6.1e9],
    "china_source_id": ["gacc"], "partner_source_id": ["stat-kg"],
})
GEO = {"type": "FeatureCollection", "features": [
    {"type": "Feature", "properties": {"iso3": "KGZ", "name": "Kyrgyzstan", "focus": True},
     "geometry": {"type": "Polygon", "coordinates": [[[70, 40], [80, 40], [80, 43], [70, 40]]]}}]}
PLACES = pd.DataFrame({
    "place_id": ["bishkek", "torugart"], "name": ["Bishkek", "Torugart Pass"], "name_local": ["Бишкек", None],
    "country_iso3": ["KGZ", "KGZ"], "kind": ["capital", "border_crossing"], "lat": [42.8747, 40.5925],
    "lon": [74.6122, 75.4272], "events": [2, 0], "event_titles": ["A · B", None]})
PATHS = pd.DataFrame({
    "project_id": ["rail"], "name": ["Railway"], "kind": ["railway"], "status": ["agreed"],
    "status_date": [T("2024-06-06")], "path": [[[75.9938, 39.4681], [73.0, 40.9333]]], "via": ["A → B"]})


def spec(chart) -> dict:
    return chart.to_dict()


def values(chart_dict: dict, view: dict | None = None) -> list[dict]:
    """The inline rows of a chart (or of one of its layers)."""
    view = view or chart_dict
    data = view.get("data", chart_dict.get("data"))
    if "values" in data:
        return data["values"]
    return chart_dict["datasets"][data["name"]]


# ---------------------------------------------------------------- timeline

def test_timeline_rows_put_each_event_on_each_country_involved():
    rows = charts.timeline_rows(EVENTS, ())
    assert list(zip(rows["event_id"], rows["country"])) == [
        ("e2", "China"), ("e2", "Kyrgyzstan"), ("e1", "China"), ("e1", "Kazakhstan"), ("e1", "Kyrgyzstan")]
    assert list(rows["place_name"]) == ["Bishkek", "Bishkek", "(no single place)", "(no single place)",
                                        "(no single place)"]


def test_timeline_rows_keep_only_the_chosen_countries():
    rows = charts.timeline_rows(EVENTS, ("KAZ",))
    assert list(zip(rows["event_id"], rows["country"])) == [("e1", "Kazakhstan")]


def test_timeline_chart_encodings():
    d = spec(charts.timeline_chart(charts.timeline_rows(EVENTS, ())))
    assert d["encoding"]["x"]["field"] == "start_date"
    assert d["encoding"]["x"]["type"] == "temporal"
    assert (d["encoding"]["y"]["field"], d["encoding"]["y"]["type"]) == ("country", "nominal")
    assert d["encoding"]["color"]["field"] == "type"
    assert {p["name"] for p in d["params"]} == {"pick", "zoom"}
    assert sorted({r["event_id"] for r in values(d)}) == ["e1", "e2"]


def test_timeline_window_opens_on_the_last_years_of_a_long_span():
    short = charts.timeline_rows(EVENTS, ())
    assert charts.timeline_window(short) is None
    long = charts.timeline_rows(events_frame([
        ("old", T("2013-09-07"), T("2013-09-07"), "Old", "visit", "CHN|KAZ", None), *EVENTS.itertuples(index=False)]), ())
    assert charts.timeline_window(long) == (T("2022-11-19"), T("2026-01-19"))
    d = spec(charts.timeline_chart(long, charts.timeline_window(long)))
    assert d["encoding"]["x"]["scale"]["domain"] == ["2022-11-19T00:00:00", "2026-01-19T00:00:00"]


def test_timeline_of_no_events_is_an_empty_chart():
    rows = charts.timeline_rows(NO_EVENTS, ())
    assert rows.empty
    assert charts.timeline_window(rows) is None
    assert values(spec(charts.timeline_chart(rows))) == []


# ---------------------------------------------------------------- trade

def test_trade_chart_encodings():
    d = spec(charts.trade_chart(SERIES, EVENTS, "US$ billion (China's customs statistics)", connect=True))
    spans, points, line = d["layer"]    # no event rules: both events fall after the last period
    assert "US$ billion" in spans["encoding"]["y"]["title"]
    assert (spans["encoding"]["x"]["field"], spans["encoding"]["x"]["type"]) == ("period_start", "temporal")
    assert spans["encoding"]["x2"]["field"] == "period_end"
    assert points["encoding"]["y"]["field"] == "value_bn"
    assert line["mark"]["type"] == "line" and line["encoding"]["detail"]["field"] == "segment"
    assert [(r["trade_id"], r["value_bn"]) for r in values(d, spans)] == [("t1", 19.8), ("t2", 22.7)]


def test_trade_chart_marks_events_within_the_figures_span_and_can_skip_the_line():
    events = events_frame([("e0", T("2024-06-06"), T("2024-06-06"), "Agreement", "infrastructure", "CHN|KGZ", None)])
    d = spec(charts.trade_chart(SERIES, pd.concat([EVENTS, events]), "US$ billion", connect=False))
    assert [layer["mark"]["type"] for layer in d["layer"]] == ["rule", "point", "rule"]
    assert [r["title"] for r in values(d, d["layer"][2])] == ["Agreement"]


def test_trade_line_breaks_across_a_gap_of_more_than_a_year():
    gap = series_frame([
        ("a", "KGZ", "CHN", T("2020-01-01"), T("2020-12-31"), "2020", "year", "total", 1e9, None, False, "main", "s", "S"),
        ("b", "KGZ", "CHN", T("2023-01-01"), T("2023-12-31"), "2023", "year", "total", 2e9, None, False, "main", "s", "S"),
        ("c", "KGZ", "CHN", T("2024-01-01"), T("2024-12-31"), "2024", "year", "total", 3e9, None, False, "main", "s", "S"),
    ])
    d = spec(charts.trade_chart(gap, NO_EVENTS, "US$ billion", connect=True))
    assert [r["segment"] for r in values(d, d["layer"][0])] == ["Kyrgyzstan-0", "Kyrgyzstan-1", "Kyrgyzstan-1"]


def test_trade_charts_of_no_figures_are_empty():
    empty = SERIES.iloc[0:0]
    d = spec(charts.trade_chart(empty, EVENTS, "US$ billion", connect=True))
    assert all(values(d, layer) == [] for layer in d["layer"])
    assert values(spec(charts.growth_chart(empty))) == []


def test_growth_chart_shows_only_stated_growth():
    d = spec(charts.growth_chart(SERIES))
    assert [(r["trade_id"], r["yoy_pct"]) for r in values(d)] == [("t1", 27.9)]
    assert d["encoding"]["y"]["field"] == "yoy_pct"


def test_mirror_chart_colours_each_side():
    long = charts.mirror_frame(MIRROR)
    assert [(r.side, r.value_bn, r.source_id) for r in long.itertuples()] == [
        ("China-reported", 22.7, "gacc"), ("Partner-reported", 6.1, "stat-kg")]
    d = spec(charts.mirror_chart(long))
    assert d["encoding"]["color"]["field"] == "side"
    assert d["encoding"]["color"]["scale"]["domain"] == ["China-reported", "Partner-reported"]
    assert "US$ billion" in d["encoding"]["x"]["title"]
    assert {r["pair"] for r in values(d)} == {"Kyrgyzstan · 2024 · Total trade"}


def test_mirror_of_no_pairs_is_an_empty_chart():
    long = charts.mirror_frame(MIRROR.iloc[0:0])
    assert long.empty
    assert values(spec(charts.mirror_chart(long))) == []


# ---------------------------------------------------------------- map

def deck_json(deck) -> dict:
    return json.loads(deck.to_json())


def test_map_deck_layers():
    d = deck_json(charts.map_deck(GEO, PLACES, PATHS, charts.VIEWS["Region"], basemap=True))
    layers = {layer["id"]: layer for layer in d["layers"]}
    assert {"countries", "events", "routes", "places"} <= set(layers)
    assert layers["countries"]["data"]["features"][0]["properties"]["iso3"] == "KGZ"
    assert [(r["place_id"], r["events"]) for r in layers["events"]["data"]] == [("bishkek", 2)]
    assert [r["name"] for r in layers["places"]["data"]] == ["Bishkek", "Torugart Pass"]
    assert layers["routes"]["data"][0]["path"] == [[75.9938, 39.4681], [73.0, 40.9333]]
    assert d["mapProvider"] == "carto"
    lat, lon, zoom = charts.VIEWS["Region"]
    assert (d["initialViewState"]["latitude"], d["initialViewState"]["longitude"],
            d["initialViewState"]["zoom"]) == (lat, lon, zoom)


def test_map_deck_without_basemap_has_no_map_provider():
    deck = charts.map_deck(GEO, PLACES, PATHS, charts.VIEWS["Bishkek"], basemap=False)
    assert deck.map_provider is None
    d = deck_json(deck)
    assert d.get("mapProvider") is None
    assert "cartocdn" not in json.dumps(d)


def test_map_deck_of_nothing_draws_only_the_outlines():
    deck = charts.map_deck(GEO, PLACES.iloc[0:0], PATHS.iloc[0:0], charts.VIEWS["Region"], basemap=False)
    assert [layer["id"] for layer in deck_json(deck)["layers"]] == ["countries"]


def test_map_deck_places_without_events_have_no_event_layer():
    deck = charts.map_deck(GEO, PLACES.assign(events=0), PATHS, charts.VIEWS["Region"], basemap=False)
    ids = [layer["id"] for layer in deck_json(deck)["layers"]]
    assert "events" not in ids and "places" in ids


@pytest.mark.parametrize("view", sorted(charts.VIEWS))
def test_every_view_is_a_valid_place_on_earth(view):
    lat, lon, zoom = charts.VIEWS[view]
    assert -90 <= lat <= 90 and -180 <= lon <= 180 and 1.5 <= zoom <= 14


# ---------------------------------------------------------------- many events, products, bounds

COUNTS = pd.DataFrame({
    "period_start": pd.to_datetime(["2025-01-01", "2025-01-01", "2025-04-01"]),
    "country_iso3": ["CHN", "KGZ", "KGZ"], "event_type": ["visit", "visit", "summit"], "events": [40, 12, 3]})


def test_timeline_summary_chart_draws_one_circle_per_period_country_and_type():
    d = spec(charts.timeline_summary_chart(charts.period_rows(COUNTS), "quarter"))
    assert d["mark"]["type"] == "circle"
    assert (d["encoding"]["x"]["field"], d["encoding"]["x"]["type"]) == ("period_start", "temporal")
    assert d["encoding"]["x"]["title"].startswith("Start of the quarter")
    assert (d["encoding"]["size"]["field"], d["encoding"]["yOffset"]["field"]) == ("events", "type")
    assert [(r["country"], r["type"], r["events"]) for r in values(d)] == [
        ("China", "Visit", 40), ("Kyrgyzstan", "Visit", 12), ("Kyrgyzstan", "Summit", 3)]
    assert d["height"] == 128                    # two countries' rows, not a row per type


def test_timeline_summary_of_nothing_is_empty():
    assert values(spec(charts.timeline_summary_chart(charts.period_rows(COUNTS.iloc[0:0]), "month"))) == []


CHAPTERS = pd.DataFrame({"chapter": ["87", "72"], "description": ["Vehicles", "HS chapter 72"],
                         "value_usd": [122e6, 6e6]})
TREND = pd.DataFrame({"chapter": ["87", "87", "72"], "description": ["Vehicles", "Vehicles", "HS chapter 72"],
                      "year": [2008, 2009, 2009], "value_usd": [14e6, 78e6, 6e6], "months": [7, 12, 12],
                      "basis": ["partial year: as few as 7 of 12 months reported", "sums of 12 monthly figures",
                                "sums of 12 monthly figures"]})


def test_chapter_totals_one_row_per_chapter_in_rank_order():
    rows = TREND.assign(rank=[1, 1, 2], chapter_value_usd=[92e6, 92e6, 6e6])
    totals = charts.chapter_totals(rows)
    assert [tuple(r) for r in totals.itertuples(index=False)] == [
        (1, "87", "Vehicles", 92e6), (2, "72", "HS chapter 72", 6e6)]


def test_chapters_chart_bars_largest_first():
    d = spec(charts.chapters_chart(CHAPTERS))
    assert d["mark"]["type"] == "bar" and d["encoding"]["y"]["sort"] == "-x"
    assert [(r["label"], r["value_bn"]) for r in values(d)] == [("87 · Vehicles", 0.122), ("72 · HS chapter 72", 0.006)]


def test_chapter_trend_chart_marks_partial_years_hollow():
    d = spec(charts.chapter_trend_chart(TREND))
    line, points = d["layer"]
    assert line["mark"]["type"] == "line" and points["mark"]["type"] == "point"
    assert points["encoding"]["fill"]["condition"]["test"] == "(datum.year_is === 'complete')"
    assert points["encoding"]["fill"]["value"] == "white"
    rows = values(d, d)
    assert [(r["year"], r["year_is"]) for r in rows] == [(2008, "partial"), (2009, "complete"), (2009, "complete")]


def test_latest_pairs_keeps_the_latest_periods_in_order():
    mirror = pd.DataFrame({"partner_iso3": ["KAZ", "KAZ", "KGZ", "KGZ"],
                           "period_start": pd.to_datetime(["2023-01-01", "2024-01-01", "2022-01-01", "2024-01-01"]),
                           "period_end": pd.to_datetime(["2023-12-31", "2024-12-31", "2022-12-31", "2024-12-31"])})
    assert list(charts.latest_pairs(mirror, 2).index) == [1, 3]
    assert charts.latest_pairs(mirror, 9) is mirror


def test_map_event_circles_stay_within_bounds_for_huge_counts():
    big = PLACES.assign(events=[100_000, 400])
    layers = {layer["id"]: layer for layer in deck_json(charts.map_deck(GEO, big, PATHS, charts.VIEWS["Region"],
                                                                         basemap=False))["layers"]}
    radii = [r["radius"] for r in layers["events"]["data"]]
    assert radii[0] == pytest.approx(charts.MAX_EVENT_RADIUS) and 6 < radii[1] < radii[0]
    small = {layer["id"]: layer for layer in deck_json(charts.map_deck(GEO, PLACES, PATHS, charts.VIEWS["Region"],
                                                                           basemap=False))["layers"]}
    assert [r["radius"] for r in small["events"]["data"]] == [pytest.approx(2 ** 0.5 * 9 + 6)]   # as before


def test_trade_line_does_not_join_imported_and_reported_figures():
    both = series_frame([
        ("a", "KGZ", "CHN", T("2023-01-01"), T("2023-12-31"), "2023", "year", "export", 1e9, None, False, "main",
         "gacc-2024", "GACC"),
        ("b", "KGZ", "CHN", T("2024-01-01"), T("2024-12-31"), "2024", "year", "export", 2e9, None, False, "main",
         "gacc-2025", "GACC"),
        ("c", "KGZ", "CHN", T("2023-01-01"), T("2023-12-31"), "2023", "year", "export", 3e9, None, False, "main",
         "comtrade-x", "UN Comtrade"),
        ("d", "KGZ", "CHN", T("2024-01-01"), T("2024-12-31"), "2024", "year", "export", 4e9, None, False, "main",
         "comtrade-y", "UN Comtrade"),
    ])
    d = spec(charts.trade_chart(both, NO_EVENTS, "US$ billion", connect=True))
    segments = {r["trade_id"]: r["segment"] for r in values(d, d["layer"][0])}
    assert segments["a"] == segments["b"] != segments["c"] == segments["d"]


# ---------------------------------------------------------------- the schema check the app skips

LEVELS = pd.DataFrame({
    "country": ["Kyrgyzstan", "Kyrgyzstan"], "level": ["Strategic partnership", "Comprehensive strategic partnership"],
    "valid_from": [T("2013-09-11"), T("2018-06-06")], "valid_to": [T("2018-06-06"), None],
    "date_precision": ["day", "day"], "event_title": ["State visit", None]})


def every_chart() -> dict:
    """One chart of each builder the pages and the brief draw, from this module's frames."""
    return {
        "timeline": charts.timeline_chart(charts.timeline_rows(EVENTS, ()), None),
        "summary": charts.timeline_summary_chart(charts.period_rows(COUNTS), "quarter"),
        "partnership": charts.partnership_chart(charts.partnership_rows(LEVELS, T("2025-12-31"))),
        "trade": charts.trade_chart(SERIES, EVENTS, "US$ billion", True),
        "growth": charts.growth_chart(SERIES),
        "mirror": charts.mirror_chart(charts.mirror_frame(MIRROR)),
        "chapters": charts.chapters_chart(CHAPTERS),
        "chapter_trend": charts.chapter_trend_chart(TREND),
        "region_map": charts.region_map_chart(GEO, PLACES, PATHS, width=680, height=440),
    }


@pytest.mark.parametrize("name", sorted(every_chart()))
def test_every_chart_passes_the_vega_lite_schema(name):
    """The app serves charts with Altair's schema check skipped (ui.served, for speed): the check is
    here, on every builder. A spec the schema refuses raises."""
    every_chart()[name].to_dict(validate=True)


def test_a_served_chart_is_the_same_spec_without_the_check(monkeypatch):
    from altair.utils import schemapi

    from dashboard import ui
    chart = every_chart()["trade"]
    checked = chart.to_dict()
    whole = []       # whether each check was of a whole chart (Altair also checks selection parameters)
    check = schemapi.validate_jsonschema

    def spy(instance, *args, **kwargs):
        whole.append(isinstance(instance, dict) and ("layer" in instance or "mark" in instance))
        return check(instance, *args, **kwargs)
    monkeypatch.setattr(schemapi, "validate_jsonschema", spy)
    assert ui.served(chart).to_dict() == checked
    assert True not in whole                     # the whole spec is not checked on the served path
    every_chart()["trade"].to_dict()
    assert True in whole                         # ... which the spy sees on a chart not served
