"""UI navigation: the one place that touches Streamlit's private page manager. Imports streamlit.

With a pages/ folder beside app.py, Streamlit runs a page script alone (its old folder-based
multipage mode), without app.py and its sidebar, until st.navigation has run once in the process;
no setting turns that discovery off (Streamlit 1.67), and pages/ stays where it is. AppTest even
restores that state before every run. tests/app/test_pages.py fails loudly if an upgrade changes
what this module relies on (PagesManager.uses_pages_directory).
"""
from __future__ import annotations

import contextlib
from collections.abc import Iterator

from streamlit.runtime.pages_manager import PagesManager


def page_runs_alone() -> bool:
    """Whether Streamlit runs a page script without app.py; if so, switch the folder discovery off
    as st.navigation itself does, so that a rerun goes through app.py."""
    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        return True
    return False


class _AfterFirstRequest(PagesManager):
    """A PagesManager in the state a server keeps after its first request (discovery off)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        PagesManager.uses_pages_directory = False


@contextlib.contextmanager
def apptest_as_a_running_server() -> Iterator[None]:
    """While it lasts, AppTest runs the app as a server does after its first request: every run
    goes through app.py (else a rerun after a click runs the page alone and loses the click).
    For the drivers of AppTest: tests/app, tests/reliability, bench/apptiming.py."""
    from streamlit.testing.v1 import app_test

    saved = app_test.PagesManager
    app_test.PagesManager = _AfterFirstRequest
    try:
        yield
    finally:
        app_test.PagesManager = saved
