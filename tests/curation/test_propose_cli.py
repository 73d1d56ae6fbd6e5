"""python -m etl propose: its contract, bad input refused in one line, dates, money."""
from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from etl.article import parse_article
from etl.propose import propose
from etl.tables import EVENT_TYPES
from tests.curation.score import ARTICLES, CURATED, ROOT

EVENT_KEYS = {"kind", "start_date", "end_date", "date_precision", "event_type", "title", "place_id", "place_name",
              "countries", "people", "people_names", "evidence", "duplicate_of"}
TRADE_KEYS = {"kind", "reporter_iso3", "partner_iso3", "period_start", "period_end", "flow", "value", "currency",
              "value_usd", "yoy_pct", "evidence"}


def run(path: Path, *args: str, db: Path | None = None):
    cmd = [sys.executable, "-m", "etl", "propose", str(path), *args]
    if db is not None:
        cmd += ["--db", str(db)]
    return subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=120)


@pytest.fixture(scope="module")
def gaz(scoring_db):
    import duckdb

    from etl.gazetteer import Gazetteer
    with duckdb.connect(str(scoring_db), read_only=True) as con:
        return Gazetteer.from_db(con)


def test_output_follows_the_contract(scoring_db):
    done = run(ARTICLES / "11_en_h1_2023_statistics.txt", "--published", "2023-07-26", "--url", "https://x.test/a",
               db=scoring_db)
    assert done.returncode == 0, done.stderr
    rows = [json.loads(line) for line in done.stdout.splitlines()]
    assert rows and all(TRADE_KEYS <= set(r) for r in rows)
    done = run(ARTICLES / "01_en_astana_summit_sidelines.txt", "--published", "2025-06-17", db=scoring_db)
    rows = [json.loads(line) for line in done.stdout.splitlines()]
    text = (ARTICLES / "01_en_astana_summit_sidelines.txt").read_text(encoding="utf-8")
    for r in rows:
        assert EVENT_KEYS <= set(r)
        assert r["event_type"] in EVENT_TYPES and "CHN" in r["countries"]
        assert r["evidence"].replace("'", "’") in text.replace("'", "’") or r["evidence"] in text


@pytest.mark.parametrize("content, reason", [
    (b"", "is empty"),
    (b"   \n\n  ", "is empty"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
    ("Встреча в Бишкеке".encode("cp1251"), "not UTF-8"),
])
def test_unreadable_input_exits_2_with_one_line(tmp_path, content, reason):
    path = tmp_path / "article.txt"
    path.write_bytes(content)
    done = run(path)
    assert done.returncode == 2 and done.stdout == ""
    assert len(done.stderr.strip().splitlines()) == 1 and reason in done.stderr
    assert "Traceback" not in done.stderr


def test_a_directory_a_missing_file_and_20_mb_are_refused(tmp_path):
    big = tmp_path / "big.txt"
    with big.open("wb") as f:
        f.truncate(20 * 1024 * 1024 + 1)
    for path, reason in ((tmp_path, "directory"), (tmp_path / "nope.txt", "no such file"), (big, "20 MB")):
        done = run(path)
        assert done.returncode == 2 and len(done.stderr.strip().splitlines()) == 1 and reason in done.stderr


def test_a_bad_published_date_is_one_line(tmp_path):
    done = run(ARTICLES / "12_en_other_topic.txt", "--published", "17/06/2025")
    assert done.returncode == 2 and len(done.stderr.strip().splitlines()) == 1


def test_nothing_to_propose_exits_0_silently(scoring_db):
    done = run(ARTICLES / "12_en_other_topic.txt", "--published", "2025-09-21", db=scoring_db)
    assert done.returncode == 0 and done.stdout == "" and done.stderr == ""


def test_without_a_database_duplicates_are_null_with_a_warning(tmp_path):
    done = run(ARTICLES / "05_en_kurubayev_bishkek.txt", "--published", "2025-11-20", db=tmp_path / "none.duckdb")
    assert done.returncode == 0
    rows = [json.loads(line) for line in done.stdout.splitlines()]
    assert rows and all(r["duplicate_of"] is None for r in rows)
    assert "no database" in done.stderr and "Traceback" not in done.stderr


def test_scripts_and_styles_are_never_read(gaz):
    html = (b"<html><head><script>document.write('Xi met Tokayev in Astana on 2 May 2024')</script>"
            b"<style>p:before{content:'Wang Yi met Japarov on 3 May 2024'}</style></head>"
            b"<body><p>Nothing happened today.</p></body></html>")
    assert propose(parse_article(html, "x.html"), date(2024, 5, 4), gaz) == []


def test_yuan_is_never_converted(gaz):
    text = "China's trade with Kazakhstan reached 160.5 billion yuan in 2024, according to China's customs."
    rows = propose(parse_article(text.encode()), date(2025, 1, 20), gaz)
    assert [(r["currency"], r["value"], r["value_usd"]) for r in rows] == [("CNY", 160.5e9, None)]


def test_russian_billions_and_decimal_comma(gaz):
    text = "По данным ГТУ КНР, товарооборот Китая и Узбекистана в 2024 году составил 13,78 млрд долларов."
    rows = propose(parse_article(text.encode()), date(2025, 1, 20), gaz)
    assert [(r["reporter_iso3"], r["partner_iso3"], r["value"], r["value_usd"]) for r in rows] == \
        [("CHN", "UZB", 13.78e9, 13.78e9)]


@pytest.mark.parametrize("text, published, start, end", [
    ("Xi Jinping held talks with Kassym-Jomart Tokayev in Astana on Tuesday.", date(2025, 6, 19), "2025-06-17", "2025-06-17"),
    ("Wang Yi met Kulubaev in Bishkek yesterday.", date(2025, 11, 20), "2025-11-19", "2025-11-19"),
    ("The China-Central Asia summit was held in Xi'an on 18-19 May.", date(2023, 5, 20), "2023-05-18", "2023-05-19"),
    ("18–19 мая в Сиане состоялся саммит «Китай – Центральная Азия».", date(2023, 5, 20), "2023-05-18", "2023-05-19"),
    ("Си Цзиньпин провел переговоры с Токаевым в Астане во вторник.", date(2025, 6, 19), "2025-06-17", "2025-06-17"),
])
def test_relative_dates_and_ranges(gaz, text, published, start, end):
    rows = [r for r in propose(parse_article(text.encode()), published, gaz) if r["kind"] == "event"]
    assert [(r["start_date"], r["end_date"]) for r in rows] == [(start, end)]


def test_unknown_people_and_places_are_named_not_dropped(gaz):
    text = "Wang Yi met Kyrgyz Deputy Minister Azamat Bekov in Osh on 3 March 2025."
    rows = propose(parse_article(text.encode()), date(2025, 3, 4), gaz)
    assert rows and rows[0]["place_id"] is None and rows[0]["place_name"] == "Osh"
    assert "Azamat Bekov" in rows[0]["people_names"]
