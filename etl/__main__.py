"""ETL command line.

`python -m etl build [--data-dir DIR] [--imports-dir DIR] [--db PATH]` validates the inputs and builds
the database; `python -m etl report [--db PATH]` prints what the record covers (events per country and
year, per type, sources per event, trade cells filled, known gaps); `python -m etl propose FILE
[--url URL] [--published YYYY-MM-DD]` prints candidate events and trade figures from one article as
JSON Lines (docs/curation.md); `python -m etl synth --events N --trade-rows M --out DIR [--seed S]` writes synthetic
inputs of any size for load tests (DIR/curated and DIR/imports, which `build` takes as they are).
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .build import run

ROOT = Path(__file__).resolve().parent.parent


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m etl", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    build = commands.add_parser("build", help="validate the CSV inputs and (re)build the DuckDB database")
    build.add_argument("--data-dir", type=Path, default=ROOT / "data" / "curated")
    build.add_argument("--imports-dir", type=Path, default=ROOT / "data" / "imports")
    build.add_argument("--db", type=Path, default=ROOT / "data" / "monitor.duckdb")
    report = commands.add_parser("report", help="print the coverage of a built database (events, sources, trade, gaps)")
    report.add_argument("--db", type=Path, default=ROOT / "data" / "monitor.duckdb")
    propose = commands.add_parser(
        "propose", help="candidate events and trade figures from one article (text or HTML), as JSON Lines",
        description="Read one article (English or Russian, text or HTML) and print one JSON object per\n"
                    "candidate event or trade figure. Relative dates count from --published. duplicate_of\n"
                    "names an event already in the database (MONITOR_DB, default data/monitor.duckdb).\n"
                    "Exit 0 (no lines when there is nothing to propose); 2 when the file cannot be read.",
        formatter_class=argparse.RawDescriptionHelpFormatter)
    propose.add_argument("file", type=Path, metavar="FILE")
    propose.add_argument("--url", default=None, help="the article's address (copied into each candidate)")
    propose.add_argument("--published", default=None, metavar="YYYY-MM-DD", help="the article's publication date")
    propose.add_argument("--db", type=Path, default=None, help="database for duplicates (default: MONITOR_DB "
                                                               "or data/monitor.duckdb)")
    propose.add_argument("--data-dir", type=Path, default=ROOT / "data" / "curated",
                         help="curated tables, read for the gazetteer when there is no database")
    synth = commands.add_parser(
        "synth", help="write synthetic curated tables and a Comtrade export for load tests",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        description="Write DIR/curated: every curated table, the bundled ones plus N synthetic events\n"
                    "with their countries, people and one synthetic source per year; and\n"
                    "DIR/imports/comtrade_synth.csv: a UN Comtrade Plus export of exactly M rows (China and\n"
                    "the five Central Asian states, both as reporters, imports and exports, 2010-2025 annual\n"
                    "and monthly, per series a TOTAL row plus HS6 product lines). Then:\n"
                    "  python -m etl build --data-dir DIR/curated --imports-dir DIR/imports --db X\n"
                    "The same seed gives byte-identical files (with the same DuckDB version).")
    synth.add_argument("--events", type=int, required=True, metavar="N",
                       help="synthetic events to add to the bundled ones (0..99,999,999)")
    synth.add_argument("--trade-rows", type=int, required=True, metavar="M",
                       help="exact rows of the Comtrade export: 0 (no file) or 2..20,804,160")
    synth.add_argument("--out", type=Path, required=True, metavar="DIR",
                       help="output folder (new, empty, or an earlier synth output)")
    synth.add_argument("--seed", type=int, default=1, metavar="S", help="random seed (default 1)")
    synth.add_argument("--from", dest="base_dir", type=Path, default=ROOT / "data" / "curated",
                       metavar="DIR", help="curated tables to start from (default data/curated)")
    args = parser.parse_args(argv)
    if args.command == "build":
        return run(args.data_dir, args.imports_dir, args.db)
    if args.command == "report":
        from .report import report
        return report(args.db)
    if args.command == "propose":
        from .propose import default_db, run as run_propose
        return run_propose(args.file, args.url, args.published, args.db or default_db(), args.data_dir)
    if args.command == "synth":
        from . import progress
        from .synth import SynthError, generate
        progress.configure(sys.stdout)   # bars for the long steps, on a terminal only
        try:
            generate(args.events, args.trade_rows, args.out, args.seed, args.base_dir)
        except SynthError as err:
            print(f"synth: {err}", file=sys.stderr)
            return 2
        return 0
    return 2


if __name__ == "__main__":
    sys.exit(main())
