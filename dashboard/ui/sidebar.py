"""UI sidebar: the shared filters every page reads, seeded from and written to the URL, within the
date bounds of dashboard.filters. Imports streamlit, pandas and dashboard.filters / queries / settings.
"""
from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from .. import queries
from ..filters import MAX_DATE, MIN_DATE, URL_KEYS, Filters, _shown, from_query
from ..settings import COUNTRY_NAMES, EVENT_TYPE_LABELS, FILTER_COUNTRIES
from .data import load
from .navigation import page_runs_alone


def _seed_from_url() -> None:
    """On a session's first run, set the filter widgets from the link the user opened."""
    if st.session_state.get("_filters_seeded"):
        return
    params = {key: st.query_params.get_all(key) for key in URL_KEYS if key in st.query_params}
    parsed = from_query(params)
    f = parsed.filters
    # Only what the link names: a key it leaves out keeps the widget's own value, which is the
    # default in a new tab, or what the browser had chosen when it reconnects to another server
    # (a replica that took over: its first run is a new session with the browser's widget values).
    seeds = {"countries": ("flt_countries", list(f.countries)), "types": ("flt_types", list(f.event_types)),
             "start": ("flt_start", f.start), "end": ("flt_end", f.end), "bilateral": ("flt_bilateral", f.bilateral)}
    for key, (widget, value) in seeds.items():
        if key in params:
            st.session_state[widget] = value
    notes = list(parsed.notes)
    for key, value, choices in (("person", f.person, _people()), ("place", f.place, _places())):
        if key not in params:
            continue
        if value is not None and value not in choices:
            notes.append(f"Ignored unknown {key} {_shown(value)} in the link.")
            value = None
        st.session_state[f"flt_{key}"] = value
    st.session_state["_url_notes"] = notes
    st.session_state["_filters_seeded"] = True


def _choices(query, key: str) -> dict[str, tuple[str, str | None]]:
    """{id: (name, country)} in the query's order (by name)."""
    return {r[key]: (r["name"], r["country"] if isinstance(r["country"], str) else None)
            for r in load(query).to_dict("records")}


def _people() -> dict[str, tuple[str, str | None]]:
    return _choices(queries.people_choices(), "person_id")


def _places() -> dict[str, tuple[str, str | None]]:
    return _choices(queries.place_choices(), "place_id")


def _label(choices: dict, key: str) -> str:
    """'Name (Country)' for a picker."""
    name, country = choices.get(key, (key, None))
    return f"{name} ({country})" if country else name


def _extent() -> tuple[date, date]:
    """The first and last dates in the data (for the date inputs' help)."""
    extent = load(queries.date_extent())
    first, last = (extent[c].iloc[0] if not extent.empty else None for c in ("first_date", "last_date"))
    return (pd.Timestamp(first).date() if pd.notna(first) else MIN_DATE,
            pd.Timestamp(last).date() if pd.notna(last) else date.today())


def sidebar_filters(page: str | None = None) -> Filters:
    """Render the shared filters, return them, and write them into the URL. On the trade page
    (`page` = its url path), the event-only filters are shown but said not to apply to its figures."""
    _seed_from_url()
    first, last = _extent()
    people, places = _people(), _places()
    with st.sidebar:
        st.header("Filters")
        st.multiselect(
            "Countries", FILTER_COUNTRIES, key="flt_countries",
            format_func=lambda c: COUNTRY_NAMES.get(c, c), placeholder="All countries",
            help="Events involving any chosen country; China's trade with the chosen Central Asian states.",
        )
        # value=None: a widget re-created after Reset starts empty (all dates), not at today.
        start = st.date_input("From", key="flt_start", value=None, min_value=MIN_DATE, max_value=MAX_DATE,
                              format="YYYY-MM-DD", help=f"Empty means from the first record ({first}).")
        end = st.date_input("To", key="flt_end", value=None, min_value=MIN_DATE, max_value=MAX_DATE,
                            format="YYYY-MM-DD", help=f"Empty means up to the latest record ({last}).")
        st.multiselect(
            "Event types", list(EVENT_TYPE_LABELS),
            key="flt_types", format_func=lambda t: EVENT_TYPE_LABELS.get(t, t), placeholder="All event types",
        )
        st.toggle("Bilateral only", key="flt_bilateral",
                  help="Only events whose countries are exactly China and one Central Asian state.")
        st.selectbox("Person present", list(people), key="flt_person", index=None,
                     format_func=lambda p: _label(people, p), placeholder="Anyone",
                     help="Only events this person attended, as the sources name them.")
        st.selectbox("Held at", list(places), key="flt_place", index=None,
                     format_func=lambda p: _label(places, p), placeholder="Anywhere",
                     help="Only events held at this place (virtual meetings and calls have none).")
        if page == "changes":
            st.caption("Bilateral only, person present and held at do not narrow What's new: its changes "
                       "are filtered by countries and dates.")
        if page == "trade":
            st.caption("Bilateral only, person present and held at narrow events: the trade figures here ignore "
                       "them; the events marked on the charts follow them.")
        notes = list(st.session_state.get("_url_notes", []))
        if start and end and end < start:
            notes.append("The end date is before the start date; the dates are ignored.")
            start = end = None
        for note in notes:
            st.warning(note)
        if st.button("Reset filters", width="stretch"):
            for key in ("flt_countries", "flt_types", "flt_start", "flt_end", "flt_bilateral", "flt_person",
                        "flt_place", "_url_notes"):
                st.session_state.pop(key, None)
            st.session_state["_filters_seeded"] = True
            st.query_params.clear()
            st.rerun()
    person = st.session_state.get("flt_person") if st.session_state.get("flt_person") in people else None
    place = st.session_state.get("flt_place") if st.session_state.get("flt_place") in places else None
    f = Filters(
        countries=tuple(c for c in FILTER_COUNTRIES if c in st.session_state.get("flt_countries", [])),
        start=start, end=end,
        event_types=tuple(t for t in EVENT_TYPE_LABELS if t in st.session_state.get("flt_types", [])),
        bilateral=bool(st.session_state.get("flt_bilateral")),
        person=person, person_name=people[person][0] if person else None,
        place=place, place_name=places[place][0] if place else None,
    )
    _write_url(f)
    return f


def _write_url(f: Filters) -> None:
    wanted = f.to_query()
    for key in URL_KEYS:
        if key in wanted:
            if st.query_params.get(key) != wanted[key]:
                st.query_params[key] = wanted[key]
        elif key in st.query_params:
            del st.query_params[key]


def filters() -> Filters:
    """The current filters, set by app.py's sidebar; every page calls this first.

    On a server's first requests for page URLs, Streamlit may run the page script without app.py
    (see navigation.py): then rerun, so app.py routes the request and draws the sidebar. Sessions
    share the switch: a second first request may find it already off, but not app.py's filters.
    """
    if page_runs_alone() or "_filters" not in st.session_state:
        st.rerun()
    return st.session_state["_filters"]
