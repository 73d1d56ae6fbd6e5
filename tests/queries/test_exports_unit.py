"""dashboard/export.py without the pages: what an analyst gets in each download, on small inputs
whose expected bytes and values are worked out by hand (and the fixture database's map layers and
coverage report, read off tests/fixtures/curated/*.csv).

CSV: each kind of cell (numbers, dates, timestamps, booleans, NULL, text that needs quoting or
starts like a formula), the header, the row ends, a result read in several batches. Parquet: the
rows and column types of the result, whatever the batch size. GeoJSON: one Point per place and one
LineString per route, [lon, lat], with their properties as plain JSON values. tests/app/test_exports.py
checks the same files as the pages offer them; these run in a second or two.
"""
from __future__ import annotations

import csv
import io
import json
from datetime import date, datetime

import duckdb
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from dashboard import db, queries, settings
from dashboard.export import _bytes, _plain, lf_row_ends, map_geojson, relation_csv, relation_parquet
from dashboard.filters import Filters


@pytest.fixture
def mem():
    """An in-memory DuckDB for hand-made results."""
    connection = duckdb.connect()
    yield connection
    connection.close()


# ---------------------------------------------------------------- CSV: row ends

@pytest.mark.parametrize("text, expected", [
    ("a,b\r\n1,2\r\n", "a,b\n1,2\n"),
    # A line break inside a quoted cell is the cell's own; only the row ends become "\n".
    ('id,note\r\n1,"two\r\nlines"\r\n2,"say ""hi""\r\n"\r\n', 'id,note\n1,"two\r\nlines"\n2,"say ""hi""\r\n"\n'),
    ('"x\r\ny"\r\n', '"x\r\ny"\n'),
    ("a\rb\r\n", "a\rb\n"),          # a bare carriage return is not a row end
    ("", ""),
])
def test_lf_row_ends_turns_only_the_row_ends_into_line_feeds(text, expected):
    assert lf_row_ends(text) == expected


# ---------------------------------------------------------------- CSV: cells

def one_cell(mem, expression: str) -> bytes:
    """relation_csv of a one-column, one-row result: the header `c`, then the cell."""
    data = relation_csv(mem.sql(f"select {expression} as c"))
    assert data.startswith(b"c\n") and data.endswith(b"\n")
    return data[2:-1]


@pytest.mark.parametrize("expression, cell", [
    # numbers as DuckDB writes them (Python's repr for a DOUBLE), never with an apostrophe
    ("42::integer", b"42"),
    ("-7::bigint", b"-7"),
    ("-7::tinyint", b"-7"),
    ("300::usmallint", b"300"),
    ("170141183460469231731687303715884105727::hugeint", b"170141183460469231731687303715884105727"),
    ("2.5::double", b"2.5"),
    ("-0.25::double", b"-0.25"),
    ("0.1::double", b"0.1"),
    ("22710000000::double", b"22710000000.0"),
    ("1e20::double", b"1e+20"),
    ("1.5::float", b"1.5"),
    # DECIMAL (a literal like -3.2 in SQL, round() of one): a number, so a minus sign is no formula
    ("-3.2", b"-3.2"),
    ("-5.25::decimal(10, 2)", b"-5.25"),
    ("12345678901234.5678::decimal(18, 4)", b"12345678901234.5678"),
    ("null::decimal(10, 2)", b""),
    # dates and timestamps as ISO dates
    ("date '2024-06-06'", b"2024-06-06"),
    ("timestamp '2024-01-02 03:04:05'", b"2024-01-02"),
    ("timestamp '1999-12-31 23:59:59.999'", b"1999-12-31"),
    # booleans as pandas writes them
    ("true", b"True"),
    ("false", b"False"),
    # NULL of any type is an empty cell
    ("null::integer", b""),
    ("null::double", b""),
    ("null::date", b""),
    ("null::timestamp", b""),
    ("null::boolean", b""),
    ("null::varchar", b""),
    # text: as it is, or quoted when it holds a comma, a quote or any line break
    ("'plain text'", b"plain text"),
    ("''", b""),
    ("'Жалал-Абад'", "Жалал-Абад".encode()),
    ("'China, Kyrgyzstan and Uzbekistan'", b'"China, Kyrgyzstan and Uzbekistan"'),
    ("'say \"hi\"'", b'"say ""hi"""'),
    ("'\"'", b'""""'),
    ("'two' || chr(10) || 'lines'", b'"two\nlines"'),
    ("'cr' || chr(13) || 'only'", b'"cr\ronly"'),
    ("'crlf' || chr(13) || chr(10) || 'inside'", b'"crlf\r\ninside"'),
    ("'a;b'", b"a;b"),
    # text starting like a formula gets an apostrophe (then quoting, if it needs it)
    ("'=1+1'", b"'=1+1"),
    ("'+SUM(1)'", b"'+SUM(1)"),
    ("'-2+3 note'", b"'-2+3 note"),
    ("'@SUM(1+1)'", b"'@SUM(1+1)"),
    ("chr(9) || 'tab'", b"'\ttab"),
    ("chr(13) || 'cr'", b"\"'\rcr\""),
    ("'=HYPERLINK(\"http://x\",\"y\")'", b'"\'=HYPERLINK(""http://x"",""y"")"'),
    ("'=SUM(1,2)'", b"\"'=SUM(1,2)\""),
    ("'x=1'", b"x=1"),           # only the first character counts
    ("'-'", b"'-"),
])
def test_each_kind_of_cell(mem, expression, cell):
    assert one_cell(mem, expression) == cell


def test_a_whole_row_and_its_header(mem):
    rel = mem.sql("""select 'bishkek' as place_id, 'Bishkek, "the capital"' as name, 42.8747::double as lat,
                            date '2025-11-19' as start_date, 3::bigint as events, true as bilateral,
                            null::varchar as notes""")
    assert relation_csv(rel) == (b"place_id,name,lat,start_date,events,bilateral,notes\n"
                                 b'bishkek,"Bishkek, ""the capital""",42.8747,2025-11-19,3,True,\n')


def test_column_names_are_quoted_in_the_header_and_in_the_sql(mem):
    rel = mem.sql('select 1 as "a""b", 2 as "c,d", \'x\' as "e""f", date \'2024-01-02\' as "g ""h""", '
                  'timestamp \'2024-01-02 10:00\' as "t""s", false as "b""ool"')
    assert relation_csv(rel) == b'"a""b","c,d","e""f","g ""h""","t""s","b""ool"\n1,2,x,2024-01-02,2024-01-02,False\n'


def test_an_empty_result_is_its_header(mem):
    assert relation_csv(mem.sql("select 1 as a, 'x' as b where false")) == b"a,b\n"


# ---------------------------------------------------------------- CSV: batches

ROWS_SQL = """select range as i, 'row ' || range || case when range % 4 = 1 then ',' || chr(10) || 'more' else '' end as s
              from range(10) order by i"""


def expected_rows_csv() -> bytes:
    lines = ["i,s"]
    for i in range(10):
        lines.append(f'{i},"row {i},\nmore"' if i % 4 == 1 else f"{i},row {i}")
    return ("\n".join(lines) + "\n").encode()


@pytest.mark.parametrize("rows", [1, 3, 4, 9, 10, 11, 100_000])
def test_a_result_in_many_batches_comes_out_whole_and_in_order(mem, rows):
    assert relation_csv(mem.sql(ROWS_SQL), rows) == expected_rows_csv()


def test_the_default_batch_gives_the_same_bytes(mem):
    assert relation_csv(mem.sql(ROWS_SQL)) == expected_rows_csv()


@pytest.mark.parametrize("rows", [1, 2, 5])
def test_a_fixture_download_is_the_same_in_any_batch_size(con, rows):
    q = queries.events(Filters())
    whole = db.stream(con, q, relation_csv)
    assert db.stream(con, q, lambda rel: relation_csv(rel, rows)) == whole
    header, *body = list(csv.reader(io.StringIO(whole.decode())))
    assert header == list(db.query(con, q).columns)
    # newest first, as the query gives them (tests/queries/test_queries.py's ALL_EVENTS)
    assert [r[0] for r in body] == ["2025-11-19-cn-kg-fm-strategic-dialogue", "2025-04-25-cn-kz-strategic-dialogue",
                                    "2025-04-wang-yi-central-asia-visits", "2024-12-27-cku-construction-launch",
                                    "2024-06-06-cku-railway-agreement"]


# ---------------------------------------------------------------- _bytes

@pytest.mark.parametrize("kind", [pa.string(), pa.large_string()])
def test_bytes_is_the_lines_back_to_back(kind):
    lines = pa.array(["a\n", "bc\n", "Жалал\n", "d,e\n"], type=kind)
    assert bytes(_bytes(lines)) == "a\nbc\nЖалал\nd,e\n".encode()
    # a slice (a batch with an offset into a shared buffer) gives only its own lines
    assert bytes(_bytes(lines.slice(1, 2))) == "bc\nЖалал\n".encode()
    assert bytes(_bytes(lines.slice(3))) == b"d,e\n"
    assert bytes(_bytes(lines.slice(2, 0))) == b""


# ---------------------------------------------------------------- Parquet

MIXED_SQL = """select * from (values
    (1, 10::bigint, 2.5::double, date '2024-06-06', timestamp '2024-06-06 13:45:00', true, 'Bishkek, "KGZ"', [1, 2]),
    (null, null, null, null, null, null, null, null),
    (-3, -20::bigint, -0.5::double, date '1999-12-31', timestamp '2000-01-01 00:00:00', false, 'Жалал' || chr(10) || 'Абад', []),
    (4, 40::bigint, 1e20::double, date '2025-01-01', timestamp '2025-01-01 12:00:00', null, '=1+1', [null, 5]),
    (5, 50::bigint, 0.1::double, date '2025-02-28', timestamp '2025-02-28 23:59:59', true, '', null)
) t(i, b, d, dt, ts, flag, s, l) order by i nulls last"""

MIXED_ROWS = [
    {"i": -3, "b": -20, "d": -0.5, "dt": date(1999, 12, 31), "ts": datetime(2000, 1, 1), "flag": False,
     "s": "Жалал\nАбад", "l": []},
    {"i": 1, "b": 10, "d": 2.5, "dt": date(2024, 6, 6), "ts": datetime(2024, 6, 6, 13, 45), "flag": True,
     "s": 'Bishkek, "KGZ"', "l": [1, 2]},
    {"i": 4, "b": 40, "d": 1e20, "dt": date(2025, 1, 1), "ts": datetime(2025, 1, 1, 12), "flag": None,
     "s": "=1+1", "l": [None, 5]},
    {"i": 5, "b": 50, "d": 0.1, "dt": date(2025, 2, 28), "ts": datetime(2025, 2, 28, 23, 59, 59), "flag": True,
     "s": "", "l": None},
    {"i": None, "b": None, "d": None, "dt": None, "ts": None, "flag": None, "s": None, "l": None},
]


def is_text(t: pa.DataType) -> bool:
    return pa.types.is_string(t) or pa.types.is_large_string(t) or pa.types.is_string_view(t)


def read_parquet(data: bytes) -> pa.Table:
    assert data[:4] == b"PAR1" and data[-4:] == b"PAR1"
    return pq.read_table(io.BytesIO(data))


@pytest.mark.parametrize("rows", [1, 2, 5, 100_000])
def test_parquet_holds_the_rows_with_their_types(mem, rows):
    table = read_parquet(relation_parquet(mem.sql(MIXED_SQL), rows))
    assert table.column_names == ["i", "b", "d", "dt", "ts", "flag", "s", "l"]
    schema = table.schema
    assert schema.field("i").type == pa.int32() and schema.field("b").type == pa.int64()
    assert schema.field("d").type == pa.float64() and schema.field("dt").type == pa.date32()
    assert pa.types.is_timestamp(schema.field("ts").type) and schema.field("ts").type.tz is None
    assert schema.field("flag").type == pa.bool_() and is_text(schema.field("s").type)
    assert pa.types.is_list(schema.field("l").type) and schema.field("l").type.value_type == pa.int32()
    assert table.to_pylist() == MIXED_ROWS       # NULL as null, lists as lists, in the result's order


def test_parquet_is_written_a_batch_at_a_time_compressed(mem):
    meta = pq.ParquetFile(io.BytesIO(relation_parquet(mem.sql(MIXED_SQL), 2))).metadata
    assert meta.num_rows == 5
    assert [meta.row_group(g).num_rows for g in range(meta.num_row_groups)] == [2, 2, 1]
    assert {meta.row_group(g).column(c).compression
            for g in range(meta.num_row_groups) for c in range(meta.num_columns)} == {"ZSTD"}


def test_an_empty_result_is_a_parquet_file_with_its_columns(mem):
    table = read_parquet(relation_parquet(mem.sql("select 1::integer as i, date '2024-01-01' as d, 'x' as s where false")))
    assert table.num_rows == 0 and table.column_names == ["i", "d", "s"]
    assert table.schema.field("i").type == pa.int32() and table.schema.field("d").type == pa.date32()
    assert is_text(table.schema.field("s").type)


KGZ_YEAR = Filters(countries=("KGZ",), start=date(2024, 7, 1), end=date(2025, 6, 30))
DOWNLOADS = {
    "events": queries.events(KGZ_YEAR),
    "events-all": queries.events(Filters()),
    "trade": queries.trade_rows(KGZ_YEAR),
    "trade-all": queries.trade_rows(Filters()),
    "places": queries.places_rows(KGZ_YEAR),
    "sources": queries.sources_for_events(Filters()),
    "coverage": queries.coverage(),
}
ARROW_OF = {"VARCHAR": is_text, "DATE": pa.types.is_date32, "BIGINT": pa.types.is_int64,
            "INTEGER": pa.types.is_int32, "DOUBLE": pa.types.is_float64, "BOOLEAN": pa.types.is_boolean}


@pytest.mark.parametrize("q", list(DOWNLOADS.values()), ids=list(DOWNLOADS))
def test_a_parquet_download_reads_back_as_the_query_and_its_csv(con, q):
    table = read_parquet(db.stream(con, q, lambda rel: relation_parquet(rel, 2)))
    kinds = db.stream(con, q, lambda rel: [str(t) for t in rel.types])
    expected = con.execute(q.sql, q.parameters).fetchall()
    assert expected, "pick a filter with rows"
    assert [tuple(r.values()) for r in table.to_pylist()] == expected
    for field, kind in zip(table.schema, kinds):
        check = ARROW_OF.get(kind)
        assert check is None or check(field.type), (field.name, kind, field.type)
    header, *rows = list(csv.reader(io.StringIO(db.stream(con, q, relation_csv).decode())))
    assert table.column_names == header and table.num_rows == len(rows)
    frame = db.query(con, q)
    assert list(frame.columns) == header and len(frame) == len(rows)


# ---------------------------------------------------------------- GeoJSON values

@pytest.mark.parametrize("value, expected", [
    (None, None),
    (float("nan"), None),
    (np.float64("nan"), None),
    (np.float32("nan"), None),
    (2.5, 2.5),
    (0.0, 0.0),
    (-1.25, -1.25),
    (np.float64(42.8747), 42.8747),
    (0, 0),
    (7, 7),
    (np.int64(3), 3),
    (np.int32(-4), -4),
    (np.bool_(True), True),
    (False, False),
    ("Бишкек", "Бишкек"),
    ("", ""),
    ("<b>Bishkek</b> · 2 events", "<b>Bishkek</b> · 2 events"),   # text is passed as it is: no HTML is added or taken away
    (date(2024, 6, 6), "2024-06-06"),
    (datetime(2024, 6, 6, 13, 45, 30), "2024-06-06"),
    (pd.Timestamp("2025-11-01 00:00:00"), "2025-11-01"),
    (pd.Timestamp("2025-11-01 23:59:59"), "2025-11-01"),
])
def test_plain_makes_a_cell_a_json_value(value, expected):
    got = _plain(value)
    assert got == expected and type(got) is type(expected)


@pytest.mark.parametrize("missing", [None, float("nan"), np.float64("nan"), pd.NaT, pd.NA])
def test_plain_writes_every_kind_of_missing_value_as_null(missing):
    """A route without milestones has no status date (NaT in pandas): null in the GeoJSON, not "NaT"."""
    assert _plain(missing) is None


def test_a_route_without_a_status_date_downloads_it_as_null():
    paths = pd.DataFrame({"project_id": ["rail"], "name": ["Railway"], "kind": ["railway"], "status": [None],
                          "status_date": [pd.NaT], "path": [[[75.99, 39.47], [73.0, 40.93]]], "via": ["A → B"]})
    places = pd.DataFrame(columns=["place_id", "name", "name_local", "country_iso3", "kind", "lat", "lon", "events",
                                   "event_titles"])
    collection = json.loads(json.dumps(map_geojson(places, paths, "all"), allow_nan=False))
    [route] = collection["features"]
    assert route["properties"]["status_date"] is None and route["properties"]["status"] is None


def test_plain_turns_numpy_scalars_into_pythons():
    for value, kind in ((np.int64(3), int), (np.float64(2.5), float), (np.bool_(False), bool), (np.str_("x"), str)):
        assert type(_plain(value)) is kind
    assert json.dumps([_plain(np.int64(3)), _plain(np.float64(0.5)), _plain(np.float64("nan"))]) == "[3, 0.5, null]"


# ---------------------------------------------------------------- GeoJSON of the fixture database

# places.csv, in place_id order (map_places' order); the events in Kyrgyzstan's filter held at each
# (events.csv: the agreement in Beijing, the launch at Jalal-Abad, the dialogue in Bishkek; Almaty's
# dialogue is China-Kazakhstan's, the tour has no place).
KGZ_PLACES = [
    ("almaty", "Almaty", "Алматы", "KAZ", "city", 43.2775, 76.8958, 0, None),
    ("beijing", "Beijing", "北京", "CHN", "capital", 39.9139, 116.3917, 1,
     "China, Kyrgyzstan and Uzbekistan sign the railway agreement"),
    ("bishkek", "Bishkek", "Бишкек", "KGZ", "capital", 42.8747, 74.6122, 1,
     "First China–Kyrgyzstan foreign ministers' strategic dialogue"),
    ("jalal_abad", "Jalal-Abad", "Жалал-Абад", "KGZ", "railway_node", 40.9333, 73.0, 1,
     "Construction of the China–Kyrgyzstan–Uzbekistan railway launched"),
    ("kashgar", "Kashgar (Kashi)", "喀什", "CHN", "railway_node", 39.4681, 75.9938, 0, None),
    ("tashkent", "Tashkent", "Toshkent", "UZB", "capital", 41.3111, 69.2797, 0, None),
    ("torugart", "Torugart Pass", "Торугарт", "KGZ", "border_crossing", 40.5925, 75.4272, 0, None),
]
# infrastructure*.csv: the route Kashgar -> Torugart -> Jalal-Abad; its latest milestone (2025-11-01).
CKU_ROUTE = {
    "type": "Feature", "id": "cku_railway",
    "geometry": {"type": "LineString", "coordinates": [[75.9938, 39.4681], [75.4272, 40.5925], [73.0, 40.9333]]},
    "properties": {"layer": "route", "project_id": "cku_railway", "name": "China–Kyrgyzstan–Uzbekistan railway",
                   "kind": "railway", "status": "under_construction", "status_date": "2025-11-01",
                   "via": "Kashgar (Kashi) → Torugart Pass → Jalal-Abad"},
}


def place_feature(place_id, name, name_local, iso3, kind, lat, lon, events, titles) -> dict:
    return {"type": "Feature", "id": place_id,
            "geometry": {"type": "Point", "coordinates": [lon, lat]},
            "properties": {"layer": "place", "place_id": place_id, "name": name, "name_local": name_local,
                           "country_iso3": iso3, "kind": kind, "events": events, "event_titles": titles}}


def test_the_map_layers_of_the_fixture_database(con):
    f = Filters(countries=("KGZ",))
    places = db.query(con, queries.map_places(f, limit=settings.MAP_MAX_PLACES))
    paths = db.query(con, queries.infrastructure_paths())
    geo = map_geojson(places, paths, f.describe())
    assert geo == {"type": "FeatureCollection", "description": "Kyrgyzstan · all dates",
                   "features": [place_feature(*p) for p in KGZ_PLACES] + [CKU_ROUTE]}
    # as the download writes it: plain JSON (no numpy value left), the same after a round trip
    text = json.dumps(geo, ensure_ascii=False, allow_nan=False)
    assert json.loads(text) == geo
    for feature in geo["features"]:
        assert type(feature["properties"].get("events", 0)) is int
        points = feature["geometry"]["coordinates"]
        for lon, lat in (points if feature["geometry"]["type"] == "LineString" else [points]):
            assert type(lon) is float and type(lat) is float
            assert 60 < lon < 120 and 35 < lat < 45      # Central Asia and China: [lon, lat], not [lat, lon]


def test_every_place_drawn_is_a_feature_whatever_the_filter(con):
    f = Filters(start=date(1990, 1, 1), end=date(1990, 12, 31))
    places = db.query(con, queries.map_places(f, limit=settings.MAP_MAX_PLACES))
    geo = map_geojson(places, db.query(con, queries.infrastructure_paths()), f.describe())
    points = [x for x in geo["features"] if x["geometry"]["type"] == "Point"]
    assert [x["id"] for x in points] == [p[0] for p in KGZ_PLACES]
    assert [x["properties"]["events"] for x in points] == [0] * 7
    assert all(x["properties"]["event_titles"] is None for x in points)
    assert geo["description"] == "All countries · 1990-01-01 – 1990-12-31"


# ---------------------------------------------------------------- GeoJSON of hand-made layers

def test_geojson_keeps_only_the_layer_properties_it_has():
    places = pd.DataFrame({"place_id": ["p1", "p2"], "lat": [41.5, -33.25], "lon": [69.0, -70.75],
                           "events": np.array([2, 0], dtype="int64"), "name": ["Here, there", None],
                           "places_total": [2, 2], "colour": ["red", "blue"]})
    paths = pd.DataFrame({"project_id": ["r1", "r2"],
                          "path": [[[70, 40], [71.5, 40.5]], np.array([np.array([1.0, 2.0]), np.array([3.0, 4.0]),
                                                                        np.array([5.0, 6.0])], dtype=object)],
                          "status": ["agreed", None],
                          "status_date": pd.to_datetime(["2024-06-06 00:00", "2023-01-31 08:00"]),
                          "extra": [1, 2]})
    geo = map_geojson(places, paths, "hand-made")
    assert geo == {"type": "FeatureCollection", "description": "hand-made", "features": [
        {"type": "Feature", "id": "p1", "geometry": {"type": "Point", "coordinates": [69.0, 41.5]},
         "properties": {"layer": "place", "place_id": "p1", "name": "Here, there", "events": 2}},
        {"type": "Feature", "id": "p2", "geometry": {"type": "Point", "coordinates": [-70.75, -33.25]},
         "properties": {"layer": "place", "place_id": "p2", "name": None, "events": 0}},
        {"type": "Feature", "id": "r1", "geometry": {"type": "LineString", "coordinates": [[70.0, 40.0], [71.5, 40.5]]},
         "properties": {"layer": "route", "project_id": "r1", "status": "agreed", "status_date": "2024-06-06"}},
        {"type": "Feature", "id": "r2",
         "geometry": {"type": "LineString", "coordinates": [[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]]},
         "properties": {"layer": "route", "project_id": "r2", "status": None, "status_date": "2023-01-31"}},
    ]}
    first = geo["features"][0]
    assert type(first["properties"]["events"]) is int
    assert all(type(v) is float for v in first["geometry"]["coordinates"])
    assert all(type(v) is float for point in geo["features"][2]["geometry"]["coordinates"] for v in point)
    json.dumps(geo, allow_nan=False)


def test_empty_layers_are_an_empty_feature_collection():
    places = pd.DataFrame({"place_id": [], "lat": [], "lon": []})
    paths = pd.DataFrame({"project_id": [], "path": []})
    assert map_geojson(places, paths, "nothing") == {"type": "FeatureCollection", "description": "nothing",
                                                     "features": []}


def test_routes_alone():
    places = pd.DataFrame({"place_id": [], "lat": [], "lon": []})
    paths = pd.DataFrame({"project_id": ["r"], "path": [[[1, 2], [3, 4]]], "name": ["R"], "kind": ["railway"],
                          "via": ["A → B"]})
    assert map_geojson(places, paths, "d")["features"] == [
        {"type": "Feature", "id": "r", "geometry": {"type": "LineString", "coordinates": [[1.0, 2.0], [3.0, 4.0]]},
         "properties": {"layer": "route", "project_id": "r", "name": "R", "kind": "railway", "via": "A → B"}}]


# ---------------------------------------------------------------- coverage report

def test_coverage_gives_the_coverage_table(con):
    q = queries.coverage()
    assert q.name == "coverage" and q.parameters == {}
    df = db.query(con, q)
    assert list(df.columns) == ["section", "country_iso3", "period", "label", "value", "note"]
    table = con.execute("select section, country_iso3, period, label, value, note from coverage").fetchall()
    got = con.execute(q.sql).fetchall()
    assert len(got) == len(df) == len(table) == con.execute("select count(*) from coverage").fetchone()[0] > 0
    key = lambda r: tuple((v is None, v) for v in r)    # noqa: E731
    assert sorted(got, key=key) == sorted(table, key=key)
    # by section, then country (none first), period (none first), label, note
    assert [r[0] for r in got] == sorted(r[0] for r in got)
    rows = set(got)
    # counted off tests/fixtures/curated: 5 events, 7 places, 9 sources, 7 trade figures, 3 milestones
    for label, n in (("events", 5.0), ("places", 7.0), ("sources", 9.0), ("trade figures", 7.0),
                     ("infrastructure milestones", 3.0), ("agreements", 2.0), ("people", 5.0)):
        assert ("record", None, None, label, n, None) in rows
    # Kyrgyzstan: the agreement and the launch in 2024, the dialogue and the tour in 2025 (one bilateral)
    assert ("events per country and year", "KGZ", 2024, "events", 2.0, "0 bilateral") in rows
    assert ("events per country and year", "KGZ", 2025, "events", 2.0, "1 bilateral") in rows
    assert ("events per country and year", "KAZ", 2025, "events", 2.0, "1 bilateral") in rows
    assert ("events per type", None, None, "strategic_dialogue", 2.0, None) in rows
    assert ("gaps", None, 2025, "in-person event without a place", None, "2025-04-wang-yi-central-asia-visits") in rows
    # 6 sources over 5 events
    assert ("sources per event", None, None, "mean", 1.2, "5 events") in rows


def test_coverage_as_csv(con):
    text = db.stream(con, queries.coverage(), relation_csv).decode()
    lines = text.split("\n")
    assert lines[0] == "section,country_iso3,period,label,value,note" and lines[-1] == ""
    assert len(lines) == 2 + con.execute("select count(*) from coverage").fetchone()[0]
    assert "record,,,places,7.0," in lines
    assert "events per country and year,KGZ,2024,events,2.0,0 bilateral" in lines
    assert "sources per event,,,mean,1.2,5 events" in lines
    assert "gaps,,2025,in-person event without a place,,2025-04-wang-yi-central-asia-visits" in lines
