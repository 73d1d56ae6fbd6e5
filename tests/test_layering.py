"""Layering: the import rules of STYLE.md, checked by walking every module's syntax tree.

  app.py -> pages/* -> dashboard.ui -> dashboard.queries -> dashboard.db -> duckdb
                    \\-> dashboard.charts (pandas, altair, pydeck only)
  etl/ -> duckdb, pandas (never streamlit, never dashboard)

Each checker is also run on a small bad example, so a rule that stopped seeing violations fails.
"""
from __future__ import annotations

import ast
import re
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
STDLIB = frozenset(sys.stdlib_module_names) | {"__future__"}


def project_files() -> list[Path]:
    """Every Python file of the project: app, pages, dashboard, etl, scripts (not tests, not the venv)."""
    return sorted(p for p in ROOT.rglob("*.py")
                  if not any(part.startswith(".") or part in ("tests", "__pycache__")
                             for part in p.relative_to(ROOT).parts))


def rel(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


def imports(source: str, module: str) -> set[str]:
    """Dotted names a module imports, relative imports resolved against `module` (e.g. dashboard.charts).

    `from a.b import c` gives a.b.c; `importlib.import_module("x")` and `__import__("x")` give x.
    """
    package = module.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                parts = package.split(".") if package else []
                parts = parts[:len(parts) - (node.level - 1)] + ([node.module] if node.module else [])
                base = ".".join(parts)
            else:
                base = node.module or ""
            found.update(base if alias.name == "*" else f"{base}.{alias.name}".strip(".")
                         for alias in node.names)
        elif (isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Constant)
              and isinstance(node.args[0].value, str)
              and ((isinstance(node.func, ast.Name) and node.func.id == "__import__")
                   or (isinstance(node.func, ast.Attribute) and node.func.attr == "import_module"))):
            found.add(node.args[0].value)
    return found


def module_of(path: Path) -> str:
    return ".".join(path.relative_to(ROOT).with_suffix("").parts)


def imports_of(path: Path) -> set[str]:
    return imports(path.read_text(encoding="utf-8"), module_of(path))


def under(name: str, prefix: str) -> bool:
    return name == prefix or name.startswith(prefix + ".")


def outside(names: set[str], allowed: set[str]) -> list[str]:
    """The imported names that are neither standard library nor under an allowed prefix."""
    return sorted(n for n in names
                  if n.split(".")[0] not in STDLIB and not any(under(n, a) for a in allowed))


SQL_PATTERNS = [re.compile(p, re.IGNORECASE | re.DOTALL) for p in (
    r"\bselect\s+(distinct\s+)?\S.*?\bfrom\s+\w",
    r"\bselect\s+\*",
    r"\binsert\s+into\b",
    r"\bdelete\s+from\b",
    r"\bupdate\s+\w+\s+set\b",
    r"\b(create|drop|alter)\s+(or\s+replace\s+)?(temp\s+)?(table|view|index|schema)\b",
    r"\b(group|order)\s+by\b",
    r"\b(left|inner|outer|cross)\s+join\b",
    r"\bwhere\s+\w+(\.\w+)?\s*(=|<|>|in\s*\(|is\s|like\s|between\s)",
)]


def sql_in_strings(source: str) -> list[str]:
    """String literals (f-string parts included) that look like SQL, and calls that run SQL."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.JoinedStr):           # an f-string: its text with each {...} as 'x'
            text = "".join(v.value if isinstance(v, ast.Constant) else "x" for v in node.values)
            if any(p.search(text) for p in SQL_PATTERNS):
                found.append(text)
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            if any(p.search(node.value) for p in SQL_PATTERNS):
                found.append(node.value)
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) \
                and node.func.attr in {"execute", "executemany", "sql", "fetchall", "fetchdf"}:
            found.append(f".{node.func.attr}(...) call")
    return found


# ---------------------------------------------------------------- the rules, on the project

STREAMLIT_ALLOWED = {"app.py", "dashboard/ui.py"}
# Benchmark scripts may drive the app as tests/app does: through streamlit's testing API (AppTest),
# and the runtime's PagesManager that tests/app/conftest.py adjusts. Nothing else of streamlit.
# The load tool (bench/loadtest.py) speaks the server's websocket protocol: its protobuf messages.
BENCH_STREAMLIT = {"streamlit.testing", "streamlit.runtime.pages_manager", "streamlit.proto"}


def test_the_walk_sees_the_project():
    files = {rel(p) for p in project_files()}
    assert {"app.py", "dashboard/ui.py", "dashboard/charts.py", "etl/build.py"} <= files
    assert any(f.startswith("pages/") for f in files)


def streamlit_offences(relpath: str, names: set[str]) -> set[str]:
    """The streamlit names among `names` (a file's imports) that its folder may not import."""
    found = {n for n in names if under(n, "streamlit")}
    if relpath.startswith("bench/"):
        found = {n for n in found if not any(under(n, allowed) for allowed in BENCH_STREAMLIT)}
    return found


def streamlit_imports(path: Path) -> set[str]:
    return streamlit_offences(rel(path), imports_of(path))


def test_only_app_pages_and_ui_import_streamlit():
    offenders = [rel(p) for p in project_files()
                 if streamlit_imports(p)
                 and rel(p) not in STREAMLIT_ALLOWED and not rel(p).startswith("pages/")]
    assert offenders == []


def test_ui_and_pages_do_import_streamlit():
    """Guards the walk itself: it must see the imports that are there."""
    assert any(under(n, "streamlit") for n in imports_of(ROOT / "dashboard" / "ui.py"))
    assert any(under(n, "streamlit") for n in imports_of(ROOT / "app.py"))


@pytest.mark.parametrize("page", sorted((ROOT / "pages").glob("*.py")), ids=lambda p: p.name)
def test_pages_never_touch_the_database(page):
    bad = [n for n in imports_of(page)
           if under(n, "duckdb") or under(n, "dashboard.db") or under(n, "dashboard.queries")]
    assert bad == [], f"{rel(page)} must get its data through dashboard.ui"


@pytest.mark.parametrize("page", sorted((ROOT / "pages").glob("*.py")), ids=lambda p: p.name)
def test_pages_hold_no_sql(page):
    assert sql_in_strings(page.read_text(encoding="utf-8")) == []


@pytest.mark.parametrize("path", sorted((ROOT / "etl").rglob("*.py")), ids=lambda p: rel(p))
def test_etl_never_imports_streamlit_or_dashboard(path):
    bad = [n for n in imports_of(path) if under(n, "streamlit") or under(n, "dashboard")]
    assert bad == []


# Each dashboard module's imports, as its docstring states them (standard library always allowed).
DASHBOARD_ALLOWED = {
    "charts": {"pandas", "altair", "pydeck", "dashboard.settings"},
    "settings": set(),
    "filters": {"dashboard.settings"},
    "export": {"pyarrow"},
    "db": {"duckdb", "pandas", "dashboard.settings"},
    "queries": {"duckdb", "pandas", "dashboard.db", "dashboard.filters", "dashboard.settings"},
    "cite": {"pandas"},
    # the brief renders from queries + charts, runs them through db, never streamlit
    "brief": {"pandas", "vl_convert", "weasyprint", "dashboard.charts", "dashboard.cite", "dashboard.queries",
              "dashboard.db", "dashboard.filters", "dashboard.settings"},
}


@pytest.mark.parametrize("name", sorted(DASHBOARD_ALLOWED))
def test_dashboard_module_imports_only_what_it_declares(name):
    path = ROOT / "dashboard" / f"{name}.py"
    assert outside(imports_of(path), DASHBOARD_ALLOWED[name]) == []


# ---------------------------------------------------------------- the checkers catch violations

def test_imports_resolves_every_form():
    source = """
import streamlit as st
import duckdb, os.path
from . import ui
from .settings import COUNTRY_NAMES
from .. import etl
from dashboard.queries import events
from altair import *
import importlib
importlib.import_module("plotly.express")
def later():
    from streamlit.runtime import x
    __import__("requests")
"""
    assert imports(source, "dashboard.charts") == {
        "streamlit", "duckdb", "os.path", "dashboard.ui", "dashboard.settings.COUNTRY_NAMES", "etl",
        "dashboard.queries.events", "altair", "importlib", "plotly.express", "streamlit.runtime.x",
        "requests"}


def test_outside_flags_what_charts_may_not_import():
    names = imports("import json\nimport plotly\nfrom . import db\nfrom .settings import X\nimport pydeck as pdk\n",
                    "dashboard.charts")
    assert outside(names, DASHBOARD_ALLOWED["charts"]) == ["dashboard.db", "plotly"]


@pytest.mark.parametrize("text", [
    "select * from events",
    "SELECT name, lat FROM places WHERE kind = 'capital'",
    "with x as (select 1) select count(*) from x",
    "select e.title\nfrom events as e",
    "insert into events values (1)",
    "DELETE FROM trade",
    "update places set lat = 0",
    "drop table events",
    "create or replace view v as select 1",
    "... order by start_date desc",
    "events e left join places p using (place_id)",
    "where event_id = $event_id",
])
def test_sql_detector_catches_sql(text):
    assert sql_in_strings(f"x = {text!r}") != []


def test_sql_detector_reads_f_strings():
    assert sql_in_strings('x = f"select {column} from events"') != []


@pytest.mark.parametrize("text", [
    "Select a place (or click a red circle on the map)",
    "Where a date or place comes from a reference page rather than the report, the event's note says so.",
    "Events involving any chosen country; China's trade with the chosen Central Asian states.",
    "The sources behind the rows download alongside.",
    "Figures that conflict with others, have an unclear basis or were converted by the source.",
])
def test_sql_detector_leaves_prose_alone(text):
    assert sql_in_strings(f"x = {text!r}") == []


def test_bench_may_drive_the_app_only_through_the_testing_api():
    names = imports("import streamlit as st\nfrom streamlit.testing.v1 import AppTest\n"
                    "from streamlit.runtime.pages_manager import PagesManager\n", "bench.x")
    assert streamlit_offences("bench/x.py", names) == {"streamlit"}
    assert streamlit_offences("dashboard/x.py", names) == names


def test_sql_detector_catches_running_sql():
    assert sql_in_strings("con.execute(q)") == [".execute(...) call"]
