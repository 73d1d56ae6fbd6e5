"""Export layer: DataFrame -> CSV text for downloads, safe to open in a spreadsheet.

Text cells that a spreadsheet would run as a formula (starting with =, +, -, @, tab or carriage
return; OWASP CSV injection guidance) get a leading apostrophe; numbers stay numbers.
Imports pandas only.
"""
from __future__ import annotations

import pandas as pd

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _neutralise(value):
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def to_csv(df: pd.DataFrame) -> str:
    """CSV text (UTF-8, '\\n' line ends, ISO dates) of exactly the rows and columns given."""
    safe = df.copy()
    for column in safe.columns:
        if safe[column].dtype == object or pd.api.types.is_string_dtype(safe[column]):
            safe[column] = safe[column].map(_neutralise)
        elif pd.api.types.is_datetime64_any_dtype(safe[column]):
            safe[column] = safe[column].dt.strftime("%Y-%m-%d")
    return safe.to_csv(index=False, lineterminator="\n")
