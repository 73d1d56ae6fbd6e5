"""ETL layer: `python -m etl report` prints what the record covers (the build's `coverage` table).

Reads a built database read-only; imports duckdb only.
"""
from __future__ import annotations

import sys
from pathlib import Path

import duckdb

SECTIONS = (
    "record", "bilateral events 2022-2025", "events per country and year", "events per type", "sources per event",
    "China-reported annual trade cells 2015-2025", "gap counts", "gaps",
)


def _number(value) -> str:
    if value is None:
        return ""
    return f"{value:,.2f}".rstrip("0").rstrip(".") if value != int(value) else f"{int(value):,}"


def report(db_path: Path, out=sys.stdout, err=sys.stderr) -> int:
    if not db_path.is_file():
        print(f"report: {db_path} does not exist; build it first (python -m etl build)", file=err)
        return 2
    try:
        con = duckdb.connect(str(db_path), read_only=True)
    except duckdb.Error as error:
        print(f"report: cannot open {db_path}: {' '.join(str(error).split())}", file=err)
        return 2
    try:
        rows = con.execute("select section, country_iso3, period, label, value, note from coverage").fetchall()
    except duckdb.Error:
        print(f"report: {db_path} has no coverage table (built by an older ETL); rebuild it", file=err)
        return 2
    finally:
        con.close()
    by_section: dict[str, list] = {}
    for row in rows:
        by_section.setdefault(row[0], []).append(row[1:])
    print(f"Coverage of {db_path}", file=out)
    for section in SECTIONS:
        lines = by_section.get(section, [])
        print(f"\n## {section}", file=out)
        if section == "events per country and year":
            years = sorted({p for _, p, *_ in lines})
            print("country  " + "  ".join(f"{y:>10}" for y in years) + "   (all events / bilateral)", file=out)
            cells = {(c, p): (v, n) for c, p, _, v, n in lines}
            for country in sorted({c for c, *_ in lines}):
                row = []
                for y in years:
                    v, n = cells.get((country, y), (0, "0 bilateral"))
                    row.append(f"{_number(v)} / {n.split()[0]}".rjust(10))
                print(f"{country:<7}  " + "  ".join(row), file=out)
            continue
        if not lines:
            print("(none)", file=out)
        for country, period, label, value, note in lines:
            print(f"{country or '':<4}{period if period is not None else '':<6}{label:<46}"
                  f"{_number(value):>8}  {note or ''}".rstrip(), file=out)
    return 0
