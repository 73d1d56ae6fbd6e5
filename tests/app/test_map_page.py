"""Map page: the deck spec Streamlit sends the browser holds the outlines' URL, the fixture's places,
its events counted per place, and the railway's route in order."""
from __future__ import annotations

import json
import re
from pathlib import Path

from apptools import assert_clean, deck_spec, layers_by_id, open_page

ROOT = Path(__file__).resolve().parents[2]

# tests/fixtures/curated/places.csv, in place_id order (the query's order).
FIXTURE_PLACES = ["Almaty", "Beijing", "Bishkek", "Jalal-Abad", "Kashgar (Kashi)", "Tashkent", "Torugart Pass"]
# infrastructure_route.csv: seq 1 kashgar, 2 torugart, 3 jalal_abad, as [lon, lat] from places.csv.
RAILWAY = [[75.9938, 39.4681], [75.4272, 40.5925], [73.0, 40.9333]]


def event_counts(spec: dict) -> dict[str, int]:
    return {row["place_id"]: row["events"] for row in layers_by_id(spec)["events"]["data"]}


def test_map_has_outlines_places_events_and_route():
    at = open_page("map")
    assert_clean(at)
    spec = deck_spec(at)
    layers = layers_by_id(spec)
    assert {"countries", "places", "events", "routes"} <= set(layers)

    # The outlines are not in the spec: the browser fetches them from static/ (once, then cached).
    outlines = layers["countries"]
    assert outlines["@@type"] == "GeoJsonLayer"
    assert outlines["data"] == "app/static/countries.geojson"
    served = json.loads((ROOT / "static" / "countries.geojson").read_text(encoding="utf-8"))
    iso3 = {feature["properties"]["iso3"] for feature in served["features"]}
    assert {"CHN", "KAZ", "KGZ", "TJK", "TKM", "UZB"} <= iso3
    assert re.search(r"(?m)^enableStaticServing = true$", (ROOT / ".streamlit" / "config.toml").read_text())

    assert [row["name"] for row in layers["places"]["data"]] == FIXTURE_PLACES
    # events.csv: one event each at Almaty, Beijing, Bishkek and Jalal-Abad; Wang Yi's tour has no place.
    assert event_counts(spec) == {"almaty": 1, "beijing": 1, "bishkek": 1, "jalal_abad": 1}
    assert {row["place_id"]: (row["lon"], row["lat"]) for row in layers["events"]["data"]} == {
        "almaty": (76.8958, 43.2775), "beijing": (116.3917, 39.9139),
        "bishkek": (74.6122, 42.8747), "jalal_abad": (73.0, 40.9333)}

    [route] = layers["routes"]["data"]
    assert route["name"] == "China–Kyrgyzstan–Uzbekistan railway"
    assert route["path"] == RAILWAY


def test_map_events_follow_the_filter():
    at = open_page("map", {"countries": "KGZ"})
    assert_clean(at)
    # The Almaty dialogue involves China and Kazakhstan only.
    assert event_counts(deck_spec(at)) == {"beijing": 1, "bishkek": 1, "jalal_abad": 1}
    at = open_page("map", {"countries": "KGZ", "start": "2025-01-01", "end": "2025-12-31"})
    assert event_counts(deck_spec(at)) == {"bishkek": 1}


def test_map_without_events_still_draws_places_and_route():
    at = open_page("map", {"start": "1990-01-01", "end": "1990-12-31"})
    assert_clean(at)
    layers = layers_by_id(deck_spec(at))
    assert "events" not in layers
    assert [row["name"] for row in layers["places"]["data"]] == FIXTURE_PLACES
    assert layers["routes"]["data"][0]["path"] == RAILWAY


def test_base_map_toggle_off_draws_no_tiles():
    at = open_page("map")
    assert deck_spec(at)["mapProvider"] == "carto"
    [toggle] = [t for t in at.toggle if t.label == "Base map"]
    toggle.set_value(False).run()
    assert_clean(at)
    spec = deck_spec(at)
    assert spec.get("mapProvider") is None
    assert "cartocdn" not in str(spec.get("mapStyle"))


def test_place_picker_lists_the_events_held_there():
    at = open_page("map")
    [place] = [s for s in at.selectbox if s.label.startswith("Place")]
    place.set_value("Bishkek").run()
    assert_clean(at)
    [event] = [r for r in at.radio if r.label == "Event"]
    assert event.options == ["2025-11-19 — First China–Kyrgyzstan foreign ministers' strategic dialogue"]
    assert "First China–Kyrgyzstan foreign ministers' strategic dialogue" in [s.value for s in at.subheader]
