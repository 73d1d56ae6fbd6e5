"""ETL command line: `python -m etl build [--data-dir DIR] [--imports-dir DIR] [--db PATH]`."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .build import run

ROOT = Path(__file__).resolve().parent.parent


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m etl", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    build = commands.add_parser("build", help="validate the CSV inputs and (re)build the DuckDB database")
    build.add_argument("--data-dir", type=Path, default=ROOT / "data" / "curated")
    build.add_argument("--imports-dir", type=Path, default=ROOT / "data" / "imports")
    build.add_argument("--db", type=Path, default=ROOT / "data" / "monitor.duckdb")
    args = parser.parse_args(argv)
    if args.command == "build":
        return run(args.data_dir, args.imports_dir, args.db)
    return 2


if __name__ == "__main__":
    sys.exit(main())
