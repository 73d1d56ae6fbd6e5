"""ETL layer: the curator's door into data/curated — propose candidates for one article, turn a
reviewed candidate into rows, append them under a lock through the build's own validation, rebuild.

Imports the standard library, iuliia and the ETL's own modules; never streamlit or the dashboard. The
curator page (curator.py) calls only this module's public functions.

Writing: under an exclusive fcntl lock on DIR/.curate.lock, each touched CSV's new bytes are its old
bytes plus the new lines (no other line rewritten); the would-be folder is validated as the build
validates it (etl.validate.load_curated on a staging copy); only then is each file's new text written
to a temp file beside it and renamed over it. On any failure the old bytes are put back.
"""
from __future__ import annotations

import contextlib
import csv
import fcntl
import io
import os
import re
import shutil
import tempfile
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import iuliia

from .article import Unreadable, parse_article
from .build import BuildFailed, build
from .csvfile import read_csv
from .propose import candidates
from .tables import TABLES_BY_NAME
from .validate import load_curated

LOCK_NAME = ".curate.lock"
# The order in which an accept's rows are listed (and files written): referenced tables first.
WRITE_ORDER = ("sources", "places", "people", "events", "event_countries", "event_people", "event_sources")


class Refused(Exception):
    """An accept that wrote nothing; `problems` says why, one line each."""

    def __init__(self, problems: list[str]):
        super().__init__("; ".join(problems))
        self.problems = problems


@dataclass
class Proposal:
    text: str                 # the article's text (HTML reduced to text): what evidence offsets point into
    candidates: list[dict]
    warnings: list[str]
    published: str | None     # the date relative dates counted from (given, or the page's)


def proposals(raw: bytes, name: str, *, published: date | None, url: str | None, db: Path,
              data_dir: Path) -> Proposal:
    """Candidates of one article given as bytes (pasted or uploaded). Raises Refused with one line
    for a file that cannot be read as an article (empty, binary, not UTF-8, over 20 MB)."""
    try:
        article = parse_article(raw, name, name.lower().endswith((".html", ".htm")))
    except Unreadable as why:
        raise Refused([str(why)]) from None
    rows, warnings = candidates(article, published, db, data_dir, url)
    base = published.isoformat() if published else article.published
    return Proposal(article.text, rows, warnings, base)


def curated_rows(data_dir: Path) -> dict[str, list[dict]]:
    """The curated tables as typed rows (for the page's pickers: places, people, countries, events)."""
    tables, _ = load_curated(data_dir)
    return tables


def slug(text: str, limit: int = 60) -> str:
    """An identifier made of a text: ASCII letters and digits joined by '-' (Cyrillic transliterated)."""
    if any("\u0400" <= ch <= "\u04ff" for ch in text):
        text = iuliia.WIKIPEDIA.translate(text)
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", ascii_text.lower())
    out = ""
    for word in words:                      # whole words only, up to `limit` characters
        if out and len(out) + 1 + len(word) > limit:
            break
        out = f"{out}-{word}" if out else word[:limit]
    return out or "x"


def source_id_for(url: str | None, published: str | None, title: str) -> str:
    """A source id from the article's address and date: host-YYYYMMDD-words-of-the-title."""
    host = re.sub(r"^(https?://)?(www\.)?", "", url or "").split("/")[0]
    parts = [slug(host.split(".")[0], 20) if host else "article"]
    if published:
        parts.append(published.replace("-", ""))
    parts.append(slug(title, 30))
    return "-".join(parts)


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return "|".join(str(v) for v in value)
    if isinstance(value, float) and value.is_integer():
        return str(value)
    return str(value)


def event_rows(candidate: dict, source: dict, *, new_places: list[dict] = (), new_people: list[dict] = (),
               existing_source_ids: set[str] = frozenset()) -> dict[str, list[dict]]:
    """The rows a reviewed event candidate adds: every table name -> its new rows (as text).

    `candidate` holds the reviewed fields (event_id, start_date, end_date, date_precision, title,
    event_type, place_id, venue_kind, summary, notes, countries, people, roles, duplicate_of);
    `source` the article's sources row. With `duplicate_of` set, only the source is linked to that
    event (its sources row, unless it already exists, and one event_sources row)."""
    rows: dict[str, list[dict]] = {name: [] for name in WRITE_ORDER}
    if source["source_id"] not in existing_source_ids:
        rows["sources"].append(source)
    sid = source["source_id"]
    if candidate.get("duplicate_of"):
        rows["event_sources"].append({"event_id": candidate["duplicate_of"], "source_id": sid})
        return {k: v for k, v in rows.items() if v}
    rows["places"].extend(new_places)
    rows["people"].extend(new_people)
    eid = candidate["event_id"]
    rows["events"].append({k: candidate.get(k) for k in TABLES_BY_NAME["events"].column_names})
    rows["event_countries"].extend({"event_id": eid, "country_iso3": c} for c in candidate.get("countries") or [])
    roles = candidate.get("roles") or {}
    rows["event_people"].extend({"event_id": eid, "person_id": p, "role_at_event": roles.get(p)}
                                for p in candidate.get("people") or [])
    rows["event_sources"].append({"event_id": eid, "source_id": sid})
    return {k: v for k, v in rows.items() if v}


def csv_lines(table: str, rows: list[dict]) -> str:
    """The rows as CSV lines in the table's column order (the curated files' dialect: ',' and '\\n')."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    for row in rows:
        writer.writerow([_text(row.get(c)) for c in TABLES_BY_NAME[table].column_names])
    return out.getvalue()


@contextlib.contextmanager
def locked(data_dir: Path) -> Iterator[None]:
    """An exclusive lock on the curated folder (blocks until the other accept is done)."""
    with open(data_dir / LOCK_NAME, "a+b") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _new_bytes(path: Path, lines: str) -> bytes:
    old = path.read_bytes()
    if old and not old.endswith(b"\n"):
        old += b"\n"
    return old + lines.encode("utf-8")


def problems_of(data_dir: Path, new: dict[str, bytes]) -> list[str]:
    """What the build's validation says of the curated folder with `new` files in place."""
    with tempfile.TemporaryDirectory(prefix="curate-check-") as tmp:
        staging = Path(tmp) / "curated"
        staging.mkdir()
        for path in data_dir.glob("*.csv"):
            target = staging / path.name
            if path.name in new:
                target.write_bytes(new[path.name])
            else:
                shutil.copyfile(path, target)
        _, problems = load_curated(staging)
    return [str(p).replace(str(staging) + os.sep, "") for p in problems]


def _replace_all(data_dir: Path, new: dict[str, bytes], old: dict[str, bytes]) -> None:
    temps = {}
    try:
        for name, data in new.items():
            tmp = data_dir / f".{name}.tmp-{os.getpid()}"
            with open(tmp, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            temps[name] = tmp
        for name, tmp in temps.items():
            os.replace(tmp, data_dir / name)
    except BaseException:
        restore(data_dir, old)
        raise
    finally:
        for tmp in temps.values():
            tmp.unlink(missing_ok=True)


def restore(data_dir: Path, old: dict[str, bytes]) -> None:
    """Put each file's old bytes back (written beside it, then renamed)."""
    for name, data in old.items():
        tmp = data_dir / f".{name}.restore-{os.getpid()}"
        tmp.write_bytes(data)
        os.replace(tmp, data_dir / name)


def append(data_dir: Path, rows: dict[str, list[dict]], *, db: Path | None = None,
           imports_dir: Path | None = None) -> dict[str, int]:
    """Append `rows` (table -> rows) to the curated CSVs, validated as the build validates, under the
    folder's lock; then, when `db` is given, rebuild it (atomically, etl.build). Returns the rows
    added per table. Raises Refused (nothing written) when validation or the build fails."""
    unknown = sorted(set(rows) - set(TABLES_BY_NAME))
    if unknown:
        raise Refused([f"unknown table(s): {', '.join(unknown)}"])
    rows = {k: v for k, v in rows.items() if v}
    if not rows:
        raise Refused(["nothing to write"])
    with locked(data_dir):
        if "sources" in rows:   # the article's source, recorded meanwhile by another accept: link to it
            recorded = _ids(data_dir / "sources.csv")
            rows["sources"] = [r for r in rows["sources"] if r["source_id"] not in recorded]
            rows = {k: v for k, v in rows.items() if v}
        old = {f"{t}.csv": (data_dir / f"{t}.csv").read_bytes() for t in rows}
        new = {f"{t}.csv": _new_bytes(data_dir / f"{t}.csv", csv_lines(t, r)) for t, r in rows.items()}
        # Each new line must parse back as exactly one record of the table (no stray quotes or breaks).
        problems = problems_of(data_dir, new)
        if problems:
            raise Refused(problems)
        _replace_all(data_dir, new, old)
        if db is not None:
            try:
                build(data_dir, imports_dir or data_dir.parent / "imports", db, err=io.StringIO())
            except BuildFailed as failure:
                restore(data_dir, old)
                raise Refused([str(p) for p in failure.problems]) from None
            except BaseException:
                restore(data_dir, old)
                raise
    return {t: len(r) for t, r in rows.items()}


def _ids(path: Path) -> set[str]:
    """The first column's values of a CSV file (its key)."""
    data, _ = read_csv(path)
    return {fields[0] for _, fields in data.records} if data else set()


def tail_rows(path: Path, count: int) -> list[list[str]]:
    """The last `count` records of a CSV file (for tests and the page's confirmation)."""
    data, _ = read_csv(path)
    return [fields for _, fields in data.records[-count:]] if data and count else []


__all__ = ["Refused", "Proposal", "proposals", "curated_rows", "slug", "source_id_for", "event_rows", "csv_lines",
           "append", "locked", "restore", "tail_rows"]
