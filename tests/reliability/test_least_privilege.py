"""Least privilege: the app reads the database and can write nothing, anywhere.

dashboard.db.connect attaches the file read-only to an in-memory DuckDB with external access off:
every statement that would change the database file, write or read another file, attach a
database file, or install or load an extension fails, both on a fresh connection and on the
connection the app caches (dashboard.ui). What a connection may still do is create temporary
objects in memory, which vanish with it. A syntax walk shows that dashboard/, pages/ and app.py hold
no statement that writes, in .sql files or string literals, besides the read-only attach itself.
"""
from __future__ import annotations

import ast
import re
import shutil
from pathlib import Path

import duckdb
import pytest

from dashboard import queries
from dashboard.ui import data as ui
from dashboard.db import connect
from tests.reliability.reltools import ROOT, sha256


def writes(tmp: Path) -> list[str]:
    """Statements that would change the database or write a file (under `tmp`)."""
    return [
        "insert into events (event_id) values ('x')",
        "update places set lat = 0",
        "delete from trade",
        "create table scratch (a int)",
        "create or replace view v as select 1",
        "create macro m(a) as a",
        "drop table events",
        "alter table events add column x int",
        "create table memory.main.scratch (a int)",
        f"attach '{tmp / 'other.duckdb'}' as other",
        f"copy events to '{tmp / 'events.csv'}'",
        f"copy (select 1) to '{tmp / 'one.parquet'}' (format parquet)",
        f"export database '{tmp / 'export'}'",
        f"select * from read_csv('{ROOT / 'tests' / 'fixtures' / 'curated' / 'events.csv'}')",
        "install spatial",
        "load spatial",
        "set enable_external_access = true",
        "detach monitor",
    ]


@pytest.fixture
def db_copy(tmp_path, fixture_db) -> Path:
    db = tmp_path / "db" / "monitor.duckdb"
    db.parent.mkdir()
    shutil.copy(fixture_db, db)
    return db


def attempt_all(con, tmp: Path) -> list[str]:
    """The statements that did NOT fail."""
    succeeded = []
    for sql in writes(tmp):
        try:
            con.execute(sql)
        except duckdb.Error:
            continue
        succeeded.append(sql)
    return succeeded


def assert_nothing_written(db: Path, before: str, tmp: Path) -> None:
    assert sha256(db) == before
    assert sorted(p.name for p in db.parent.iterdir()) == [db.name]
    assert sorted(p.name for p in tmp.iterdir()) == []


def test_a_connection_from_dashboard_db_cannot_write(db_copy, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    before = sha256(db_copy)
    con = connect(db_copy)
    try:
        assert attempt_all(con, out) == []
        assert attempt_all(con.cursor(), out) == []                # a query's own cursor, as db.query uses
        assert con.execute("select count(*) from events").fetchone() == (5,)   # and it still reads
        con.execute("create temp table scratch as select 1 as a")  # memory only: allowed, gone at close
    finally:
        con.close()
    assert_nothing_written(db_copy, before, out)


def test_the_connection_the_app_caches_cannot_write(db_copy, tmp_path, monkeypatch):
    out = tmp_path / "out"
    out.mkdir()
    before = sha256(db_copy)
    monkeypatch.setenv("MONITOR_DB", str(db_copy))
    ui._connection.clear()
    try:
        con = ui._connection(ui.db_key())
        assert attempt_all(con, out) == []
        assert ui.load(queries.date_extent()).shape[0] == 1                 # the app's own reads still work
    finally:
        ui._connection.clear()
    assert_nothing_written(db_copy, before, out)


# ---------------------------------------------------------------- no write statement in the code

WRITE_SQL = re.compile(r"""
      \binsert\s+(or\s+\w+\s+)?into\b
    | \bupdate\s+[\w."]+\s+set\b
    | \bdelete\s+from\b
    | \btruncate\s+(table\s+)?[\w."]+\s*(;|$)
    | \b(create|drop|alter)\s+(or\s+replace\s+)?((temp|temporary|persistent|unique)\s+)?
          (table|view|index|schema|macro|function|sequence|type|secret|database)\b
    | \bcopy\s+.+?\s(to|from)\s+['"$?]
    | \b(export|import)\s+database\b
    | (^|;)\s*(force\s+)?(install|load)\s+[\w.'"]+\s*(from\s+\S+\s*)?(;|$)
    | (^|;)\s*attach\s+(database\s+)?(if\s+not\s+exists\s+)?['"?$]
    | (^|;)\s*detach\s+(database\s+)?(if\s+exists\s+)?[\w"]+\s*(;|$)
    | (^|;)\s*(checkpoint|vacuum)(\s+[\w"]+)?\s*(;|$)
""", re.IGNORECASE | re.VERBOSE | re.DOTALL)

# The one write-like statement the app may hold: how dashboard.db.connect opens the file read-only
# (and removes the writable in-memory catalog it starts with).
ALLOWED = {
    ("dashboard/db.py", "attach ? as monitor (read_only)"),
    ("dashboard/db.py", "detach memory"),
}


def strip_sql_comments(text: str) -> str:
    return re.sub(r"--[^\n]*", "", text)


def literals(source: str) -> list[str]:
    """Every string literal of a module; an f-string with each {...} as x."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.JoinedStr):
            found.append("".join(v.value if isinstance(v, ast.Constant) else "x" for v in node.values))
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            found.append(node.value)
    return found


def app_files() -> list[Path]:
    return sorted([ROOT / "app.py", *(ROOT / "dashboard").rglob("*.py"), *(ROOT / "dashboard").rglob("*.sql"),
                   *(ROOT / "pages").rglob("*.py"), *(ROOT / "pages").rglob("*.sql")])


def write_statements() -> list[tuple[str, str]]:
    found = []
    for path in app_files():
        rel = path.relative_to(ROOT).as_posix()
        text = path.read_text(encoding="utf-8")
        texts = [strip_sql_comments(text)] if path.suffix == ".sql" else literals(text)
        found += [(rel, t.strip()) for t in texts if WRITE_SQL.search(t.strip())]
    return found


def test_the_walk_sees_the_app():
    rel = {p.relative_to(ROOT).as_posix() for p in app_files()}
    assert {"app.py", "dashboard/db.py", "dashboard/ui/data.py", "dashboard/queries/events.sql"} <= rel
    assert any(r.startswith("pages/") for r in rel)


def test_the_app_holds_no_write_statement():
    assert [f for f in write_statements() if f not in ALLOWED] == []


def test_the_allowed_statements_are_still_there():
    """Guards the allow-list itself: an entry that no longer exists must be removed."""
    assert ALLOWED <= set(write_statements())


@pytest.mark.parametrize("text", [
    "insert into events values (1)", "INSERT OR REPLACE INTO t SELECT 1", "update places set lat = 0",
    "delete from trade where 1=1", "truncate events", "create table x (a int)", "CREATE OR REPLACE VIEW v AS SELECT 1",
    "create temp table x as select 1", "drop table events", "alter table events add column x int",
    "create macro m(a) as a", "copy events to 'x.csv'", "copy (select 1) to $path", "export database 'dir'",
    "attach 'x.duckdb' as x", "ATTACH ? AS x (READ_ONLY)", "detach x", "install httpfs", "force install x",
    "load spatial", "select 1; drop view v", "checkpoint", "vacuum events;",
    "with x as (select 1) insert into t select * from x",
])
def test_write_detector_catches_writes(text):
    assert WRITE_SQL.search(text)


@pytest.mark.parametrize("text", [
    "select * from events where title like '%drop%'",
    "Drop a UN Comtrade CSV export into `data/imports/` and rebuild",
    "Build it from the curated tables with `make db`; `make run` does both (install, build, serve).",
    "Each download is the whole table as CSV; the sources behind the rows download alongside.",
    "Load the page again, or update the filter.", "Attach the export to your report.",
    "Detach this panel from the page.",
    "Figures are copied from the source to the table as published.",
    "Reset filters", "Events: 5 rows",
])
def test_write_detector_leaves_reads_and_prose_alone(text):
    assert not WRITE_SQL.search(text)
