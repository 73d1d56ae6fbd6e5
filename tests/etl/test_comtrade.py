"""ETL tests: UN Comtrade exports in the imports folder load into trade, sources and commodities,
and anything the ETL cannot trust is refused with `file:line: column: reason`.

Fixtures: tests/fixtures/imports (one Comtrade Plus and one legacy export, invented values); the
cases below write variants of them into a temporary imports folder.
"""
from __future__ import annotations

import csv
import hashlib
import io
from datetime import date
from pathlib import Path

import duckdb
import pytest

from etl.comtrade import LEGACY_HEADER, PLUS_HEADER
from tests.etl.conftest import first_build_note

ROOT = Path(__file__).resolve().parents[2]
IMPORTS = ROOT / "tests" / "fixtures" / "imports"
CURATED = ROOT / "tests" / "fixtures" / "curated"
PLUS_FILE, LEGACY_FILE = IMPORTS / "plus_chn_kgz.csv", IMPORTS / "legacy_kgz_chn.csv"
TROUSERS = "Men's or boys' trousers, bib and brace overalls, breeches and shorts; of cotton"
CARS = "Vehicles; spark-ignition engine of a cylinder capacity not over 1,000cc"
Y2023, Y2024 = (date(2023, 1, 1), date(2023, 12, 31)), (date(2024, 1, 1), date(2024, 12, 31))
Y2019 = (date(2019, 1, 1), date(2019, 12, 31))


def read_rows(path: Path) -> list[dict]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))


PLUS_ROWS, LEGACY_ROWS = read_rows(PLUS_FILE), read_rows(LEGACY_FILE)
PLUS, LEGACY = PLUS_ROWS[0], LEGACY_ROWS[0]   # China exports to Kyrgyzstan 2023; Kyrgyz imports 2019


def csv_text(header: list[str], rows: list[dict]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows([[row.get(c, "") for c in header] for row in rows])
    return out.getvalue()


def with_(row: dict, **changes) -> dict:
    return {**row, **changes}


def export(name: str, rows: list[dict], header: list[str] = PLUS_HEADER, encoding: str = "utf-8"):
    """A corruption: write `rows` under `header` as imports/`name`."""
    def apply(imports: Path) -> None:
        (imports / name).write_bytes(csv_text(header, rows).encode(encoding))
    return apply


def raw(name: str, data: bytes):
    def apply(imports: Path) -> None:
        (imports / name).write_bytes(data)
    return apply


def colliding_trade_id(imports: Path) -> None:
    """plus.csv, and a curated trade row carrying the id the build gives that file's line 2."""
    export("plus.csv", [PLUS])(imports)
    trade = imports.parent / "curated" / "trade.csv"
    trade.write_text(trade.read_text(encoding="utf-8")
                     + "comtrade-plus-2,CHN,KGZ,2022-01-01,2022-12-31,total,TOTAL,1000,,false,main,gacc-2025,\n",
                     encoding="utf-8")


def without(header: list[str], column: str) -> list[str]:
    return [c for c in header if c != column]


def renamed(header: list[str], old: str, new: str) -> list[str]:
    return [new if c == old else c for c in header]


def swapped(header: list[str], a: str, b: str) -> list[str]:
    i, j = header.index(a), header.index(b)
    header = list(header)
    header[i], header[j] = header[j], header[i]
    return header


def loaded(db: Path, sql: str, params=()) -> list[tuple]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql, list(params)).fetchall()
    finally:
        con.close()


TRADE_SQL = ("select trade_id, reporter_iso3, partner_iso3, period_start, period_end, period_kind, months, flow, "
             "commodity_code, value_usd, yoy_pct, is_lower_bound, confidence, notes from trade "
             "where source_id = ? order by trade_id")


@pytest.fixture(scope="module")
def db(tmp_path_factory, run_build) -> Path:
    """The fixture tables built with tests/fixtures/imports (both exports and a README) as imports."""
    folder = tmp_path_factory.mktemp("comtrade")
    result = run_build(CURATED, IMPORTS, folder / "monitor.duckdb")
    assert (result.code, result.err) == (0, first_build_note(folder / "monitor.duckdb"))
    return folder / "monitor.duckdb"


def test_comtrade_plus_export_loads_into_trade(db):
    s = "comtrade-plus-chn-kgz-"
    assert loaded(db, TRADE_SQL, ["comtrade-plus-chn-kgz"]) == [
        (s + "2", "CHN", "KGZ", *Y2023, "year", 12, "export", "TOTAL", 19783000000.0, None, False, "main", None),
        (s + "3", "CHN", "KGZ", *Y2023, "year", 12, "import", "TOTAL", 88000000.0, None, False, "main", None),
        (s + "4", "CHN", "KGZ", *Y2023, "year", 12, "export", "620342", 1234567.8, None, False, "main", None),
        (s + "5", "CHN", "KGZ", *Y2024, "year", 12, "export", "TOTAL", 22700000000.0, None, False, "main", None),
        (s + "6", "CHN", "KGZ", date(2024, 1, 1), date(2024, 1, 31), "month", 1, "export", "TOTAL",
         1650000000.0, None, False, "main", None),
        (s + "7", "CHN", "KGZ", date(2024, 2, 1), date(2024, 2, 29), "month", 1, "export", "620342", 98765.4,
         None, False, "main", None),
        (s + "8", "KGZ", "CHN", *Y2023, "year", 12, "import", "TOTAL", 5300000000.0, None, False, "main", None),
    ]


def test_legacy_export_loads_into_trade(db):
    s = "comtrade-legacy-kgz-chn-"
    assert loaded(db, TRADE_SQL, ["comtrade-legacy-kgz-chn"]) == [
        (s + "2", "KGZ", "CHN", *Y2019, "year", 12, "import", "TOTAL", 2567000000.0, None, False, "main", None),
        (s + "3", "KGZ", "CHN", *Y2019, "year", 12, "export", "TOTAL", 95000000.0, None, False, "main", None),
        (s + "4", "KGZ", "CHN", date(2019, 3, 1), date(2019, 3, 31), "month", 1, "export", "26", 4100000.0, None,
         False, "main", None),
        (s + "5", "KGZ", "CHN", *Y2019, "year", 12, "import", "870321", 6500000.0, None, False, "main", None),
    ]


def test_each_export_gets_a_source_row(db):
    plus, legacy = (hashlib.sha256(f.read_bytes()).hexdigest()[:16] for f in (PLUS_FILE, LEGACY_FILE))
    assert loaded(db, "select * from sources where source_id like 'comtrade-%' order by 1") == [
        ("comtrade-legacy-kgz-chn", "UN Comtrade", "Analyst import: legacy_kgz_chn.csv", None, None, None, "en",
         "dataset", None, f"comtrade-legacy-22 export loaded from data/imports; 4 rows; sha256 {legacy}"),
        ("comtrade-plus-chn-kgz", "UN Comtrade", "Analyst import: plus_chn_kgz.csv", None, None, None, "en",
         "dataset", None, f"comtrade-plus-47 export loaded from data/imports; 7 rows; sha256 {plus}"),
    ]


def test_commodities_hold_every_code_once_with_its_description(db):
    assert loaded(db, "select * from commodities order by 1") == [
        ("26", "Ores, slag and ash"), ("620342", TROUSERS), ("870321", CARS), ("TOTAL", "All Commodities")]


def test_imports_add_to_the_curated_rows_and_the_readme_is_skipped(db):
    assert loaded(db, "select source_id like 'comtrade-%', count(*) from trade group by all order by all") == [
        (False, 7), (True, 7 + 4)]
    assert loaded(db, "select count(*) from sources") == [(9 + 2,)]
    assert loaded(db, "select value from build_info where key = 'input_files'") == [("19",)]  # 17 + 2 CSV


def test_latin_1_and_bom_exports_are_accepted(workspace):
    """Comtrade's web exports are Latin-1: such a file loads and its text arrives as proper Unicode.
    A UTF-8 file with a BOM loads too; hidden files such as .gitkeep are skipped."""
    coffee = "Coffee; not roasted, not decaffeinated (café vert, Kaffee ungeröstet)"
    rows = [with_(PLUS, cmdCode="090111", cmdDesc=coffee, aggrLevel="6", isLeaf="True")]
    export("plus_latin1.csv", rows, encoding="latin-1")(workspace.imports)
    assert "é".encode("latin-1") in (workspace.imports / "plus_latin1.csv").read_bytes()
    (workspace.imports / "plus_bom.csv").write_bytes(b"\xef\xbb\xbf" + csv_text(PLUS_HEADER, [PLUS]).encode())
    (workspace.imports / ".gitkeep").write_bytes(b"")
    result = workspace.build()
    assert (result.code, result.err) == (0, "")
    assert loaded(workspace.db, "select * from commodities order by 1") == [
        ("090111", coffee), ("TOTAL", "All Commodities")]
    assert loaded(workspace.db, "select source_id, commodity_code, value_usd from trade where source_id like "
                                "'comtrade-%' order by 1") == [
        ("comtrade-plus-bom", "TOTAL", 19783000000.0), ("comtrade-plus-latin1", "090111", 19783000000.0)]


# (id, what to put in the imports folder, (file, line, column, reason substring))
CASES = [
    ("plus-header-missing-one-column", export("plus.csv", PLUS_ROWS, without(PLUS_HEADER, "motDesc")),
     ("plus.csv", 1, "-", "header is close to the Comtrade Plus (47 columns) export but missing motDesc")),
    ("plus-header-one-column-renamed", export("plus.csv", PLUS_ROWS,
                                              renamed(PLUS_HEADER, "primaryValue", "PrimaryValue")),
     ("plus.csv", 1, "-", "but missing primaryValue; unexpected PrimaryValue")),
    ("plus-header-one-extra-column", export("plus.csv", PLUS_ROWS, PLUS_HEADER + ["qtyUnitDesc"]),
     ("plus.csv", 1, "-", "export but unexpected qtyUnitDesc")),
    ("plus-header-reordered", export("plus.csv", PLUS_ROWS, swapped(PLUS_HEADER, "cifvalue", "fobvalue")),
     ("plus.csv", 1, "-", "header has the Comtrade Plus (47 columns) columns but in a different order")),
    ("legacy-header-missing-one-column", export("legacy.csv", LEGACY_ROWS, without(LEGACY_HEADER, "Flag")),
     ("legacy.csv", 1, "-", "header is close to the legacy Comtrade (22 columns) export but missing Flag")),
    ("not-a-comtrade-export", raw("events.csv", (CURATED / "events.csv").read_bytes()),
     ("events.csv", 1, "-", "not a recognised UN Comtrade export")),
    ("spreadsheet-file", raw("notes.xlsx", b"PK\x03\x04\x14\x00\x06\x00"),
     ("notes.xlsx", 0, "-", "not a CSV file: data/imports takes UN Comtrade CSV exports only")),
    ("text-file", raw("notes.txt", b"remember to download 2025\n"),
     ("notes.txt", 0, "-", "not a CSV file")),
    ("ref-year-not-matching-period", export("plus.csv", [with_(PLUS, refYear="1999")]),
     ("plus.csv", 2, "refYear", "year '1999' does not match period")),
    ("full-width-hs-code", export("plus.csv", [with_(PLUS, cmdCode="８５０４４０")]),
     ("plus.csv", 2, "cmdCode", "is not an HS code")),
    ("partner-world-0", export("plus.csv", [with_(PLUS, partnerCode="0", partnerISO="W00", partnerDesc="World")]),
     ("plus.csv", 2, "partnerCode", "unknown country code '0': not in countries.csv")),
    ("reporter-usa-842", export("plus.csv", [with_(PLUS, reporterCode="842")]),
     ("plus.csv", 2, "reporterCode", "unknown country code '842'")),
    ("legacy-partner-world-0", export("legacy.csv", [with_(LEGACY, **{"Partner Code": "0"})], LEGACY_HEADER),
     ("legacy.csv", 2, "Partner Code", "unknown country code '0'")),
    ("unknown-flow-code", export("plus.csv", [with_(PLUS, flowCode="RX", flowDesc="Re-export")]),
     ("plus.csv", 2, "flowCode", "unknown trade flow 'RX'; expected import or export")),
    ("legacy-re-export-flow-3", export("legacy.csv", [with_(LEGACY, **{"Trade Flow Code": "3"})], LEGACY_HEADER),
     ("legacy.csv", 2, "Trade Flow Code", "unknown trade flow '3'")),
    ("breakdown-by-transport-mode", export("plus.csv", [with_(PLUS, motCode="3200", motDesc="Road")]),
     ("plus.csv", 2, "motCode", "breakdown row (motCode=3200); export totals only (motCode 0)")),
    ("breakdown-by-second-partner", export("plus.csv", [with_(PLUS, partner2Code="842")]),
     ("plus.csv", 2, "partner2Code", "breakdown row (partner2Code=842)")),
    ("breakdown-by-customs-procedure", export("plus.csv", [with_(PLUS, customsCode="C01")]),
     ("plus.csv", 2, "customsCode", "breakdown row (customsCode=C01)")),
    ("negative-value", export("plus.csv", [with_(PLUS, primaryValue="-5.0")]),
     ("plus.csv", 2, "primaryValue", "negative value -5.0: trade values are never negative")),
    ("value-not-a-number", export("plus.csv", [with_(PLUS, primaryValue="1.9783e10")]),
     ("plus.csv", 2, "primaryValue", "'1.9783e10' is not a number")),
    ("legacy-negative-value", export("legacy.csv", [with_(LEGACY, **{"Trade Value (US$)": "-1"})], LEGACY_HEADER),
     ("legacy.csv", 2, "Trade Value (US$)", "negative value -1")),
    ("duplicated-row", export("plus.csv", [PLUS, PLUS_ROWS[1], PLUS]),
     ("plus.csv", 4, "cmdCode", "duplicate row for the same reporter, partner, period, flow and commodity "
                                "(first at line 2)")),
    # The same figure under both codes of one flow (X and 2 are both exports): the fast path once
    # compared the codes as text and loaded the figure twice.
    ("duplicated-row-under-the-other-flow-code", export("plus.csv", [PLUS, with_(PLUS, flowCode="2")]),
     ("plus.csv", 3, "cmdCode", "duplicate row for the same reporter, partner, period, flow and commodity "
                                "(first at line 2)")),
    ("not-hs-classification", export("legacy.csv", [with_(LEGACY, Classification="S3")], LEGACY_HEADER),
     ("legacy.csv", 2, "Classification", "classification 'S3' is not HS")),
    ("five-digit-commodity-code", export("plus.csv", [with_(PLUS, cmdCode="62034")]),
     ("plus.csv", 2, "cmdCode", "'62034' is not an HS code (2, 4 or 6 digits) or TOTAL")),
    ("impossible-month", export("plus.csv", [with_(PLUS, freqCode="M", period="202413")]),
     ("plus.csv", 2, "period", "impossible period '202413'")),
    ("annual-row-with-a-month-period", export("plus.csv", [with_(PLUS, freqCode="A", period="202401")]),
     ("plus.csv", 2, "period", "impossible period '202401'")),
    ("unknown-frequency", export("plus.csv", [with_(PLUS, freqCode="Q")]),
     ("plus.csv", 2, "freqCode", "unknown frequency 'Q'")),
    ("header-only", export("plus.csv", []),
     ("plus.csv", 2, "-", "no data rows: the file holds only a header")),
    ("empty-file", raw("plus.csv", b""),
     ("plus.csv", 1, "-", "file is empty")),
    ("utf-16-export", raw("plus.csv", csv_text(PLUS_HEADER, [PLUS]).encode("utf-16")),
     ("plus.csv", 1, "-", "binary file (NUL bytes)")),
    ("ragged-row", raw("plus.csv", (csv_text(PLUS_HEADER, [PLUS]) + "C,A,2023\n").encode()),
     ("plus.csv", 3, "-", "row has 3 fields but the header has 47")),
    ("semicolon-export", raw("plus.csv", csv_text(PLUS_HEADER, [PLUS]).replace(",", ";").encode()),
     ("plus.csv", 1, "-", "the header looks delimited by ';'")),
    ("two-files-one-source-id", lambda imports: [export(n, [PLUS])(imports) for n in ("plus-x.csv", "plus_x.csv")],
     ("imports", 0, "-", "two import files map to the same source id 'comtrade-plus-x'; rename one")),
    ("curated-trade-id-of-an-imported-line", lambda imports: colliding_trade_id(imports),
     ("trade.csv", 0, "trade_id", "comtrade-plus-2 is used twice (a curated row and an imported line, or two "
                                  "imported lines, carry the same trade_id)")),
]


@pytest.mark.parametrize("make, expected", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_bad_export_is_refused_and_the_old_database_survives(workspace, make, expected):
    make(workspace.imports)
    result = workspace.build()
    assert result.has(*expected), f"expected {expected} among:\n{result.err}"
    workspace.assert_refused_and_untouched(result)


@pytest.mark.parametrize("make, expected", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_the_fast_path_refuses_bad_exports_with_the_same_words(workspace, make, expected):
    make(workspace.imports)
    workspace.assert_fast_path_refuses_like_the_exact_one(expected)


def test_every_bad_row_of_an_export_is_reported(workspace):
    rows = [with_(PLUS, partnerCode="0"), PLUS_ROWS[1], with_(PLUS_ROWS[2], flowCode="RX", primaryValue="-1")]
    export("plus.csv", rows)(workspace.imports)
    result = workspace.build()
    assert [(p.file, p.line, p.column) for p in result.problems] == [
        ("plus.csv", 2, "partnerCode"), ("plus.csv", 4, "flowCode"), ("plus.csv", 4, "primaryValue")]
    workspace.assert_refused_and_untouched(result)


def test_problems_in_curated_tables_and_in_exports_are_all_printed(workspace):
    export("plus.csv", [with_(PLUS, motCode="1000")])(workspace.imports)
    raw("notes.xlsx", b"PK\x03\x04")(workspace.imports)
    path = workspace.curated / "places.csv"
    path.write_bytes(path.read_bytes().replace(b"116.3917", b"196.3917"))
    result = workspace.build()
    assert [(p.file, p.line, p.column) for p in result.problems] == [
        ("places.csv", 5, "lon"), ("notes.xlsx", 0, "-"), ("plus.csv", 2, "motCode")]
    workspace.assert_refused_and_untouched(result)


def test_import_clashing_with_a_curated_source_names_the_import_file(workspace):
    with (workspace.curated / "sources.csv").open("a", encoding="utf-8") as f:
        f.write("comtrade-plus,UN Comtrade,A curated Comtrade extract,,,,en,dataset,,\n")
    export("plus.csv", [PLUS])(workspace.imports)
    result = workspace.build()
    assert [(p.file, p.line, p.column, p.reason) for p in result.problems] == [
        ("plus.csv", 0, "-", "import source id comtrade-plus clashes with sources.csv; rename the file")]
    workspace.assert_refused_and_untouched(result)


def test_the_same_figure_in_two_exports_is_refused_not_counted_twice(workspace):
    export("a_first.csv", [PLUS, PLUS_ROWS[1]])(workspace.imports)
    export("b_again.csv", [PLUS_ROWS[1]])(workspace.imports)
    result = workspace.build()
    assert [(p.file, p.line, p.column) for p in result.problems] == [("b_again.csv", 2, "-")]
    assert "already in" in result.problems[0].reason and "a_first.csv (line 3)" in result.problems[0].reason
    workspace.assert_refused_and_untouched(result)


# --- the functions behind the messages and rows above, called directly -------------------------------

AREAS = {"156": "CHN", "417": "KGZ"}


def test_import_source_row_is_exactly_what_the_sources_table_gets():
    from etl.comtrade import import_source
    digest = "0123456789abcdef" + "f" * 48
    assert import_source(Path("data/imports/Plus CHN-KGZ 2023.csv"), "comtrade-plus-47", 7, digest) == {
        "source_id": "comtrade-plus-chn-kgz-2023", "publisher": "UN Comtrade",
        "title": "Analyst import: Plus CHN-KGZ 2023.csv", "published_date": None, "date_precision": None,
        "url": None, "language": "en", "kind": "dataset", "reprinted_in": None,
        "notes": "comtrade-plus-47 export loaded from data/imports; 7 rows; sha256 0123456789abcdef",
    }


def test_rows_read_from_the_legacy_fixture():
    from etl.comtrade import load_import
    result, problems = load_import(LEGACY_FILE, AREAS)
    assert problems == []
    s = "comtrade-legacy-kgz-chn"
    row = dict(reporter_iso3="KGZ", partner_iso3="CHN", yoy_pct=None, is_lower_bound=False, confidence="main",
               source_id=s, notes=None)
    assert result["trade"] == [
        {"_line": 2, "trade_id": s + "-2", **row, "period_start": Y2019[0], "period_end": Y2019[1],
         "flow": "import", "commodity_code": "TOTAL", "value_usd": 2567000000.0},
        {"_line": 3, "trade_id": s + "-3", **row, "period_start": Y2019[0], "period_end": Y2019[1],
         "flow": "export", "commodity_code": "TOTAL", "value_usd": 95000000.0},
        {"_line": 4, "trade_id": s + "-4", **row, "period_start": date(2019, 3, 1), "period_end": date(2019, 3, 31),
         "flow": "export", "commodity_code": "26", "value_usd": 4100000.0},
        {"_line": 5, "trade_id": s + "-5", **row, "period_start": Y2019[0], "period_end": Y2019[1],
         "flow": "import", "commodity_code": "870321", "value_usd": 6500000.0},
    ]
    assert result["commodities"] == {"TOTAL": "All Commodities", "26": "Ores, slag and ash", "870321": CARS}
    digest = hashlib.sha256(LEGACY_FILE.read_bytes()).hexdigest()[:16]
    assert result["source"] == {
        "source_id": s, "publisher": "UN Comtrade", "title": "Analyst import: legacy_kgz_chn.csv",
        "published_date": None, "date_precision": None, "url": None, "language": "en", "kind": "dataset",
        "reprinted_in": None, "notes": f"comtrade-legacy-22 export loaded from data/imports; 4 rows; sha256 {digest}",
    }


def test_a_refused_breakdown_row_is_not_then_taken_for_the_first_of_a_duplicate(tmp_path):
    """The breakdown row on line 2 is refused and skipped: the total on line 3 is no duplicate of it."""
    from etl.comtrade import load_import
    path = tmp_path / "plus.csv"
    path.write_text(csv_text(PLUS_HEADER, [with_(PLUS, motCode="3200", motDesc="Road"), PLUS]), encoding="utf-8")
    result, problems = load_import(path, AREAS)
    assert result is None
    assert [(p.line, p.column, p.reason) for p in problems] == [
        (2, "motCode", "breakdown row (motCode=3200); export totals only (motCode 0) so that values are not "
                       "counted twice")]


def test_a_refused_period_row_is_not_then_taken_for_the_first_of_a_duplicate(tmp_path):
    from etl.comtrade import load_import
    path = tmp_path / "plus.csv"
    path.write_text(csv_text(PLUS_HEADER, [with_(PLUS, freqCode="Q"), PLUS]), encoding="utf-8")
    result, problems = load_import(path, AREAS)
    assert result is None
    assert [(p.line, p.column, p.reason) for p in problems] == [
        (2, "freqCode", "unknown frequency 'Q'; expected A (annual) or M (monthly)")]


@pytest.mark.parametrize("freq, period, expected", [
    ("A", "2023", (Y2023, None, "")),
    (None, "2019", (Y2019, None, "")),
    ("A", "1962", ((date(1962, 1, 1), date(1962, 12, 31)), None, "")),
    ("A", "2100", ((date(2100, 1, 1), date(2100, 12, 31)), None, "")),
    ("M", "202402", ((date(2024, 2, 1), date(2024, 2, 29)), None, "")),
    ("M", "202302", ((date(2023, 2, 1), date(2023, 2, 28)), None, "")),
    (None, "201903", ((date(2019, 3, 1), date(2019, 3, 31)), None, "")),
    ("M", "196201", ((date(1962, 1, 1), date(1962, 1, 31)), None, "")),
    ("M", "210012", ((date(2100, 12, 1), date(2100, 12, 31)), None, "")),
    ("M", "202312", ((date(2023, 12, 1), date(2023, 12, 31)), None, "")),
    ("M", "202301", ((date(2023, 1, 1), date(2023, 1, 31)), None, "")),
    ("A", "1961", (None, "impossible period '1961'", "period")),
    ("A", "2101", (None, "impossible period '2101'", "period")),
    ("M", "196112", (None, "impossible period '196112'", "period")),
    ("M", "210101", (None, "impossible period '210101'", "period")),
    ("M", "202313", (None, "impossible period '202313'", "period")),
    ("M", "202300", (None, "impossible period '202300'", "period")),
    ("A", "202401", (None, "impossible period '202401'", "period")),
    ("M", "2024", (None, "impossible period '2024'", "period")),
    (None, "2019-03", (None, "impossible period '2019-03'", "period")),
    ("A", "", (None, "impossible period ''", "period")),
    (None, "Q1 2019", (None, "impossible period 'Q1 2019'", "period")),
    (None, "x" * 30, (None, f"impossible period '{'x' * 20}'", "period")),
    ("Q", "2023", (None, "unknown frequency 'Q'; expected A (annual) or M (monthly)", "freqCode")),
])
def test_parse_period(freq, period, expected):
    from etl.comtrade import parse_period
    assert parse_period(freq, period[:4], period) == expected


@pytest.mark.parametrize("period, column, reason", [
    ("1961", "period", "impossible period '1961'"),
    ("2023-01", "period", "impossible period '2023-01'"),
    ("Q1 2023", "period", "impossible period 'Q1 2023'"),
])
def test_a_bad_legacy_period_is_refused_naming_file_line_and_column(tmp_path, period, column, reason):
    from etl.comtrade import load_import
    path = tmp_path / "legacy.csv"
    rows = [LEGACY_ROWS[1], with_(LEGACY, Period=period)]
    path.write_text(csv_text(LEGACY_HEADER, rows), encoding="utf-8")
    result, problems = load_import(path, AREAS)
    assert result is None
    assert [(p.file.endswith("legacy.csv"), p.line, p.column, p.reason) for p in problems] == [
        (True, 3, column, reason)]
    assert str(problems[0]).endswith(f"legacy.csv:3: {column}: {reason}")


PLUS_CLOSE = "header is close to the Comtrade Plus (47 columns) export but "
LEGACY_CLOSE = "header is close to the legacy Comtrade (22 columns) export but "
NOT_COMTRADE = ("not a recognised UN Comtrade export: the header matches neither the Comtrade Plus 47-column nor "
                "the legacy 22-column format")


@pytest.mark.parametrize("header, expected", [
    # 23 of the 47 Plus columns (47 // 2) are still close; 22 are not
    (PLUS_HEADER[:23], PLUS_CLOSE + "missing isLeaf, customsCode, customsDesc, mosCode, motCode"),
    (PLUS_HEADER[:22], NOT_COMTRADE),
    (PLUS_HEADER[:16], NOT_COMTRADE),
    # 11 of the 22 legacy columns are close; 10 are not
    (LEGACY_HEADER[:11], LEGACY_CLOSE + "missing Partner Code, Partner, Partner ISO, Commodity Code, Commodity"),
    (LEGACY_HEADER[:10], NOT_COMTRADE),
    (LEGACY_HEADER[:8], NOT_COMTRADE),
    # at most five names of each kind are listed
    (PLUS_HEADER[:41], PLUS_CLOSE + "missing cifvalue, fobvalue, primaryValue, legacyEstimationFlag, isReported"),
    (PLUS_HEADER + [f"extra{i}" for i in range(1, 8)],
     PLUS_CLOSE + "unexpected extra1, extra2, extra3, extra4, extra5"),
    (PLUS_HEADER[:41] + [f"extra{i}" for i in range(1, 8)],
     PLUS_CLOSE + "missing cifvalue, fobvalue, primaryValue, legacyEstimationFlag, isReported; "
                  "unexpected extra1, extra2, extra3, extra4, extra5"),
    (list(reversed(LEGACY_HEADER)), "header has the legacy Comtrade (22 columns) columns but in a different order"),
    ([], NOT_COMTRADE),
])
def test_describe_mismatch(header, expected):
    from etl.comtrade import describe_mismatch
    assert describe_mismatch(list(header)) == expected


@pytest.mark.parametrize("text, expected", [
    ("plus_chn_kgz", "plus-chn-kgz"),
    ("--Plus  CHN__KGZ--", "plus-chn-kgz"),
    (" Plus CHN ", "plus-chn"),
    ("-x-", "x"),
    ("Exports (2023) é.v2", "exports-2023-v2"),
    ("a" * 70, "a" * 60),
    ("b" * 61, "b" * 60),
    ("c" * 60, "c" * 60),
    ("", "file"),
    ("---", "file"),
    ("éé ", "file"),
])
def test_slug(text, expected):
    from etl.comtrade import slug
    assert slug(text) == expected


def test_import_source_id_of_an_awkward_file_name():
    from etl.comtrade import import_source_id
    assert import_source_id(Path("data/imports/___.csv")) == "comtrade-file"
    assert import_source_id(Path("data/imports/-Plus-.csv")) == "comtrade-plus"


def staged_import(con, path: Path, fmt: str, raw: str = "raw_import_0"):
    from etl.comtrade import FIELDS, PLUS_TOTAL_ONLY, import_source_id
    from etl.prescreen import StagedImport, first_record, read_raw
    keep = [c for c in FIELDS[fmt].values() if c] + (list(PLUS_TOTAL_ONLY) if fmt == "comtrade-plus-47" else [])
    assert read_raw(con, path, first_record(path), raw, keep)
    return StagedImport(path, raw, fmt, import_source_id(path), len(read_rows(path)))


M49 = [("156", "CHN"), ("417", "KGZ")]


def test_prescreen_import_conditions_pass_the_good_fixtures_and_flag_each_bad_row(tmp_path):
    from etl.prescreen import import_checks, import_conditions
    con = duckdb.connect()
    try:
        plus = staged_import(con, PLUS_FILE, "comtrade-plus-47", "raw_plus")
        legacy = staged_import(con, LEGACY_FILE, "comtrade-legacy-22", "raw_legacy")
        assert con.execute(import_checks(plus.fmt, plus.raw, M49)).fetchone() == (0, 0, 7)
        assert con.execute(import_checks(legacy.fmt, legacy.raw, M49)).fetchone() == (0, 0, 4)
        bad = tmp_path / "bad.csv"
        bad.write_text(csv_text(PLUS_HEADER, [
            PLUS, with_(PLUS, period="1961", refYear="1961"), with_(PLUS, reporterCode="842"),
            with_(PLUS, flowCode="RX"), with_(PLUS, primaryValue="-5"), with_(PLUS, motCode="3200"), PLUS]),
            encoding="utf-8")
        staged = staged_import(con, bad, "comtrade-plus-47", "raw_bad")
        conds, key = import_conditions(staged.fmt, M49)
        flagged = [con.execute(f"select count(*) filter (where {c}) from {staged.raw}").fetchone()[0] for c in conds]
        assert sum(flagged) == 5
        assert con.execute(import_checks(staged.fmt, staged.raw, M49)).fetchone() == (5, 3, 7)  # 4 rows share one key
        # With no known country code the conditions are still valid SQL (no empty "in ()" list).
        for fmt, raw in ((plus.fmt, plus.raw), (legacy.fmt, legacy.raw)):
            conds, key = import_conditions(fmt, [])
            assert con.execute(f"select count(*) from {raw} where " + " or ".join(f"({c})" for c in conds)
                               ).fetchone()[0] in range(0, 8)
            assert con.execute(import_checks(fmt, raw, [])).fetchone()[1:] == (0, 7 if fmt == plus.fmt else 4)
    finally:
        con.close()


def test_prescreen_import_rows_match_the_row_by_row_ones():
    from etl.comtrade import load_import
    from etl.prescreen import import_rows_sql
    con = duckdb.connect()
    try:
        for path, fmt in ((PLUS_FILE, "comtrade-plus-47"), (LEGACY_FILE, "comtrade-legacy-22")):
            s = staged_import(con, path, fmt)
            cur = con.execute(import_rows_sql(s, M49))
            names = [d[0] for d in cur.description]
            fast = [dict(zip(names, r)) for r in cur.fetchall()]
            exact, problems = load_import(path, AREAS)
            assert problems == []
            assert fast == [{k: v for k, v in r.items() if k != "_line"} for r in exact["trade"]]
            assert len(fast) == s.rows
    finally:
        con.close()


# --- rows an export yields and lines it refuses, at the boundaries of each rule ---------------------

SIX = {"156": "CHN", "398": "KAZ", "417": "KGZ", "762": "TJK", "795": "TKM", "860": "UZB"}


def load_rows(tmp_path: Path, rows: list[dict], header: list[str] = PLUS_HEADER, name: str = "plus.csv",
              areas: dict[str, str] = SIX):
    from etl.comtrade import load_import
    path = tmp_path / name
    path.write_text(csv_text(header, rows), encoding="utf-8")
    result, problems = load_import(path, areas)
    return result, [(p.file.endswith(name), p.line, p.column, p.reason) for p in problems]


def trade_row(source_id: str, line: int, reporter: str, partner: str, period: tuple[date, date], flow: str,
              commodity: str, value: float) -> dict:
    return {"_line": line, "trade_id": f"{source_id}-{line}", "reporter_iso3": reporter, "partner_iso3": partner,
            "period_start": period[0], "period_end": period[1], "flow": flow, "commodity_code": commodity,
            "value_usd": value, "yoy_pct": None, "is_lower_bound": False, "confidence": "main",
            "source_id": source_id, "notes": None}


UNKNOWN_842 = ("unknown country code '842': not in countries.csv (filter the export to China and the five Central "
               "Asian states)")
FLOW_RX = "unknown trade flow 'RX'; expected import or export (M/X, or 1/2 in the legacy format)"


@pytest.mark.parametrize("change, column, reason", [
    (dict(refYear="1999"), "refYear", "year '1999' does not match period '2023'"),
    (dict(reporterCode="842"), "reporterCode", UNKNOWN_842),
    (dict(partnerCode="842"), "partnerCode", UNKNOWN_842),
    (dict(flowCode="RX"), "flowCode", FLOW_RX),
    (dict(classificationCode="S3"), "classificationCode", "classification 'S3' is not HS"),
    (dict(cmdCode="62034"), "cmdCode", "'62034' is not an HS code (2, 4 or 6 digits) or TOTAL"),
    (dict(primaryValue="-5.0"), "primaryValue", "negative value -5.0: trade values are never negative"),
    (dict(primaryValue="20000000000000"), "primaryValue",
     "20000000000000 is out of range: no trade figure exceeds US$ 1e+13"),
    (dict(primaryValue="n/a"), "primaryValue", "'n/a' is not a number"),
])
def test_two_identical_refused_lines_are_each_refused_and_not_called_duplicates(tmp_path, change, column, reason):
    """A refused line is skipped: the same refused line again is refused for the same reason, not as
    a duplicate of the first (whose key was never recorded)."""
    bad = with_(PLUS, **change)
    result, problems = load_rows(tmp_path, [bad, bad])
    assert result is None
    assert problems == [(True, 2, column, reason), (True, 3, column, reason)]


@pytest.mark.parametrize("change, column, reason", [
    (dict(refYear="1999"), "refYear", "year '1999' does not match period '2023'"),
    (dict(classificationCode="S3"), "classificationCode", "classification 'S3' is not HS"),
    (dict(primaryValue="-5.0"), "primaryValue", "negative value -5.0: trade values are never negative"),
    (dict(primaryValue="10000000000001"), "primaryValue",
     "10000000000001 is out of range: no trade figure exceeds US$ 1e+13"),
])
def test_a_refused_line_then_the_corrected_line_gives_one_problem(tmp_path, change, column, reason):
    result, problems = load_rows(tmp_path, [with_(PLUS, **change), PLUS])
    assert result is None
    assert problems == [(True, 2, column, reason)]


def test_legacy_lines_with_the_same_bad_flow_are_each_refused(tmp_path):
    bad = with_(LEGACY, **{"Trade Flow Code": "3"})
    result, problems = load_rows(tmp_path, [bad, bad], LEGACY_HEADER, "legacy.csv")
    reason = "unknown trade flow '3'; expected import or export (M/X, or 1/2 in the legacy format)"
    assert (result, problems) == (None, [(True, 2, "Trade Flow Code", reason), (True, 3, "Trade Flow Code", reason)])


def test_values_at_the_bounds_zero_fractions_and_the_maximum_load(tmp_path):
    """0, values under 1 and exactly US$ 1e13 are trade figures; only negatives and more than 1e13 are not."""
    values = ["0", "0.0", "0.5", "0.99", "1", "10000000000000", "10000000000000.0", "9999999999999.99"]
    rows = [with_(PLUS, cmdCode=f"{i + 1:02d}", cmdDesc=f"chapter {i + 1}") for i in range(len(values))]
    rows = [with_(r, primaryValue=v) for r, v in zip(rows, values)]
    result, problems = load_rows(tmp_path, rows)
    assert problems == []
    assert [(r["_line"], r["commodity_code"], r["value_usd"]) for r in result["trade"]] == [
        (2, "01", 0.0), (3, "02", 0.0), (4, "03", 0.5), (5, "04", 0.99), (6, "05", 1.0), (7, "06", 1e13),
        (8, "07", 1e13), (9, "08", 9999999999999.99)]
    assert result["source"]["notes"].startswith("comtrade-plus-47 export loaded from data/imports; 8 rows; ")


@pytest.mark.parametrize("value, reason", [
    ("-0.01", "negative value -0.01: trade values are never negative"),
    ("-1", "negative value -1: trade values are never negative"),
    ("10000000000000.01", "10000000000000.01 is out of range: no trade figure exceeds US$ 1e+13"),
    ("10000000000001", "10000000000001 is out of range: no trade figure exceeds US$ 1e+13"),
])
def test_values_just_past_the_bounds_are_refused(tmp_path, value, reason):
    result, problems = load_rows(tmp_path, [with_(PLUS, primaryValue=value)])
    assert (result, problems) == (None, [(True, 2, "primaryValue", reason)])


def test_m49_codes_match_with_leading_zeros_and_codes_ending_in_zero(tmp_path):
    """Reporter and partner codes are compared without leading zeros: 0156 is China; 860
    (Uzbekistan) keeps its trailing zero; 398, 762, 795 map to their ISO3 codes."""
    rows = [with_(PLUS, reporterCode="0156", partnerCode="860"),
            with_(PLUS, reporterCode="860", partnerCode="00156"),
            with_(PLUS, reporterCode="156", partnerCode="398"),
            with_(PLUS, reporterCode="762", partnerCode="0795")]
    result, problems = load_rows(tmp_path, rows)
    assert problems == []
    s = "comtrade-plus"
    assert result["trade"] == [
        trade_row(s, 2, "CHN", "UZB", Y2023, "export", "TOTAL", 19783000000.0),
        trade_row(s, 3, "UZB", "CHN", Y2023, "export", "TOTAL", 19783000000.0),
        trade_row(s, 4, "CHN", "KAZ", Y2023, "export", "TOTAL", 19783000000.0),
        trade_row(s, 5, "TJK", "TKM", Y2023, "export", "TOTAL", 19783000000.0),
    ]


@pytest.mark.parametrize("code, shown", [("X156", "X156"), ("1560", "1560"), ("86", "86"), ("0", "0"),
                                         ("000", "000"), ("", "")])
def test_a_country_code_that_is_not_the_m49_number_is_refused(tmp_path, code, shown):
    result, problems = load_rows(tmp_path, [with_(PLUS, partnerCode=code)])
    assert result is None
    assert problems == [(True, 2, "partnerCode", f"unknown country code '{shown}': not in countries.csv (filter "
                                                 "the export to China and the five Central Asian states)")]


def test_an_all_zero_or_empty_code_is_m49_code_0(tmp_path):
    """'000' and '' both read as M49 0 (World): with 0 in the countries they map to it (and so are
    the same partner: the second such line is a duplicate)."""
    areas = {**SIX, "0": "WLD"}
    rows = [with_(PLUS, partnerCode="000"), with_(PLUS, partnerCode="0", flowCode="M"),
            with_(PLUS, partnerCode="", flowCode="M")]
    result, problems = load_rows(tmp_path, rows, areas=areas)
    assert result is None
    assert problems == [(True, 4, "cmdCode", "duplicate row for the same reporter, partner, period, flow and "
                                             "commodity (first at line 3)")]
    result, problems = load_rows(tmp_path, rows[:2], areas=areas)
    assert problems == []
    assert [(r["partner_iso3"], r["flow"]) for r in result["trade"]] == [("WLD", "export"), ("WLD", "import")]


def test_lines_after_a_duplicate_are_still_checked(tmp_path):
    rows = [PLUS, PLUS, with_(PLUS_ROWS[1], flowCode="RX"), PLUS, with_(PLUS, primaryValue="-1")]
    result, problems = load_rows(tmp_path, rows)
    dup = "duplicate row for the same reporter, partner, period, flow and commodity (first at line 2)"
    assert result is None
    assert problems == [(True, 3, "cmdCode", dup), (True, 4, "flowCode", FLOW_RX), (True, 5, "cmdCode", dup),
                        (True, 6, "primaryValue", "negative value -1: trade values are never negative")]


def test_each_commodity_keeps_its_first_non_empty_description(tmp_path):
    rows = [with_(PLUS, cmdCode="620342", cmdDesc=""),
            with_(PLUS, cmdCode="620342", cmdDesc=TROUSERS, flowCode="M"),
            with_(PLUS, cmdCode="620342", cmdDesc="Trousers (renamed)", period="2024", refYear="2024"),
            with_(PLUS, cmdCode="870321", cmdDesc=""),
            with_(PLUS, cmdCode="total", cmdDesc="All Commodities"),
            with_(PLUS, cmdCode="TOTAL", cmdDesc="Everything", flowCode="M")]
    result, problems = load_rows(tmp_path, rows)
    assert problems == []
    assert result["commodities"] == {"620342": TROUSERS, "TOTAL": "All Commodities"}
    assert [(r["commodity_code"], r["flow"], r["period_start"]) for r in result["trade"]] == [
        ("620342", "export", Y2023[0]), ("620342", "import", Y2023[0]), ("620342", "export", Y2024[0]),
        ("870321", "export", Y2023[0]), ("TOTAL", "export", Y2023[0]), ("TOTAL", "import", Y2023[0])]


def test_a_monthly_legacy_export_yields_exact_rows(tmp_path):
    rows = [with_(LEGACY, Period="202402", **{"Period Desc.": "February 2024", "Year": "2024"}),
            with_(LEGACY, Period="202402", Year="2024", **{"Trade Flow Code": "2", "Reporter Code": "0860",
                                                            "Partner Code": "156", "Commodity Code": "26",
                                                            "Commodity": "Ores", "Trade Value (US$)": "0.5"}),
            with_(LEGACY, Period="2024", Year="2024", **{"Reporter Code": "398", "Trade Value (US$)": "0"})]
    result, problems = load_rows(tmp_path, rows, LEGACY_HEADER, "Legacy Feb 2024.csv")
    assert problems == []
    s, feb = "comtrade-legacy-feb-2024", (date(2024, 2, 1), date(2024, 2, 29))
    assert result["trade"] == [
        trade_row(s, 2, "KGZ", "CHN", feb, "import", "TOTAL", 2567000000.0),
        trade_row(s, 3, "UZB", "CHN", feb, "export", "26", 0.5),
        trade_row(s, 4, "KAZ", "CHN", Y2024, "import", "TOTAL", 0.0),
    ]
    assert result["commodities"] == {"TOTAL": "All Commodities", "26": "Ores"}


def test_prescreen_gives_curated_numbers_and_booleans_their_database_types():
    """Staged curated rows come out typed: floats, integers and booleans, not their text."""
    from etl.prescreen import stage_curated
    from etl.tables import TABLES
    types = {"float": float, "money": float, "pct": float, "int": int, "bool": bool}
    con = duckdb.connect()
    try:
        staged = stage_curated(con, CURATED)
        assert staged is not None
        seen = set()
        for table in TABLES:
            cur = con.execute(staged.insert_sql(table))
            assert [d[0] for d in cur.description] == [c.name for c in table.columns]
            for row in cur.fetchall():
                for col, value in zip(table.columns, row):
                    if col.kind in types and value is not None:
                        assert type(value) is types[col.kind], (table.name, col.name, value)
                        seen.add(col.kind)
        assert seen == set(types)
    finally:
        con.close()


def fixture_m49() -> list[tuple[str, str]]:
    with (CURATED / "countries.csv").open(encoding="utf-8-sig", newline="") as f:
        return [(r["m49_code"], r["iso3"]) for r in csv.DictReader(f) if r["m49_code"]]


def exports_beside_a_folder_and_a_lock_file(tmp_path: Path) -> Path:
    """An analyst's imports folder: the two fixture exports, a sub-folder of old files (sorted first)
    and the lock file LibreOffice leaves beside an open CSV (hidden)."""
    imports = tmp_path / "imports"
    imports.mkdir()
    for name in ("legacy_kgz_chn.csv", "plus_chn_kgz.csv"):
        (imports / name).write_bytes((IMPORTS / name).read_bytes())
    (imports / "0-old exports").mkdir()
    (imports / ".~lock.plus_chn_kgz.csv#").write_text(",analyst,host,27.11.2026 10:00,analyst;")
    return imports


def test_the_fast_path_stages_every_export_beside_a_folder_and_an_editors_lock_file(tmp_path):
    """An analyst's imports folder holds more than exports: a sub-folder of old files (sorted first)
    and the lock file LibreOffice leaves beside an open CSV. Neither may stop the exports after them
    from loading, nor send the whole folder down the slow path."""
    from etl import prescreen
    imports = exports_beside_a_folder_and_a_lock_file(tmp_path)
    staged = prescreen.stage_imports(duckdb.connect(), imports, fixture_m49())
    assert staged is not None
    assert [(s.path.name, s.fmt, s.rows) for s in staged] == [
        ("legacy_kgz_chn.csv", "comtrade-legacy-22", len(LEGACY_ROWS)),
        ("plus_chn_kgz.csv", "comtrade-plus-47", len(PLUS_ROWS))]


def test_an_empty_export_leaves_the_folder_to_the_row_by_row_path(tmp_path):
    from etl import prescreen
    imports = tmp_path / "imports"
    imports.mkdir()
    (imports / "empty.csv").write_bytes(b"")
    assert prescreen.stage_imports(duckdb.connect(), imports, fixture_m49()) is None


def test_the_fast_path_reads_padded_and_empty_cells_as_the_row_by_row_path_does(tmp_path):
    """Spaces around a value and empty optional cells (an export re-saved by a spreadsheet) are read
    trimmed and as '' by both paths: the fast path stages the file and gives the same trade row."""
    from etl import comtrade, prescreen
    imports = tmp_path / "imports"
    imports.mkdir()
    padded = with_(PLUS, primaryValue=f" {PLUS['primaryValue']} ", cmdCode=f" {PLUS['cmdCode']}", fobvalue="", qty="")
    export("plus.csv", [padded])(imports)
    con = duckdb.connect()
    staged = prescreen.stage_imports(con, imports, fixture_m49())
    assert staged is not None and [s.rows for s in staged] == [1]
    fast = con.execute(f"select partner_iso3, commodity_code, value_usd from ({prescreen.import_rows_sql(staged[0], fixture_m49())})").fetchall()
    results, problems = comtrade.load_imports(imports, dict(fixture_m49()))
    assert problems == []
    exact = [(r["partner_iso3"], r["commodity_code"], r["value_usd"]) for r in results[0]["trade"]]
    assert [(p, c, float(v)) for p, c, v in fast] == exact == [("KGZ", "TOTAL", float(PLUS["primaryValue"]))]


def test_the_row_by_row_path_loads_every_export_beside_a_folder_and_an_editors_lock_file(tmp_path):
    """The same imports folder read row by row: the lock file LibreOffice leaves beside an open CSV
    (hidden, sorted first) is passed over, not refused as a file that is not a CSV, and a sub-folder
    of old files sorted before the exports does not stop them from loading."""
    from etl import comtrade
    imports = exports_beside_a_folder_and_a_lock_file(tmp_path)
    results, problems = comtrade.load_imports(imports, dict(fixture_m49()))
    assert problems == []
    assert [(Path(r["path"]).name, len(r["trade"])) for r in results] == [
        ("legacy_kgz_chn.csv", len(LEGACY_ROWS)), ("plus_chn_kgz.csv", len(PLUS_ROWS))]


def test_the_fast_path_refuses_the_same_figure_in_two_exports_with_the_same_words(workspace):
    """Two exports, each clean on its own, holding the same figure: the fast path must not load it
    twice but leave the folder to the row-by-row path, which names the second file and its line."""
    export("a_first.csv", [PLUS, PLUS_ROWS[1]])(workspace.imports)
    export("b_again.csv", [PLUS_ROWS[1]])(workspace.imports)
    workspace.assert_fast_path_refuses_like_the_exact_one(("b_again.csv", 2, "-", "a_first.csv (line 3)"))
