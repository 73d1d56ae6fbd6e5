"""Bench (not a test): peak memory of a dashboard server holding 10 browser sessions.

    .venv/bin/python bench/memory.py --db PATH [--sessions 10]

Starts `streamlit run app.py` on the database, opens `sessions` tabs in headless Chromium (one
Streamlit session each), cycling through the pages with a different filter per tab, waits until
each has drawn, then reads the server's peak resident memory (VmHWM in /proc). Prints one JSON line.
"""
from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from playwright.sync_api import sync_playwright  # noqa: E402

from tools.appserver import AppServer, launch_chromium, wait_for_app  # noqa: E402

PAGES = ["", "map", "timeline", "trade", "data", "sources"]
FILTERS = ["", "?countries=KGZ", "?countries=KAZ,UZB", "?start=2020-01-01", "?countries=TJK&end=2019-12-31"]


def vm(pid: int, key: str) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(key + ":"):
            return int(line.split()[1]) / 1024
    return float("nan")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--sessions", type=int, default=10)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp, AppServer(args.db, Path(tmp) / "server.log") as server:
        idle = vm(server.proc.pid, "VmRSS")
        with sync_playwright() as p:
            browser = launch_chromium(p)
            tabs = []
            for i in range(args.sessions):
                tab = browser.new_page(viewport={"width": 1280, "height": 900})
                tab.goto(f"{server.url}/{PAGES[i % len(PAGES)]}{FILTERS[i % len(FILTERS)]}")
                tabs.append(tab)
            for tab in tabs:
                wait_for_app(tab, timeout=300_000)
            result = {"sessions": args.sessions, "idle_rss_mb": round(idle),
                      "rss_mb": round(vm(server.proc.pid, "VmRSS")),
                      "peak_rss_mb": round(vm(server.proc.pid, "VmHWM"))}
            browser.close()
    print(json.dumps(result))


if __name__ == "__main__":
    main()
