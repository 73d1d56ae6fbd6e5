"""Shared test fixtures: the hand-written fixture tables and a DuckDB database built from them.

`fixture_db` (one per test session) is the database the query, app and browser tests read; point
the app at it with MONITOR_DB. `product_db` adds UN Comtrade product lines: a small
`python -m etl synth` run plus a few hand-written monthly lines (see PRODUCT_LINES). Uses the ETL
only through its command line and `etl.build.run`, as the Makefile does.
"""
from __future__ import annotations

import csv
import io
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from etl.build import run

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
FIXTURE_CURATED = FIXTURES / "curated"    # every curated table, a few consistent rows each
FIXTURE_IMPORTS = FIXTURES / "imports"    # small UN Comtrade exports (not part of fixture_db)


def build_fixture_db(directory: Path, data_dir: Path = FIXTURE_CURATED, imports_dir: Path | None = None) -> Path:
    """Build `directory`/monitor.duckdb from the fixture tables (no Comtrade imports by default)."""
    directory.mkdir(parents=True, exist_ok=True)
    if imports_dir is None:
        imports_dir = directory / "no-imports"   # absent folder: nothing to import
    db = directory / "monitor.duckdb"
    out, err = io.StringIO(), io.StringIO()
    if run(data_dir, imports_dir, db, out=out, err=err) != 0:
        raise AssertionError(f"fixture database did not build:\n{err.getvalue()}")
    return db


def edit_csv(path: Path, change) -> None:
    """Rewrite a curated CSV as change(rows) returns its rows (dicts by column)."""
    with path.open(newline="", encoding="utf-8") as f:
        reader = csv.DictReader(f)
        header, rows = list(reader.fieldnames), list(reader)
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=header, lineterminator="\n")
        writer.writeheader()
        writer.writerows(change(rows))


REMOVED_EVENT = "2025-04-25-cn-kz-strategic-dialogue"     # China and Kazakhstan
RETITLED_EVENT = "2025-11-19-cn-kg-fm-strategic-dialogue"  # China and Kyrgyzstan
NEW_TITLE = "China–Kyrgyzstan strategic dialogue: first round (retitled)"


def edit_the_record(curated: Path) -> None:
    """The edits behind history_db: a figure revised by another source (t02: value and source), a
    conflicting figure from another source added (t08), an event retitled, an event removed with its
    links, a place removed."""
    def trade(rows):
        for r in rows:
            if r["trade_id"] == "t02":
                r.update(value_usd="22710000000", source_id="stat-kg-2025")
        t01 = next(r for r in rows if r["trade_id"] == "t01")
        return rows + [{**t01, "trade_id": "t08", "value_usd": "19900000000", "yoy_pct": "",
                        "source_id": "stat-kg-2025", "notes": "another source's figure"}]
    edit_csv(curated / "trade.csv", trade)
    edit_csv(curated / "events.csv", lambda rows: [
        {**r, "title": NEW_TITLE} if r["event_id"] == RETITLED_EVENT else r
        for r in rows if r["event_id"] != REMOVED_EVENT])
    for name in ("event_countries", "event_people", "event_sources"):
        edit_csv(curated / f"{name}.csv", lambda rows: [r for r in rows if r["event_id"] != REMOVED_EVENT])
    edit_csv(curated / "places.csv", lambda rows: [r for r in rows if r["place_id"] != "tashkent"])


@pytest.fixture(scope="session")
def history_db(tmp_path_factory) -> Path:
    """A database with two vintages: the fixture tables, then edit_the_record's edits over them."""
    root = tmp_path_factory.mktemp("history-db")
    curated = root / "curated"
    shutil.copytree(FIXTURE_CURATED, curated)
    db = build_fixture_db(root / "db", curated)
    edit_the_record(curated)
    return build_fixture_db(root / "db", curated)


@pytest.fixture(scope="session")
def fixture_db(tmp_path_factory) -> Path:
    """A database built once per session from tests/fixtures/curated; treat it as read-only."""
    return build_fixture_db(tmp_path_factory.mktemp("fixture-db"))


# Hand-written Comtrade lines beside the synthetic ones (which cover 2010-2025 with annual and
# monthly figures for every series): China's exports to Kazakhstan in years before those, to show
# how a year is made up. 2007: an annual figure and monthly ones (only the annual counts); 2008:
# seven months only (a partial year); 2009: twelve months and no annual figure (their sum counts).
# (year, month or None for the annual figure, HS code, value in US$)
PRODUCT_LINES = (
    [(2007, None, "870321", 30_000_000.0), (2007, None, "TOTAL", 40_000_000.0)]
    + [(2007, m, code, value) for m in range(1, 13)
       for code, value in (("870321", 1_000_000.0), ("010121", 5.0), ("TOTAL", 2_000_000.0))]
    + [(2008, m, code, value) for m in range(1, 8)
       for code, value in (("870321", 2_000_000.0), ("TOTAL", 3_000_000.0))]
    + [(2009, m, code, value) for m in range(1, 13)
       for code, value in (("870321", 1_000_000.0 * m), ("720839", 500_000.0), ("TOTAL", 9_000_000.0))]
)


def write_product_lines(path: Path) -> None:
    """PRODUCT_LINES as a UN Comtrade Plus export (China, M49 156, exports to Kazakhstan, 398)."""
    from etl.comtrade import PLUS_HEADER

    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.DictWriter(out, fieldnames=PLUS_HEADER)
        writer.writeheader()
        for year, month, code, value in PRODUCT_LINES:
            period = str(year) if month is None else f"{year}{month:02d}"
            writer.writerow({
                **{column: "" for column in PLUS_HEADER},
                "typeCode": "C", "freqCode": "A" if month is None else "M", "refYear": year,
                "refMonth": 52 if month is None else month, "period": period, "reporterCode": 156,
                "reporterISO": "CHN", "flowCode": "X", "flowDesc": "Export", "partnerCode": 398,
                "partnerISO": "KAZ", "partner2Code": 0, "classificationCode": "H6",
                "cmdCode": code, "cmdDesc": "All Commodities" if code == "TOTAL" else f"Hand-written {code}",
                "customsCode": "C00", "motCode": 0, "primaryValue": value, "fobvalue": value,
            })


@pytest.fixture(scope="session")
def product_db(tmp_path_factory) -> Path:
    """`python -m etl synth --events 300 --trade-rows 20000` plus PRODUCT_LINES, built once per
    session with `python -m etl build`; treat it as read-only."""
    root = tmp_path_factory.mktemp("product-db")
    done = subprocess.run([sys.executable, "-m", "etl", "synth", "--events", "300", "--trade-rows", "20000",
                           "--out", str(root / "synth")], cwd=ROOT, capture_output=True, text=True)
    if done.returncode != 0:
        raise AssertionError(f"synth failed:\n{done.stdout}\n{done.stderr}")
    write_product_lines(root / "synth" / "imports" / "hand_written.csv")
    add_low_product_lines(root / "synth" / "curated" / "trade.csv")
    return build_fixture_db(root / "db", root / "synth" / "curated", root / "synth" / "imports")


# Curated product lines of low confidence, so that the product view's confidence setting changes
# what it adds up: an annual HS6 line for a year that otherwise has Comtrade's lines (2010), and one
# for a year with only monthly lines (2009, where an annual line, once counted, replaces the months).
LOW_PRODUCT_LINES = [
    ("tlow1", "CHN", "KAZ", "2010-01-01", "2010-12-31", "export", "870321", "75000000000"),
    ("tlow2", "CHN", "KAZ", "2009-01-01", "2009-12-31", "export", "720839", "64000000000"),
    ("tlow3", "KAZ", "CHN", "2010-01-01", "2010-12-31", "import", "999999", "55000000000"),
]


def add_low_product_lines(trade_csv: Path) -> None:
    with trade_csv.open(newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    source = rows[0]["source_id"]
    with trade_csv.open("a", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]))
        for tid, reporter, partner, start, end, flow, code, value in LOW_PRODUCT_LINES:
            writer.writerow({**{k: "" for k in rows[0]}, "trade_id": tid, "reporter_iso3": reporter,
                             "partner_iso3": partner, "period_start": start, "period_end": end, "flow": flow,
                             "commodity_code": code, "value_usd": value, "is_lower_bound": "false",
                             "confidence": "low", "source_id": source,
                             "notes": "hand-written low-confidence product line (tests)"})
