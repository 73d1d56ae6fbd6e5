"""ETL layer: validate every input, build a new DuckDB file beside the target, swap it in atomically.

On any problem nothing is written to the target: the previous database stays byte-for-byte as it was.
Imports duckdb, pandas and the ETL's own modules; never streamlit or the dashboard.
"""
from __future__ import annotations

import hashlib
import os
import sys
import time
from pathlib import Path

import duckdb
import pandas as pd

from .comtrade import load_imports
from .csvfile import Problem
from .tables import TABLES, TABLES_BY_NAME
from .validate import Row, load_curated

SQL_DIR = Path(__file__).resolve().parent / "sql"
SCHEMA_VERSION = "1"
# Tables created in this order; each has etl/sql/<name>.sql (and optionally load_<name>.sql).
DB_TABLES = [t.name for t in TABLES] + ["commodities", "build_info"]


class BuildFailed(Exception):
    def __init__(self, problems: list[Problem]):
        super().__init__(f"{len(problems)} problem(s)")
        self.problems = problems


def input_digest(paths: list[Path]) -> str:
    digest = hashlib.sha256()
    for path in paths:
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def overlapping_imports(imports: list[dict]) -> list[Problem]:
    """The same figure in two import files would be counted twice: refuse the second."""
    problems, seen = [], {}
    for result in imports:
        for row in result["trade"]:
            key = (row["reporter_iso3"], row["partner_iso3"], row["period_start"], row["period_end"],
                   row["flow"], row["commodity_code"])
            if key in seen and seen[key][0] != result["path"]:
                first_path, first_line = seen[key]
                problems.append(Problem(result["path"], row["_line"], "-",
                                        f"the same figure is already in {first_path} (line {first_line}); "
                                        "remove one of the overlapping exports"))
            else:
                seen.setdefault(key, (result["path"], row["_line"]))
    return problems


def collect(data_dir: Path, imports_dir: Path) -> dict[str, list[Row]]:
    """All validated rows by table, imports merged into sources, trade and commodities."""
    tables, problems = load_curated(data_dir)
    imports = []
    if "countries" in tables and "country_groups" in tables:
        area_by_m49 = {str(r["m49_code"]): r["iso3"] for r in tables["countries"] if r["m49_code"]}
        imports, import_problems = load_imports(imports_dir, area_by_m49)
        problems.extend(import_problems)
    problems.extend(overlapping_imports(imports))
    curated_sources = {r["source_id"] for r in tables.get("sources", [])}
    for result in imports:
        if result["source"]["source_id"] in curated_sources:
            problems.append(Problem(result["path"], 0, "-", f"import source id {result['source']['source_id']} "
                                                            "clashes with sources.csv; rename the file"))
    if problems:
        raise BuildFailed(sorted(set(problems), key=lambda p: (p.file, p.line, p.column, p.reason)))
    tables["commodities"] = []
    for result in imports:
        tables["sources"].append(result["source"])
        tables["trade"].extend(result["trade"])
        known = {r["commodity_code"] for r in tables["commodities"]}
        tables["commodities"].extend(
            {"commodity_code": code, "description": desc}
            for code, desc in sorted(result["commodities"].items()) if code not in known)
    return tables


def frame(name: str, rows: list[Row]) -> pd.DataFrame:
    table = TABLES_BY_NAME.get(name)
    columns = list(table.column_names) if table else list(rows[0].keys() if rows else [])
    df = pd.DataFrame([{c: r.get(c) for c in columns} for r in rows], columns=columns)
    if table:
        df = df.sort_values(list(table.key), kind="stable").reset_index(drop=True)
    for col in table.columns if table else []:
        if col.kind == "text_list":
            df[col.name] = df[col.name].map(lambda v: v if isinstance(v, list) else [])
    return df


def write_database(path: Path, tables: dict[str, list[Row]], info: dict[str, str]) -> None:
    con = duckdb.connect(str(path))
    try:
        for name in DB_TABLES:
            con.execute((SQL_DIR / f"{name}.sql").read_text())
        tables = dict(tables, build_info=[{"key": k, "value": v} for k, v in sorted(info.items())])
        for name in DB_TABLES:
            rows = tables.get(name, [])
            if name == "commodities":
                rows = sorted(rows, key=lambda r: r["commodity_code"])
            df = frame(name, rows)
            if df.empty:
                continue
            con.register("stg", df)
            loader = SQL_DIR / f"load_{name}.sql"
            try:
                if loader.exists():
                    con.execute(loader.read_text())
                else:
                    con.execute(f"insert into {name} by name select * from stg")  # name from DB_TABLES only
            except duckdb.ConstraintException as err:  # a rule of etl/sql that validate.py does not check
                reason = f"refused by etl/sql/{name}.sql: " + " ".join(str(err).split())
                raise BuildFailed([Problem(f"{name}.csv", 0, "-", reason)]) from err
            con.unregister("stg")
        con.execute("checkpoint")
    finally:
        con.close()


def build(data_dir: Path, imports_dir: Path, db_path: Path) -> dict[str, int]:
    """Build the database; return row counts per table. Raises BuildFailed with every problem."""
    tables = collect(data_dir, imports_dir)
    inputs = sorted(data_dir.glob("*.csv")) + (sorted(imports_dir.glob("*.csv")) if imports_dir.exists() else [])
    info = {"schema_version": SCHEMA_VERSION, "input_sha256": input_digest(inputs),
            "input_files": str(len(inputs))}
    db_path.parent.mkdir(parents=True, exist_ok=True)
    tmp = db_path.parent / f".{db_path.name}.tmp-{os.getpid()}"
    for leftover in (tmp, Path(f"{tmp}.wal")):
        leftover.unlink(missing_ok=True)
    try:
        write_database(tmp, tables, info)
        os.replace(tmp, db_path)  # atomic on POSIX: readers see the old file or the new one
    finally:
        for leftover in (tmp, Path(f"{tmp}.wal")):
            leftover.unlink(missing_ok=True)
    counts = {name: len(tables.get(name, [])) for name in DB_TABLES if name != "build_info"}
    return counts


def run(data_dir: Path, imports_dir: Path, db_path: Path, out=sys.stdout, err=sys.stderr) -> int:
    started = time.perf_counter()
    try:
        counts = build(data_dir, imports_dir, db_path)
    except BuildFailed as failure:
        for problem in failure.problems:
            print(problem, file=err)
        print(f"build refused: {len(failure.problems)} problem(s); {db_path} left unchanged", file=err)
        return 1
    elapsed = time.perf_counter() - started
    width = max(len(n) for n in counts)
    print(f"built {db_path} in {elapsed:.2f} s", file=out)
    for name, count in counts.items():
        print(f"  {name:<{width}}  {count:>9,} rows", file=out)
    return 0
