"""The new formats, as the pages give them: each Data tab's Parquet holds the CSV's rows and columns
with their types; the Data page's citations list exactly the sources its three source downloads
list; the Map page's GeoJSON holds the places drawn with their event counts and the railway route."""
from __future__ import annotations

import csv
import io
import json
from datetime import date
from pathlib import PurePosixPath

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from apptools import assert_clean, download_of, open_page
from pybtex.database import parse_string

from dashboard import db, queries, settings
from dashboard.db import connect
from dashboard.filters import Filters

F = Filters(countries=("KGZ",), start=date(2024, 7, 1), end=date(2025, 6, 30))
URLS = [{}, {"countries": "KGZ", "start": "2024-07-01", "end": "2025-06-30"}, {"countries": "TKM"},
        {"start": "1990-01-01", "end": "1990-12-31"}]
TABS = {"events": queries.events, "trade figures": queries.trade_rows, "places": queries.places_rows}


def bytes_of(at, label: str, download_files) -> tuple[str, bytes]:
    [button] = [b for b in at.download_button if b.label == label]
    file_id = button.proto.deferred_file_id or PurePosixPath(button.proto.url).stem
    name, data = download_files[file_id]
    return name, data() if callable(data) else data


@pytest.fixture
def dbcon(fixture_db):
    con = connect(fixture_db)
    yield con
    con.close()


@pytest.mark.parametrize("label, query", list(TABS.items()), ids=list(TABS))
def test_parquet_reads_back_as_the_csv_with_types(download_files, dbcon, label, query):
    at = open_page("data", URLS[1])
    assert_clean(at)
    name, parquet = bytes_of(at, f"Get {label} as Parquet", download_files)
    assert name.endswith("_KGZ_2024-07-01_2025-06-30.parquet")
    table = pq.read_table(io.BytesIO(parquet))
    _, text = download_of(at, f"Download {label} (CSV)", download_files)
    header, *rows = list(csv.reader(io.StringIO(text)))
    assert table.column_names == header and table.num_rows == len(rows)
    expected = db.query(dbcon, query(F))                           # the query's own frame
    assert table.num_rows == len(expected)
    got = table.to_pandas()
    for column in expected.columns:
        want = expected[column]
        if pd.api.types.is_datetime64_any_dtype(want):
            assert pa.types.is_date32(table.schema.field(column).type)      # a date stays a date
            assert list(pd.to_datetime(got[column])) == list(want)
        elif pd.api.types.is_float_dtype(want):
            assert pa.types.is_floating(table.schema.field(column).type)
            pd.testing.assert_series_equal(got[column].astype(float), want.astype(float), check_names=False)
        else:
            assert [None if pd.isna(v) else v for v in got[column]] == [None if pd.isna(v) else v for v in want]


@pytest.mark.parametrize("url", URLS, ids=lambda u: "&".join(f"{k}={v}" for k, v in u.items()) or "all")
def test_the_data_pages_citations_are_its_sources(download_files, url):
    at = open_page("data", url)
    assert_clean(at)
    listed: set[str] = set()
    for button in at.download_button:
        if button.label.startswith("Download their ") and "sources (CSV)" in button.label and not button.disabled:
            _, text = download_of(at, button.label, download_files)
            listed |= {row["source_id"] for row in csv.DictReader(io.StringIO(text))}
    _, bib = download_of(at, "Download their citations (BibTeX)", download_files)
    _, csl = download_of(at, "Download their citations (CSL-JSON)", download_files)
    assert set(parse_string(bib, "bibtex").entries) == listed
    assert [item["id"] for item in json.loads(csl)] == sorted(listed)


def test_the_map_layers_download_as_geojson(download_files, dbcon):
    at = open_page("map", {"countries": "KGZ"})
    assert_clean(at)
    name, data = bytes_of(at, "Download the map's layers (GeoJSON)", download_files)
    assert name == "map_KGZ.geojson"
    geo = json.loads(data)
    places = db.query(dbcon, queries.map_places(Filters(countries=("KGZ",)), limit=settings.MAP_MAX_PLACES))
    points = {f["id"]: f for f in geo["features"] if f["geometry"]["type"] == "Point"}
    assert {p: f["properties"]["events"] for p, f in points.items()} == dict(zip(places["place_id"], places["events"]))
    assert all(f["properties"]["layer"] == "place" for f in points.values())
    [route] = [f for f in geo["features"] if f["geometry"]["type"] == "LineString"]
    assert route["properties"]["layer"] == "route" and len(route["geometry"]["coordinates"]) >= 2
    bishkek = points["bishkek"]
    assert bishkek["geometry"]["coordinates"] == [float(places.set_index("place_id").loc["bishkek", "lon"]),
                                                  float(places.set_index("place_id").loc["bishkek", "lat"])]
    assert geo["description"] == "Kyrgyzstan · all dates"


def test_every_chart_says_what_it_shows():
    at = open_page("trade")
    assert_clean(at)
    charts = at.get("vega_lite_chart")
    assert charts
    for chart in charts:
        spec = json.loads(chart.proto.spec)
        assert len(spec.get("description", "")) > 30, spec.get("description")
    texts = [c.value for c in at.caption]
    for chart in charts:
        assert json.loads(chart.proto.spec)["description"] in texts


def test_a_charts_data_shows_as_a_table_on_demand():
    at = open_page("trade")
    before = len(at.dataframe)
    at.toggle(key="trade_chart_table").set_value(True).run()
    assert_clean(at)
    assert len(at.dataframe) == before + 1
