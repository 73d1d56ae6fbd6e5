"""Bench helper (not a test): server-side time of a page's rerun after a filter change, with AppTest.

    .venv/bin/python bench/apptiming.py --db /tmp/synth-big/events-only.duckdb [--runs 5] [--pages map,trade]

Each page is timed in a fresh Python process (empty Streamlit caches, its own memory): open it once
(connection opened, sidebar and page drawn from cold: `first`), then `runs` times change the filter
to a value not seen before (so no cached query answers it) and time the rerun; print the median
(p50) and the slowest. Two kinds of change: the start date nudged by a day (the filter still matches
nearly everything: the worst case) and one country chosen (with the end date nudged, so the filter
is new). Also prints a rerun with an unchanged filter (every query cached) and the process's peak
memory. Drives the app through streamlit's testing API (AppTest), as tests/app does.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PAGES = ("overview", "map", "timeline", "trade", "data", "sources")
COUNTRIES = ("KAZ", "KGZ", "UZB", "TJK", "TKM", "CHN")


def timed_run(at) -> float:
    start = time.perf_counter()
    at.run()
    elapsed = time.perf_counter() - start
    problems = [e.message for e in at.exception] + [e.value for e in at.error]
    if problems:
        raise RuntimeError(f"the page failed: {problems}")
    return elapsed


def open_page(page: str):
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=600)
    if page != "overview":
        at.switch_page(f"pages/{page}.py")
    return at


def time_page(page: str, runs: int) -> dict[str, float | list[float]]:
    """Seconds for the first run, reruns after `runs` new start dates, after `runs` new countries,
    and a rerun with an unchanged filter (in this process: call it once per process)."""
    from dashboard.ui.navigation import apptest_as_a_running_server   # after --one-page has set sys.path

    with apptest_as_a_running_server():                     # every run through app.py, as tests/app
        at = open_page(page)
        out: dict[str, float | list[float]] = {"first": timed_run(at)}
        nudged = []
        for i in range(runs):
            at.date_input(key="flt_start").set_value(date(1990, 1, 1) + timedelta(days=i + 1))
            nudged.append(timed_run(at))
        out["start date"] = nudged
        out["cached"] = timed_run(at)
        at.date_input(key="flt_start").set_value(None)
        timed_run(at)
        country = []
        for i in range(runs):
            at.multiselect(key="flt_countries").set_value([COUNTRIES[i % len(COUNTRIES)]])
            at.date_input(key="flt_end").set_value(date(2035, 12, 31) - timedelta(days=i))  # a filter not seen before
            country.append(timed_run(at))
        out["one country"] = country
        out["peak MB"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        return out


def time_page_in_subprocess(db: Path, page: str, runs: int) -> dict:
    env = {**os.environ, "MONITOR_DB": str(db.resolve())}
    done = subprocess.run([sys.executable, __file__, "--one-page", page, "--runs", str(runs), "--db", str(db)],
                          cwd=ROOT, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"timing {page} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True, type=Path, help="database file the app reads (MONITOR_DB)")
    parser.add_argument("--runs", type=int, default=5, help="reruns per kind of filter change (default 5)")
    parser.add_argument("--pages", default=",".join(PAGES), help="comma-separated pages (default: all)")
    parser.add_argument("--one-page", help=argparse.SUPPRESS)   # the worker: time one page, print JSON
    args = parser.parse_args(argv)
    if args.one_page:
        os.environ["MONITOR_DB"] = str(args.db.resolve())
        sys.path.insert(0, str(ROOT))
        os.chdir(ROOT)
        print(json.dumps(time_page(args.one_page, args.runs)))
        return 0
    print(f"database {args.db} ({args.db.stat().st_size / 1e6:,.0f} MB); {args.runs} reruns per change; seconds")
    print(f"{'page':10s} {'first':>7s} {'start date p50':>15s} {'max':>6s} {'country p50':>12s} {'max':>6s} "
          f"{'cached':>7s} {'peak MB':>8s}")
    for page in args.pages.split(","):
        r = time_page_in_subprocess(args.db, page, args.runs)
        print(f"{page:10s} {r['first']:7.2f} {statistics.median(r['start date']):15.2f} {max(r['start date']):6.2f} "
              f"{statistics.median(r['one country']):12.2f} {max(r['one country']):6.2f} {r['cached']:7.2f} "
              f"{r['peak MB']:8.0f}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
