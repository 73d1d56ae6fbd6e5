"""ETL tests: `python -m etl synth` writes inputs that the ETL builds as they are, with the requested
row counts and realistic shapes, byte for byte the same for the same seed.

A small run (500 events, 20,000 trade rows) into a temporary folder; the bundled data/curated is the base.
"""
from __future__ import annotations

import csv
import io
import re
from datetime import date
from pathlib import Path

import duckdb
import pytest

from etl.__main__ import main
from etl.comtrade import PLUS_HEADER
from etl.synth import MAX_TRADE_ROWS, PRODUCTS, TRADE_FILE, SynthError, allocate, generate
from etl.tables import EVENT_TYPES, TABLES
from tests.etl.conftest import first_build_note

ROOT = Path(__file__).resolve().parents[2]
BUNDLED = ROOT / "data" / "curated"
EVENTS, TRADE_ROWS, SEED = 500, 20_000, 3
APPENDED = {"sources", "events", "event_countries", "event_people", "event_sources"}
CENTRAL_ASIA = {"KAZ", "KGZ", "TJK", "TKM", "UZB"}


def rows_of(path: Path) -> list[dict]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"), newline="")))


def synth(out: Path, seed: int = SEED) -> str:
    log = io.StringIO()
    generate(EVENTS, TRADE_ROWS, out, seed, BUNDLED, log=log)
    return log.getvalue()


def files_of(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory):
    """(output folder, synth's log) of one small run."""
    out = tmp_path_factory.mktemp("synth") / "out"
    return out, synth(out)


@pytest.fixture(scope="module")
def built(synthetic, run_build):
    out, _ = synthetic
    db = out.parent / "monitor.duckdb"
    return run_build(out / "curated", out / "imports", db), db


@pytest.fixture(scope="module")
def con(built):
    connection = duckdb.connect(str(built[1]), read_only=True)
    yield connection
    connection.close()


def test_writes_every_curated_table_and_one_export(synthetic):
    out, log = synthetic
    assert sorted(files_of(out)) == sorted([f"curated/{t.name}.csv" for t in TABLES] + [f"imports/{TRADE_FILE}"])
    for table in TABLES:
        assert f"curated/{table.name}.csv" in log
    assert re.search(r"imports/comtrade_synth\.csv\s+20,000 rows", log)


def test_tables_without_synthetic_rows_are_the_bundled_bytes(synthetic):
    out, _ = synthetic
    for table in TABLES:
        if table.name not in APPENDED:
            assert (out / "curated" / f"{table.name}.csv").read_bytes() == (BUNDLED / f"{table.name}.csv").read_bytes()


def test_appended_tables_start_with_the_bundled_bytes(synthetic):
    out, _ = synthetic
    for name in APPENDED:
        bundled = (BUNDLED / f"{name}.csv").read_bytes()
        assert (out / "curated" / f"{name}.csv").read_bytes().startswith(bundled)


def test_export_has_the_comtrade_plus_header(synthetic):
    out, _ = synthetic
    with (out / "imports" / TRADE_FILE).open(encoding="utf-8", newline="") as f:
        assert next(csv.reader(f)) == PLUS_HEADER


def test_etl_builds_it_without_problems(built):
    result, db = built
    assert (result.code, result.err) == (0, first_build_note(db))


def test_counts_are_bundled_plus_synthetic(con):
    count = lambda table: con.execute(f"select count(*) from {table}").fetchone()[0]  # noqa: E731
    assert count("events") == len(rows_of(BUNDLED / "events.csv")) + EVENTS
    assert count("trade") == len(rows_of(BUNDLED / "trade.csv")) + TRADE_ROWS
    assert count("agreements") == len(rows_of(BUNDLED / "agreements.csv"))
    assert count("sources") == len(rows_of(BUNDLED / "sources.csv")) + 16 + 1   # 16 feeds, 1 import


def test_synthetic_events_have_the_promised_shape(con):
    events = con.execute("""
        select e.event_id, e.start_date, e.end_date, e.date_precision, e.event_type, e.place_id, e.title,
               (select list(country_iso3 order by country_iso3) from event_countries c where c.event_id = e.event_id),
               (select count(*) from event_people p where p.event_id = e.event_id),
               (select list(source_id) from event_sources s where s.event_id = e.event_id)
        from events e where e.event_id like 'syn-%' order by e.event_id""").fetchall()
    assert [e[0] for e in events] == [f"syn-{n:07d}" for n in range(1, EVENTS + 1)]
    for event_id, start, end, precision, _, _, title, countries, people, sources in events:
        assert date(2010, 1, 1) <= start <= end <= date(2025, 12, 31)
        assert precision == "day" and title.startswith("Synthetic ")
        assert "CHN" in countries
        assert 1 <= len(set(countries) & CENTRAL_ASIA) == len(countries) - 1 <= 3
        assert 0 <= people <= 2
        assert sources == [f"synthetic-feed-{start.year}"]
    assert {e[4] for e in events} == set(EVENT_TYPES)
    assert any(e[5] is None for e in events) and sum(e[5] in ("bishkek", "astana", "tashkent", "dushanbe",
                                                             "ashgabat", "beijing") for e in events) > EVENTS / 2
    per_year = {y: sum(e[1].year == y for e in events) for y in (2010, 2011, 2024, 2025)}
    assert per_year[2024] + per_year[2025] > 1.5 * (per_year[2010] + per_year[2011])


def test_synthetic_sources_say_they_are_synthetic(con):
    feeds = con.execute("select title, kind, notes from sources where source_id like 'synthetic-feed-%' "
                        "order by source_id").fetchall()
    assert [f[0] for f in feeds] == [f"Synthetic event feed {y}" for y in range(2010, 2026)]
    assert all(kind == "dataset" and notes.startswith("SYNTHETIC") for _, kind, notes in feeds)


def test_trade_covers_both_reporters_flows_and_frequencies(con):
    imported = "from trade where source_id = 'comtrade-comtrade-synth'"
    pairs = con.execute(f"select distinct reporter_iso3, partner_iso3 {imported}").fetchall()
    assert set(pairs) == {("CHN", c) for c in CENTRAL_ASIA} | {(c, "CHN") for c in CENTRAL_ASIA}
    assert {r for (r,) in con.execute(f"select distinct flow {imported}").fetchall()} == {"import", "export"}
    kinds = con.execute(f"select period_kind, min(period_start), max(period_end) {imported} group by 1 order by 1")
    assert kinds.fetchall() == [("month", date(2010, 1, 1), date(2025, 12, 31)),
                                ("year", date(2010, 1, 1), date(2025, 12, 31))]
    codes = con.execute(f"select count(distinct commodity_code), count(distinct left(commodity_code, 2)), "
                        f"bool_and(regexp_full_match(commodity_code, '\\d{{6}}')) {imported} "
                        f"and commodity_code <> 'TOTAL'").fetchone()
    assert codes[0] > 100 and codes[1] > 20 and codes[2]


def test_china_exports_more_than_it_imports(con):
    exports, imports = con.execute("""
        select sum(value_usd) filter (flow = 'export'), sum(value_usd) filter (flow = 'import')
        from trade where source_id = 'comtrade-comtrade-synth' and reporter_iso3 = 'CHN'
          and commodity_code = 'TOTAL' and period_kind = 'year'""").fetchone()
    assert exports > 1.2 * imports


def test_every_total_is_the_sum_of_its_product_lines(con):
    keys = con.execute("""
        select reporter_iso3, partner_iso3, period_start, period_end, flow,
               sum(value_usd) filter (commodity_code = 'TOTAL') as total,
               sum(value_usd) filter (commodity_code <> 'TOTAL') as lines,
               count(*) filter (commodity_code = 'TOTAL') as totals
        from trade where source_id = 'comtrade-comtrade-synth'
        group by all""").fetchall()
    assert len(keys) == 10 * 2 * (16 + 16 * 12)
    assert [k for k in keys if k[7] != 1 or k[5] != k[6]] == []
    sampled = con.execute("""
        select value_usd from trade where source_id = 'comtrade-comtrade-synth' and reporter_iso3 = 'KGZ'
          and flow = 'import' and period_start = date '2024-03-01' and period_kind = 'month'
        order by commodity_code = 'TOTAL', value_usd""").fetchall()
    assert len(sampled) > 2 and sum(v for (v,) in sampled[:-1]) == sampled[-1][0]


def test_same_seed_same_bytes_other_seed_differs(synthetic, tmp_path):
    out, _ = synthetic
    synth(tmp_path / "again")
    synth(tmp_path / "other", seed=SEED + 1)
    first, again, other = files_of(out), files_of(tmp_path / "again"), files_of(tmp_path / "other")
    assert again == first
    for name in ("curated/events.csv", "curated/event_countries.csv", f"imports/{TRADE_FILE}"):
        assert other[name] != first[name]


def test_rerun_into_the_same_folder_overwrites(synthetic, tmp_path):
    out = tmp_path / "out"
    generate(3, 10, out, SEED, BUNDLED, log=io.StringIO())
    synth(out)
    assert files_of(out) == files_of(synthetic[0])


@pytest.mark.parametrize("total", [2, 3, 4159, 8320, 8321, 20_000, MAX_TRADE_ROWS])
def test_allocate_gives_exactly_the_rows_asked(total):
    weights = [1.0 + (i % 7) * (i % 13) for i in range(4160)]
    lines = allocate(total, weights, PRODUCTS, seed=1)
    used = [k for k in lines if k]
    assert sum(lines) + len(used) == total
    assert all(1 <= k <= PRODUCTS for k in used)


def test_allocate_refuses_impossible_counts():
    for total in (1, MAX_TRADE_ROWS + 1):
        with pytest.raises(SynthError):
            allocate(total, [1.0] * 4160, PRODUCTS, seed=1)


def test_cli_refuses_a_folder_holding_other_files(tmp_path, capsys):
    (tmp_path / "imports").mkdir()
    (tmp_path / "imports" / "mine.csv").write_text("x\n")
    assert main(["synth", "--events", "1", "--trade-rows", "10", "--out", str(tmp_path)]) == 2
    assert "mine.csv" in capsys.readouterr().err
    assert (tmp_path / "imports" / "mine.csv").read_text() == "x\n"
