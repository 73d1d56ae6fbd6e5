"""`python -m etl report` and the coverage table it prints, on the fixture database (figures counted
by hand from tests/fixtures/curated)."""
from __future__ import annotations

import io
import re

import duckdb
import pytest

from etl.report import report

from tests.conftest import FIXTURES

CURATED = FIXTURES / "curated"


@pytest.fixture(scope="module")
def db(tmp_path_factory, run_build):
    folder = tmp_path_factory.mktemp("report")
    assert run_build(CURATED, folder / "no-imports", folder / "monitor.duckdb").code == 0
    return folder / "monitor.duckdb"


def coverage(db, section):
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute("select country_iso3, period, label, value, note from coverage where section = ? "
                           "order by all", [section]).fetchall()


def test_bilateral_events_count_only_china_and_one_state(db):
    # KAZ: the strategic dialogue; KGZ: the 2025 dialogue (the railway events have three states,
    # Wang Yi's visits four).
    rows = {c: v for c, _, _, v, _ in coverage(db, "bilateral events 2022-2025")}
    assert rows == {"KAZ": 1, "KGZ": 1, "TJK": 0, "TKM": 0, "UZB": 0}


def test_events_per_country_and_year(db):
    rows = {(c, p): (v, n) for c, p, _, v, n in coverage(db, "events per country and year")}
    assert rows[("KGZ", 2024)] == (2, "0 bilateral")
    assert rows[("KGZ", 2025)] == (2, "1 bilateral")
    assert rows[("UZB", 2025)] == (1, "0 bilateral")
    assert rows[("TKM", 2022)] == (0, "0 bilateral")


def test_sources_per_event_and_trade_cells(db):
    per_event = {label: (v, n) for _, _, label, v, n in coverage(db, "sources per event")}
    assert per_event["mean"] == (1.2, "5 events")
    assert per_event["minimum"][0] == 1
    assert per_event["state visits and summits with 2+ publishers"] == (0, "of 1 visits and summits")
    cells = {c: (v, n) for c, _, _, v, n in coverage(db, "China-reported annual trade cells 2015-2025")}
    assert cells["KGZ"] == (2, "of 33 (2 with a main-confidence figure)")
    assert cells["UZB"][0] == 0


def test_gaps_name_what_is_missing(db):
    gaps = coverage(db, "gaps")
    assert (None, None, "state visit or summit with one publisher", None,
            "2025-04-wang-yi-central-asia-visits") in gaps
    assert ("KGZ", 2015, "no China-reported annual figure", None, "total") in gaps
    assert ("KGZ", 2023, "no China-reported annual figure", None, "total") not in gaps
    assert ("TKM", 2024, "no event involving this country", None, None) in gaps


def test_report_prints_every_section(db):
    out, err = io.StringIO(), io.StringIO()
    assert report(db, out, err) == 0
    text = out.getvalue()
    for heading in ("## record", "## bilateral events 2022-2025", "## events per country and year",
                    "## sources per event", "## China-reported annual trade cells 2015-2025", "## gaps"):
        assert heading in text
    assert re.search(r"^country\s+2022\s+2023\s+2024\s+2025\s", text, re.M)
    assert re.search(r"^KGZ\s+0 / 0\s+0 / 0\s+2 / 0\s+2 / 1$", text, re.M)
    assert re.search(r"^KGZ\s+cells filled\s+2  of 33", text, re.M)


def test_report_on_a_missing_database_says_so(tmp_path):
    err = io.StringIO()
    assert report(tmp_path / "none.duckdb", io.StringIO(), err) == 2
    assert "does not exist" in err.getvalue() and "\n" == err.getvalue()[-1]
