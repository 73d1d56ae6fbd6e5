"""Bench (not a test): the ETL build at scale against DuckDB's bare read_csv of the same files.

    .venv/bin/python bench/etl_bench.py --data DIR [--runs 1]

DIR holds curated/ and imports/ (e.g. from `python -m etl synth`). Both sides run in fresh
processes, in the same run, so the ratio is what to compare:
- build: `python -m etl build` (validation included) into a new database file;
- bare:  for every input CSV, `create table ... as select * from read_csv(file)` into a new
  database file: DuckDB loading the same files with no checks at all.
- diff: the same inputs with 1% of the rows changed (every 100th event retitled, every 100th
  trade line revalued, the last 1,000 trade lines removed; written once beside DIR as
  DIR-changed/) built over the first build's database: the rebuild that records the changes.
  diff_s is the compare step alone, as the build reports it; rebuild_s the whole rebuild; the
  changes it found are checked against the edits made.
Prints one JSON line: {"build_s": ..., "bare_s": ..., "ratio": ..., "build_peak_mb": ...,
"rebuild_s": ..., "diff_s": ..., "diff_pct": ..., "changes": {...}}.
"""
from __future__ import annotations

import argparse
import csv
import json
import os
import re
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


REMOVED_TRADE = 1_000
DIFF_RE = re.compile(r"^vintage \S+ \(after \S+\): .* \(compared in (?P<s>[0-9.]+) s\)$", re.M)


def timed(cmd: list[str], capture: bool = False) -> tuple[float, float, str]:
    """(wall seconds, peak resident MB of the child, its stdout when captured)."""
    start = time.perf_counter()
    done = subprocess.run(cmd, check=True, cwd=ROOT, stdout=subprocess.PIPE if capture else subprocess.DEVNULL,
                          text=True)
    wall = time.perf_counter() - start
    peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return wall, peak_kb / 1024, done.stdout or ""


def changed_copy(data: Path) -> tuple[Path, dict]:
    """DATA-changed/: DATA with 1% of the rows changed (cached; other files hard-linked), and the
    changes a build must find: {table: {kind: rows}}."""
    out = data.parent / f"{data.name}-changed"
    marker = out / "edits.json"
    if marker.exists():
        return out, json.loads(marker.read_text())
    for folder in ("curated", "imports"):
        (out / folder).mkdir(parents=True, exist_ok=True)
        for path in (data / folder).glob("*.csv"):
            target = out / folder / path.name
            if path.name not in ("events.csv",) and folder == "curated" and not target.exists():
                os.link(path, target)
    events = 0
    with (data / "curated" / "events.csv").open(newline="", encoding="utf-8") as src, \
            (out / "curated" / "events.csv").open("w", newline="", encoding="utf-8") as dst:
        reader, writer = csv.reader(src), csv.writer(dst, lineterminator="\n")
        header = next(reader)
        writer.writerow(header)
        title = header.index("title")
        for i, row in enumerate(reader):
            if i % 100 == 99:
                row[title] = row[title][:290] + " (revised)"
                events += 1
            writer.writerow(row)
    trade = {}
    for path in (data / "imports").glob("*.csv"):
        with path.open(encoding="utf-8") as src:
            lines = src.readlines()
        header = lines[0].rstrip("\n").split(",")
        value = header.index("primaryValue")
        kept = lines[:len(lines) - REMOVED_TRADE]
        edited = 0
        for i in range(100, len(kept), 100):
            fields = kept[i].rstrip("\n").split(",")
            if '"' in kept[i] or len(fields) != len(header):
                continue
            fields[value] = repr(float(fields[value]) + 1.0)
            kept[i] = ",".join(fields) + "\n"
            edited += 1
        (out / "imports" / path.name).write_text("".join(kept), encoding="utf-8")
        trade = {"changed": trade.get("changed", 0) + edited, "removed": trade.get("removed", 0) + REMOVED_TRADE}
    edits = {"events": {"changed": events}, "trade": trade}
    marker.write_text(json.dumps(edits))
    return out, edits


def found_changes(db: Path) -> dict:
    import duckdb
    con = duckdb.connect(str(db), read_only=True)
    try:
        rows = con.execute("select table_name, change_kind, count(*) from change_scope where vintage_id = "
                           "(select value from build_info where key = 'vintage_id') group by all").fetchall()
    finally:
        con.close()
    out: dict = {}
    for table, kind, n in rows:
        out.setdefault(table, {})[kind] = n
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, required=True)
    parser.add_argument("--runs", type=int, default=1)
    args = parser.parse_args()
    curated, imports = args.data / "curated", args.data / "imports"
    files = sorted(str(p) for p in curated.glob("*.csv")) + sorted(str(p) for p in imports.glob("*.csv"))
    changed, edits = changed_copy(args.data)
    builds, bares, peak = [], [], 0.0
    with tempfile.TemporaryDirectory(dir=args.data) as tmp:
        for i in range(args.runs):
            db = Path(tmp) / f"build{i}.duckdb"
            wall, child_peak, _ = timed([sys.executable, "-m", "etl", "build", "--data-dir", str(curated),
                                         "--imports-dir", str(imports), "--db", str(db)])
            builds.append(wall)
            peak = peak or child_peak  # ru_maxrss of children is a running maximum: take the first build's
            bare_db = Path(tmp) / f"bare{i}.duckdb"
            bares.append(timed([sys.executable, "-c", BARE, str(bare_db), *files])[0])
            bare_db.unlink()
        # The 1%-changed rebuild over the last build: what recording the changes costs.
        rebuild_s, _, out = timed([sys.executable, "-m", "etl", "build", "--data-dir", str(changed / "curated"),
                                   "--imports-dir", str(changed / "imports"), "--db", str(db)], capture=True)
        m = DIFF_RE.search(out)
        if not m:
            raise SystemExit(f"the rebuild did not report a compare step:\n{out}")
        found = found_changes(db)
        if found != edits:
            raise SystemExit(f"the rebuild recorded {found}, the edits were {edits}")
    build_s, bare_s, diff_s = min(builds), min(bares), float(m["s"])
    print(json.dumps({"build_s": round(build_s, 2), "bare_s": round(bare_s, 2),
                      "ratio": round(build_s / bare_s, 2), "build_peak_mb": round(peak),
                      "input_mb": round(sum(Path(f).stat().st_size for f in files) / 1e6),
                      "rebuild_s": round(rebuild_s, 2), "diff_s": round(diff_s, 2),
                      "diff_pct": round(100 * diff_s / build_s, 1), "changes": found}))


if __name__ == "__main__":
    main()
