"""Query layer on a history of vintages: what the What's new page and the brief read of it. Which
vintages a "since" choice covers, the vintage list, revised trade figures (old -> new value and
source), the change lines' count and date bounds, and what the database was built from.

Databases: history_db (tests/conftest.py: the fixture tables, then edit_the_record's edits: v1, v2)
and `three` here, a third build over it (v3) that revises t02's value again (its source stays) and
gives t05 another source (its value stays). Expected rows are worked out by hand from those edits
and tests/fixtures/curated/trade.csv.
"""
from __future__ import annotations

import shutil
from datetime import date, datetime
from pathlib import Path

import pandas as pd
import pytest

from dashboard import db, queries
from tests.queries.conftest import read_only, writable_copy
from dashboard.filters import Filters, Since
from etl.build import SCHEMA_VERSION
from tests.conftest import FIXTURE_CURATED, REMOVED_EVENT, RETITLED_EVENT, build_fixture_db, edit_csv, \
    edit_the_record

T02 = "CHN total KGZ TOTAL, 2024-01-01 – 2024-12-31"      # change_scope's label of t02, of t05
T05 = "CHN total KGZ TOTAL, 2025-01-01 – 2025-06-30"
UNKNOWN = "abcdefabcdef"                                 # a vintage id no history holds


def third_edit(rows):
    """v3: t02 revised again by the same source; t05 credited to another source, same value."""
    for r in rows:
        if r["trade_id"] == "t02":
            r.update(value_usd="22750000000")
        if r["trade_id"] == "t05":
            r.update(source_id="stat-kg-2025")
    return rows


@pytest.fixture(scope="module")
def three(history_db, tmp_path_factory) -> Path:
    """history_db rebuilt once more with third_edit: three vintages, v3 the database's own."""
    root = tmp_path_factory.mktemp("three-vintages")
    curated = root / "curated"
    shutil.copytree(FIXTURE_CURATED, curated)
    edit_the_record(curated)
    edit_csv(curated / "trade.csv", third_edit)
    (root / "db").mkdir()
    shutil.copyfile(history_db, root / "db" / "monitor.duckdb")
    return build_fixture_db(root / "db", curated)


@pytest.fixture(scope="module")
def hcon(history_db):
    with read_only(history_db) as connection:
        yield connection


@pytest.fixture(scope="module")
def con3(three):
    with read_only(three) as connection:
        yield connection


def built(connection) -> dict[str, datetime]:
    """built_at of each vintage, by id."""
    return dict(connection.execute("select vintage_id, built_at from vintages").fetchall())


def ids(connection) -> list[str]:
    """The vintage ids, oldest first."""
    return [r[0] for r in connection.execute("select vintage_id from vintages order by built_at").fetchall()]


def plain(value):
    """A cell as Python compares it: NaN/NaT/None -> None."""
    return None if not isinstance(value, list) and pd.isna(value) else value


def revisions(connection, f: Filters = Filters(), since: Since = Since()) -> list[tuple]:
    got = db.query(connection, queries.trade_revisions(f, since, limit=500))
    return [tuple(plain(v) for v in r) for r in got[[
        "vintage_id", "built_at", "trade_id", "label", "old_value_usd", "new_value_usd",
        "old_source_id", "new_source_id", "columns"]].itertuples(index=False)]


def lines_per_vintage(connection, since: Since, f: Filters = Filters()) -> list[tuple[str, int]]:
    """(vintage, how many change lines) in the order the page lists them, newest first."""
    got = db.query(connection, queries.changes_rows(f, since))
    return [(v, int(n)) for v, n in got.groupby("vintage_id", sort=False).size().items()]


# ---------------------------------------------------------------- revised trade figures

def test_a_revised_figure_gives_its_old_and_new_value_and_source(hcon):
    """Since the previous vintage: t02, revised from US$ 22.70 bn (gacc-2025) to US$ 22.71 bn
    (stat-kg-2025), is the one revision. t08, a new figure from another source, is an added row, not
    a revision; the retitled event and the removed rows are not trade revisions."""
    v1, v2 = ids(hcon)
    assert revisions(hcon) == [
        (v2, built(hcon)[v2], "t02", T02, 22.7e9, 22.71e9, "gacc-2025", "stat-kg-2025", "value_usd, source_id")]


def test_each_revision_of_a_figure_is_listed_once_with_its_own_values_and_sources(con3):
    """Since the first vintage: t02 twice (v3 then v2, each revision's own values), and t05 whose
    source alone changed (no value before or after: the page says "unchanged"). A source that did not
    change is the figure's source at that vintage, on both sides."""
    v1, v2, v3 = ids(con3)
    at = built(con3)
    assert revisions(con3, since=Since(vintage_id=v1)) == [
        (v3, at[v3], "t02", T02, 22.71e9, 22.75e9, "stat-kg-2025", "stat-kg-2025", "value_usd"),
        (v3, at[v3], "t05", T05, None, None, "gacc-2025", "stat-kg-2025", "source_id"),
        (v2, at[v2], "t02", T02, 22.7e9, 22.71e9, "gacc-2025", "stat-kg-2025", "value_usd, source_id"),
    ]


def test_revisions_follow_the_since_choice_and_the_filter(con3):
    """The default is the database's own vintage only; a figure counts by its own countries and
    period (t05 is a 2025 figure, t02 a 2024 one; neither involves Kazakhstan)."""
    v1, v2, v3 = ids(con3)
    assert [(r[0], r[2]) for r in revisions(con3)] == [(v3, "t02"), (v3, "t05")]
    assert [(r[0], r[2]) for r in revisions(con3, since=Since(vintage_id=v2))] == [(v3, "t02"), (v3, "t05")]
    assert [(r[0], r[2]) for r in revisions(con3, Filters(start=date(2025, 1, 1)), Since(vintage_id=v1))] == [
        (v3, "t05")]
    assert [(r[0], r[2]) for r in revisions(con3, Filters(end=date(2024, 12, 31)), Since(vintage_id=v1))] == [
        (v3, "t02"), (v2, "t02")]
    assert revisions(con3, Filters(("KAZ",)), Since(vintage_id=v1)) == []
    assert revisions(con3, since=Since(vintage_id=v3)) == []


def test_another_tables_row_with_a_figures_key_is_not_part_of_its_revision(history_db, tmp_path):
    """Row keys are unique within a table only. A changed row of another table that happens to have
    a revised figure's key (here a person 't02', renamed in the same vintage) neither doubles the
    revision nor adds its columns to it."""
    connection = writable_copy(history_db, tmp_path)
    try:
        v1, v2 = ids(connection)
        connection.execute("insert into changes values (?, 'people', 't02', 'changed', 'name', 'Old name', 'New name')",
                           [v2])
        connection.execute("insert into change_scope values (?, 'people', 't02', 'changed', ['KGZ'], null, null,"
                           " 'New name', 'gacc-2025')", [v2])
        assert revisions(connection) == [
            (v2, built(connection)[v2], "t02", T02, 22.7e9, 22.71e9, "gacc-2025", "stat-kg-2025",
             "value_usd, source_id")]
    finally:
        connection.close()


# ---------------------------------------------------------------- which vintages "since" covers

def test_since_a_vintage_is_the_vintages_after_it(con3):
    """v3's lines: t02's value, t05's source; v2's: edit_the_record's six. The default is the
    database's own vintage; since a vintage, the ones after it (never itself); since the current
    vintage or a vintage this history does not hold, nothing."""
    v1, v2, v3 = ids(con3)
    assert lines_per_vintage(con3, Since()) == [(v3, 2)]
    assert lines_per_vintage(con3, Since(vintage_id=v1)) == [(v3, 2), (v2, 6)]
    assert lines_per_vintage(con3, Since(vintage_id=v2)) == [(v3, 2)]
    assert lines_per_vintage(con3, Since(vintage_id=v3)) == []
    assert lines_per_vintage(con3, Since(vintage_id=UNKNOWN)) == []


def test_since_a_day_is_the_vintages_built_that_day_or_later(three, tmp_path):
    """Build times set by hand: v1 on 10 January 08:00, v2 at 00:00:00 on 1 February (UTC), v3 on
    5 March at noon. A vintage built at midnight counts as built on that day."""
    connection = writable_copy(three, tmp_path)
    try:
        v1, v2, v3 = ids(connection)
        for vintage, at in ((v1, "2025-01-10 08:00:00"), (v2, "2025-02-01 00:00:00"), (v3, "2025-03-05 12:00:00")):
            connection.execute("update vintages set built_at = ?::timestamp where vintage_id = ?", [at, vintage])
        assert lines_per_vintage(connection, Since(day=date(2025, 1, 1))) == [(v3, 2), (v2, 6)]
        assert lines_per_vintage(connection, Since(day=date(2025, 2, 1))) == [(v3, 2), (v2, 6)]
        assert lines_per_vintage(connection, Since(day=date(2025, 2, 2))) == [(v3, 2)]
        assert lines_per_vintage(connection, Since(day=date(2025, 3, 5))) == [(v3, 2)]
        assert lines_per_vintage(connection, Since(day=date(2025, 3, 6))) == []
    finally:
        connection.close()


def test_a_history_whose_parents_loop_still_gives_an_answer(history_db, tmp_path):
    """A hand-edited history where the first vintage names the current one as its parent: the chain
    back from the current vintage is cut off rather than followed for ever."""
    connection = writable_copy(history_db, tmp_path)
    try:
        v1, v2 = ids(connection)
        connection.execute("update vintages set parent_id = ? where vintage_id = ?", [v2, v1])
        assert lines_per_vintage(connection, Since()) == [(v2, 6)]
        assert lines_per_vintage(connection, Since(vintage_id=v1)) == [(v2, 6)]
    finally:
        connection.close()


# ---------------------------------------------------------------- the filter's dates, ends included

@pytest.mark.parametrize("day, expected", [
    # t02 covers 2024, t08 2023; tashkent (removed) has no dates and is never excluded by them.
    (date(2024, 1, 1), [("places", "tashkent"), ("trade", "t02")]),       # t02's first day
    (date(2024, 12, 31), [("places", "tashkent"), ("trade", "t02")]),     # t02's last day
    (date(2023, 12, 31), [("places", "tashkent"), ("trade", "t08")]),     # t08's last day
    (date(2025, 4, 25), [("events", REMOVED_EVENT), ("places", "tashkent")]),
    (date(2025, 11, 20), [("events", RETITLED_EVENT), ("places", "tashkent")]),
    (date(2025, 11, 21), [("places", "tashkent")]),
])
def test_a_changed_row_is_in_a_date_range_that_touches_its_first_or_last_day(hcon, day, expected):
    got = db.query(hcon, queries.changes_rows(Filters(start=day, end=day), Since()))
    assert sorted(set(zip(got["table_name"], got["row_key"]))) == expected


# ---------------------------------------------------------------- counts of change lines

@pytest.mark.parametrize("f, kind, expected", [
    # v2's lines: the retitled event's title and t02's value and source (changed), t08 (added),
    # the removed event and Tashkent (removed).
    (Filters(), None, 6),
    (Filters(), "added", 1),
    (Filters(), "changed", 3),
    (Filters(), "removed", 2),
    (Filters(("KAZ",)), None, 1),          # the removed China–Kazakhstan dialogue only
    (Filters(("KAZ",)), "added", 0),
    (Filters(("KAZ",)), "changed", 0),
    (Filters(("KAZ",)), "removed", 1),
    (Filters(("TJK",)), None, 0),
])
def test_the_count_of_change_lines_is_the_number_of_lines_listed(hcon, f, kind, expected):
    """The tab's pager counts what the tab would list, of one kind and in the filter."""
    count = db.query(hcon, queries.changes_rows_count(f, Since(), change_kind=kind))["lines"].iloc[0]
    listed = db.query(hcon, queries.changes_rows(f, Since(), change_kind=kind))
    assert (count, len(listed)) == (expected, expected)


def test_change_lines_come_a_page_at_a_time_in_the_listing_order(con3):
    """The tab's pager: `limit` lines after `offset`, the pages together the whole listing."""
    since = Since(vintage_id=ids(con3)[0])
    whole = db.query(con3, queries.changes_rows(Filters(), since))
    assert len(whole) >= 3
    key = ["vintage_id", "table_name", "row_key", "change_kind", "column_name"]
    pages = [db.query(con3, queries.changes_rows(Filters(), since, limit=2, offset=k)) for k in range(0, len(whole), 2)]
    assert [len(p) for p in pages[:-1]] == [2] * (len(pages) - 1)
    assert pd.concat(pages)[key].values.tolist() == whole[key].values.tolist()
    second = db.query(con3, queries.changes_rows(Filters(), since, limit=1, offset=1))
    assert second[key].values.tolist() == whole[key].iloc[1:2].values.tolist()


def test_trade_revisions_stop_at_the_limit_newest_first(con3):
    since = Since(vintage_id=ids(con3)[0])
    every = revisions(con3, since=since)
    assert len(every) == 3
    got = db.query(con3, queries.trade_revisions(Filters(), since, limit=1))
    assert [(r.vintage_id, r.trade_id) for r in got.itertuples()] == [(every[0][0], every[0][2])]


def test_no_change_lines_since_the_current_vintage(hcon):
    v1, v2 = ids(hcon)
    for kind in (None, "added", "changed", "removed"):
        assert db.query(hcon, queries.changes_rows_count(Filters(), Since(vintage_id=v2), change_kind=kind))[
            "lines"].iloc[0] == 0


# ---------------------------------------------------------------- the vintage list

def test_the_vintage_list_counts_each_vintages_rows_and_marks_the_current_one(con3):
    """Newest first: v3 changed two figures; v2 added t08, changed the event and t02, removed the
    event and Tashkent; v1 began the history. Only v3 is the database's own."""
    v1, v2, v3 = ids(con3)
    at = built(con3)
    got = db.query(con3, queries.vintage_list(limit=500))
    assert [tuple(plain(v) for v in r) for r in got[[
        "vintage_id", "built_at", "parent_id", "is_current", "added", "changed", "removed"]].itertuples(index=False)] == [
        (v3, at[v3], v2, True, 0, 2, 0),
        (v2, at[v2], v1, False, 1, 2, 2),
        (v1, at[v1], None, False, 0, 0, 0),
    ]
    assert list(db.query(con3, queries.vintage_list(limit=1))["vintage_id"]) == [v3]


# ---------------------------------------------------------------- what the database was built from

def test_build_info_is_the_current_vintages_inputs_and_the_schema_version(con3):
    """The brief cites the build by its inputs digest: that of the database's own vintage, whose id
    is the digest's first 12 digits."""
    v1, v2, v3 = ids(con3)
    inputs_hash = con3.execute("select inputs_hash from vintages where vintage_id = ?", [v3]).fetchone()[0]
    got = db.query(con3, queries.build_info())
    assert got[["input_sha256", "schema_version"]].values.tolist() == [[inputs_hash, SCHEMA_VERSION]]
    assert inputs_hash[:12] == v3


def test_build_info_gives_null_where_the_build_recorded_nothing(history_db, tmp_path):
    connection = writable_copy(history_db, tmp_path)
    try:
        connection.execute("delete from build_info where key = 'input_sha256'")
        got = db.query(connection, queries.build_info())
        assert [plain(v) for v in got.iloc[0]] == [None, SCHEMA_VERSION]
    finally:
        connection.close()
