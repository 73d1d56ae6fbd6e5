"""Drive the app from outside: run it as a real Streamlit server and launch Debian's Chromium.

Shared by the browser tests (tests/e2e), the screenshots script and the memory bench
(bench/memory.py). Imports the standard library only (Playwright is imported by the callers);
never the dashboard package, never tests/.
"""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = Path("/usr/bin/chromium")
# Playwright adds --enable-unsafe-swiftshader itself: deck.gl draws through software WebGL.
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
VIEWPORT = {"width": 1280, "height": 900}
PAGES = {  # url path -> title the page shows
    "": "China–Central Asia Monitor",
    "map": "Map",
    "timeline": "Timeline",
    "trade": "Trade with China",
    "data": "Data",
    "changes": "What's new",
    "sources": "Sources and method",
}


class ServerError(RuntimeError):
    """The app did not start; the message holds its log."""


def chromium_missing_message() -> str | None:
    if CHROMIUM.is_file() and os.access(CHROMIUM, os.X_OK):
        return None
    return (f"{CHROMIUM} is missing: the browser tests need Debian's Chromium. Install it with "
            "`sudo apt-get install chromium` (or `make chromium`); do not run `playwright install`.")


def launch_chromium(playwright):
    return playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def spawn_streamlit(python: str, port: int, db: Path, log, extra_env: dict | None = None) -> subprocess.Popen:
    """Start `streamlit run app.py` on 127.0.0.1:port against `db`, output to the open file `log`,
    in its own process group. Curator mode is never inherited from the caller's shell: it is on only
    when `extra_env` asks for it."""
    env = {k: v for k, v in os.environ.items() if k != "MONITOR_CURATOR"}
    env.update(MONITOR_DB=str(db), PYTHONUNBUFFERED="1", **(extra_env or {}))
    return subprocess.Popen(
        [python, "-m", "streamlit", "run", "app.py", "--server.port", str(port),
         "--server.address", "127.0.0.1", "--server.headless", "true", "--browser.gatherUsageStats", "false"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
        start_new_session=True,
    )


class AppServer:
    """`python -m streamlit run app.py` on a free local port, in its own process group."""

    def __init__(self, db: Path, log_path: Path, python: str = sys.executable, env: dict[str, str] | None = None):
        self.db, self.log_path, self.python = Path(db), Path(log_path), python
        self.env = dict(env or {})   # more settings, e.g. curator mode (MONITOR_CURATOR, MONITOR_CURATED_DIR)
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.proc: subprocess.Popen | None = None

    def log(self) -> str:
        try:
            return self.log_path.read_text(errors="replace")
        except OSError:
            return "(no log)"

    def start(self, timeout: float = 60.0) -> "AppServer":
        with open(self.log_path, "wb") as log:
            self.proc = spawn_streamlit(self.python, self.port, self.db, log, self.env)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise ServerError(f"streamlit exited with code {self.proc.returncode} before it was "
                                  f"healthy. Its log:\n{self.log()}")
            try:
                with urllib.request.urlopen(f"{self.url}/_stcore/health", timeout=2) as r:
                    if r.status == 200:
                        return self
            except (urllib.error.URLError, OSError):
                pass
            time.sleep(0.25)
        self.stop()
        raise ServerError(f"streamlit did not answer {self.url}/_stcore/health within {timeout:.0f} s. "
                          f"Its log:\n{self.log()}")

    def stop(self) -> None:
        if self.proc is None or self.proc.poll() is not None:
            return
        try:
            os.killpg(self.proc.pid, signal.SIGTERM)   # the group holds only this server (own session)
        except ProcessLookupError:
            pass
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(timeout=10)

    def __enter__(self) -> "AppServer":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


SKELETONS = '[data-testid="stAppSkeleton"], [data-testid="stSkeleton"], [data-testid="stSkeletonElement"]'


def wait_for_app(page, timeout: float = 30_000) -> None:
    """Wait until the app is connected, its script has finished running, and every element has
    loaded its code (Streamlit draws lazily loaded widgets as skeletons first)."""
    page.wait_for_selector('[data-testid="stApp"][data-test-connection-state="CONNECTED"]', timeout=timeout)
    page.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]', timeout=timeout)
    page.wait_for_function(f"() => document.querySelectorAll('{SKELETONS}').length === 0", timeout=timeout)


def open_page(page, url: str, title: str | None = None, timeout: float = 30_000) -> None:
    """Go to `url`, wait for the page's title (an h1) and for the script run to finish."""
    page.goto(url)
    if title:
        page.get_by_role("heading", level=1, name=title, exact=True).wait_for(timeout=timeout)
    wait_for_app(page, timeout)


def eventually(page, read, expected, timeout: float = 15.0):
    """Call `read()` until it returns `expected` or `timeout` seconds pass; return the last value.

    The page keeps changing after a run (charts re-embed when they learn their width, widgets
    load lazily, the URL follows the filters), so assertions on it poll rather than read once.
    Waiting goes through Playwright (`page.wait_for_timeout`), which also processes its events:
    `page.url` only follows history changes while Playwright is called.
    """
    deadline = time.monotonic() + timeout
    value = read()
    while value != expected and time.monotonic() < deadline:
        page.wait_for_timeout(200)
        value = read()
    return value
