"""The text alternatives of the charts: the sentence under each chart, which a screen reader reads
in its place. They state figures (counts, dates, US$ amounts, growth rates), so each is checked word
for word on small frames worked out by hand, with the empty frame and the cases the code tells apart
(singular and plural, ties, unknown codes, missing values)."""
from __future__ import annotations

import pandas as pd
import pytest

from dashboard import charts
from tests.charts.test_charts import CHAPTERS, COUNTS, PATHS, PLACES, SERIES, TREND, T, events_frame, series_frame


# ---------------------------------------------------------------- helpers

@pytest.mark.parametrize("codes, said", [
    ([], ""),
    (["KGZ"], "Kyrgyzstan"),
    (["KGZ", "KGZ"], "Kyrgyzstan"),                                   # each country once
    (["KGZ", "KAZ"], "Kyrgyzstan and Kazakhstan"),                    # in order of first appearance
    (["UZB", "KGZ", "UZB", "XYZ", "KAZ"], "Uzbekistan, Kyrgyzstan, XYZ and Kazakhstan"),
])
def test_names_lists_countries_once_with_and_before_the_last(codes, said):
    assert charts._names(codes) == said
    assert charts._names(pd.Series(codes, dtype=object)) == said


@pytest.mark.parametrize("first, last, said", [
    (T("2024-01-01"), T("2024-12-31"), "2024"),
    ("2023-01-01", "2024-12-31", "2023 to 2024"),
    (T("2015-07-01"), T("2025-06-30"), "2015 to 2025"),
    (T("2024-12-31 23:00"), T("2024-12-31"), "2024"),
])
def test_span_is_a_year_or_years(first, last, said):
    assert charts._span(first, last) == said


# ---------------------------------------------------------------- trade

def test_trade_alt_names_partners_span_and_highest_figure():
    assert charts.trade_alt(SERIES, "annual total trade") == (
        "2 figures of annual total trade for Kyrgyzstan, 2023 to 2024; the highest, US$ 22.70 bn, "
        "is Kyrgyzstan's for 2024.")
    more = series_frame([
        ("a", "KAZ", "CHN", T("2024-01-01"), T("2024-03-31"), "2024 Q1", "quarter", "export", 4.321e9, None, False,
         "main", "s", "S"),
        ("b", "XYZ", "CHN", T("2024-04-01"), T("2024-06-30"), "2024 Q2", "quarter", "export", 1_234.5e9, None, False,
         "main", "s", "S"),
        ("c", "KAZ", "CHN", T("2024-07-01"), T("2024-09-30"), "2024 Q3", "quarter", "export", 0.5e9, None, False,
         "main", "s", "S"),
    ])
    assert charts.trade_alt(more, "China's quarterly exports") == (
        "3 figures of China's quarterly exports for Kazakhstan and XYZ, 2024; the highest, US$ 1,234.50 bn, "
        "is XYZ's for 2024 Q2.")


def test_trade_alt_of_no_figures():
    assert charts.trade_alt(SERIES.iloc[0:0], "annual total trade") == "No figures of annual total trade match the filter."


def growth_series() -> pd.DataFrame:
    """Stated growth of three figures (one without a confidence: still a stated rate) and one without."""
    return series_frame([
        ("t1", "KGZ", "CHN", T("2023-01-01"), T("2023-12-31"), "2023", "year", "total", 19.8e9, 27.9, False, "main",
         "s", "S"),
        ("t2", "KGZ", "CHN", T("2024-01-01"), T("2024-12-31"), "2024", "year", "total", 22.7e9, None, False, "main",
         "s", "S"),
        ("t3", "KAZ", "CHN", T("2024-01-01"), T("2024-12-31"), "2024", "year", "total", 30.1e9, -4.04, False, None,
         "s", "S"),
        ("t4", "KAZ", "CHN", T("2023-01-01"), T("2023-12-31"), "2023", "year", "total", 31.4e9, 5.0, False, "main",
         "s", "S"),
    ])


def test_growth_alt_states_the_range_of_stated_growth():
    assert charts.growth_alt(growth_series()) == (
        "Year-on-year growth as 3 sources state it, from -4.0 % (Kazakhstan, 2024) to +27.9 % (Kyrgyzstan, 2023).")


def test_growth_alt_of_an_unknown_partner_says_its_code():
    assert charts.growth_alt(growth_series().assign(partner_iso3=["XYZ", "XYZ", "KAZ", "KAZ"])) == (
        "Year-on-year growth as 3 sources state it, from -4.0 % (Kazakhstan, 2024) to +27.9 % (XYZ, 2023).")


def test_growth_alt_without_stated_growth():
    said = "No growth rates are stated for these figures."
    assert charts.growth_alt(SERIES.iloc[0:0]) == said
    assert charts.growth_alt(SERIES.assign(yoy_pct=float("nan"))) == said


# ---------------------------------------------------------------- mirror

def mirror_frame() -> pd.DataFrame:
    """trade_mirror.sql's columns: the widest gap is negative (abs), and its partner reported zero
    (gap_pct NULL, which must not drop the pair)."""
    return pd.DataFrame({
        "partner_iso3": ["KGZ", "KGZ", "KAZ"], "period_label": ["2023", "2024", "2024"],
        "flow_china_side": ["total", "total", "export"],
        "china_reported_usd": [19.8e9, 0.0, 10.0e9], "partner_reported_usd": [6.1e9, 16.6e9, 12.5e9],
        "gap_usd": [13.7e9, -16.6e9, -2.5e9], "gap_pct": [224.6, None, -20.0],
        "china_source_id": ["gacc", "gacc", "gacc"], "partner_source_id": ["stat-kg", "stat-kg", "stat-kz"]})


def test_mirror_alt_names_the_widest_gap():
    assert charts.mirror_alt(mirror_frame()) == (
        "Bars compare China-reported and partner-reported values of the same flow for 3 pairs "
        "(Kyrgyzstan and Kazakhstan). The widest gap is Kyrgyzstan, 2024, total trade: China reports "
        "US$ 0.00 bn, the partner US$ 16.60 bn.")


def test_mirror_alt_without_a_gap_only_counts_the_pairs():
    no_gap = mirror_frame().assign(gap_usd=float("nan"))
    assert charts.mirror_alt(no_gap) == (
        "Bars compare China-reported and partner-reported values of the same flow for 3 pairs "
        "(Kyrgyzstan and Kazakhstan).")
    one_gap = mirror_frame().assign(gap_usd=[13.7e9, float("nan"), float("nan")])
    assert charts.mirror_alt(one_gap) == (
        "Bars compare China-reported and partner-reported values of the same flow for 3 pairs "
        "(Kyrgyzstan and Kazakhstan). The widest gap is Kyrgyzstan, 2023, total trade: China reports "
        "US$ 19.80 bn, the partner US$ 6.10 bn.")


def test_mirror_alt_of_no_pairs():
    assert charts.mirror_alt(mirror_frame().iloc[0:0]) == (
        "No pair of China- and partner-reported figures matches the filter.")


# ---------------------------------------------------------------- events

def test_timeline_alt_counts_the_three_commonest_types():
    events = events_frame([
        (f"e{i}", T(day), T(day), "E", kind, "CHN|KGZ", None) for i, (day, kind) in enumerate([
            ("2025-11-19", "strategic_dialogue"), ("2024-01-05", "strategic_dialogue"),
            ("2024-03-01", "strategic_dialogue"), ("2024-04-01", "strategic_dialogue"),
            ("2024-05-01", "new_kind"), ("2024-06-01", "new_kind"), ("2024-07-01", "new_kind"),
            ("2024-08-01", "visit"), ("2024-09-01", "visit"), ("2024-10-01", "summit")])])
    assert charts.timeline_alt(events, 1_234) == (
        "1,234 events from 2024-01-05 to 2025-11-19, one point per event and country; "
        "most are: 4 strategic dialogue, 3 new_kind, 2 visit.")


def test_timeline_alt_of_fewer_than_three_types():
    events = events_frame([("e1", T("2025-04-01"), T("2025-04-30"), "Tour", "visit", "CHN|KAZ", None),
                           ("e2", T("2025-04-01"), T("2025-04-01"), "Talks", "visit", "CHN|KGZ", None)])
    assert charts.timeline_alt(events, 2) == (
        "2 events from 2025-04-01 to 2025-04-01, one point per event and country; most are: 2 visit.")


def test_timeline_alt_of_no_events():
    assert charts.timeline_alt(events_frame([]), 0) == "No events match the filter."


def test_period_alt_names_the_busiest_period():
    counts = pd.concat([COUNTS, pd.DataFrame({"period_start": [T("2025-04-01")], "country_iso3": ["KAZ"],
                                              "event_type": ["visit"], "events": [2_000]})], ignore_index=True)
    assert charts.period_alt(counts, "quarter") == (
        "Events counted per quarter, country and type, from 2025-01-01 to 2025-04-01; the busiest quarter starts "
        "2025-04-01 (2,003 event-country pairs).")
    assert charts.period_alt(COUNTS, "month") == (
        "Events counted per month, country and type, from 2025-01-01 to 2025-04-01; the busiest month starts "
        "2025-01-01 (52 event-country pairs).")


def test_period_alt_of_nothing():
    assert charts.period_alt(COUNTS.iloc[0:0], "year") == "No events match the filter."


# ---------------------------------------------------------------- products

def test_chapters_alt_names_the_largest_chapter():
    assert charts.chapters_alt(CHAPTERS) == (
        "Bars rank the top 2 HS chapters by value; the largest is 87 (Vehicles), US$ 0.12 bn.")
    big = pd.DataFrame({"chapter": ["85", "84", "87"], "description": ["Electrical machinery", "Machinery", "Vehicles"],
                        "value_usd": [3_456.7e9, 12e9, 1e9]})
    assert charts.chapters_alt(big) == (
        "Bars rank the top 3 HS chapters by value; the largest is 85 (Electrical machinery), US$ 3,456.70 bn.")


def test_chapter_trend_alt_counts_chapters_and_years():
    assert charts.chapter_trend_alt(TREND) == "Lines follow 2 HS chapters year by year, 2008 to 2009."


def test_product_alts_of_nothing():
    assert charts.chapters_alt(CHAPTERS.iloc[0:0]) == "No product lines match the filter."
    assert charts.chapter_trend_alt(TREND.iloc[0:0]) == "No product lines match the filter."


# ---------------------------------------------------------------- partnerships

LEVELS = pd.DataFrame({
    "country": ["Kazakhstan", "Kazakhstan", "Kyrgyzstan", "Kyrgyzstan"],
    "level": ["Strategic partnership", "Permanent comprehensive strategic partnership", "Strategic partnership",
              "Comprehensive strategic partnership"],
    "valid_from": [T("2005-07-04"), T("2019-09-11"), T("2013-09-11"), T("2018-06-06")],
    "valid_to": [T("2019-09-11"), None, T("2018-06-06"), None],
    "date_precision": ["day", "month", "day", "year"], "event_title": ["Visit", None, "State visit", None]})


def test_partnership_alt_says_levels_states_and_those_in_force():
    assert charts.partnership_alt(LEVELS) == (
        "4 partnership levels of 2 states with China, one band per level from its announcement to the next. "
        "In force: Kazakhstan: Permanent comprehensive strategic partnership since Sep 2019; "
        "Kyrgyzstan: Comprehensive strategic partnership since 2018.")


def test_partnership_alt_singular():
    one = LEVELS.iloc[[3]].assign(date_precision="day")
    assert charts.partnership_alt(one) == (
        "1 partnership level of 1 state with China, one band per level from its announcement to the next. "
        "In force: Kyrgyzstan: Comprehensive strategic partnership since 6 Jun 2018.")
    two = LEVELS.iloc[[2, 3]]
    assert charts.partnership_alt(two) == (
        "2 partnership levels of 1 state with China, one band per level from its announcement to the next. "
        "In force: Kyrgyzstan: Comprehensive strategic partnership since 2018.")


def test_partnership_alt_of_nothing():
    assert charts.partnership_alt(LEVELS.iloc[0:0]) == "No partnership levels are recorded for the chosen countries."


# ---------------------------------------------------------------- map

def test_map_alt_names_places_the_busiest_and_the_routes():
    places = pd.DataFrame({"name": ["Almaty", "Bishkek", "Kashgar", "Osh", "Andijan"],
                           "events": [2, 2, 1_234, 0, 1]})
    paths = pd.DataFrame({"name": ["CKU railway", "Other line"]})
    assert charts.map_alt(places, paths) == (
        "Map of China and the five Central Asian states with 5 places; 4 hold events of the filter, most at: "
        "Kashgar 1,234; Almaty 2; Bishkek 2. A line traces the planned route of CKU railway, Other line.")
    assert charts.map_alt(PLACES.assign(events=[2, 3]), PATHS) == (
        "Map of China and the five Central Asian states with 2 places; 2 hold events of the filter, most at: "
        "Torugart Pass 3; Bishkek 2. A line traces the planned route of Railway.")


def test_map_alt_without_events_or_routes():
    assert charts.map_alt(PLACES.assign(events=0), PATHS.iloc[0:0]) == (
        "Map of China and the five Central Asian states with 2 places; no event of the filter has a place.")
    assert charts.map_alt(PLACES.iloc[0:0], PATHS.iloc[0:0]) == (
        "Map of China and the five Central Asian states with 0 places; no event of the filter has a place.")


def test_mirror_alt_keeps_china_a_proper_noun():
    """An export pair as the widest gap: "China's exports", capital C, inside the sentence."""
    pairs = mirror_frame().assign(gap_usd=[1e9, 1e9, -9e9])
    assert charts.mirror_alt(pairs) == (
        "Bars compare China-reported and partner-reported values of the same flow for 3 pairs "
        "(Kyrgyzstan and Kazakhstan). The widest gap is Kazakhstan, 2024, China's exports: China reports "
        "US$ 10.00 bn, the partner US$ 12.50 bn.")


# ---------------------------------------------------------------- one of a thing

def test_alt_texts_say_one_thing_in_the_singular():
    """A filter narrowed to one figure, pair, event, chapter or place reads "1 figure", not "1 figures"."""
    assert charts.trade_alt(SERIES.iloc[:1], "annual total trade").startswith("1 figure of annual total trade for ")
    assert charts.mirror_alt(mirror_frame().iloc[:1].assign(gap_usd=float("nan"))) == (
        "Bars compare China-reported and partner-reported values of the same flow for 1 pair (Kyrgyzstan).")
    one = events_frame([("e1", T("2025-04-01"), T("2025-04-01"), "Talks", "visit", "CHN|KGZ", None)])
    assert charts.timeline_alt(one, 1) == (
        "1 event from 2025-04-01 to 2025-04-01, one point per event and country; most are: 1 visit.")
    single = pd.DataFrame({"period_start": [T("2025-01-01")], "country_iso3": ["KGZ"], "event_type": ["visit"],
                           "events": [1]})
    assert charts.period_alt(single, "year").endswith("the busiest year starts 2025-01-01 (1 event-country pair).")
    assert charts.chapters_alt(CHAPTERS.iloc[:1]).startswith("Bars rank the top 1 HS chapter by value; ")
    assert charts.chapter_trend_alt(TREND[TREND["chapter"] == TREND["chapter"].iloc[0]]).startswith(
        "Lines follow 1 HS chapter year by year, ")
    assert charts.map_alt(PLACES.iloc[:1].assign(events=[4]), PATHS.iloc[0:0]) == (
        "Map of China and the five Central Asian states with 1 place; 1 holds events of the filter, most at: "
        "Bishkek 4.")


def test_growth_alt_of_one_stated_rate():
    stated = SERIES.assign(yoy_pct=[None, 12.5]).iloc[1:]
    assert charts.growth_alt(stated).startswith("Year-on-year growth as 1 source states it, from +12.5 % ")
