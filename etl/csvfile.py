"""ETL layer: read one CSV file into (line number, fields) records, or say precisely why not.

Accepts what real CSV files carry (UTF-8 with or without BOM, CRLF, quoted commas and newlines,
any script); refuses binary junk, NUL bytes, bad encodings, empty files and ragged rows.
Imports only the standard library.
"""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

# A field longer than this is refused (a 10 MB field is an accident or an attack, not data).
MAX_FIELD_CHARS = 100_000
MAX_COLUMNS = 200


@dataclass(frozen=True, order=True)
class Problem:
    """One reason a file cannot be loaded, printed as `file:line: column: reason`."""

    file: str
    line: int
    column: str
    reason: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.column}: {self.reason}"


@dataclass
class CsvData:
    path: str
    header: list[str]
    records: list[tuple[int, list[str]]]   # (first line of the record, fields)


def display_path(path: Path) -> str:
    """The path as a user would type it: relative to the working directory when possible."""
    try:  # resolve the folder, not the file: the file may be a broken link or a link loop
        return str((path.parent.resolve() / path.name).relative_to(Path.cwd().resolve()))
    except (ValueError, OSError, RuntimeError):
        return str(path)


def decode(raw: bytes, name: str, fallback: str | None = None) -> tuple[str | None, list[Problem]]:
    """Bytes to text; a UTF-8 BOM is dropped. `fallback` (e.g. latin-1) is tried for non-UTF-8."""
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    nul = raw.find(b"\x00")
    if nul >= 0:
        line = raw.count(b"\n", 0, nul) + 1
        kind = "a binary file (NUL bytes)" if line == 1 else "a NUL byte"
        return None, [Problem(name, line, "-", f"contains {kind}; save it as UTF-8 CSV text")]
    try:
        return raw.decode("utf-8"), []
    except UnicodeDecodeError as err:
        if fallback:
            return raw.decode(fallback), []
        line = raw.count(b"\n", 0, err.start) + 1
        return None, [Problem(name, line, "-",
                              f"not valid UTF-8 (byte 0x{raw[err.start]:02x}); save the file as UTF-8")]


def read_csv(path: Path, fallback_encoding: str | None = None) -> tuple[CsvData | None, list[Problem]]:
    """Parse `path`; on any structural problem return (None, problems)."""
    name = display_path(path)
    try:
        raw = path.read_bytes()
    except OSError as err:
        return None, [Problem(name, 0, "-", f"cannot read file: {err.strerror}")]
    text, problems = decode(raw, name, fallback_encoding)
    if text is None:
        return None, problems
    if not text.strip():
        return None, [Problem(name, 1, "-", "file is empty: expected a header line and data rows")]

    csv.field_size_limit(MAX_FIELD_CHARS)
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    problems = []
    records: list[tuple[int, list[str]]] = []
    header: list[str] | None = None
    next_line = 1
    while True:
        start = next_line
        try:
            fields = next(reader)
        except StopIteration:
            break
        except csv.Error as err:
            reason = str(err)
            if "field larger" in reason:
                reason = f"a field is longer than {MAX_FIELD_CHARS} characters"
            elif "EOF" in reason or "unexpected end" in reason:
                reason = "unterminated quoted field (the file may be truncated)"
            problems.append(Problem(name, start, "-", f"malformed CSV: {reason}"))
            break
        next_line = reader.line_num + 1
        if header is None:
            header = [h.strip() for h in fields]
            if len(header) == 1 and any(sep in header[0] for sep in ";\t|"):
                # Checked here, before the rows: decimal commas in such a file would make them ragged.
                problems.append(Problem(name, start, "-", "the header looks delimited by ';', tab or '|'; "
                                                          "columns must be separated by commas"))
                break
            if len(header) > MAX_COLUMNS:
                problems.append(Problem(name, start, "-",
                                        f"header has {len(header)} columns; at most {MAX_COLUMNS} are accepted"))
                break
            continue
        if not any(f.strip() for f in fields):
            continue  # blank line: harmless
        if len(fields) != len(header):
            problems.append(Problem(name, start, "-",
                                    f"row has {len(fields)} fields but the header has {len(header)}"))
            continue
        records.append((start, fields))
    if problems:
        return None, problems
    return CsvData(name, header or [], records), []
