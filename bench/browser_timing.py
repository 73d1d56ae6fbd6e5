"""Bench (not a test): `make bench-browser` — how long an analyst waits for a shared link in Chromium.

    .venv/bin/python bench/browser_timing.py [--links 5] [--db-large PATH] [--json]

For the bundled database and the one at scale (bench/run.py's, cached in $BENCH_DIR), one server
each in turn: Chromium (Debian's, headless) first visits every page once, so the app's scripts and
styles are in its cache as on an analyst's second visit; then for each page it opens `links` shared
links (each a new tab, a new session and a filter no earlier link had) and times from the request
until the page has settled: connected, the page's title drawn, the script state `notRunning`, no
status widget ("Running...") and no skeleton left. p50/p95 per page, and the ratio at scale.
The map's websocket payload: bytes the server sent for one rerun (a view button pressed on an open
map page), and for a whole new link. Prints the table with the targets beside it.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from playwright.sync_api import sync_playwright  # noqa: E402

from streamlit.proto.ForwardMsg_pb2 import ForwardMsg  # noqa: E402

from bench.loadtest import FINISHED_EARLY, percentile  # noqa: E402
from tools.appserver import PAGES, VIEWPORT, AppServer, launch_chromium  # noqa: E402

LINKS = ["?countries=KGZ", "?countries=KAZ,UZB&start=2015-01-01", "?start=2020-06-01",
         "?countries=TJK&end=2019-12-31", "?countries=TKM,CHN", "?start=2010-01-01&end=2018-12-31",
         "?countries=UZB&start=2023-01-01", "?countries=KGZ,TJK"]
SETTLED = """() => {
  const app = document.querySelector('[data-testid="stApp"]');
  return !!app && app.getAttribute('data-test-connection-state') === 'CONNECTED'
    && app.getAttribute('data-test-script-state') === 'notRunning'
    && !document.querySelector('[data-testid="stStatusWidget"]')
    && !document.querySelector('[data-testid="stAppSkeleton"], [data-testid="stSkeleton"], [data-testid="stSkeletonElement"]')
    && !!document.querySelector('h1');
}"""


class Payload:
    """Bytes the server sends a tab over its websocket."""

    def __init__(self, tab):
        self.bytes = 0
        tab.on("websocket", lambda ws: ws.on("framereceived", self._frame))

    def _frame(self, payload) -> None:
        self.bytes += len(payload) if payload is not None else 0


class Phases:
    """When a tab's websocket opened and when the server's last script_finished arrived (as
    Playwright reports them: within a poll, some 25 ms)."""

    def __init__(self, tab):
        self.opened = self.finished = None
        tab.on("websocket", self._socket)

    def _socket(self, ws) -> None:
        self.opened = self.opened or time.perf_counter()
        ws.on("framereceived", self._frame)

    def _frame(self, payload) -> None:
        if isinstance(payload, bytes) and len(payload) < 256:   # script_finished is a few bytes
            msg = ForwardMsg()
            try:
                msg.ParseFromString(payload)
            except Exception:   # not a whole ForwardMsg: not ours to judge
                return
            if msg.WhichOneof("type") == "script_finished" and msg.script_finished != FINISHED_EARLY:
                self.finished = time.perf_counter()


def settle(tab, url: str, timeout: float = 120_000, phases: list | None = None) -> float:
    """Seconds from asking for `url` until the page has settled; with `phases`, append
    (frontend start, server run, drawing after the run) in seconds."""
    watch = Phases(tab) if phases is not None else None
    began = time.perf_counter()
    tab.goto(url, wait_until="commit")
    tab.wait_for_function(SETTLED, polling=25, timeout=timeout)
    settled = time.perf_counter()
    if watch is not None and watch.opened and watch.finished:
        phases.append((watch.opened - began, watch.finished - watch.opened, settled - watch.finished))
    return settled - began


def measure(db: Path, links: int) -> dict:
    out: dict = {"pages": {}}
    with tempfile.TemporaryDirectory() as tmp, AppServer(db, Path(tmp) / "server.log") as server, \
            sync_playwright() as p:
        browser = launch_chromium(p)
        context = browser.new_context(viewport=VIEWPORT)
        for path in PAGES:                       # first visit: scripts and styles into the cache
            tab = context.new_page()
            settle(tab, f"{server.url}/{path}")
            tab.close()
        for path in PAGES:
            times, phases = [], []
            for query in LINKS[:links]:
                tab = context.new_page()
                times.append(settle(tab, f"{server.url}/{path}{query}", phases=phases))
                tab.close()
            out["pages"][path or "overview"] = times
            out.setdefault("phases", {})[path or "overview"] = [
                percentile([p[i] for p in phases], 50) for i in range(3)] if phases else [float("nan")] * 3
        tab = context.new_page()
        payload = Payload(tab)
        settle(tab, f"{server.url}/map{LINKS[0]}")
        out["map_link_kb"] = payload.bytes / 1024
        reruns = []
        for view in ("Bishkek", "Almaty", "Region"):
            before = payload.bytes
            tab.get_by_role("button", name=view, exact=True).click()
            try:   # the run may start and end between two polls: then the bytes say it ran
                tab.wait_for_selector('[data-testid="stApp"][data-test-script-state="running"]', timeout=2_000)
            except Exception:
                pass
            tab.wait_for_function(SETTLED, polling=25, timeout=120_000)
            tab.wait_for_timeout(300)   # late frames (charts learning their width) belong to the rerun
            reruns.append((payload.bytes - before) / 1024)
        out["map_rerun_kb"] = percentile(reruns, 50)
        tab.close()
        browser.close()
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--links", type=int, default=5)
    parser.add_argument("--db-small", type=Path, default=ROOT / "data" / "monitor.duckdb")
    parser.add_argument("--db-large", type=Path, help="default: the bench database at scale (generated if missing)")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    begun = time.perf_counter()
    if args.db_large is None:
        from bench.run import scale_data

        folder = Path(os.environ.get("BENCH_DIR", "/tmp/cca-bench"))
        folder.mkdir(parents=True, exist_ok=True)
        args.db_large = scale_data(folder, 1_000_000, 10_000_000)
    print("· bundled database", file=sys.stderr, flush=True)
    small = measure(args.db_small, args.links)
    print("· database at scale", file=sys.stderr, flush=True)
    large = measure(args.db_large, args.links)
    if args.json:
        print(json.dumps({"bundled": small, "large": large}))
        return
    print(f"Browser-felt time: shared link -> settled page (Chromium, assets cached; {args.links} links per page)")
    print()
    print(f"{'page':10s} {'bundled p50':>11s} {'p95':>6s} {'at scale p50':>12s} {'p95':>6s} {'ratio':>6s}  target")
    for page, times in small["pages"].items():
        s50, s95 = percentile(times, 50), percentile(times, 95)
        l50, l95 = percentile(large["pages"][page], 50), percentile(large["pages"][page], 95)
        target = "reported (WebGL drawn in software here)" if page == "map" else "<= 1.0 s p50 and <= 1.5x bundled"
        print(f"{page:10s} {s50:>11.2f} {s95:>6.2f} {l50:>12.2f} {l95:>6.2f} {l50 / s50:>5.2f}x  {target}")
    print()
    print("Where the time goes (p50 s, at scale): frontend start (request -> websocket open), server run "
          "(-> last script_finished), drawing after the run (-> settled)")
    for page, (start, run, draw) in large["phases"].items():
        print(f"  {page:10s} {start:>6.2f} {run:>6.2f} {draw:>6.2f}")
    print()
    print(f"{'map websocket payload (KB)':34s} {'bundled':>8s} {'at scale':>9s}  target")
    print(f"{'  per rerun (a view button)':34s} {small['map_rerun_kb']:>8.0f} {large['map_rerun_kb']:>9.0f}  <= 64 KB")
    print(f"{'  a new link (whole first run)':34s} {small['map_link_kb']:>8.0f} {large['map_link_kb']:>9.0f}")
    print(f"\n(bench-browser took {time.perf_counter() - begun:.0f} s)")


if __name__ == "__main__":
    main()
