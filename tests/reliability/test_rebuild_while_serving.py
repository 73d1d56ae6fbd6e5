"""Rebuild while serving: the ETL swaps a new database in under a running app; every page keeps
rendering without error, shows either the old or the new data (never a mix within one figure, never
an error), and the app shows the new data once the swap is done. A reader opening the file directly
never sees a half-built database.

One storm runs once for the module: the app is served by a real `streamlit run` (as tests/e2e starts
it) on a database in a tmp dir; a separate process rebuilds that same path 20 times (`etl.build.run`),
alternating two fixture variants (B has one more event); three threads render 60 pages over real
WebSocket sessions (tests/reliability/stclient.py) meanwhile; one thread opens the file read-only
and counts every table after each page rendered and on until the rebuilds are done. Nothing here
waits on a clock.
"""
from __future__ import annotations

import io
import re
import subprocess
import sys
import threading
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pytest

from dashboard.db import connect
from etl.build import run
from etl.vintages import HISTORY_TABLES
from tests.e2e.app_server import serve_for_tests
from tests.reliability.reltools import EXTRA_EVENT, ROOT, curated_copy
from tests.reliability.stclient import render

PAGES = ("", "map", "timeline", "trade", "data", "sources")   # url paths; "" is the overview
REBUILDS = 20        # even: B, A, B, ..., A; the storm ends on A, the state the app started on
RENDER_THREADS = 3
RENDERS_PER_THREAD = 20
READS = (20, 5_000)   # at least, at most: the reader keeps reading until the rebuilds are done


def table_counts(con) -> dict[str, int]:
    """Rows per table, but the history (vintages, changes, change_scope grow with every rebuild of
    other inputs); for those, whether the database's own vintage is in its history (1)."""
    names = [r[0] for r in con.execute("select table_name from duckdb_tables() order by 1").fetchall()
             if r[0] not in HISTORY_TABLES]
    counts = {n: con.execute(f'select count(*) from "{n}"').fetchone()[0] for n in names}
    counts["own vintage in history"] = con.execute(
        "select count(*) from vintages where vintage_id = (select value from build_info where key = 'vintage_id')"
    ).fetchone()[0]
    return counts


def snapshot(con) -> tuple[str, dict[str, int]]:
    """(input digest, row count of every table), read in one connection."""
    [(digest,)] = con.execute("select value from build_info where key = 'input_sha256'").fetchall()
    return digest, table_counts(con)


@dataclass(frozen=True)
class State:
    """What one fixture variant looks like: in the file, and on each page."""

    name: str
    curated: Path
    digest: str
    counts: dict[str, int]

    @property
    def events(self) -> int:
        return self.counts["events"]


def page_figures(page: str, r) -> dict[str, int]:
    """The row counts a page shows (events on the filtered pages, sources on the sources page);
    the map and trade pages show no plain count of these."""
    patterns = {
        "data": [r"^Events: ([\d,]+) rows"],
        "timeline": [r"^([\d,]+) events[;:]"],
        "sources": [r"^\*\*([\d,]+) sources\.\*\*"],
    }.get(page, [])
    found = {}
    for pattern in patterns:
        hits = [int(m.group(1).replace(",", "")) for t in r.texts if (m := re.search(pattern, t))]
        found[pattern] = hits[0] if len(hits) == 1 else None
    if page == "":
        text = r.metrics.get("Events", "").replace(",", "")
        found["Events metric"] = int(text) if text.isdigit() else None
    return found


def expected_figures(page: str, state: State) -> set[int]:
    return {state.counts["sources"]} if page == "sources" else {state.events}


@pytest.fixture(scope="module")
def states(tmp_path_factory) -> dict[str, State]:
    """Variant A (the fixture tables) and B (plus one event), each built once to learn its digest."""
    out = {}
    for name, extra in (("A", None), ("B", EXTRA_EVENT)):
        folder = tmp_path_factory.mktemp(f"variant-{name}")
        curated = curated_copy(folder / "curated", extra)
        db = folder / "monitor.duckdb"
        err = io.StringIO()
        assert run(curated, folder / "no-imports", db, out=io.StringIO(), err=err) == 0, err.getvalue()
        con = duckdb.connect(str(db), read_only=True)
        try:
            digest, counts = snapshot(con)
        finally:
            con.close()
        out[name] = State(name, curated, digest, counts)
    assert out["B"].events == out["A"].events + 1
    return out


@pytest.fixture(scope="module")
def served(tmp_path_factory, states):
    """The app served from tmp/serve/monitor.duckdb, built from variant A."""
    folder = tmp_path_factory.mktemp("serve")
    db = folder / "monitor.duckdb"
    rebuild(states["A"], db)
    yield from serve_for_tests(db, folder / "server.log")


def rebuild(state: State, db: Path) -> str:
    """Build `state` over `db`; return "" or what went wrong."""
    out, err = io.StringIO(), io.StringIO()
    code = run(state.curated, db.parent / "no-imports", db, out=out, err=err)
    return "" if code == 0 else f"rebuild to {state.name} exited {code}: {err.getvalue()}"


def check_render(r, states: dict[str, State]) -> list[str]:
    problems = r.problems()
    for label, value in page_figures(r.page, r).items():
        allowed = set().union(*(expected_figures(r.page, s) for s in states.values()))
        if value not in allowed:
            problems.append(f"{label}: {value} is neither state's value {sorted(allowed)}")
    return [f"/{r.page}: {p}" for p in problems]


@dataclass
class Storm:
    rebuilds: int = 0
    renders: int = 0
    reads: int = 0
    seen: dict[str, int] = field(default_factory=dict)      # state name -> direct reads that saw it
    failures: dict[str, list[str]] = field(default_factory=lambda: {"rebuild": [], "render": [], "read": []})
    lock: threading.Lock = field(default_factory=threading.Lock)

    def fail(self, kind: str, message: str) -> None:
        with self.lock:
            self.failures[kind].append(message)

    def summary(self) -> str:
        return (f"{self.rebuilds} rebuilds, {self.renders} page renders, {self.reads} direct reads "
                f"(saw {self.seen}); failures: " + ", ".join(f"{k} {len(v)}" for k, v in self.failures.items()))


# The ETL runs as its own process, as in production: this loops etl.build.run (what `python -m etl
# build` calls) over the two variants, B first, and prints one line per rebuild.
REBUILD_LOOP = """
import io, sys
from pathlib import Path
from etl.build import run
db, a, b, n = Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3]), int(sys.argv[4])
for k in range(n):
    err = io.StringIO()
    code = run(b if k % 2 == 0 else a, db.parent / "no-imports", db, out=io.StringIO(), err=err)
    print(f"rebuild {k + 1}: exit {code} {err.getvalue()!r}", flush=True)
"""


@pytest.fixture(scope="module")
def storm(served, states) -> Storm:
    """Rebuild 20 times while pages render and a reader counts rows; return the tally."""
    db = served.db
    tally = Storm()
    by_digest = {s.digest: s for s in states.values()}
    rebuilder = subprocess.Popen(
        [sys.executable, "-c", REBUILD_LOOP, str(db), str(states["A"].curated), str(states["B"].curated),
         str(REBUILDS)], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)

    def renderer(no: int):
        for i in range(RENDERS_PER_THREAD):
            page = PAGES[(no + i) % len(PAGES)]
            try:
                problems = check_render(render(served.url, page), states)
            except Exception as e:
                problems = [f"/{page}: {type(e).__name__}: {e}"]
            for p in problems:
                tally.fail("render", p)
            with tally.lock:
                tally.renders += 1
            renders_done.release()

    renders_done = threading.Semaphore(0)

    def reader():
        """One snapshot per page rendered (then on until the rebuilds end), so the reads spread over
        the whole storm without a clock."""
        least, most = READS
        i = 0
        while i < most and (i < least or rebuilder.poll() is None):
            if i < RENDER_THREADS * RENDERS_PER_THREAD:
                renders_done.acquire()
            try:   # alternately the app's connection and a plain read-only DuckDB one
                con = connect(db) if i % 2 else duckdb.connect(str(db), read_only=True)
                try:
                    digest, counts = snapshot(con)
                finally:
                    con.close()
                state = by_digest.get(digest)
                if state is None or counts != state.counts:
                    tally.fail("read", f"read {i}: digest {digest[:12]} counts {counts} match neither state")
                else:
                    with tally.lock:
                        tally.seen[state.name] = tally.seen.get(state.name, 0) + 1
            except Exception as e:
                tally.fail("read", f"read {i}: {type(e).__name__}: {e}")
            with tally.lock:
                tally.reads += 1
            i += 1

    threads = [threading.Thread(target=reader)] + [threading.Thread(target=renderer, args=(n,))
                                                   for n in range(RENDER_THREADS)]
    for t in threads:
        t.start()
    output, _ = rebuilder.communicate(timeout=600)
    for t in threads:
        t.join()
    lines = output.splitlines()
    tally.rebuilds = sum(1 for line in lines if re.match(r"rebuild \d+: exit 0 ''$", line))
    if rebuilder.returncode != 0 or tally.rebuilds != REBUILDS:
        tally.fail("rebuild", f"the rebuild loop exited {rebuilder.returncode}:\n{output[-3000:]}")
    print(f"\nrebuild while serving: {tally.summary()}")
    return tally


def test_pages_render_without_error_while_the_database_is_rebuilt(served, storm):
    assert storm.failures["rebuild"] == [] and storm.rebuilds == REBUILDS, storm.failures["rebuild"]
    assert storm.renders == RENDER_THREADS * RENDERS_PER_THREAD
    assert storm.failures["render"] == [], storm.summary() + "\n" + "\n".join(storm.failures["render"][:20])
    assert "Traceback" not in served.log(), served.log()[-5000:]


def test_a_reader_never_sees_a_half_built_database(served, storm):
    assert storm.reads >= READS[0]
    assert storm.failures["read"] == [], storm.summary() + "\n" + "\n".join(storm.failures["read"][:20])
    leftovers = sorted(p.name for p in served.db.parent.iterdir() if p.name.startswith("."))
    assert leftovers == [], "temporary build files left beside the database"


def test_the_running_app_shows_the_new_database_after_a_rebuild(served, states, storm):
    """The storm ended on variant A; after one more rebuild, to B, a new session on every page shows
    B's figures: the app reopened the swapped-in file instead of serving the old one."""
    assert REBUILDS % 2 == 0
    final = "B"
    assert rebuild(states[final], served.db) == ""
    for page in PAGES:
        r = render(served.url, page)
        assert r.problems() == [], r.problems()
        figures = page_figures(page, r)
        assert all(v in expected_figures(page, states[final]) for v in figures.values()), (page, figures)
