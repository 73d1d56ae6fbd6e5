"""Mutants judged equivalent: no input the product can receive tells them apart from the code as
written (or they change only how fast a result comes, never the result). Each has its reason; the
list is docs/testing.md's "equivalent" group, kept where the tool can read it.

bench/mutants/run.py marks a mutant matching an entry "skipped (equivalent)" before it runs (a
survivor runs every test that covers its function: the most expensive mutants of a run) and
counts it in a column of its own, outside the score. An entry matches on what the mutant changes,
not on mutmut's numbering, which shifts when a function is edited:
- Python: (module, function, the line as written, the line as mutated), both lines stripped; a
  method is "Class.method".
- SQL: (query file, "", the mutator's description, the line as written, stripped).
"""
from __future__ import annotations

# (module, function, line as written, line as mutated, reason)
EQUIVALENT: list[tuple[str, str, str, str, str]] = [
    # ---- etl: the row-by-row import reader (comtrade) and the fast path (prescreen). The fast path only
    # flags: a mutant that only makes it decline where the exact path then gives the same tables and
    # words changes how fast a build is, not what it builds.
    ('etl/comtrade.py', 'slug',
     'return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:60] or "file"',
     'return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("XX-XX")[:60] or "file"',
     "the text is lower-cased before the strip, so 'X' never occurs: only '-' is stripped either way"),
    ('etl/comtrade.py', 'load_import',
     'data, problems = read_csv(path, fallback_encoding="latin-1")  # Comtrade\'s web exports are Latin-1',
     'data, problems = read_csv(path, fallback_encoding="LATIN-1")  # Comtrade\'s web exports are Latin-1',
     'Python looks up codec names case-insensitively'),
    ('etl/comtrade.py', '_rows',
     'ok = False',
     'ok = None',
     '`ok` is only read as `if not ok`: None and False are both falsy'),
    ('etl/prescreen.py', 'first_record',
     'head = f.read(1 << 16)',
     'head = f.read(None)',
     'how much of the file is read for the header only decides whether the fast path is tried on a header longer than 64 KiB; when it is not, the exact path gives the same tables and words'),
    ('etl/prescreen.py', 'first_record',
     'head = f.read(1 << 16)',
     'head = f.read(2 << 16)',
     'how much of the file is read for the header only decides whether the fast path is tried on a header longer than 64 KiB; when it is not, the exact path gives the same tables and words'),
    ('etl/prescreen.py', 'first_record',
     'head = f.read(1 << 16)',
     'head = f.read(1 << 17)',
     'how much of the file is read for the header only decides whether the fast path is tried on a header longer than 64 KiB; when it is not, the exact path gives the same tables and words'),
    ('etl/prescreen.py', 'first_record',
     'text = head.decode("utf-8")',
     'text = head.decode("UTF-8")',
     'Python looks up codec names case-insensitively'),
    ('etl/prescreen.py', 'first_record',
     'if err.start < len(head) - 4:',
     'if err.start <= len(head) - 4:',
     'a character cut by the 64 KiB boundary leaves at most 3 bytes, so only a real encoding error 4 or 5 bytes before the end is judged differently; either way the strict read that follows declines and the exact path speaks'),
    ('etl/prescreen.py', 'first_record',
     'if err.start < len(head) - 4:',
     'if err.start < len(head) - 5:',
     'a character cut by the 64 KiB boundary leaves at most 3 bytes, so only a real encoding error 4 or 5 bytes before the end is judged differently; either way the strict read that follows declines and the exact path speaks'),
    ('etl/prescreen.py', 'first_record',
     'text = head[:err.start].decode("utf-8")',
     'text = head[:err.start].decode("UTF-8")',
     'Python looks up codec names case-insensitively'),
    ('etl/prescreen.py', 'first_record',
     'return [h.strip() for h in next(csv.reader(io.StringIO(text, newline="")))]',
     'return [h.strip() for h in next(csv.reader(io.StringIO(text, newline=None)))]',
     'translating line ends only changes a header name that holds a line break, which no known header has: it is refused either way'),
    ('etl/prescreen.py', 'first_record',
     'return [h.strip() for h in next(csv.reader(io.StringIO(text, newline="")))]',
     'return [h.strip() for h in next(csv.reader(io.StringIO(text, )))]',
     'translating line ends only changes a header name that holds a line break, which no known header has: it is refused either way'),
    ('etl/prescreen.py', 'scan',
     'lines, last = 0, b""',
     'lines, last = 0, b"XXXX"',
     'only an empty file keeps the initial `last`; it does not end in a line feed whatever that value'),
    ('etl/prescreen.py', 'scan',
     'while chunk := f.read(CHUNK):',
     'while chunk := f.read(None):',
     'reading the file whole gives the same counts (memory only)'),
    ('etl/prescreen.py', 'scan',
     'return False, 0, False',
     'return False, 1, False',
     'a file with a NUL byte is declined on `clean` alone: its counts are never read'),
    ('etl/prescreen.py', 'scan',
     'return False, 0, False',
     'return False, 0, True',
     'a file with a NUL byte is declined on `clean` alone: its counts are never read'),
    ('etl/prescreen.py', 'read_raw',
     '"strict_mode = true, null_padding = false, encoding = \'utf-8\')",',
     '"STRICT_MODE = TRUE, NULL_PADDING = FALSE, ENCODING = \'UTF-8\')",',
     'DuckDB reads option names and the encoding name case-insensitively'),
    ('etl/prescreen.py', 'bad_value',
     'item_ok = (f"length(i) > 0 and not ({EDGE_SPACE.format(v=\'i\')}) "',
     'item_ok = (f"length(i) > 0 and not ({EDGE_SPACE.format(v=\'I\')}) "',
     'SQL keywords and identifiers are case-insensitive in DuckDB'),
    ('etl/prescreen.py', 'bad_value',
     'f"and not ({EDGE_SPACE.format(v=\'right(i, 1)\')})")',
     'f"and not ({EDGE_SPACE.format(v=\'RIGHT(I, 1)\')})")',
     'SQL keywords and identifiers are case-insensitive in DuckDB'),
    ('etl/prescreen.py', 'bad_value',
     'if kind == "code_list":',
     'if kind == "XXcode_listXX":',
     'every code-list column references countries: an item that is not a valid code is also an unknown one, which the reference check flags, and the exact path then gives its own words'),
    ('etl/prescreen.py', 'bad_value',
     'if kind == "code_list":',
     'if kind == "CODE_LIST":',
     'every code-list column references countries: an item that is not a valid code is also an unknown one, which the reference check flags, and the exact path then gives its own words'),
    ('etl/prescreen.py', 'bad_value',
     'return " or ".join(f"({c})" for c in conds)',
     'return " OR ".join(f"({c})" for c in conds)',
     'SQL keywords and identifiers are case-insensitive in DuckDB'),
    ('etl/prescreen.py', 'reference_checks',
     'return "select " + ", ".join(counts)',
     'return "SELECT " + ", ".join(counts)',
     'SQL keywords and identifiers are case-insensitive in DuckDB'),
    ('etl/prescreen.py', 'import_conditions',
     'codes = ", ".join(lit(c) for c, _ in m49) or "NULL"',
     'codes = ", ".join(lit(c) for c, _ in m49) or "null"',
     'SQL keywords and identifiers are case-insensitive in DuckDB'),
    ('etl/prescreen.py', 'import_rows_sql',
     'flow = "case " + " ".join(f"when {v[\'flow\']} = {lit(k)} then {lit(w)}" for k, w in FLOW_CODES.items()) + " end"',
     'flow = "CASE " + " ".join(f"when {v[\'flow\']} = {lit(k)} then {lit(w)}" for k, w in FLOW_CODES.items()) + " end"',
     'SQL keywords and identifiers are case-insensitive in DuckDB'),
    ('etl/prescreen.py', 'import_rows_sql',
     'flow = "case " + " ".join(f"when {v[\'flow\']} = {lit(k)} then {lit(w)}" for k, w in FLOW_CODES.items()) + " end"',
     'flow = "case " + " ".join(f"when {v[\'flow\']} = {lit(k)} then {lit(w)}" for k, w in FLOW_CODES.items()) + " END"',
     'SQL keywords and identifiers are case-insensitive in DuckDB'),
    ('etl/prescreen.py', 'import_rows_sql',
     'iso = "MAP {" + ", ".join(f"{lit(code)}: {lit(iso3)}" for code, iso3 in m49) + "}"',
     'iso = "map {" + ", ".join(f"{lit(code)}: {lit(iso3)}" for code, iso3 in m49) + "}"',
     'SQL keywords and identifiers are case-insensitive in DuckDB'),
    ('etl/prescreen.py', 'stage_imports',
     'fmt = recognise(header) if header else None',
     'fmt = recognise(header) if (header) or True else None',
     'recognise() of no header is None, as the expression gives without calling it'),
    ('etl/prescreen.py', 'stage_imports',
     'union = " union all ".join(',
     'union = " UNION ALL ".join(',
     'SQL keywords and identifiers are case-insensitive in DuckDB'),
    ('etl/prescreen.py', 'stage_imports',
     '"select count(*), count(distinct (reporter_iso3, partner_iso3, period_start, period_end, flow, "',
     '"SELECT COUNT(*), COUNT(DISTINCT (REPORTER_ISO3, PARTNER_ISO3, PERIOD_START, PERIOD_END, FLOW, "',
     'SQL keywords and identifiers are case-insensitive in DuckDB'),
    # ---- SQL
    ("dashboard/queries/event_choices.sql", "", "drop `and g.entity_kind in ('place', 'person')`",
     "and g.entity_kind in ('place', 'person')",
     "the names found are only ever joined on entity_kind = 'person' or 'place': other kinds never reach "
     "the result"),
    ("dashboard/queries/map_places.sql", "", "drop `e.place_id is not null`", "where e.place_id is not null",
     "events without a place form one group whose empty id matches no place in the left join"),
    ("dashboard/queries/parts/since_vintages.sql", "", "< -> <=", "where c.depth < 100000",
     "the 100,000-step cap on the vintage chain: only a chain longer than that tells < from <= (a test "
     "checks that the cap still stops a history whose parents loop)"),
]


def _function(key: str) -> str:
    """mutmut's mutant name -> the function: etl.comtrade.x__rows__mutmut_3 -> _rows;
    etl.prescreen.xǁStagedǁinsert_sql__mutmut_1 -> Staged.insert_sql."""
    name = key.rsplit("__mutmut_", 1)[0].rsplit(".", 1)[-1]
    if name.startswith("xǁ"):
        return ".".join(name[2:].split("ǁ"))
    return name[2:] if name.startswith("x_") else name


def python_reason(module: str, key: str, old: list[str], new: list[str]) -> str | None:
    """The reason a Python mutant is equivalent, or None. `old`/`new`: the changed lines."""
    if len(old) != 1 or len(new) != 1:
        return None
    function, a, b = _function(key), old[0].strip(), new[0].strip()
    for m, f, was, now, reason in EQUIVALENT:
        if (m, f, was, now) == (module, function, a, b):
            return reason
    return None


def sql_reason(module: str, description: str, line: str) -> str | None:
    for m, f, was, now, reason in EQUIVALENT:
        if (m, f, was, now) == (module, "", description, line.strip()):
            return reason
    return None
