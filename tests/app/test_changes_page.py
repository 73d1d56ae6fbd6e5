"""AppTest: the What's new page on a database with two vintages (tests/conftest.py: history_db,
the fixture tables and then edit_the_record's edits), the overview's count of the last vintage's
changes, and the ?event= / ?vintage= permalinks."""
from __future__ import annotations

import csv
import io

import duckdb
import pytest
from apptools import assert_clean, captions, download_of, infos, metric, open_page, warnings

from tests.conftest import NEW_TITLE, REMOVED_EVENT, RETITLED_EVENT


@pytest.fixture(autouse=True)
def on_history_db(history_db, monkeypatch):
    monkeypatch.setenv("MONITOR_DB", str(history_db))
    return history_db


@pytest.fixture(scope="module")
def vintages(history_db) -> tuple[str, str]:
    """(first, second) vintage ids of history_db."""
    con = duckdb.connect(str(history_db), read_only=True)
    try:
        rows = con.execute("select vintage_id from vintages order by built_at").fetchall()
    finally:
        con.close()
    return rows[0][0], rows[1][0]


def frames(at) -> dict[str, object]:
    """Each table on the page by its columns' first distinct header."""
    return {tuple(df.value.columns)[:5]: df.value for df in at.dataframe}


def table_with(at, column: str):
    found = [df.value for df in at.dataframe if column in df.value.columns]
    assert found, f"no table with a {column!r} column"
    return found[0]


def test_whats_new_shows_the_last_vintages_changes_by_kind(vintages):
    at = open_page("changes")
    assert_clean(at)
    assert at.title[0].value == "What's new"
    assert (metric(at, "Rows added"), metric(at, "Rows changed"), metric(at, "Rows removed")) == ("1", "2", "2")
    by_table = table_with(at, "Table")
    assert by_table[["Table", "Added", "Changed", "Removed"]].values.tolist() == [
        ["Events", 0, 1, 1], ["Places", 0, 0, 1], ["Trade figures", 1, 1, 0]]
    assert at.selectbox(key="chg_since").value == vintages[0]
    assert "since" not in at.query_params                      # the default is not written


def test_a_revised_figure_shows_old_and_new_value_with_both_sources():
    at = open_page("changes")
    revised = table_with(at, "Value (old → new)")
    assert revised[["Figure", "Value (old → new)", "Source (old → new)"]].values.tolist() == [
        ["t02", "US$ 22.70 bn → US$ 22.71 bn", "gacc-2025 → stat-kg-2025"]]
    assert any("conflicting** figure from another source is a new row" in c for c in captions(at))
    added = table_with(at, "What it is")
    assert added["Key"].tolist() == ["t08"]
    assert "source_id: stat-kg-2025" in added["What it is"].iloc[0]


def test_changed_rows_have_one_line_per_column_and_removed_rows_show_what_they_were():
    at = open_page("changes")
    changed = table_with(at, "Old value")
    assert changed[["Key", "Column", "Old value", "New value"]].values.tolist() == [
        [RETITLED_EVENT, "title", "First China–Kyrgyzstan foreign ministers' strategic dialogue", NEW_TITLE],
        ["t02", "value_usd", "22700000000.0", "22710000000.0"],
        ["t02", "source_id", "gacc-2025", "stat-kg-2025"]]
    assert changed["Record"].iloc[0].startswith(f"./timeline?event={RETITLED_EVENT}&vintage=")
    removed = table_with(at, "What it was")
    assert removed["Key"].tolist() == [REMOVED_EVENT, "tashkent"]
    was = removed["What it was"].iloc[0]
    assert "title: Second China–Kazakhstan foreign ministers' strategic dialogue" in was
    assert "countries: CHN, KAZ" in was


def test_the_sidebar_filter_narrows_the_changes_by_the_rows_own_countries_and_dates():
    at = open_page("changes", {"countries": "KAZ"})
    assert_clean(at)
    assert (metric(at, "Rows added"), metric(at, "Rows changed"), metric(at, "Rows removed")) == ("0", "0", "1")
    assert table_with(at, "What it was")["Key"].tolist() == [REMOVED_EVENT]   # found by its old countries
    at = open_page("changes", {"start": "2024-01-01", "end": "2024-12-31"})
    # t02 (2024) and the places (no dates of their own) stay; the 2025 events and the 2023 figure go.
    assert (metric(at, "Rows added"), metric(at, "Rows changed"), metric(at, "Rows removed")) == ("0", "1", "1")
    at = open_page("changes", {"countries": "TJK"})
    assert_clean(at)
    assert any("No change since vintage" in i for i in infos(at))


def test_since_in_the_link(vintages):
    first, second = vintages
    at = open_page("changes", {"since": first})
    assert_clean(at)
    assert (at.selectbox(key="chg_since").value, warnings(at)) == (first, [])
    at = open_page("changes", {"since": "2000-01-01"})
    assert_clean(at)
    assert metric(at, "Rows removed") == "2"
    assert at.query_params["since"] == "2000-01-01"
    at = open_page("changes", {"since": "2035-01-01"})
    assert metric(at, "Rows removed") == "0"


@pytest.mark.parametrize("value, note", [
    ("abcdefabcdef", "no vintage of this database's history has that id"),
    ("not a vintage", "use a vintage id (12 hex digits"),
    ("<script>", "use a vintage id"),
    ("2025-02-30", "Ignored since date"),
])
def test_a_since_that_names_no_vintage_gives_a_note_and_the_default(value, note):
    at = open_page("changes", {"since": value})
    assert_clean(at)
    assert any(note in w for w in warnings(at)), warnings(at)
    assert metric(at, "Rows removed") == "2"


def test_the_current_vintage_as_since_says_nothing_changed_since_it(vintages):
    at = open_page("changes", {"since": vintages[1]})
    assert_clean(at)
    assert any("is the current vintage" in w for w in warnings(at))


def test_choosing_another_since_writes_it_to_the_url(vintages):
    at = open_page("changes")
    at.selectbox(key="chg_since").set_value("a date").run()
    at.date_input(key="chg_date").set_value("2000-01-01").run()
    assert_clean(at)
    assert at.query_params["since"] == "2000-01-01"


def test_the_changes_download_holds_every_line_formula_safe(download_files, vintages):
    at = open_page("changes", {"countries": "KGZ"})
    name, text = download_of(at, "Download the changes", download_files)
    assert name == "changes_KGZ.csv"
    rows = list(csv.DictReader(io.StringIO(text)))
    assert list(rows[0]) == ["vintage_id", "built_at", "table_name", "row_key", "label", "change_kind",
                             "column_name", "old_value", "new_value"]
    assert [(r["table_name"], r["row_key"], r["change_kind"], r["column_name"]) for r in rows] == [
        ("events", RETITLED_EVENT, "changed", "title"),
        ("trade", "t02", "changed", "value_usd"), ("trade", "t02", "changed", "source_id"),
        ("trade", "t08", "added", "")]
    assert rows[1]["old_value"] == "22700000000.0" and rows[1]["new_value"] == "22710000000.0"
    assert rows[3]["new_value"].startswith('{"trade_id":"t08"')


def test_the_overview_counts_the_last_vintages_changes_and_links_there(vintages):
    at = open_page("overview")
    assert_clean(at)
    line = [m.value for m in at.markdown if m.value.startswith("**Since the previous vintage**")]
    assert line == [f"**Since the previous vintage** (`{vintages[0]}` → `{vintages[1]}`, built "
                    f"{line[0].split('built ')[1][:10]}): 1 rows added, 2 changed, 2 removed in this filter."]
    assert "changes" in [p.proto.page for p in at.get("page_link")]


def test_an_event_link_opens_its_record_on_the_timeline_and_carries_the_vintage(vintages):
    at = open_page("timeline", {"event": RETITLED_EVENT, "vintage": vintages[0]})
    assert_clean(at)
    assert NEW_TITLE in [s.value for s in at.subheader]
    assert any(f"made on vintage `{vintages[0]}`; the data has changed since" in i for i in infos(at))
    assert at.query_params["event"] == RETITLED_EVENT and at.query_params["vintage"] == vintages[1]
    assert f"Permalink to this record as of vintage `{vintages[1]}`: [./timeline?event={RETITLED_EVENT}&vintage=" \
           f"{vintages[1]}](./timeline?event={RETITLED_EVENT}&vintage={vintages[1]})" in captions(at)


def test_an_event_link_opens_its_record_on_the_data_page():
    at = open_page("data", {"event": RETITLED_EVENT})
    assert_clean(at)
    assert NEW_TITLE in [s.value for s in at.subheader]


@pytest.mark.parametrize("page", ["timeline", "data"])
def test_a_link_to_a_removed_or_malformed_event_gives_a_note(page):
    at = open_page(page, {"event": REMOVED_EVENT})
    assert_clean(at)
    assert any(f"The linked event `{REMOVED_EVENT}` is not in this database" in w for w in warnings(at))
    at = open_page(page, {"event": "../../etc/passwd", "vintage": "zz"})
    assert_clean(at)
    assert any("Ignored event" in w for w in warnings(at)) and any("Ignored vintage" in w for w in warnings(at))


def test_a_database_with_one_vintage_says_there_is_nothing_to_compare_yet(fixture_db, monkeypatch):
    monkeypatch.setenv("MONITOR_DB", str(fixture_db))
    at = open_page("changes")
    assert_clean(at)
    assert any("first vintage of the history" in i for i in infos(at))
    at = open_page("overview")
    assert_clean(at)
    assert not [m for m in at.markdown if m.value.startswith("**Since the previous vintage**")]
