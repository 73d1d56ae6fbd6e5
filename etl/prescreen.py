"""ETL layer: the bulk pre-screen (the fast path). Check and load CSV files inside DuckDB, without
a Python loop per row.

Every check here is conservative: it flags anything the row-by-row validator (validate.py,
comtrade.py) might refuse, and a flagged file is handed to that validator, which gives the exact
`file:line: column: reason` messages. A file that passes here would pass there, with the same
values loaded (no edge whitespace, plain ASCII digits, the same casts), so both paths build
identical tables; both take their patterns, bounds and year limits from rules.py.
Imports duckdb and the ETL's own modules only.
"""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

import duckdb

from .comtrade import FIELDS, FLOW_CODES, PLUS_TOTAL_ONLY, import_source_id, recognise
from .rules import (ANNUAL_PERIOD_PATTERN, COMTRADE_MIN_YEAR, DATE_PATTERN, HS_CLASSIFICATION_PATTERN,
                    HS_CODE_PATTERN, ID_PATTERN, INT_PATTERN, LINE_BREAK_PATTERN, LIST_SEP, MAX_YEAR, MIN_YEAR,
                    MONTHLY_PERIOD_PATTERN, NUMBER_PATTERN)
from .tables import MAX_USD, TABLES, TRADE_AREA, Column, Table

CHUNK = 1 << 24
# Characters Python's str.strip() removes: the fast path refuses any value that starts or ends
# with one (the row-by-row path would strip it), so both paths load the same strings.
EDGE_SPACE = (
    "unicode({v}) <= 32 or unicode({v}) in (127, 133, 160, 5760, 8232, 8233, 8239, 8287, 12288)"
    " or unicode({v}) between 8192 and 8202"
)


def q(name: str) -> str:
    """Quote an identifier (names come from etl/tables.py, never from a file)."""
    return '"' + name.replace('"', '""') + '"'


def lit(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def m49_number(column: str) -> str:
    """SQL: an M49 code column as the number's text, as the row-by-row path reads it ("031" -> "31")."""
    return f"coalesce(nullif(ltrim({column}, '0'), ''), '0')"


def flow_word(column: str) -> str:
    """SQL: a Comtrade flow code column as the flow it means (FLOW_CODES: X and 2 are exports)."""
    return "case " + " ".join(f"when {column} = {lit(k)} then {lit(w)}" for k, w in FLOW_CODES.items()) + " end"


def first_record(path: Path) -> list[str] | None:
    """The header fields, read from the start of the file only."""
    with path.open("rb") as f:
        head = f.read(1 << 16)
    if head.startswith(b"\xef\xbb\xbf"):
        head = head[3:]
    try:
        text = head.decode("utf-8")
    except UnicodeDecodeError as err:
        if err.start < len(head) - 4:
            return None
        text = head[:err.start].decode("utf-8")
    try:
        return [h.strip() for h in next(csv.reader(io.StringIO(text, newline="")))]
    except (StopIteration, csv.Error):
        return None


def scan(path: Path) -> tuple[bool, int, bool]:
    """(no NUL byte, number of line feeds, ends with a line feed), reading in large chunks."""
    lines, last = 0, b""
    with path.open("rb") as f:
        while chunk := f.read(CHUNK):
            if b"\x00" in chunk:
                return False, 0, False
            lines += chunk.count(b"\n")
            last = chunk[-1:]
    return True, lines, last == b"\n"


def read_raw(con, path: Path, header: list[str], raw: str, keep: list[str] | None = None) -> bool:
    """Load the file as text columns into temp table `raw` (row order = file order); False if
    DuckDB cannot read it strictly (ragged rows, bad quoting, bad UTF-8). With `keep`, only those
    columns, spaces trimmed and missing values as '' (as the row-by-row import path reads them)."""
    columns = "{" + ", ".join(f"{lit(h)}: 'VARCHAR'" for h in header) + "}"
    if keep:
        wanted = ", ".join(f"coalesce(trim({q(c)}), '') as {q(c)}" for c in keep)
    else:
        wanted = ", ".join(q(c) for c in header)
    try:
        con.execute(
            f"create or replace temp table {raw} as select {wanted} from read_csv(?, header = true, "
            f"auto_detect = false, columns = {columns}, delim = ',', quote = '\"', escape = '\"', "
            "strict_mode = true, null_padding = false, encoding = 'utf-8')",
            [str(path)],
        )
    except duckdb.Error:
        return False
    return True


# ---------------------------------------------------------------- curated tables

def bad_value(col: Column, v: str) -> str:
    """SQL condition that is true when text value `v` (non-empty) might be refused for `col`."""
    conds = [f"length({v}) > {col.max_len}"]
    if col.kind == "text":  # other kinds have formats that exclude whitespace, or check per item
        conds += [EDGE_SPACE.format(v=v), EDGE_SPACE.format(v=f"right({v}, 1)")]
    if col.kind != "text":
        conds.append(f"regexp_matches({v}, {lit(LINE_BREAK_PATTERN)})")
    if col.pattern:
        conds.append(f"not regexp_full_match({v}, {lit(col.pattern[0])})")
    kind = col.kind
    if kind == "id":
        conds.append(f"not regexp_full_match({v}, {lit(ID_PATTERN)})")
    elif kind == "date":
        conds.append(f"not regexp_full_match({v}, {lit(DATE_PATTERN)}) "
                     f"or try_cast({v} as date) is null "
                     f"or year(try_cast({v} as date)) not between {MIN_YEAR} and {MAX_YEAR}")
    elif kind in ("float", "money", "pct", "int"):
        regex = INT_PATTERN if kind == "int" else NUMBER_PATTERN
        conds.append(f"not regexp_full_match({v}, {lit(regex)})")
        number = f"try_cast({v} as double)"
        if kind == "money":
            conds.append(f"{number} < 0")
        if col.lo is not None:
            conds.append(f"{number} < {col.lo!r}")
        if col.hi is not None:
            conds.append(f"{number} > {col.hi!r}")
    elif kind == "bool":
        conds.append(f"lower({v}) not in ('true', 'false')")
    elif kind == "enum":
        conds.append(f"{v} not in ({', '.join(lit(c) for c in col.choices)})")
    elif kind in ("code_list", "text_list"):
        items = f"string_split({v}, {lit(LIST_SEP)})"
        item_ok = (f"length(i) > 0 and not ({EDGE_SPACE.format(v='i')}) "
                   f"and not ({EDGE_SPACE.format(v='right(i, 1)')})")
        if kind == "code_list":
            item_ok += f" and regexp_full_match(i, {lit(ID_PATTERN)})"
        conds.append(f"len(list_filter({items}, lambda i: not ({item_ok}))) > 0")
        conds.append(f"len(list_distinct({items})) <> len({items})")
    return " or ".join(f"({c})" for c in conds)


def row_checks(table: Table, raw: str) -> str:
    """One aggregate query counting rows that might be refused, per rule."""
    counts = [f"count(*) < {table.min_rows}"]
    for col in table.columns:
        v = q(col.name)
        empty = f"({v} is null or {v} = '')"
        if col.required:
            counts.append(f"count(*) filter (where {empty})")
        counts.append(f"count(*) filter (where not {empty} and ({bad_value(col, v)}))")
    for start, end in table.date_ranges:
        counts.append(f"count(*) filter (where try_cast({q(end)} as date) < try_cast({q(start)} as date))")
    if table.precision:
        d, p = (q(c) for c in table.precision)
        day = f"try_cast({d} as date)"
        counts.append(f"count(*) filter (where ({d} is null or {d} = '') <> ({p} is null or {p} = ''))")
        counts.append(f"count(*) filter (where {p} = 'month' and day({day}) <> 1)")
        counts.append(f"count(*) filter (where {p} = 'year' and (month({day}) <> 1 or day({day}) <> 1))")
        if table.precision_sets_end:
            e = f"try_cast({q(table.date_ranges[0][1])} as date)"
            counts.append(f"count(*) filter (where {p} = 'month' and {e} <> last_day({day}))")
            counts.append(f"count(*) filter (where {p} = 'year' and {e} <> make_date(year({day}), 12, 31))")
    for column, other, value in table.null_unless:
        counts.append(f"count(*) filter (where coalesce({q(column)}, '') <> '' "
                      f"and {q(other)} is distinct from {lit(value)})")
    key = ", ".join(q(k) for k in table.key)
    counts.append(f"count(*) - count(distinct ({key}))")
    counts.extend(f"count({q(u)}) - count(distinct {q(u)})" for u in table.unique)
    return f"select {', '.join(counts)} from {raw}"


def typed(col: Column, v: str) -> str:
    """SQL turning the checked text value into the column's database value."""
    value = f"nullif({v}, '')"
    return {
        "date": f"cast({value} as date)",
        "float": f"cast({value} as double)",
        "money": f"cast({value} as double)",
        "pct": f"cast({value} as double)",
        "int": f"cast({value} as integer)",
        "bool": f"lower({value}) = 'true'",
        "code_list": f"string_split({value}, {lit(LIST_SEP)})",
        "text_list": f"coalesce(string_split({value}, {lit(LIST_SEP)}), []::varchar[])",
    }.get(col.kind, value)


def reference_checks(raws: dict[str, str]) -> str:
    """Counts of values that name no existing row, across the staged curated tables."""
    counts = []
    for table in TABLES:
        for col in table.columns:
            if not col.ref:
                continue
            if col.ref == TRADE_AREA:
                targets = (f"select iso3 from {raws['countries']} union all "
                           f"select group_code from {raws['country_groups']}")
            else:
                ref_table, ref_col = col.ref.split(".")
                targets = f"select {q(ref_col)} from {raws[ref_table]}"
            v = q(col.name)
            if col.kind.endswith("_list"):
                values = f"select unnest(string_split({v}, {lit(LIST_SEP)})) as x from {raws[table.name]}"
            else:
                values = f"select {v} as x from {raws[table.name]}"
            counts.append(f"(select count(*) from ({values}) where x is not null and x <> '' "
                          f"and x not in ({targets}))")
    ev = raws["events"]
    counts.append(f"(select count(*) from {ev} where event_id not in (select event_id from {raws['event_sources']}))")
    counts.append(f"(select count(*) from {ev} where event_id not in "
                  f"(select event_id from {raws['event_countries']}))")
    counts.append(f"(select count(*) from {raws['country_groups']} where group_code in "
                  f"(select iso3 from {raws['countries']}))")
    return "select " + ", ".join(counts)


@dataclass
class Staged:
    """Curated tables staged and checked in DuckDB: raw table name per curated table."""
    raws: dict[str, str]

    def insert_sql(self, table: Table) -> str:
        cols = ", ".join(f"{typed(c, q(c.name))} as {q(c.name)}" for c in table.columns)
        order = ", ".join(q(k) for k in table.key)
        return f"select {cols} from {self.raws[table.name]} order by {order}"


def stage_curated(con, data_dir: Path) -> Staged | None:
    """Stage every curated table; None as soon as anything might be refused."""
    if not data_dir.is_dir():
        return None
    expected = {f"{t.name}.csv" for t in TABLES}
    if any(p.name not in expected and not p.name.startswith(".") and (p.is_file() or p.suffix.lower() == ".csv")
           for p in data_dir.iterdir()):
        return None
    raws = {}
    for table in TABLES:
        path = data_dir / f"{table.name}.csv"
        if not path.is_file() or first_record(path) != list(table.column_names):
            return None
        if not scan(path)[0]:
            return None
        raw = f"raw_{table.name}"
        if not read_raw(con, path, list(table.column_names), raw):
            return None
        if any(con.execute(row_checks(table, raw)).fetchone()):
            return None
        raws[table.name] = raw
    if any(con.execute(reference_checks(raws)).fetchone()):
        return None
    return Staged(raws)


# ---------------------------------------------------------------- UN Comtrade imports

@dataclass
class StagedImport:
    path: Path
    raw: str
    fmt: str
    source_id: str
    rows: int


def import_conditions(fmt: str, m49: list[tuple[str, str]]) -> tuple[list[str], str]:
    """Conditions that flag a row the row-by-row path might refuse, and the row's key, over the
    trimmed text columns read_raw(keep=...) stages."""
    f = FIELDS[fmt]
    v = {k: q(c) for k, c in f.items() if c}
    p = v["period"]
    annual, monthly = (f"regexp_full_match({p}, {lit(x)})" for x in (ANNUAL_PERIOD_PATTERN, MONTHLY_PERIOD_PATTERN))
    if v.get("freq"):
        shape = f"(({v['freq']} = 'A' and {annual}) or ({v['freq']} = 'M' and {monthly}))"
    else:
        shape = f"({annual} or {monthly})"
    month = f"try_cast(substr({p}, 5, 2) as integer)"
    period_ok = (f"{shape} and left({p}, 4) between '{COMTRADE_MIN_YEAR}' and '{MAX_YEAR}' "
                 f"and (length({p}) = 4 or {month} between 1 and 12) and {v['year']} = left({p}, 4)")
    codes = ", ".join(lit(c) for c, _ in m49) or "NULL"
    commodity = v["commodity"]
    conds = [
        f"not ({period_ok})",
        f"{m49_number(v['reporter'])} not in ({codes})",
        f"{m49_number(v['partner'])} not in ({codes})",
        f"{v['flow']} not in ({', '.join(lit(k) for k in FLOW_CODES)})",
        f"not regexp_full_match({v['classification']}, {lit(HS_CLASSIFICATION_PATTERN)})",
        f"not (upper({commodity}) = 'TOTAL' or regexp_full_match({commodity}, {lit(HS_CODE_PATTERN)}))",
        f"not regexp_full_match({v['value']}, {lit(NUMBER_PATTERN)}) or {v['value']} like '-%' "
        f"or not (try_cast({v['value']} as double) <= {MAX_USD!r})",
    ]
    if fmt == "comtrade-plus-47":
        conds += [f"{q(c)} not in ({', '.join(lit(a) for a in allowed)})" for c, allowed in PLUS_TOTAL_ONLY.items()]
    # The formats above admit no whitespace; the description is free text that the row-by-row
    # path strips of any whitespace, this one of spaces only: flag anything else at an edge.
    d = v["description"]
    conds.append(f"({EDGE_SPACE.format(v=d)}) or ({EDGE_SPACE.format(v=f'right({d}, 1)')})")
    # A 64-bit hash per key: a collision only sends the file to the exact path, never lets a
    # duplicate through. The flow as the word it means: X and 2 are both exports (as the row-by-row
    # path and the check across files compare them).
    flow = flow_word(v['flow'])
    key = f"hash({m49_number(v['reporter'])}, {m49_number(v['partner'])}, {p}, {flow}, upper({commodity}))"
    return conds, key


def import_checks(fmt: str, raw: str, m49: list[tuple[str, str]]) -> str:
    """(flagged rows, duplicate keys, rows) of a staged import."""
    conds, key = import_conditions(fmt, m49)
    flagged = " + ".join(f"count(*) filter (where {c})" for c in conds)
    return f"select {flagged}, count(*) - count(distinct {key}), count(*) from {raw}"


def import_rows_sql(s: StagedImport, m49: list[tuple[str, str]]) -> str:
    """Trade rows of one checked import, in file order, in the layout load_trade.sql expects."""
    f = FIELDS[s.fmt]
    v = {k: q(c) for k, c in f.items() if c}
    period = v["period"]
    start = f"make_date(cast(left({period}, 4) as integer), coalesce(try_cast(substr({period}, 5, 2) as integer), 1), 1)"
    end = (f"case when length({period}) = 4 then make_date(cast({period} as integer), 12, 31) "
           f"else last_day({start}) end")
    flow = flow_word(v['flow'])
    iso = "MAP {" + ", ".join(f"{lit(code)}: {lit(iso3)}" for code, iso3 in m49) + "}"
    return (
        f"select {lit(s.source_id)} || '-' || cast(rowid + 2 as varchar) as trade_id, "
        f"map_extract_value({iso}, {m49_number(v['reporter'])}) as reporter_iso3, "
        f"map_extract_value({iso}, {m49_number(v['partner'])}) as partner_iso3, "
        f"{start} as period_start, {end} as period_end, "
        f"{flow} as flow, case when upper({v['commodity']}) = 'TOTAL' then 'TOTAL' else {v['commodity']} end "
        f"as commodity_code, cast({v['value']} as double) as value_usd, null::double as yoy_pct, "
        f"false as is_lower_bound, 'main' as confidence, {lit(s.source_id)} as source_id, null::varchar as notes "
        f"from {s.raw} order by rowid"
    )


def stage_imports(con, imports_dir: Path, m49_rows: list[tuple[str, str]]) -> list[StagedImport] | None:
    """Stage every import file; None as soon as anything might be refused."""
    from .comtrade import IGNORED_FILES
    staged: list[StagedImport] = []
    if not imports_dir.exists():
        return staged
    for i, path in enumerate(sorted(imports_dir.iterdir())):
        if path.name in IGNORED_FILES or path.name.startswith("."):
            continue
        if not path.is_file():
            if path.suffix.lower() == ".csv":
                return None
            continue
        if path.suffix.lower() != ".csv":
            return None
        header = first_record(path)
        fmt = recognise(header) if header else None
        if fmt is None:
            return None
        clean, line_feeds, ends_with_lf = scan(path)
        if not clean:
            return None
        raw = f"raw_import_{i}"
        keep = [c for c in FIELDS[fmt].values() if c]
        if fmt == "comtrade-plus-47":
            keep += list(PLUS_TOTAL_ONLY)
        if not read_raw(con, path, header, raw, keep):
            return None  # e.g. Latin-1 text: the row-by-row path decodes it
        bad, duplicates, rows = con.execute(import_checks(fmt, raw, m49_rows)).fetchone()
        lines = line_feeds + (0 if ends_with_lf else 1)
        if bad or duplicates or rows == 0 or lines != rows + 1:
            return None  # line numbers would not be record + 2: let the exact path speak
        staged.append(StagedImport(path, raw, fmt, import_source_id(path), rows))
    ids = [s.source_id for s in staged]
    if len(set(ids)) != len(ids):
        return None
    if len(staged) > 1:
        union = " union all ".join(
            f"select reporter_iso3, partner_iso3, period_start, period_end, flow, commodity_code "
            f"from ({import_rows_sql(s, m49_rows)})" for s in staged)
        total, distinct = con.execute(
            "select count(*), count(distinct (reporter_iso3, partner_iso3, period_start, period_end, flow, "
            f"commodity_code)) from ({union})").fetchone()
        if total != distinct:
            return None
    return staged


def import_descriptions_sql(s: StagedImport) -> str:
    f = FIELDS[s.fmt]
    commodity, description = q(f["commodity"]), q(f["description"])
    return (f"select case when upper({commodity}) = 'TOTAL' then 'TOTAL' else {commodity} end as commodity_code, "
            f"arg_min({description}, rowid) as description from {s.raw} where {description} <> '' group by 1")
