"""Bench (not a test): `make bench-load` — the load table, one server against the team deployment.

    .venv/bin/python bench/loadrun.py [--sessions 20] [--duration 180] [--faults] [--db PATH]

Runs bench/loadtest.py's analysts at scale (the database bench/run.py caches in $BENCH_DIR, default
/tmp/cca-bench, generated on first use) against
1. one server process (`streamlit run app.py`), then
2. the recommended team deployment: two replicas behind nginx (deploy/serve.py), the same sessions;
with --faults, a third run on the deployment (8 minutes) where, under load, the database is rebuilt
twice (`python -m etl build` onto a copy the replicas read, one build after the other) and, at 60%
of the run, one replica is killed: failed requests are counted with when they happened, and how
long the analysts on the killed replica waited until a live one answered. (The RSS growth of that
run is not a memory figure: one replica's memory drops to zero.) Prints the table with the targets beside it.
"""
from __future__ import annotations

import argparse
import asyncio
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.loadtest import drive, print_table, summary  # noqa: E402
from bench.run import scale_data  # noqa: E402
from deploy.serve import Deployment, Replica, port_open  # noqa: E402
from tools.appserver import free_port  # noqa: E402

PY = sys.executable
KILL_AT = 0.6   # share of the fault run after which one replica is killed


def one_server(db: Path, sessions: int, duration: float) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        replica = Replica(db, free_port(), Path(tmp))
        replica.start()
        try:
            while not replica.healthy():
                if not replica.alive():
                    raise SystemExit(f"the server did not start:\n{replica.log()}")
                time.sleep(0.25)
            results = asyncio.run(drive(f"http://127.0.0.1:{replica.port}", sessions, duration, [replica.proc.pid]))
        finally:
            replica.stop()
    return summary(results, sessions, duration)


def rebuild(db: Path, data: Path) -> None:
    subprocess.run([PY, "-m", "etl", "build", "--data-dir", str(data / "curated"), "--imports-dir",
                    str(data / "imports"), "--db", str(db)], cwd=ROOT, check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def team(db: Path, sessions: int, duration: float, faults: Path | None = None) -> tuple[dict, list[str]]:
    """The deployment under load; with `faults` (the synthetic data folder), two rebuilds then a
    killed replica during the run. Returns the summary and the fault timeline."""
    timeline: list[str] = []
    with tempfile.TemporaryDirectory() as tmp, Deployment(db, free_port(), [free_port(), free_port()], Path(tmp)) as d:
        started = time.monotonic()

        def at() -> str:
            return f"{time.monotonic() - started:6.1f} s"

        def rebuilds() -> None:
            time.sleep(10)
            for n in (1, 2):
                timeline.append(f"{at()}  rebuild {n} starts (python -m etl build onto {db.name})")
                rebuild(db, faults)
                timeline.append(f"{at()}  rebuild {n} swapped in")

        def kill() -> None:
            # On its own clock: a build at this scale takes 2-4 minutes on a busy 2-core machine.
            time.sleep(duration * KILL_AT)
            victim = d.replicas[0]
            timeline.append(f"{at()}  replica on port {victim.port} killed (SIGKILL)")
            victim.kill()

        injectors = [threading.Thread(target=f, daemon=True) for f in (rebuilds, kill)] if faults else []
        for thread in injectors:
            thread.start()
        results = asyncio.run(drive(d.url, sessions, duration, [r.proc.pid for r in d.replicas]))
        for thread in injectors:
            thread.join(timeout=900)
        if faults and not any("rebuild 2 swapped in" in line for line in timeline):
            timeline.append("(the second rebuild had not finished when the load stopped)")
        for when, why in results.failures:
            timeline.append(f"{when:6.1f} s  failed request: {why}")
        timeline.sort()
        return summary(results, sessions, duration), timeline


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sessions", type=int, default=20)
    parser.add_argument("--duration", type=float, default=180.0)
    parser.add_argument("--faults", action="store_true", help="also the fault run (rebuilds, a killed replica)")
    parser.add_argument("--fault-duration", type=float, default=480.0)
    parser.add_argument("--only-faults", action="store_true", help="the fault run alone")
    parser.add_argument("--db", type=Path, help="a database to serve (default: the bench data at scale)")
    parser.add_argument("--dir", type=Path, default=Path(os.environ.get("BENCH_DIR", "/tmp/cca-bench")))
    parser.add_argument("--skip-single", action="store_true")
    args = parser.parse_args()
    begun = time.perf_counter()
    args.dir.mkdir(parents=True, exist_ok=True)
    db = args.db or scale_data(args.dir, 1_000_000, 10_000_000)
    print(f"· load at {db} · {os.cpu_count()} cores · {args.sessions} sessions for {args.duration:.0f} s each",
          file=sys.stderr, flush=True)
    rows = []
    if not (args.skip_single or args.only_faults):
        rows.append(("one server process", one_server(db, args.sessions, args.duration)))
        print_table(rows[-1][1], rows[-1][0])
    if not args.only_faults:
        rows.append(("2 replicas behind nginx", team(db, args.sessions, args.duration)[0]))
        print_table(rows[-1][1], rows[-1][0])
    timeline: list[str] = []
    if args.faults or args.only_faults:
        if args.db:
            parser.error("--faults rebuilds the bench database; leave out --db")
        # the fault run rebuilds a copy, so the cached bench database is never the one killed mid-run
        fault_db = args.dir / "faults.duckdb"
        subprocess.run(["cp", "--reflink=auto", str(db), str(fault_db)], check=True)
        s, timeline = team(fault_db, args.sessions, args.fault_duration, faults=args.dir / "data")
        rows.append(("2 replicas, 2 rebuilds + 1 replica killed", s))
        print_table(s, rows[-1][0])
        fault_db.unlink(missing_ok=True)

    print()
    print(f"{'deployment (' + str(args.sessions) + ' sessions)':44s} {'p50 s':>6s} {'p95 s':>6s} {'errors':>7s} "
          f"{'exc.':>5s} {'RSS MB start/peak/end':>22s} {'growth':>7s}")
    for label, s in rows:
        print(f"{label:44s} {s['p50_s']:>6.2f} {s['p95_s']:>6.2f} {s['errors']:>7d} "
              f"{s['exceptions_shown'] + s['error_boxes_shown']:>5d} "
              f"{str(s['rss_start_mb']) + '/' + str(s['rss_peak_mb']) + '/' + str(s['rss_end_mb']):>22s} "
              f"{100 * s['rss_growth_second_half']:>6.1f}%")
    print(f"{'target':44s} {'':>6s} {'<= 2':>6s} {'0':>7s} {'0':>5s} {'':>22s} {'< 10%':>7s}")
    if timeline:
        print("\nfault run timeline:")
        for line in timeline:
            print("  " + line)
    print(f"\n(bench-load took {time.perf_counter() - begun:.0f} s)")


if __name__ == "__main__":
    main()
