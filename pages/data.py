"""Data page (layout only): the filtered tables, each downloadable as CSV or Parquet with its sources,
and the sources behind all of them as BibTeX or CSL-JSON.

Each table shows one page of rows (settings.TABLE_PAGE_ROWS) and the filter's total; each
download runs the table's full query only when its button is clicked.
"""
import streamlit as st

from dashboard import queries, ui
from dashboard.settings import MAX_ROWS, TABLE_PAGE_ROWS

f = ui.filters()
st.title("Data")
ui.vintage_note()
linked = ui.linked_event()      # ?event=ID: a permalink to one event's record
st.markdown("Each table holds exactly the rows of the current filter, a page at a time; each download is "
            "the whole table as CSV or Parquet (same rows and columns, with their types: dates stay dates), "
            "with a file name that carries the filter. The sources behind the rows download alongside.")

# tab label: (file stem, count query, rows query, sources query)
TABLES = {
    "Events": ("events", queries.events_count, queries.events, queries.sources_for_events),
    "Trade figures": ("trade", queries.trade_rows_count, queries.trade_rows, queries.sources_for_trade),
    "Places": ("places", queries.places_rows_count, queries.places_rows, queries.sources_for_places),
}
for tab, (label, (stem, count_query, rows_query, sources_query)) in zip(st.tabs(list(TABLES)), TABLES.items()):
    with tab, ui.guard():
        total = ui.count(count_query(f))
        ui.caption(f, f"{label}: {total:,} rows")
        if total == 0:
            ui.empty(label.lower(), f)
            continue
        offset = ui.page_offset(total, TABLE_PAGE_ROWS, key=f"page_{stem}")
        rows = ui.load(rows_query(f, limit=TABLE_PAGE_ROWS, offset=offset))
        if stem != "events":
            ui.table(rows)
        else:   # pick a row to open its record; its address (?event=ID&vintage=ID) is a permalink
            state = ui.table(rows, on_select="rerun", selection_mode="single-row", key="events_table")
            chosen = state.selection.rows if state and state.selection else []
            if chosen and chosen[0] < len(rows):
                linked = str(rows["event_id"].iloc[chosen[0]])
            if linked:
                ui.link_event(linked)
                st.header("Event record")
                ui.event_record_linked(linked)
            else:
                st.caption("Select a row to open the event's record.")
        note = ui.rows_note(len(rows), offset, total)
        if note:
            st.caption(note)
        sources = ui.load(sources_query(f, limit=MAX_ROWS + 1))      # one more than we count says "more than"
        how_many = f"{len(sources):,}" if len(sources) <= MAX_ROWS else f"over {MAX_ROWS:,}"
        c1, c2, c3 = st.columns(3)
        with c1:
            ui.download_query(f"Download {label.lower()} (CSV)", stem, f, f"dl_{stem}", rows_query(f))
        with c2:
            ui.download_query(f"Get {label.lower()} as Parquet", stem, f, f"dl_{stem}_parquet", rows_query(f),
                              fmt="parquet")
        with c3:
            ui.download_query(f"Download their {how_many} sources (CSV)", f"{stem}_sources", f,
                              f"dl_{stem}_sources", sources_query(f), disabled=sources.empty)

st.header("Cite the sources")
st.markdown("Every source behind the rows of the three tables above (events, trade figures and places), "
            "keyed by its source id, for Zotero, JabRef, BibLaTeX or Pandoc. The brief in the sidebar cites "
            "the rows it shows with numbered footnotes.")
c1, c2 = st.columns(2)
with c1:
    ui.download_brief("Download their citations (BibTeX)", f, "bibtex", "dl_cite_bibtex")
with c2:
    ui.download_brief("Download their citations (CSL-JSON)", f, "csl-json", "dl_cite_csl")
