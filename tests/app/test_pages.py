"""Every page under AppTest: runs without exception or st.error on the fixture database, with an
empty result, with filters from the URL, with invalid URL values, and without a database; and
the sidebar filters change what is shown and the URL.
"""
from __future__ import annotations

import inspect
import shutil
from datetime import date

import duckdb
import pytest
from apptools import (FILTERED_PAGES, PAGES, TITLES, assert_clean, captions, infos, metric, open_page,
                      partnership_charts, warnings)
from streamlit.runtime.pages_manager import PagesManager

from dashboard.settings import SCHEMA_VERSION

KGZ_2025 = {"countries": "KGZ", "start": "2025-01-01", "end": "2025-12-31"}
NOTHING = {"start": "1990-01-01", "end": "1990-12-31"}   # before every fixture row
BAD_LINK = {"countries": "XXX,KGZ", "start": "2025-13-45"}
BAD_LINK_NOTES = [
    "Ignored unknown country `XXX` in the link.",
    "Ignored start date `2025-13-45`: use a real date as YYYY-MM-DD between 1990-01-01 and 2035-12-31.",
]


def sidebar(at) -> tuple:
    """The four filter widgets' values: countries, from, to, event types."""
    return (at.multiselect(key="flt_countries").value, at.date_input(key="flt_start").value,
            at.date_input(key="flt_end").value, at.multiselect(key="flt_types").value)


def filter_captions(at) -> list[str]:
    return [c.split(" — filtered to: ", 1)[1] for c in captions(at) if " — filtered to: " in c]


def assert_says_its_filter(at, page: str, described: str) -> None:
    """A filtered page says what it is filtered to, in every caption that does; the sources page
    says it is unfiltered."""
    if page in FILTERED_PAGES:
        assert filter_captions(at), "a filtered page says what it is filtered to"
        assert set(filter_captions(at)) == {described}
    else:
        assert "All sources, unfiltered" in captions(at)


@pytest.mark.parametrize("page", PAGES)
def test_page_runs_on_fixture_db(page):
    at = open_page(page)
    assert_clean(at)
    assert at.title[0].value == TITLES[page]
    assert sidebar(at) == ([], None, None, [])
    assert warnings(at) == []
    assert at.query_params == {}
    assert_says_its_filter(at, page, "All countries · all dates")


@pytest.mark.parametrize("page", PAGES)
def test_page_with_empty_result(page):
    at = open_page(page, NOTHING)
    assert_clean(at)
    assert at.title[0].value == TITLES[page]
    if page in FILTERED_PAGES:
        assert any("match the current filters" in text for text in infos(at)), infos(at)
        assert set(filter_captions(at)) <= {"All countries · 1990-01-01 – 1990-12-31"}
    else:
        assert len(at.dataframe[0].value) == 9    # every fixture source, whatever the filter


def test_overview_with_empty_result_says_so_in_its_figures():
    at = open_page("overview", NOTHING)
    assert (metric(at, "Events"), metric(at, "Latest meeting"), metric(at, "Latest trade figure")) == \
        ("0", "none in filter", "none in filter")


@pytest.mark.parametrize("page", PAGES)
def test_page_reads_filters_from_url(page):
    at = open_page(page, KGZ_2025)
    assert_clean(at)
    assert at.title[0].value == TITLES[page]
    assert sidebar(at) == (["KGZ"], date(2025, 1, 1), date(2025, 12, 31), [])
    assert warnings(at) == []
    assert at.query_params == KGZ_2025                   # the link stays shareable as opened
    if page == "trade":
        # No annual figure falls in 2025, so the page shows only "no figures"; half-years draw.
        [period] = [s for s in at.selectbox if s.label == "Period"]
        period.set_value("half_year").run()
        assert_clean(at)
    assert_says_its_filter(at, page, "Kyrgyzstan · 2025-01-01 – 2025-12-31")


@pytest.mark.parametrize("page", PAGES)
def test_page_ignores_invalid_url_values_with_a_note(page):
    at = open_page(page, BAD_LINK)
    assert_clean(at)
    assert warnings(at) == BAD_LINK_NOTES
    assert sidebar(at) == (["KGZ"], None, None, [])      # the valid part is kept
    assert at.query_params == {"countries": "KGZ"}       # and the URL is corrected to it
    if page in FILTERED_PAGES:
        assert set(filter_captions(at)) == {"Kyrgyzstan · all dates"}


@pytest.mark.parametrize("page", PAGES)
def test_page_without_database_shows_build_instructions(page, tmp_path, monkeypatch):
    missing = tmp_path / "never-built" / "monitor.duckdb"
    monkeypatch.setenv("MONITOR_DB", str(missing))
    at = open_page(page)
    assert_clean(at)
    assert warnings(at) == [f"The database has not been built yet: `{missing.resolve()}` does not exist."]
    assert any("python -m etl build" in m.value for m in at.markdown)
    assert len(at.multiselect) == 0 and len(at.dataframe) == 0     # nothing drawn from a database
    assert not missing.exists()


@pytest.mark.parametrize("version", ["2", None])
def test_database_of_another_layout_asks_for_a_rebuild(version, fixture_db, tmp_path, monkeypatch):
    """A database an older ETL built (no derived tables) is not read: the page says to rebuild."""
    old = tmp_path / "monitor.duckdb"
    shutil.copyfile(fixture_db, old)
    con = duckdb.connect(str(old))
    if version is None:
        con.execute("delete from build_info where key = 'schema_version'")
    else:
        con.execute("update build_info set value = ? where key = 'schema_version'", [version])
    con.execute("drop table event_rows")
    con.close()
    monkeypatch.setenv("MONITOR_DB", str(old))
    at = open_page("map")
    assert_clean(at)
    layout = version or "unrecorded"
    assert warnings(at) == [f"The database `{old.resolve()}` was built by another version of the ETL (table "
                            f"layout {layout}; this dashboard reads layout {SCHEMA_VERSION}). Rebuild it from the same data."]
    assert any("make db" in m.value for m in at.markdown)
    assert len(at.multiselect) == 0 and len(at.dataframe) == 0


@pytest.mark.fresh_server
def test_link_straight_to_a_page_in_a_fresh_server_still_runs_app_py():
    """A new server process auto-discovers pages/ until st.navigation has run once, so its first
    request for /map runs pages/map.py alone; ui.filters() then reruns through app.py. AppTest
    restores that state before every run: the second run routes through app.py too."""
    at = open_page("map", KGZ_2025)
    assert_clean(at)
    assert at.title[0].value == "Map"
    assert sidebar(at) == (["KGZ"], date(2025, 1, 1), date(2025, 12, 31), [])
    at.multiselect(key="flt_countries").set_value(["KAZ"]).run()
    assert_clean(at)
    assert at.title[0].value == "Map"
    assert sidebar(at) == (["KAZ"], date(2025, 1, 1), date(2025, 12, 31), [])


def test_streamlit_still_works_the_way_ui_filters_expects():
    """dashboard/ui/navigation.py is the one place that touches Streamlit's private page manager.
    It relies on four things in Streamlit's own code; an upgrade that changes any of them must fail
    here, loudly, rather than leave pages drawn without the sidebar."""
    from streamlit.commands import navigation
    from streamlit.runtime.scriptrunner import script_runner
    from streamlit.testing.v1 import app_test

    assert "uses_pages_directory" in vars(PagesManager), (
        "Streamlit's PagesManager lost `uses_pages_directory`: rework dashboard/ui/navigation.py")
    assert "PagesManager.uses_pages_directory = False" in inspect.getsource(navigation.navigation), (
        "st.navigation no longer switches pages/ discovery off: rework dashboard/ui/navigation.py")
    assert "if PagesManager.uses_pages_directory:" in inspect.getsource(script_runner), (
        "Streamlit's script runner no longer runs pages/ alone behind that flag: rework "
        "dashboard/ui/navigation.py")
    assert "PagesManager" in vars(app_test) and "PagesManager(" in inspect.getsource(app_test.AppTest), (
        "AppTest no longer makes its own PagesManager: rework apptest_as_a_running_server in "
        "dashboard/ui/navigation.py")


def test_choosing_a_country_changes_overview_and_url():
    at = open_page("overview")
    assert metric(at, "Events") == "5"
    at.multiselect(key="flt_countries").set_value(["KAZ"]).run()
    assert_clean(at)
    assert metric(at, "Events") == "2"
    assert at.query_params == {"countries": "KAZ"}
    assert set(filter_captions(at)) == {"Kazakhstan · all dates"}


def test_choosing_a_country_changes_data_table_and_url():
    at = open_page("data")
    assert list(at.dataframe[0].value["event_id"]) == [
        "2025-11-19-cn-kg-fm-strategic-dialogue", "2025-04-25-cn-kz-strategic-dialogue",
        "2025-04-wang-yi-central-asia-visits", "2024-12-27-cku-construction-launch",
        "2024-06-06-cku-railway-agreement"]
    at.multiselect(key="flt_countries").set_value(["KAZ"]).run()
    assert_clean(at)
    assert list(at.dataframe[0].value["event_id"]) == [
        "2025-04-25-cn-kz-strategic-dialogue", "2025-04-wang-yi-central-asia-visits"]
    assert at.query_params == {"countries": "KAZ"}


def test_dates_and_event_types_change_what_is_shown_and_url():
    at = open_page("overview")
    at.date_input(key="flt_start").set_value(date(2025, 1, 1)).run()
    assert_clean(at)
    assert metric(at, "Events") == "3"
    assert at.query_params == {"start": "2025-01-01"}
    at.multiselect(key="flt_types").set_value(["strategic_dialogue"]).run()
    assert_clean(at)
    assert metric(at, "Events") == "2"
    assert at.query_params == {"start": "2025-01-01", "types": "strategic_dialogue"}
    assert set(filter_captions(at)) == {"All countries · 2025-01-01 – latest · Strategic dialogue"}


def test_reversed_dates_in_the_sidebar_are_ignored_with_a_note():
    at = open_page("overview")
    at.date_input(key="flt_start").set_value(date(2025, 12, 31))
    at.date_input(key="flt_end").set_value(date(2025, 1, 1)).run()
    assert_clean(at)
    assert warnings(at) == ["The end date is before the start date; the dates are ignored."]
    assert metric(at, "Events") == "5"
    assert at.query_params == {}


def test_reset_filters_clears_widgets_and_url():
    at = open_page("overview", {**KGZ_2025, "types": "visit"})
    assert metric(at, "Events") == "1"
    [reset] = [b for b in at.sidebar.button if b.label == "Reset filters"]
    reset.click().run()
    assert_clean(at)
    assert sidebar(at) == ([], None, None, [])           # not today's date: all dates
    assert at.query_params == {}
    assert metric(at, "Events") == "5"


def test_filters_survive_switching_pages():
    at = open_page("overview", KGZ_2025)
    at.switch_page("pages/data.py").run()
    assert_clean(at)
    assert sidebar(at) == (["KGZ"], date(2025, 1, 1), date(2025, 12, 31), [])
    assert at.query_params == KGZ_2025
    assert len(at.dataframe[0].value) == 2


def test_bilateral_toggle_narrows_and_goes_into_the_url():
    at = open_page("overview")
    at.toggle(key="flt_bilateral").set_value(True).run()
    assert_clean(at)
    assert metric(at, "Events") == "2"                   # not the three-party railway, not the tour
    assert at.query_params == {"bilateral": "1"}
    assert set(filter_captions(at)) == {"All countries · all dates · bilateral only"}


def test_person_filter_narrows_lists_people_by_name_and_goes_into_the_url():
    at = open_page("data")
    picker = at.selectbox(key="flt_person")
    assert picker.options[:2] == ["Bakhtiyor Saidov (Uzbekistan)", "Murat Nurtleu (Kazakhstan)"]
    picker.set_value("wang_yi").run()
    assert_clean(at)
    assert list(at.dataframe[0].value["event_id"]) == [
        "2025-11-19-cn-kg-fm-strategic-dialogue", "2025-04-25-cn-kz-strategic-dialogue",
        "2025-04-wang-yi-central-asia-visits"]
    assert at.query_params == {"person": "wang_yi"}


def test_place_and_person_from_the_url_and_unknown_ones_ignored_with_a_note():
    at = open_page("overview", {"place": "beijing"})
    assert_clean(at)
    assert metric(at, "Events") == "1"
    assert set(filter_captions(at)) == {"All countries · all dates · held in Beijing"}
    at = open_page("overview", {"person": "no_such_person", "bilateral": "maybe"})
    assert_clean(at)
    assert metric(at, "Events") == "5"
    assert warnings(at) == ["Ignored bilateral `maybe` in the link: use bilateral=1 or leave it out.",
                            "Ignored unknown person `no_such_person` in the link."]
    assert at.query_params == {}


def test_trade_page_says_the_event_filters_do_not_apply_to_its_figures():
    at = open_page("trade", {"bilateral": "1"})
    assert_clean(at)
    assert any("trade figures here ignore them" in c for c in captions(at))


def test_overview_says_each_states_partnership_in_force_and_follows_the_countries():
    at = open_page("overview")
    text = "\n".join(m.value for m in at.markdown)
    assert "- **Kazakhstan**: permanent comprehensive strategic partnership since 11 Sep 2019" in text
    assert "- **Kyrgyzstan**: comprehensive strategic partnership for a new era since 18 May 2023" in text
    at = open_page("overview", {"countries": "KAZ"})
    text = "\n".join(m.value for m in at.markdown)
    assert "Kazakhstan" in text and "Kyrgyzstan**" not in text


def test_timeline_draws_a_partnership_band_per_level():
    at = open_page("timeline", {"countries": "KGZ"})
    assert_clean(at)
    [chart] = partnership_charts(at)
    [bands] = [df for df in chart.datasets.values() if "in_force" in df]
    assert list(zip(bands["level"], bands["in_force"])) == [
        ("comprehensive strategic partnership", False), ("comprehensive strategic partnership for a new era", True)]
    assert list(bands["period"]) == ["Jun 2018 – 17 May 2023", "18 May 2023 – in force"]
    assert any(c.startswith("2 partnership levels of 1 state with China") and
               "Kyrgyzstan: comprehensive strategic partnership for a new era since 18 May 2023" in c
               for c in captions(at))


def test_sources_page_shows_what_the_record_covers():
    at = open_page("sources")
    assert_clean(at)
    assert "What the record covers" in [h.value for h in at.header]
    text = "\n".join(m.value for m in at.markdown)
    assert "**In the record:** " in text and "5 events" in text
    assert "**Known gaps:** " in text
    grid = [d.value for d in at.dataframe if list(d.value.columns[:1]) == ["Country"] and "2025" in d.value.columns]
    assert grid, "the events per country and year table"
    kgz = grid[0].set_index("Country").loc["Kyrgyzstan"]
    assert kgz["2025"] == "2 (1)"          # the Kyrgyz dialogue (bilateral) and the tour
