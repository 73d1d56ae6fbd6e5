"""Reliability test helpers: fixture-table variants written to tmp dirs and small file utilities.

Also reads and rewrites the generated sections of docs/reliability.md. Test-side only: imports the
standard library and tests/conftest.py's fixture paths.
"""
from __future__ import annotations

import hashlib
import re
import shutil
from pathlib import Path

from tests.conftest import FIXTURE_CURATED

ROOT = Path(__file__).resolve().parents[2]
EXTRA_EVENT_ID = "2025-12-01-cn-tj-extra-visit"


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def append_rows(folder: Path, rows: dict[str, list[str]]) -> None:
    """Append CSV lines (already quoted as needed) to tables of a copied curated folder."""
    for name, lines in rows.items():
        path = folder / name
        data = path.read_bytes()
        newline = b"\r\n" if b"\r\n" in data else b"\n"
        if not data.endswith(newline):
            data += newline
        path.write_bytes(data + b"".join(line.encode() + newline for line in lines))


def curated_copy(folder: Path, extra: dict[str, list[str]] | None = None) -> Path:
    """A copy of tests/fixtures/curated in `folder`, with `extra` CSV lines appended."""
    shutil.copytree(FIXTURE_CURATED, folder)
    append_rows(folder, extra or {})
    return folder


# Variant B of the fixture for the rebuild tests: one more event (Tajikistan, with its source).
EXTRA_EVENT = {
    "events.csv": [f"{EXTRA_EVENT_ID},2025-12-01,2025-12-01,day,Extra visit for the rebuild test,visit,,in_person,"
                   "An event that exists only in variant B of the fixture.,"],
    "event_countries.csv": [f"{EXTRA_EVENT_ID},CHN", f"{EXTRA_EVENT_ID},TJK"],
    "event_sources.csv": [f"{EXTRA_EVENT_ID},kabar-202412"],
}


# ---------------------------------------------------------------- generated sections of the doc

DOC = ROOT / "docs" / "reliability.md"


def _markers(name: str) -> tuple[str, str]:
    return f"<!-- {name}:start -->", f"<!-- {name}:end -->"


def doc_section(name: str, text: str | None = None) -> str:
    """The generated section `name` of docs/reliability.md (between its markers), or ""."""
    start, end = _markers(name)
    text = DOC.read_text(encoding="utf-8") if text is None else text
    m = re.search(re.escape(start) + r"\n(?:(.*?)\n)?" + re.escape(end), text, re.DOTALL)
    return (m.group(1) or "") if m else ""


def with_doc_section(text: str, name: str, body: str) -> str:
    start, end = _markers(name)
    assert start in text and end in text, f"{DOC} needs the markers {start} and {end}"
    return re.sub(re.escape(start) + r"\n(?:.*?\n)?" + re.escape(end), lambda m: f"{start}\n{body}\n{end}",
                  text, flags=re.DOTALL)


def cell(text: str) -> str:
    """Text as a Markdown table cell in a code span."""
    return "`" + text.replace("|", "\\|").replace("`", "'") + "`"
