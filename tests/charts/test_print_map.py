"""The brief's static print map (charts.region_map_chart): the projection shows the whole region,
centred, widened to every place drawn, and the outlines are the clockwise-wound features.

The projection is checked against Mercator written out here (d3's, which Vega draws with: x grows
with longitude, y with the Mercator ordinate, the centre at the middle of the view), not against
the module's own helper."""
from __future__ import annotations

import math

import pandas as pd
import pytest

from dashboard import charts
from tests.charts.test_charts import GEO, PATHS, PLACES


def mercator_y(lat: float) -> float:
    return math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))


def project(projection: dict, lon: float, lat: float, width: int, height: int) -> tuple[float, float]:
    """Pixel position of (lon, lat) under a Vega Mercator projection {scale, center} in a width x
    height view (Vega's default translate: the view's middle)."""
    k = projection["scale"]
    lon0, lat0 = projection["center"]
    return (width / 2 + k * math.radians(lon - lon0),
            height / 2 - k * (mercator_y(lat) - mercator_y(lat0)))


def corners(frame):
    west, south, east, north = frame
    return [(west, south), (west, north), (east, south), (east, north)]


FRAMES = [
    (charts.REGION_FRAME, 680, 440),      # the brief's frame: wider than tall
    ((40.0, 30.0, 120.0, 50.0), 600, 600),  # very wide: the width limits the scale
    ((60.0, 20.0, 70.0, 60.0), 800, 300),   # tall: the height limits the scale
]


@pytest.mark.parametrize("frame,width,height", FRAMES)
def test_fitted_mercator_shows_the_whole_frame_centred_and_as_large_as_fits(frame, width, height):
    projection = charts._fitted_mercator(frame, width, height).to_dict()
    assert projection["type"] == "mercator"
    points = [project(projection, lon, lat, width, height) for lon, lat in corners(frame)]
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    # Inside the view ...
    assert min(xs) >= -1e-6 and max(xs) <= width + 1e-6
    assert min(ys) >= -1e-6 and max(ys) <= height + 1e-6
    # ... centred (equal margins left and right, top and bottom) ...
    assert min(xs) == pytest.approx(width - max(xs), abs=1e-6)
    assert min(ys) == pytest.approx(height - max(ys), abs=1e-6)
    # ... and touching two opposite edges: no smaller frame than fits.
    assert (max(xs) - min(xs) == pytest.approx(width, abs=1e-6)
            or max(ys) - min(ys) == pytest.approx(height, abs=1e-6))


def test_the_limiting_side_is_the_one_that_fills_the_view():
    wide = charts._fitted_mercator((40.0, 30.0, 120.0, 50.0), 600, 600).to_dict()
    tall = charts._fitted_mercator((60.0, 20.0, 70.0, 60.0), 800, 300).to_dict()
    assert wide["scale"] == pytest.approx(600 / math.radians(80))
    assert tall["scale"] == pytest.approx(300 / (mercator_y(60) - mercator_y(20)))
    # The centre's longitude is the frame's middle; its latitude the middle of the Mercator ordinates
    # (north of the plain average: the projection stretches towards the pole).
    assert wide["center"][0] == pytest.approx(80.0)
    assert tall["center"][1] == pytest.approx(
        math.degrees(2 * math.atan(math.exp((mercator_y(60) + mercator_y(20)) / 2)) - math.pi / 2))
    assert tall["center"][1] > 40.0


def layers(chart) -> list[dict]:
    return chart.to_dict()["layer"]


def places_at(*points) -> pd.DataFrame:
    return pd.DataFrame({
        "place_id": [f"p{k}" for k in range(len(points))], "name": [f"Place {k}" for k in range(len(points))],
        "kind": ["city"] * len(points), "lat": [p[1] for p in points], "lon": [p[0] for p in points],
        "events": [1] * len(points)})


def test_the_map_frame_is_the_region_when_every_place_lies_inside_it():
    chart = charts.region_map_chart(GEO, PLACES, PATHS, width=500, height=400)
    expected = charts._fitted_mercator(charts.REGION_FRAME, 500, 400).to_dict()
    for layer in layers(chart):
        assert layer["projection"] == expected
    spec = chart.to_dict()
    assert (spec["width"], spec["height"]) == (500, 400)


def test_the_map_frame_widens_to_places_beyond_the_region_with_three_degrees_to_spare():
    # West of the Caspian, east of Xinjiang, south of the Hindu Kush, north of Astana.
    outside = places_at((45.0, 40.0), (100.0, 40.0), (70.0, 30.0), (70.0, 60.0))
    chart = charts.region_map_chart(GEO, outside, PATHS, width=600, height=450)
    frame = (42.0, 27.0, 103.0, 63.0)
    expected = charts._fitted_mercator(frame, 600, 450).to_dict()
    for layer in layers(chart):
        assert layer["projection"]["scale"] == pytest.approx(expected["scale"])
        assert layer["projection"]["center"] == pytest.approx(expected["center"])
    # Every place drawn at least three degrees inside the view's edge on the limiting side, and inside it.
    projection = layers(chart)[0]["projection"]
    for lon, lat in zip(outside["lon"], outside["lat"]):
        x, y = project(projection, lon, lat, 600, 450)
        assert 0 < x < 600 and 0 < y < 450


@pytest.mark.parametrize("side,point,frame", [
    ("west", (47.0, 45.0), (44.0, 35.0, 90.0, 55.5)),
    ("south", (70.0, 33.0), (51.5, 30.0, 90.0, 55.5)),
    ("east", (89.0, 45.0), (51.5, 35.0, 92.0, 55.5)),
    ("north", (70.0, 54.0), (51.5, 35.0, 90.0, 57.0)),
])
def test_each_side_of_the_frame_widens_on_its_own(side, point, frame):
    chart = charts.region_map_chart(GEO, places_at(point), PATHS.iloc[0:0], width=640, height=420)
    got = layers(chart)[0]["projection"]
    expected = charts._fitted_mercator(frame, 640, 420).to_dict()
    assert got["scale"] == pytest.approx(expected["scale"]), side
    assert got["center"] == pytest.approx(expected["center"]), side


def test_the_outlines_are_the_features_wound_clockwise_clipped_to_the_view():
    outline = layers(charts.region_map_chart(GEO, PLACES, PATHS))[0]
    assert outline["mark"]["type"] == "geoshape"
    assert outline["mark"]["clip"] is True                      # nothing drawn beyond the frame
    assert outline["mark"]["stroke"] == charts._hex(charts.OUTLINE)
    assert outline["data"]["values"] == [charts._clockwise(f) for f in GEO["features"]]
    ring = outline["data"]["values"][0]["geometry"]["coordinates"][0]
    signed = sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in zip(ring, ring[1:]))
    assert signed < 0                                           # clockwise in the lon/lat plane
    fill = outline["encoding"]["fill"]
    assert fill["field"] == "properties.focus"
    assert fill["scale"] == {"domain": [True, False], "range": [charts._hex(charts.FOCUS_FILL), "#ececec"]}


def test_the_map_with_no_places_keeps_the_region_frame_and_draws_only_outlines_and_routes():
    chart = charts.region_map_chart(GEO, PLACES.iloc[0:0], PATHS, width=500, height=400)
    drawn = layers(chart)
    assert [layer["mark"]["type"] for layer in drawn] == ["geoshape", "line"]
    assert drawn[0]["projection"] == charts._fitted_mercator(charts.REGION_FRAME, 500, 400).to_dict()
