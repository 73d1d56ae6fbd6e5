"""Sources page (layout only): every source with what rests on it, what the record covers, and a note on
method."""
import streamlit as st

from dashboard import queries, ui
from dashboard.filters import Filters
from dashboard.settings import MAX_ROWS

ui.filters()  # the shared filters do not narrow this page: it lists every source
st.title("Sources and method")
total = ui.count(queries.sources_count())
overview = ui.load(queries.sources_overview(limit=MAX_ROWS))
st.markdown(f"**{total:,} sources.** Every event, trade figure, place, person and agreement in the "
            "database cites at least one of them; the counts say how many rows rest on each.")
st.dataframe(overview, hide_index=True, width="stretch", column_config={
    "url": st.column_config.LinkColumn("Address"),
    "published_date": st.column_config.DateColumn("Published"),
})
st.caption("All sources, unfiltered")
if total > len(overview):
    st.caption(f"Showing the first {len(overview):,} of {total:,} sources; the download holds all of them.")
    ui.download_query("Download every source with its counts (CSV)", "sources", Filters(), "dl_sources_all",
                      queries.sources_overview())

st.header("What the record covers")
ui.coverage_report()

st.header("Method")
st.markdown("""
- **Events** are curated by hand from news reports and official readouts. Each records its dates as
  precisely as the source allows (`date_precision`: day, month or year), its place, the countries and
  people involved, the documents signed, and every source it rests on. Summaries are written in our own
  words. Where a date or place comes from a reference page rather than the report, the event's note says so.
- **People** appear once, with every spelling the sources use (the Kyrgyz foreign minister is spelled
  Zheenbek Kulubaev, Jeenbek Kulubaev, Kulubaev and Kurubayev): all of them resolve to one person.
- **Places** carry coordinates from a cited reference page; border crossings mark the pass on the border.
- **Trade figures** are kept as published, with whose statistics they are (`reporter`), the flow from the
  reporter's side, the exact period and the source. **China-reported** figures come from China's customs
  (GACC); **partner-reported** ones from the Central Asian state's statistics agency. The two sides'
  figures for the same flow differ (valuation CIF vs FOB, origin vs consignment, re-exports and transit,
  informal trade, timing); we keep both, labelled, and never average them. Figures that conflict with
  others, have an unclear basis or were converted by the source are marked *low confidence* and left out
  of charts unless you ask for them. Annual, half-year and year-to-date figures are never mixed in one series.
- **Your own data**: drop a UN Comtrade CSV export into `data/imports/` and rebuild; its rows arrive with
  the file recorded as their source.
""")
