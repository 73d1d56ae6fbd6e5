"""The app served for a test: a fixture's body around tools/appserver.py's AppServer (pytest only)."""
from __future__ import annotations

from pathlib import Path

import pytest

from tools.appserver import AppServer, ServerError


def serve_for_tests(db: Path, log_path: Path, env: dict[str, str] | None = None):
    """A fixture's body: yield the app served from `db` (with more settings in `env`) until the
    fixture ends; a server that does not start fails the test with its log."""
    app = AppServer(db, log_path, env=env)
    try:
        app.start(timeout=60)
    except ServerError as e:
        pytest.fail(str(e), pytrace=False)
    try:
        yield app
    finally:
        app.stop()
