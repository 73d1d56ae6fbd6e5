"""Bench (not a test): a team of analysts driven through Streamlit's own websocket protocol.

    .venv/bin/python bench/loadtest.py --url http://127.0.0.1:8501 --pid PID [--pid PID2] \
        [--sessions 20] [--duration 180] [--json]
    .venv/bin/python bench/loadtest.py --db PATH ...        # starts one server on PATH itself

Each simulated analyst (Locust's user model: a task, then a wait of 1-3 s) holds one Streamlit
session, as a browser tab does: it connects to ws://HOST/_stcore/stream (subprotocol `streamlit`,
the cookie nginx set on its first HTTP request, so a replicated deployment keeps it on one replica),
and sends BackMsg `rerun_script` messages (with the hashes of the big elements it holds, as the browser
does, so the server sends references for those). Its tasks: open a shared link (a new session on a page with
a new filter in the URL), go to another page, or change the countries or start date in the sidebar
(widget states, as the browser sends them). A request's time runs from sending the rerun until the
server's last `script_finished` (a run ended early for a rerun is followed by another run).

Counted separately from slowness (as Locust does):
- errors: a run that failed (connection refused or lost, no answer within --timeout, page not found);
  the analyst then reconnects as Streamlit's frontend does (again and again, 0.5 s apart) and repeats
  the request in a new session; the time until it answers again is the outage;
- exceptions shown: deltas whose new element is an `exception`, and error boxes (`st.error`) the
  app shows instead of one.
Server memory: resident set of each --pid (and its children) once a second, from /proc.
Prints a table (or one JSON object with --json). Imports the standard library, websockets and
streamlit's protobuf classes only.
"""
from __future__ import annotations

import argparse
import asyncio
import json
import math
import os
import random
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

ROOT = Path(__file__).resolve().parent.parent

PAGES = ["", "map", "timeline", "trade", "data", "sources"]
COUNTRIES = {"CHN": "China", "KAZ": "Kazakhstan", "KGZ": "Kyrgyzstan", "TJK": "Tajikistan",
             "TKM": "Turkmenistan", "UZB": "Uzbekistan"}
FINISHED_EARLY = ForwardMsg.ScriptFinishedStatus.FINISHED_EARLY_FOR_RERUN


def percentile(values: list[float], p: float) -> float:
    """Nearest-rank percentile (nan for no values)."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]


class RunFailed(Exception):
    """A request got no finished run: the connection failed or closed, or the answer took too long."""


# ---------------------------------------------------------------- one browser tab

class Tab:
    """One Streamlit session over one websocket, as a browser tab holds it."""

    def __init__(self, base_url: str, cookie: str | None, timeout: float):
        self.base_url, self.cookie, self.timeout = base_url.rstrip("/"), cookie, timeout
        self.ws = None
        self.widgets: dict[str, str] = {}   # widget label -> id, as the last runs drew them
        self.states: dict[str, object] = {}  # widget id -> WidgetState this tab has set
        self.query_string = ""
        self.page = ""
        # As the browser does: big elements it already holds (by hash) are asked for by reference.
        self.cached: dict[str, ForwardMsg] = {}

    async def connect(self) -> None:
        url = self.base_url.replace("http", "ws", 1) + "/_stcore/stream"
        headers = {"Cookie": self.cookie} if self.cookie else {}
        try:
            self.ws = await asyncio.wait_for(websockets.connect(
                url, subprotocols=["streamlit"], additional_headers=headers, max_size=None,
                open_timeout=self.timeout, ping_interval=None), self.timeout)
        except (OSError, asyncio.TimeoutError, websockets.WebSocketException) as e:
            raise RunFailed(f"connect: {type(e).__name__}: {e}") from None

    async def close(self) -> None:
        if self.ws is not None:
            try:
                await self.ws.close()
            except Exception:   # a dead connection: nothing left to close
                pass
            self.ws = None

    async def rerun(self, page: str, query_string: str | None = None) -> tuple[int, int, int]:
        """Run `page` (with `query_string`, else the one the app last wrote) and wait for the last
        script_finished. Returns (exceptions shown, error boxes shown, bytes received)."""
        if self.ws is None:
            await self.connect()
        if query_string is not None:
            self.query_string = query_string
        self.page = page
        msg = BackMsg()
        msg.rerun_script.query_string = self.query_string
        msg.rerun_script.page_name = page
        for state in self.states.values():
            msg.rerun_script.widget_states.widgets.add().CopyFrom(state)
        msg.rerun_script.cached_message_hashes.extend(self.cached)
        exceptions = errors = received = 0
        try:
            await self.ws.send(msg.SerializeToString())
            deadline = time.monotonic() + self.timeout
            while True:
                left = deadline - time.monotonic()
                if left <= 0:
                    raise RunFailed(f"no finished run within {self.timeout:g} s")
                raw = await asyncio.wait_for(self.ws.recv(), left)
                received += len(raw)
                fwd = ForwardMsg()
                fwd.ParseFromString(raw)
                kind = fwd.WhichOneof("type")
                if kind == "ref_hash" and fwd.ref_hash in self.cached:
                    fwd = self.cached[fwd.ref_hash]
                    kind = fwd.WhichOneof("type")
                elif fwd.metadata.cacheable and fwd.hash:
                    self.cached[fwd.hash] = fwd
                if kind == "delta" and fwd.delta.WhichOneof("type") == "new_element":
                    element = fwd.delta.new_element
                    etype = element.WhichOneof("type")
                    if etype == "exception":
                        exceptions += 1
                    elif etype == "alert" and element.alert.format == element.alert.ERROR:
                        errors += 1
                    elif etype in ("multiselect", "date_input"):
                        self.widgets[getattr(element, etype).label] = getattr(element, etype).id
                elif kind == "page_info_changed":
                    self.query_string = fwd.page_info_changed.query_string
                elif kind == "page_not_found":
                    raise RunFailed(f"page not found: {page}")
                elif kind == "script_finished" and fwd.script_finished != FINISHED_EARLY:
                    return exceptions, errors, received
        except (asyncio.TimeoutError, websockets.WebSocketException, OSError) as e:
            await self.close()
            raise RunFailed(f"{type(e).__name__}: {e}") from None
        except RunFailed:
            await self.close()
            raise

    def set_countries(self, codes: list[str]) -> bool:
        wid = self.widgets.get("Countries")
        if wid is None:
            return False
        state = self._state(wid)
        state.string_array_value.data[:] = [COUNTRIES[c] for c in codes]
        return True

    def set_start(self, day: date | None) -> bool:
        wid = self.widgets.get("From")
        if wid is None:
            return False
        state = self._state(wid)
        state.string_array_value.data[:] = [day.isoformat()] if day else []
        return True

    def _state(self, wid: str):
        from streamlit.proto.WidgetStates_pb2 import WidgetState

        state = WidgetState()
        state.id = wid
        self.states[wid] = state
        return state


# ---------------------------------------------------------------- the simulated analysts

@dataclass
class Results:
    times: list[tuple[float, float]] = field(default_factory=list)   # (finished at, seconds)
    failures: list[tuple[float, str]] = field(default_factory=list)   # (at, why)
    outages: list[float] = field(default_factory=list)                # seconds from a failure to an answer
    exceptions: int = 0
    error_boxes: int = 0
    bytes_by_page: dict[str, list[int]] = field(default_factory=dict)
    tasks: dict[str, int] = field(default_factory=dict)              # finished runs by task kind
    rss: list[tuple[float, float]] = field(default_factory=list)      # (at, MB summed over the servers)


def random_query(rng: random.Random) -> str:
    parts = []
    if rng.random() < 0.7:
        parts.append("countries=" + ",".join(rng.sample(sorted(COUNTRIES), rng.randint(1, 2))))
    if rng.random() < 0.5:
        parts.append(f"start={date(2000, 1, 1) + timedelta(days=rng.randrange(9000))}")
    return "&".join(parts)


def first_cookie(base_url: str, timeout: float) -> str | None:
    """The cookie a browser would hold after its first page load (nginx's replica key), if any."""
    try:
        with urllib.request.urlopen(base_url.rstrip("/") + "/", timeout=timeout) as r:
            set_cookie = r.headers.get_all("Set-Cookie") or []
    except OSError:
        return None
    pairs = [c.split(";", 1)[0] for c in set_cookie]
    return "; ".join(pairs) or None


async def analyst(n: int, base_url: str, until: float, started: float, timeout: float, results: Results,
                  wait: tuple[float, float]) -> None:
    rng = random.Random(n)
    cookie = await asyncio.to_thread(first_cookie, base_url, timeout)
    tab = Tab(base_url, cookie, timeout)
    await asyncio.sleep(rng.uniform(0, wait[1]))   # analysts do not all arrive in the same instant
    task = ("open", rng.choice(PAGES), random_query(rng))
    failed_at: float | None = None
    while time.monotonic() < until:
        kind, page, query = task
        t0 = time.monotonic()
        try:
            if kind == "open":
                await tab.close()
                tab = Tab(base_url, cookie, timeout)
            exceptions, errors, received = await tab.rerun(page, query)
        except RunFailed as e:
            results.failures.append((time.monotonic() - started, f"{page}: {e}"))
            failed_at = failed_at or t0
            # The frontend reconnects and repeats the request in a new session with its widget states.
            await asyncio.sleep(0.5)
            old, tab = tab, Tab(base_url, cookie, timeout)
            tab.states, tab.widgets, tab.query_string = old.states, old.widgets, old.query_string
            task = ("retry", page, query if kind == "open" else None)
            continue
        now = time.monotonic()
        results.times.append((now - started, now - t0))
        results.exceptions += exceptions
        results.error_boxes += errors
        results.bytes_by_page.setdefault(page or "overview", []).append(received)
        results.tasks[kind] = results.tasks.get(kind, 0) + 1
        if failed_at is not None:
            results.outages.append(now - failed_at)
            failed_at = None
        await asyncio.sleep(rng.uniform(*wait))
        roll = rng.random()
        if roll < 0.25:
            task = ("open", rng.choice(PAGES), random_query(rng))
        elif roll < 0.5:
            task = ("page", rng.choice([p for p in PAGES if p != tab.page]), None)
        elif roll < 0.8 and tab.set_countries(rng.sample(sorted(COUNTRIES), rng.randint(0, 2))):
            task = ("filter", tab.page, None)
        elif tab.set_start(date(2000, 1, 1) + timedelta(days=rng.randrange(9000)) if rng.random() < 0.8 else None):
            task = ("filter", tab.page, None)
        else:
            task = ("open", rng.choice(PAGES), random_query(rng))
    await tab.close()


def rss_mb(pid: int) -> float:
    """Resident memory of a process and its descendants, in MB (0 when it is gone)."""
    total, todo, seen = 0.0, [pid], set()
    while todo:
        p = todo.pop()
        if p in seen:
            continue
        seen.add(p)
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1]) / 1024
            for task in Path(f"/proc/{p}/task").iterdir():
                children = (task / "children").read_text().split()
                todo.extend(int(c) for c in children)
        except OSError:
            continue
    return total


async def sample_memory(pids: list[int], until: float, started: float, results: Results) -> None:
    while time.monotonic() < until:
        results.rss.append((time.monotonic() - started, sum(rss_mb(p) for p in pids)))
        await asyncio.sleep(1.0)


async def drive(base_url: str, sessions: int, duration: float, pids: list[int], timeout: float = 30.0,
                wait: tuple[float, float] = (1.0, 3.0)) -> Results:
    results = Results()
    started = time.monotonic()
    until = started + duration
    await asyncio.gather(sample_memory(pids, until, started, results),
                         *(analyst(i, base_url, until, started, timeout, results, wait) for i in range(sessions)))
    return results


# ---------------------------------------------------------------- the report

def growth_second_half(rss: list[tuple[float, float]], duration: float) -> float:
    """Relative growth of resident memory over the second half of the run: the median of the
    samples around the end against the median of those around the middle (5% of the run each)."""
    def around(t: float) -> float:
        near = [mb for at, mb in rss if abs(at - t) <= max(1.0, duration * 0.05)]
        return percentile(near, 50)

    middle, end = around(duration / 2), around(rss[-1][0] if rss else duration)
    return (end - middle) / middle if middle and not math.isnan(middle) else float("nan")


def summary(r: Results, sessions: int, duration: float) -> dict:
    times = [s for _, s in r.times]
    failure_times = [at for at, _ in r.failures]
    return {
        "sessions": sessions, "duration_s": round(duration),
        "requests": len(times), "p50_s": round(percentile(times, 50), 3), "p95_s": round(percentile(times, 95), 3),
        "max_s": round(max(times), 3) if times else None,
        "errors": len(r.failures),
        "errors_window_s": round(max(failure_times) - min(failure_times), 1) if failure_times else 0.0,
        "longest_outage_s": round(max(r.outages), 1) if r.outages else 0.0,
        "tasks": dict(sorted(r.tasks.items())),
        "failure_examples": [why for _, why in r.failures[:5]],
        "exceptions_shown": r.exceptions, "error_boxes_shown": r.error_boxes,
        "rss_start_mb": round(r.rss[0][1]) if r.rss else None,
        "rss_peak_mb": round(max(mb for _, mb in r.rss)) if r.rss else None,
        "rss_end_mb": round(r.rss[-1][1]) if r.rss else None,
        "rss_growth_second_half": round(growth_second_half(r.rss, duration), 4) if r.rss else None,
        "rss_over_time_mb": [(round(at), round(mb)) for at, mb in r.rss[:: max(1, len(r.rss) // 12)]],
        "kb_per_rerun_p50": {p: round(percentile(v, 50) / 1024, 1) for p, v in sorted(r.bytes_by_page.items())},
    }


def print_table(s: dict, label: str = "") -> None:
    print(f"load test{(' · ' + label) if label else ''}: {s['sessions']} sessions for {s['duration_s']} s, "
          f"{s['requests']} finished runs {s['tasks']}")
    print(f"  {'time to finished run p50 (s)':34s} {s['p50_s']:>8.2f}")
    print(f"  {'time to finished run p95 (s)':34s} {s['p95_s']:>8.2f}   target <= 2 s")
    print(f"  {'errors (failed requests)':34s} {s['errors']:>8d}   target 0"
          + (f"  (within {s['errors_window_s']} s; longest outage {s['longest_outage_s']} s)" if s["errors"] else ""))
    print(f"  {'exceptions / error boxes shown':34s} {s['exceptions_shown']:>4d} / {s['error_boxes_shown']:<3d}  target 0")
    print(f"  {'server RSS start / peak / end (MB)':34s} {s['rss_start_mb']} / {s['rss_peak_mb']} / {s['rss_end_mb']}")
    print(f"  {'RSS growth over the second half':34s} {100 * s['rss_growth_second_half']:>7.1f}%   target < 10%")
    print(f"  RSS over time (s, MB): {s['rss_over_time_mb']}")
    print(f"  KB received per run (p50): {s['kb_per_rerun_p50']}")
    for why in s["failure_examples"]:
        print(f"  failure: {why}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--url", help="a running server (or the nginx front of replicas)")
    parser.add_argument("--pid", type=int, action="append", default=[], help="a server process to measure")
    parser.add_argument("--db", type=Path, help="start one server on this database instead of --url")
    parser.add_argument("--sessions", type=int, default=20)
    parser.add_argument("--duration", type=float, default=180.0)
    parser.add_argument("--timeout", type=float, default=30.0)
    parser.add_argument("--label", default="")
    parser.add_argument("--json", action="store_true", help="print one JSON object instead of a table")
    args = parser.parse_args()
    if (args.url is None) == (args.db is None):
        parser.error("give --url (with --pid) or --db")
    if args.db is not None:
        sys.path.insert(0, str(ROOT))
        from tools.appserver import AppServer

        with tempfile.TemporaryDirectory() as tmp, AppServer(args.db, Path(tmp) / "server.log") as server:
            results = asyncio.run(drive(server.url, args.sessions, args.duration, [server.proc.pid], args.timeout))
    else:
        results = asyncio.run(drive(args.url, args.sessions, args.duration, args.pid, args.timeout))
    s = summary(results, args.sessions, args.duration)
    if args.json:
        print(json.dumps(s))
    else:
        print_table(s, args.label)


if __name__ == "__main__":
    os.environ.setdefault("PYTHONUNBUFFERED", "1")
    main()
