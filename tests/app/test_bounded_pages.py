"""Bounded pages: what each page sends the browser stays within the limits of dashboard.settings
whatever the database holds, and the page says so when a limit cuts what is shown. The limits are
lowered here so that the small fixture database crosses them; downloads still hold every row, and
their query runs only when the button is clicked."""
from __future__ import annotations

from datetime import date

import pandas as pd
import pytest
from apptools import (assert_clean, captions, deck_spec, download_of, event_charts, infos, layers_by_id, open_page,
                      vega_charts)

from dashboard import charts, db, queries, settings
from dashboard.ui import data as ui_data
from dashboard.ui import downloads as ui_downloads
from dashboard.filters import Filters
from tests.csvtext import to_csv

def event_box(at):
    [box] = [s for s in at.selectbox if s.label == "Event"]
    return box


def limits_asked(monkeypatch, name: str) -> list:
    """Spy on what the app runs of queries/<name>.sql, loaded (dashboard.db.query) or streamed for
    a download (dashboard.db.stream): the list of every `limit` it runs it with."""
    calls = []

    def spy(original):
        def run(con, q, *args, **kwargs):
            if q.name == name:
                calls.append(q.parameters["limit"])
            return original(con, q, *args, **kwargs)
        return run

    monkeypatch.setattr(ui_data, "query", spy(ui_data.query))
    monkeypatch.setattr(ui_downloads, "stream", spy(ui_downloads.stream))
    return calls


# ---------------------------------------------------------------- overview

def test_overview_counts_in_sql_and_lists_ten_events(con, monkeypatch):
    calls = limits_asked(monkeypatch, "events")
    at = open_page("overview", {"countries": "KAZ"})
    assert_clean(at)
    assert calls in ([], [10])                  # [] when an earlier test cached the same page
    assert at.metric[0].value == "2"
    assert list(at.dataframe[0].value["Event"]) == list(db.query(con, queries.events(Filters(("KAZ",))))["title"])
    assert at.metric[1].value == "2025-04-25"
    assert any(c.startswith("2 of 2 events, newest first") for c in captions(at))


# ---------------------------------------------------------------- timeline

def test_timeline_draws_counts_per_period_above_the_limit(con, monkeypatch):
    monkeypatch.setattr(settings, "TIMELINE_MAX_EVENTS", 4)
    at = open_page("timeline")
    assert_clean(at)
    [chart] = event_charts(at)
    assert chart.spec["mark"]["type"] == "circle"
    assert chart.spec["encoding"]["size"]["field"] == "events"
    data = chart.data_of(chart.spec)
    expected = charts.period_rows(db.query(con, queries.events_by_period(Filters(), bucket="month")))
    assert sorted(zip(data["period_start"].dt.date, data["country"], data["type"], data["events"])) == sorted(
        zip(expected["period_start"].dt.date, expected["country"], expected["type"], expected["events"]))
    assert sum(data["events"]) == 14            # one per (event, country involved)
    assert any("5 events: too many to draw one by one (more than 4)" in c for c in captions(at))
    choices = db.query(con, queries.event_choices(Filters(), search="", limit=500))
    assert event_box(at).options == [f"{d.date()} — {t}" for d, t in zip(choices["start_date"], choices["title"])]
    assert [o.split(" — ")[0] for o in event_box(at).options] == [
        "2025-11-19", "2025-04-25", "2025-04-01", "2024-12-27", "2024-06-06"]


def test_timeline_counts_by_quarter_or_year_when_months_would_be_too_many(monkeypatch):
    monkeypatch.setattr(settings, "TIMELINE_MAX_EVENTS", 1)
    monkeypatch.setattr(settings, "MAX_ROWS", 13)          # 14 (month, country, type) rows
    at = open_page("timeline")
    assert_clean(at)
    [chart] = event_charts(at)
    assert len(chart.data_of(chart.spec)) <= 13
    assert chart.spec["encoding"]["x"]["title"].startswith(("Start of the quarter", "Start of the year"))


def test_timeline_picker_is_bounded_and_searches_titles(monkeypatch):
    monkeypatch.setattr(settings, "PICKER_EVENTS", 2)
    at = open_page("timeline")
    assert_clean(at)
    assert event_box(at).options == [
        "2025-11-19 — First China–Kyrgyzstan foreign ministers' strategic dialogue",
        "2025-04-25 — Second China–Kazakhstan foreign ministers' strategic dialogue"]
    assert any("The list offers the 2 newest matching events" in c for c in captions(at))
    at.text_input(key="timeline_search").set_value("RAILWAY").run()
    assert_clean(at)
    assert [o.split(" — ")[0] for o in event_box(at).options] == ["2024-12-27", "2024-06-06"]
    at.text_input(key="timeline_search").set_value("50%_off").run()
    assert_clean(at)
    assert not [s for s in at.selectbox if s.label == "Event"]
    assert "No event title in the current filter contains that text." in infos(at)


# ---------------------------------------------------------------- map

def test_map_draws_at_most_the_place_limit(monkeypatch):
    monkeypatch.setattr(settings, "MAP_MAX_PLACES", 2)
    at = open_page("map")
    assert_clean(at)
    layers = layers_by_id(deck_spec(at))
    assert [r["name"] for r in layers["places"]["data"]] == ["Almaty", "Beijing"]
    assert any("Drawing the 2 places with the most events in the filter, of 7 places." in c for c in captions(at))


def test_map_lists_a_bounded_number_of_events_at_a_place(product_db, monkeypatch):
    """On the synthetic database many events share a place: the list holds the newest few."""
    monkeypatch.setenv("MONITOR_DB", str(product_db))
    monkeypatch.setattr(settings, "PLACE_EVENTS", 3)
    at = open_page("map")
    assert_clean(at)
    [place] = [s for s in at.selectbox if s.label.startswith("Place")]
    [events] = [r for r in at.radio if r.label == "Event"]
    assert len(events.options) == 3
    held = {r["name"]: r["events"] for r in layers_by_id(deck_spec(at))["events"]["data"]}
    assert held[place.value] == max(held.values()) > 3
    assert any(f"The 3 most recent of {held[place.value]:,} events held at {place.value}" in c for c in captions(at))


# ---------------------------------------------------------------- data page

def test_data_page_pages_through_a_table(con, monkeypatch):
    monkeypatch.setattr(settings, "TABLE_PAGE_ROWS", 1)
    at = open_page("data", {"countries": "KGZ", "start": "2024-07-01", "end": "2025-06-30"})
    assert_clean(at)
    pager = at.number_input(key="page_trade")
    assert (pager.min, pager.max, pager.value) == (1, 4, 1)
    pager.set_value(3).run()
    assert_clean(at)
    tables = {df.value.columns[0]: df.value for df in at.dataframe}
    assert list(tables["trade_id"]["trade_id"]) == ["t07"]          # the third of t02 t04 t07 t05
    assert "Showing rows 3–3 of 4; the download holds all of them." in captions(at)


def test_data_page_download_runs_its_full_query_only_when_clicked(con, monkeypatch, download_files):
    calls = limits_asked(monkeypatch, "trade_rows")
    monkeypatch.setattr(settings, "TABLE_PAGE_ROWS", 2)
    at = open_page("data", {"countries": "KGZ"})
    assert_clean(at)
    assert None not in calls                     # only pages of rows so far, never the whole table
    [button] = [b for b in at.download_button if b.label == "Download trade figures (CSV)"]
    assert button.proto.deferred_file_id and not button.proto.url
    name, text = download_of(at, "Download trade figures", download_files)
    assert calls[-1] is None                     # the click ran the full query
    f = Filters(("KGZ",))
    assert name == f"trade_{f.slug()}.csv"
    assert text == to_csv(db.query(con, queries.trade_rows(f)))
    assert text.count("\n") == 1 + 6             # header and every KGZ figure, not just the page of 2


def test_data_page_sources_download_holds_every_source(con, download_files):
    at = open_page("data")
    assert_clean(at)
    name, text = download_of(at, "Download their 5 sources", download_files)
    assert (name, text) == ("events_sources_all-countries.csv", to_csv(db.query(con, queries.sources_for_events(Filters()))))


# ---------------------------------------------------------------- sources and trade

def test_sources_page_is_bounded_with_a_full_download(con, monkeypatch, download_files):
    monkeypatch.setattr(settings, "MAX_ROWS", 3)
    at = open_page("sources")
    assert_clean(at)
    assert len(at.dataframe[0].value) == 3
    assert "**9 sources.**" in at.markdown[0].value
    assert "Showing the first 3 of 9 sources; the download holds all of them." in captions(at)
    name, text = download_of(at, "Download every source", download_files)
    assert text == to_csv(db.query(con, queries.sources_overview()))


def test_trade_chart_leaves_out_events_when_there_are_too_many(monkeypatch):
    monkeypatch.setattr(settings, "TRADE_EVENT_MARKS", 1)
    at = open_page("trade")
    assert_clean(at)
    found = [c for c in vega_charts(at) if "layer" in c.spec]
    assert not [v for c in found for v in c.views() if v["mark"].get("strokeDash")]
    assert any("the filter has 2 events in that span: too many to mark (more than 1)" in c for c in captions(at))


def test_trade_mirror_chart_draws_the_latest_pairs_and_the_table_lists_all(monkeypatch):
    monkeypatch.setattr(settings, "MIRROR_CHART_PAIRS", 1)
    at = open_page("trade")
    [toggle] = [t for t in at.toggle if t.label == "Low-confidence figures"]
    toggle.set_value(True).run()
    assert_clean(at)
    [mirror] = [c for c in vega_charts(at) if "layer" not in c.spec
                and c.spec["encoding"].get("color", {}).get("field") == "side"]
    assert set(mirror.data_of(mirror.spec)["period_label"]) == {"2024"}
    [table] = [df.value for df in at.dataframe if "period_label" in df.value.columns]
    assert list(table["period_label"]) == ["2023", "2024"]
    assert "The chart shows the 1 pairs with the latest periods; the table lists all 2." in captions(at)


@pytest.mark.parametrize("page", ["overview", "map", "timeline", "trade", "data", "sources"])
def test_pages_without_product_lines_show_no_product_view(page):
    at = open_page(page)
    assert_clean(at)
    assert not [s for s in at.header if s.value.startswith("What is traded")]


def test_period_rows_name_countries_and_types():
    rows = charts.period_rows(pd.DataFrame({"period_start": [pd.Timestamp("2025-01-01")], "country_iso3": ["KGZ"],
                                            "event_type": ["visit"], "events": [3]}))
    assert (rows["country"][0], rows["type"][0]) == ("Kyrgyzstan", "Visit")
    assert date(2025, 1, 1) == rows["period_start"][0].date()
