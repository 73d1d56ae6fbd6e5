"""Bench (not a test): the brief of the widest filter (every event) at scale, as HTML, PDF and
BibTeX, rendered in this process: seconds for each and the process's peak memory, as JSON.

    .venv/bin/python bench/brief.py --db /tmp/cca-bench/monitor.duckdb
"""
from __future__ import annotations

import argparse
import json
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from dashboard import brief  # noqa: E402
from dashboard.db import connect  # noqa: E402
from dashboard.filters import Filters  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--db", type=Path, required=True)
    args = parser.parse_args()
    con = connect(args.db)
    out = {}
    for fmt in ("html", "pdf", "bibtex"):
        started = time.perf_counter()
        content = brief.render(con, Filters(), fmt)
        out[f"{fmt}_s"] = round(time.perf_counter() - started, 2)
        out[f"{fmt}_kb"] = len(content) // 1024
    out["events"] = int(con.execute("select count(*) from events").fetchone()[0])
    out["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
    print(json.dumps(out))


if __name__ == "__main__":
    main()
