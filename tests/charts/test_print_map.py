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
    outline = layers(charts.region_map_chart(GEO, PLACES, PATHS, width=680, height=440))[0]
    assert outline["mark"]["type"] == "geoshape"
    assert outline["mark"]["clip"] is True                      # nothing drawn beyond the frame
    assert outline["mark"]["stroke"] == charts._hex(charts.OUTLINE)
    assert outline["data"]["values"] == [charts._clockwise(f) for f in GEO["features"]]
    ring = outline["data"]["values"][0]["geometry"]["coordinates"][0]
    signed = sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in zip(ring, ring[1:]))
    assert signed < 0                                           # clockwise in the lon/lat plane
    fill = outline["encoding"]["fill"]
    assert fill["field"] == "properties.focus"
    assert fill["legend"] is None                               # no "true / false" key on a printed map
    assert fill["scale"] == {"domain": [True, False], "range": [charts._hex(charts.FOCUS_FILL), "#ececec"]}


def test_the_map_with_no_places_keeps_the_region_frame_and_draws_only_outlines_and_routes():
    chart = charts.region_map_chart(GEO, PLACES.iloc[0:0], PATHS, width=500, height=400)
    drawn = layers(chart)
    assert [layer["mark"]["type"] for layer in drawn] == ["geoshape", "line"]
    assert drawn[0]["projection"] == charts._fitted_mercator(charts.REGION_FRAME, 500, 400).to_dict()


# ---------------------------------------------------------------- the layers over the outlines

def layer_rows(spec: dict, layer: dict) -> list[dict]:
    """A layer's rows: inline values, or the top-level dataset its data names."""
    data = layer["data"]
    return data["values"] if "values" in data else spec["datasets"][data["name"]]


def channels(layer: dict) -> dict:
    """{channel: (field, type)} of a layer's encoding."""
    return {name: (enc.get("field"), enc.get("type")) for name, enc in layer["encoding"].items()}


MANY = pd.DataFrame({
    "place_id": ["p01", "p02", "p03", "p04", "p05", "p06", "p07", "p08", "p09", "p10", "p11", "p12", "p13", "p14",
                 "p15"],
    "name": ["Osh", "Almaty", "Bishkek", "Kashgar", "Naryn", "Andijan", "Astana", "Dushanbe", "Tashkent",
             "Ashgabat", "Khorgos", "Torugart", "Irkeshtam", "Urumqi", "Zhetysu"],
    "kind": ["city", "city", "capital", "railway_node", "city", "railway_node", "capital", "capital", "capital",
             "capital", "border_crossing", "border_crossing", "border_crossing", "spaceport", "city"],
    "lat": [40.5 + k * 0.5 for k in range(15)], "lon": [60.0 + k * 1.5 for k in range(15)],
    "events": [5, 9, 9, 0, 1, 0, 0, 0, 0, 0, 2, 0, 0, 3, 0],
})


def print_map(places=MANY, paths=PATHS) -> tuple[dict, dict]:
    """The spec, and its layers by mark: geoshape, line, events (the sized circles), places, labels."""
    spec = charts.region_map_chart(GEO, places, paths, width=600, height=400).to_dict()
    by = {}
    for layer in spec["layer"]:
        mark = layer["mark"]["type"]
        key = "events" if mark == "circle" and "size" in layer["encoding"] else (
            "places" if mark == "circle" else {"text": "labels"}.get(mark, mark))
        by[key] = layer
    return spec, by


def test_the_route_is_drawn_through_its_points_in_order_lon_then_lat():
    two = pd.DataFrame({"name": ["Railway", "Road"], "path": [[[75.99, 39.47], [73.0, 40.93], [72.8, 40.5]],
                                                              [[69.2, 41.3], [71.6, 40.9]]]})
    spec, by = print_map(paths=two)
    line = by["line"]
    assert line["mark"] == {"type": "line", "color": charts._hex(charts.ROUTE_COLOR), "strokeWidth": 2.5}
    assert channels(line) == {"longitude": ("lon", "quantitative"), "latitude": ("lat", "quantitative"),
                              "order": ("seq", "quantitative"), "detail": ("route", "nominal")}
    assert layer_rows(spec, line) == [
        {"route": "Railway", "seq": 0, "lon": 75.99, "lat": 39.47}, {"route": "Railway", "seq": 1, "lon": 73.0, "lat": 40.93},
        {"route": "Railway", "seq": 2, "lon": 72.8, "lat": 40.5},
        {"route": "Road", "seq": 0, "lon": 69.2, "lat": 41.3}, {"route": "Road", "seq": 1, "lon": 71.6, "lat": 40.9}]


def test_event_circles_are_the_places_holding_events_sized_by_their_count():
    spec, by = print_map()
    circles = by["events"]
    assert [(r["name"], r["events"]) for r in layer_rows(spec, circles)] == [
        ("Osh", 5), ("Almaty", 9), ("Bishkek", 9), ("Naryn", 1), ("Khorgos", 2), ("Urumqi", 3)]   # not the 0s
    assert channels(circles) == {"longitude": ("lon", "quantitative"), "latitude": ("lat", "quantitative"),
                                 "size": ("events", "quantitative")}
    size = circles["encoding"]["size"]
    assert size["scale"] == {"range": [40, 1400]}
    assert size["title"] == "Events in the filter"
    assert size["legend"] == {"symbolFillColor": charts._hex(charts.EVENT_COLOR), "symbolStrokeColor": "#78000a"}
    assert circles["mark"] == {"type": "circle", "color": charts._hex(charts.EVENT_COLOR), "opacity": 0.55,
                               "stroke": "#78000a", "strokeWidth": 0.8}


def test_no_event_circles_when_no_place_holds_an_event():
    spec, by = print_map(places=MANY.assign(events=0))
    assert "events" not in by and "places" in by


def test_every_place_is_a_dot_coloured_by_its_kind():
    spec, by = print_map()
    dots = by["places"]
    rows = layer_rows(spec, dots)
    assert [(r["name"], r["kind_label"], r["events"]) for r in rows][:4] == [
        ("Osh", "City", 5), ("Almaty", "City", 9), ("Bishkek", "Capital", 9), ("Kashgar", "Railway node", 0)]
    assert rows[13]["kind_label"] == "spaceport"           # a kind without a label keeps its own name
    assert all(isinstance(r["events"], int) for r in rows)
    # Counts are drawn as whole numbers whatever number type the query gives them in.
    spec, by = print_map(places=MANY.assign(events=MANY["events"].astype(float)))
    assert [r["events"] for r in layer_rows(spec, by["places"])][:3] == [5, 9, 9]
    assert all(type(r["events"]) is int for r in layer_rows(spec, by["places"]))
    assert channels(dots) == {"longitude": ("lon", "quantitative"), "latitude": ("lat", "quantitative"),
                              "color": ("kind_label", "nominal")}
    colour = dots["encoding"]["color"]
    # The legend lists the kinds present, in the map page's order, each in its map colour.
    assert colour["scale"] == {
        "domain": ["Capital", "City", "Border crossing", "Railway node"],
        "range": [charts._hex(charts.PLACE_COLORS[k]) for k in ("capital", "city", "border_crossing", "railway_node")]}
    assert colour["title"] == "Place"
    assert dots["mark"] == {"type": "circle", "size": 28, "opacity": 1, "stroke": "white", "strokeWidth": 0.6}


def test_labels_name_the_busiest_places_then_capitals_then_by_name():
    spec, by = print_map()
    labels = by["labels"]
    assert [r["name"] for r in layer_rows(spec, labels)] == [
        "Bishkek", "Almaty", "Osh", "Urumqi", "Khorgos", "Naryn",          # by events, most first (a capital first)
        "Ashgabat", "Astana", "Dushanbe", "Tashkent",                      # then capitals, A-Z
        "Andijan", "Irkeshtam"]                                            # then the rest A-Z, twelve in all
    assert len(layer_rows(spec, labels)) == charts.REGION_LABELS
    assert channels(labels) == {"longitude": ("lon", "quantitative"), "latitude": ("lat", "quantitative"),
                                "text": ("name", "nominal")}
    assert labels["mark"] == {"type": "text", "fontSize": 10, "dy": -9, "color": "#222"}


def test_a_capital_with_as_many_events_is_named_before_a_city():
    few = MANY.iloc[[1, 2, 0]].assign(events=[4, 4, 4])     # Almaty (city), Bishkek (capital), Osh (city)
    spec, by = print_map(places=few)
    assert [r["name"] for r in layer_rows(spec, by["labels"])] == ["Bishkek", "Almaty", "Osh"]
