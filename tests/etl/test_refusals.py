"""ETL tests: every bad input is refused with `file:line: column: reason`, and the old database survives.

Each case copies the fixture tables, applies ONE corruption, builds over a database already built
from the good fixture, and checks the exit code, the problem line, and that the old file is untouched.
"""
from __future__ import annotations

import csv
import io
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from etl.build import BuildFailed, build
from etl.csvfile import MAX_FIELD_CHARS

ROOT = Path(__file__).resolve().parents[2]


# --- corruptions: each returns a function that changes one thing in the curated folder --------------

def edit(name: str, old: str, new: str):
    """Replace the one occurrence of `old` in file `name` (bytes-level, so BOM and CRLF stay)."""
    def apply(folder: Path) -> None:
        path = folder / name
        data = path.read_bytes()
        assert data.count(old.encode()) == 1, f"{old!r} must occur once in {name}"
        path.write_bytes(data.replace(old.encode(), new.encode()))
    return apply


def splice(name: str, old: str, new: bytes):
    """Like `edit`, but the replacement is raw bytes (bad encodings, NUL bytes)."""
    def apply(folder: Path) -> None:
        path = folder / name
        data = path.read_bytes()
        assert data.count(old.encode()) == 1, f"{old!r} must occur once in {name}"
        path.write_bytes(data.replace(old.encode(), new))
    return apply


def append(name: str, line: str):
    def apply(folder: Path) -> None:
        with (folder / name).open("a", encoding="utf-8", newline="") as f:
            f.write(line + "\n")
    return apply


def write(name: str, data: bytes):
    def apply(folder: Path) -> None:
        (folder / name).write_bytes(data)
    return apply


def remove(name: str):
    def apply(folder: Path) -> None:
        (folder / name).unlink()
    return apply


def truncate_before(name: str, marker: str):
    """Cut the file just before `marker`, as an interrupted copy would."""
    def apply(folder: Path) -> None:
        path = folder / name
        data = path.read_bytes()
        path.write_bytes(data[:data.index(marker.encode())])
    return apply


def rewrite(name: str, change):
    """Parse the file as CSV, let `change(rows)` return new rows, write it back."""
    def apply(folder: Path) -> None:
        path = folder / name
        rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"), newline="")))
        out = io.StringIO()
        csv.writer(out, lineterminator="\n").writerows(change(rows))
        path.write_text(out.getvalue(), encoding="utf-8")
    return apply


def drop_column(name: str, column: str):
    def change(rows):
        i = rows[0].index(column)
        return [r[:i] + r[i + 1:] for r in rows]
    return rewrite(name, change)


def add_column(name: str, column: str, value: str):
    return rewrite(name, lambda rows: [rows[0] + [column]] + [r + [value] for r in rows[1:]])


def both(*changes):
    """Several corruptions at once (a problem that must not hide another)."""
    def apply(folder: Path) -> None:
        for change in changes:
            change(folder)
    return apply


def make_directory(name: str):
    """`name` becomes a folder (holding a CSV of its own), as a mistaken unzip leaves it."""
    def apply(folder: Path) -> None:
        path = folder / name
        path.unlink(missing_ok=True)
        path.mkdir()
        (path / "rows.csv").write_text("a,b\n1,2\n")
    return apply


def excel_semicolons(name: str):
    """Save as a European-locale spreadsheet would: ';' between fields, ',' as the decimal mark."""
    def apply(folder: Path) -> None:
        path = folder / name
        rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))
        decimal = lambda v: v.replace(".", ",") if v.replace(".", "", 1).lstrip("-").isdigit() else v  # noqa: E731
        out = io.StringIO()
        csv.writer(out, delimiter=";", lineterminator="\n").writerows([[decimal(v) for v in r] for r in rows])
        path.write_text(out.getvalue(), encoding="utf-8")
    return apply


# A real .xlsx (a zip) saved under a .csv name begins like this.
XLSX_BYTES = b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00b\xee\x9dh^\x01\x00\x00\x90\x04\x00\x00\x13\x00"


# (id, corruption, (file, line, column, reason substring)); line numbers are those of the fixture files.
CASES = [
    ("missing-column", drop_column("places.csv", "notes"),
     ("places.csv", 1, "notes", "missing column")),
    ("extra-column", add_column("places.csv", "elevation_m", "800"),
     ("places.csv", 1, "elevation_m", "unexpected column")),
    ("duplicate-header-column", edit("places.csv", "source_id,notes\n", "source_id,name\n"),
     ("places.csv", 1, "name", "duplicate column in header")),
    ("blank-column", add_column("places.csv", "", ""),
     ("places.csv", 1, "(blank)", "unexpected column")),
    ("text-in-lat", edit("places.csv", "capital,42.8747,", "capital,north,"),
     ("places.csv", 2, "lat", "'north' is not a number")),
    ("impossible-date-feb-30", edit("events.csv", "2025-04-25,2025-04-25,day", "2025-02-30,2025-04-25,day"),
     ("events.csv", 4, "start_date", "impossible date '2025-02-30'")),
    ("non-iso-date", edit("events.csv", "2024-06-06,2024-06-06,day", "2024-06-06,25/11/2025,day"),
     ("events.csv", 2, "end_date", "'25/11/2025' is not a date in YYYY-MM-DD form")),
    ("year-out-of-range", edit("events.csv", "2024-12-27,2024-12-27", "1024-12-27,2024-12-27"),
     ("events.csv", 3, "start_date", "outside 1900–2100")),
    ("end-before-start", edit("events.csv", "2025-11-19,2025-11-20", "2025-11-19,2025-11-18"),
     ("events.csv", 6, "end_date", "end_date 2025-11-18 is before start_date 2025-11-19")),
    ("trade-period-end-before-start", edit("trade.csv", "t05,CHN,KGZ,2025-01-01,2025-06-30",
                                           "t05,CHN,KGZ,2025-01-01,2024-06-30"),
     ("trade.csv", 6, "period_end", "is before period_start")),
    ("lat-out-of-range", edit("places.csv", "43.2775", "93.2775"),
     ("places.csv", 3, "lat", "93.2775 is out of range -90…90")),
    ("lon-out-of-range", edit("places.csv", "116.3917", "196.3917"),
     ("places.csv", 5, "lon", "196.3917 is out of range -180…180")),
    ("unknown-iso-code", edit("event_countries.csv", "strategic-dialogue,KAZ", "strategic-dialogue,KZA"),
     ("event_countries.csv", 9, "country_iso3", "unknown ISO code 'KZA': not in countries.csv")),
    ("unknown-iso-code-in-list", edit("agreements.csv", "CHN|KGZ|UZB", "CHN|KGZ|UZ"),
     ("agreements.csv", 2, "parties", "unknown ISO code 'UZ'")),
    ("repeated-code-in-list", edit("agreements.csv", "CHN|KGZ|UZB", "CHN|KGZ|CHN"),
     ("agreements.csv", 2, "parties", "repeated item in list 'CHN|KGZ|CHN'")),
    ("empty-code-in-list", edit("agreements.csv", "CHN|KGZ|UZB", "CHN||UZB"),
     ("agreements.csv", 2, "parties", "empty item in '|'-separated list 'CHN||UZB'")),
    ("unknown-trade-area", edit("trade.csv", "t06,CHN,CA5", "t06,CHN,CA6"),
     ("trade.csv", 7, "partner_iso3", "unknown trade area 'CA6': neither a country of countries.csv nor a group "
                                      "of country_groups.csv")),
    ("unknown-place", edit("events.csv", ",almaty,", ",osh,"),
     ("events.csv", 4, "place_id", "unknown places place_id 'osh'")),
    ("unknown-place-on-route", edit("infrastructure_route.csv", ",torugart,", ",naryn,"),
     ("infrastructure_route.csv", 3, "place_id", "unknown places place_id 'naryn'")),
    ("unknown-source", edit("people.csv", "China,mfa-cn-20251119,", "China,mfa-cn-20991119,"),
     ("people.csv", 2, "source_id", "unknown sources source_id 'mfa-cn-20991119'")),
    ("unknown-reprinted-in", edit("sources.csv", "official,globaltimes-20251120,", "official,globaltimes-2099,"),
     ("sources.csv", 6, "reprinted_in", "unknown sources source_id 'globaltimes-2099'")),
    ("unknown-person", edit("event_people.csv", "visits,bakhtiyor_saidov,", "visits,b_saidov,"),
     ("event_people.csv", 6, "person_id", "unknown people person_id 'b_saidov'")),
    ("duplicate-id", append("places.csv", "bishkek,Bishkek again,,,KGZ,capital,42.87,74.61,osm-coords,"),
     ("places.csv", 9, "place_id", "duplicate key bishkek (first at line 2)")),
    ("duplicate-composite-key", append("event_countries.csv", "2025-04-25-cn-kz-strategic-dialogue,KAZ"),
     ("event_countries.csv", 16, "event_id,country_iso3",
      "duplicate key 2025-04-25-cn-kz-strategic-dialogue/KAZ (first at line 9)")),
    ("duplicate-route-seq", edit("infrastructure_route.csv", "cku_railway,3,", "cku_railway,2,"),
     ("infrastructure_route.csv", 4, "project_id,seq", "duplicate key cku_railway/2 (first at line 3)")),
    ("unknown-enum-value", edit("events.csv", "strategic_dialogue,almaty", "meeting,almaty"),
     ("events.csv", 4, "event_type", "unknown value 'meeting'; expected one of: summit,")),
    ("not-a-boolean", edit("trade.csv", "5.4,true,", "5.4,yes,"),
     ("trade.csv", 7, "is_lower_bound", "'yes' is not true or false")),
    ("not-a-whole-number", edit("infrastructure_route.csv", "cku_railway,1,", "cku_railway,1.5,"),
     ("infrastructure_route.csv", 2, "seq", "'1.5' is not a whole number")),
    ("invalid-identifier", edit("places.csv", "tashkent,Tashkent", "tash kent,Tashkent"),
     ("places.csv", 4, "place_id", "'tash kent' is not a valid identifier")),
    ("empty-list-item", edit("people.csv", "Jeenbek Kulubaev|Kulubaev|", "Jeenbek Kulubaev||"),
     ("people.csv", 3, "aliases", "empty item in '|'-separated list")),
    ("line-break-in-a-list", edit("people.csv", ",Wang,", ',"Wang\nYi",'),
     ("people.csv", 2, "aliases", "line break inside a value")),
    ("negative-trade-value", edit("trade.csv", "22700000000", "-22700000000"),
     ("trade.csv", 3, "value_usd", "negative value -22700000000")),
    ("negative-composition-value", edit("trade_composition.csv", "1200000000", "-1200000000"),
     ("trade_composition.csv", 2, "value_usd", "negative value")),
    ("yoy-below-minus-100", edit("trade.csv", "-3.2", "-103.2"),
     ("trade.csv", 6, "yoy_pct", "-103.2 is out of range")),
    ("number-with-thousands-separator", edit("trade.csv", "19800000000", '"19,800,000,000"'),
     ("trade.csv", 2, "value_usd", "'19,800,000,000' is not a number")),
    ("required-value-empty", edit("places.csv", "almaty,Almaty,", "almaty,,"),
     ("places.csv", 3, "name", "required value is empty")),
    ("required-value-blank-spaces", edit("events.csv", "Launch ceremony in the Jalal-Abad region.", "   "),
     ("events.csv", 3, "summary", "required value is empty")),
    ("month-precision-not-on-the-1st", edit("events.csv", "2025-04-01,2025-04-30,month",
                                            "2025-04-02,2025-04-30,month"),
     ("events.csv", 5, "start_date", "a month-precision date must fall on the 1st")),
    ("milestone-month-precision-not-on-the-1st", edit("infrastructure_milestones.csv", "2025-11-01,month",
                                                      "2025-11-19,month"),
     ("infrastructure_milestones.csv", 4, "milestone_date", "a month-precision date must fall on the 1st")),
    ("year-precision-not-january-1st", edit("sources.csv", "2023–2025,2025-01-01,year", "2023–2025,2025-03-01,year"),
     ("sources.csv", 9, "published_date", "a year-precision date must be January 1st")),
    ("precision-without-date", edit("sources.csv", "2024-12-01,month", ",month"),
     ("sources.csv", 5, "date_precision", "date_precision must be given exactly when published_date is given")),
    ("text-longer-than-its-column", edit("events.csv", "Second China–Kazakhstan foreign ministers' strategic dialogue",
                                         "T" * 5000),
     ("events.csv", 4, "title", "value is 5000 characters long; at most 300 are accepted")),
    ("field-of-200-kb", edit("events.csv", "Wang Yi and Murat Nurtleu held the second round of the dialogue.",
                             "x" * 200_000),
     ("events.csv", 4, "-", f"malformed CSV: a field is longer than {MAX_FIELD_CHARS} characters")),
    ("empty-file-0-bytes", write("trade_composition.csv", b""),
     ("trade_composition.csv", 1, "-", "file is empty")),
    ("bom-only", write("trade_composition.csv", b"\xef\xbb\xbf"),
     ("trade_composition.csv", 1, "-", "file is empty")),
    ("header-only", write("trade_composition.csv", b"composition_id,exporter_code,importer_code,period_start,"
                          b"period_end,commodity,value_usd,yoy_pct,reported_by,is_lower_bound,confidence,"
                          b"source_id,notes\n"),
     ("trade_composition.csv", 2, "-", "no data rows: the file holds only a header")),
    ("bad-encoding-latin-1", splice("people.csv", "Minister of Foreign Affairs of Uzbekistan",
                                    "Ministre des Affaires étrangères".encode("latin-1")),
     ("people.csv", 6, "-", "not valid UTF-8 (byte 0xe9); save the file as UTF-8")),
    ("utf-16-export", lambda folder: (folder / "country_groups.csv").write_bytes(
        (folder / "country_groups.csv").read_text(encoding="utf-8").encode("utf-16")),
     ("country_groups.csv", 1, "-", "contains a binary file (NUL bytes)")),
    ("nul-byte", splice("events.csv", "Launch ceremony", b"Launch\x00ceremony"),
     ("events.csv", 3, "-", "contains a NUL byte")),
    ("binary-junk", write("places.csv", XLSX_BYTES),
     ("places.csv", 1, "-", "contains a binary file (NUL bytes)")),
    ("ragged-row", edit("places.csv", "tashkent,Tashkent,Toshkent,", "tashkent,Tashkent,"),
     ("places.csv", 4, "-", "row has 9 fields but the header has 10")),
    ("unterminated-quote-truncated", truncate_before("events.csv", "They covered"),
     ("events.csv", 6, "-", "unterminated quoted field (the file may be truncated)")),
    ("text-after-closing-quote", edit("places.csv", "Kashgar (Kashi)", '"Kashgar" (Kashi)'),
     ("places.csv", 6, "-", "malformed CSV: ',' expected after '\"'")),
    ("semicolon-delimited", excel_semicolons("places.csv"),
     ("places.csv", 1, "-", "the header looks delimited by ';', tab or '|'; columns must be separated by commas")),
    ("missing-table-file", remove("trade_composition.csv"),
     ("trade_composition.csv", 0, "-", "missing table file")),
    ("unknown-extra-file", write("events_old.csv", b"event_id\nx\n"),
     ("events_old.csv", 0, "-", "unknown file: curated tables are agreements.csv, countries.csv")),
    ("spreadsheet-beside-the-tables", write("trade.xlsx", XLSX_BYTES),
     ("trade.xlsx", 0, "-", "unknown file")),
    ("full-width-digits-in-a-date", edit("events.csv", "2024-12-27,2024-12-27", "２０２４-１２-２７,2024-12-27"),
     ("events.csv", 3, "start_date", "is not a date in YYYY-MM-DD form")),
    ("arabic-indic-digits-in-a-value", edit("trade.csv", "22700000000", "٢٢٧٠٠٠٠٠٠٠٠"),
     ("trade.csv", 3, "value_usd", "is not a number")),
    ("month-precision-event-not-ending-with-its-month", edit("events.csv", "2025-04-01,2025-04-30,month",
                                                             "2025-04-01,2025-04-29,month"),
     ("events.csv", 5, "end_date", "a month-precision event ends on 2025-04-30")),
    ("lower-case-iso2", edit("countries.csv", "KGZ,KG,417", "KGZ,kg,417"),
     ("countries.csv", 4, "iso2", "'kg' is not an ISO 3166 alpha-2 code")),
    ("lower-case-iso3", edit("countries.csv", "TJK,TJ,762", "tjk,TJ,762"),
     ("countries.csv", 5, "iso3", "'tjk' is not an ISO 3166 alpha-3 code")),
    ("duplicate-m49-code", edit("countries.csv", "TJK,TJ,762", "TJK,TJ,417"),
     ("countries.csv", 5, "m49_code", "duplicate value 417 (first at line 4)")),
    ("event-without-source", rewrite("event_sources.csv",
                                     lambda rows: [r for r in rows if r[0] != "2024-12-27-cku-construction-launch"]),
     ("events.csv", 3, "event_id", "event has no source")),
    ("event-without-country", rewrite("event_countries.csv",
                                      lambda rows: [r for r in rows if r[0] != "2024-12-27-cku-construction-launch"]),
     ("events.csv", 3, "event_id", "event has no country")),
    ("group-code-shadowing-a-country", edit("country_groups.csv", "CA5,Central", "KAZ,Central"),
     ("country_groups.csv", 2, "group_code", "group code 'KAZ' is also a country's ISO code")),
    # venues, posts and partnerships (schema 3)
    ("place-on-a-phone-call", edit("events.csv", ",almaty,in_person,", ",almaty,phone,"),
     ("events.csv", 4, "place_id", "place_id must be empty unless venue_kind is in_person (this row's venue_kind is phone)")),
    ("unknown-venue-kind", edit("events.csv", ",almaty,in_person,", ",almaty,online,"),
     ("events.csv", 4, "venue_kind", "unknown value 'online'; expected one of: in_person, virtual, phone, none")),
    ("post-ends-before-it-starts", edit("posts.csv", "2018-03-19,2022-12-30", "2018-03-19,2017-12-30"),
     ("posts.csv", 3, "valid_to", "valid_to 2017-12-30 is before valid_from 2018-03-19")),
    ("unknown-post", edit("posts.csv", "sadyr_japarov,head_of_state,", "sadyr_japarov,king,"),
     ("posts.csv", 2, "post", "unknown value 'king'; expected one of: head_of_state, head_of_government, foreign_minister")),
    ("partnership-of-unknown-event", edit("partnerships.csv", "kgz-2018,KGZ,comprehensive strategic partnership,2018-06-01,2023-05-17,month,,",
                                          "kgz-2018,KGZ,comprehensive strategic partnership,2018-06-01,2023-05-17,month,1999-01-01-x,"),
     ("partnerships.csv", 2, "event_id", "unknown events event_id '1999-01-01-x'")),
    ("zero-documents-signed", edit("agreements.csv", "xinhua-20240606,", "xinhua-20240606,0"),
     ("agreements.csv", 2, "documents_count", "is out of range 1…10000")),
    # the row-by-row path's own words, and problems that must not hide later ones
    ("invalid-code-in-list", edit("agreements.csv", "CHN|KGZ|UZB", "CHN|K G|UZB"),
     ("agreements.csv", 2, "parties", "'K G' is not a valid code")),
    ("two-blank-header-columns", both(add_column("places.csv", "", ""), add_column("places.csv", "", "")),
     ("places.csv", 1, "(blank)", "duplicate column in header")),
    ("year-precision-event-not-ending-on-december-31", edit("events.csv", "2025-04-01,2025-04-30,month",
                                                            "2025-01-01,2025-12-30,year"),
     ("events.csv", 5, "end_date", "a year-precision event ends on 2025-12-31, the last day of its year")),
    ("duplicate-key-after-a-row-without-key",
     both(edit("event_countries.csv", "2024-06-06-cku-railway-agreement,CHN", "2024-06-06-cku-railway-agreement,"),
          append("event_countries.csv", "2025-04-25-cn-kz-strategic-dialogue,KAZ")),
     ("event_countries.csv", 16, "event_id,country_iso3",
      "duplicate key 2025-04-25-cn-kz-strategic-dialogue/KAZ (first at line 9)")),
    ("duplicate-m49-code-after-a-country-without-one",
     both(edit("countries.csv", "CHN,CN,156,", "CHN,CN,,"), edit("countries.csv", "TJK,TJ,762", "TJK,TJ,417")),
     ("countries.csv", 5, "m49_code", "duplicate value 417 (first at line 4)")),
    ("event-without-country-while-event-sources-is-missing",
     both(remove("event_sources.csv"),
          rewrite("event_countries.csv",
                  lambda rows: [r for r in rows if r[0] != "2024-12-27-cku-construction-launch"])),
     ("events.csv", 3, "event_id", "event has no country (in event_countries.csv)")),
]


@pytest.mark.parametrize("corrupt, expected", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_bad_input_is_refused_and_the_old_database_survives(workspace, corrupt, expected):
    corrupt(workspace.curated)
    result = workspace.build()
    assert result.has(*expected), f"expected {expected} among:\n{result.err}"
    workspace.assert_refused_and_untouched(result)


@pytest.mark.parametrize("corrupt, expected", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_the_fast_path_refuses_the_same_with_the_same_words(workspace, corrupt, expected):
    """Forced through the DuckDB fast path, every bad input is still refused, with the exact
    path's message: the fast path only flags, never decides."""
    corrupt(workspace.curated)
    workspace.assert_fast_path_refuses_like_the_exact_one(expected)


def test_build_raises_build_failed_with_every_problem(workspace):
    edit("places.csv", "capital,42.8747,", "capital,north,")(workspace.curated)
    with pytest.raises(BuildFailed) as failure:
        build(workspace.curated, workspace.imports, workspace.db)
    assert [str(p) for p in failure.value.problems] == [
        f"{workspace.curated / 'places.csv'}:2: lat: 'north' is not a number (plain digits with an optional "
        "'.' and sign)"]
    assert workspace.db.read_bytes() == workspace.db_bytes


def test_every_problem_in_every_file_is_printed(workspace):
    """Two different problems in two files (and a second one in the first file): all are reported."""
    edit("places.csv", "capital,42.8747,", "capital,north,")(workspace.curated)
    edit("places.csv", "116.3917", "196.3917")(workspace.curated)
    edit("trade.csv", "22700000000", "-22700000000")(workspace.curated)
    result = workspace.build()
    places, trade = workspace.curated / "places.csv", workspace.curated / "trade.csv"
    assert result.err == (
        f"{places}:2: lat: 'north' is not a number (plain digits with an optional '.' and sign)\n"
        f"{places}:5: lon: 196.3917 is out of range -180…180\n"
        f"{trade}:3: value_usd: negative value -22700000000: trade values are amounts, never negative\n"
        f"build refused: 3 problem(s); {workspace.db} left unchanged\n")
    workspace.assert_refused_and_untouched(result)


def test_a_broken_file_does_not_hide_problems_in_other_files(workspace):
    write("places.csv", XLSX_BYTES)(workspace.curated)
    remove("trade_composition.csv")(workspace.curated)
    edit("events.csv", "strategic_dialogue,almaty", "meeting,almaty")(workspace.curated)
    result = workspace.build()
    assert result.has("places.csv", 1, "-", "binary file")
    assert result.has("trade_composition.csv", 0, "-", "missing table file")
    assert result.has("events.csv", 4, "event_type", "unknown value 'meeting'")
    workspace.assert_refused_and_untouched(result)


def printed(result) -> list[tuple]:
    """Every problem printed, as (file name, line, column, reason)."""
    return [(p.file, p.line, p.column, p.reason) for p in result.problems]


@pytest.mark.parametrize("break_early_table, early_problem", [
    (remove("places.csv"), ("places.csv", 0, "-", "missing table file")),
    (make_directory("places.csv"), ("places.csv", 0, "-", "not a regular file")),
    (write("places.csv", XLSX_BYTES), ("places.csv", 1, "-", "contains a binary file (NUL bytes)")),
    (drop_column("places.csv", "notes"), ("places.csv", 1, "notes", "missing column")),
], ids=["missing", "folder", "binary", "bad-header"])
def test_a_table_that_cannot_be_read_does_not_stop_the_tables_after_it_being_checked(workspace, break_early_table,
                                                                                     early_problem):
    """places.csv is checked before trade.csv: whatever makes places.csv unreadable (missing, a folder,
    binary, a wrong header), the analyst still sees trade.csv's negative value in the same run."""
    break_early_table(workspace.curated)
    edit("trade.csv", "22700000000", "-22700000000")(workspace.curated)
    result = workspace.build(fast=False)
    assert result.has(*early_problem), result.err
    assert result.has("trade.csv", 3, "value_usd", "negative value -22700000000"), result.err
    workspace.assert_refused_and_untouched(result)


@pytest.mark.parametrize("corrupt, expected", [
    (edit("events.csv", "2024-12-27,2024-12-27", ",2024-12-27"),
     ("events.csv", 3, "start_date", "required value is empty")),
    (edit("events.csv", "2024-12-27,2024-12-27", "2024-13-27,2024-12-27"),
     ("events.csv", 3, "start_date", "impossible date '2024-13-27'")),
], ids=["empty-start-date", "impossible-start-date"])
def test_a_refused_date_is_reported_once_not_again_by_the_rules_across_the_row(workspace, corrupt, expected):
    """A start date that is empty or refused is one problem: the row's cross-column rules (the date
    precision needs a date, the end must not precede the start) are not applied to the hole it leaves."""
    corrupt(workspace.curated)
    result = workspace.build(fast=False)
    assert printed(result) == [expected], result.err
    workspace.assert_refused_and_untouched(result)
    workspace.assert_fast_path_refuses_like_the_exact_one(expected)


def test_an_editors_lock_file_beside_the_tables_is_ignored(workspace):
    """LibreOffice leaves `.~lock.events.csv#` beside a table it has open (hidden files, like
    `.DS_Store`, start with a dot): the build neither refuses it as an unknown file nor reads it."""
    write(".~lock.events.csv#", b",analyst,workstation,19.11.2025 10:15,file:///home/analyst/.config/libreoffice/4;")(
        workspace.curated)
    write(".DS_Store", b"\x00\x00\x00\x01Bud1")(workspace.curated)
    for fast in (False, True):
        result = workspace.build(fast=fast)
        assert (result.code, result.err) == (0, ""), result.err


def test_a_hidden_file_does_not_hide_or_add_to_the_problems_of_the_tables(workspace):
    """With a lock file beside the tables and one bad value, the one problem printed is the bad value."""
    write(".~lock.places.csv#", b",analyst,workstation,19.11.2025 10:15,")(workspace.curated)
    edit("places.csv", "43.2775", "93.2775")(workspace.curated)
    result = workspace.build(fast=False)
    assert printed(result) == [("places.csv", 3, "lat", "93.2775 is out of range -90…90")], result.err
    workspace.assert_refused_and_untouched(result)


def test_a_rule_only_the_database_enforces_is_still_reported_as_a_problem(workspace):
    """Two countries with one M49 code: refused with a problem line (the CSV check; etl/sql/countries.sql
    enforces it again), never a traceback; old file kept, no temp file left."""
    edit("countries.csv", "KAZ,KZ,398", "KAZ,KZ,417")(workspace.curated)
    result = workspace.build()
    assert "Traceback" not in result.err
    assert len(result.problems) == 1 and "417" in result.problems[0].reason, result.err
    workspace.assert_refused_and_untouched(result)


def test_missing_curated_folder_is_refused(workspace, run_build):
    result = run_build(workspace.curated.parent / "nowhere", workspace.imports, workspace.db)
    assert result.has("nowhere", 0, "-", "curated data folder does not exist")
    workspace.assert_refused_and_untouched(result)


def test_command_line_refusal_exits_1_and_prints_problems(workspace):
    edit("places.csv", "43.2775", "93.2775")(workspace.curated)
    remove("trade_composition.csv")(workspace.curated)
    proc = subprocess.run(
        [sys.executable, "-m", "etl", "build", "--data-dir", str(workspace.curated),
         "--imports-dir", str(workspace.imports), "--db", str(workspace.db)],
        cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 1
    assert proc.stdout == ""
    assert proc.stderr == (
        f"{workspace.curated / 'places.csv'}:3: lat: 93.2775 is out of range -90…90\n"
        f"{workspace.curated / 'trade_composition.csv'}:0: -: missing table file\n"
        f"build refused: 2 problem(s); {workspace.db} left unchanged\n")
    assert workspace.db.read_bytes() == workspace.db_bytes
    assert sorted(p.name for p in workspace.db.parent.iterdir()) == ["monitor.duckdb"]


# --- how a bad value is quoted in a refusal, and the whole-value patterns -----------------------------

@pytest.mark.parametrize("text, expected", [
    ("", ""),
    ("short", "short"),
    ("x" * 39, "x" * 39),
    ("x" * 40, "x" * 40),
    ("y" * 41, "y" * 40 + "…"),
    ("0123456789" * 5, "0123456789" * 4 + "…"),
])
def test_a_long_bad_value_is_quoted_cut_at_40_characters(text, expected):
    from etl.validate import _short
    assert _short(text) == expected


def test_a_refusal_quotes_at_most_40_characters_of_the_value():
    from etl.tables import TABLES_BY_NAME
    from etl.validate import parse_value
    col = next(c for c in TABLES_BY_NAME["countries"].columns if c.name == "is_central_asia")
    assert parse_value(col, "z" * 41) == (None, f"'{'z' * 40}…' is not true or false")
    assert parse_value(col, "z" * 40) == (None, f"'{'z' * 40}' is not true or false")


@pytest.mark.parametrize("pattern, text, matches", [
    ("a|b", "a", True),
    ("a|b", "b", True),
    ("a|b", "ab", False),
    ("a|b", "xa", False),
    ("[0-9]{4}", "2023", True),
    ("[0-9]{4}", "20231", False),
    ("[0-9]{4}", " 2023", False),
    ("(HS|H[0-9])", "H6", True),
    ("(HS|H[0-9])", "H66", False),
    ("a|b", "a\n", False),          # a line break at the end is not part of a whole value
    ("[0-9]{4}", "2023\n", False),
])
def test_full_matches_the_whole_value_only(pattern, text, matches):
    from etl.rules import full
    compiled = full(pattern)
    assert compiled.pattern == f"^(?:{pattern})\\Z"
    assert bool(compiled.match(text)) is matches


# --- values at the bounds of their column ------------------------------------------------------------

def column(table: str, name: str):
    from etl.tables import TABLES_BY_NAME
    return next(c for c in TABLES_BY_NAME[table].columns if c.name == name)


@pytest.mark.parametrize("table, name, text, expected", [
    ("events", "start_date", "1900-01-01", (date(1900, 1, 1), None)),
    ("events", "start_date", "2100-12-31", (date(2100, 12, 31), None)),
    ("events", "start_date", "1899-12-31", (None, "date '1899-12-31' is outside 1900–2100")),
    ("events", "start_date", "2101-01-01", (None, "date '2101-01-01' is outside 1900–2100")),
    ("trade", "value_usd", "0", (0.0, None)),
    ("trade", "value_usd", "0.5", (0.5, None)),
    ("trade", "value_usd", "10000000000000", (1e13, None)),
    ("trade", "value_usd", "10000000000001", (None, "10000000000001 is out of range …1e+13")),
    ("trade", "value_usd", "-0.5", (None, "negative value -0.5: trade values are amounts, never negative")),
    ("trade", "yoy_pct", "-100", (-100.0, None)),
    ("trade", "yoy_pct", "100000", (100000.0, None)),
    ("trade", "yoy_pct", "100000.1", (None, "100000.1 is out of range -100…100000")),
    ("places", "lat", "90", (90.0, None)),
    ("places", "lat", "-90", (-90.0, None)),
    ("places", "lat", "90.0001", (None, "90.0001 is out of range -90…90")),
    ("places", "lon", "180", (180.0, None)),
    ("countries", "m49_code", "999", (999, None)),
    ("countries", "m49_code", "1000", (None, "1000 is out of range 1…999")),
    ("agreements", "documents_count", "10000", (10000, None)),
    ("agreements", "documents_count", "10001", (None, "10001 is out of range 1…10000")),
    ("infrastructure_route", "seq", "1000", (1000, None)),
    ("agreements", "parties", "CHN|KGZ", (["CHN", "KGZ"], None)),
    ("agreements", "parties", "CHN|K G", (None, "'K G' is not a valid code")),
    ("agreements", "parties", "CHN|K_G.1", (["CHN", "K_G.1"], None)),   # a well-formed code: countries.csv decides
])
def test_values_at_a_bound_are_accepted_and_just_past_it_refused(table, name, text, expected):
    """Ranges are inclusive: the first and last year, a trade value of 0 (or half a dollar), a
    latitude of exactly 90 all load; one step past is refused in these words."""
    from etl.validate import parse_value
    assert parse_value(column(table, name), text) == expected


def test_a_range_with_only_one_bound_names_the_open_end_as_nothing():
    """A column bounded on one side only reads "out of range 0…" or "…1e+13" in a refusal."""
    from etl.tables import Column
    from etl.validate import parse_value
    assert parse_value(Column("stock", "int", lo=0), "-1") == (None, "-1 is out of range 0…")
    assert parse_value(Column("stock", "int", lo=0), "0") == (0, None)
    assert parse_value(Column("share", "float", hi=1), "1.5") == (None, "1.5 is out of range …1")


def test_a_column_kind_the_validator_does_not_know_is_a_programming_error_naming_it():
    """A kind added to etl/tables.py without a rule here stops the build with a message naming it,
    rather than letting every value of that column through."""
    from etl.tables import Column
    from etl.validate import parse_value
    with pytest.raises(ValueError, match="^unknown column kind currency$"):
        parse_value(Column("price", "currency"), "12")
