"""Timeline page (layout only): events along time by country and type; pick one for its record."""
import pandas as pd
import streamlit as st

from dashboard import charts, ui

f = ui.filters()
st.title("Timeline")
events = ui.load("events", f)
if events.empty:
    ui.empty("events", f)
    st.stop()

rows = charts.timeline_rows(events, f.countries)
window = charts.timeline_window(rows)
state = st.altair_chart(charts.timeline_chart(rows, window), on_select="rerun", selection_mode="pick",
                        key="timeline_chart", width="stretch")
earlier = int((events["start_date"] < window[0]).sum()) if window else 0
note = (f" The chart opens on the last three years; {earlier} earlier event(s): zoom out or drag to see them."
        if earlier else "")
ui.caption(f, f"{len(events)} events; an event involving several countries appears on each country's row. "
              f"Scroll to zoom, drag to pan, click a point to open its record.{note}")

picked = None
points = (state.selection.get("pick") if state and state.selection else None) or []
if points and isinstance(points, list) and points[0].get("event_id") in set(events["event_id"]):
    picked = points[0]["event_id"]
ids = list(events["event_id"])
titles = events.set_index("event_id")
choice = st.selectbox("Event", ids, index=ids.index(picked) if picked else 0,
                      format_func=lambda i: f"{pd.Timestamp(titles.loc[i, 'start_date']).date()} — {titles.loc[i, 'title']}")
with st.container(border=True):
    ui.event_details(choice)
