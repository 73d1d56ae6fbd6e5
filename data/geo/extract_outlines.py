"""Extract country outlines for the China–Central Asia map into countries.geojson.

What it does
    Reads Natural Earth's 1:110m "Admin 0 - Countries" shapefile and writes
    ``countries.geojson`` (next to this script): a GeoJSON FeatureCollection
    with one Feature per country for the six focus countries (CHN, KAZ, KGZ,
    UZB, TJK, TKM) and their land neighbours shown for context (RUS, MNG, AFG,
    IRN, PAK, IND). Each Feature has exactly three properties:

        iso3   ISO 3166-1 alpha-3 code
        name   English short name, as spelled by Natural Earth
        focus  true for the six focus countries, false for context countries

    Coordinates are [lon, lat] (WGS 84) rounded to 3 decimals, exterior rings
    are counter-clockwise and holes clockwise (RFC 7946 section 3.1.6), and
    multi-part countries (China with Hainan, Russia) stay MultiPolygon.
    The output is compact JSON and byte-for-byte deterministic.

Where the data comes from
    Natural Earth (public domain, https://www.naturalearthdata.com), version
    5.1 of ne_110m_admin_0_countries, as bundled in the PyPI wheel
    geopandas==0.14.4 under geopandas/datasets/naturalearth_lowres/. The
    script reads the shapefile straight out of the wheel; geopandas itself is
    never imported or installed.

    That copy keeps only the columns pop_est, continent, name, iso_a3 and
    gdp_md_est (there is no ADM0_A3 column). When geopandas built it, it
    already replaced Natural Earth's ISO_A3 value "-99" with ADM0_A3 for
    sovereign countries (e.g. France, Norway), and moved Crimea from Russia to
    Ukraine. None of the twelve countries used here is "-99"; the script
    checks that each code occurs exactly once, so a "-99" would fail loudly.

How to rerun (from the repository root)
    pip download --no-deps geopandas==0.14.4 -d /tmp/geo-wheel
    python3 -m venv /tmp/geo-venv && /tmp/geo-venv/bin/pip install pyshp==3.1.6
    /tmp/geo-venv/bin/python data/geo/extract_outlines.py \\
        /tmp/geo-wheel/geopandas-0.14.4-py3-none-any.whl
"""

import io
import json
import sys
import zipfile
from pathlib import Path

import shapefile  # pip package "pyshp"

DEFAULT_WHEEL = Path("/tmp/geo-wheel/geopandas-0.14.4-py3-none-any.whl")
SHAPEFILE_IN_WHEEL = "geopandas/datasets/naturalearth_lowres/naturalearth_lowres"
OUTPUT = Path(__file__).resolve().parent / "countries.geojson"

FOCUS = ["CHN", "KAZ", "KGZ", "UZB", "TJK", "TKM"]
CONTEXT = ["RUS", "MNG", "AFG", "IRN", "PAK", "IND"]  # land neighbours
DECIMALS = 3


def open_shapefile(wheel_path):
    """Open the Natural Earth shapefile stored inside the geopandas wheel."""
    with zipfile.ZipFile(wheel_path) as wheel:
        member = {ext: io.BytesIO(wheel.read(f"{SHAPEFILE_IN_WHEEL}.{ext}"))
                  for ext in ("shp", "shx", "dbf")}
        encoding = wheel.read(f"{SHAPEFILE_IN_WHEEL}.cpg").decode("ascii").strip()
    return shapefile.Reader(**member, encoding=encoding)


def signed_area(ring):
    """Shoelace formula: positive for counter-clockwise rings."""
    return sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in zip(ring, ring[1:])) / 2


def clean_ring(ring, exterior):
    """Round to DECIMALS, drop repeated points, orient per RFC 7946."""
    out = []
    for x, y in ring:
        point = [round(x, DECIMALS) + 0.0, round(y, DECIMALS) + 0.0]  # +0.0: no "-0.0"
        if not out or point != out[-1]:
            out.append(point)
    if len(out) < 4 or out[0] != out[-1]:
        raise ValueError(f"ring degenerated or not closed after rounding: {out}")
    if (signed_area(out) > 0) != exterior:  # exterior must be CCW, holes CW
        out.reverse()
    return out


def clean_polygon(rings):
    return [clean_ring(ring, exterior=(i == 0)) for i, ring in enumerate(rings)]


def to_geometry(shape):
    """GeoJSON geometry for one shapefile polygon record."""
    # pyshp groups the shapefile's rings into exteriors with their holes.
    geo = shape.__geo_interface__
    if geo["type"] == "Polygon":
        return {"type": "Polygon", "coordinates": clean_polygon(geo["coordinates"])}
    if geo["type"] == "MultiPolygon":
        return {"type": "MultiPolygon",
                "coordinates": [clean_polygon(p) for p in geo["coordinates"]]}
    raise ValueError(f"unexpected geometry type {geo['type']}")


def vertex_count(geometry):
    polygons = geometry["coordinates"]
    if geometry["type"] == "Polygon":
        polygons = [polygons]
    return sum(len(ring) for polygon in polygons for ring in polygon)


def main(wheel_path):
    wanted = FOCUS + CONTEXT
    found = {}
    for record in open_shapefile(wheel_path).iterShapeRecords():
        iso3 = record.record["iso_a3"]
        if iso3 in wanted:
            if iso3 in found:
                raise ValueError(f"{iso3} occurs more than once in the shapefile")
            found[iso3] = record
    missing = [code for code in wanted if code not in found]
    if missing:
        raise ValueError(f"not found in the shapefile: {missing}")

    features = []
    for iso3 in wanted:  # fixed order: focus countries first, then context
        record = found[iso3]
        features.append({
            "type": "Feature",
            "properties": {"iso3": iso3, "name": record.record["name"],
                           "focus": iso3 in FOCUS},
            "geometry": to_geometry(record.shape),
        })

    text = json.dumps({"type": "FeatureCollection", "features": features},
                      separators=(",", ":"), ensure_ascii=False)
    OUTPUT.write_bytes(text.encode("utf-8") + b"\n")

    for feature in features:
        props, geometry = feature["properties"], feature["geometry"]
        print(f"{props['iso3']}  {geometry['type']:<12} "
              f"{vertex_count(geometry):>4} vertices  {props['name']}")
    print(f"wrote {OUTPUT} ({OUTPUT.stat().st_size} bytes)")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_WHEEL)
