"""Bench (not a test): the ETL build at scale against DuckDB's bare read_csv of the same files.

    .venv/bin/python bench/etl_bench.py --data DIR [--runs 1]

DIR holds curated/ and imports/ (e.g. from `python -m etl synth`). Both sides run in fresh
processes, in the same run, so the ratio is what to compare:
- build: `python -m etl build` (validation included) into a new database file;
- bare:  for every input CSV, `create table ... as select * from read_csv(file)` into a new
  database file: DuckDB loading the same files with no checks at all.
Prints one JSON line: {"build_s": ..., "bare_s": ..., "ratio": ..., "build_peak_mb": ...}.
"""
from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

BARE = """
import sys, duckdb
from pathlib import Path
con = duckdb.connect(sys.argv[1])
for i, path in enumerate(sys.argv[2:]):
    con.execute(f"create table t{i} as select * from read_csv(?)", [path])
con.execute("checkpoint")
con.close()
"""


def timed(cmd: list[str]) -> tuple[float, float]:
    """(wall seconds, peak resident MB of the child)."""
    start = time.perf_counter()
    subprocess.run(cmd, check=True, cwd=ROOT, stdout=subprocess.DEVNULL)
    wall = time.perf_counter() - start
    peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return wall, peak_kb / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, required=True)
    parser.add_argument("--runs", type=int, default=1)
    args = parser.parse_args()
    curated, imports = args.data / "curated", args.data / "imports"
    files = sorted(str(p) for p in curated.glob("*.csv")) + sorted(str(p) for p in imports.glob("*.csv"))
    builds, bares, peak = [], [], 0.0
    with tempfile.TemporaryDirectory(dir=args.data) as tmp:
        for i in range(args.runs):
            db = Path(tmp) / f"build{i}.duckdb"
            wall, child_peak = timed([sys.executable, "-m", "etl", "build", "--data-dir", str(curated),
                                      "--imports-dir", str(imports), "--db", str(db)])
            builds.append(wall)
            peak = peak or child_peak  # ru_maxrss of children is a running maximum: take the first build's
            db.unlink()
            bare_db = Path(tmp) / f"bare{i}.duckdb"
            bares.append(timed([sys.executable, "-c", BARE, str(bare_db), *files])[0])
            bare_db.unlink()
    build_s, bare_s = min(builds), min(bares)
    print(json.dumps({"build_s": round(build_s, 2), "bare_s": round(bare_s, 2),
                      "ratio": round(build_s / bare_s, 2), "build_peak_mb": round(peak),
                      "input_mb": round(sum(Path(f).stat().st_size for f in files) / 1e6)}))


if __name__ == "__main__":
    main()
