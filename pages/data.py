"""Data page (layout only): the filtered tables, each downloadable as CSV with its sources."""
import streamlit as st

from dashboard import ui
from dashboard.settings import TABLE_PAGE_ROWS

f = ui.filters()
st.title("Data")
st.markdown("Each table holds exactly the rows of the current filter; each download is that table as CSV, "
            "with a file name that carries the filter. The sources behind the rows download alongside.")

tables = {
    "Events": ("events", ui.load("events", f)),
    "Trade figures": ("trade", ui.load("trade_rows", f)),
    "Places": ("places", ui.load("places_rows", f)),
}
for tab, (label, (stem, df)) in zip(st.tabs(list(tables)), tables.items()):
    with tab:
        ui.caption(f, f"{label}: {len(df):,} rows")
        if df.empty:
            ui.empty(label.lower(), f)
            continue
        ui.table(df.head(TABLE_PAGE_ROWS))
        if len(df) > TABLE_PAGE_ROWS:
            st.caption(f"Showing the first {TABLE_PAGE_ROWS:,} of {len(df):,} rows; the download holds all of them.")
        ids = set()
        for column in ("source_ids", "source_id"):
            if column in df:
                for value in df[column].dropna():
                    ids.update(str(value).split("|"))
        sources = ui.load("sources_for", tuple(sorted(ids)))
        c1, c2 = st.columns(2)
        with c1:
            ui.download(df, f"Download {label.lower()} (CSV)", stem, f, key=f"dl_{stem}")
        with c2:
            ui.download(sources, f"Download their {len(sources)} sources (CSV)", f"{stem}_sources", f,
                        key=f"dl_{stem}_sources")
