"""Timeline page (layout only): events along time by country and type; pick one for its record.

Up to settings.TIMELINE_MAX_EVENTS events are drawn one by one; more are drawn as counts per
period (the browser gets a bounded chart either way), and the picker offers the newest events
with a search on their titles.
"""
import streamlit as st

from dashboard import charts, queries, ui
from dashboard.settings import TIMELINE_MAX_EVENTS

f = ui.filters()
st.title("Timeline")
ui.vintage_note()
linked = ui.linked_event()      # ?event=ID: a permalink to one event's record
total = ui.count(queries.events_count(f))
if total == 0:
    ui.empty("events", f)
    if linked:
        ui.event_record_linked(linked)
    st.stop()

picked = None
if total <= TIMELINE_MAX_EVENTS:
    events = ui.load(queries.events(f, limit=TIMELINE_MAX_EVENTS))
    rows = charts.timeline_rows(events, f.countries)
    window = charts.timeline_window(rows)
    state = ui.chart(charts.timeline_chart(rows, window), charts.timeline_alt(events, total),
                     rows[["start_date", "title", "type", "country", "place_name"]], "timeline_chart",
                     on_select="rerun", selection_mode="pick", width="stretch")
    earlier = int((events["start_date"] < window[0]).sum()) if window else 0
    note = (f" The chart opens on the last three years; {charts.counted(earlier, 'earlier event', 'earlier events')}: zoom out or drag to see them."
            if earlier else "")
    ui.caption(f, f"{total:,} events; an event involving several countries appears on each country's row. "
                  f"Scroll to zoom, drag to pan, click a point to open its record.{note}")
    points = (state.selection.get("pick") if state and state.selection else None) or []
    if points and isinstance(points, list) and points[0].get("event_id") in set(events["event_id"]):
        picked = points[0]["event_id"]
else:
    counts, bucket = ui.events_by_period(f)
    period_rows = charts.period_rows(counts)
    ui.chart(charts.timeline_summary_chart(period_rows, bucket), charts.period_alt(counts, bucket),
             period_rows[["period_start", "country", "type", "events"]], "timeline_summary", width="stretch")
    ui.caption(f, f"{total:,} events: too many to draw one by one (more than {TIMELINE_MAX_EVENTS:,}), so each "
                  f"circle counts the events of one {bucket} for one country and type (its area grows with the "
                  "count); an event involving several countries counts on each. Narrow the filter to see "
                  "single events; pick one below.")

st.header("Partnership with China")
levels = ui.load(queries.partnerships(f))
if levels.empty:
    st.info("No partnership level with China is recorded for the chosen countries.")
else:
    until = ui.load(queries.date_extent())["last_date"].iloc[0]
    bands = charts.partnership_rows(levels, until)
    ui.chart(charts.partnership_chart(bands), charts.partnership_alt(levels),
             bands[["country", "level", "period", "event_title"]], "partnership_chart", width="stretch")

st.header("Event record")
if linked and not picked and ui.load(queries.event_detail(linked)).empty:
    ui.event_record_linked(linked)       # says the linked event is gone
    linked = None
choice = ui.event_picker(f, picked, key="timeline", linked=linked)
if choice:
    if linked:      # opened by a link: the address follows the record shown, and stays citable
        ui.link_event(choice)
    with st.container(border=True):
        ui.event_details(choice)
        ui.permalink(choice)
