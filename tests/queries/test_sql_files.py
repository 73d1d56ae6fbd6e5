"""Every dashboard/queries/*.sql file binds under DuckDB EXPLAIN on the fixture database with
representative parameters, lists empty and not (Mosaic's toBeValidQuery), and does not once a column
is misspelt or a parameter left out (so the check can fail); each file has its function of the same
name in dashboard.queries; and every filter condition (countries, partners, dates, types) comes from
a shared part in queries/parts, whose header says what its dates mean."""
from __future__ import annotations

import inspect
import re
from datetime import date

import duckdb
import pytest

from dashboard import queries
from dashboard.filters import Filters
from dashboard.queries import sql_text
from dashboard.settings import QUERY_DIR

SQL_FILES = sorted(p.stem for p in QUERY_DIR.glob("*.sql"))
PART_FILES = sorted((QUERY_DIR / "parts").glob("*.sql"))
# The parameters Filters gives (event_params, trade_params, place_params, milestone_params): only a
# part may name them, so each rule is written once.
FILTER_PARAMS = {"countries", "partners", "start", "end", "event_types", "bilateral", "person", "place"}
PARAM_RE = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)")

# Every parameter any query uses, as (empty-ish value, typical value).
PARAMS = {
    "countries": ([], ["KGZ", "KAZ"]),
    "partners": ([], ["KGZ"]),
    "event_types": ([], ["strategic_dialogue"]),
    "bilateral": (False, True),
    "person": (None, "wang_yi"),
    "place": (None, "bishkek"),
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
    "norm_pattern": ("", "%jalal abad%"),
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
    """queries/<name>.sql <-> queries.<name>(...), the Query of that file."""
    function = getattr(queries, name, None)
    assert callable(function), f"dashboard.queries has no function {name}()"
    assert f'"{name}"' in inspect.getsource(function)


def test_every_query_function_has_its_sql_file():
    functions = {n for n, f in inspect.getmembers(queries, inspect.isfunction)
                 if f.__module__ == queries.__name__ and not n.startswith("_") and n != "partners"}
    assert functions == set(SQL_FILES)


QUALIFIED_COLUMN_RE = re.compile(r"\b([a-z])\.([a-z_]+)\b")
WITH_A_COLUMN = [n for n in SQL_FILES if QUALIFIED_COLUMN_RE.search(sql_text(n))]
WITH_PARAMS = [n for n in SQL_FILES if params_of(n)]


def typical_params(name: str) -> dict:
    return {p: PARAMS[p][1] for p in params_of(name)}


@pytest.mark.parametrize("name", WITH_A_COLUMN)
def test_explain_refuses_the_file_with_a_misspelt_column(con, name):
    """The binding check above can fail: the project's own file, its first qualified column misspelt."""
    broken = QUALIFIED_COLUMN_RE.sub(lambda m: f"{m[1]}.{m[2]}_misspelt", sql_text(name), count=1)
    with pytest.raises(duckdb.BinderException):
        con.execute("explain " + broken, typical_params(name))


@pytest.mark.parametrize("name", WITH_PARAMS)
def test_explain_refuses_the_file_without_one_of_its_parameters(con, name):
    """...and every parameter it names is one the file needs: leaving one out does not bind."""
    params = typical_params(name)
    params.pop(sorted(params)[0])
    with pytest.raises(duckdb.Error, match="(?i)param"):
        con.execute("explain " + sql_text(name), params)


def own_filter_conditions(text: str) -> list[str]:
    """The filter parameters a query file's own text names (comments aside; its parts not expanded)."""
    return sorted(set(PARAM_RE.findall(re.sub(r"--[^\n]*", "", text))) & FILTER_PARAMS)


@pytest.mark.parametrize("name", SQL_FILES)
def test_query_files_take_every_filter_condition_from_a_part(name):
    text = (QUERY_DIR / f"{name}.sql").read_text()
    assert own_filter_conditions(text) == [], f"{name}.sql writes its own filter condition: use a part"


def test_the_part_check_sees_a_query_writing_its_own_condition():
    assert own_filter_conditions("-- $countries\nselect * from trade as t where /*@trade_filter*/") == []
    assert own_filter_conditions("select * from trade as t\nwhere t.period_end >= $start and /*@trade_partners*/"
                                 ) == ["start"]
    assert own_filter_conditions("from places where list_contains($countries::varchar[], country_iso3)") == [
        "countries"]


@pytest.mark.parametrize("part", PART_FILES, ids=lambda p: p.stem)
def test_each_part_says_what_its_dates_mean(part):
    """A part's opening comment names the date rule it applies: periods overlap the range, a date
    lies between its ends, or the years the range touches."""
    lines = part.read_text().splitlines()
    header = " ".join(line for line in lines[:next(i for i, l in enumerate(lines) if not l.startswith("--"))])
    code = "\n".join(line for line in lines if not line.lstrip().startswith("--"))
    assert header, f"{part.name} opens with no comment"
    if {"start", "end"} & set(PARAM_RE.findall(code)):
        assert re.search(r"\b(overlaps?|between|years touched)\b", header, re.IGNORECASE), part.name


def test_parts_keep_their_line_breaks():
    text = sql_text("trade_series")
    assert "t.period_end >= $start\nand t.period_start <= $end" in text
    assert "--" not in text.split("select", 1)[1]      # the parts' comment lines are left out


def test_a_query_holding_lists_is_hashable_and_hands_duckdb_lists():
    """The UI's cache keys on Query values: a list parameter is held as a tuple (hashable), and
    DuckDB gets it back as a list."""
    from dashboard.queries.query import bind
    q = bind("events", countries=["KGZ", "KAZ"], start=None)
    assert q.params == (("countries", ("KGZ", "KAZ")), ("start", None))
    assert hash(q) == hash(bind("events", countries=["KGZ", "KAZ"], start=None))
    assert q.parameters == {"countries": ["KGZ", "KAZ"], "start": None}
    built = queries.trade_series(Filters(("KGZ", "UZB")), flow="total", period="year", side="china", include_low=False)
    hash(built)                                      # every builder's Query can be a cache key
    assert {k: v for k, v in built.parameters.items() if isinstance(v, list)}     # ... lists and all


def test_a_part_drops_its_comment_lines_even_indented(tmp_path):
    from dashboard.queries.query import expand
    (tmp_path / "rule.sql").write_text("-- a comment\n    -- an indented comment\nx = $x\n")
    assert expand("select 1 where /*@rule*/", tmp_path) == "select 1 where (x = $x)"
