"""UI event record: the event picker (a title search over the filter's newest events) and an event's
record (dates, venue and place, summary, participants with their office then, agreements with the
number of documents signed, sources).
Imports streamlit, pandas and dashboard.filters / queries / settings.
"""
from __future__ import annotations

import pandas as pd
import streamlit as st

from .. import queries, settings
from ..filters import Filters
from ..settings import EVENT_TYPE_LABELS
from .data import load


def event_label(start_date, title: str) -> str:
    return f"{pd.Timestamp(start_date).date()} — {title}"


def event_picker(f: Filters, picked: str | None = None, key: str = "event", linked: str | None = None) -> str | None:
    """A title search and a list of the newest matching events (settings.PICKER_EVENTS at most);
    `picked` (e.g. clicked on a chart) is offered first even when the list does not hold it, and so is
    `linked` (the URL's ?event=) while no title is searched. Returns the chosen event id, or None
    when nothing matches."""
    search = st.text_input("Search event titles", key=f"{key}_search", max_chars=200,
                           placeholder="a word from the title, e.g. railway",
                           help="Finds events of the current filter whose title contains the text, or with a "
                                "participant or place of that name in any spelling (Жапаров, Nur-Sultan).")
    picked = picked or (linked if not search.strip() else None)
    choices = load(queries.event_choices(f, search=search, limit=settings.PICKER_EVENTS))
    labels = {r.event_id: event_label(r.start_date, r.title) for r in choices.itertuples()}
    if picked and picked not in labels:
        detail = load(queries.event_detail(picked))
        if not detail.empty:
            labels = {picked: event_label(detail["start_date"].iloc[0], detail["title"].iloc[0]), **labels}
    if not labels:
        st.info("No event title in the current filter contains that text.")
        return None
    ids = list(labels)
    choice = st.selectbox("Event", ids, index=ids.index(picked) if picked in labels else 0,
                          format_func=labels.get)
    if len(choices) >= settings.PICKER_EVENTS:
        st.caption(f"The list offers the {settings.PICKER_EVENTS:,} newest matching events"
                   f"{' whose title matches' if search.strip() else ''}; search the titles to find others.")
    return choice


VENUES = {"in_person": "in person", "virtual": "virtual (video link)", "phone": "phone call",
          "none": "not a meeting"}


def _venue(e) -> str:
    """How the event took place, and where: 'in person, Beijing'; 'phone call'."""
    kind = e.get("venue_kind") if hasattr(e, "get") else None
    place = e["place_name"] if pd.notna(e["place_name"]) else None
    if kind == "in_person" or kind is None or pd.isna(kind):
        return f"in person, {place}" if place else "in person, no single place"
    return VENUES.get(kind, str(kind))


def documents(count) -> str:
    """'24 documents' (None when the sources give no number)."""
    if count is None or pd.isna(count):
        return None
    return f"{int(count)} document{'s' if int(count) != 1 else ''}"


def event_details(event_id: str) -> None:
    """An event's record: dates, place, summary, participants, agreements and sources."""
    detail = load(queries.event_detail(event_id))
    if detail.empty:
        st.info("That event is not in the database (it may have been removed by a rebuild).")
        return
    e = detail.iloc[0]
    start, end = pd.Timestamp(e["start_date"]).date(), pd.Timestamp(e["end_date"]).date()
    when = {"day": str(start) if start == end else f"{start} – {end}",
            "month": start.strftime("%B %Y") + " (month only)", "year": f"{start.year} (year only)"}[e["date_precision"]]
    st.subheader(e["title"])
    st.markdown(f"**{when}** · {EVENT_TYPE_LABELS.get(e['event_type'], e['event_type'])} · "
                f"{_venue(e)}")
    st.write(e["summary"])
    if pd.notna(e["notes"]) and e["notes"]:
        st.caption(f"Curator's note: {e['notes']}")
    people = load(queries.event_participants(event_id))
    if not people.empty:
        st.markdown("**Participants**")
        lines = []
        for p in people.itertuples():
            post = p.post_at_event if isinstance(p.post_at_event, str) else (
                p.role_at_event if isinstance(p.role_at_event, str) else None)
            lines.append(f"- {p.name}" + (f" — {post}" if post else ""))
        st.markdown("\n".join(lines))
        st.caption("Offices held on the event's first day (from the posts table); where none is recorded, "
                   "the role the sources give at the event.")
        with st.expander("Participants' roles and other spellings in the sources"):
            st.dataframe(people.rename(columns={
                "name": "Name", "post_at_event": "Office at the event", "role_at_event": "Role at the event",
                "role": "Office", "country_iso3": "Country", "aliases": "Other spellings in the sources"}),
                hide_index=True, width="stretch")
    agreements = load(queries.event_agreements(event_id))
    if not agreements.empty:
        st.markdown("**Agreements and documents**")
        agreements = agreements.assign(documents_count=agreements["documents_count"].map(documents))
        st.dataframe(agreements.rename(columns={"title": "Title", "kind": "Kind", "parties": "Parties",
                                                "documents_count": "Documents signed",
                                                "summary": "Note", "source_id": "Source"}),
                     hide_index=True, width="stretch")
    sources = load(queries.event_source_list(event_id))
    st.markdown("**Sources**")
    for s in sources.itertuples():
        published = pd.Timestamp(s.published_date).date() if pd.notna(s.published_date) else "undated"
        title = f"[{s.title}]({s.url})" if isinstance(s.url, str) and s.url.startswith("http") else s.title
        via = f" — read in *{s.reprinted_from_title}*" if isinstance(s.reprinted_from_title, str) else ""
        publisher = s.publisher if isinstance(s.publisher, str) else "Publisher not shown"
        st.markdown(f"- {publisher}: {title} ({published}){via}")
