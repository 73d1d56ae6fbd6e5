"""What's new page (layout only): the rows that changed since a vintage or a date, within the filter.

Counts per table and kind, revised trade figures old -> new with both sources, then the change
lines a page at a time (settings.TABLE_PAGE_ROWS) by kind, and every line as CSV.
"""
import pandas as pd
import streamlit as st

from dashboard import queries, ui
from dashboard.settings import MAX_ROWS, TABLE_PAGE_ROWS

KINDS = {"added": "Added", "changed": "Changed", "removed": "Removed"}
TABLE_LABELS = {
    "events": "Events", "agreements": "Agreements", "places": "Places", "people": "People", "posts": "Posts",
    "partnerships": "Partnerships", "infrastructure": "Infrastructure", "infrastructure_milestones":
    "Infrastructure milestones", "infrastructure_route": "Infrastructure routes", "trade": "Trade figures",
}

f = ui.filters()
st.title("What's new")
current = ui.load(queries.current_vintage())
if current.empty:
    st.info("This database records no history of changes.")
    st.stop()
now = current.iloc[0]
parent = now["parent_id"] if pd.notna(now["parent_id"]) else None
st.markdown(f"The data is vintage `{now['vintage_id']}`, built {pd.Timestamp(now['built_at']):%Y-%m-%d %H:%M} UTC. "
            "Every build of new data is a vintage: the rows it added, changed and removed are listed here, "
            "with their old and new values.")
vintages = ui.load(queries.vintage_list(limit=500))
if parent is None and len(vintages) <= 1:
    st.info("This is the first vintage of the history: there is nothing earlier to compare it with yet. "
            "The next build of changed data will show its changes here.")
    st.stop()
since = ui.since_choice(vintages, now["vintage_id"], parent)

summary = ui.load(queries.changes_summary(f, since))
ui.caption(f, f"Rows changed {since.describe()}; a row counts by its own countries and dates (a removed "
              "row by what it was; places, people and infrastructure have no dates; event types do not apply)")
totals = summary.groupby("change_kind")["rows"].sum() if not summary.empty else pd.Series(dtype=int)
c1, c2, c3 = st.columns(3)
for col, (kind, label) in zip((c1, c2, c3), KINDS.items()):
    col.metric(f"Rows {label.lower()}", f"{int(totals.get(kind, 0)):,}")
if summary.empty:
    st.info(f"No change {since.describe()} matches the current filters ({f.describe()}). Choose an earlier "
            "vintage or date, or widen the filter.")
    st.stop()

by_table = (summary.assign(table=summary["table_name"].map(TABLE_LABELS).fillna(summary["table_name"]))
            .pivot_table(index="table", columns="change_kind", values="rows", aggfunc="sum", fill_value=0)
            .reindex(columns=list(KINDS), fill_value=0).rename(columns=KINDS).reset_index()
            .rename(columns={"table": "Table"}))
ui.table(by_table)

revised = ui.load(queries.trade_revisions(f, since, limit=MAX_ROWS))
if not revised.empty:
    st.header("Revised trade figures")
    shown = revised.assign(
        value=lambda d: [f"{ui.money(o)} → {ui.money(n)}" if pd.notna(o) and pd.notna(n) else "unchanged"
                         for o, n in zip(d["old_value_usd"], d["new_value_usd"])],
        sources=lambda d: [f"{o} → {n}" if o != n else f"{o} (both)" for o, n in zip(d["old_source_id"], d["new_source_id"])],
    )
    ui.table(shown[["vintage_id", "trade_id", "label", "value", "sources", "columns"]].rename(columns={
        "vintage_id": "Vintage", "trade_id": "Figure", "label": "What", "value": "Value (old → new)",
        "sources": "Source (old → new)", "columns": "Columns changed"}))
st.caption("A **revised** figure is the same figure (same id) with a new value: it shows here as old → new. "
           "A **conflicting** figure from another source is a new row of its own, listed under Added, "
           "beside the figure it differs from (both stay in the data).")

for tab, (kind, label) in zip(st.tabs([f"{v} ({int(totals.get(k, 0)):,} rows)" for k, v in KINDS.items()]),
                              KINDS.items()):
    with tab, ui.guard():
        lines = ui.count(queries.changes_rows_count(f, since, change_kind=kind))
        if lines == 0:
            st.info(f"Nothing {label.lower()} {since.describe()} in this filter.")
            continue
        offset = ui.page_offset(lines, TABLE_PAGE_ROWS, key=f"chg_page_{kind}")
        rows = ui.load(queries.changes_rows(f, since, change_kind=kind, limit=TABLE_PAGE_ROWS, offset=offset))
        rows = rows.assign(
            table=rows["table_name"].map(TABLE_LABELS).fillna(rows["table_name"]),
            link=[f"./timeline?event={k}&vintage={v}" if t == "events" and kind != "removed" else None
                  for t, k, v in zip(rows["table_name"], rows["row_key"], rows["vintage_id"])],
        )
        if kind == "changed":
            view = rows[["vintage_id", "table", "row_key", "label", "column_name", "old_value", "new_value", "link"]]
            names = {"column_name": "Column", "old_value": "Old value", "new_value": "New value"}
        else:
            rows = rows.assign(row=[ui.row_text(v) for v in rows["new_value" if kind == "added" else "old_value"]])
            view = rows[["vintage_id", "table", "row_key", "label", "row", "link"]]
            names = {"row": "What it is" if kind == "added" else "What it was"}
        ui.table(view.rename(columns={"vintage_id": "Vintage", "table": "Table", "row_key": "Key",
                                      "label": "Row", "link": "Record", **names}),
                 column_config={"Record": st.column_config.LinkColumn("Record", display_text="open")})
        note = ui.rows_note(len(rows), offset, lines)
        if note:
            st.caption(note)

ui.download_query("Download the changes (CSV)", "changes", f, "dl_changes", queries.changes_rows(f, since))
st.caption("The download holds every change line of this choice and filter: one per changed column (old "
           "and new value), one per added or removed row (the whole row as JSON).")
