"""Export layer: query results -> CSV text for downloads, safe to open in a spreadsheet; Parquet with
the result's own types; the map's layers as GeoJSON.

Text cells that a spreadsheet would run as a formula (starting with =, +, -, @, tab or carriage
return; OWASP CSV injection guidance) get a leading apostrophe; numbers stay numbers. A cell with a
line break of any kind is quoted, so it can never split into a new row. Imports pyarrow.

relation_csv has DuckDB write each row's line of a query's result (a download of a million rows
never becomes Python objects). tests/csvtext.py writes the same rows the plain way, with pandas'
to_csv, and the tests hold the two to the same bytes. Imports pyarrow; map_geojson takes frames.
"""
from __future__ import annotations

import csv
import io

import pyarrow as pa

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

# DuckDB types whose text is written as it is: numbers (DuckDB's text of a DOUBLE is Python's repr,
# which pandas writes too; DECIMAL(w, s) too, see _cell_sql) and ISO dates. None can hold a comma, a quote or a line break.
PLAIN_TYPES = {"TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT", "UTINYINT", "USMALLINT", "UINTEGER",
               "UBIGINT", "UHUGEINT", "FLOAT", "DOUBLE", "DATE"}
# In SQL: text starting like a formula (FORMULA_START), and text the csv module would quote (with "\r\n" row ends).
FORMULA_SQL = r"'^[=+\-@\t\r]'"
NEEDS_QUOTES_SQL = r"""'[,"\r\n]'"""


def lf_row_ends(text: str) -> str:
    """CSV text written with "\\r\\n" row ends, with the row ends (outside quotes: the even pieces
    between '"') turned back into "\\n"."""
    pieces = text.split('"')
    pieces[0::2] = [piece.replace("\r\n", "\n") for piece in pieces[0::2]]
    return '"'.join(pieces)


def _cell_sql(column: str, kind: str) -> str:
    """SQL for one column's CSV cell, as tests/csvtext.py's to_csv writes it: NULL is empty, booleans True/False,
    timestamps as dates, text starting like a formula gets an apostrophe, a cell holding a comma, a
    quote or a line break is quoted. `column` and `kind` come from the query's own result."""
    c = '"' + column.replace('"', '""') + '"'
    if kind in PLAIN_TYPES or kind.startswith("DECIMAL("):
        return f"coalesce({c}::varchar, '')"
    if kind == "BOOLEAN":
        text = f"case when {c} then 'True' when not {c} then 'False' end"
    elif kind.startswith("TIMESTAMP"):
        text = f"strftime({c}, '%Y-%m-%d')"
    else:
        text = f"case when regexp_matches({c}::varchar, {FORMULA_SQL}) then '''' || {c}::varchar else {c}::varchar end"
    return (f"coalesce(case when regexp_matches({text}, {NEEDS_QUOTES_SQL}) "
            f"then '\"' || replace({text}, '\"', '\"\"') || '\"' else {text} end, '')")


def csv_lines_sql(columns: list[str], kinds: list[str]) -> str:
    """SQL for one CSV line (ending in a line feed) per row of a result with these columns and types."""
    cells = ", ',', ".join(_cell_sql(c, k) for c, k in zip(columns, kinds))
    return f"concat({cells}, chr(10)) as line"


def _bytes(lines: pa.Array) -> memoryview:
    """A column of CSV lines as UTF-8 bytes back to back: its data buffer, not a copy per row."""
    if not pa.types.is_large_string(lines.type):
        lines = lines.cast(pa.large_string())      # 64-bit offsets: one layout to read
    _, offsets, data = lines.buffers()
    offsets = memoryview(offsets).cast("q")
    return memoryview(data)[offsets[lines.offset]:offsets[lines.offset + len(lines)]]


def relation_csv(relation, rows: int = 100_000) -> bytes:
    """UTF-8 CSV of a DuckDB relation (a query not yet run), read `rows` lines at a time."""
    header = io.StringIO()
    csv.writer(header, lineterminator="\r\n").writerow(relation.columns)
    out: list[bytes | memoryview] = [lf_row_ends(header.getvalue()).encode()]
    lines = relation.select(csv_lines_sql(relation.columns, [str(t) for t in relation.types]))
    out += [_bytes(batch.column(0)) for batch in lines.to_arrow_reader(rows) if batch.num_rows]
    return b"".join(out)


# ---------------------------------------------------------------- Parquet

def relation_parquet(relation, rows: int = 100_000) -> bytes:
    """Parquet of a DuckDB relation (a query not yet run), written `rows` rows at a time: the same
    rows and columns as its CSV, with their types (dates as dates, lists as lists, NULL as null)."""
    import pyarrow.parquet as pq

    reader = relation.to_arrow_reader(rows)
    sink = pa.BufferOutputStream()
    with pq.ParquetWriter(sink, reader.schema, compression="zstd") as writer:
        for batch in reader:
            if batch.num_rows:
                writer.write_batch(batch)
    return sink.getvalue().to_pybytes()


# ---------------------------------------------------------------- GeoJSON

def _plain(value):
    """A cell as a JSON value: NULL/NaN/NaT -> None, dates as YYYY-MM-DD, numpy scalars as Python's.
    (A route without milestones has no status date: pandas holds it as NaT, which would otherwise
    be written as the text "NaT".)"""
    if value is None or type(value).__name__ in ("NaTType", "NAType"):    # pandas' missing values
        return None
    if hasattr(value, "isoformat"):
        return value.isoformat()[:10]
    if hasattr(value, "item"):            # numpy scalar
        value = value.item()
    if isinstance(value, float) and value != value:
        return None
    return value


PLACE_PROPERTIES = ("place_id", "name", "name_local", "country_iso3", "kind", "events", "event_titles")
ROUTE_PROPERTIES = ("project_id", "name", "kind", "status", "status_date", "via")


def map_geojson(places, paths, description: str) -> dict:
    """The map page's layers as a GeoJSON FeatureCollection (RFC 7946, WGS 84 [lon, lat]): one Point
    per place with its number of events in the filter (map_places' rows), one LineString per
    railway route (infrastructure_paths' rows). `description` (the filter in words) is kept as a
    foreign member, as QGIS and geopandas ignore it."""
    features = []
    for r in places.to_dict("records"):
        features.append({"type": "Feature", "id": r["place_id"],
                         "geometry": {"type": "Point", "coordinates": [float(r["lon"]), float(r["lat"])]},
                         "properties": {"layer": "place", **{k: _plain(r.get(k)) for k in PLACE_PROPERTIES if k in r}}})
    for r in paths.to_dict("records"):
        features.append({"type": "Feature", "id": r["project_id"],
                         "geometry": {"type": "LineString",
                                      "coordinates": [[float(x) for x in point] for point in r["path"]]},
                         "properties": {"layer": "route", **{k: _plain(r.get(k)) for k in ROUTE_PROPERTIES if k in r}}})
    return {"type": "FeatureCollection", "description": description, "features": features}
