"""Every dashboard/queries/*.sql file binds under DuckDB EXPLAIN on the fixture database with
representative parameters, lists empty and not (Mosaic's toBeValidQuery); and each file has its
function of the same name in dashboard.queries."""
from __future__ import annotations

import inspect
import re
from datetime import date

import pytest

from dashboard import queries
from dashboard.db import sql_text
from dashboard.settings import QUERY_DIR

SQL_FILES = sorted(p.stem for p in QUERY_DIR.glob("*.sql"))
PARAM_RE = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)")

# Every parameter any query uses, as (empty-ish value, typical value).
PARAMS = {
    "countries": ([], ["KGZ", "KAZ"]),
    "partners": ([], ["KGZ"]),
    "event_types": ([], ["strategic_dialogue"]),
    "source_ids": ([], ["gacc-2025", "no-such-source"]),
    "start": (date(1990, 1, 1), date(2025, 1, 1)),
    "end": (date(2035, 12, 31), date(2025, 12, 31)),
    "flow": ("total", "export"),
    "period_kind": ("year", "half_year"),     # trade_mirror also takes NULL (all kinds)
    "reporter_side": ("china", "partner"),
    "include_low": (False, True),
    "event_id": ("", "2025-11-19-cn-kg-fm-strategic-dialogue"),
    "limit": (None, 500),
    "offset": (0, 500),
    "bucket": ("month", "year"),
    "pattern": ("", "%railway%"),
    "place_id": ("", "bishkek"),
    "since_vintage": (None, "e9b4ed9b7a54"),
    "since_date": (None, date(2025, 1, 1)),
    "change_kind": (None, "changed"),
    "vintage_id": ("", "e9b4ed9b7a54"),
    "place_ids": ([], ["bishkek", "no-such-place"]),
}


def params_of(name: str) -> list[str]:
    text = re.sub(r"--[^\n]*", "", sql_text(name))      # a $ in a comment is not a parameter
    return sorted(set(PARAM_RE.findall(text)))


def test_there_are_query_files():
    assert len(SQL_FILES) >= 10


@pytest.mark.parametrize("name", SQL_FILES)
def test_every_parameter_has_a_representative_value(name):
    unknown = set(params_of(name)) - set(PARAMS)
    assert not unknown, f"{name}.sql uses parameters this test does not know: {sorted(unknown)}"


@pytest.mark.parametrize("variant", [0, 1], ids=["empty", "typical"])
@pytest.mark.parametrize("name", SQL_FILES)
def test_sql_file_binds_under_explain(con, name, variant):
    params = {p: PARAMS[p][variant] for p in params_of(name) if p in PARAMS}
    plan = con.execute("explain " + sql_text(name), params).fetchall()
    assert plan, f"no plan for {name}.sql"


@pytest.mark.parametrize("name", SQL_FILES)
def test_sql_file_has_its_query_function(name):
    """queries/<name>.sql <-> queries.<name>(con, ...), which runs that file."""
    function = getattr(queries, name, None)
    assert callable(function), f"dashboard.queries has no function {name}()"
    assert f'"{name}"' in inspect.getsource(function)


def test_every_query_function_has_its_sql_file():
    functions = {n for n, f in inspect.getmembers(queries, inspect.isfunction)
                 if f.__module__ == queries.__name__ and not n.startswith("_") and n != "partners"}
    assert functions == set(SQL_FILES)


def test_explain_catches_a_broken_query(con):
    """The check above can fail: a misspelt column does not bind."""
    with pytest.raises(Exception, match="(?i)binder|not found"):
        con.execute("explain select e.no_such_column from events as e where e.start_date >= $start",
                    {"start": date(2025, 1, 1)})
