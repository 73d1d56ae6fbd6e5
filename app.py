"""China–Central Asia Monitor: entry point and router.

Page config, the shared filter sidebar (synced with the URL), then st.navigation(...).run().
Pages hold layout only; data comes through dashboard.ui.
"""
from __future__ import annotations

import logging

import streamlit as st

from dashboard import settings, ui

st.set_page_config(page_title="China–Central Asia Monitor", page_icon=":material/public:", layout="wide")

PAGES = [
    st.Page("pages/overview.py", title="Overview", icon=":material/home:", default=True, url_path="overview"),
    st.Page("pages/map.py", title="Map", icon=":material/map:", url_path="map"),
    st.Page("pages/timeline.py", title="Timeline", icon=":material/timeline:", url_path="timeline"),
    st.Page("pages/trade.py", title="Trade", icon=":material/show_chart:", url_path="trade"),
    st.Page("pages/data.py", title="Data", icon=":material/table_view:", url_path="data"),
    st.Page("pages/changes.py", title="What's new", icon=":material/update:", url_path="changes"),
    st.Page("pages/sources.py", title="Sources & method", icon=":material/menu_book:", url_path="sources"),
]

# The Curate page writes data/curated: listed and routable only in curator mode (`make curate`).
if settings.curator_mode():
    PAGES.append(st.Page("curator.py", title="Curate", icon=":material/inbox:", url_path="curate"))

page = st.navigation(PAGES)
try:
    ui.require_database()
    st.session_state["_filters"] = ui.sidebar_filters(page.url_path)
    ui.brief_downloads(st.session_state["_filters"])
    page.run()
except ui.QueryTimeout as e:  # a query ran past its time limit: say so instead of failing
    ui.too_slow(e)
except Exception:  # Streamlit's own stop/rerun signals are BaseExceptions and pass through
    logging.getLogger("monitor").exception("page %s failed", page.title)
    st.error("Something went wrong while drawing this page. The problem has been logged; "
             "try another filter or reload the page.")
