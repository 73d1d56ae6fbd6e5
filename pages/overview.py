"""Overview page (layout only): headline figures for the filter, the latest events, links onward."""
import pandas as pd
import streamlit as st

from dashboard import queries, ui
from dashboard.filters import Since
from dashboard.settings import COUNTRY_NAMES, EVENT_TYPE_LABELS

f = ui.filters()
st.title("China–Central Asia Monitor")
st.markdown("China's relations with Kazakhstan, Kyrgyzstan, Tajikistan, Turkmenistan and Uzbekistan: "
            "meetings and agreements, infrastructure, and trade — every row traceable to its source.")
ui.caption(f, "Headline figures")

summary = ui.load(queries.events_summary(f)).iloc[0]
latest_trade = ui.load(queries.latest_trade(f))
total = int(summary["events"])

c1, c2, c3 = st.columns(3)
c1.metric("Events", f"{total:,}")
if pd.isna(summary["meeting_id"]):
    c2.metric("Latest meeting", "none in filter")
else:
    c2.metric("Latest meeting", str(pd.Timestamp(summary["meeting_date"]).date()))
    place = summary["meeting_place"] if pd.notna(summary["meeting_place"]) else "no single place"
    c2.caption(f"{summary['meeting_title']} — {place}")
if latest_trade.empty:
    c3.metric("Latest trade figure", "none in filter")
else:
    t = latest_trade.iloc[0]
    partner = t["partner_iso3"] if t["reporter_iso3"] == "CHN" else t["reporter_iso3"]
    c3.metric("Latest trade figure", ui.money(t["value_usd"]))
    c3.caption(f"{t['flow'].capitalize()} trade, China–{COUNTRY_NAMES.get(partner, partner)}, "
               f"{t['period_label']} ({t['period_kind'].replace('_', ' ')}), "
               f"reported by {COUNTRY_NAMES.get(t['reporter_iso3'], t['reporter_iso3'])} · {t['source']}")

with ui.guard():
    vintage = ui.load(queries.current_vintage())
    if not vintage.empty and pd.notna(vintage["parent_id"].iloc[0]):
        changed = ui.load(queries.changes_summary(f, Since()))
        kinds = changed.groupby("change_kind")["rows"].sum() if not changed.empty else pd.Series(dtype=int)
        st.markdown(f"**Since the previous vintage** (`{vintage['parent_id'].iloc[0]}` → "
                    f"`{vintage['vintage_id'].iloc[0]}`, built {pd.Timestamp(vintage['built_at'].iloc[0]):%Y-%m-%d}): "
                    f"{int(kinds.get('added', 0)):,} rows added, {int(kinds.get('changed', 0)):,} changed, "
                    f"{int(kinds.get('removed', 0)):,} removed in this filter.")
        st.page_link("pages/changes.py", label="What's new: the changes, old and new values", icon=":material/update:")

st.header("Partnership with China")
ui.partnerships_now(f)

st.header("Most recent events")
if total == 0:
    ui.empty("events", f)
else:
    recent = ui.load(queries.events(f, limit=10)).assign(
        date=lambda d: d["start_date"].dt.date,
        type=lambda d: d["event_type"].map(EVENT_TYPE_LABELS),
        place=lambda d: d["place_name"].fillna("—"),
    )
    st.dataframe(recent[["date", "title", "type", "place", "countries"]].rename(columns={
        "date": "Date", "title": "Event", "type": "Type", "place": "Place", "countries": "Countries"}),
        hide_index=True, width="stretch")
    ui.caption(f, f"{len(recent)} of {total:,} events, newest first")

st.header("Explore")
l1, l2, l3, l4, l5, l6 = st.columns(6)
l1.page_link("pages/map.py", label="Map of places and events", icon=":material/map:")
l2.page_link("pages/timeline.py", label="Timeline of events", icon=":material/timeline:")
l3.page_link("pages/trade.py", label="Trade with China", icon=":material/show_chart:")
l4.page_link("pages/data.py", label="Tables and CSV extracts", icon=":material/table_view:")
l5.page_link("pages/sources.py", label="Sources and method", icon=":material/menu_book:")
l6.page_link("pages/changes.py", label="What's new", icon=":material/update:")
