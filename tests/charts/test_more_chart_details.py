"""What an analyst reads off the partnership band chart, the event timeline, the summary of many
events, the mirror bars and the static map's helpers: fields, titles, colours, sort orders and the
exact words of each row."""
from __future__ import annotations

import pandas as pd

from dashboard import charts
from tests.charts.test_charts import COUNTS, EVENTS, LEVELS, MIRROR, PATHS, SERIES, events_frame, series_frame, spec, \
    values

T = pd.Timestamp
COUNTRY_ORDER = ["China", "Kazakhstan", "Kyrgyzstan", "Tajikistan", "Turkmenistan", "Uzbekistan",
                 "Central Asia (5)", "Brazil"]
PARTNERSHIP_TOOLTIP = [
    {"field": "country", "type": "nominal", "title": "Country"},
    {"field": "level", "type": "nominal", "title": "Partnership"},
    {"field": "period", "type": "nominal", "title": "From – to"},
    {"field": "event_title", "type": "nominal", "title": "Announced at"},
]


# ---------------------------------------------------------------- partnership levels

def partnership_spec() -> dict:
    return spec(charts.partnership_chart(charts.partnership_rows(LEVELS, T("2025-12-31"))))


def test_partnership_rows_end_each_bar_at_the_next_level_or_the_end_of_the_record():
    rows = charts.partnership_rows(LEVELS, "2025-12-31")
    assert list(rows.columns) == ["country", "level", "valid_from", "bar_end", "period", "event_title", "in_force"]
    assert list(rows["valid_from"]) == [T("2013-09-11"), T("2018-06-06")]
    assert list(rows["bar_end"]) == [T("2018-06-06"), T("2025-12-31")]
    assert list(rows["period"]) == ["11 Sep 2013 – 6 Jun 2018", "6 Jun 2018 – in force"]
    assert list(rows["event_title"]) == ["State visit", "(no event recorded)"]
    assert list(rows["in_force"]) == [False, True]
    assert list(rows["country"]) == ["Kyrgyzstan", "Kyrgyzstan"]


def test_partnership_period_words_follow_the_start_dates_precision():
    """The start is as precise as the record says; an end (the next level's start) is always a day."""
    levels = pd.DataFrame({
        "country": ["Tajikistan", "Tajikistan", "Uzbekistan"],
        "level": ["Strategic partnership", "Comprehensive strategic partnership", "Good neighbours"],
        "valid_from": [T("2013-05-01"), T("2017-08-31"), T("1992-01-01")],
        "valid_to": [T("2017-08-31"), None, None],
        "date_precision": ["month", "day", "year"], "event_title": [None, "Visit", None]})
    rows = charts.partnership_rows(levels, T("2026-01-01"))
    assert list(rows["period"]) == ["May 2013 – 31 Aug 2017", "31 Aug 2017 – in force", "1992 – in force"]
    assert list(rows["bar_end"]) == [T("2017-08-31"), T("2026-01-01"), T("2026-01-01")]
    assert list(rows["event_title"]) == ["(no event recorded)", "Visit", "(no event recorded)"]
    assert list(rows["in_force"]) == [False, True, True]


def test_partnership_rows_of_nothing_keep_the_columns():
    rows = charts.partnership_rows(LEVELS.iloc[0:0], T("2025-12-31"))
    assert rows.empty
    assert list(rows.columns) == ["country", "level", "valid_from", "bar_end", "period", "event_title", "in_force"]


def test_partnership_chart_draws_bars_and_then_labels():
    d = partnership_spec()
    assert [layer["mark"]["type"] for layer in d["layer"]] == ["bar", "text"]
    assert d["height"] == {"step": 34}
    assert d["width"] == "container"
    rows = values(d)
    assert [(r["level"], r["period"], r["in_force"]) for r in rows] == [
        ("Strategic partnership", "11 Sep 2013 – 6 Jun 2018", False),
        ("Comprehensive strategic partnership", "6 Jun 2018 – in force", True)]
    assert [r["event_title"] for r in rows] == ["State visit", "(no event recorded)"]


def test_partnership_bars_span_each_level_on_its_countrys_row():
    bars = partnership_spec()["layer"][0]
    assert bars["mark"] == {"type": "bar", "height": 22, "stroke": "white", "strokeWidth": 2}
    enc = bars["encoding"]
    assert enc["x"] == {"field": "valid_from", "type": "temporal",
                        "title": "Partnership level with China (hover for its words and dates)"}
    assert enc["x2"] == {"field": "bar_end"}
    assert enc["y"] == {"field": "country", "type": "nominal", "title": None, "sort": COUNTRY_ORDER}
    assert enc["tooltip"] == PARTNERSHIP_TOOLTIP


def test_partnership_bars_grey_before_and_blue_in_force():
    color = partnership_spec()["layer"][0]["encoding"]["color"]
    assert color == {"field": "in_force", "type": "nominal", "legend": None,
                     "scale": {"domain": [False, True], "range": ["#d4d4d4", "#9ecae1"]}}


def test_partnership_label_names_only_the_level_in_force_at_the_bars_end():
    labels = partnership_spec()["layer"][1]
    assert labels["transform"] == [{"filter": "datum.in_force"}]
    assert labels["mark"] == {"type": "text", "align": "right", "dx": -4, "fontSize": 11, "color": "black",
                              "limit": 420}
    enc = labels["encoding"]
    assert enc["x"] == {"field": "bar_end", "type": "temporal"}
    assert enc["text"] == {"field": "level", "type": "nominal"}
    assert enc["y"] == {"field": "country", "type": "nominal", "title": None, "sort": COUNTRY_ORDER}
    assert enc["tooltip"] == PARTNERSHIP_TOOLTIP


# ---------------------------------------------------------------- timeline

TIMELINE_COLUMNS = ["event_id", "start_date", "end_date", "title", "event_type", "type", "country", "place_name"]


def test_timeline_rows_columns_names_and_types():
    rows = charts.timeline_rows(EVENTS, ())
    assert list(rows.columns) == TIMELINE_COLUMNS
    assert [tuple(r) for r in rows[["event_id", "title", "event_type", "type", "country"]].itertuples(index=False)] == [
        ("e2", "Dialogue", "strategic_dialogue", "Strategic dialogue", "China"),
        ("e2", "Dialogue", "strategic_dialogue", "Strategic dialogue", "Kyrgyzstan"),
        ("e1", "Tour", "visit", "Visit", "China"),
        ("e1", "Tour", "visit", "Visit", "Kazakhstan"),
        ("e1", "Tour", "visit", "Visit", "Kyrgyzstan")]
    assert list(rows["start_date"]) == [T("2025-11-19")] * 2 + [T("2025-04-01")] * 3
    assert list(rows["end_date"]) == [T("2025-11-20")] * 2 + [T("2025-04-30")] * 3


def test_timeline_rows_show_unknown_codes_as_they_are():
    events = events_frame([("e9", T("2024-01-01"), T("2024-01-01"), "Talks", "consultation", "CHN|RUS", "Moscow")])
    rows = charts.timeline_rows(events, ())
    assert list(rows["country"]) == ["China", "RUS"]
    assert list(rows["type"]) == ["consultation", "consultation"]
    assert list(rows["place_name"]) == ["Moscow", "Moscow"]


def test_timeline_rows_of_an_event_without_countries_is_one_nameless_row():
    events = events_frame([("e9", T("2024-01-01"), T("2024-01-01"), "Talks", "summit", None, None)])
    rows = charts.timeline_rows(events, ())
    assert list(rows["country"]) == [""]
    assert list(rows["type"]) == ["Summit"]
    assert list(rows["place_name"]) == ["(no single place)"]
    assert charts.timeline_rows(events, ("KGZ",)).empty


def test_timeline_rows_of_nothing_keep_the_columns():
    rows = charts.timeline_rows(EVENTS.iloc[0:0], ())
    assert rows.empty
    assert list(rows.columns) == TIMELINE_COLUMNS


def test_timeline_chart_rows_are_46_pixels_apart():
    d = spec(charts.timeline_chart(charts.timeline_rows(EVENTS, ())))
    assert d["height"] == {"step": 46}
    assert d["width"] == "container"
    assert d["encoding"]["y"]["sort"] == COUNTRY_ORDER


# ---------------------------------------------------------------- many events: counts per period

def test_timeline_summary_circle_sizes_and_height():
    d = spec(charts.timeline_summary_chart(charts.period_rows(COUNTS), "quarter"))
    assert d["encoding"]["size"] == {"field": "events", "type": "quantitative", "title": "Events per quarter",
                                     "scale": {"range": [12, 500]}}
    assert d["height"] == 128           # two countries at 64 px
    one = spec(charts.timeline_summary_chart(charts.period_rows(COUNTS[COUNTS["country_iso3"] == "KGZ"]), "month"))
    assert one["height"] == 120         # never below 120 px
    assert one["encoding"]["size"]["title"] == "Events per month"


# ---------------------------------------------------------------- mirror

def test_mirror_frame_numbers_a_second_pair_of_the_same_flow_and_period():
    mirror = pd.concat([MIRROR, MIRROR.assign(china_source_id="comtrade-chn")], ignore_index=True)
    long = charts.mirror_frame(mirror)
    assert list(long["pair"]) == ["Kyrgyzstan · 2024 · Total trade", "Kyrgyzstan · 2024 · Total trade (2)"] * 2
    assert list(long["side"]) == ["China-reported"] * 2 + ["Partner-reported"] * 2


def test_mirror_chart_colour_legend_and_tooltip_format():
    d = spec(charts.mirror_chart(charts.mirror_frame(MIRROR)))
    assert d["encoding"]["color"]["title"] == "Whose statistics"
    assert [(t["field"], t["title"], t.get("format")) for t in d["encoding"]["tooltip"]] == [
        ("pair", "Flow", None), ("side", "Reported by", None), ("value_bn", "US$ billion", ",.2f"),
        ("source_id", "Source id", None)]


def test_flow_words_inside_a_sentence():
    assert charts._in_sentence("Total trade") == "total trade"
    assert charts._in_sentence("China's exports") == "China's exports"
    assert charts._in_sentence("Exports") == "exports"


# ---------------------------------------------------------------- map

def test_map_deck_uses_carto_basemap():
    deck = charts.map_deck({"type": "FeatureCollection", "features": []}, pd.DataFrame(), PATHS.iloc[0:0],
                           charts.VIEWS["Region"])
    assert deck.map_provider == "carto"
    assert deck.map_style == charts.CARTO_LIGHT


def test_map_alt_of_no_places_at_all():
    assert charts.map_alt(pd.DataFrame(), PATHS.iloc[0:0]) == (
        "Map of China and the five Central Asian states with 0 places; no event of the filter has a place.")


def test_hex_drops_the_alpha():
    assert charts._hex([1, 2, 171, 255]) == "#0102ab"
    assert charts._hex(charts.EVENT_COLOR) == "#c81e2d"


def ring_feature(*rings, multi=False) -> dict:
    geometry = ({"type": "MultiPolygon", "coordinates": [list(rings)]} if multi
                else {"type": "Polygon", "coordinates": list(rings)})
    return {"type": "Feature", "properties": {}, "geometry": geometry}


ANTICLOCKWISE = [[70, 40], [80, 40], [80, 43], [70, 43], [70, 40]]
CLOCKWISE = ANTICLOCKWISE[::-1]
HOLE_ANTICLOCKWISE = [[72, 41], [74, 41], [74, 42], [72, 42], [72, 41]]
HOLE_CLOCKWISE = HOLE_ANTICLOCKWISE[::-1]
ISLAND = [[75.0, 41.0], [75.5, 41.0], [75.5, 41.5], [75.0, 41.5], [75.0, 41.0]]   # anticlockwise, area 0.25


def test_clockwise_turns_outer_rings_clockwise_and_holes_anticlockwise():
    out = charts._clockwise(ring_feature(ANTICLOCKWISE, HOLE_CLOCKWISE))
    assert out["geometry"]["coordinates"] == [CLOCKWISE, HOLE_ANTICLOCKWISE]
    kept = charts._clockwise(ring_feature(CLOCKWISE, HOLE_ANTICLOCKWISE))
    assert kept["geometry"]["coordinates"] == [CLOCKWISE, HOLE_ANTICLOCKWISE]
    multi = charts._clockwise(ring_feature(ANTICLOCKWISE, HOLE_CLOCKWISE, multi=True))
    assert multi["geometry"]["coordinates"] == [[CLOCKWISE, HOLE_ANTICLOCKWISE]]


def test_clockwise_turns_a_small_island_too():
    out = charts._clockwise(ring_feature(ISLAND))
    assert out["geometry"]["coordinates"] == [ISLAND[::-1]]
    assert charts._clockwise(ring_feature(ISLAND[::-1]))["geometry"]["coordinates"] == [ISLAND[::-1]]


def test_clockwise_turns_a_triangle():
    triangle = [[80, 40], [75, 45], [70, 40], [80, 40]]       # anticlockwise
    assert charts._clockwise(ring_feature(triangle))["geometry"]["coordinates"] == [triangle[::-1]]


def test_partnership_rows_read_dates_given_as_text_or_days():
    """The bars' start is a date whatever form the query gives it in."""
    from datetime import date
    levels = LEVELS.assign(valid_from=[date(2013, 9, 11), date(2018, 6, 6)],
                           valid_to=[date(2018, 6, 6), None])
    rows = charts.partnership_rows(levels, "2025-12-31")
    assert list(rows["valid_from"]) == [T("2013-09-11"), T("2018-06-06")]
    assert list(rows["bar_end"]) == [T("2018-06-06"), T("2025-12-31")]
    assert list(rows["period"]) == ["11 Sep 2013 – 6 Jun 2018", "6 Jun 2018 – in force"]
    as_text = charts.partnership_rows(LEVELS.assign(valid_from=["2013-09-11", "2018-06-06"]), "2025-12-31")
    assert list(as_text["valid_from"]) == [T("2013-09-11"), T("2018-06-06")]


# ---------------------------------------------------------------- trade chart: edges of its rules

def _figure(trade_id, start, end, value=1e9):
    return (trade_id, "KGZ", "CHN", pd.Timestamp(start), pd.Timestamp(end), trade_id, "year", "total", value, None,
            False, "main", "s", "S")


def test_trade_line_joins_periods_starting_400_days_apart_and_breaks_at_401():
    """The line's rule: a gap of more than a year (400 days between starts) breaks it."""
    for days, segments in ((400, ["Kyrgyzstan-0", "Kyrgyzstan-0"]), (401, ["Kyrgyzstan-0", "Kyrgyzstan-1"])):
        second = pd.Timestamp("2020-01-01") + pd.Timedelta(days=days)
        series = series_frame([_figure("a", "2020-01-01", "2020-12-31"),
                               _figure("b", second, second + pd.Timedelta(days=364))])
        d = spec(charts.trade_chart(series, EVENTS.iloc[0:0], "US$ billion", connect=True))
        assert [r["segment"] for r in values(d, d["layer"][0])] == segments, days


def test_trade_chart_marks_events_on_the_first_and_last_day_of_its_span():
    """Events on the first day of the first figure and the last day of the last are inside the span;
    the day before and the day after are not. An event type without a label keeps its own name."""
    series = series_frame([_figure("a", "2023-01-01", "2023-12-31"), _figure("b", "2024-01-01", "2024-12-31")])
    events = events_frame([
        ("e1", pd.Timestamp("2022-12-31"), pd.Timestamp("2022-12-31"), "Day before", "visit", "CHN|KGZ", None),
        ("e2", pd.Timestamp("2023-01-01"), pd.Timestamp("2023-01-01"), "First day", "visit", "CHN|KGZ", None),
        ("e3", pd.Timestamp("2024-12-31"), pd.Timestamp("2024-12-31"), "Last day", "new_kind", "CHN|KGZ", None),
        ("e4", pd.Timestamp("2025-01-01"), pd.Timestamp("2025-01-01"), "Day after", "visit", "CHN|KGZ", None)])
    d = spec(charts.trade_chart(series, events, "US$ billion", connect=False))
    marks = d["layer"][2]
    assert [(r["title"], r["type"]) for r in values(d, marks)] == [("First day", "Visit"), ("Last day", "new_kind")]
    assert marks["mark"] == {"type": "rule", "strokeDash": [4, 3], "color": "#888", "opacity": 0.8}


def test_trade_chart_zooms_and_pans_in_time_only_with_figures_to_two_decimals():
    d = spec(charts.trade_chart(SERIES, EVENTS.iloc[0:0], "US$ billion", connect=True))
    [param] = d["params"]
    assert param["select"] == {"type": "interval", "encodings": ["x"]} and param["bind"] == "scales"
    tooltip = {t["field"]: t.get("format") for t in d["layer"][0]["encoding"]["tooltip"]}
    assert tooltip["value_bn"] == ",.2f" and tooltip["yoy_pct"] == "+.1f"


def test_money_switches_unit_at_exactly_a_billion_and_a_million():
    assert charts.money(1e9) == "US$ 1.00 bn"
    assert charts.money(999_999_999) == "US$ 1,000.0 m"
    assert charts.money(1e6) == "US$ 1.0 m"
    assert charts.money(999_999) == "US$ 999,999"
