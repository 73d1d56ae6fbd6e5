"""Screenshots of every page, served from the bundled database: `make screenshots`.

    python tests/e2e/screenshots.py [OUT_DIR]         full-page PNGs at 1280 px wide (default screenshots/)
    python tests/e2e/screenshots.py --readme docs/    the README's small 1280x900 shots (map, trade)

Starts the app as the browser tests do (its own process group, stopped afterwards) on
data/monitor.duckdb (`make screenshots` builds it first) and drives Debian's Chromium.
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))   # run as a script: the repository root

from tools.appserver import (PAGES, ROOT, VIEWPORT, AppServer, ServerError,  # noqa: E402
                             chromium_missing_message, launch_chromium, open_page)

DB = ROOT / "data" / "monitor.duckdb"
README_PAGES = ("map", "trade")
# Streamlit's main area scrolls inside its own container: measure it, not the document.
CONTENT_HEIGHT = """() => Math.max(...['stMain', 'stSidebarContent'].map(
    id => document.querySelector(`[data-testid="${id}"]`)?.scrollHeight || 0))"""


def settle_map(page, timeout: float = 30.0) -> None:
    """Wait for the deck.gl canvas, then until two screenshots of it half a second apart agree."""
    canvas = page.locator('[data-testid="stDeckGlJsonChart"] canvas#deckgl-overlay')
    canvas.wait_for(state="visible", timeout=timeout * 1000)
    deadline, last = time.monotonic() + timeout, b""
    while time.monotonic() < deadline:
        page.wait_for_timeout(500)
        shot = canvas.screenshot()
        if shot == last:
            return
        last = shot


def settle(page, path: str) -> None:
    if path == "map":
        settle_map(page)
    if page.locator(".vega-embed").count():
        page.locator(".vega-embed svg g.role-mark").first.wait_for(timeout=30_000)
    page.wait_for_timeout(500)


def full_page(page, url: str, path: str, out: Path) -> None:
    page.set_viewport_size(VIEWPORT)
    open_page(page, url, PAGES[path])
    settle(page, path)
    height = max(VIEWPORT["height"], int(page.evaluate(CONTENT_HEIGHT)))
    page.set_viewport_size({"width": VIEWPORT["width"], "height": height})
    page.wait_for_timeout(800)   # charts and the map redraw at the new size
    if path == "map":
        settle_map(page)
    page.screenshot(path=out)


def viewport_shot(page, url: str, path: str, out: Path) -> None:
    page.set_viewport_size(VIEWPORT)
    open_page(page, url, PAGES[path])
    settle(page, path)
    page.screenshot(path=out)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("out_dir", nargs="?", default=str(ROOT / "screenshots"), type=Path)
    parser.add_argument("--readme", action="store_true",
                        help="write only the README's 1280x900 shots of the map and trade pages")
    parser.add_argument("--db", type=Path, default=DB, help=f"database to serve (default {DB})")
    args = parser.parse_args(argv)
    if not args.db.is_file():
        print(f"{args.db} does not exist: build it with `make db`.", file=sys.stderr)
        return 2
    message = chromium_missing_message()
    if message:
        print(message, file=sys.stderr)
        return 2
    args.out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        server = AppServer(args.db, Path(tmp) / "server.log")
        try:
            server.start(timeout=60)
        except ServerError as e:
            print(e, file=sys.stderr)
            return 1
        try:
            with sync_playwright() as playwright:
                browser = launch_chromium(playwright)
                page = browser.new_page(viewport=VIEWPORT)
                for path in (README_PAGES if args.readme else PAGES):
                    out = args.out_dir / f"{path or 'overview'}.png"
                    shoot = viewport_shot if args.readme else full_page
                    shoot(page, f"{server.url}/{path}", path, out)
                    print(f"wrote {out} ({out.stat().st_size // 1024} KB)")
                browser.close()
        finally:
            server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
