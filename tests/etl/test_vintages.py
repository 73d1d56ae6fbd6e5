"""ETL tests: vintages and row-level changes. Edit, add and remove rows in a copy of the fixture
tables (and of an import), rebuild over the previous database, and find exactly those changes."""
from __future__ import annotations

import csv
import json
import shutil
from datetime import date
from pathlib import Path

import duckdb
import pytest

from etl.build import SCHEMA_VERSION

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures"


def read_csv(path: Path) -> tuple[list[str], list[dict]]:
    with path.open(newline="", encoding="utf-8") as f:
        reader = csv.DictReader(f)
        return list(reader.fieldnames), list(reader)


def write_csv(path: Path, header: list[str], rows: list[dict]) -> None:
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=header, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def edit(path: Path, fn) -> None:
    """Rewrite a CSV with fn(rows) -> rows."""
    header, rows = read_csv(path)
    write_csv(path, header, fn(rows))


def query(db: Path, sql: str, params=None) -> list[tuple]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql, params or []).fetchall()
    finally:
        con.close()


def info(db: Path) -> dict[str, str]:
    return dict(query(db, "select key, value from build_info"))


def changes(db: Path, vintage: str | None = None) -> set[tuple]:
    """(table, key, kind, column, old, new) of one vintage (default: the database's own)."""
    vintage = vintage or info(db)["vintage_id"]
    return set(query(db, "select table_name, row_key, change_kind, column_name, old_value, new_value "
                         "from changes where vintage_id = ?", [vintage]))


@pytest.fixture
def ws(tmp_path):
    """A copy of the fixture tables, an empty imports folder and a database path (not built)."""
    curated = tmp_path / "curated"
    shutil.copytree(FIXTURES / "curated", curated)
    imports = tmp_path / "imports"
    imports.mkdir()
    return curated, imports, tmp_path / "db" / "monitor.duckdb"


def test_first_build_starts_an_empty_history(ws, run_build):
    curated, imports, db = ws
    result = run_build(curated, imports, db)
    assert result.code == 0
    assert result.err == f"note: no previous database at {db}: a new history starts\n"
    meta = info(db)
    vintage = meta["input_sha256"][:12]
    assert meta["vintage_id"] == vintage
    assert query(db, "select vintage_id, inputs_hash, parent_id from vintages") == [
        (vintage, meta["input_sha256"], None)]
    assert query(db, "select count(*) from changes") == [(0,)]
    assert query(db, "select count(*) from change_scope") == [(0,)]
    assert result.out.splitlines()[-1] == f"vintage {vintage}: the first of a new history"


def test_unchanged_rebuild_adds_no_vintage_and_no_changes(ws, run_build):
    curated, imports, db = ws
    run_build(curated, imports, db)
    before = query(db, "select * from vintages")
    result = run_build(curated, imports, db)
    assert (result.code, result.err) == (0, "")
    assert query(db, "select * from vintages") == before
    assert query(db, "select count(*) from changes") == [(0,)]
    assert result.out.splitlines()[-1] == f"vintage {before[0][0]}: inputs unchanged, no new vintage"


def test_edits_additions_and_removals_are_found_with_old_and_new_values(ws, run_build):
    curated, imports, db = ws
    run_build(curated, imports, db)
    first = info(db)["vintage_id"]

    def trade(rows):
        for r in rows:
            if r["trade_id"] == "t02":      # a revised figure: new value, new source
                r.update(value_usd="22710000000", source_id="stat-kg-2025")
        rows = [r for r in rows if r["trade_id"] != "t07"]
        return rows + [{**rows[0], "trade_id": "t08", "source_id": "stat-kg-2025", "value_usd": "19900000000",
                        "notes": "another source's figure for 2023"}]
    edit(curated / "trade.csv", trade)
    edit(curated / "events.csv", lambda rows: [
        {**r, "title": "Railway agreement signed"} if r["event_id"] == "2024-06-06-cku-railway-agreement" else r
        for r in rows])
    edit(curated / "event_countries.csv", lambda rows: [
        r for r in rows if (r["event_id"], r["country_iso3"]) != ("2024-06-06-cku-railway-agreement", "CHN")])
    edit(curated / "event_people.csv", lambda rows: [
        {**r, "role_at_event": "Foreign Minister"} if (r["event_id"], r["person_id"]) == (
            "2025-04-wang-yi-central-asia-visits", "wang_yi") else r for r in rows])
    edit(curated / "people.csv", lambda rows: rows + [{
        "person_id": "xi_jinping", "name": "Xi Jinping", "name_local": "习近平", "aliases": "Xi",
        "country_iso3": "CHN", "role": "President of China", "source_id": "mfa-cn-20251119", "notes": ""}])
    edit(curated / "places.csv", lambda rows: [r for r in rows if r["place_id"] != "tashkent"])

    result = run_build(curated, imports, db)
    assert (result.code, result.err) == (0, ""), result.err
    second = info(db)["vintage_id"]
    assert second != first
    assert query(db, "select vintage_id, parent_id from vintages order by built_at") == [
        (first, None), (second, first)]
    assert result.out.splitlines()[-1].startswith(
        f"vintage {second} (after {first}): 2 rows added, 3 changed, 2 removed (compared in ")

    found = changes(db)
    added = {c for c in found if c[2] == "added"}
    removed = {c for c in found if c[2] == "removed"}
    changed = found - added - removed
    assert changed == {
        ("trade", "t02", "changed", "value_usd", "22700000000.0", "22710000000.0"),
        ("trade", "t02", "changed", "source_id", "gacc-2025", "stat-kg-2025"),
        ("events", "2024-06-06-cku-railway-agreement", "changed", "title",
         "China, Kyrgyzstan and Uzbekistan sign the railway agreement", "Railway agreement signed"),
        ("events", "2024-06-06-cku-railway-agreement", "changed", "countries",
         '["CHN","KGZ","UZB"]', '["KGZ","UZB"]'),
        ("events", "2025-04-wang-yi-central-asia-visits", "changed", "people",
         '[{"person_id":"bakhtiyor_saidov","role_at_event":"Uzbek Foreign Minister"},'
         '{"person_id":"wang_yi","role_at_event":null}]',
         '[{"person_id":"bakhtiyor_saidov","role_at_event":"Uzbek Foreign Minister"},'
         '{"person_id":"wang_yi","role_at_event":"Foreign Minister"}]'),
    }
    assert {(c[0], c[1], c[3], c[4]) for c in added} == {("trade", "t08", None, None), ("people", "xi_jinping", None, None)}
    new_rows = {c[1]: json.loads(c[5]) for c in added}
    assert new_rows["t08"] == {
        "trade_id": "t08", "reporter_iso3": "CHN", "partner_iso3": "KGZ", "period_start": "2023-01-01",
        "period_end": "2023-12-31", "flow": "total", "commodity_code": "TOTAL", "value_usd": 19900000000.0,
        "yoy_pct": 27.9, "is_lower_bound": False, "confidence": "main", "source_id": "stat-kg-2025",
        "notes": "another source's figure for 2023"}
    assert new_rows["xi_jinping"]["aliases"] == ["Xi"]
    assert {(c[0], c[1], c[3], c[5]) for c in removed} == {("trade", "t07", None, None), ("places", "tashkent", None, None)}
    old_rows = {c[1]: json.loads(c[4]) for c in removed}
    assert old_rows["t07"]["value_usd"] == 15200000000.0 and old_rows["t07"]["notes"] == "year to date"
    assert old_rows["tashkent"] == {
        "place_id": "tashkent", "name": "Tashkent", "name_local": "Toshkent", "aliases": [],
        "country_iso3": "UZB", "kind": "capital", "lat": 41.3111, "lon": 69.2797, "source_id": "osm-coords",
        "notes": None}

    # What the dashboard filters on: a changed row's countries before and after, a removed row's own.
    scope = {(r[0], r[1]): r[2:] for r in query(
        db, "select table_name, row_key, change_kind, countries, first_date, last_date from change_scope "
            "where vintage_id = ?", [second])}
    assert {k: v[0] for k, v in scope.items()} == {
        ("trade", "t02"): "changed", ("trade", "t07"): "removed", ("trade", "t08"): "added",
        ("events", "2024-06-06-cku-railway-agreement"): "changed",
        ("events", "2025-04-wang-yi-central-asia-visits"): "changed",
        ("people", "xi_jinping"): "added", ("places", "tashkent"): "removed"}
    assert scope[("events", "2024-06-06-cku-railway-agreement")][1] == ["CHN", "KGZ", "UZB"]
    assert scope[("trade", "t07")][1:] == (["CHN", "KGZ"], date(2025, 1, 1), date(2025, 9, 30))
    assert scope[("places", "tashkent")][1:] == (["UZB"], None, None)


def test_history_is_carried_forward_and_returning_inputs_get_a_new_vintage(ws, run_build):
    curated, imports, db = ws
    run_build(curated, imports, db)
    v1 = info(db)["vintage_id"]
    original = (curated / "trade.csv").read_text()
    edit(curated / "trade.csv", lambda rows: [{**r, "yoy_pct": "15"} if r["trade_id"] == "t02" else r for r in rows])
    run_build(curated, imports, db)
    v2 = info(db)["vintage_id"]
    (curated / "trade.csv").write_text(original)
    result = run_build(curated, imports, db)
    v3 = info(db)["vintage_id"]
    assert v3 == f"{v1}-2"                        # the same inputs as v1, after others
    assert result.out.splitlines()[-1].startswith(f"vintage {v3} (after {v2}): 0 rows added, 1 changed, 0 removed")
    assert query(db, "select vintage_id, parent_id from vintages order by built_at") == [
        (v1, None), (v2, v1), (v3, v2)]
    assert changes(db, v2) == {("trade", "t02", "changed", "yoy_pct", "14.6", "15.0")}
    assert changes(db, v3) == {("trade", "t02", "changed", "yoy_pct", "15.0", "14.6")}


def test_an_edited_import_line_is_a_changed_row(ws, run_build):
    """An import's rows are keyed comtrade-<file>-<line>: an edited line is a changed row."""
    curated, imports, db = ws
    export = imports / "legacy_kgz_chn.csv"
    shutil.copyfile(FIXTURES / "imports" / "legacy_kgz_chn.csv", export)
    run_build(curated, imports, db)
    export.write_text(export.read_text().replace(",95000000,", ",96000000,"))   # line 3: exports, 2019
    result = run_build(curated, imports, db)
    assert (result.code, result.err) == (0, ""), result.err
    assert changes(db) == {("trade", "comtrade-legacy-kgz-chn-3", "changed", "value_usd", "95000000.0", "96000000.0")}


def test_import_lines_dropped_and_appended_at_the_end(ws, run_build):
    """The last line dropped is a removed row (its whole row kept); appended again, an added one."""
    curated, imports, db = ws
    export = imports / "legacy_kgz_chn.csv"
    shutil.copyfile(FIXTURES / "imports" / "legacy_kgz_chn.csv", export)
    run_build(curated, imports, db)
    lines = export.read_text().splitlines(keepends=True)
    export.write_text("".join(lines[:4]))
    run_build(curated, imports, db)
    removed = changes(db)
    assert {c[:4] for c in removed} == {("trade", "comtrade-legacy-kgz-chn-5", "removed", None)}
    assert json.loads(next(iter(removed))[4])["value_usd"] == 6500000.0
    export.write_text("".join(lines))
    run_build(curated, imports, db)
    added = changes(db)
    assert {c[:4] for c in added} == {("trade", "comtrade-legacy-kgz-chn-5", "added", None)}
    assert json.loads(next(iter(added))[5])["commodity_code"] == "870321"


def test_fast_and_exact_paths_record_the_same_changes(ws, run_build):
    curated, imports, db = ws
    run_build(curated, imports, db)
    base = db.read_bytes()
    edit(curated / "trade.csv", lambda rows: [r for r in rows if r["trade_id"] != "t03"])
    run_build(curated, imports, db, fast=True)
    fast = changes(db)
    db.write_bytes(base)
    run_build(curated, imports, db, fast=False)
    assert changes(db) == fast and len(fast) == 1


@pytest.mark.parametrize("garbage", [b"", b"not a database at all\n" * 100, b"DUCK" + bytes(range(256)) * 64])
def test_a_corrupt_previous_database_is_kept_aside_and_the_build_goes_on(ws, run_build, garbage):
    curated, imports, db = ws
    db.parent.mkdir()
    db.write_bytes(garbage)
    result = run_build(curated, imports, db)
    assert result.code == 0, result.err
    kept = [p for p in db.parent.iterdir() if p.name.startswith("monitor.duckdb.unreadable-")]
    assert len(kept) == 1 and kept[0].read_bytes() == garbage
    assert result.err.startswith(f"note: the previous database {db} cannot be read (")
    assert result.err.endswith(f"); it is kept as {kept[0].name} and a new history starts\n")
    assert len(result.err.splitlines()) == 1
    assert query(db, "select count(*) from vintages") == [(1,)]
    assert query(db, "select count(*) from changes") == [(0,)]


def test_a_refused_build_keeps_no_file_aside(ws, run_build):
    curated, imports, db = ws
    db.parent.mkdir()
    db.write_bytes(b"garbage")
    edit(curated / "trade.csv", lambda rows: [{**rows[0], "value_usd": "-1"}])
    assert run_build(curated, imports, db).code == 1
    assert sorted(p.name for p in db.parent.iterdir()) == ["monitor.duckdb"]
    assert db.read_bytes() == b"garbage"


def older(db: Path, version: str, with_history: bool) -> None:
    con = duckdb.connect(str(db))
    try:
        con.execute("update build_info set value = ? where key = 'schema_version'", [version])
        if not with_history:
            for name in ("change_scope", "changes", "vintages"):
                con.execute(f"drop table {name}")
    finally:
        con.close()


def test_an_older_schema_starts_a_new_history(ws, run_build):
    curated, imports, db = ws
    run_build(curated, imports, db)
    older(db, "4", with_history=False)
    edit(curated / "trade.csv", lambda rows: rows[1:])
    result = run_build(curated, imports, db)
    assert result.code == 0
    assert result.err == (f"note: the previous database {db} is schema 4, this build writes schema {SCHEMA_VERSION}: "
                          "its rows are not compared and a new history starts\n")
    assert sorted(p.name for p in db.parent.iterdir()) == ["monitor.duckdb"]    # no history lost: it had none
    assert query(db, "select count(*), count(parent_id) from vintages") == [(1, 0)]
    assert query(db, "select count(*) from changes") == [(0,)]


def test_another_schema_with_a_history_keeps_that_file(ws, run_build):
    curated, imports, db = ws
    run_build(curated, imports, db)
    older(db, "99", with_history=True)
    result = run_build(curated, imports, db)
    assert result.code == 0
    kept = [p for p in db.parent.iterdir() if p.name != "monitor.duckdb"]
    assert len(kept) == 1 and kept[0].name.startswith("monitor.duckdb.schema99-")
    assert result.err == (f"note: the previous database {db} is schema 99, this build writes schema "
                          f"{SCHEMA_VERSION}: its rows are not compared and a new history starts; its history "
                          f"is kept in {kept[0].name}\n")
    assert query(kept[0], "select count(*) from vintages") == [(1,)]
