"""The text a CSV download must be, written the plain way: pandas' to_csv of the query's DataFrame by
the export rules (dashboard/export.py: a text cell starting like a formula gets an apostrophe, dates
are ISO, a cell holding any line break is quoted). The app writes downloads with DuckDB
(export.relation_csv); the tests hold it to this text.
"""
from __future__ import annotations

import pandas as pd

from dashboard.export import FORMULA_START, lf_row_ends


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
    # A cell holding a bare carriage return must be quoted too: unquoted, the CR ends the row in a
    # spreadsheet, and what follows starts a new row (a formula included). The csv module quotes
    # cells holding a character of the line terminator, so write with "\r\n", then turn the row ends
    # back into "\n".
    return lf_row_ends(safe.to_csv(index=False, lineterminator="\r\n"))
