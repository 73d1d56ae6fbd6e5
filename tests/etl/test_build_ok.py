"""ETL tests: good inputs build, with the expected rows, types and exact values; builds are repeatable."""
from __future__ import annotations

import re
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import duckdb
import pytest

from etl.build import DB_TABLES, DERIVED_TABLES, SCHEMA_VERSION, build
from etl.vintages import HISTORY_TABLES
from etl.tables import TABLES
from tests.etl.conftest import first_build_note

ROOT = Path(__file__).resolve().parents[2]
CURATED = ROOT / "tests" / "fixtures" / "curated"

EXPECTED_COUNTS = {
    "countries": 6, "country_groups": 1, "sources": 9, "places": 7, "people": 5, "events": 5,
    "event_countries": 14, "event_people": 7, "event_sources": 6, "agreements": 2, "infrastructure": 1,
    "infrastructure_route": 3, "infrastructure_milestones": 3, "posts": 4, "partnerships": 3, "trade": 7,
    "trade_composition": 2,
    "commodities": 0, "vintages": 1, "changes": 0, "change_scope": 0,
}
# The DuckDB type each kind of column in etl/tables.py must arrive as.
TYPE_OF_KIND = {
    "id": "VARCHAR", "text": "VARCHAR", "enum": "VARCHAR", "date": "DATE", "float": "DOUBLE",
    "money": "DOUBLE", "pct": "DOUBLE", "int": "INTEGER", "bool": "BOOLEAN",
    "code_list": "VARCHAR[]", "text_list": "VARCHAR[]",
}


@pytest.fixture(scope="module")
def built(tmp_path_factory, run_build):
    """(result, db) of one in-process build of the fixture tables."""
    folder = tmp_path_factory.mktemp("build-ok")
    db = folder / "monitor.duckdb"
    return run_build(CURATED, folder / "no-imports", db), db


@pytest.fixture(scope="module")
def con(built):
    connection = duckdb.connect(str(built[1]), read_only=True)
    yield connection
    connection.close()


def column_types(con, table: str) -> dict[str, str]:
    return dict(con.execute(
        "select column_name, data_type from information_schema.columns where table_name = ? "
        "order by ordinal_position", [table]).fetchall())


def test_fixture_builds_without_problems(built):
    result, db = built
    assert (result.code, result.err) == (0, first_build_note(db))
    assert db.is_file()


def test_every_table_has_the_expected_row_count(con):
    tables = [r[0] for r in con.execute("select table_name from duckdb_tables() order by 1").fetchall()]
    assert tables == sorted(DB_TABLES + DERIVED_TABLES)
    counts = {t: con.execute(f'select count(*) from "{t}"').fetchone()[0] for t in EXPECTED_COUNTS}
    assert counts == EXPECTED_COUNTS


def info_of(db) -> dict[str, str]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return dict(con.execute("select key, value from build_info").fetchall())
    finally:
        con.close()


def test_summary_names_every_table_with_its_count(built):
    result, db = built
    lines = result.out.splitlines()
    assert re.fullmatch(rf"built {re.escape(str(db))} in \d+\.\d\d s", lines[0])
    assert lines[-1] == f"vintage {info_of(db)['vintage_id']}: the first of a new history"
    summary = {}
    for line in lines[1:-1]:
        m = re.fullmatch(r"  (\w+) +([\d,]+) rows", line)
        assert m, f"unexpected summary line {line!r}"
        summary[m[1]] = int(m[2].replace(",", ""))
    assert summary == EXPECTED_COUNTS


def test_build_info_records_the_inputs(con):
    info = dict(con.execute("select key, value from build_info").fetchall())
    assert info["schema_version"] == SCHEMA_VERSION == "6"
    assert info["input_files"] == "17"
    assert re.fullmatch(r"[0-9a-f]{64}", info["input_sha256"])


@pytest.mark.parametrize("table", TABLES, ids=lambda t: t.name)
def test_every_declared_column_arrives_with_its_type(con, table):
    types = column_types(con, table.name)
    expected = {c.name: TYPE_OF_KIND[c.kind] for c in table.columns}
    assert {name: types.get(name) for name in expected} == expected


SQL_TYPES = [
    ("events", "start_date", "DATE"),
    ("events", "end_date", "DATE"),
    ("sources", "published_date", "DATE"),
    ("infrastructure_milestones", "milestone_date", "DATE"),
    ("trade", "period_start", "DATE"),
    ("trade", "period_end", "DATE"),
    ("places", "lat", "DOUBLE"),
    ("places", "lon", "DOUBLE"),
    ("trade", "value_usd", "DOUBLE"),
    ("trade", "yoy_pct", "DOUBLE"),
    ("trade_composition", "value_usd", "DOUBLE"),
    ("countries", "is_central_asia", "BOOLEAN"),
    ("trade", "is_lower_bound", "BOOLEAN"),
    ("people", "aliases", "VARCHAR[]"),
    ("agreements", "parties", "VARCHAR[]"),
    ("infrastructure", "countries", "VARCHAR[]"),
    ("country_groups", "members", "VARCHAR[]"),
    ("countries", "m49_code", "INTEGER"),
    ("infrastructure_route", "seq", "INTEGER"),
    ("trade", "period_kind", "VARCHAR"),
    ("trade", "months", "INTEGER"),
]


@pytest.mark.parametrize("table, column, sql_type", SQL_TYPES, ids=[f"{t}.{c}" for t, c, _ in SQL_TYPES])
def test_column_types_match_etl_sql(con, table, column, sql_type):
    assert column_types(con, table)[column] == sql_type


# --- values arrive exactly: BOM, CRLF, quoted commas, embedded line break, Cyrillic and Chinese ------

def test_bom_file_loads_with_its_first_column(con):
    # countries.csv starts with a UTF-8 BOM: the first column must still be called iso3.
    rows = con.execute("select iso3, iso2, m49_code, name, name_local, is_central_asia from countries "
                       "order by iso3").fetchall()
    assert rows == [
        ("CHN", "CN", 156, "China", "中国", False),
        ("KAZ", "KZ", 398, "Kazakhstan", "Қазақстан", True),
        ("KGZ", "KG", 417, "Kyrgyzstan", "Кыргызстан", True),
        ("TJK", "TJ", 762, "Tajikistan", "Тоҷикистон", True),
        ("TKM", "TM", 795, "Turkmenistan", "Türkmenistan", True),
        ("UZB", "UZ", 860, "Uzbekistan", "Oʻzbekiston", True),
    ]


def test_crlf_file_loads_whole_rows_without_carriage_returns(con):
    assert b"\r\n" in (CURATED / "people.csv").read_bytes()  # the fixture really is CRLF
    rows = con.execute("select * from people order by person_id").fetchall()
    assert rows == [
        ("bakhtiyor_saidov", "Bakhtiyor Saidov", None, [], "UZB", "Minister of Foreign Affairs of Uzbekistan",
         "mfa-cn-20250425", None),
        ("murat_nurtleu", "Murat Nurtleu", "Мурат Нуртлеу", ["Nurtleu"], "KAZ",
         "Deputy Prime Minister and Minister of Foreign Affairs of Kazakhstan", "mfa-cn-20250425", None),
        ("sadyr_japarov", "Sadyr Japarov", "Садыр Жапаров", ["Japarov"], "KGZ", "President of Kyrgyzstan",
         "kabar-202412", None),
        ("wang_yi", "Wang Yi", "王毅", ["Wang"], "CHN", "Minister of Foreign Affairs of China",
         "mfa-cn-20251119", None),
        ("zheenbek_kulubaev", "Zheenbek Kulubaev", "Жээнбек Кулубаев",
         ["Jeenbek Kulubaev", "Kulubaev", "Kurubayev"], "KGZ", "Minister of Foreign Affairs of Kyrgyzstan",
         "globaltimes-20251120", "Spelled Zheenbek, Jeenbek and Kurubayev by different sources"),
    ]


def test_quoted_commas_and_embedded_line_break_arrive_exactly(con):
    rows = con.execute("select event_id, start_date, end_date, date_precision, title, place_id, summary, notes "
                       "from events order by event_id").fetchall()
    assert rows == [
        ("2024-06-06-cku-railway-agreement", date(2024, 6, 6), date(2024, 6, 6), "day",
         "China, Kyrgyzstan and Uzbekistan sign the railway agreement", "beijing",
         "Intergovernmental agreement on the China–Kyrgyzstan–Uzbekistan railway signed in Beijing.", None),
        ("2024-12-27-cku-construction-launch", date(2024, 12, 27), date(2024, 12, 27), "day",
         "Construction of the China–Kyrgyzstan–Uzbekistan railway launched", "jalal_abad",
         "Launch ceremony in the Jalal-Abad region.", None),
        ("2025-04-25-cn-kz-strategic-dialogue", date(2025, 4, 25), date(2025, 4, 25), "day",
         "Second China–Kazakhstan foreign ministers' strategic dialogue", "almaty",
         "Wang Yi and Murat Nurtleu held the second round of the dialogue.", None),
        ("2025-04-wang-yi-central-asia-visits", date(2025, 4, 1), date(2025, 4, 30), "month",
         "Wang Yi's visits to Kazakhstan, Uzbekistan and Kyrgyzstan", None,
         "Meetings with the foreign ministers of three Central Asian states.", None),
        ("2025-11-19-cn-kg-fm-strategic-dialogue", date(2025, 11, 19), date(2025, 11, 20), "day",
         "First China–Kyrgyzstan foreign ministers' strategic dialogue", "bishkek",
         "Wang Yi and Zheenbek Kulubaev held the first round of the dialogue in Bishkek.\n"
         "They covered the railway, the Bedel crossing and security cooperation.",
         "中文报道：王毅同库卢巴耶夫举行首次外长战略对话"),
    ]


def test_sources_keep_scripts_dates_and_self_references(con):
    rows = con.execute("select source_id, publisher, title, published_date, date_precision, language, "
                       "reprinted_in from sources where source_id in ('kabar-202412', 'mfa-cn-20250425', "
                       "'globaltimes-20251120', 'un-m49') order by source_id").fetchall()
    assert rows == [
        ("globaltimes-20251120", "Global Times",
         "China, Kyrgyzstan vow deeper cooperation on connectivity, security", date(2025, 11, 20), "day", "en",
         None),
        ("kabar-202412", "Кабар", "Начато строительство железной дороги Китай — Кыргызстан — Узбекистан",
         date(2024, 12, 1), "month", "ru", None),
        ("mfa-cn-20250425", "中华人民共和国外交部", "王毅同哈萨克斯坦副总理兼外长努尔特莱乌举行第二次中哈外长战略对话",
         date(2025, 4, 25), "day", "zh", "globaltimes-20251120"),
        ("un-m49", "United Nations Statistics Division",
         "Standard country or area codes for statistical use (M49)", None, None, "en", None),
    ]


def test_places_keep_coordinates_and_names(con):
    rows = con.execute("select place_id, name, name_local, country_iso3, kind, lat, lon, notes from places "
                       "where place_id in ('beijing', 'torugart', 'tashkent') order by place_id").fetchall()
    assert rows == [
        ("beijing", "Beijing", "北京", "CHN", "capital", 39.9139, 116.3917, None),
        ("tashkent", "Tashkent", "Toshkent", "UZB", "capital", 41.3111, 69.2797, None),
        ("torugart", "Torugart Pass", "Торугарт", "KGZ", "border_crossing", 40.5925, 75.4272,
         "On the border line, 3,752 m above sea level"),
    ]


def test_trade_rows_arrive_whole_with_nulls_not_nan(con):
    rows = con.execute(
        "select trade_id, reporter_iso3, partner_iso3, period_start, period_end, period_kind, months, flow, "
        "commodity_code, value_usd, yoy_pct, is_lower_bound, confidence, source_id, notes "
        "from trade order by trade_id").fetchall()
    y23, y24 = (date(2023, 1, 1), date(2023, 12, 31)), (date(2024, 1, 1), date(2024, 12, 31))
    assert rows == [
        ("t01", "CHN", "KGZ", *y23, "year", 12, "total", "TOTAL", 19.8e9, 27.9, False, "main", "gacc-2025", None),
        ("t02", "CHN", "KGZ", *y24, "year", 12, "total", "TOTAL", 22.7e9, 14.6, False, "main", "gacc-2025", None),
        ("t03", "KGZ", "CHN", *y23, "year", 12, "total", "TOTAL", 5.3e9, None, False, "low", "stat-kg-2025",
         "Kyrgyz figure, far below China's mirror figure"),
        ("t04", "KGZ", "CHN", *y24, "year", 12, "total", "TOTAL", 6100000000.5, 15.1, False, "low",
         "stat-kg-2025", None),
        ("t05", "CHN", "KGZ", date(2025, 1, 1), date(2025, 6, 30), "half_year", 6, "total", "TOTAL", 10.9e9,
         -3.2, False, "main", "gacc-2025", "half-year figure"),
        ("t06", "CHN", "CA5", *y24, "year", 12, "total", "TOTAL", 94.8e9, 5.4, True, "main", "gacc-2025",
         "lower bound: basis not stated"),
        ("t07", "CHN", "KGZ", date(2025, 1, 1), date(2025, 9, 30), "ytd", 9, "export", "TOTAL", 15.2e9, None,
         False, "main", "gacc-2025", "year to date"),
    ]


def test_optional_money_is_null_and_lists_are_lists(con):
    assert con.execute("select composition_id, commodity, value_usd, yoy_pct from trade_composition "
                       "order by 1").fetchall() == [
        ("c01", "ores, slag and ash", 1.2e9, None),
        ("c02", "clothing and textiles", None, 12.5),
    ]
    assert con.execute("select members from country_groups").fetchall() == [(["KAZ", "KGZ", "TJK", "TKM", "UZB"],)]
    assert con.execute("select agreement_id, parties, summary from agreements order by 1").fetchall() == [
        ("2024-06-06-cku-intergovernmental-agreement", ["CHN", "KGZ", "UZB"],
         "Sets out how the line is built and financed."),
        ("2025-11-19-cn-kg-joint-statement", ["CHN", "KGZ"], None),
    ]


def test_railway_route_and_milestones(con):
    assert con.execute("select seq, place_id from infrastructure_route where project_id = 'cku_railway' "
                       "order by seq").fetchall() == [(1, "kashgar"), (2, "torugart"), (3, "jalal_abad")]
    assert con.execute("select milestone_id, milestone_date, date_precision, date_basis, status, event_id "
                       "from infrastructure_milestones order by milestone_date").fetchall() == [
        ("cku-2024-06-06-agreement", date(2024, 6, 6), "day", "occurred", "agreed",
         "2024-06-06-cku-railway-agreement"),
        ("cku-2024-12-27-launch", date(2024, 12, 27), "day", "occurred", "under_construction",
         "2024-12-27-cku-construction-launch"),
        ("cku-2025-11-progress", date(2025, 11, 1), "month", "reported_by", "under_construction", None),
    ]


def test_no_text_value_keeps_a_carriage_return_or_surrounding_space(con):
    for table in DB_TABLES:
        for column, sql_type in column_types(con, table).items():
            if sql_type != "VARCHAR":
                continue
            bad = con.execute(f'select "{column}" from "{table}" where contains("{column}", chr(13)) '
                              f'or "{column}" <> trim("{column}")').fetchall()
            assert bad == [], f"{table}.{column}"


# --- period_kind: how a trade period is classified -------------------------------------------------

PERIOD_CASES = [
    # (id, period_start, period_end, period_kind, months)
    ("calendar-year", "2024-01-01", "2024-12-31", "year", 12),
    ("first-half", "2024-01-01", "2024-06-30", "half_year", 6),
    ("second-half-is-other", "2024-07-01", "2024-12-31", "other", 6),
    ("jan-sep-ytd", "2025-01-01", "2025-09-30", "ytd", 9),
    ("jan-feb-leap-ytd", "2024-01-01", "2024-02-29", "ytd", 2),
    ("jan-mar-ytd", "2024-01-01", "2024-03-31", "ytd", 3),
    ("jan-nov-ytd", "2024-01-01", "2024-11-30", "ytd", 11),
    ("march", "2024-03-01", "2024-03-31", "month", 1),
    ("january", "2024-01-01", "2024-01-31", "month", 1),
    ("leap-february", "2024-02-01", "2024-02-29", "month", 1),
    ("feb-28-of-leap-year-is-other", "2024-01-01", "2024-02-28", "other", 2),
    ("mid-month-start", "2024-01-15", "2024-12-31", "other", 12),
    ("single-day", "2024-05-09", "2024-05-09", "other", 1),
    ("april-june-quarter", "2024-04-01", "2024-06-30", "other", 3),
    ("fiscal-year-jul-jun", "2023-07-01", "2024-06-30", "other", 12),
    ("two-calendar-years", "2023-01-01", "2024-12-31", "other", 24),
    ("jan-to-next-june", "2023-01-01", "2024-06-30", "other", 18),
]


@pytest.fixture(scope="module")
def period_kinds(tmp_path_factory, run_build):
    """{trade_id: (period_kind, months)} from one build whose trade.csv holds every case."""
    folder = tmp_path_factory.mktemp("periods")
    curated = folder / "curated"
    shutil.copytree(CURATED, curated)
    lines = [(CURATED / "trade.csv").read_text(encoding="utf-8").splitlines()[0]]
    for case_id, start, end, _, _ in PERIOD_CASES:
        lines.append(f"{case_id},CHN,KGZ,{start},{end},total,TOTAL,1000,,false,main,gacc-2025,")
    (curated / "trade.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = run_build(curated, folder / "no-imports", folder / "monitor.duckdb")
    assert result.code == 0, result.err
    con = duckdb.connect(str(folder / "monitor.duckdb"), read_only=True)
    try:
        return {r[0]: (r[1], r[2]) for r in con.execute("select trade_id, period_kind, months from trade").fetchall()}
    finally:
        con.close()


@pytest.mark.parametrize("case_id, start, end, kind, months", PERIOD_CASES, ids=[c[0] for c in PERIOD_CASES])
def test_period_kind(period_kinds, case_id, start, end, kind, months):
    assert period_kinds[case_id] == (kind, months)


# --- the bundled data, repeatability, the command line ---------------------------------------------

@pytest.fixture(scope="module")
def bundled_db(tmp_path_factory, run_build):
    """The database built from the bundled data/curated and data/imports."""
    db = tmp_path_factory.mktemp("bundled") / "monitor.duckdb"
    result = run_build(ROOT / "data" / "curated", ROOT / "data" / "imports", db)
    assert (result.code, result.err) == (0, first_build_note(db)), result.err
    return db


ORPHANS = {
    "trade row without a known source":
        "select trade_id from trade where source_id not in (select source_id from sources)",
    "event without any source":
        "select event_id from events where event_id not in (select event_id from event_sources)",
    "event source that is not a source":
        "select event_id from event_sources where source_id not in (select source_id from sources)",
    "place without a known source":
        "select place_id from places where source_id not in (select source_id from sources)",
    "person without a known source":
        "select person_id from people where source_id not in (select source_id from sources)",
}


@pytest.mark.parametrize("which", ["fixture", "bundled"])
def test_every_trade_row_event_place_and_person_has_a_source(which, built, bundled_db):
    db = built[1] if which == "fixture" else bundled_db
    con = duckdb.connect(str(db), read_only=True)
    try:
        assert con.execute("select count(*) from events").fetchone()[0] > 0
        found = {what: con.execute(sql).fetchall() for what, sql in ORPHANS.items()}
    finally:
        con.close()
    assert found == {what: [] for what in ORPHANS}


def test_a_second_build_over_the_first_gives_identical_tables(built, tmp_path, run_build, table_rows):
    """Two builds of the same input give the same tables, and the second replaces the file atomically.
    The history tables are left out (table_rows): test_vintages.py checks that no vintage is added."""
    db = tmp_path / "monitor.duckdb"
    shutil.copyfile(built[1], db)
    inode = db.stat().st_ino
    assert run_build(CURATED, tmp_path / "no-imports", db).code == 0
    assert db.stat().st_ino != inode                       # a new file was moved into place
    first, second = table_rows(built[1]), table_rows(db)
    assert sorted(second) == sorted(set(DB_TABLES + DERIVED_TABLES) - set(HISTORY_TABLES))
    assert second == first
    assert sorted(p.name for p in tmp_path.iterdir()) == ["monitor.duckdb"]  # no temp or .wal file left


def test_command_line_build_returns_0(tmp_path):
    db = tmp_path / "out" / "monitor.duckdb"
    proc = subprocess.run(
        [sys.executable, "-m", "etl", "build", "--data-dir", str(CURATED),
         "--imports-dir", str(tmp_path / "no-imports"), "--db", str(db)],
        cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == first_build_note(db)
    assert proc.stdout.startswith(f"built {db} in ")
    assert "  events " in proc.stdout
    con = duckdb.connect(str(db), read_only=True)
    try:
        assert con.execute("select count(*) from events").fetchone()[0] == EXPECTED_COUNTS["events"]
    finally:
        con.close()


@pytest.mark.parametrize("curated, imports", [
    (ROOT / "tests" / "fixtures" / "curated", ROOT / "tests" / "fixtures" / "imports"),
    (ROOT / "data" / "curated", ROOT / "data" / "imports"),
], ids=["fixture-with-imports", "bundled-data"])
def test_fast_and_exact_paths_build_identical_tables(tmp_path, curated, imports):
    """The DuckDB fast path and the row-by-row path load the same rows, types and row order."""
    fast_db, exact_db = tmp_path / "fast.duckdb", tmp_path / "exact.duckdb"
    build(curated, imports, fast_db, fast=True)
    build(curated, imports, exact_db, fast=False)

    def physical(db):
        con = duckdb.connect(str(db), read_only=True)
        try:
            names = [r[0] for r in con.execute("select table_name from duckdb_tables() order by 1").fetchall()]
            tables = {n: (con.execute(f'select * from "{n}"').fetchall(),
                          con.execute(f"select column_name, data_type from duckdb_columns() where table_name = '{n}' "
                                      "order by column_index").fetchall())
                      for n in names if n not in ["build_info", *HISTORY_TABLES]}
            path = con.execute("select value from build_info where key = 'validation'").fetchone()[0]
            return tables, path
        finally:
            con.close()

    fast_tables, fast_path = physical(fast_db)
    exact_tables, exact_path = physical(exact_db)
    assert (fast_path, exact_path) == ("fast", "exact")
    assert fast_tables == exact_tables


def built_both_ways(curated: Path, imports: Path, tmp_path: Path, table_rows) -> tuple[dict, dict]:
    """The tables built from the same inputs by the fast path and by the row-by-row one, each with
    the path its build_info names as "validation" in place of the build_info rows."""
    built = []
    for name, fast in (("fast", True), ("exact", False)):
        build(curated, imports, tmp_path / f"{name}.duckdb", fast=fast)
        rows = table_rows(tmp_path / f"{name}.duckdb")
        rows["validation"] = dict(rows.pop("build_info"))["validation"]
        built.append(rows)
    return built[0], built[1]


def test_curated_by_the_fast_path_and_imports_row_by_row_build_the_same_tables(tmp_path, table_rows):
    """A Latin-1 export cannot be staged by DuckDB: the curated tables still take the fast path and the
    imports the row-by-row one (fast+exact-imports); each table loads both kinds of part at once."""
    imports = tmp_path / "imports"
    shutil.copytree(ROOT / "tests" / "fixtures" / "imports", imports)
    export = imports / "plus_chn_kgz.csv"
    export.write_bytes(export.read_text(encoding="utf-8").replace("All Commodities", "All Commodités")
                       .encode("latin-1"))
    mixed, exact = built_both_ways(ROOT / "tests" / "fixtures" / "curated", imports, tmp_path, table_rows)
    assert mixed.pop("validation") == "fast+exact-imports"
    assert exact.pop("validation") == "exact"
    assert mixed == exact
    assert any("Analyst import: plus_chn_kgz.csv" in row for row in mixed["sources"])   # the Latin-1 file loaded


def test_trade_is_stored_in_the_order_the_dashboard_lists_it(con):
    """etl/sql/load_trade.sql: trade rows are written in display order (seq), so a page of them reads
    the first row groups only (DuckDB keeps insertion order for a plain scan)."""
    stored = [r[0] for r in con.execute("select trade_id from trade").fetchall()]
    listed = [r[0] for r in con.execute(
        "select trade_id from trade order by period_start, reporter_iso3, partner_iso3, flow, commodity_code, "
        "trade_id").fetchall()]
    assert len(stored) > 5 and stored == listed and stored != sorted(stored)


def test_zero_padded_m49_codes_build_the_same_by_both_paths(tmp_path, table_rows):
    """The UN writes M49 codes zero-padded ("031" is Azerbaijan): a countries table written that way
    matches the numeric codes of the Comtrade exports on the fast path as on the row-by-row one
    (the fast path compared the text "0156" with 156 and refused every import)."""
    curated = tmp_path / "curated"
    shutil.copytree(ROOT / "tests" / "fixtures" / "curated", curated)
    countries = curated / "countries.csv"
    lines = countries.read_text(encoding="utf-8-sig").splitlines()
    header = lines[0].split(",")
    at = header.index("m49_code")
    padded = [lines[0]] + [",".join(c.zfill(4) if i == at else c for i, c in enumerate(line.split(",")))
                           for line in lines[1:]]
    countries.write_text("\n".join(padded) + "\n", encoding="utf-8")
    fast, exact = built_both_ways(curated, ROOT / "tests" / "fixtures" / "imports", tmp_path, table_rows)
    assert fast.pop("validation") == "fast"
    assert exact.pop("validation") == "exact"
    assert fast == exact
    assert any(r for r in fast["trade"] if "comtrade" in str(r))       # the imports loaded


def test_sql_quoting_doubles_the_quote_inside_a_name_or_a_text():
    """The fast path writes column names and literals into its SQL with these two: a quote inside
    must come out doubled, so that the SQL reads back the very text."""
    from etl.prescreen import lit, q
    assert lit("O'Brien") == "'O''Brien'"
    assert q('say "x"') == '"say ""x"""'
    text, name = "it's 'quoted'", 'col "1"'
    con = duckdb.connect()
    got = con.execute("select " + lit(text) + " as " + q(name))
    assert (got.fetchone(), got.description[0][0]) == ((text,), name)


def test_a_file_whose_first_64_kib_end_inside_a_character_takes_the_fast_path(tmp_path, table_rows):
    """The header is read from the first 64 KiB alone; when that cut falls inside a two-byte
    character (Cyrillic notes), the header is still read and the fast path builds the same tables."""
    curated = tmp_path / "curated"
    shutil.copytree(ROOT / "tests" / "fixtures" / "curated", curated)
    places = curated / "places.csv"
    data = places.read_bytes()
    note = "Узел на маршруте; координаты по карте"          # two bytes a letter

    def rows(pad: int) -> bytes:
        out, k = [], 0
        while len(data) + sum(map(len, out)) < 70_000:
            out.append(f"extra_{k:03d},Extra {k},,,KGZ,city,41.5,74.5,osm-coords,{'x' * pad if k == 0 else ''}{note}\n"
                       .encode())
            k += 1
        return b"".join(out)

    head = 1 << 16
    # The byte just after the cut continues a character begun before it (0x80-0xBF); one ASCII
    # letter of padding in the first added row moves everything after it by one byte.
    body = next(b for b in (data + rows(pad) for pad in range(200)) if 0x80 <= b[head] < 0xC0)
    places.write_bytes(body)
    with pytest.raises(UnicodeDecodeError):
        body[:head].decode("utf-8")
    fast, exact = built_both_ways(curated, ROOT / "tests" / "fixtures" / "imports", tmp_path, table_rows)
    assert (fast.pop("validation"), exact.pop("validation")) == ("fast", "exact")
    assert fast == exact
    assert sum("Extra " in str(r) for r in fast["places"]) == body.count(b"\nextra_")


@pytest.mark.parametrize("chunk", [1, 7, 1 << 24])
def test_scan_counts_line_feeds_across_its_chunks(tmp_path, monkeypatch, chunk):
    """scan reads a file in CHUNK-sized pieces (16 MiB): the count of line feeds and whether the file
    ends in one must not depend on where the pieces fall, nor a NUL byte go unseen in a later one."""
    from etl import prescreen
    monkeypatch.setattr(prescreen, "CHUNK", chunk)
    path = tmp_path / "f.csv"
    path.write_bytes(b"a,b\n1,2\n3,4\n5,6")
    assert prescreen.scan(path) == (True, 3, False)
    path.write_bytes(b"a,b\n1,2\n\n")
    assert prescreen.scan(path) == (True, 3, True)
    path.write_bytes(b"a,b\n1,2\n3,\x004\n")
    assert prescreen.scan(path)[0] is False
    path.write_bytes(b"")
    assert prescreen.scan(path) == (True, 0, False)


def test_values_and_dates_at_their_bounds_build_the_same_by_both_paths(tmp_path, table_rows):
    """Every range is inclusive: an event from the first day of 1900 to the last of 2100, a
    year-precision event over its whole year, a trade value of 0 and one of half a dollar, a latitude
    of 90 and a longitude of 180, 10000 documents signed, a route's 1000th stop all load, by the
    row-by-row path as by the fast one, and arrive as written."""
    curated = tmp_path / "curated"
    shutil.copytree(CURATED, curated)

    def edit(name: str, old: str, new: str) -> None:
        path = curated / name
        data = path.read_text(encoding="utf-8")
        assert data.count(old) == 1, f"{old!r} must occur once in {name}"
        path.write_text(data.replace(old, new), encoding="utf-8")

    edit("events.csv", "2024-12-27,2024-12-27,day", "1900-01-01,2100-12-31,day")
    edit("events.csv", "2025-04-01,2025-04-30,month", "2025-01-01,2025-12-31,year")
    edit("trade.csv", ",19800000000,", ",0,")
    edit("trade.csv", ",22700000000,", ",0.5,")
    edit("trade.csv", ",-3.2,", ",-100,")
    edit("places.csv", ",43.2775,", ",90,")
    edit("places.csv", ",116.3917,", ",180,")
    edit("agreements.csv", ",xinhua-20240606,", ",xinhua-20240606,10000")
    edit("infrastructure_route.csv", "cku_railway,3,", "cku_railway,1000,")
    fast, exact = built_both_ways(curated, tmp_path / "no-imports", tmp_path, table_rows)
    assert (fast.pop("validation"), exact.pop("validation")) == ("fast", "exact")
    assert fast == exact
    con = duckdb.connect(str(tmp_path / "exact.duckdb"), read_only=True)
    try:
        one = lambda sql: con.execute(sql).fetchall()  # noqa: E731
        assert one("select start_date, end_date, date_precision from events where event_id in "
                   "('2024-12-27-cku-construction-launch', '2025-04-wang-yi-central-asia-visits') order by 1") == [
            (date(1900, 1, 1), date(2100, 12, 31), "day"), (date(2025, 1, 1), date(2025, 12, 31), "year")]
        assert one("select trade_id, value_usd from trade where trade_id in ('t01', 't02') order by 1") == [
            ("t01", 0.0), ("t02", 0.5)]
        assert one("select yoy_pct from trade where trade_id = 't05'") == [(-100.0,)]
        assert one("select place_id, lat, lon from places where place_id in ('almaty', 'beijing') order by 1") == [
            ("almaty", 90.0, 76.8958), ("beijing", 39.9139, 180.0)]
        assert one("select max(documents_count) from agreements") == [(10000,)]
        assert one("select max(seq) from infrastructure_route") == [(1000,)]
    finally:
        con.close()


def test_an_export_without_a_final_line_break_takes_the_fast_path(tmp_path, table_rows):
    """An export whose last row has no line break after it (as some editors save it) holds as many
    rows as one that ends in a break: the fast path stages it, with the same line numbers in the
    trade ids, and builds the same tables as the row-by-row path."""
    imports = tmp_path / "imports"
    shutil.copytree(ROOT / "tests" / "fixtures" / "imports", imports)
    export = imports / "plus_chn_kgz.csv"
    export.write_bytes(export.read_bytes().rstrip(b"\n"))
    assert not export.read_bytes().endswith(b"\n")
    assert (imports / "legacy_kgz_chn.csv").read_bytes().endswith(b"\n")
    fast, exact = built_both_ways(CURATED, imports, tmp_path, table_rows)
    assert (fast.pop("validation"), exact.pop("validation")) == ("fast", "exact")
    assert fast == exact
    assert sum("comtrade-plus-chn-kgz-" in str(r[0]) for r in fast["trade"]) == 7      # every row, the last too


def test_an_empty_optional_table_without_a_line_break_takes_the_fast_path(tmp_path, table_rows):
    """posts.csv may hold no rows: its header alone, with no line break after it (no line feed in
    the whole file), still takes the fast path and builds what the row-by-row path builds."""
    curated = tmp_path / "curated"
    shutil.copytree(CURATED, curated)
    posts = curated / "posts.csv"
    posts.write_bytes(posts.read_bytes().split(b"\n")[0])
    assert b"\n" not in posts.read_bytes()
    fast, exact = built_both_ways(curated, tmp_path / "no-imports", tmp_path, table_rows)
    assert (fast.pop("validation"), exact.pop("validation")) == ("fast", "exact")
    assert fast == exact
    assert fast["posts"] == []


def test_hidden_files_beside_the_curated_tables_keep_the_fast_path(tmp_path, table_rows):
    """The Finder's .DS_Store and the lock file LibreOffice leaves beside an open table are not
    tables: both paths pass over them, and the fast path is still taken."""
    curated = tmp_path / "curated"
    shutil.copytree(CURATED, curated)
    (curated / ".DS_Store").write_bytes(b"\x00\x00\x00\x01Bud1")
    (curated / ".~lock.events.csv#").write_text(",analyst,host,27.11.2026 10:00,analyst;")
    fast, exact = built_both_ways(curated, tmp_path / "no-imports", tmp_path, table_rows)
    assert (fast.pop("validation"), exact.pop("validation")) == ("fast", "exact")
    assert fast == exact
