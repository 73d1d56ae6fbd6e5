"""Query values: a query file's name with its bound parameters, and the file's SQL text.

A `Query` runs nothing: dashboard.db runs it (or streams it, for a download) and dashboard.ui caches
its result on (database, query). Imports only the standard library and dashboard.settings.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path

from ..settings import QUERY_DIR

PARTS_DIR = QUERY_DIR / "parts"
PART_RE = re.compile(r"/\*@([a-z_]+)\*/")


@dataclass(frozen=True)
class Query:
    """queries/<name>.sql with its parameters: frozen and hashable, so a cache can key on it.
    Lists are held as tuples (hashable) and handed to DuckDB as lists again (`parameters`)."""
    name: str
    params: tuple[tuple[str, object], ...] = ()

    @property
    def sql_file(self) -> Path:
        return QUERY_DIR / f"{self.name}.sql"

    @property
    def sql(self) -> str:
        """The file's text with its shared parts in place (see sql_text)."""
        return sql_text(self.name)

    @property
    def parameters(self) -> dict:
        """The DuckDB parameters: {name: value}, lists as lists."""
        return {k: list(v) if isinstance(v, tuple) else v for k, v in self.params}


def bind(name: str, **params) -> Query:
    """The Query of queries/<name>.sql with these parameters (lists become tuples)."""
    return Query(name, tuple((k, tuple(v) if isinstance(v, list) else v) for k, v in params.items()))


def expand(text: str, parts_dir: Path = PARTS_DIR) -> str:
    """`text` with each `/*@part*/` replaced, in parentheses, by parts_dir/<part>.sql without its
    comment lines (a part may include parts). Line breaks are kept, so an error's line is findable."""
    def part(match: re.Match) -> str:
        lines = (parts_dir / f"{match.group(1)}.sql").read_text().splitlines()
        body = "\n".join(line for line in lines if not line.lstrip().startswith("--")).strip()
        return f"({expand(body, parts_dir)})"
    return PART_RE.sub(part, text)


@functools.cache
def sql_text(name: str) -> str:
    """The text of queries/<name>.sql, its parts in place; names come from code, never from users
    (user values are parameters)."""
    return expand((QUERY_DIR / f"{name}.sql").read_text())
