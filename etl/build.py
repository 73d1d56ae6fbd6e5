"""ETL layer: validate every input, build a new DuckDB file beside the target, swap it in atomically.

On any problem nothing is written to the target: the previous database stays byte-for-byte as it was.
Imports duckdb, pandas and the ETL's own modules; never streamlit or the dashboard.
"""
from __future__ import annotations

import hashlib
import os
import shutil
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import duckdb
import pandas as pd

from . import gazetteer, prescreen, progress, vintages
from .comtrade import import_source, load_imports
from .csvfile import Problem
from .tables import TABLES, TABLES_BY_NAME
from .validate import Row, load_curated

SQL_DIR = Path(__file__).resolve().parent / "sql"
SCHEMA_VERSION = "6"        # the dashboard refuses a database of another version (dashboard.settings)
FAST_PATH_BYTES = 4 << 20   # below this the row-by-row path is quicker than DuckDB's fixed costs
# Tables created in this order; each has etl/sql/<name>.sql (and optionally load_<name>.sql).
# The history tables (etl/vintages.py) are filled last, from the database the build replaces.
DB_TABLES = [t.name for t in TABLES] + ["commodities", "build_info"] + vintages.HISTORY_TABLES
# Keys whose uniqueness the build checks after loading rather than with an index: an index on 10M
# trade rows costs more than the whole check (a curated trade_id could match an imported one).
CHECKED_KEYS = {"trade": "trade_id"}
# Derived tables, built in this order from the loaded ones by etl/sql/derived/<name>.sql: what the
# dashboard would otherwise compute on every page view (see data/README.md, "Derived tables").
DERIVED_TABLES = ["country_bits", "event_rows", "event_source_rows", "trade_totals", "trade_source_periods",
                  "trade_product_years", "trade_chapter_years", "coverage", "gazetteer"]


class BuildFailed(Exception):
    def __init__(self, problems: list[Problem]):
        super().__init__(f"{len(problems)} problem(s)")
        self.problems = problems


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


def import_problems(results: list[dict], curated_sources: set[str]) -> list[Problem]:
    """Problems between import files, or between an import and the curated sources."""
    problems = overlapping_imports(results)
    problems.extend(Problem(r["path"], 0, "-", f"import source id {r['source']['source_id']} clashes with "
                            "sources.csv; rename the file")
                    for r in results if r["source"]["source_id"] in curated_sources)
    return problems


def refuse(problems: list[Problem]) -> None:
    if problems:
        raise BuildFailed(sorted(set(problems), key=lambda p: (p.file, p.line, p.column, p.reason)))


def collect(data_dir: Path, imports_dir: Path) -> tuple[dict[str, list[Row]], list[dict]]:
    """The exact path: curated rows by table and the loaded imports; BuildFailed lists every problem."""
    tables, problems = load_curated(data_dir)
    results = []
    if "countries" in tables and "country_groups" in tables:
        area_by_m49 = {str(r["m49_code"]): r["iso3"] for r in tables["countries"] if r["m49_code"]}
        results, problems_in_imports = load_imports(imports_dir, area_by_m49)
        problems.extend(problems_in_imports)
    problems.extend(import_problems(results, {r["source_id"] for r in tables.get("sources", [])}))
    refuse(problems)
    return tables, results


def frame(name: str, rows: list[Row]) -> pd.DataFrame:
    table = TABLES_BY_NAME.get(name)
    columns = list(table.column_names) if table else list(rows[0].keys() if rows else [])
    df = pd.DataFrame([{c: r.get(c) for c in columns} for r in rows], columns=columns)
    for col in table.columns if table else []:
        if col.kind == "text_list":
            df[col.name] = df[col.name].map(lambda v: v if isinstance(v, list) else [])
    return df


def file_digests(paths: list[Path]) -> dict[Path, str]:
    """sha256 of each input, read in chunks (hashlib releases the GIL, so this runs beside DuckDB)."""
    out = {}
    for path in paths:
        with path.open("rb") as f:
            out[path] = hashlib.file_digest(f, "sha256").hexdigest()
    return out


class Inputs:
    """Each table's validated rows as ordered parts: Python rows (the exact path) or SQL over
    files staged in DuckDB (the fast path). A table loads in one statement from its parts one
    after another, each in its own order: curated rows by key, an import's rows in file order."""

    def __init__(self):
        self.parts: dict[str, list[tuple[str, object]]] = {}
        self.path = "exact"        # how the inputs were validated: exact, fast, or fast+exact-imports

    def add_rows(self, name: str, rows: list[Row], by_key: bool = True) -> None:
        if rows:
            self.parts.setdefault(name, []).append(("rows_by_key" if by_key else "rows", rows))

    def add_sql(self, name: str, select: str) -> None:
        self.parts.setdefault(name, []).append(("sql", select))


def stage_part(con, name: str, index: int, kind: str, payload) -> str:
    """Stage one part of a table's rows as temp view stg_<index>; return that name."""
    view = f"stg_{index}"
    if kind == "sql":
        con.execute(f"create or replace temp view {view} as {payload}")
        return view
    df = frame(name, payload)
    if kind == "rows_by_key" and name in TABLES_BY_NAME:
        df = df.sort_values(list(TABLES_BY_NAME[name].key), kind="stable").reset_index(drop=True)
    con.register("py_rows", df)
    con.execute(f"create or replace temp table py_{name}_{index} as select * from py_rows")
    con.unregister("py_rows")
    con.execute(f"create or replace temp view {view} as select * from py_{name}_{index}")
    return view


def write_tables(con, inputs: Inputs, info: dict[str, str]) -> None:
    """Create every table, then load each in one statement from temp view `stg`, its parts one
    after another (etl/sql/load_<name>.sql where a table needs more than an insert: trade is
    derived, numbered and stored in display order there)."""
    for name in DB_TABLES:
        con.execute((SQL_DIR / f"{name}.sql").read_text())
    inputs.add_rows("build_info", [{"key": k, "value": v} for k, v in sorted(info.items())])
    for name in DB_TABLES:
        parts = inputs.parts.get(name, [])
        if not parts:
            continue
        views = [stage_part(con, name, i, kind, payload) for i, (kind, payload) in enumerate(parts)]
        con.execute("create or replace temp view stg as "
                    + " union all by name ".join(f"select * from {view}" for view in views))
        loader = SQL_DIR / f"load_{name}.sql"
        with progress.step(f"loading {name}", con) as done:
            try:
                if loader.exists():
                    con.execute(loader.read_text())
                else:  # names come from etl/tables.py, never from input
                    con.execute(f"insert into {name} by name select * from stg")
            except duckdb.ConstraintException as err:  # a rule of etl/sql that validation does not check
                reason = f"refused by etl/sql/{name}.sql: " + " ".join(str(err).split())
                raise BuildFailed([Problem(f"{name}.csv", 0, "-", reason)]) from err
            if name in CHECKED_KEYS:
                check_key(con, name, CHECKED_KEYS[name])
            if progress.enabled():
                done.note = f"{con.execute(f'select count(*) from {name}').fetchall()[0][0]:,} rows"
    for name in DERIVED_TABLES:
        with progress.step(f"deriving {name}", con):
            con.execute((SQL_DIR / "derived" / f"{name}.sql").read_text())
            if name == "gazetteer":   # names are generated in Python (pycountry, iuliia): see etl/gazetteer.py
                gazetteer.load_into(con)


def table_counts(con) -> dict[str, int]:
    return {name: con.execute(f"select count(*) from {name}").fetchone()[0]
            for name in DB_TABLES if name != "build_info"}


def check_key(con, name: str, column: str) -> None:
    """Refuse the build when a value of `column` occurs twice in the loaded table `name`."""
    twice = con.execute(f"select {column} from {name} group by {column} having count(*) > 1 "
                        f"order by {column} limit 1").fetchone()   # names come from CHECKED_KEYS
    if twice:
        raise BuildFailed([Problem(f"{name}.csv", 0, column, f"{twice[0]} is used twice (a curated row and an "
                                   f"imported line, or two imported lines, carry the same {column})")])


def add_imports(inputs: Inputs, results: list[dict]) -> None:
    """Loaded import files (exact path): their source rows, trade rows in file order, commodities."""
    known: dict[str, str] = {}
    for result in results:
        inputs.add_rows("sources", [result["source"]])
        inputs.add_rows("trade", result["trade"], by_key=False)
        for code, description in result["commodities"].items():
            known.setdefault(code, description)  # the first file (in name order) describes a code
    inputs.add_rows("commodities", [{"commodity_code": c, "description": d} for c, d in sorted(known.items())],
                    by_key=False)


def gather(con, data_dir: Path, imports_dir: Path, digests, fast: bool) -> Inputs:
    """Validate every input, by the fast path where it is clean, else the exact one."""
    inputs = Inputs()
    staged = prescreen.stage_curated(con, data_dir) if fast else None
    if staged is None:
        tables, results = collect(data_dir, imports_dir)
        for name, rows in tables.items():
            inputs.add_rows(name, rows)
        add_imports(inputs, results)
        return inputs
    for table in TABLES:
        inputs.add_sql(table.name, staged.insert_sql(table))
    # As a number, as the row-by-row path reads it: the UN writes codes zero-padded ("031"), exports don't.
    m49 = con.execute(f"select cast(try_cast(m49_code as integer) as varchar), iso3 "
                      f"from {staged.raws['countries']}").fetchall()
    imports = prescreen.stage_imports(con, imports_dir, m49)
    curated_sources = {r[0] for r in con.execute(f"select source_id from {staged.raws['sources']}").fetchall()}
    if imports is None or any(s.source_id in curated_sources for s in imports):
        results, problems = load_imports(imports_dir, dict(m49))
        refuse(problems + import_problems(results, curated_sources))
        inputs.path = "fast+exact-imports"
        add_imports(inputs, results)
        return inputs
    inputs.path = "fast"
    digest_of = digests()
    for s in imports:
        inputs.add_rows("sources", [import_source(s.path, s.fmt, s.rows, digest_of[s.path])])
        inputs.add_sql("trade", prescreen.import_rows_sql(s, m49))
    if imports:
        # The first file (in name order) that describes a code gives its description.
        union = " union all ".join(
            f"select {i} as file, * from ({prescreen.import_descriptions_sql(s)})" for i, s in enumerate(imports))
        inputs.add_sql("commodities", f"select commodity_code, arg_min(description, file) as description "
                                      f"from ({union}) group by commodity_code order by commodity_code")
    return inputs


def build(data_dir: Path, imports_dir: Path, db_path: Path, fast: bool | None = None,
          err=None) -> dict[str, int]:
    """Build the database; return row counts per table (see build_recorded)."""
    return build_recorded(data_dir, imports_dir, db_path, fast, err)[0]


def build_recorded(data_dir: Path, imports_dir: Path, db_path: Path, fast: bool | None = None,
                   err=None) -> tuple[dict[str, int], vintages.Recorded]:
    """Build the database; return row counts per table and the vintage it recorded. Raises
    BuildFailed with every problem. Notes about the previous database (none, unreadable, another
    schema) go to `err` (default stderr) once the new file is in place.

    Inputs are checked inside DuckDB (the fast path) when they are large, row by row in Python
    when they are small or when the fast path flags anything (that path words every problem).
    `fast` forces one or the other; the tests build both ways and compare."""
    inputs_files = sorted(p for p in data_dir.glob("*.csv") if p.is_file()) if data_dir.is_dir() else []
    inputs_files += sorted(p for p in imports_dir.glob("*.csv") if p.is_file()) if imports_dir.is_dir() else []
    if fast is None:
        fast = sum(p.stat().st_size for p in inputs_files) > FAST_PATH_BYTES
    pool = ThreadPoolExecutor(max_workers=1)
    hashing = pool.submit(file_digests, inputs_files)
    db_path.parent.mkdir(parents=True, exist_ok=True)
    tmp = db_path.parent / f".{db_path.name}.tmp-{os.getpid()}"
    leftovers = (tmp, Path(f"{tmp}.wal"), Path(f"{tmp}.tmp"))
    for leftover in leftovers:
        _remove(leftover)
    try:
        con = duckdb.connect(str(tmp))
        try:
            with progress.step(f"validating {len(inputs_files)} input files", con) as done:
                inputs = gather(con, data_dir, imports_dir, hashing.result, fast)
                done.note = f"{inputs.path} path"
            digests = hashing.result()
            combined = hashlib.sha256("".join(f"{p.name}\0{digests[p]}\0" for p in inputs_files).encode())
            info = {"schema_version": SCHEMA_VERSION, "input_sha256": combined.hexdigest(),
                    "input_files": str(len(inputs_files)), "validation": inputs.path}
            write_tables(con, inputs, info)
            recorded = vintages.record(con, db_path, info["input_sha256"], SCHEMA_VERSION)
            with progress.step("writing the database file", con):
                con.execute("checkpoint")
            counts = table_counts(con)
        finally:
            con.close()
        vintages.keep_aside(db_path, recorded.keep_aside)
        os.replace(tmp, db_path)  # atomic on POSIX: readers see the old file or the new one
    finally:
        pool.shutdown(wait=True)
        for leftover in leftovers:
            _remove(leftover)
    for note in recorded.notes:
        print(note, file=err or sys.stderr)
    return counts, recorded


def _remove(path: Path) -> None:
    if path.is_dir():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)


def run(data_dir: Path, imports_dir: Path, db_path: Path, out=sys.stdout, err=sys.stderr,
        fast: bool | None = None) -> int:
    started = time.perf_counter()
    progress.configure(out)   # stages and bars on a terminal only
    try:
        counts, recorded = build_recorded(data_dir, imports_dir, db_path, fast=fast, err=err)
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
    print(describe(recorded), file=out)
    return 0


def describe(recorded: vintages.Recorded) -> str:
    """The summary's last line: the vintage and what it changed."""
    if not recorded.new:
        return f"vintage {recorded.vintage_id}: inputs unchanged, no new vintage"
    if recorded.parent_id is None:
        return f"vintage {recorded.vintage_id}: the first of a new history"
    c = recorded.counts
    return (f"vintage {recorded.vintage_id} (after {recorded.parent_id}): {c['added']:,} rows added, "
            f"{c['changed']:,} changed, {c['removed']:,} removed (compared in {recorded.seconds:.2f} s)")
