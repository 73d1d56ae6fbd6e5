"""UI coverage report: what the record covers (the ETL's `coverage` table) as small tables, so an
analyst sees it before trusting an absence. Imports streamlit, pandas and dashboard.queries / settings.
"""
from __future__ import annotations

import pandas as pd
import streamlit as st

from .. import queries
from ..settings import COUNTRY_NAMES, EVENT_TYPE_LABELS
from .data import load


def _section(cov: pd.DataFrame, name: str) -> pd.DataFrame:
    return cov[cov["section"] == name]


def _number(value) -> str:
    if pd.isna(value):
        return ""
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}"


def country_year_table(cov: pd.DataFrame) -> pd.DataFrame:
    """Events per country (rows) and year (columns), each cell 'events (bilateral)': '11 (6)'."""
    rows = _section(cov, "events per country and year")
    if rows.empty:
        return pd.DataFrame()
    cells = rows.assign(
        country=rows["country_iso3"].map(lambda c: COUNTRY_NAMES.get(c, c)),
        year=rows["period"].astype(int).astype(str),
        cell=[f"{int(v)} ({str(n).split(' ')[0]})" for v, n in zip(rows["value"], rows["note"])],
    )
    table = cells.pivot(index="country", columns="year", values="cell").fillna("0 (0)")
    return table.reset_index().rename(columns={"country": "Country"})


def coverage_report() -> None:
    """The coverage tables: totals, bilateral events per country, events per country and year,
    events per type, sources per event, trade cells filled, gap counts and the (bounded) gap list."""
    cov = load(queries.coverage())
    if cov.empty:
        st.info("This database has no coverage report; rebuild it with `make db`.")
        return
    record = _section(cov, "record")
    st.markdown("**In the record:** " + " · ".join(f"{_number(r.value)} {r.label}" for r in record.itertuples()))
    left, right = st.columns(2)
    with left:
        st.markdown("**Bilateral events 2022–2025** (China and exactly that state)")
        bil = _section(cov, "bilateral events 2022-2025")
        st.dataframe(pd.DataFrame({"Country": bil["country_iso3"].map(lambda c: COUNTRY_NAMES.get(c, c)),
                                   "Events": bil["value"].astype(int), "Note": bil["note"]}),
                     hide_index=True, width="stretch")
        st.markdown("**China-reported annual trade, 2015–2025** (cells: years × total, exports, imports)")
        cells = _section(cov, "China-reported annual trade cells 2015-2025")
        st.dataframe(pd.DataFrame({"Partner": cells["country_iso3"].map(lambda c: COUNTRY_NAMES.get(c, c)),
                                   "Cells filled": cells["value"].astype(int), "Of": cells["note"]}),
                     hide_index=True, width="stretch")
    with right:
        st.markdown("**Sources per event**")
        spe = _section(cov, "sources per event")
        st.dataframe(pd.DataFrame({"Figure": spe["label"], "Value": spe["value"].map(_number),
                                   "Note": spe["note"].fillna("")}), hide_index=True, width="stretch")
        st.markdown("**Events per type**")
        types = _section(cov, "events per type")
        st.dataframe(pd.DataFrame({"Type": types["label"].map(lambda t: EVENT_TYPE_LABELS.get(t, t)),
                                   "Events": types["value"].astype(int)}), hide_index=True, width="stretch")
    st.markdown("**Events per country and year** (all events involving the state; in brackets, bilateral)")
    st.dataframe(country_year_table(cov), hide_index=True, width="stretch")
    counts = _section(cov, "gap counts")
    st.markdown("**Known gaps:** " + (" · ".join(f"{r.label}: {_number(r.value)}" for r in counts.itertuples())
                                      or "none recorded"))
    gaps = _section(cov, "gaps")
    if not gaps.empty:
        with st.expander(f"The gaps, listed ({len(gaps):,} lines; at most 50 of each kind)"):
            st.dataframe(pd.DataFrame({
                "Gap": gaps["label"],
                "Country": gaps["country_iso3"].map(lambda c: COUNTRY_NAMES.get(c, c) if isinstance(c, str) else ""),
                "Year": gaps["period"].map(lambda y: "" if pd.isna(y) else str(int(y))),
                "What": gaps["note"].fillna(""),
            }), hide_index=True, width="stretch")
    st.caption("Whole record, unfiltered: the same report as `python -m etl report`. An absence in a view "
               "is only evidence of absence where the record covers that country and year.")
