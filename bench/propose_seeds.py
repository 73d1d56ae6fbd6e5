"""Runs `python -m etl propose` once over every seed article (default /work/shared/seeds/*.txt) and
prints a summary: candidates per article, how many restate an event already in the database (the
seeds are reports of events the record holds, so a candidate naming none is a likely false one),
and the figures. Not a test: the seeds are not part of the project. The run recorded in
docs/curation.md is:

    .venv/bin/python -m etl build && .venv/bin/python bench/propose_seeds.py
"""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main(argv: list[str]) -> int:
    folder = Path(argv[1]) if len(argv) > 1 else ROOT.parent / "shared" / "seeds"
    files = sorted(folder.glob("*.txt"))
    if not files:
        print(f"no seed articles in {folder}", file=sys.stderr)
        return 2
    events = flagged = figures = 0
    for path in files:
        done = subprocess.run([sys.executable, "-m", "etl", "propose", str(path)], cwd=ROOT,
                              capture_output=True, text=True)
        rows = [json.loads(line) for line in done.stdout.splitlines()]
        ev = [r for r in rows if r["kind"] == "event"]
        tr = [r for r in rows if r["kind"] == "trade"]
        events += len(ev)
        figures += len(tr)
        flagged += sum(1 for r in ev if r["duplicate_of"])
        print(f"{path.name}: exit {done.returncode}, {len(ev)} event(s), {len(tr)} figure(s)")
        for r in ev:
            print(f"  event {r['start_date']} {r['event_type']:<20} {','.join(r['countries']):<24} "
                  f"{r['place_id'] or '-':<10} duplicate_of={r['duplicate_of']}")
        for r in tr:
            print(f"  trade {r['reporter_iso3']}->{r['partner_iso3']} {r['period_start']}..{r['period_end']} "
                  f"{r['flow']:<6} {r['value']:.4g} {r['currency']} yoy={r['yoy_pct']}")
    print(f"{len(files)} seeds: {events} event candidates, {flagged} of them restate an event in the database; "
          f"{figures} trade figures")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
