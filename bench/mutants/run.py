"""`make mutants`: mutation testing of the code where a slip changes what analysts see or trust.

Not a test (pytest never collects bench/); run it by hand or with `make mutants`. Two parts:
- Python: mutmut (PyPI) over dashboard/{filters,export,charts}.py, dashboard/queries/{__init__,query}.py
  and etl/{validate,comtrade,prescreen,rules}.py, each group in its own copy of the tree under .mutants/py/<group>
  with its own test subset; mutmut runs each mutant against the tests that cover the mutated function.
- SQL: bench/mutants/sqlmut.py over dashboard/queries/*.sql and parts/*.sql, each mutant against
  the tests that ran that file (recorded once by bench/mutants/sqlcover.py over tests/queries and
  the page tests), with -x and a time limit, two copies of the tree working side by side. A part's
  mutant is run against the tests of every query that includes it, directly or through another part.

Verdicts are cached under .mutants/ (git-ignored): mutmut keeps its own; an SQL verdict is keyed on
the mutated text and a digest of the query files (a kill is kept until they change). Survivors are always tried again. Mutants that
only change prose (messages, labels, titles, docstrings: a string literal holding a space) are
skipped, except in etl/prescreen.py and etl/rules.py, whose strings are SQL and patterns. Prints a table per module and the survivors,
and writes .mutants/report.md with every survivor's diff.

    .venv/bin/python bench/mutants/run.py [--only sql|dashboard|etl ...] [--workers 2] [--fresh]
        [--modules dashboard/filters.py ...] [--sql-files parts/trade_filter.sql ...] [--report-only]
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import queue
import re
import shutil
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
OUT = ROOT / ".mutants"
PY = str(ROOT / ".venv" / "bin" / "python")
sys.path.insert(0, str(HERE))
import sqlmut  # noqa: E402
from equivalent import python_reason, sql_reason  # noqa: E402

# What a copy of the tree holds: enough to run the tests.
TREE = ["app.py", "curator.py", "pages", "dashboard", "etl", "tests", "data/curated", "data/geo", "data/imports", "data/README.md",
        "docs", "pytest.ini", "README.md", "Makefile", "requirements.txt", "requirements-dev.txt", "bench/mutants",
        "tools", "static", ".streamlit"]
IGNORE = shutil.ignore_patterns("__pycache__", "*.pyc", "*.duckdb", "*.duckdb.wal", ".pytest_cache")

GROUPS = {
    "dashboard": {
        "sources": ["dashboard/filters.py", "dashboard/export.py", "dashboard/charts.py",
                    "dashboard/queries/__init__.py", "dashboard/queries/query.py"],
        # Unit tests, the data page (its downloads are export.py's callers), the What's new page and
        # the brief (the only callers of the vintage, change and brief queries); the other page tests
        # would add seconds to each of the many surviving prose mutants of charts.py.
        "tests": ["tests/queries", "tests/charts", "tests/app/test_data_page.py", "tests/app/test_changes_page.py",
                  "tests/brief"],
        # mutmut adds its mutants to the module as functions: this test counts the module's functions
        "deselect": ["tests/queries/test_sql_files.py::test_every_query_function_has_its_sql_file"],
    },
    "etl": {
        "sources": ["etl/validate.py", "etl/comtrade.py", "etl/prescreen.py", "etl/rules.py"],
        "tests": ["tests/etl/test_refusals.py", "tests/etl/test_comtrade.py", "tests/etl/test_build_ok.py",
                  "tests/reliability/test_bad_input_catalogue.py"],
    },
}
SQL_BUILDERS = {"etl/prescreen.py", "etl/rules.py"}    # modules whose string literals are SQL or patterns, not prose
SQL_TESTS = ["tests/queries", "tests/app", "tests/brief"]
SQL_TIMEOUT_S = 240
PYTEST_FLAGS = ["-x", "-q", "-p", "no:cacheprovider", "--no-header", "-o", "addopts="]


# ---------------------------------------------------------------- copies of the tree

def digest(paths: list[str]) -> str:
    h = hashlib.sha256()
    for rel in paths:
        p = ROOT / rel
        files = sorted(f for f in p.rglob("*") if f.is_file() and "__pycache__" not in f.parts) if p.is_dir() else [p]
        for f in files:
            if f.suffix in (".pyc", ".duckdb"):
                continue
            h.update(str(f.relative_to(ROOT)).encode() + b"\0" + f.read_bytes() + b"\0")
    return h.hexdigest()


def sync_tree(dest: Path) -> None:
    """Make `dest` hold the tree's files (TREE), copying only what changed (mutmut's cache keys on
    content, the mtimes it leaves alone do no harm)."""
    for rel in TREE:
        src = ROOT / rel
        if not src.exists():
            continue
        target = dest / rel
        if src.is_dir():
            wanted = {f.relative_to(src) for f in src.rglob("*") if f.is_file() and "__pycache__" not in f.parts}
            if target.is_dir():
                for f in target.rglob("*"):
                    if f.is_file() and "__pycache__" not in f.parts and f.relative_to(target) not in wanted:
                        f.unlink()
            for f in wanted:
                _copy_if_changed(src / f, target / f)
        else:
            _copy_if_changed(src, target)


def _copy_if_changed(src: Path, dst: Path) -> None:
    if dst.is_file() and dst.read_bytes() == src.read_bytes():
        return
    dst.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy2(src, dst)


# ---------------------------------------------------------------- prose mutants

STRING_RE = re.compile(r"""[rbuRBU]?("[^"\\]*(?:\\.[^"\\]*)*"|'[^'\\]*(?:\\.[^'\\]*)*')""")


def changed_lines(diff: str) -> tuple[list[str], list[str]]:
    lines = diff.splitlines()
    old = [line[1:] for line in lines if line.startswith("-") and not line.startswith("---")]
    new = [line[1:] for line in lines if line.startswith("+") and not line.startswith("+++")]
    return old, new


def is_prose(source: str, diff: str) -> bool:
    """True when the mutant only changes a string literal holding a space (a message, label or
    title) or a docstring; strings of SQL builders are code."""
    old, new = changed_lines(diff)
    if not old or not new:
        return False
    if any(line.strip().startswith(('"""', "'''")) for line in old):
        return True
    if source in SQL_BUILDERS:
        return False
    blank = lambda lines: [STRING_RE.sub('""', line) for line in lines]  # noqa: E731
    if blank(old) != blank(new):
        return False
    changed = [s for o, n in zip(old, new) for s in set(STRING_RE.findall(o)) - set(STRING_RE.findall(n))]
    return bool(changed) and all(re.search(r"\s", s[1:-1]) for s in changed)


# Keyword arguments of the chart builders that only style a chart or label it: a mutant that only
# changes one of them (a title dropped, a label limit of 321, a tooltip format) is skipped as
# presentation. Fields, types, units, scales' domains and data are never in this list.
PRESENTATION = {"title", "axis", "legend", "labelLimit", "format", "width", "height", "strokeWidth", "opacity",
                "size", "filled", "strokeDash", "name", "line_width_min_pixels", "width_min_pixels", "get_size",
                "font_family", "character_set", "fontSize", "maxWidth", "clear", "on"}
PRESENTATION_MODULES = {"dashboard/charts.py"}


def keyword_at(line: str, pos: int) -> str | None:
    """The keyword argument of a call whose name or value holds position `pos` of `line`."""
    m = re.match(r"\s*(\w+)=(?!=)", line[pos:])
    if m:
        return m.group(1)
    depth = 0
    for k in range(pos - 1, -1, -1):
        ch = line[k]
        if ch in ")]}":
            depth += 1
        elif ch in "([{":
            if depth == 0:
                return None
            depth -= 1
        elif ch == "," and depth == 0:
            return None
        elif ch == "=" and depth == 0 and line[k + 1:k + 2] != "=" and line[k - 1:k] not in "=!<>":
            name = re.search(r"(\w+)\s*$", line[:k])
            return name.group(1) if name else None
    return None


def is_presentation(source: str, diff: str) -> bool:
    """True when a chart builder's mutant only changes a presentation keyword argument."""
    if source not in PRESENTATION_MODULES:
        return False
    old, new = changed_lines(diff)
    if len(old) != 1 or len(new) != 1:
        return False
    a, b = old[0], new[0]
    i = next((k for k, (x, y) in enumerate(zip(a, b)) if x != y), min(len(a), len(b)))
    return keyword_at(a, i) in PRESENTATION


# ---------------------------------------------------------------- Python: mutmut

def setup_cfg(group: dict) -> str:
    also = "\n".join(f"    {t}" for t in TREE if t not in group["sources"])
    tests = "\n".join(f"    {t}" for t in group["tests"])
    sources = "\n".join(f"    {s}" for s in group["sources"])
    return (f"[mutmut]\nsource_paths =\n{sources}\nalso_copy =\n{also}\n"
            f"pytest_add_cli_args_test_selection =\n{tests}\n"
            "pytest_add_cli_args =\n    -p\n    no:cacheprovider\n    -p\n    forksafe\n    -o\n    addopts=\n"
            + "".join(f"    --deselect\n    {d}\n" for d in group.get("deselect", []))
            +
            "use_git_change_detection = False\n")


DIFFS_HELPER = """
import json, sys
from mutmut.mutation.diff_apply import get_diff_for_mutant
from mutmut.stats import status_by_exit_code
out = {}
for source in sys.argv[1:]:
    meta = json.load(open(f"mutants/{source}.meta"))
    for key, code in meta["exit_code_by_key"].items():
        out[key] = (source, status_by_exit_code[code], get_diff_for_mutant(key, path=source))
print(json.dumps(out))
"""


# mutmut's exit codes of survivors and "no tests" (tried again on every run: new tests may kill them
# now), and of time-outs: a time-out can be a child stuck in a lock it inherited across the fork,
# which proves nothing about the mutant (forksafe.py removes the one known cause), so it is tried again.
RETRY_CODES = (0, 5, 33, 36, 24, -24, 152, 255)


def reset_survivors(work: Path, sources: list[str]) -> None:
    """Survivors, mutants without tests and time-outs are tried again on every run."""
    for source in sources:
        meta_path = work / "mutants" / f"{source}.meta"
        if not meta_path.is_file():
            continue
        meta = json.loads(meta_path.read_text())
        codes = meta["exit_code_by_key"]
        for key, code in codes.items():
            if code in RETRY_CODES:
                codes[key] = None
        meta_path.write_text(json.dumps(meta, indent=4))


def skip_known(work: Path, sources: list[str]) -> int:
    """Mark the mutants waiting to run that only change prose or presentation, or that
    bench/mutants/equivalent.py lists, as skipped (mutmut's exit code 34) before mutmut runs: they
    survive by design, and a survivor runs every test that covers its function, which made them most
    of a run's time. Mutants mutmut generates anew in this run (changed functions) are run, and
    classified afterwards. Returns how many."""
    present = [src for src in sources if (work / "mutants" / f"{src}.meta").is_file()]
    if not present:
        return 0
    got = subprocess.run([PY, "-c", DIFFS_HELPER, *present], cwd=work, capture_output=True, text=True)
    if got.returncode != 0:
        return 0        # no diffs to judge: mutmut runs them all, as before
    waiting: dict[str, list[str]] = {}
    for key, (source, status, diff) in json.loads(got.stdout).items():
        if status == "not checked" and classify(source, key, diff):
            waiting.setdefault(source, []).append(key)
    for source, keys in waiting.items():
        meta_path = work / "mutants" / f"{source}.meta"
        meta = json.loads(meta_path.read_text())
        meta["exit_code_by_key"].update(dict.fromkeys(keys, 34))
        meta_path.write_text(json.dumps(meta, indent=4))
    return sum(map(len, waiting.values()))


EQUIVALENT = "skipped (equivalent)"     # listed in bench/mutants/equivalent.py, with its reason


def classify(source: str, key: str, diff: str) -> tuple[str, str | None] | None:
    """(status, reason) of a mutant that is not run for what it changes (prose, presentation, or
    listed in equivalent.py), or None for a mutant to run."""
    if is_prose(source, diff):
        return "skipped (prose)", None
    if is_presentation(source, diff):
        return "skipped (presentation)", None
    if reason := python_reason(source, key, *changed_lines(diff)):
        return EQUIVALENT, reason
    return None


def run_python_group(name: str, workers: int, fresh: bool, modules: list[str] | None = None) -> list[dict]:
    group = dict(GROUPS[name])
    if modules:
        group["sources"] = [s for s in group["sources"] if s in modules]
        if not group["sources"]:
            return []
    work = OUT / "py" / name
    if fresh and work.exists():
        shutil.rmtree(work)
    work.mkdir(parents=True, exist_ok=True)
    sync_tree(work)
    (work / "setup.cfg").write_text(setup_cfg(group))
    (work / ".venv").unlink(missing_ok=True)
    reset_survivors(work, group["sources"])
    skipped = skip_known(work, group["sources"])
    started = time.perf_counter()
    if skipped:
        print(f"[{name}] {skipped} mutants of prose, presentation or listed as equivalent skipped without running",
              flush=True)
    print(f"[{name}] mutmut run over {', '.join(group['sources'])} ...", flush=True)
    log = OUT / f"mutmut-{name}.log"
    with log.open("w") as out:
        done = subprocess.run([str(ROOT / ".venv" / "bin" / "mutmut"), "run", "--max-children", str(workers)],
                              cwd=work, stdout=out, stderr=subprocess.STDOUT,
                              env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1",
                                   # forksafe.py, loaded by every pytest run of the group (see setup_cfg)
                                   "PYTHONPATH": str(work / "bench" / "mutants"),
                                   # killorder.py: the likeliest killers first (an environment variable:
                                   # a change of mutmut's pytest arguments would make it forget its verdicts)
                                   "PYTEST_PLUGINS": "killorder", "MUTANTS_KILL_LOG": str(work / "kills.log")})
    print(f"[{name}] mutmut exited {done.returncode} after {time.perf_counter() - started:.0f} s (log: {log})",
          flush=True)
    if done.returncode != 0:
        tail = log.read_text(errors="replace").replace("\r", "\n").splitlines()[-30:]
        raise SystemExit(f"[{name}] mutmut failed:\n" + "\n".join(tail))
    return collect_python_group(name, modules)


def collect_python_group(name: str, modules: list[str] | None = None) -> list[dict]:
    """The verdicts mutmut holds for a group (also of an interrupted run: unrun mutants are 'not run')."""
    work = OUT / "py" / name
    sources = [s for s in GROUPS[name]["sources"] if (not modules or s in modules)
               and (work / "mutants" / f"{s}.meta").is_file()]
    if not sources:
        return []
    got = subprocess.run([PY, "-c", DIFFS_HELPER, *sources], cwd=work, capture_output=True, text=True)
    if got.returncode != 0:
        raise SystemExit(f"could not read mutmut's results:\n{got.stderr}")
    results = []
    for key, (source, status, diff) in json.loads(got.stdout).items():
        reason = None
        if status == "not checked":
            status = "not run"
        elif known := classify(source, key, diff):
            status, reason = known
        results.append({"module": source, "id": key, "status": status, "diff": diff, **({"reason": reason} if reason else {})})
    return results


# ---------------------------------------------------------------- SQL: our mutator

QUERY_DIR = ROOT / "dashboard" / "queries"
PART_RE = re.compile(r"/\*@([a-z_]+)\*/")


# Run first (an interrupted run has covered these): the shared rules and the trade figures' queries.
FIRST = ["parts/trade_filter.sql", "parts/event_filter.sql", "parts/milestone_filter.sql", "parts/trade_partners.sql",
         "parts/trade_side.sql", "parts/trade_years_filter.sql", "trade_series.sql", "trade_mirror.sql",
         "latest_trade.sql", "infrastructure_milestones.sql"]


def sql_files() -> list[str]:
    files = sorted([p.name for p in QUERY_DIR.glob("*.sql")]) + sorted(f"parts/{p.name}" for p in QUERY_DIR.glob("parts/*.sql"))
    return [f for f in FIRST if f in files] + [f for f in files if f not in FIRST]


def parts_of(text: str) -> set[str]:
    """Every part a text includes, directly or through the parts it includes."""
    found: set[str] = set()
    todo = PART_RE.findall(text)
    while todo:
        part = todo.pop()
        if part not in found:
            found.add(part)
            todo += PART_RE.findall((QUERY_DIR / "parts" / f"{part}.sql").read_text())
    return found


def queries_using(file: str) -> list[str]:
    """The query names a file's mutant can change: itself, or every query including the part
    (directly, or through a part that includes it: trade_partners through trade_filter)."""
    if not file.startswith("parts/"):
        return [file[:-4]]
    part = file[len("parts/"):-4]
    return [p.stem for p in sorted(QUERY_DIR.glob("*.sql")) if part in parts_of(p.read_text())]


def sql_coverage(tree: Path, code_digest: str) -> dict[str, list[str]]:
    """{query name: node ids of the tests that ran it}, recorded once per digest of code and tests."""
    cache = OUT / "sql" / "coverage.json"
    if cache.is_file():
        saved = json.loads(cache.read_text())
        if saved.get("digest") == code_digest:
            return saved["by_query"]
    print("[sql] recording which tests run which query file ...", flush=True)
    record = OUT / "sql" / "coverage-raw.json"
    done = subprocess.run([PY, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-o", "addopts=", "-p", "sqlcover",
                           *SQL_TESTS], cwd=tree, capture_output=True, text=True,
                          env={**os.environ, "SQLCOVER_OUT": str(record),
                               "PYTHONPATH": str(tree / "bench" / "mutants")})
    if done.returncode != 0:
        raise SystemExit(f"the tests fail without any mutant:\n{done.stdout[-3000:]}")
    by_test = json.loads(record.read_text())
    by_query: dict[str, list[str]] = {}
    for node, names in by_test.items():
        for n in names:
            by_query.setdefault(n, []).append(node)
    by_query["*every test*"] = sorted(by_test)
    cache.write_text(json.dumps({"digest": code_digest, "by_query": by_query}))
    return by_query


def explain_tests(every_test: list[str], name: str) -> list[str]:
    """tests/queries/test_sql_files.py's EXPLAIN cases for one file (they read the text without
    db.query). Only those whose ids come from the file names: the other cases of that module are
    parametrized on the files' text, which a mutant changes."""
    return [n for n in every_test if n.startswith("tests/queries/test_sql_files.py::test_sql_file_binds_under_explain[")
            and name in n.rpartition("[")[2].rstrip("]").split("-")]


def order_tests(nodes: list[str]) -> list[str]:
    """Query tests first (quick), page tests last; each once."""
    return sorted(set(nodes), key=lambda n: (not n.startswith("tests/queries"), n))


def run_sql(workers: int, fresh: bool, files: list[str] | None = None) -> list[dict]:
    trees = [OUT / "sql" / f"tree-{i}" for i in range(workers)]
    for tree in trees:
        sync_tree(tree)
    code_digest = digest(["dashboard", "pages", "app.py", "tests", "etl", "bench/mutants/sqlcover.py"])
    coverage = sql_coverage(trees[0], code_digest)
    verdict_path = OUT / "sql" / "verdicts.json"
    verdicts = {} if fresh or not verdict_path.is_file() else json.loads(verdict_path.read_text())
    chosen = [f for f in sql_files() if not files or f in files]
    if files and set(files) - set(chosen):
        raise SystemExit(f"no such query files: {sorted(set(files) - set(chosen))} (names as in {sql_files()[:3]})")
    all_mutants = [m for f in chosen for m in sqlmut.mutants(f, (QUERY_DIR / f).read_text())]
    free: queue.Queue[Path] = queue.Queue()
    for tree in trees:
        free.put(tree)

    # A kill is kept until the query files change (as mutmut keeps one until its function changes):
    # tests are only added to, and a test change must not make every SQL mutant run again. Survivors
    # and "no tests" are tried again on every run.
    # The query files are the .sql files and the module that expands their parts (query.py); the
    # functions binding their parameters are Python, mutmut's to test.
    sql_digest = digest(sorted(str(p.relative_to(ROOT)) for p in QUERY_DIR.rglob("*.sql"))
                        + ["dashboard/queries/query.py"])

    def key_of(m) -> str:
        return hashlib.sha256(f"{sql_digest}\0{m.file}\0{m.text}".encode()).hexdigest()

    def run_one(m) -> dict:
        key = key_of(m)
        cached = verdicts.get(key)
        if cached and cached["status"] == "killed":
            return cached
        nodes = [n for q in queries_using(m.file) for n in coverage.get(q, [])]
        nodes += [n for q in queries_using(m.file) for n in explain_tests(coverage["*every test*"], q)]
        result = {"module": f"dashboard/queries/{m.file}", "id": m.id, "line": m.line, "operator": m.operator,
                  "description": m.description, "tests": len(set(nodes))}
        if reason := sql_reason(f"dashboard/queries/{m.file}", m.description,
                                (QUERY_DIR / m.file).read_text().splitlines()[m.line - 1]):
            return {**result, "status": EQUIVALENT, "reason": reason}
        if not nodes:
            return {**result, "status": "no tests"}
        tree = free.get()
        target = tree / "dashboard" / "queries" / m.file
        original = target.read_text()
        try:
            target.write_text(m.text)
            args = tree / ".mutant-tests"
            args.write_text("\n".join(order_tests(nodes)) + "\n")
            try:
                # Its own --basetemp: sessions side by side never clean up each other's temp folders.
                done = subprocess.run([PY, "-m", "pytest", *PYTEST_FLAGS, f"--basetemp={tree / '.tmp'}", f"@{args}"],
                                      cwd=tree,
                                      capture_output=True, text=True, timeout=SQL_TIMEOUT_S)
                # 1: a test failed. 2-4 (interrupted, internal or usage error) say nothing of the mutant.
                status = {0: "survived", 1: "killed", 5: "no tests"}.get(done.returncode, "error")
                if status == "error":
                    raise SystemExit(f"pytest exited {done.returncode} on {m.id}:\n{done.stdout[-2000:]}")
            except subprocess.TimeoutExpired:
                status = "killed"          # a time-out counts as caught (time-boxed)
        finally:
            target.write_text(original)
            free.put(tree)
        return {**result, "status": status}

    print(f"[sql] {len(all_mutants)} mutants of {len(chosen)} files, {workers} at a time ...", flush=True)
    started = time.perf_counter()
    results = []
    with ThreadPoolExecutor(max_workers=workers) as pool:
        for i, r in enumerate(pool.map(run_one, all_mutants), 1):
            results.append(r)
            verdicts[key_of(all_mutants[i - 1])] = r
            if i % 25 == 0:
                print(f"[sql] {i}/{len(all_mutants)} after {time.perf_counter() - started:.0f} s", flush=True)
                verdict_path.write_text(json.dumps(verdicts))
    verdict_path.write_text(json.dumps(verdicts))
    print(f"[sql] done after {time.perf_counter() - started:.0f} s", flush=True)
    for r, m in zip(results, all_mutants):
        if r["status"] != "killed":
            r["diff"] = f"{m.file}:{m.line}: {m.description}"
    return results


def sql_cached() -> list[dict]:
    """The SQL verdicts of the last run, for --report-only (whatever code they were run against)."""
    path = OUT / "sql" / "verdicts.json"
    if not path.is_file():
        return []
    latest: dict[str, dict] = {}
    for r in json.loads(path.read_text()).values():
        latest[r["id"]] = r
    return [{**r, "diff": r.get("diff") or f"{r['module']}:{r['line']}: {r['description']}"} for r in latest.values()]


# ---------------------------------------------------------------- the report

KILLED = {"killed", "timeout", "caught by type check", "segfault"}


def table(results: list[dict]) -> list[tuple]:
    rows = []
    for module in sorted({r["module"] for r in results}, key=lambda m: (m.endswith(".sql"), m)):
        mine = [r for r in results if r["module"] == module]
        killed = sum(r["status"] in KILLED for r in mine)
        equivalent = sum(r["status"] == EQUIVALENT for r in mine)
        skipped = sum(r["status"].startswith("skipped") for r in mine) - equivalent
        not_run = sum(r["status"] == "not run" for r in mine)
        counted = len(mine) - skipped - equivalent - not_run
        survived = counted - killed
        rows.append((module, counted, killed, survived, skipped, 100.0 * killed / counted if counted else 100.0,
                     not_run, equivalent))
    return rows


def render(results: list[dict], elapsed: float) -> str:
    rows = table(results)
    counted = sum(r[1] for r in rows)
    killed = sum(r[2] for r in rows)
    lines = ["| module | mutants | killed | survived | equivalent (listed) | skipped (prose, presentation) | not run "
             "| score |",
             "|---|---:|---:|---:|---:|---:|---:|---:|"]
    lines += [f"| {m} | {c} | {k} | {s} | {eq} | {sk} | {nr} | {p:.1f}% |" for m, c, k, s, sk, p, nr, eq in rows]
    lines.append(f"| **all** | {counted} | {killed} | {counted - killed} | {sum(r[7] for r in rows)} | "
                 f"{sum(r[4] for r in rows)} | {sum(r[6] for r in rows)} | {100.0 * killed / max(counted, 1):.1f}% |")
    lines += ["", f"Run time: {elapsed / 60:.1f} min.", "", "## Survivors", ""]
    for r in sorted((r for r in results if r["status"] not in KILLED | {"not run"}
                     and not r["status"].startswith("skipped")),
                    key=lambda r: (r["module"], r["id"])):
        lines.append(f"### {r['id']} ({r['status']})")
        lines.append("```diff" if "diff" in r and r["diff"].startswith("---") else "```")
        lines.append(r.get("diff", ""))
        lines.append("```")
    lines += ["", "## Equivalent (bench/mutants/equivalent.py)", ""]
    lines += [f"- {r['id']}: {r.get('reason', '')}" for r in sorted((r for r in results if r["status"] == EQUIVALENT),
                                                                    key=lambda r: (r["module"], r["id"]))]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", nargs="*", choices=["sql", *GROUPS], help="parts to run (default: all)")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--fresh", action="store_true", help="forget cached verdicts")
    parser.add_argument("--modules", nargs="*", help="only these Python modules of the groups (e.g. etl/prescreen.py)")
    parser.add_argument("--sql-files", nargs="*",
                        help="only these query files, relative to dashboard/queries (e.g. parts/trade_filter.sql)")
    parser.add_argument("--report-only", action="store_true",
                        help="run nothing: report the cached verdicts (of interrupted runs too)")
    args = parser.parse_args(argv)
    parts = args.only or ["sql", *GROUPS]
    OUT.mkdir(exist_ok=True)
    (OUT / "sql").mkdir(exist_ok=True)
    started = time.perf_counter()
    results: list[dict] = []
    saved = OUT / "results.json"
    for part in parts:
        if args.report_only:
            results += sql_cached() if part == "sql" else collect_python_group(part, args.modules)
        else:
            results += (run_sql(args.workers, args.fresh, args.sql_files) if part == "sql"
                        else run_python_group(part, args.workers, args.fresh, args.modules))
    # Parts not run this time keep their last results in the report.
    previous = json.loads(saved.read_text()) if saved.is_file() else []
    ran = {r["module"] for r in results}
    results += [r for r in previous if r["module"] not in ran]
    saved.write_text(json.dumps(results))
    elapsed = time.perf_counter() - started
    report = render(results, elapsed)
    (OUT / "report.md").write_text(report)
    print()
    print(report.split("## Survivors")[0].rstrip())
    print("\nSurvivors:")
    for r in results:
        if r["status"] not in KILLED | {"not run"} and not r["status"].startswith("skipped"):
            first = next((line for line in r.get("diff", "").splitlines()
                          if line.startswith("+") and not line.startswith("+++")), r.get("diff", ""))
            print(f"  {r['id']} [{r['status']}] {first.strip()[:110]}")
    print(f"\nReport with every survivor's diff: {OUT / 'report.md'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
