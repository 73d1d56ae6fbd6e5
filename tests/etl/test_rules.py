"""ETL rules written once: the row-by-row validator and the bulk pre-screen take every pattern,
bound and year limit from etl/rules.py, and the two engines read each pattern alike."""
from __future__ import annotations

import re
from pathlib import Path

import duckdb
import pytest

from etl import rules

ETL = Path(__file__).resolve().parents[2] / "etl"
# Fragments that would mean a rule written a second time outside etl/rules.py.
RULE_FRAGMENTS = ("[0-9]", "A-Za-z", "1900", "2100", "1962", "(HS|")


# The modules of the two validation paths (and what they share); propose.py's article patterns are
# another matter (reading news text, not checking a table).
VALIDATION = ("tables.py", "csvfile.py", "validate.py", "comtrade.py", "prescreen.py", "build.py")


@pytest.mark.parametrize("path", [ETL / name for name in VALIDATION], ids=lambda p: p.name)
def test_no_validation_module_writes_a_rule_of_its_own(path):
    text = path.read_text(encoding="utf-8")
    assert [f for f in RULE_FRAGMENTS if f in text] == []


PATTERNS = {name: value for name, value in vars(rules).items() if name.endswith("_PATTERN")}
SAMPLES = ["", "0", "-1", "1.5", "1.", ".5", "-0.25", "2025-01-31", "2025-1-31", "20250131", "KGZ", "kg-1_a.b",
           "_x", "a b", "HS", "H5", "H", "HS6", "01", "0101", "010121", "01012", "2025", "202512", "x\ry", "x\ny",
           "١٢", "１２", "1e5", "12 ", "|"]


@pytest.mark.parametrize("name", sorted(PATTERNS))
def test_python_and_duckdb_read_each_pattern_alike(name):
    pattern = PATTERNS[name]
    python = [bool(rules.full(pattern).match(s)) for s in SAMPLES]
    with duckdb.connect() as con:
        duck = [con.execute("select regexp_full_match(?, ?)", [s, pattern]).fetchone()[0] for s in SAMPLES]
    if name == "LINE_BREAK_PATTERN":    # used as a search: is there a line break anywhere
        python = [bool(re.search(pattern, s)) for s in SAMPLES]
        with duckdb.connect() as con:
            duck = [con.execute("select regexp_matches(?, ?)", [s, pattern]).fetchone()[0] for s in SAMPLES]
    assert python == duck
