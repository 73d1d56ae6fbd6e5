"""Bad-input catalogue: every kind of broken curated table or UN Comtrade export the ETL is tested
against, and the kinds tests/etl did not cover yet, each refused with `file:line: column: reason`
while the previous database stays byte for byte as it was.

CATALOGUE names every kind once, with the test that proves it: the cases of tests/etl/test_refusals.py
and tests/etl/test_comtrade.py by their ids, and the cases of this module. docs/reliability.md's
catalogue table is generated from it and checked here; after adding a case, rewrite the table with
    .venv/bin/python -m tests.reliability.docgen
"""
from __future__ import annotations

import csv
import gzip
import importlib.util
import io
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from etl.tables import TABLES, TABLES_BY_NAME
from tests.etl.conftest import read_tables
from tests.reliability.reltools import ROOT, cell, doc_section

FIXTURE_IMPORTS = ROOT / "tests" / "fixtures" / "imports"
PLUS_TEXT = (FIXTURE_IMPORTS / "plus_chn_kgz.csv").read_text(encoding="utf-8")
MiB = 1024 * 1024


# --- corruptions: each changes one thing in a Workspace (ws.curated, ws.imports) ------------------

def folder(ws, where: str) -> Path:
    return {"curated": ws.curated, "imports": ws.imports}[where]


def edit(name: str, old: str, new: str, where: str = "curated"):
    """Replace the one occurrence of `old` in `name` (bytes-level: BOM and CRLF stay)."""
    def apply(ws) -> None:
        path = folder(ws, where) / name
        data = path.read_bytes()
        assert data.count(old.encode()) == 1, f"{old!r} must occur once in {name}"
        path.write_bytes(data.replace(old.encode(), new.encode()))
    return apply


def edits(*changes):
    def apply(ws) -> None:
        for change in changes:
            change(ws)
    return apply


def transform(name: str, change, where: str = "curated"):
    """Rewrite `name` as change(bytes) -> bytes."""
    def apply(ws) -> None:
        path = folder(ws, where) / name
        path.write_bytes(change(path.read_bytes()))
    return apply


def write(name: str, data: bytes, where: str = "curated"):
    def apply(ws) -> None:
        (folder(ws, where) / name).write_bytes(data)
    return apply


def make_directory(name: str, where: str = "curated"):
    def apply(ws) -> None:
        path = folder(ws, where) / name
        path.unlink(missing_ok=True)
        path.mkdir()
        (path / "rows.csv").write_text("a,b\n1,2\n")
    return apply


def symlink(name: str, target: str, where: str = "curated"):
    """`name` becomes a symbolic link to `target` (relative: `name` itself makes a loop)."""
    def apply(ws) -> None:
        path = folder(ws, where) / name
        path.unlink(missing_ok=True)
        os.symlink(target, path)
    return apply


def repeat_header_at(line: int):
    """The header line copied again as line `line` (two files pasted together, or a bad export)."""
    def change(data: bytes) -> bytes:
        lines = data.split(b"\n")
        return b"\n".join(lines[:line - 1] + [lines[0]] + lines[line - 1:])
    return change


def cut_last_row_after(commas: int):
    """Cut the file inside its last row, just before the row's `commas`-th comma (an interrupted copy)."""
    def change(data: bytes) -> bytes:
        body = data.rstrip(b"\r\n")
        start = body.rindex(b"\n") + 1
        cut = start
        for _ in range(commas):
            cut = body.index(b",", cut) + 1
        return body[:cut - 1]
    return change


def wide_header(columns: int):
    """Pad the header to `columns` names and every row with empty fields: a consistent but very wide file."""
    def change(data: bytes) -> bytes:
        rows = list(csv.reader(io.StringIO(data.decode("utf-8"), newline="")))
        extra = columns - len(rows[0])
        rows = [rows[0] + [f"extra_{i}" for i in range(extra)]] + [r + [""] * extra for r in rows[1:]]
        out = io.StringIO()
        csv.writer(out, lineterminator="\n").writerows(rows)
        return out.getvalue().encode()
    return change


def plus_export(change=None) -> bytes:
    """The fixture's Comtrade Plus export, optionally with change(list of row dicts) applied."""
    rows = list(csv.DictReader(io.StringIO(PLUS_TEXT, newline="")))
    if change:
        rows = change(rows)
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode()


def first_row(**changes):
    return lambda rows: [{**rows[0], **changes}] + rows[1:]


# --- the kinds tests/etl does not cover -----------------------------------------------------------

# Open ETL bugs (reported; fixed in etl/, not here): a case listed here is expected to fail until fixed.
OPEN_BUGS: dict[str, str] = {}  # case id -> the bug that makes it fail (a strict xfail)

TEN_MB_SUMMARY = "x" * (10 * MiB)

# (id, corruption, problems that must all be printed as (file, line, column, reason substring)); line
# numbers are those of the fixture files. An empty reason accepts any wording (open bugs). Each id is
# listed, with its group, in CATALOGUE below.
CASES = [
    # size
    ("field-of-exactly-10-mib", edit("events.csv", "Launch ceremony in the Jalal-Abad region.", TEN_MB_SUMMARY),
     [("events.csv", 3, "-", "malformed CSV: a field is longer than 100000 characters")]),
    ("header-of-5000-columns", transform("places.csv", wide_header(5000)),
     [("places.csv", 1, "-", "header has 5000 columns; at most 200 are accepted")]),
    ("row-of-5000-fields", transform("places.csv", lambda d: d + b",".join([b"x"] * 5000) + b"\n"),
     [("places.csv", 9, "-", "row has 5000 fields but the header has 10")]),
    # CSV structure and header
    ("truncated-mid-row", transform("places.csv", cut_last_row_after(4)),
     [("places.csv", 8, "-", "row has 4 fields but the header has 10")]),
    ("header-line-repeated-as-a-row", transform("events.csv", repeat_header_at(4)),
     [("events.csv", 4, "start_date", "'start_date' is not a date in YYYY-MM-DD form"),
      ("events.csv", 4, "event_type", "unknown value 'event_type'")]),
    ("no-header-line", transform("places.csv", lambda d: d.split(b"\n", 1)[1]),
     [("places.csv", 1, "place_id", "missing column"), ("places.csv", 1, "bishkek", "unexpected column")]),
    ("excel-sep-line-first", transform("places.csv", lambda d: b"sep=,\r\n" + d),
     [("places.csv", 2, "-", "row has 10 fields but the header has 2")]),
    ("header-in-capitals", transform("places.csv", lambda d: d.split(b"\n", 1)[0].upper() + b"\n"
                                     + d.split(b"\n", 1)[1]),
     [("places.csv", 1, "place_id", "missing column"), ("places.csv", 1, "PLACE_ID", "unexpected column")]),
    ("tab-delimited", transform("places.csv", lambda d: d.replace(b",", b"\t")),
     [("places.csv", 1, "-", "the header looks delimited by ';', tab or '|'")]),
    # encoding and binary
    ("gzip-file-named-csv", transform("places.csv", lambda d: gzip.compress(d, mtime=0)),
     [("places.csv", 1, "-", "contains a binary file (NUL bytes)")]),
    # dates
    ("mixed-date-formats-in-one-column",
     edits(edit("events.csv", "2024-06-06,2024-06-06,day", "2024/06/06,2024-06-06,day"),
           edit("events.csv", "2024-12-27,2024-12-27", "27.12.2024,2024-12-27"),
           edit("events.csv", "2025-11-19,2025-11-20", "Nov 19 2025,2025-11-20")),
     [("events.csv", 2, "start_date", "'2024/06/06' is not a date in YYYY-MM-DD form"),
      ("events.csv", 3, "start_date", "'27.12.2024' is not a date in YYYY-MM-DD form"),
      ("events.csv", 6, "start_date", "'Nov 19 2025' is not a date in YYYY-MM-DD form")]),
    ("date-in-year-9999", edit("events.csv", "2024-12-27,2024-12-27", "9999-12-27,9999-12-27"),
     [("events.csv", 3, "start_date", "date '9999-12-27' is outside 1900–2100")]),
    ("date-0000-01-01", edit("events.csv", "2024-12-27,2024-12-27", "0000-01-01,2024-12-27"),
     [("events.csv", 3, "start_date", "impossible date '0000-01-01'")]),
    # absurd numbers
    ("lat-1e308", edit("places.csv", "capital,42.8747,", "capital,1e308,"),
     [("places.csv", 2, "lat", "'1e308' is not a number")]),
    ("lat-of-309-digits", edit("places.csv", "capital,42.8747,", "capital,1" + "0" * 308 + ","),
     [("places.csv", 2, "lat", "is out of range -90…90")]),
    ("nan-and-inf-as-numbers", edits(edit("places.csv", "43.2775", "NaN"), edit("places.csv", "116.3917", "inf")),
     [("places.csv", 3, "lat", "'NaN' is not a number"), ("places.csv", 5, "lon", "'inf' is not a number")]),
    ("trade-value-of-1e30", edit("trade.csv", "22700000000", "1" + "0" * 30),
     [("trade.csv", 3, "value_usd", "is out of range …1e+13")]),
    ("trade-value-of-400-digits", edit("trade.csv", "19800000000", "9" * 400),
     [("trade.csv", 2, "value_usd", "is too large to be a number")]),
    ("route-seq-of-2000-digits", edit("infrastructure_route.csv", "cku_railway,1,", "cku_railway," + "9" * 2000 + ","),
     [("infrastructure_route.csv", 2, "seq", "is out of range 1…1000")]),
    # identifiers and keys
    ("zero-width-space-in-an-id", edit("events.csv", ",almaty,", ",alma\u200bty,"),
     [("events.csv", 4, "place_id", "is not a valid identifier")]),
    ("cyrillic-lookalike-in-an-iso-code", edit("event_countries.csv", "strategic-dialogue,KAZ",
                                               "strategic-dialogue,\u041aAZ"),
     [("event_countries.csv", 9, "country_iso3", "is not a valid identifier")]),
    ("duplicate-key-hidden-by-spaces",
     transform("places.csv", lambda d: d + b"  bishkek ,Bishkek again,,,KGZ,capital,42.87,74.61,osm-coords,\n"),
     [("places.csv", 9, "place_id", "duplicate key bishkek (first at line 2)")]),
    # files that are not files
    ("table-file-is-a-directory", make_directory("places.csv"),
     [("places.csv", 0, "-", "not a regular file (a folder, a broken link or a device)")]),
    ("directory-named-csv-beside-the-tables", make_directory("old.csv"),
     [("old.csv", 0, "-", "unknown file")]),
    ("table-file-is-a-symlink-loop", symlink("places.csv", "places.csv"),
     [("places.csv", 0, "-", "not a regular file (a folder, a broken link or a device)")]),
    # Comtrade exports
    ("comtrade-truncated-mid-row", write("plus.csv", cut_last_row_after(10)(plus_export()), "imports"),
     [("plus.csv", 8, "-", "row has 10 fields but the header has 47")]),
    ("comtrade-gzip-file-named-csv", write("plus.csv", gzip.compress(plus_export(), mtime=0), "imports"),
     [("plus.csv", 1, "-", "contains a binary file (NUL bytes)")]),
    ("comtrade-header-repeated-mid-file", write("plus.csv", repeat_header_at(4)(plus_export()), "imports"),
     [("plus.csv", 4, "freqCode", "unknown frequency 'freqCode'")]),
    ("comtrade-year-9999",
     write("plus.csv", plus_export(first_row(refYear="9999", period="9999", refPeriodId="99990101")), "imports"),
     [("plus.csv", 2, "period", "impossible period '9999'")]),
    ("comtrade-value-of-1e30", write("plus.csv", plus_export(first_row(primaryValue="1" + "0" * 30)), "imports"),
     [("plus.csv", 2, "primaryValue", "is out of range")]),
    ("comtrade-directory-named-csv", make_directory("plus.csv", "imports"),
     [("plus.csv", 0, "-", "not a regular file")]),
    ("comtrade-symlink-loop", symlink("plus.csv", "plus.csv", "imports"),
     [("plus.csv", 0, "-", "not a regular file")]),
    ("comtrade-dangling-symlink", symlink("plus.csv", "gone.csv", "imports"),
     [("plus.csv", 0, "-", "not a regular file")]),
]


def _param(case):
    """A case as a pytest param; an open bug is a strict xfail (it fails loudly once fixed)."""
    case_id, corrupt, expected = case
    marks = [pytest.mark.xfail(strict=True, reason=OPEN_BUGS[case_id])] if case_id in OPEN_BUGS else []
    return pytest.param(corrupt, expected, id=case_id, marks=marks)


@pytest.mark.parametrize("corrupt, expected", [_param(c) for c in CASES])
def test_bad_input_is_refused_and_the_old_database_survives(workspace, corrupt, expected):
    """Refused both ways, whatever the files' size: row by row, and through the bulk pre-screen
    (etl/prescreen.py), which must flag the input so that the row-by-row path words the same problems."""
    corrupt(workspace)
    results = {}
    for path, fast in (("row-by-row", False), ("pre-screen", True)):
        result = results[path] = workspace.build(fast=fast)
        assert "Traceback" not in result.err, path
        for problem in expected:
            assert result.has(*problem), f"{path}: expected {problem} among:\n{result.err[:3000]}"
        workspace.assert_refused_and_untouched(result)
    assert results["pre-screen"].err == results["row-by-row"].err


def test_unreadable_table_file_is_refused(workspace):
    """chmod 000 on a table: the build, run as an ordinary user, says it cannot read the file.

    Root reads any file whatever its mode, so when the tests run as root the build runs in a user
    namespace as uid 1000 (`unshare --user --map-user=1000`), where the file's owner is that user and
    mode 000 denies it; as any other user it runs directly. Either way the ETL meets a real EACCES."""
    places = workspace.curated / "places.csv"
    places.chmod(0)
    try:
        command = [sys.executable, "-m", "etl", "build", "--data-dir", str(workspace.curated),
                   "--imports-dir", str(workspace.imports), "--db", str(workspace.db)]
        if os.geteuid() == 0:
            command = ["unshare", "--user", "--map-user=1000", "--map-group=1000"] + command
        proc = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=120)
    finally:
        places.chmod(0o644)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert proc.stdout == ""
    assert proc.stderr == (f"{places}:0: -: cannot read file: Permission denied\n"
                           f"build refused: 1 problem(s); {workspace.db} left unchanged\n")
    assert workspace.db.read_bytes() == workspace.db_bytes
    assert sorted(p.name for p in workspace.db.parent.iterdir()) == ["monitor.duckdb"]


def test_old_mac_cr_line_ends_load_exactly_like_lf(workspace, tmp_path):
    """A CSV saved with bare CR line ends (classic Mac OS; Excel for Mac's "CSV (Macintosh)") is not
    refused: every table loads exactly as the same file with LF line ends does. Nothing is lost; the
    only difference is the recorded digest of the input files (and the vintage id drawn from it)."""
    for path in workspace.curated.glob("*.csv"):
        path.write_bytes(path.read_bytes().replace(b"\r\n", b"\n").replace(b"\n", b"\r"))
    assert all(b"\n" not in p.read_bytes() for p in workspace.curated.glob("*.csv"))
    cr_only = workspace.build()
    assert (cr_only.code, cr_only.err) == (0, "")
    as_cr = read_tables(workspace.db)
    lf_db = tmp_path / "lf" / "monitor.duckdb"
    lf_db.parent.mkdir()
    lf_db.write_bytes(workspace.db_bytes)
    as_lf = read_tables(lf_db)
    digest = lambda rows: [r for r in rows if r[0] not in ("input_sha256", "vintage_id")]  # noqa: E731
    as_cr["build_info"], as_lf["build_info"] = digest(as_cr["build_info"]), digest(as_lf["build_info"])
    # The fixture's one quoted line break (events.csv) is itself a bare CR now: compare it as such
    # (in events and in event_rows, which the ETL derives from it).
    for table in ("events", "event_rows"):
        as_lf[table] = [tuple(v.replace("\n", "\r") if isinstance(v, str) else v for v in row)
                        for row in as_lf[table]]
    assert as_cr == as_lf


# --- the catalogue: every kind, with the test that proves it -------------------------------------

REFUSALS = "tests/etl/test_refusals.py::test_bad_input_is_refused_and_the_old_database_survives"
COMTRADE = "tests/etl/test_comtrade.py::test_bad_export_is_refused_and_the_old_database_survives"
HERE = "tests/reliability/test_bad_input_catalogue.py"
NEW = f"{HERE}::test_bad_input_is_refused_and_the_old_database_survives"
GROUPS = ("file", "encoding & binary", "CSV structure", "header", "size", "dates", "numbers & values",
          "identifiers & keys", "references", "venues, posts & partnerships", "Comtrade export")


@dataclass(frozen=True)
class Kind:
    group: str
    id: str
    test: str                 # file::function of the test that proves it
    shows: str = ""           # what the user sees, for a stand-alone test; else taken from its case

    @property
    def node(self) -> str:
        """The pytest node id: a parametrised case is the function with the case id in brackets."""
        return self.test if self.shows else f"{self.test}[{self.id}]"


def kinds(test: str, group: str, *ids: str) -> list[Kind]:
    return [Kind(group, i, test) for i in ids]


CATALOGUE: list[Kind] = [
    *kinds(REFUSALS, "file", "missing-table-file", "unknown-extra-file", "spreadsheet-beside-the-tables",
           "empty-file-0-bytes", "bom-only", "header-only"),
    *kinds(NEW, "file", "table-file-is-a-directory", "directory-named-csv-beside-the-tables",
           "table-file-is-a-symlink-loop"),
    Kind("file", "unreadable-table-file", f"{HERE}::test_unreadable_table_file_is_refused",
         "places.csv:0: -: cannot read file: Permission denied"),
    *kinds(REFUSALS, "encoding & binary", "bad-encoding-latin-1", "utf-16-export", "nul-byte", "binary-junk"),
    *kinds(NEW, "encoding & binary", "gzip-file-named-csv"),
    *kinds(REFUSALS, "CSV structure", "ragged-row", "unterminated-quote-truncated", "text-after-closing-quote",
           "semicolon-delimited"),
    *kinds(NEW, "CSV structure", "truncated-mid-row", "header-line-repeated-as-a-row", "excel-sep-line-first",
           "tab-delimited"),
    Kind("CSV structure", "old-mac-cr-line-ends", f"{HERE}::test_old_mac_cr_line_ends_load_exactly_like_lf",
         "nothing: accepted, every table loads exactly as with LF line ends"),
    *kinds(REFUSALS, "header", "missing-column", "extra-column", "duplicate-header-column", "blank-column",
           "two-blank-header-columns"),
    *kinds(NEW, "header", "no-header-line", "header-in-capitals"),
    *kinds(REFUSALS, "size", "text-longer-than-its-column", "field-of-200-kb"),
    *kinds(NEW, "size", "field-of-exactly-10-mib", "header-of-5000-columns", "row-of-5000-fields"),
    *kinds(REFUSALS, "dates", "impossible-date-feb-30", "non-iso-date", "year-out-of-range", "end-before-start",
           "trade-period-end-before-start", "full-width-digits-in-a-date", "month-precision-not-on-the-1st",
           "milestone-month-precision-not-on-the-1st", "year-precision-not-january-1st",
           "precision-without-date", "month-precision-event-not-ending-with-its-month",
           "year-precision-event-not-ending-on-december-31"),
    *kinds(NEW, "dates", "mixed-date-formats-in-one-column", "date-in-year-9999", "date-0000-01-01"),
    *kinds(REFUSALS, "numbers & values", "text-in-lat", "lat-out-of-range", "lon-out-of-range", "not-a-boolean",
           "not-a-whole-number", "negative-trade-value", "negative-composition-value", "yoy-below-minus-100",
           "number-with-thousands-separator", "arabic-indic-digits-in-a-value", "unknown-enum-value",
           "required-value-empty", "required-value-blank-spaces", "empty-list-item", "line-break-in-a-list",
           "repeated-code-in-list", "empty-code-in-list"),
    *kinds(NEW, "numbers & values", "lat-1e308", "lat-of-309-digits", "nan-and-inf-as-numbers",
           "trade-value-of-1e30", "trade-value-of-400-digits", "route-seq-of-2000-digits"),
    *kinds(REFUSALS, "identifiers & keys", "invalid-identifier", "duplicate-id", "duplicate-composite-key",
           "duplicate-route-seq", "lower-case-iso2", "lower-case-iso3", "duplicate-m49-code",
           "group-code-shadowing-a-country", "invalid-code-in-list", "duplicate-key-after-a-row-without-key",
           "duplicate-m49-code-after-a-country-without-one"),
    *kinds(NEW, "identifiers & keys", "zero-width-space-in-an-id", "cyrillic-lookalike-in-an-iso-code",
           "duplicate-key-hidden-by-spaces"),
    *kinds(REFUSALS, "references", "unknown-iso-code", "unknown-iso-code-in-list", "unknown-trade-area",
           "unknown-place", "unknown-place-on-route", "unknown-source", "unknown-reprinted-in", "unknown-person",
           "event-without-source", "event-without-country", "event-without-country-while-event-sources-is-missing"),
    *kinds(REFUSALS, "venues, posts & partnerships", "place-on-a-phone-call", "unknown-venue-kind",
           "post-ends-before-it-starts", "unknown-post", "partnership-of-unknown-event", "zero-documents-signed"),
    *kinds(COMTRADE, "Comtrade export", "plus-header-missing-one-column", "plus-header-one-column-renamed",
           "plus-header-one-extra-column", "plus-header-reordered", "legacy-header-missing-one-column",
           "not-a-comtrade-export", "spreadsheet-file", "text-file", "ref-year-not-matching-period",
           "full-width-hs-code", "partner-world-0", "reporter-usa-842", "legacy-partner-world-0",
           "unknown-flow-code", "legacy-re-export-flow-3", "breakdown-by-transport-mode",
           "breakdown-by-second-partner", "breakdown-by-customs-procedure", "negative-value",
           "value-not-a-number", "legacy-negative-value", "duplicated-row", "duplicated-row-under-the-other-flow-code",
           "not-hs-classification",
           "five-digit-commodity-code", "impossible-month", "annual-row-with-a-month-period",
           "unknown-frequency", "header-only", "empty-file", "utf-16-export", "ragged-row", "semicolon-export",
           "two-files-one-source-id", "curated-trade-id-of-an-imported-line"),
    *kinds(NEW, "Comtrade export", "comtrade-truncated-mid-row", "comtrade-gzip-file-named-csv",
           "comtrade-header-repeated-mid-file", "comtrade-year-9999", "comtrade-value-of-1e30",
           "comtrade-directory-named-csv", "comtrade-symlink-loop", "comtrade-dangling-symlink"),
]


def case_problems() -> dict[str, dict[str, tuple]]:
    """{test: {case id: first expected problem}} read from the three parametrised case lists."""
    out = {NEW: {c[0]: c[2][0] for c in CASES}}
    for test in (REFUSALS, COMTRADE):
        path = ROOT / test.split("::")[0]
        spec = importlib.util.spec_from_file_location(f"_catalogue_{path.stem}", path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        out[test] = {c[0]: c[-1] for c in module.CASES}
    return out


def shows(kind: Kind, problems: dict[str, dict[str, tuple]]) -> str:
    if kind.shows:
        return kind.shows
    file, line, column, reason = problems[kind.test][kind.id]
    return f"{file}:{line}: {column}: {reason or '(refusal to be worded)'}"


def render_table() -> str:
    """The catalogue as the Markdown table docs/reliability.md holds."""
    problems = case_problems()
    rows = ["| group | kind | what the user sees (`file:line: column: reason`, reason abridged) | test |",
            "|---|---|---|---|"]
    for group in GROUPS:
        for kind in (k for k in CATALOGUE if k.group == group):
            bug = OPEN_BUGS.get(kind.id, "").replace("*", "\\*").replace("_", "\\_")
            status = f" **open bug**: {bug}" if bug and kind.test == NEW else ""
            rows.append(f"| {group} | {kind.id} | {cell(shows(kind, problems))}{status} | {cell(kind.node)} |")
    return "\n".join(rows)


def test_catalogue_names_every_case_once():
    problems = case_problems()
    listed = [(k.test, k.id) for k in CATALOGUE]
    assert len(listed) == len(set(listed)), "a kind is listed twice"
    cases = {(test, case_id) for test, ids in problems.items() for case_id in ids}
    assert {x for x in listed if x[0] in problems} == cases, "CATALOGUE and the case lists differ"
    assert {k.group for k in CATALOGUE} == set(GROUPS)
    assert len(CASES) >= 25 and len(CATALOGUE) >= len(CASES) + 64 + 33


def kinds_refused(problems: dict[str, dict[str, tuple]]) -> dict[str, set[str]]:
    """Column kind (etl/tables.py) -> the cases whose refusal points at a value in a column of that kind."""
    out: dict[str, set[str]] = {}
    for cases in problems.values():
        for case_id, (file, line, column, _reason) in cases.items():
            table = TABLES_BY_NAME.get(Path(file).stem)
            kind = {c.name: c.kind for c in table.columns}.get(column) if table and line >= 2 else None
            if kind:
                out.setdefault(kind, set()).add(case_id)
    return out


def test_every_column_kind_declared_has_a_refusal_case():
    """A column kind added to etl/tables.py (or a case removed) without a bad value refused for it fails."""
    declared = {c.kind for t in TABLES for c in t.columns}
    refused = kinds_refused(case_problems())
    assert sorted(declared - set(refused)) == []
    assert {"id", "text", "date", "float", "money", "pct", "enum", "bool", "int", "code_list", "text_list"} <= declared


def test_kind_check_sees_a_kind_without_a_case():
    fake = {"t": {"a": ("places.csv", 3, "lat", "x"), "b": ("places.csv", 1, "notes", "missing column"),
                  "c": ("trade.csv", 5, "value_usd", "x")}}
    assert kinds_refused(fake) == {"float": {"a"}, "money": {"c"}}


def test_catalogue_stand_alone_tests_exist():
    names = {name for name in globals() if name.startswith("test_")}
    for kind in CATALOGUE:
        if kind.shows:
            assert kind.test.split("::")[1] in names, kind


def test_docs_list_every_kind():
    assert doc_section("catalogue") == render_table(), (
        "docs/reliability.md's catalogue table is out of date; rewrite it with "
        "`.venv/bin/python -m tests.reliability.docgen`")
