"""The brief: the command line's exit codes and messages, the PDF's text (pdftotext) holding the
filter, the headline figures and every footnoted source, the HTML asking nothing of any host, and
the citations listing exactly the sources the Data page lists for the same filter."""
from __future__ import annotations

import json
import re
import subprocess
import sys
from datetime import date, datetime, timezone
from pathlib import Path

import pytest
from pybtex.database import parse_string

from dashboard import brief, db, queries
from dashboard.db import connect
from dashboard.filters import Filters
from tests.conftest import ROOT

from hostile import HOSTILE

MADE = datetime(2026, 11, 27, 9, 30, tzinfo=timezone.utc)
FILTERS = [Filters(), Filters(countries=("KGZ",)), Filters(countries=("KAZ", "UZB")),
           Filters(start=date(2025, 1, 1), end=date(2025, 12, 31)),
           Filters(event_types=("strategic_dialogue",)), Filters(countries=("TKM",))]


@pytest.fixture(scope="module")
def hcon(hostile_db):
    con = connect(hostile_db)
    yield con
    con.close()


def cli(*args: str, db: Path | None = None) -> subprocess.CompletedProcess:
    extra = ["--db", str(db)] if db else []
    return subprocess.run([sys.executable, "-m", "dashboard.brief", *args, *extra], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)


def data_page_sources(con, f: Filters) -> set[str]:
    """The Data page's three source lists (events, trade figures, places) for the filter."""
    return {s for q in (queries.sources_for_events, queries.sources_for_trade, queries.sources_for_places)
            for s in db.query(con, q(f))["source_id"]}


# ---------------------------------------------------------------- the command line

@pytest.mark.parametrize("args, message", [
    (["--countries", "KGZ,XXX"], "brief: Ignored unknown country 'XXX'"),
    (["--start", "2025-13-01"], "brief: Ignored start date '2025-13-01'"),
    (["--start", "2025-06-01", "--end", "2025-01-01"], "brief: Ignored the dates: the end (2025-01-01) is before"),
    (["--types", "picnic"], "brief: Ignored unknown event type 'picnic'"),
    (["--format", "docx"], "brief: --format 'docx' is not one of html, pdf, bibtex, csl-json"),
    (["--since", "2025-01"], "brief: --since: this database has no data vintages"),
    (["--colour", "red"], "brief: unrecognized arguments: --colour red"),
    (["--countries", ""], "brief: --countries is empty"),
    (["--bilateral", "maybe"], "brief: Ignored bilateral 'maybe': use bilateral=1 or leave it out."),
    (["--person", "a b"], "brief: Ignored person 'a b': it is not a valid person id."),
    (["--person", "nobody"], "brief: unknown person 'nobody': not in the database"),
    (["--place", "atlantis"], "brief: unknown place 'atlantis': not in the database"),
])
def test_a_bad_value_exits_2_with_one_line(fixture_db, args, message):
    done = cli(*args, "--out", "/dev/null", db=fixture_db)
    assert done.returncode == 2
    assert done.stderr.startswith(message) and done.stderr.count("\n") == 1, done.stderr
    assert "Traceback" not in done.stderr and done.stdout == ""


def test_bilateral_person_and_place_take_the_urls_words(fixture_db, tmp_path):
    out = tmp_path / "brief.html"
    done = cli("--bilateral", "--person", "wang_yi", "--countries", "KGZ", "--out", str(out), db=fixture_db)
    assert done.returncode == 0, done.stderr
    text = out.read_text()
    assert "Kyrgyzstan · all dates · bilateral only · with Wang Yi" in text
    assert "2025-11-19-cn-kg-fm-strategic-dialogue" in text or "strategic dialogue" in text.lower()
    assert "cku-railway" not in text
    done = cli("--place", "beijing", "--bilateral", "1", "--out", str(out), db=fixture_db)
    assert done.returncode == 0 and "bilateral only · held in Beijing" in out.read_text()


def test_an_unwritable_output_exits_2(fixture_db, tmp_path):
    done = cli("--format", "bibtex", "--out", str(tmp_path / "no" / "such" / "dir.bib"), db=fixture_db)
    assert done.returncode == 2 and done.stderr.startswith("brief: cannot write") and done.stderr.count("\n") == 1


def test_a_missing_database_says_how_to_build_it(tmp_path):
    done = cli("--out", "/dev/null", db=tmp_path / "none.duckdb")
    assert done.returncode == 1 and "make db" in done.stderr and "Traceback" not in done.stderr


def test_the_command_line_writes_each_format(fixture_db, tmp_path):
    for fmt, start in (("html", b"<!DOCTYPE html>"), ("pdf", b"%PDF-"), ("bibtex", b"@"), ("csl-json", b"[")):
        out = tmp_path / f"brief.{fmt}"
        done = cli("--countries", "KGZ,KAZ", "--start", "2024-01-01", "--end", "2025-12-31",
                   "--format", fmt, "--out", str(out), db=fixture_db)
        assert done.returncode == 0, done.stderr
        assert out.read_bytes().startswith(start)
    done = cli("--countries", "kgz", db=fixture_db)          # html to standard output by default
    assert done.returncode == 0 and done.stdout.startswith("<!DOCTYPE html>")
    assert "Kyrgyzstan · all dates" in done.stdout


# ---------------------------------------------------------------- citations = the Data page's sources

@pytest.mark.parametrize("f", FILTERS, ids=lambda f: f.slug())
def test_citations_list_exactly_the_data_pages_sources(fixture_db, f):
    con = connect(fixture_db)
    try:
        expected = data_page_sources(con, f)
        bib = parse_string(brief.render(con, f, "bibtex").decode(), "bibtex")
        csl = json.loads(brief.render(con, f, "csl-json"))
    finally:
        con.close()
    assert set(bib.entries) == expected
    assert [i["id"] for i in csl] == sorted(expected)


def test_hostile_sources_cite_cleanly(hcon):
    bib = parse_string(brief.render(hcon, Filters(), "bibtex").decode(), "bibtex")
    csl = {i["id"]: i for i in json.loads(brief.render(hcon, Filters(), "csl-json"))}
    assert csl["xinhua-20240606"]["title"] == HOSTILE["xinhua-20240606"][0]
    assert csl["kabar-202412"]["title"] == HOSTILE["kabar-202412"][0]
    assert "issued" not in csl["kabar-202412"] and "URL" not in csl["kabar-202412"]
    assert bib.entries["kabar-202412"].fields["note"].startswith("Undated; No address recorded")


# ---------------------------------------------------------------- the brief's content

def footnoted(html_text: str) -> list[str]:
    return re.findall(r'<li id="src-([^"]+)"', html_text)


def test_footnotes_cite_every_row_shown(fixture_db):
    con = connect(fixture_db)
    try:
        data = brief.gather(con, Filters(), MADE)
        html_text = brief.render_html(data)
    finally:
        con.close()
    ids = set(footnoted(html_text))
    shown = {s for row in data.events["source_ids"] for s in row.split("|")}
    shown |= set(data.series["source_id"]) | set(data.mirror["china_source_id"]) | set(data.mirror["partner_source_id"])
    shown |= set(data.place_sources["source_id"]) | set(data.latest_trade["source_id"])
    assert shown and shown <= ids
    assert len(footnoted(html_text)) == len(ids)                # each source once
    assert "Made 2026-11-27 09:30 UTC from data build " in html_text


def test_the_event_list_is_capped_with_a_note(fixture_db, monkeypatch):
    monkeypatch.setattr(brief.settings, "BRIEF_EVENTS", 2)
    con = connect(fixture_db)
    try:
        data = brief.gather(con, Filters(), MADE)
        total = data.events_total
        html_text = brief.render_html(data)
    finally:
        con.close()
    assert len(data.events) == 2 < total
    assert f"The newest 2 of {total:,} events, newest first." in html_text


def test_the_html_requests_nothing(fixture_db):
    con = connect(fixture_db)
    try:
        html_text = brief.render(con, Filters(countries=("KGZ",)), "html", MADE).decode()
    finally:
        con.close()
    assert "<script" not in html_text and "<link" not in html_text and "@import" not in html_text
    assert not re.search(r"""\s(src|srcset|xlink:href|poster|data)\s*=""", html_text)
    assert not re.search(r"url\(\s*['\"]?(?!#)", html_text)          # no url(...) but to the page itself
    assert "default-src 'none'" in html_text
    assert html_text.count('role="img" aria-label="') >= 2           # the charts: trade, map (mirror when pairs)


def pdf_text(pdf: bytes, tmp_path: Path) -> str:
    path = tmp_path / "brief.pdf"
    path.write_bytes(pdf)
    done = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True)
    return " ".join(done.stdout.split())


def test_the_pdf_holds_the_filter_figures_and_every_source(hcon, tmp_path):
    f = Filters()
    data = brief.gather(hcon, f, MADE)
    text = pdf_text(brief.render_pdf(data), tmp_path)
    squeezed = text.replace(" ", "")
    assert "China–Central Asia Monitor: brief" in text
    assert f.describe().replace(" ", "") in squeezed
    assert f"Events {data.events_total}" in text
    assert "Latest trade figure" in text and "Latest meeting" in text
    for row in data.sources.itertuples():                        # every footnoted source, by its id
        assert f"[{row.source_id}]".replace(" ", "") in squeezed, row.source_id
    title = HOSTILE["xinhua-20240606"][0]
    assert title.replace(" ", "") in squeezed                    # quotes, braces, %, &, Cyrillic, Chinese
    assert "undated" in text and "no address recorded" in text
    assert "How to cite" in text and "data build" in text


def test_the_pdf_embeds_its_fonts(hcon, tmp_path):
    path = tmp_path / "brief.pdf"
    path.write_bytes(brief.render(hcon, Filters(countries=("KGZ",)), "pdf", MADE))
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    rows = [line.split() for line in fonts.splitlines()[2:]]
    assert rows and all("yes" in row[-5:-2][0] for row in rows), fonts       # emb column
    assert any("Noto" in row[0] for row in rows)
