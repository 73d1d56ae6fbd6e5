"""Safe extracts: every CSV download neutralises what a spreadsheet would run as a formula (a text
cell starting with =, +, -, @, tab or carriage return gets a leading apostrophe, per OWASP's CSV
injection guidance) and keeps numbers numbers (value_usd, lat, lon, a negative yoy_pct).

The hostile text enters where it would in real life: through the curated tables. A copy of the
fixture tables in a tmp dir gets an event titled =HYPERLINK(...), a place named @SUM(...)|' /C calc',
a summary starting with +, notes starting with - and = (tests/fixtures/curated is not touched).
The CSV files are taken from the Data page's download buttons as a user clicks them, and from the
same query + export path called directly. Leading tabs and carriage returns cannot come through the
ETL (it strips the edges of every value), so tests/csvtext.py's to_csv (the text every download is
held to) is also checked on its own, with pandas 3 `string` and `str` columns and missing values,
and a carriage return inside a cell (quoted, or it would end the row and start a new one with
whatever follows, a formula included).
"""
from __future__ import annotations

import csv
import io
from pathlib import PurePosixPath

import duckdb
import numpy as np
import pandas as pd
import pytest

from dashboard import queries
from dashboard.db import connect, query, stream
from dashboard.export import FORMULA_START, relation_csv
from tests.csvtext import to_csv
from dashboard.filters import Filters
from etl.build import run
from tests.app.apptools import open_page, problems
from tests.reliability.reltools import curated_copy, sha256

HYPERLINK = '=HYPERLINK("http://example.invalid","x")'
DDE = "@SUM(1+1)*cmd|' /C calc'!A0"
EVENT_ID = "2025-12-02-formula-title"
HOSTILE_ROWS = {
    "events.csv": [f'{EVENT_ID},2025-12-02,2025-12-02,day,"=HYPERLINK(""http://example.invalid"",""x"")",visit,'
                   'at-place,in_person,"+SUM(1,2) was in the summary",-2+3 note'],
    "event_countries.csv": [f"{EVENT_ID},KGZ"],
    "event_sources.csv": [f"{EVENT_ID},formula-source"],
    "places.csv": [f"at-place,{DDE},,,KGZ,other,-33.5,-70.25,osm-coords,-1+1 note"],
    "sources.csv": ["formula-source,=1+1 publisher,@title of a source,2025-12-02,day,,en,news,,-note"],
}
NUMERIC = {"value_usd", "yoy_pct", "lat", "lon"}


@pytest.fixture(scope="module")
def hostile_db(tmp_path_factory):
    """The fixture tables plus the hostile rows (and trade t07's note starting with =), built."""
    folder = tmp_path_factory.mktemp("hostile-extracts")
    curated = curated_copy(folder / "curated", HOSTILE_ROWS)
    trade = curated / "trade.csv"
    trade.write_bytes(trade.read_bytes().replace(b",year to date", b",=1+1 (year to date)"))
    db = folder / "monitor.duckdb"
    err = io.StringIO()
    assert run(curated, folder / "no-imports", db, out=io.StringIO(), err=err) == 0, err.getvalue()
    before = sha256(db)
    yield db
    assert sha256(db) == before


def rows_of(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text, newline="")))


def is_number(cell: str) -> bool:
    try:
        float(cell)
    except ValueError:
        return False
    return True


def assert_safe(text: str) -> list[dict[str, str]]:
    """No cell would run as a formula; numeric columns hold plain numbers; return the rows."""
    rows = rows_of(text)
    assert rows, "an empty download proves nothing"
    for row in rows:
        for column, cell in row.items():
            if cell.startswith(FORMULA_START):
                assert is_number(cell), f"{column}: {cell!r} would run as a formula"
            if column in NUMERIC and cell:
                assert is_number(cell), f"{column}: {cell!r} is not a plain number"
    return rows


def by(rows, key, value) -> dict[str, str]:
    [row] = [r for r in rows if r[key] == value]
    return row


@pytest.fixture(scope="module")
def data_page(app_on, hostile_db):
    app_on(hostile_db)


def download(at, key: str, download_files) -> str:
    """The text the download button `key` gives when clicked (as tests/app/apptools.download_of)."""
    button = at.download_button(key=key)
    file_id = button.proto.deferred_file_id or PurePosixPath(button.proto.url).stem
    _, data = download_files[file_id]
    data = data() if callable(data) else data
    return data.decode("utf-8") if isinstance(data, bytes) else data


def test_downloads_from_the_data_page_are_safe(data_page, download_files):
    at = open_page("data")
    assert problems(at) == [], problems(at)
    events, places, trade, sources = (download(at, key, download_files)
                                      for key in ("dl_events", "dl_places", "dl_trade", "dl_events_sources"))

    event = by(assert_safe(events), "event_id", EVENT_ID)
    assert (event["title"], event["summary"], event["place_name"]) == (
        "'" + HYPERLINK, "'+SUM(1,2) was in the summary", "'" + DDE)
    assert (event["lat"], event["lon"]) == ("-33.5", "-70.25")
    assert ",-33.5,-70.25," in events                     # bare numbers in the file itself

    place = by(assert_safe(places), "place_id", "at-place")
    assert (place["name"], place["notes"], place["lat"], place["lon"]) == ("'" + DDE, "'-1+1 note", "-33.5", "-70.25")

    rows = assert_safe(trade)
    assert by(rows, "trade_id", "t05")["yoy_pct"] == "-3.2"
    assert by(rows, "trade_id", "t07")["notes"] == "'=1+1 (year to date)"
    assert float(by(rows, "trade_id", "t02")["value_usd"]) == 22_700_000_000

    source = by(assert_safe(sources), "source_id", "formula-source")
    assert (source["publisher"], source["title"], source["notes"]) == (
        "'=1+1 publisher", "'@title of a source", "'-note")


def test_the_query_and_export_path_is_safe_for_every_filtered_table(hostile_db):
    con = connect(hostile_db)
    try:
        for q in (queries.events(Filters()), queries.trade_rows(Filters()), queries.places_rows(Filters()),
                  queries.sources_for_events(Filters())):
            assert_safe(to_csv(query(con, q)))
    finally:
        con.close()


def test_to_csv_neutralises_every_formula_start_in_every_text_dtype():
    """Whole output: pandas 3 `string` (pd.NA) and `str` (NaN) columns, object and categorical
    columns, nullable integers, floats with NaN, dates with NaT; a tab and a carriage return."""
    df = pd.DataFrame({
        "string": pd.array(["=1+1", pd.NA, "+x", "plain"], dtype="string"),
        "str": pd.Series(["@a", None, "\tb", "-c"], dtype="str"),
        "object": ["\rd", None, "e=1", "x\r=1+1"],
        "category": pd.Categorical(["=cat", "ok", "=cat", "-"]),
        "int": pd.array([1, None, -2, 0], dtype="Int64"),
        "float": [1.5, np.nan, -3.2, 1e30],
        "date": pd.to_datetime(["2025-01-01", None, "2024-02-29", "1990-01-01"]),
    })
    assert to_csv(df) == (
        "string,str,object,category,int,float,date\n"
        "'=1+1,'@a,\"'\rd\",'=cat,1,1.5,2025-01-01\n"
        ",,,ok,,,\n"
        "'+x,'\tb,e=1,'=cat,-2,-3.2,2024-02-29\n"
        "plain,'-c,\"x\r=1+1\",'-,0,1e+30,1990-01-01\n")
    assert [row[2] for row in csv.reader(io.StringIO(to_csv(df), newline=""))] == [
        "object", "'\rd", "", "e=1", "x\r=1+1"]     # a carriage return never splits a row


DOWNLOADS = (queries.events(Filters()), queries.trade_rows(Filters()), queries.places_rows(Filters()),
             queries.sources_for_events(Filters()), queries.sources_for_trade(Filters()),
             queries.sources_for_places(Filters()), queries.sources_overview())


def streamed(con, q: queries.Query) -> str:
    """What a download button serves: the query streamed and written by DuckDB (relation_csv)."""
    return stream(con, q, relation_csv).decode()


@pytest.mark.parametrize("which", ["hostile", "products"])
def test_downloads_written_by_duckdb_equal_to_csv_of_the_same_rows(which, hostile_db, product_db):
    """The download path (DuckDB writes each line) gives the very text to_csv gives for the query's
    DataFrame, on the hostile tables and on 20,000 Comtrade lines."""
    con = connect(hostile_db if which == "hostile" else product_db)
    try:
        for q in DOWNLOADS:
            assert streamed(con, q) == to_csv(query(con, q)), q.name
        assert len(streamed(con, queries.trade_rows(Filters())).splitlines()) > (5 if which == "hostile" else 20_000)
    finally:
        con.close()


def test_duckdb_csv_lines_match_to_csv_on_values_the_etl_never_produces():
    """Tabs, carriage returns, quotes, commas, every formula start, NULLs, booleans, extreme doubles,
    timestamps, integers, a quoted column name: relation_csv == to_csv, cell for cell."""
    con = duckdb.connect()
    try:
        relation = con.sql(r"""
            select * from (values
                ('=1+1', 1.5::double, true, date '2025-01-02', timestamp '2025-01-02 13:14:15', 1::bigint, 'a,b'),
                ('+x', -3.2, false, null, null, null, 'say "hi"'),
                (chr(9) || 'tab', 1e30, null, date '1990-01-01', timestamp '1990-01-01 00:00:00', -7, 'x' || chr(13) || '=1'),
                (chr(13) || 'cr', 0.1, true, date '2024-02-29', null, 0, 'line' || chr(10) || 'break'),
                ('@a', 22700000000.0, true, null, null, 5, ''),
                ('-c', null, false, null, null, null, null),
                (null, 5e-324, true, null, null, null, 'plain'),
                ('ok', 123456789012345680.0, false, null, null, 9223372036854775807, '''quoted')
            ) as t(text, number, flag, day, moment, count, "odd ""name"", here")""")
        expected = to_csv(relation.df())
        assert relation_csv(relation, rows=3).decode() == expected
        assert expected.count("\n") == 10 and "'=1+1" in expected and '"x\r=1"' in expected
    finally:
        con.close()
