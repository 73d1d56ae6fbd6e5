"""Browser test of the curator inbox (a server in curator mode on a temp copy of the fixture tables):
paste an article, edit one candidate and accept it, reject another; the timeline then shows the
accepted event with its source. And the normal server has no Curate page at /curate."""
from __future__ import annotations

import shutil

import pytest

from app_server import serve_for_tests
from tests.conftest import FIXTURE_CURATED, build_fixture_db
from tools.appserver import ROOT, open_page, wait_for_app

ARTICLE = """Kyrgyz and Chinese ministers meet in Tashkent

TASHKENT, March 3 -- Chinese Foreign Minister Wang Yi held talks with Kyrgyz Foreign Minister Zheenbek \
Kulubaev in Tashkent on Monday, the ministry said.

On the same day, Wang Yi met Uzbek Foreign Minister Bakhtiyor Saidov in Tashkent.
"""
EVENT_ID = "2026-03-02-kulubaev-and-wang-yi-in-tashkent"
SHOTS = ROOT / "test-results" / "e2e"


@pytest.fixture(scope="module")
def curator_server(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("curator")
    curated = tmp / "curated"
    shutil.copytree(FIXTURE_CURATED, curated)
    db = build_fixture_db(tmp, curated)          # no imports: tmp / "no-imports" does not exist
    env = {"MONITOR_CURATOR": "1", "MONITOR_CURATED_DIR": str(curated), "MONITOR_IMPORTS_DIR": str(tmp / "no-imports")}
    for app in serve_for_tests(db, tmp / "server.log", env):
        yield app, curated


def submit(page, name: str, nth: int = 0) -> None:
    page.get_by_role("button", name=name, exact=True).nth(nth).click()
    page.wait_for_timeout(300)
    wait_for_app(page, 60_000)


def test_paste_accept_reject_then_the_timeline_shows_it(page, curator_server):
    app, curated = curator_server
    before = {p.name: p.read_bytes() for p in curated.glob("*.csv")}
    # A fresh server routes its very first request by the pages/ folder, where the Curate page is not
    # (dashboard/ui/navigation.py): open the app once, as a curator would, then the inbox.
    open_page(page, app.url, "China–Central Asia Monitor")
    open_page(page, f"{app.url}/curate", "Curate")
    page.get_by_role("textbox", name="Article text (paste)").fill(ARTICLE)
    page.get_by_role("textbox", name="Article URL").fill("https://example.org/news/1")
    page.get_by_role("textbox", name="Published (YYYY-MM-DD)").fill("2026-03-03")
    submit(page, "Propose candidates")
    assert page.locator("mark").count() == 2
    page.get_by_role("textbox", name="Title", exact=True).first.fill("Kulubaev and Wang Yi in Tashkent")
    page.get_by_role("textbox", name="Summary, in your own words").first.fill("The two ministers discussed the railway.")
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.locator("mark").first.scroll_into_view_if_needed()
    page.screenshot(path=SHOTS / "curate.png")       # the first candidate's evidence, marked
    submit(page, "Accept")
    page.get_by_text(f"Accepted as {EVENT_ID}").wait_for(timeout=60_000)
    submit(page, "Reject")          # the second candidate: its form's buttons are the only ones left
    page.get_by_text("Rejected: nothing written.").wait_for()
    assert page.locator('[data-testid="stException"]').count() == 0
    after = {p.name: p.read_bytes() for p in curated.glob("*.csv")}
    changed = sorted(n for n in after if after[n] != before[n])
    assert changed == ["event_countries.csv", "event_people.csv", "event_sources.csv", "events.csv", "sources.csv"]
    assert after["events.csv"][len(before["events.csv"]):].decode().startswith(f"{EVENT_ID},2026-03-02,2026-03-02,")

    open_page(page, f"{app.url}/timeline?event={EVENT_ID}", "Timeline")
    page.get_by_text("Kulubaev and Wang Yi in Tashkent").first.wait_for()
    page.get_by_text("Kyrgyz and Chinese ministers meet in Tashkent").first.wait_for()   # its source


def test_the_normal_server_has_no_curate_page(page, app_url):
    open_page(page, f"{app_url}/curate")
    assert page.get_by_role("heading", level=1, name="Curate").count() == 0
    assert page.get_by_role("link", name="Curate").count() == 0
    assert page.get_by_role("textbox", name="Article text (paste)").count() == 0
