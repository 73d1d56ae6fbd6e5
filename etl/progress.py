"""ETL progress on a terminal: stages as they happen, and a bar for a step that takes a while.

Imports the standard library only (a DuckDB connection is passed in, to read its query progress).
Quiet unless the stream is a terminal, so logs, pipes and the tests see only the ETL's summary.

    progress.configure(sys.stdout)               # once, by the command (python -m etl build / synth)
    progress.stage("validated 12 tables")        # one line
    with progress.step("loading trade", con):    # after 2 s: a bar fed by con.query_progress()
        con.execute(...)
"""
from __future__ import annotations

import contextlib
import threading
import time

BAR_AFTER_S = 2.0     # a step shows its bar once it has run this long
WIDTH = 24

_stream = None        # where progress goes; None: nowhere
_started = time.perf_counter()


def configure(stream=None, force: bool = False) -> None:
    """Show progress on `stream` when it is a terminal (or `force`); None switches it off."""
    global _stream, _started
    isatty = getattr(stream, "isatty", None)
    _stream = stream if stream is not None and (force or (isatty is not None and isatty())) else None
    _started = time.perf_counter()


def enabled() -> bool:
    return _stream is not None


def _write(text: str) -> None:
    try:
        _stream.write(text)
        _stream.flush()
    except (OSError, ValueError):   # a closed terminal must not fail the build
        pass


def stage(text: str) -> None:
    """One line: what has just been done, with the time since configure()."""
    if _stream is not None:
        _write(f"\r\033[K[{time.perf_counter() - _started:7.1f} s] {text}\n")


def bar(fraction: float | None, elapsed: float) -> str:
    """`[#######.................]  31%  4.2 s`, or a bouncing block when the share is unknown."""
    if fraction is None:
        pos = int(elapsed * 4) % (2 * WIDTH - 2)
        pos = pos if pos < WIDTH else 2 * WIDTH - 2 - pos
        return f"[{' ' * pos}#{' ' * (WIDTH - pos - 1)}]       {elapsed:5.1f} s"
    done = max(0, min(WIDTH, round(fraction * WIDTH)))
    return f"[{'#' * done}{'.' * (WIDTH - done)}] {100 * fraction:4.0f}%  {elapsed:5.1f} s"


@contextlib.contextmanager
def step(label: str, con=None, end_line: bool = True):
    """Run the body as one step. After BAR_AFTER_S a bar redraws in place: the share done of
    the query running on `con` (DuckDB's query_progress), else a bouncing block. The step ends with a
    line saying how long it took, and the body's `note` (e.g. rows loaded) if it set one."""
    done = _Done()
    if _stream is None:
        yield done
        return
    began = time.perf_counter()
    finished = threading.Event()

    def draw() -> None:
        if finished.wait(BAR_AFTER_S):
            return
        while not finished.is_set():
            fraction = None
            if con is not None:
                try:
                    share = con.query_progress()
                    fraction = share / 100 if share is not None and share >= 0 else None
                except Exception:   # no query running just now, or a closed connection
                    fraction = None
            _write(f"\r\033[K  {label:<34} {bar(fraction, time.perf_counter() - began)}")
            finished.wait(0.25)

    ticker = threading.Thread(target=draw, daemon=True)
    ticker.start()
    try:
        yield done
    finally:
        finished.set()
        ticker.join()
    if not end_line:   # the caller prints its own line for the step
        _write("\r\033[K")
        return
    stage(f"{label}{': ' + done.note if done.note else ''} ({time.perf_counter() - began:.1f} s)")


class _Done:
    note = ""

