"""Map page (layout only): outlines, places by kind, events sized by count, the railway path.

Events arrive counted per place (at most settings.MAP_MAX_PLACES places); a place's own list of
events is bounded too (settings.PLACE_EVENTS, newest first, with the total).
"""
import streamlit as st

from dashboard import charts, queries, ui
from dashboard.settings import MAP_MAX_PLACES, PICKER_EVENTS, PLACE_EVENTS

f = ui.filters()
st.title("Map")

views = list(charts.VIEWS)
cols = st.columns(len(views) + 1)
for col, name in zip(cols, views):
    if col.button(name, key=f"view_{name}", width="stretch"):
        st.session_state["map_view"] = name
basemap = cols[-1].toggle("Base map", value=True, help="Map tiles from the web, when your browser can reach "
                          "them. Country outlines are shipped with the app and always drawn.")
view_name = st.session_state.get("map_view", "Region")

places = ui.load(queries.map_places(f, limit=MAP_MAX_PLACES))
paths = ui.load(queries.infrastructure_paths())
deck = charts.map_deck(ui.OUTLINES_URL, places, paths, charts.VIEWS[view_name], basemap=basemap)
event = st.pydeck_chart(deck, height=560, on_select="rerun", selection_mode="single-object",
                        key=f"map_{view_name}_{basemap}")
st.caption(charts.map_alt(places, paths))
ui.data_table(places[["name", "name_local", "country_iso3", "kind", "lat", "lon", "events"]], "map_data")
ui.download_geojson("Download the map's layers (GeoJSON)", f, places, paths, "dl_map_geojson")
ui.caption(f, f"View: {view_name}. Red circles: places with events (size grows with the count); "
              "dots: places by kind; black line: the China–Kyrgyzstan–Uzbekistan railway's planned route")

places_total = int(places["places_total"].iloc[0]) if not places.empty else 0
if places_total > len(places):
    st.caption(f"Drawing the {len(places):,} places with the most events in the filter, of {places_total:,} places.")

legend = " · ".join(f"<span style='color:rgb({c[0]},{c[1]},{c[2]})'>●</span> {charts.PLACE_KIND_LABELS[k]}"
                    for k, c in charts.PLACE_COLORS.items() if k in set(places["kind"]))
st.markdown(legend + " · <span style='color:#c81e2d'>⬤</span> events", unsafe_allow_html=True)

selected = (event.selection.get("objects", {}) if event and event.selection else {}) or {}
picked = (selected.get("events") or [None])[0] or (selected.get("places") or [None])[0]
st.header("Events at a place")
with_events = places[places["events"] > 0].sort_values(["events", "name"], ascending=[False, True])
place_search = st.text_input("Find a place by any name", key="map_place_search", max_chars=100,
                             placeholder="e.g. Алма-Ата, Nur-Sultan, Кашгар",
                             help="Any name the gazetteer knows: English, Russian, Chinese, older names.")
if place_search.strip() and not with_events.empty:
    named = ui.load(queries.places_named(search=place_search))
    with_events = with_events[with_events["place_id"].isin(set(named["place_id"]))]
if with_events.empty and place_search.strip():
    st.info("No place with events in the current filter has that name.")
elif with_events.empty:
    ui.empty("events with a place", f)
else:
    names = list(with_events["name"].head(PICKER_EVENTS))
    if picked and picked.get("name") in set(with_events["name"]) and picked["name"] not in names:
        names.insert(0, picked["name"])
    default = names.index(picked["name"]) if picked and picked.get("name") in names else 0
    place_name = st.selectbox("Place (or click a red circle on the map)", names, index=default)
    if len(with_events) > len(names):
        st.caption(f"The list offers the {len(names):,} places with the most events; click a circle for another.")
    place = with_events[with_events["name"] == place_name].iloc[0]
    here = ui.load(queries.place_events(f, place_id=place["place_id"], limit=PLACE_EVENTS))
    labels = {r.event_id: ui.event_label(r.start_date, r.title) for r in here.itertuples()}
    choice = st.radio("Event", list(labels), horizontal=False, format_func=labels.get)
    if int(place["events"]) > len(here):
        st.caption(f"The {len(here):,} most recent of {int(place['events']):,} events held at {place_name} "
                   "in the filter; the timeline's search finds the others.")
    if choice:
        with st.container(border=True):
            ui.event_details(choice)

st.header("Infrastructure milestones")
milestones = ui.load(queries.infrastructure_milestones(f))
if milestones.empty:
    ui.empty("infrastructure milestones", f)
else:
    st.dataframe(milestones.assign(milestone_date=milestones["milestone_date"].dt.date).rename(columns={
        "milestone_date": "Date", "project": "Project", "status": "Status", "date_basis": "Date is",
        "summary": "What", "source_id": "Source id", "source": "Source"}), hide_index=True, width="stretch")
    ui.caption(f, "'reported_by' means the status held by that date (the report's date)")
