"""ETL layer: check curated CSV files against `tables.py` and turn their text into typed values.

Every problem found is collected (not just the first), each naming file, line, column and reason.
Imports only the standard library and the ETL's own modules.
"""
from __future__ import annotations

import calendar
import math
import re
from datetime import date
from pathlib import Path

from .csvfile import CsvData, Problem, display_path, read_csv
from .rules import (DATE_PATTERN, ID_PATTERN, INT_PATTERN, LINE_BREAK_PATTERN, LIST_SEP, MAX_YEAR, MIN_YEAR,
                    NUMBER_PATTERN, full)
from .tables import TABLES, TABLES_BY_NAME, TRADE_AREA, Column, Table

ID_RE, DATE_RE, NUMBER_RE, INT_RE = (full(p) for p in (ID_PATTERN, DATE_PATTERN, NUMBER_PATTERN, INT_PATTERN))
LINE_BREAK_RE = re.compile(LINE_BREAK_PATTERN)

Row = dict  # column name -> typed value; "_line" -> line number in the file


def parse_date(text: str) -> tuple[date | None, str | None]:
    m = DATE_RE.match(text)
    if not m:
        return None, f"'{_short(text)}' is not a date in YYYY-MM-DD form"
    year, month, day = (int(g) for g in m.groups())
    try:
        value = date(year, month, day)
    except ValueError:
        return None, f"impossible date '{text}'"
    if not MIN_YEAR <= year <= MAX_YEAR:
        return None, f"date '{text}' is outside {MIN_YEAR}–{MAX_YEAR}"
    return value, None


def _short(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[:limit] + "…"


def parse_value(col: Column, text: str):
    """Return (value, reason); reason is None when the text is valid for the column."""
    if len(text) > col.max_len:
        return None, f"value is {len(text)} characters long; at most {col.max_len} are accepted"
    if LINE_BREAK_RE.search(text) and col.kind not in ("text",):
        return None, "line break inside a value"
    kind = col.kind
    if col.pattern and not re.fullmatch(col.pattern[0], text):
        return None, f"'{_short(text)}' is not {col.pattern[1]}"
    if kind == "id":
        if not ID_RE.match(text):
            return None, f"'{_short(text)}' is not a valid identifier (letters, digits, '-', '_', '.')"
        return text, None
    if kind == "text":
        return text, None
    if kind == "date":
        return parse_date(text)
    if kind in ("float", "money", "pct"):
        if not NUMBER_RE.match(text):
            return None, f"'{_short(text)}' is not a number (plain digits with an optional '.' and sign)"
        value = float(text)
        if kind == "money" and value < 0:
            return None, f"negative value {text}: trade values are amounts, never negative"
        return _in_range(col, value, text)
    if kind == "int":
        if not INT_RE.match(text):
            return None, f"'{_short(text)}' is not a whole number"
        return _in_range(col, int(text), text)
    if kind == "bool":
        lowered = text.lower()
        if lowered not in ("true", "false"):
            return None, f"'{_short(text)}' is not true or false"
        return lowered == "true", None
    if kind == "enum":
        if text not in col.choices:
            return None, f"unknown value '{_short(text)}'; expected one of: {', '.join(col.choices)}"
        return text, None
    if kind in ("code_list", "text_list"):
        items = [item.strip() for item in text.split(LIST_SEP)]
        if any(not item for item in items):
            return None, f"empty item in '{LIST_SEP}'-separated list '{_short(text)}'"
        if kind == "code_list":
            bad = [item for item in items if not ID_RE.match(item)]
            if bad:
                return None, f"'{_short(bad[0])}' is not a valid code"
        if len(set(items)) != len(items):
            return None, f"repeated item in list '{_short(text)}'"
        return items, None
    raise ValueError(f"unknown column kind {kind}")


def _in_range(col: Column, value, text: str):
    if isinstance(value, float) and not math.isfinite(value):
        return None, f"'{_short(text)}' is too large to be a number"
    if (col.lo is not None and value < col.lo) or (col.hi is not None and value > col.hi):
        low = "" if col.lo is None else f"{col.lo:g}"
        high = "" if col.hi is None else f"{col.hi:g}"
        return None, f"{_short(text)} is out of range {low}…{high}"
    return value, None


def check_header(table: Table, data: CsvData) -> list[Problem]:
    problems = []
    seen = set()
    for name in data.header:
        if name in seen:
            problems.append(Problem(data.path, 1, name or "(blank)", "duplicate column in header"))
        seen.add(name)
    expected = table.column_names
    missing = [c for c in expected if c not in seen]
    extra = [c for c in data.header if c not in expected]
    for name in missing:
        problems.append(Problem(data.path, 1, name, "missing column"))
    for name in extra:
        problems.append(Problem(data.path, 1, name or "(blank)", "unexpected column"))
    return problems


def parse_rows(table: Table, data: CsvData) -> tuple[list[Row], list[Problem]]:
    """Type every cell; collect a problem per bad cell."""
    problems: list[Problem] = []
    index = {name: i for i, name in enumerate(data.header)}
    rows: list[Row] = []
    for line, fields in data.records:
        row: Row = {"_line": line}
        ok = True
        for col in table.columns:
            text = fields[index[col.name]].strip()
            if not text:
                if col.required:
                    problems.append(Problem(data.path, line, col.name, "required value is empty"))
                    ok = False
                row[col.name] = None
                continue
            value, reason = parse_value(col, text)
            if reason:
                problems.append(Problem(data.path, line, col.name, reason))
                ok = False
            row[col.name] = value
        if ok:
            problems.extend(check_row(table, data.path, row))
        rows.append(row)
    if len(data.records) < table.min_rows:
        problems.append(Problem(data.path, 2, "-", "no data rows: the file holds only a header"))
    return rows, problems


def check_row(table: Table, path: str, row: Row) -> list[Problem]:
    problems = []
    line = row["_line"]
    for start, end in table.date_ranges:
        if row[start] and row[end] and row[end] < row[start]:
            problems.append(Problem(path, line, end, f"{end} {row[end]} is before {start} {row[start]}"))
    if table.precision:
        date_col, prec_col = table.precision
        value, precision = row[date_col], row[prec_col]
        if (value is None) != (precision is None):
            problems.append(Problem(path, line, prec_col,
                                    f"{prec_col} must be given exactly when {date_col} is given"))
        elif precision == "month" and value.day != 1:
            problems.append(Problem(path, line, date_col, "a month-precision date must fall on the 1st"))
        elif precision == "year" and (value.month, value.day) != (1, 1):
            problems.append(Problem(path, line, date_col, "a year-precision date must be January 1st"))
        elif precision in ("month", "year") and table.precision_sets_end:
            end_col = table.date_ranges[0][1]
            end = row[end_col]
            if precision == "month":
                expected = date(value.year, value.month, calendar.monthrange(value.year, value.month)[1])
            else:
                expected = date(value.year, 12, 31)
            if end is not None and end != expected:
                problems.append(Problem(path, line, end_col,
                                        f"a {precision}-precision event ends on {expected}, the last day of its {precision}"))
    for column, other, value in table.null_unless:
        if row[column] is not None and row[other] != value:
            problems.append(Problem(path, line, column, f"{column} must be empty unless {other} is {value} "
                                    f"(this row's {other} is {row[other]})"))
    return problems


def check_keys(table: Table, path: str, rows: list[Row]) -> list[Problem]:
    problems = []
    first_seen: dict[tuple, int] = {}
    for row in rows:
        key = tuple(row[k] for k in table.key)
        if any(part is None for part in key):
            continue
        if key in first_seen:
            problems.append(Problem(path, row["_line"], ",".join(table.key),
                                    f"duplicate key {'/'.join(map(str, key))} (first at line {first_seen[key]})"))
        else:
            first_seen[key] = row["_line"]
    return problems


def check_unique(table: Table, path: str, rows: list[Row]) -> list[Problem]:
    """Columns that must be unique although they are not the key (e.g. countries.m49_code)."""
    problems = []
    for name in table.unique:
        first_seen: dict = {}
        for row in rows:
            value = row[name]
            if value is None:
                continue
            if value in first_seen:
                problems.append(Problem(path, row["_line"], name,
                                        f"duplicate value {value} (first at line {first_seen[value]})"))
            else:
                first_seen[value] = row["_line"]
    return problems


def check_coverage(tables: dict[str, tuple[str, list[Row]]]) -> list[Problem]:
    """Every event cites a source and names a country; group codes never shadow a country."""
    problems = []
    if "events" in tables:
        path, events = tables["events"]
        for link, what in (("event_sources", "source (in event_sources.csv)"),
                           ("event_countries", "country (in event_countries.csv)")):
            if link not in tables:
                continue
            linked = {r["event_id"] for r in tables[link][1]}
            for row in events:
                if row["event_id"] is not None and row["event_id"] not in linked:
                    problems.append(Problem(path, row["_line"], "event_id", f"event has no {what}"))
    if "countries" in tables and "country_groups" in tables:
        iso3 = {r["iso3"] for r in tables["countries"][1]}
        path, groups = tables["country_groups"]
        for row in groups:
            if row["group_code"] in iso3:
                problems.append(Problem(path, row["_line"], "group_code",
                                        f"group code '{row['group_code']}' is also a country's ISO code"))
    return problems


def check_references(tables: dict[str, tuple[str, list[Row]]]) -> list[Problem]:
    """Every reference names an existing row of the table it points to."""
    known: dict[str, set] = {}
    for name, (_, rows) in tables.items():
        for col in TABLES_BY_NAME[name].columns:
            if not col.kind.endswith("_list"):
                known[f"{name}.{col.name}"] = {r[col.name] for r in rows if r[col.name] is not None}
    if "countries" in tables and "country_groups" in tables:
        known[TRADE_AREA] = known["countries.iso3"] | known["country_groups.group_code"]
    problems = []
    for name, (path, rows) in tables.items():
        for col in TABLES_BY_NAME[name].columns:
            if not col.ref or col.ref not in known:
                continue  # the target table itself failed to load: its own problems are reported
            targets = known[col.ref]
            for row in rows:
                values = row[col.name]
                for value in values if isinstance(values, list) else [values]:
                    if value is not None and value not in targets:
                        if col.ref == "countries.iso3":
                            reason = f"unknown ISO code '{value}': not in countries.csv"
                        elif col.ref == TRADE_AREA:     # a country or a group (CA5: the five states)
                            reason = (f"unknown trade area '{value}': neither a country of countries.csv "
                                      "nor a group of country_groups.csv")
                        else:
                            reason = f"unknown {col.ref.replace('.', ' ')} '{value}'"
                        problems.append(Problem(path, row["_line"], col.name, reason))
    return problems


def load_curated(data_dir: Path) -> tuple[dict[str, list[Row]], list[Problem]]:
    """Read and check every curated table in `data_dir`; return typed rows and all problems."""
    problems: list[Problem] = []
    parsed: dict[str, tuple[str, list[Row]]] = {}
    if not data_dir.is_dir():
        return {}, [Problem(display_path(data_dir), 0, "-", "curated data folder does not exist")]
    expected = {f"{t.name}.csv" for t in TABLES}
    for path in sorted(data_dir.iterdir()):
        if path.name not in expected and not path.name.startswith(".") and (
                path.is_file() or path.suffix.lower() == ".csv"):
            problems.append(Problem(display_path(path), 0, "-",
                                    "unknown file: curated tables are " + ", ".join(sorted(expected))))
    for table in TABLES:
        path = data_dir / f"{table.name}.csv"
        if not path.is_file():
            exists = path.exists() or path.is_symlink()
            problems.append(Problem(display_path(path), 0, "-", "not a regular file (a folder, a broken link or a "
                                    "device)" if exists else "missing table file"))
            continue
        data, file_problems = read_csv(path)
        if data is None:
            problems.extend(file_problems)
            continue
        header_problems = check_header(table, data)
        if header_problems:
            problems.extend(header_problems)
            continue
        rows, row_problems = parse_rows(table, data)
        problems.extend(row_problems)
        problems.extend(check_keys(table, data.path, rows))
        problems.extend(check_unique(table, data.path, rows))
        parsed[table.name] = (data.path, rows)
    problems.extend(check_references(parsed))
    problems.extend(check_coverage(parsed))
    return {name: rows for name, (_, rows) in parsed.items()}, problems
