"""ETL layer: the value rules both validation paths apply, each written once: the row-by-row
validator (validate.py, comtrade.py) compiles them as Python regexes, the bulk pre-screen
(prescreen.py) hands them to DuckDB's regexp_full_match. Imports only the standard library.

Every pattern is matched against the whole value (Python's re.fullmatch, DuckDB's
regexp_full_match); both engines read these patterns alike (no look-arounds, no back-references).
"""
from __future__ import annotations

import re

ID_PATTERN = r"[A-Za-z0-9][A-Za-z0-9_.\-]*"       # identifiers and codes
DATE_PATTERN = r"([0-9]{4})-([0-9]{2})-([0-9]{2})"  # YYYY-MM-DD (then a real calendar date)
NUMBER_PATTERN = r"-?[0-9]+(\.[0-9]+)?"             # plain digits, an optional '.' and sign
INT_PATTERN = r"-?[0-9]+"
LINE_BREAK_PATTERN = r"[\r\n]"                      # refused inside any value but free text
LIST_SEP = "|"                                      # between the items of a list column
MIN_YEAR, MAX_YEAR = 1900, 2100                     # a curated date's year

# UN Comtrade exports
COMTRADE_MIN_YEAR = 1962                            # Comtrade's first year; the last is MAX_YEAR
ANNUAL_PERIOD_PATTERN = r"[0-9]{4}"                 # period YYYY
MONTHLY_PERIOD_PATTERN = r"[0-9]{6}"                # period YYYYMM
HS_CODE_PATTERN = r"([0-9]{2}|[0-9]{4}|[0-9]{6})"   # an HS chapter, heading or subheading
HS_CLASSIFICATION_PATTERN = r"(HS|H[0-9])"


def full(pattern: str) -> re.Pattern:
    r"""`pattern` compiled to match a whole value (use .match): `\Z`, not `$`, which would also let a
    value through with a line break at its end."""
    return re.compile(rf"^(?:{pattern})\Z")
