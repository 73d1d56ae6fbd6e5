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
