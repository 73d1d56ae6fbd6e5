"""ETL test helpers: run a build in-process, read its `file:line: column: reason` problems, and a
scratch workspace (a copy of the fixture tables beside an already built database) to corrupt.
"""
from __future__ import annotations

import io
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pytest

from etl.build import run
from etl.vintages import HISTORY_TABLES

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures"
PROBLEM_RE = re.compile(r"^(?P<file>.+?):(?P<line>\d+): (?P<column>.+?): (?P<reason>.+)$")


@dataclass(frozen=True)
class Problem:
    """One printed problem, with the file reduced to its name (paths differ per test run)."""

    file: str
    line: int
    column: str
    reason: str


@dataclass
class Result:
    code: int
    out: str
    err: str

    @property
    def problems(self) -> list[Problem]:
        """Every problem line of stderr; the closing 'build refused: ...' line is not one."""
        found = []
        for text in self.err.splitlines()[:-1]:
            m = PROBLEM_RE.match(text)
            assert m, f"not a 'file:line: column: reason' line: {text!r}"
            found.append(Problem(Path(m["file"]).name, int(m["line"]), m["column"], m["reason"]))
        return found

    def has(self, file: str, line: int, column: str, reason: str) -> bool:
        """True when a problem names this file, line and column and its reason contains `reason`."""
        return any((p.file, p.line, p.column) == (file, line, column) and reason in p.reason
                   for p in self.problems)


def build_in_process(data_dir: Path, imports_dir: Path, db: Path, fast: bool | None = None) -> Result:
    """`etl.build.run` with its output captured: what `python -m etl build` would print and return.
    `fast` forces the DuckDB fast path (True) or the row-by-row path (False); None lets size decide."""
    out, err = io.StringIO(), io.StringIO()
    code = run(data_dir, imports_dir, db, out=out, err=err, fast=fast)
    return Result(code, out.getvalue(), err.getvalue())


def first_build_note(db: Path) -> str:
    """What a build prints on stderr when no database was there before it."""
    return f"note: no previous database at {db}: a new history starts\n"


def read_tables(db: Path) -> dict[str, list[tuple]]:
    """Every table of a database with all its rows in a fixed order, but the history (vintages,
    changes, change_scope: when each build happened and what it changed, see test_vintages.py)."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        names = [r[0] for r in con.execute("select table_name from duckdb_tables() order by 1").fetchall()
                 if r[0] not in HISTORY_TABLES]
        return {n: con.execute(f'select * from "{n}" order by all').fetchall() for n in names}
    finally:
        con.close()


@dataclass
class Workspace:
    """tmp_path/curated (a copy of the fixture tables), tmp_path/imports (empty) and
    tmp_path/db/monitor.duckdb, a database already built from the good fixture."""

    curated: Path
    imports: Path
    db: Path
    db_bytes: bytes

    @classmethod
    def create(cls, tmp_path: Path, db_bytes: bytes) -> Workspace:
        curated = tmp_path / "curated"
        shutil.copytree(FIXTURES / "curated", curated)
        imports = tmp_path / "imports"
        imports.mkdir()
        db = tmp_path / "db" / "monitor.duckdb"
        db.parent.mkdir()
        db.write_bytes(db_bytes)
        return cls(curated, imports, db, db_bytes)

    def build(self, fast: bool | None = None) -> Result:
        return build_in_process(self.curated, self.imports, self.db, fast=fast)

    def assert_fast_path_refuses_like_the_exact_one(self, expected: tuple) -> None:
        """Built both ways, the inputs are refused with `expected` among the problems, in the same
        words, and the old database is left as it was: the fast path only flags, never decides."""
        exact = self.build(fast=False)
        fast = self.build(fast=True)
        assert fast.has(*expected), f"expected {expected} among:\n{fast.err}"
        assert fast.err == exact.err
        self.assert_refused_and_untouched(fast)

    def assert_refused_and_untouched(self, result: Result) -> None:
        assert result.code == 1, result.out + result.err
        assert result.out == ""
        last = result.err.splitlines()[-1]
        assert last == f"build refused: {len(result.problems)} problem(s); {self.db} left unchanged"
        assert self.db.read_bytes() == self.db_bytes, "the existing database was modified"
        assert sorted(p.name for p in self.db.parent.iterdir()) == [self.db.name], "files left beside the db"


@pytest.fixture(scope="session")
def good_db_bytes(fixture_db) -> bytes:
    """The bytes of the session's database built from tests/fixtures/curated."""
    return fixture_db.read_bytes()


@pytest.fixture
def workspace(tmp_path, good_db_bytes) -> Workspace:
    return Workspace.create(tmp_path, good_db_bytes)


@pytest.fixture(scope="session")
def run_build():
    """run_build(data_dir, imports_dir, db) -> Result(code, out, err) with .problems."""
    return build_in_process


@pytest.fixture(scope="session")
def table_rows():
    """table_rows(db) -> {table name: every row, ordered}."""
    return read_tables
