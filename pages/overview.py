"""Overview page (layout only): headline figures for the filter, the latest events, links onward."""
import pandas as pd
import streamlit as st

from dashboard import ui
from dashboard.settings import COUNTRY_NAMES, EVENT_TYPE_LABELS

f = ui.filters()
st.title("China–Central Asia Monitor")
st.markdown("China's relations with Kazakhstan, Kyrgyzstan, Tajikistan, Turkmenistan and Uzbekistan: "
            "meetings and agreements, infrastructure, and trade — every row traceable to its source.")
ui.caption(f, "Headline figures")

events = ui.load("events", f)
latest_trade = ui.load("latest_trade", f)
meetings = events[events["event_type"].isin(
    ["summit", "ministerial_meeting", "strategic_dialogue", "bilateral_meeting"])]

c1, c2, c3 = st.columns(3)
c1.metric("Events", f"{len(events):,}")
if meetings.empty:
    c2.metric("Latest meeting", "none in filter")
else:
    m = meetings.iloc[0]
    c2.metric("Latest meeting", str(pd.Timestamp(m["start_date"]).date()))
    c2.caption(f"{m['title']} — {m['place_name'] if pd.notna(m['place_name']) else 'no single place'}")
if latest_trade.empty:
    c3.metric("Latest trade figure", "none in filter")
else:
    t = latest_trade.iloc[0]
    partner = t["partner_iso3"] if t["reporter_iso3"] == "CHN" else t["reporter_iso3"]
    c3.metric("Latest trade figure", ui.money(t["value_usd"]))
    c3.caption(f"{t['flow'].capitalize()} trade, China–{COUNTRY_NAMES.get(partner, partner)}, "
               f"{t['period_label']} ({t['period_kind'].replace('_', ' ')}), "
               f"reported by {COUNTRY_NAMES.get(t['reporter_iso3'], t['reporter_iso3'])} · {t['source']}")

st.subheader("Most recent events")
if events.empty:
    ui.empty("events", f)
else:
    recent = events.head(10).assign(
        date=lambda d: d["start_date"].dt.date,
        type=lambda d: d["event_type"].map(EVENT_TYPE_LABELS),
        place=lambda d: d["place_name"].fillna("—"),
    )
    st.dataframe(recent[["date", "title", "type", "place", "countries"]].rename(columns={
        "date": "Date", "title": "Event", "type": "Type", "place": "Place", "countries": "Countries"}),
        hide_index=True, width="stretch")
    ui.caption(f, f"{min(len(events), 10)} of {len(events)} events, newest first")

st.subheader("Explore")
l1, l2, l3, l4, l5 = st.columns(5)
l1.page_link("pages/map.py", label="Map of places and events", icon=":material/map:")
l2.page_link("pages/timeline.py", label="Timeline of events", icon=":material/timeline:")
l3.page_link("pages/trade.py", label="Trade with China", icon=":material/show_chart:")
l4.page_link("pages/data.py", label="Tables and CSV extracts", icon=":material/table_view:")
l5.page_link("pages/sources.py", label="Sources and method", icon=":material/menu_book:")
