"""Layering: the import rules of STYLE.md, checked by walking every module's syntax tree.

  app.py -> pages/* -> dashboard.ui (load, sidebar, widgets) -> dashboard.db -> duckdb
                 \\-> dashboard.queries (Query values: no connection, no duckdb)
                 \\-> dashboard.charts (pandas, altair, pydeck only)
                 \\-> dashboard.brief (beside charts: queries + charts, no streamlit)
  curator page (outside pages/) -> the ETL's public functions (validate, append rows, build)
  etl/ -> duckdb, pandas (never streamlit, never dashboard)

Rules for modules still to come (dashboard.brief, the curator page) are written now, so they hold
when those arrive. Each checker is also run on a small bad example, so a rule that stopped seeing
violations fails.
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

# The curator page (curator mode only) is a page script kept outside pages/ (not routed by app.py).
CURATOR_PAGES = ("curator.py", "curator/")
# What the curator page may call of the ETL: its public functions (validate, append rows, build).
CURATOR_ETL = {"etl.validate", "etl.append", "etl.build"}
# Benchmark scripts may drive the app as tests/app does: through streamlit's testing API (AppTest);
# the load tool (bench/loadtest.py) speaks the server's websocket protocol: its protobuf messages.
BENCH_STREAMLIT = {"streamlit.testing", "streamlit.proto"}


def is_page(relpath: str) -> bool:
    """A page script: pages/*.py, or the curator page."""
    return relpath.startswith("pages/") or relpath.startswith(CURATOR_PAGES)


def may_import_streamlit(relpath: str) -> bool:
    return relpath == "app.py" or is_page(relpath) or relpath.startswith("dashboard/ui/")


def test_the_walk_sees_the_project():
    files = {rel(p) for p in project_files()}
    assert {"app.py", "dashboard/ui/__init__.py", "dashboard/charts.py", "etl/build.py"} <= files
    assert any(f.startswith("pages/") for f in files)


def streamlit_offences(relpath: str, names: set[str]) -> set[str]:
    """The streamlit names among `names` (a file's imports) that its folder may not import."""
    if may_import_streamlit(relpath):
        return set()
    found = {n for n in names if under(n, "streamlit")}
    if relpath.startswith("bench/"):
        found = {n for n in found if not any(under(n, allowed) for allowed in BENCH_STREAMLIT)}
    return found


def test_only_app_pages_and_ui_import_streamlit():
    offenders = {rel(p): streamlit_offences(rel(p), imports_of(p)) for p in project_files()}
    assert {f: names for f, names in offenders.items() if names} == {}


def test_ui_and_pages_do_import_streamlit():
    """Guards the walk itself: it must see the imports that are there."""
    assert any(under(n, "streamlit") for n in imports_of(ROOT / "dashboard" / "ui" / "data.py"))
    assert any(under(n, "streamlit") for n in imports_of(ROOT / "app.py"))


def page_offences(relpath: str, names: set[str]) -> list[str]:
    """What a page script may not import: duckdb, dashboard.db, the ETL (the curator page: only the
    ETL's public functions). Pages name queries (dashboard.queries) and hand them to dashboard.ui."""
    bad = [n for n in names if under(n, "duckdb") or under(n, "dashboard.db")]
    for n in names:
        if under(n, "etl"):
            module, _, function = n.rpartition(".")
            allowed = relpath.startswith(CURATOR_PAGES) and module in CURATOR_ETL and not function.startswith("_")
            if not allowed:
                bad.append(n)
    return sorted(bad)


@pytest.mark.parametrize("page", [p for p in project_files() if is_page(rel(p))], ids=rel)
def test_pages_never_touch_the_database(page):
    assert page_offences(rel(page), imports_of(page)) == [], f"{rel(page)} must get its data through dashboard.ui"


@pytest.mark.parametrize("page", [p for p in project_files() if is_page(rel(p))], ids=rel)
def test_pages_hold_no_sql(page):
    assert sql_in_strings(page.read_text(encoding="utf-8")) == []


def test_pages_name_their_queries():
    """The pages name queries as functions (go-to-definition reaches the .sql file), not as strings."""
    named = set()
    for page in (ROOT / "pages").glob("*.py"):
        for node in ast.walk(ast.parse(page.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "queries":
                named.add(node.attr)
    assert {"events", "trade_series", "map_places", "sources_overview"} <= named


@pytest.mark.parametrize("path", [p for p in project_files() if rel(p).startswith(("dashboard/", "app.py", "pages/"))],
                         ids=rel)
def test_no_dispatch_by_name(path):
    """No getattr(queries, name)-style dispatch: a query is named where it is used."""
    assert queries_by_name(path.read_text(encoding="utf-8")) == []


def queries_by_name(source: str) -> list[int]:
    """Lines that look a query up by name: getattr(queries, ...) or getattr(x.queries, ...)."""
    return sorted(node.lineno for node in ast.walk(ast.parse(source))
                  if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "getattr"
                  and node.args and (isinstance(node.args[0], ast.Name) and node.args[0].id == "queries"
                                     or isinstance(node.args[0], ast.Attribute) and node.args[0].attr == "queries"))


def test_dispatch_check_sees_a_lookup_by_name():
    assert queries_by_name("f = getattr(queries, name)(f)\ng = getattr(dashboard.queries, n)\n"
                           "h = getattr(args, key)\n") == [1, 2]


@pytest.mark.parametrize("path", sorted((ROOT / "etl").rglob("*.py")), ids=lambda p: rel(p))
def test_etl_never_imports_streamlit_or_dashboard(path):
    bad = [n for n in imports_of(path) if under(n, "streamlit") or under(n, "dashboard")]
    assert bad == []


@pytest.mark.parametrize("path", [p for p in project_files() if rel(p).startswith("tools/")], ids=rel)
def test_tools_import_only_the_standard_library(path):
    """tools/ drives the app from outside for tests and benchmarks alike."""
    assert outside(imports_of(path), {"tools"}) == []


@pytest.mark.parametrize("path", [p for p in project_files() if rel(p).startswith("bench/")], ids=rel)
def test_bench_never_imports_the_tests(path):
    assert [n for n in imports_of(path) if under(n, "tests")] == []


# Each dashboard module's (or package's) imports, as its docstring states them (standard library
# always allowed). dashboard.brief sits beside charts: it renders a filter's brief from Query values
# (run through db) and the chart builders; never streamlit.
DASHBOARD_ALLOWED = {
    "charts": {"pandas", "altair", "pydeck", "dashboard.settings"},
    "brief": {"pandas", "vl_convert", "weasyprint", "dashboard.charts", "dashboard.cite", "dashboard.queries",
              "dashboard.db", "dashboard.filters", "dashboard.settings"},
    "settings": set(),
    "filters": {"dashboard.settings"},
    "export": {"pyarrow"},
    "db": {"duckdb", "pandas", "dashboard.settings", "dashboard.queries.query"},
    "queries": {"dashboard.queries", "dashboard.filters", "dashboard.settings"},
    "cite": {"pandas"},
    "ui": {"streamlit", "pandas", "dashboard.ui", "dashboard.db", "dashboard.queries", "dashboard.export",
           "dashboard.filters", "dashboard.settings", "dashboard.brief", "dashboard.charts"},
}


def dashboard_part(path: Path) -> str:
    """The key of DASHBOARD_ALLOWED for a dashboard file: dashboard/ui/data.py -> ui."""
    return path.relative_to(ROOT / "dashboard").with_suffix("").parts[0]


DASHBOARD_FILES = [p for p in project_files() if rel(p).startswith("dashboard/") and rel(p) != "dashboard/__init__.py"]


@pytest.mark.parametrize("path", DASHBOARD_FILES, ids=rel)
def test_dashboard_module_imports_only_what_it_declares(path):
    part = dashboard_part(path)
    assert part in DASHBOARD_ALLOWED, f"{rel(path)}: declare what it may import in DASHBOARD_ALLOWED"
    assert outside(imports_of(path), DASHBOARD_ALLOWED[part]) == []


def test_every_declared_dashboard_part_exists():
    assert {dashboard_part(p) for p in DASHBOARD_FILES} == set(DASHBOARD_ALLOWED)


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


def test_brief_may_not_import_streamlit_or_duckdb():
    names = imports("import streamlit as st\nfrom . import charts, db, queries\nimport duckdb\n", "dashboard.brief")
    assert outside(names, DASHBOARD_ALLOWED["brief"]) == ["duckdb", "streamlit"]
    assert streamlit_offences("dashboard/brief.py", names) == {"streamlit"}


def test_queries_may_not_import_a_connection():
    names = imports("import duckdb\nfrom .. import db\nfrom ..filters import Filters\nfrom .query import Query\n",
                    "dashboard.queries.x")
    assert outside(names, DASHBOARD_ALLOWED["queries"]) == ["dashboard.db", "duckdb"]


def test_page_rules_let_only_the_curator_page_call_the_etl():
    names = imports("from dashboard import queries, ui\nfrom etl.validate import validate\n"
                    "from etl.build import _swap\nimport duckdb\nfrom dashboard.db import connect\n", "x")
    assert page_offences("pages/x.py", names) == ["dashboard.db.connect", "duckdb", "etl.build._swap",
                                                  "etl.validate.validate"]
    assert page_offences("curator.py", names) == ["dashboard.db.connect", "duckdb", "etl.build._swap"]
    assert streamlit_offences("curator.py", {"streamlit"}) == set()
    assert streamlit_offences("dashboard/ui/x.py", {"streamlit"}) == set()


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
    assert streamlit_offences("bench/x.py", names) == {"streamlit", "streamlit.runtime.pages_manager.PagesManager"}
    assert streamlit_offences("dashboard/x.py", names) == names


def test_sql_detector_catches_running_sql():
    assert sql_in_strings("con.execute(q)") == [".execute(...) call"]
