"""UI citable links: `?event=ID&vintage=ID` names an event as of a vintage of the data; the pages
read such links, write them, and say when the data has changed since. Imports streamlit and
dashboard.filters / queries.
"""
from __future__ import annotations

import re
from urllib.parse import quote

import pandas as pd
import streamlit as st

from .. import queries
from ..charts import since_text
from ..filters import Filters, id_from_query
from .data import count, load
from .record import event_details


def current_vintage() -> str | None:
    """The database's own vintage id (None when it records none)."""
    cur = load(queries.current_vintage())
    return None if cur.empty else str(cur["vintage_id"].iloc[0])


def linked_event() -> str | None:
    """The event a link names (`?event=ID`), or None; an invalid value gives a visible note."""
    event_id, notes = id_from_query(st.query_params.get_all("event"), "event")
    for note in notes:
        st.warning(note)
    return event_id


def link_event(event_id: str | None) -> None:
    """Put the shown event and the database's vintage in the URL, so the address is a permalink to
    the record as seen now (`?event=ID&vintage=ID`)."""
    wanted = {"event": event_id, "vintage": current_vintage() if event_id else None}
    for key, value in wanted.items():
        if value and st.query_params.get(key) != value:
            st.query_params[key] = value
        elif not value and key in st.query_params:
            del st.query_params[key]


def _plain(text: str) -> str:
    """Curated text inside Markdown link text: brackets, emphasis and backslashes taken literally."""
    return re.sub(r"([\\`*_\[\]<>|#])", r"\\\1", str(text))


def partnerships_now(f: Filters) -> None:
    """Each chosen state's partnership level with China in force at the end of the record, in words,
    with a link to the event where it was announced (its record on the timeline)."""
    levels = load(queries.partnerships(f))
    current = levels[levels["valid_to"].isna()] if not levels.empty else levels
    if current.empty:
        st.info("No partnership level with China is recorded for the chosen countries.")
        return
    lines = []
    for r in current.itertuples():
        line = f"- **{r.country}**: {_plain(r.level)} since {since_text(r.valid_from, r.date_precision)}"
        if isinstance(r.event_id, str) and pd.notna(r.event_title):
            line += f" — announced at [{_plain(r.event_title)}](./timeline?event={quote(r.event_id)})"
        lines.append(line)
    st.markdown("\n".join(lines))
    st.caption("Each state's partnership with China in force at the end of the record, in the sources' words; "
               "the timeline shows the levels over time.")


def permalink(event_id: str) -> None:
    """The record's citable address: this event as of the database's vintage."""
    vintage = current_vintage()
    address = f"./timeline?event={event_id}" + (f"&vintage={vintage}" if vintage else "")
    st.caption(f"Permalink to this record{f' as of vintage `{vintage}`' if vintage else ''}: [{address}]({address})")


def vintage_note() -> None:
    """When a link names the vintage it was made on (`?vintage=ID`), say whether the data has
    changed since, with a link to those changes."""
    vintage_id, notes = id_from_query(st.query_params.get_all("vintage"), "vintage")
    for note in notes:
        st.warning(note)
    if not vintage_id:
        return
    now = current_vintage()
    if vintage_id == now:
        st.caption(f"Data as of vintage `{vintage_id}` (the current one); this page's address is a permalink.")
    elif count(queries.vintage_exists(vintage_id)):
        st.info(f"This link was made on vintage `{vintage_id}`; the data has changed since (now `{now}`). "
                f"[What changed since then](./changes?since={vintage_id})", icon=":material/update:")
    else:
        st.warning(f"The link names vintage `{vintage_id}`, which is not in this database's history (it may "
                   f"come from another build of the data); the data shown is vintage `{now}`.")


def event_record_linked(event_id: str) -> None:
    """The record of a linked event, or a note when the database does not hold it (removed since?)."""
    if load(queries.event_detail(event_id)).empty:
        st.warning(f"The linked event `{event_id}` is not in this database: it may have been removed by a "
                   f"rebuild (the [What's new](./changes) page shows removed rows and what they were).")
        return
    with st.container(border=True):
        event_details(event_id)
        permalink(event_id)
