"""Export layer: DataFrame -> CSV text for downloads, safe to open in a spreadsheet.

Text cells that a spreadsheet would run as a formula (starting with =, +, -, @, tab or carriage
return; OWASP CSV injection guidance) get a leading apostrophe; numbers stay numbers. A cell with a
line break of any kind is quoted, so it can never split into a new row. Imports pandas only.
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
    # A cell holding a bare carriage return must be quoted too: unquoted, the CR ends the row in a
    # spreadsheet, and what follows starts a new row (a formula included). The csv module quotes
    # cells holding a character of the line terminator, so write with "\r\n", then turn the row ends
    # (outside quotes: the even pieces between '"') back into "\n".
    pieces = safe.to_csv(index=False, lineterminator="\r\n").split('"')
    pieces[0::2] = [piece.replace("\r\n", "\n") for piece in pieces[0::2]]
    return '"'.join(pieces)
