"""AppTest fixtures: every test runs the app on the session's fixture database (MONITOR_DB),
with Streamlit's caches cleared, and in the state a running server reaches after its first request
(dashboard/ui/navigation.py); a test marked `fresh_server` runs as a new server's first request.
"""
from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import duckdb
import pytest
import streamlit as st
from streamlit.runtime.media_file_manager import MediaFileManager
from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage

from dashboard.ui.navigation import apptest_as_a_running_server


@pytest.fixture(scope="module", autouse=True)
def fresh_streamlit_caches():
    """Start each test module with empty Streamlit caches (they outlive an AppTest). Within a
    module, tests share them as a server's sessions do: entries are keyed on the database file's
    identity and the query's arguments, so a different MONITOR_DB never sees another's results."""
    st.cache_data.clear()
    st.cache_resource.clear()
    yield
    st.cache_data.clear()
    st.cache_resource.clear()


@pytest.fixture(autouse=True)
def app_on_fixture_db(request, fixture_db, monkeypatch) -> Iterator[Path]:
    """Point the app at the fixture database, like a server started with MONITOR_DB."""
    monkeypatch.setenv("MONITOR_DB", str(fixture_db))
    if request.node.get_closest_marker("fresh_server"):
        yield fixture_db
    else:
        with apptest_as_a_running_server():
            yield fixture_db


@pytest.fixture
def con(fixture_db):
    """A read-only connection to the fixture database, for expected values."""
    connection = duckdb.connect(str(fixture_db), read_only=True)
    yield connection
    connection.close()


@pytest.fixture
def download_files(monkeypatch) -> dict[str, tuple[str | None, bytes | Callable[[], str | bytes]]]:
    """{file id: (file name, data)} of every download registered while the test runs the app.

    AppTest shows a download button's label and URL only. A download of ready bytes has a URL that
    ends in the file id: a spy on Streamlit's in-memory media store recovers its name and bytes. A
    lazy download (st.download_button with a callable as `data`, run only when clicked) has a
    `deferred_file_id` instead: a spy on the media file manager records its name and callable,
    which the test calls as a click would (see apptools.download_of).
    """
    files: dict[str, tuple[str | None, bytes | Callable[[], str | bytes]]] = {}
    original = MemoryMediaFileStorage.load_and_get_id
    original_deferred = MediaFileManager.add_deferred

    def spy(self, path_or_data, mimetype, kind, filename=None):
        file_id = original(self, path_or_data, mimetype, kind, filename)
        files[file_id] = (filename, path_or_data)
        return file_id

    def spy_deferred(self, data_callable, mimetype, coordinates, file_name=None, **kwargs):
        file_id = original_deferred(self, data_callable, mimetype, coordinates, file_name, **kwargs)
        files[file_id] = (file_name, data_callable)
        return file_id

    monkeypatch.setattr(MemoryMediaFileStorage, "load_and_get_id", spy)
    monkeypatch.setattr(MediaFileManager, "add_deferred", spy_deferred)
    return files
