"""Browser-test fixtures: one Streamlit server on the fixture database and one Chromium per session.

The server runs `python -m streamlit run app.py` (the python running pytest) with MONITOR_DB set, in
its own process group; a start that fails prints the server's log. Each test gets a fresh page
(1280x900) in one shared browser context. Chromium is Debian's /usr/bin/chromium; a missing
browser fails the tests, never skips them.
"""
from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

from app_server import serve_for_tests
from tools.appserver import ROOT, VIEWPORT, chromium_missing_message, launch_chromium

FAILURE_SHOTS = ROOT / "test-results" / "e2e"


@pytest.fixture(scope="session")
def server(fixture_db, tmp_path_factory):
    """The app, served from the fixture database; yields the running AppServer (`.url`)."""
    log = tmp_path_factory.mktemp("streamlit") / "server.log"
    yield from serve_for_tests(fixture_db, log)


@pytest.fixture
def app_url(server) -> str:
    """The server's base URL, after checking it is still alive (a crash shows its log)."""
    if server.proc.poll() is not None:
        pytest.fail(f"the streamlit server died (exit code {server.proc.returncode}). Its log:\n"
                    f"{server.log()}", pytrace=False)
    return server.url


@pytest.fixture(scope="session")
def browser():
    message = chromium_missing_message()
    if message:
        pytest.fail(message, pytrace=False)
    with sync_playwright() as playwright:
        chromium = launch_chromium(playwright)
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def browser_context(browser):
    """One context for the session: pages share the HTTP cache (Streamlit's scripts load once);
    each page still gets its own Streamlit session."""
    context = browser.new_context(viewport=VIEWPORT, accept_downloads=True)
    yield context
    context.close()


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    report = yield
    setattr(item, f"rep_{report.when}", report)
    return report


@pytest.fixture
def page(browser_context, request):
    """A fresh page (a new Streamlit session); on failure its screenshot goes to test-results/e2e/."""
    pg = browser_context.new_page()
    pg.set_default_timeout(30_000)
    yield pg
    report = getattr(request.node, "rep_call", None)
    if report is not None and report.failed:
        FAILURE_SHOTS.mkdir(parents=True, exist_ok=True)
        name = "".join(c if c.isalnum() or c in "-_" else "_" for c in request.node.name)
        try:
            pg.screenshot(path=FAILURE_SHOTS / f"{name}.png", full_page=True)
            print(f"screenshot of the failing page: {FAILURE_SHOTS / f'{name}.png'}")
        except Exception as e:  # a screenshot must not hide the real failure
            print(f"no screenshot: {e}")
    pg.close()


@pytest.fixture(scope="session")
def db_con(fixture_db):
    """A read-only connection to the same fixture database, to compute what the pages should show."""
    from dashboard.db import connect

    con = connect(fixture_db)
    yield con
    con.close()
