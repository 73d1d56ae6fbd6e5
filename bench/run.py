"""Bench (not a test): `make bench` prints one table of what the scale issue measures.

    .venv/bin/python bench/run.py [--events 1000000] [--trade-rows 10000000] [--runs 5] [--dir DIR]

1. Synthetic data at scale (python -m etl synth; cached in DIR between runs with the same sizes).
2. ETL build at scale against DuckDB's bare read_csv of the same files, and a rebuild with 1% of
   the rows changed: the cost of comparing it with the previous database (bench/etl_bench.py).
3. Each page's server-side rerun after a filter change (AppTest; bench/apptiming.py), p50 and p95
   over 2 x `runs` reruns, on the bundled database and at scale (ratio).
4. The same views the naive way, pandas reading the CSVs and filtering in memory (bench/naive.py),
   against the app at scale (ratio).
5. Peak memory of a server holding 10 browser sessions at scale (bench/memory.py).
6. The brief of every event at scale (HTML, PDF, BibTeX): time and peak memory (bench/brief.py).
Machines are noisy: compare the ratios, measured in the same run; absolute times are context.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import math
import os
import platform
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.apptiming import PAGES, time_page_in_subprocess  # noqa: E402

PY = sys.executable


def step(title: str) -> None:
    print(f"· {title}", file=sys.stderr, flush=True)


def json_of(cmd: list[str]) -> dict:
    done = subprocess.run(cmd, cwd=ROOT, check=True, capture_output=True, text=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def percentile(values: list[float], p: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]


def etl_digest() -> str:
    """A digest of the ETL's code and SQL: the database at scale is rebuilt when it changes."""
    h = hashlib.sha256()
    for path in sorted((ROOT / "etl").rglob("*")):
        if path.suffix in (".py", ".sql"):
            h.update(path.relative_to(ROOT).as_posix().encode() + b"\0" + path.read_bytes())
    return h.hexdigest()


def scale_data(folder: Path, events: int, trade_rows: int) -> Path:
    """Synthetic data (regenerated when its sizes change) and its database (rebuilt when the data
    or the ETL changed), cached in `folder` between runs."""
    marker, db = folder / "synth.json", folder / "monitor.duckdb"
    wanted = {"events": events, "trade_rows": trade_rows, "seed": 1}
    have = json.loads(marker.read_text()) if marker.exists() else {}
    if {k: have.get(k) for k in wanted} != wanted:
        step(f"generating {events:,} events and {trade_rows:,} trade rows into {folder}")
        db.unlink(missing_ok=True)
        subprocess.run([PY, "-m", "etl", "synth", "--events", str(events), "--trade-rows", str(trade_rows),
                        "--out", str(folder / "data"), "--seed", "1"], cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
        marker.write_text(json.dumps(wanted))
    if not db.exists() or have.get("etl") != etl_digest():
        step("building the database at scale")
        subprocess.run([PY, "-m", "etl", "build", "--data-dir", str(folder / "data" / "curated"),
                        "--imports-dir", str(folder / "data" / "imports"), "--db", str(db)],
                       cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
        marker.write_text(json.dumps({**wanted, "etl": etl_digest()}))
    return db


def page_times(db: Path, runs: int) -> dict[str, list[float]]:
    out = {}
    for page in PAGES:
        r = time_page_in_subprocess(db, page, runs)
        out[page] = r["start date"] + r["one country"]
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--trade-rows", type=int, default=10_000_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--dir", type=Path, default=Path(os.environ.get("BENCH_DIR", "/tmp/cca-bench")))
    args = parser.parse_args()
    args.dir.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    bundled = ROOT / "data" / "monitor.duckdb"
    big = scale_data(args.dir, args.events, args.trade_rows)

    step("ETL build against bare read_csv")
    etl = json_of([PY, "bench/etl_bench.py", "--data", str(args.dir / "data")])
    step("page reruns on the bundled database")
    small = page_times(bundled, args.runs)
    step("page reruns at scale")
    large = page_times(big, args.runs)
    step("the naive pandas views")
    naive = json_of([PY, "bench/naive.py", "--data", str(args.dir / "data"), "--runs", "3"])
    step("server memory with 10 sessions")
    memory = json_of([PY, "bench/memory.py", "--db", str(big), "--sessions", "10"])
    step("the brief of every event")
    brief = json_of([PY, "bench/brief.py", "--db", str(big)])

    print(f"China–Central Asia Monitor bench · {platform.node()} · {os.cpu_count()} cores · "
          f"{args.events:,} events, {args.trade_rows:,} trade rows ({etl['input_mb']:,} MB of CSV) · "
          f"{2 * args.runs} reruns per page")
    print()
    print(f"{'measure':34s} {'bundled':>10s} {'at scale':>10s} {'ratio':>8s}  target")
    print(f"{'ETL build vs bare read_csv (s)':34s} {etl['bare_s']:>10.1f} {etl['build_s']:>10.1f} "
          f"{etl['ratio']:>7.2f}x  build <= 2x bare  (peak {etl['build_peak_mb']:,} MB)")
    print(f"{'diff of a 1%-changed rebuild (s)':34s} {'':>10s} {etl['diff_s']:>10.1f} "
          f"{etl['diff_pct'] / 100:>7.2f}x  diff <= 0.5x build  (the rebuild: {etl['rebuild_s']:.1f} s)")
    for page in PAGES:
        s50, s95 = percentile(small[page], 50), percentile(small[page], 95)
        l50, l95 = percentile(large[page], 50), percentile(large[page], 95)
        print(f"{page + ' rerun p50 (ms)':34s} {s50 * 1000:>10.0f} {l50 * 1000:>10.0f} {l50 / s50:>7.2f}x  "
              f"<= 300 ms and <= 2x bundled")
        print(f"{page + ' rerun p95 (ms)':34s} {s95 * 1000:>10.0f} {l95 * 1000:>10.0f} {l95 / s95:>7.2f}x")
    print(f"{'server peak, 10 sessions (MB)':34s} {'':>10s} {memory['peak_rss_mb']:>10,} {'':>8s}  "
          f"<= 1024 MB (idle {memory['idle_rss_mb']} MB)")
    print(f"{'brief of every event: PDF (s)':34s} {'':>10s} {brief['pdf_s']:>10.1f} {'':>8s}  "
          f"<= 30 s, peak <= 1024 MB (peak {brief['peak_rss_mb']:,} MB; HTML {brief['html_s']:.1f} s, "
          f"{brief['html_kb']:,} KB; BibTeX {brief['bibtex_s']:.1f} s)")
    print()
    print(f"{'at scale: view computed by':34s} {'pandas (s)':>10s} {'app p50':>10s} {'speed-up':>8s}  target")
    for page in PAGES:
        l50 = percentile(large[page], 50)
        print(f"{page:34s} {naive[page]:>10.2f} {l50:>10.3f} {naive[page] / l50:>7.0f}x  app >= 20x faster")
    print(f"\n(bench took {time.perf_counter() - started:.0f} s)")


if __name__ == "__main__":
    main()
