"""Browser test: after an edit of the curated tables and a rebuild (`python -m etl build`, as
`make db` runs it) under a running server, the What's new page and the overview show the changes,
the sidebar's filter narrows them, and the CSV download holds them."""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tools.appserver import ROOT, AppServer, ServerError, eventually, open_page
from tests.conftest import FIXTURE_CURATED, REMOVED_EVENT, edit_the_record

SHOTS = ROOT / "test-results" / "e2e"


def etl_build(curated: Path, db: Path) -> None:
    done = subprocess.run([sys.executable, "-m", "etl", "build", "--data-dir", str(curated), "--imports-dir",
                           str(curated.parent / "no-imports"), "--db", str(db)],
                          cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr


@pytest.fixture
def served_history(tmp_path):
    """(server, curated dir, db): a server on a database built from a copy of the fixture tables."""
    curated = tmp_path / "curated"
    shutil.copytree(FIXTURE_CURATED, curated)
    db = tmp_path / "db" / "monitor.duckdb"
    etl_build(curated, db)
    app = AppServer(db, tmp_path / "server.log")
    try:
        app.start(timeout=60)
    except ServerError as e:
        pytest.fail(str(e), pytrace=False)
    try:
        yield app, curated, db
    finally:
        app.stop()


def metric_values(page) -> list[str]:
    return page.locator('[data-testid="stMetricValue"]').all_inner_texts()


def test_whats_new_shows_an_edit_after_a_rebuild(page, served_history):
    app, curated, db = served_history
    open_page(page, f"{app.url}/changes", "What's new")
    assert "first vintage of the history" in page.locator('[data-testid="stAlertContentInfo"]').first.inner_text()

    edit_the_record(curated)
    etl_build(curated, db)

    open_page(page, f"{app.url}/changes", "What's new")
    assert eventually(page, lambda: metric_values(page), ["1", "2", "2"]) == ["1", "2", "2"]
    body = page.locator('[data-testid="stMain"]')
    assert "Revised trade figures" in body.inner_text()
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SHOTS / "whats_new.png", full_page=True)
    grid = page.locator('[data-testid="stDataFrame"]').nth(1)      # the revised figures
    grid.wait_for()
    with page.expect_download() as info:
        page.get_by_role("button", name="Download the changes (CSV)", exact=True).click()
    text = Path(info.value.path()).read_text(encoding="utf-8")
    assert info.value.suggested_filename == "changes_all-countries.csv"
    assert "trade,t02,CHN total KGZ TOTAL, 2024-01-01 – 2024-12-31,changed,value_usd,22700000000.0,22710000000.0" \
        in text.replace('"', "")
    assert f"events,{REMOVED_EVENT}," in text

    # The sidebar's filter narrows the changes: Kazakhstan has only the removed event.
    open_page(page, f"{app.url}/changes?countries=KAZ", "What's new")
    assert eventually(page, lambda: metric_values(page), ["0", "0", "1"]) == ["0", "0", "1"]

    open_page(page, f"{app.url}/", "China–Central Asia Monitor")
    since = page.locator('[data-testid="stMarkdownContainer"]', has_text="Since the previous vintage")
    assert "1 rows added, 2 changed, 2 removed" in since.first.inner_text()
    page.get_by_role("link", name="What's new: the changes, old and new values").click()
    page.get_by_role("heading", level=1, name="What's new", exact=True).wait_for()
