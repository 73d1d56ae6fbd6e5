"""The deck the map page sends the browser, layer by layer: what is drawn, in which colour and size,
what a click or a hover on it does, and the words of each tooltip.

The map's look is part of the product (the legend on the map page is PLACE_COLORS; an analyst
clicks an event circle to list its records, hovers a route to read its status), so each layer's
properties are written out whole: a layer that stops being pickable, loses its outline or changes
colour fails here.
"""
from __future__ import annotations

import json

import pandas as pd
import pydeck as pdk
import pytest

from dashboard import charts
from tests.charts.test_charts import GEO, PATHS, PLACES, T

# Places as dashboard/queries/map_places.sql returns them (place_id order), one of each kind, with
# the two places whose labels are placed by name (andijan, jalal_abad: railway nodes both).
MORE_PLACES = pd.DataFrame([
    ("andijan", "Andijan", "Andijon", "UZB", "railway_node", 40.7833, 72.3333, 1, None),
    ("bishkek", "Bishkek", "Бишкек", "KGZ", "capital", 42.8747, 74.6122, 4, "A · B"),
    ("jalal_abad", "Jalal-Abad", None, "KGZ", "railway_node", 40.9333, 73.0, 0, None),
    ("kashgar", "Kashgar (Kashi)", "喀什", "CHN", "railway_node", 39.4681, 75.9938, 25, "x" * 450),
    ("manas", "Manas", None, "KGZ", "airport", 43.0613, 74.4776, 0, None),
    ("osh", "Osh", "Ош", "KGZ", "city", 40.5283, 72.7985, 0, None),
    ("port", "Aktau port", None, "KAZ", "seaport", 43.6411, 51.1986, 0, None),
    ("somewhere", "Somewhere", None, "XYZ", "other", 41.0, 70.0, 0, None),
    ("torugart", "Torugart Pass", None, "KGZ", "border_crossing", 40.5925, 75.4272, 0, None),
], columns=["place_id", "name", "name_local", "country_iso3", "kind", "lat", "lon", "events", "event_titles"])

# infrastructure_paths.sql's columns: a route with a status and its date, one without a date.
MORE_PATHS = pd.DataFrame({
    "project_id": ["cku", "other"], "name": ["CKU railway", "Other line"], "kind": ["railway", "railway"],
    "status": ["under_construction", "planned"], "status_date": [T("2024-12-27"), pd.NaT],
    "path": [[[75.9938, 39.4681], [73, 40.9333]], [[70, 41], [71.5, 42]]], "via": ["Kashgar → Jalal-Abad", "X → Y"]})

TOOLTIP = {"html": "{tip}", "style": {"fontSize": "12px", "maxWidth": "320px"}}

# Each layer's properties but its data, exactly as the browser receives them.
COUNTRIES = {"@@type": "GeoJsonLayer", "id": "countries", "stroked": True, "filled": True, "pickable": False,
             # focus countries (the five states and China) light sand, the others grey
             "getFillColor": "@@=properties.focus ? [244, 232, 200, 170] : [225, 225, 225, 120]",
             "getLineColor": [110, 90, 60, 255], "lineWidthMinPixels": 1.2}
EVENTS = {"@@type": "ScatterplotLayer", "id": "events", "getPosition": "@@=[lon, lat]", "getRadius": "@@=radius",
          "radiusUnits": "pixels", "getFillColor": [200, 30, 45, 150], "stroked": True,
          "getLineColor": [120, 0, 10, 220], "lineWidthMinPixels": 1, "pickable": True, "autoHighlight": True}
CASING = {"@@type": "PathLayer", "id": "routes_casing", "getPath": "@@=path", "getColor": [255, 255, 255, 230],
          "widthMinPixels": 7, "pickable": False}
ROUTES = {"@@type": "PathLayer", "id": "routes", "getPath": "@@=path", "getColor": [20, 20, 20, 230],
          "widthMinPixels": 3, "pickable": True}
PLACE_DOTS = {"@@type": "ScatterplotLayer", "id": "places", "getPosition": "@@=[lon, lat]",
              "getFillColor": "@@=color", "getRadius": 5, "radiusUnits": "pixels", "stroked": True,
              "getLineColor": [255, 255, 255], "lineWidthMinPixels": 1, "pickable": True}
LABELS = {"@@type": "TextLayer", "id": "labels", "getPosition": "@@=[lon, lat]", "getText": "@@=name",
          "getSize": 12, "getColor": [30, 30, 30, 255], "getPixelOffset": "@@=offset",
          "getTextAnchor": "@@=anchor", "fontFamily": "sans-serif", "characterSet": "auto"}


def deck_json(deck: pdk.Deck) -> dict:
    return json.loads(deck.to_json())


def layers_of(deck: pdk.Deck) -> dict[str, dict]:
    return {layer["id"]: layer for layer in deck_json(deck)["layers"]}


def without_data(layer: dict) -> dict:
    return {k: v for k, v in layer.items() if k != "data"}


def full_deck(**kwargs) -> pdk.Deck:
    return charts.map_deck(GEO, MORE_PLACES, MORE_PATHS, charts.VIEWS["Region"], **kwargs)


# ---------------------------------------------------------------- layers: order and properties

def test_layers_are_drawn_outlines_first_labels_last():
    """deck.gl draws in list order: event circles over the outlines but under the routes, places and
    labels (a big circle must not hide the railway or a place's name)."""
    assert [layer["id"] for layer in deck_json(full_deck())["layers"]] == [
        "countries", "events", "routes_casing", "routes", "places", "labels"]
    no_route = charts.map_deck(GEO, MORE_PLACES, MORE_PATHS.iloc[0:0], charts.VIEWS["Region"])
    assert [layer["id"] for layer in deck_json(no_route)["layers"]] == ["countries", "events", "places", "labels"]
    no_place = charts.map_deck(GEO, MORE_PLACES.iloc[0:0], MORE_PATHS, charts.VIEWS["Region"])
    assert [layer["id"] for layer in deck_json(no_place)["layers"]] == ["countries", "routes_casing", "routes"]
    no_event = charts.map_deck(GEO, MORE_PLACES.assign(events=0), MORE_PATHS, charts.VIEWS["Region"])
    assert [layer["id"] for layer in deck_json(no_event)["layers"]] == [
        "countries", "routes_casing", "routes", "places", "labels"]


@pytest.mark.parametrize("basemap", [True, False])
def test_each_layer_has_its_properties(basemap):
    layers = layers_of(full_deck(basemap=basemap))
    assert without_data(layers["countries"]) == COUNTRIES
    assert without_data(layers["events"]) == EVENTS
    assert without_data(layers["routes_casing"]) == CASING
    assert without_data(layers["routes"]) == ROUTES
    assert without_data(layers["places"]) == PLACE_DOTS
    assert without_data(layers["labels"]) == LABELS


def test_what_a_click_or_hover_can_pick():
    """Event circles (a click lists the place's records), routes and places answer the mouse; the
    outlines, the routes' white casing and the labels do not (they would steal the hover)."""
    pickable = {layer["id"]: layer.get("pickable") for layer in deck_json(full_deck())["layers"]}
    assert pickable == {"countries": False, "events": True, "routes_casing": False, "routes": True,
                        "places": True, "labels": None}
    assert layers_of(full_deck())["events"]["autoHighlight"] is True


def test_the_layers_draw_with_the_module_colours():
    layers = layers_of(full_deck())
    assert layers["events"]["getFillColor"] == charts.EVENT_COLOR
    assert layers["routes"]["getColor"] == charts.ROUTE_COLOR
    assert layers["countries"]["getLineColor"] == charts.OUTLINE
    assert layers["countries"]["getFillColor"] == (
        f"@@=properties.focus ? {charts.FOCUS_FILL} : {charts.OTHER_FILL}")


# ---------------------------------------------------------------- the rows each layer draws

def test_places_are_coloured_as_the_legend_says():
    """Each kind's fill is PLACE_COLORS' (the map page's legend); a kind missing from the table is
    drawn in the colour of "other"."""
    rows = layers_of(full_deck())["places"]["data"]
    assert [sorted(r) for r in rows] == [sorted(["name", "lon", "lat", "color", "tip"])] * len(MORE_PLACES)
    assert [(r["name"], r["lon"], r["lat"], r["color"]) for r in rows] == [
        ("Andijan", 72.3333, 40.7833, charts.PLACE_COLORS["railway_node"]),
        ("Bishkek", 74.6122, 42.8747, charts.PLACE_COLORS["capital"]),
        ("Jalal-Abad", 73.0, 40.9333, charts.PLACE_COLORS["railway_node"]),
        ("Kashgar (Kashi)", 75.9938, 39.4681, charts.PLACE_COLORS["railway_node"]),
        ("Manas", 74.4776, 43.0613, charts.PLACE_COLORS["airport"]),
        ("Osh", 72.7985, 40.5283, charts.PLACE_COLORS["city"]),
        ("Aktau port", 51.1986, 43.6411, charts.PLACE_COLORS["other"]),
        ("Somewhere", 70.0, 41.0, charts.PLACE_COLORS["other"]),
        ("Torugart Pass", 75.4272, 40.5925, charts.PLACE_COLORS["border_crossing"]),
    ]
    assert [r["color"] for r in rows][:6] == [[90, 90, 90, 240], [33, 102, 172, 230], [90, 90, 90, 240],
                                              [90, 90, 90, 240], [118, 42, 131, 230], [67, 147, 195, 230]]
    assert rows[6]["color"] == [120, 120, 120, 200]


def test_place_tooltips_name_the_place_its_kind_country_and_events():
    tips = [r["tip"] for r in layers_of(full_deck())["places"]["data"]]
    assert tips == [
        "<b>Andijan</b> Andijon<br/>Railway node, Uzbekistan<br/>1 event in the filter",
        "<b>Bishkek</b> Бишкек<br/>Capital, Kyrgyzstan<br/>4 events in the filter",
        "<b>Jalal-Abad</b> <br/>Railway node, Kyrgyzstan<br/>0 events in the filter",
        "<b>Kashgar (Kashi)</b> 喀什<br/>Railway node, China<br/>25 events in the filter",
        "<b>Manas</b> <br/>Airport, Kyrgyzstan<br/>0 events in the filter",
        "<b>Osh</b> Ош<br/>City, Kyrgyzstan<br/>0 events in the filter",
        "<b>Aktau port</b> <br/>seaport, Kazakhstan<br/>0 events in the filter",     # kind as it is
        "<b>Somewhere</b> <br/>Other, XYZ<br/>0 events in the filter",                # country code as it is
        "<b>Torugart Pass</b> <br/>Border crossing, Kyrgyzstan<br/>0 events in the filter",
    ]


def test_event_circles_for_every_place_with_an_event():
    """One circle per place holding at least one event of the filter (a single event counts), with
    the place's id for the click, its count, and a tooltip of the titles cut at 400 characters."""
    rows = layers_of(full_deck())["events"]["data"]
    assert [sorted(r) for r in rows] == [sorted(["place_id", "name", "lon", "lat", "radius", "events", "tip"])] * 3
    assert [(r["place_id"], r["name"], r["lon"], r["lat"], r["events"]) for r in rows] == [
        ("andijan", "Andijan", 72.3333, 40.7833, 1),
        ("bishkek", "Bishkek", 74.6122, 42.8747, 4),
        ("kashgar", "Kashgar (Kashi)", 75.9938, 39.4681, 25)]
    assert [r["tip"] for r in rows] == [
        "<b>Andijan: 1 event</b><br/><br/><i>Click for the records</i>",
        "<b>Bishkek: 4 events</b><br/>A · B<br/><i>Click for the records</i>",
        "<b>Kashgar (Kashi): 25 events</b><br/>" + "x" * 400 + "<br/><i>Click for the records</i>"]


def test_event_tooltip_writes_large_counts_with_thousands_separators():
    big = PLACES.assign(events=[12_345, 0])
    [row] = layers_of(charts.map_deck(GEO, big, PATHS, charts.VIEWS["Region"]))["events"]["data"]
    assert row["tip"] == "<b>Bishkek: 12,345 events</b><br/>A · B<br/><i>Click for the records</i>"


def test_event_circle_area_grows_with_the_count():
    """9 px per square root of the count, plus 6 px so a single event is still a visible ring; 25
    events (5 roots) reach MAX_EVENT_RADIUS exactly."""
    rows = layers_of(full_deck())["events"]["data"]
    assert [r["radius"] for r in rows] == [pytest.approx(1 * 9 + 6), pytest.approx(2 * 9 + 6),
                                           pytest.approx(5 * 9 + 6)]
    assert rows[-1]["radius"] == pytest.approx(charts.MAX_EVENT_RADIUS) == pytest.approx(51)


def test_event_circles_scale_down_to_keep_the_largest_at_the_cap():
    """Past 25 events the 9 px per root shrinks so that the busiest place is MAX_EVENT_RADIUS wide;
    the others keep their proportions and the 6 px minimum."""
    huge = PLACES.assign(events=[10_000, 100])          # roots 100 and 10: 0.45 px per root
    rows = layers_of(charts.map_deck(GEO, huge, PATHS, charts.VIEWS["Region"]))["events"]["data"]
    assert [r["radius"] for r in rows] == [pytest.approx(100 * 0.45 + 6), pytest.approx(10 * 0.45 + 6)]


def test_labels_are_placed_by_place_then_by_kind():
    rows = layers_of(full_deck())["labels"]["data"]
    assert [sorted(r) for r in rows] == [sorted(["name", "lon", "lat", "offset", "anchor"])] * len(MORE_PLACES)
    assert [(r["name"], r["offset"], r["anchor"]) for r in rows] == [
        ("Andijan", [-9, 0], "end"),              # by place: left of its dot (Fergana valley)
        ("Bishkek", [0, -14], "middle"),          # capital: above
        ("Jalal-Abad", [0, -14], "middle"),       # by place: above, although a railway node
        ("Kashgar (Kashi)", [0, 14], "middle"),   # railway node: below
        ("Manas", [0, -14], "middle"),
        ("Osh", [0, -14], "middle"),
        ("Aktau port", [0, -14], "middle"),
        ("Somewhere", [0, -14], "middle"),
        ("Torugart Pass", [9, 0], "start"),       # border crossing: right
    ]
    assert [(r["lon"], r["lat"]) for r in rows] == list(zip(MORE_PLACES["lon"], MORE_PLACES["lat"]))


def test_routes_and_their_tooltips():
    layers = layers_of(full_deck())
    paths = [[[75.9938, 39.4681], [73.0, 40.9333]], [[70.0, 41.0], [71.5, 42.0]]]
    tips = ["<b>CKU railway</b><br/>Kashgar → Jalal-Abad<br/>Status: under construction (2024-12-27)",
            "<b>Other line</b><br/>X → Y<br/>Status: planned (n/a)"]
    for layer in ("routes_casing", "routes"):
        assert layers[layer]["data"] == [{"name": n, "path": p, "tip": t}
                                         for n, p, t in zip(["CKU railway", "Other line"], paths, tips)]
    assert all(isinstance(x, float) for path in layers["routes"]["data"] for point in path["path"] for x in point)


def test_outlines_are_passed_as_given():
    """The app passes the outlines' URL (a static file the browser caches), the tests a GeoJSON."""
    url = "app/static/countries.geojson"
    layers = layers_of(charts.map_deck(url, MORE_PLACES, MORE_PATHS, charts.VIEWS["Region"]))
    assert layers["countries"] == {**COUNTRIES, "data": url}
    assert layers_of(full_deck())["countries"]["data"] == GEO


# ---------------------------------------------------------------- the deck: view, base map, tooltip

@pytest.mark.parametrize("basemap", [True, False])
@pytest.mark.parametrize("view", sorted(charts.VIEWS))
def test_view_state_and_zoom_limits(view, basemap):
    lat, lon, zoom = charts.VIEWS[view]
    d = deck_json(charts.map_deck(GEO, MORE_PLACES, MORE_PATHS, charts.VIEWS[view], basemap=basemap))
    assert d["initialViewState"] == {"latitude": lat, "longitude": lon, "zoom": zoom, "minZoom": 1.5, "maxZoom": 14}


def test_base_map_is_carto_light_by_default():
    deck = charts.map_deck(GEO, MORE_PLACES, MORE_PATHS, charts.VIEWS["Region"])
    d = deck_json(deck)
    assert (d["mapProvider"], d["mapStyle"]) == ("carto", charts.CARTO_LIGHT)
    assert charts.CARTO_LIGHT == "https://basemaps.cartocdn.com/gl/positron-gl-style/style.json"
    assert deck.map_provider == "carto"


def test_without_base_map_no_provider_and_no_tiles():
    deck = full_deck(basemap=False)
    d = deck_json(deck)
    assert deck.map_provider is None and "mapProvider" not in d
    assert "cartocdn" not in str(d.get("mapStyle"))
    assert [layer["id"] for layer in d["layers"]] == [layer["id"] for layer in deck_json(full_deck())["layers"]]


@pytest.mark.parametrize("basemap", [True, False])
def test_tooltip_shows_each_objects_tip_as_html(basemap):
    """Streamlit sends the Deck's tooltip (it reads pydeck's `_tooltip`) beside the spec: the HTML
    of the hovered object's `tip`, small and at most 320 px wide."""
    deck = full_deck(basemap=basemap)
    assert deck._tooltip == TOOLTIP
    assert charts._tooltip_html() == TOOLTIP


def test_every_pickable_layer_has_a_tip_for_the_tooltip():
    for layer in deck_json(full_deck())["layers"]:
        if layer.get("pickable"):
            assert layer["data"] and all(row["tip"].startswith("<b>") for row in layer["data"]), layer["id"]


# ---------------------------------------------------------------- the compact JSON

def test_compact_json_is_pydecks_json_without_indentation_and_with_sorted_keys():
    deck = full_deck()
    text = deck.to_json()
    assert isinstance(deck, charts.CompactDeck)
    assert json.loads(text) == json.loads(pdk.Deck.to_json(deck))
    assert text == json.dumps(json.loads(text), sort_keys=True, separators=(",", ":"))
    assert text.startswith('{"initialViewState":{"latitude":44.5,"longitude":71.0,"maxZoom":14,"minZoom":1.5,'
                           '"zoom":3.9},"layers":[{"@@type":"GeoJsonLayer","data":{"features":[{"geometry":')
    assert "\n" not in text and '", "' not in text and '": ' not in text
    assert len(text) < len(pdk.Deck.to_json(deck)) * 0.8


@pytest.mark.parametrize("missing", [None, float("nan"), ""])
def test_a_route_without_milestones_says_its_status_is_unknown(missing):
    """infrastructure_paths left-joins the milestones: a route with none has no status, which pandas
    may hold as None or NaN; the tooltip says "unknown", never "nan"."""
    paths = MORE_PATHS.assign(status=[missing, "planned"], status_date=[pd.NaT, pd.NaT])
    layers = layers_of(charts.map_deck(GEO, MORE_PLACES, paths, charts.VIEWS["Region"]))
    assert layers["routes"]["data"][0]["tip"] == "<b>CKU railway</b><br/>Kashgar → Jalal-Abad<br/>Status: unknown (n/a)"
