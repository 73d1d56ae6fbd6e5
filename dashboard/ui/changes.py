"""UI for the What's new page: the `since` choice (a vintage of the history or a date, seeded from
and written to the URL) and a changed row as one line of text. Imports streamlit, pandas and
dashboard.filters / queries.
"""
from __future__ import annotations

import json

import pandas as pd
import streamlit as st

from .. import queries
from ..filters import MAX_DATE, MIN_DATE, Since, since_from_query
from .data import count


SINCE_DATE = "a date"


def since_choice(vintages: pd.DataFrame, current: str, parent: str | None) -> Since:
    """The `since` choice: a vintage of the history, or a date; seeded from the URL (`since=`) on
    the page's first run (an unknown vintage or a bad value gives a visible note and the default:
    the previous vintage), written back to the URL when it is not the default."""
    options = [v for v in vintages["vintage_id"] if v != current]
    labels = {r.vintage_id: f"{r.vintage_id} · built {pd.Timestamp(r.built_at):%Y-%m-%d %H:%M} UTC"
              for r in vintages.itertuples()}
    if not st.session_state.get("_since_seeded"):
        since, notes = since_from_query(st.query_params.get_all("since"))
        if since.vintage_id and since.vintage_id not in options:
            if since.vintage_id == current:
                notes.append(f"The link's since `{since.vintage_id}` is the current vintage, so nothing has "
                             "changed since it; showing the changes since the previous vintage.")
            elif count(queries.vintage_exists(since.vintage_id)):
                options.append(since.vintage_id)
                labels[since.vintage_id] = since.vintage_id
            else:
                notes.append(f"Ignored since `{since.vintage_id}`: no vintage of this database's history has "
                             "that id. Showing the changes since the previous vintage.")
            if since.vintage_id not in options:
                since = Since()
        st.session_state["chg_since"] = (since.vintage_id or (SINCE_DATE if since.day else parent)
                                         or (options[0] if options else SINCE_DATE))
        st.session_state["chg_date"] = since.day
        st.session_state["_since_notes"] = notes
        st.session_state["_since_seeded"] = True
    for note in st.session_state.get("_since_notes", []):
        st.warning(note)
    if st.session_state.get("chg_since") not in options + [SINCE_DATE]:
        st.session_state["chg_since"] = parent if parent in options else SINCE_DATE
    c1, c2 = st.columns([3, 2])
    choice = c1.selectbox("Changes since", options + [SINCE_DATE], key="chg_since",
                          format_func=lambda v: "a date…" if v == SINCE_DATE else (
                              labels.get(v, v) + (" (the previous vintage)" if v == parent else "")),
                          help="Every build of new data is a vintage; the changes of every vintage after "
                               "the one chosen are shown.")
    since = Since(vintage_id=choice)
    if choice == SINCE_DATE:
        day = c2.date_input("Built on or after", key="chg_date", value=None, min_value=MIN_DATE,
                            max_value=MAX_DATE, format="YYYY-MM-DD")
        since = Since(day=day) if day else Since()
    default = parent if parent else None
    value = since.to_query()
    if value and value != default:
        if st.query_params.get("since") != value:
            st.query_params["since"] = value
    elif "since" in st.query_params:
        del st.query_params["since"]
    return since


def row_text(json_text) -> str:
    """A row kept as JSON (an added or removed row) as one line of `column: value` pairs."""
    if not isinstance(json_text, str):
        return ""
    try:
        row = json.loads(json_text)
    except ValueError:
        return json_text
    return " · ".join(f"{k}: {', '.join(map(str, v)) if isinstance(v, list) and all(not isinstance(i, dict) for i in v) else v}"
                      for k, v in row.items() if v not in (None, [], ""))
