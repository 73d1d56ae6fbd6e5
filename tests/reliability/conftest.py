"""Reliability fixtures: a scratch ETL workspace (as tests/etl uses) and the app under AppTest on a
chosen database (as tests/app sets it up). Reuses the helpers of tests/etl/conftest.py and
tests/app/conftest.py rather than copying them; tests/fixtures/curated itself is never changed.
"""
from __future__ import annotations

from pathlib import Path

import pytest
import streamlit as st

from dashboard.ui.navigation import apptest_as_a_running_server
from tests.app.conftest import download_files  # noqa: F401  (a fixture: imported here, it is usable here)
from tests.etl.conftest import good_db_bytes, workspace  # noqa: F401  (fixtures: imported here, usable here)


@pytest.fixture(scope="module")
def app_on():
    """app_on(db): point the app at `db` (MONITOR_DB) for the rest of the module, as a server started
    with MONITOR_DB (see tests/app/conftest.py). Streamlit's caches are emptied when the module
    starts and ends; within it, tests share them as sessions of one server do (entries are keyed on
    the database file's identity)."""
    with pytest.MonkeyPatch.context() as mp, apptest_as_a_running_server():
        st.cache_data.clear()
        st.cache_resource.clear()

        def point(db: Path) -> Path:
            mp.setenv("MONITOR_DB", str(db))
            return db

        yield point
        st.cache_data.clear()
        st.cache_resource.clear()
