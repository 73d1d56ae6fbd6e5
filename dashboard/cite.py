"""Citation layer: sources -> BibTeX and CSL-JSON, and how to cite the monitor itself.

Pure writers: a frame of `sources` rows (the columns of queries/parts/sources_of_cited.sql) in, text
out; one function per format, fed the same rows, so the formats cannot drift apart. Keys are the
source ids. Imports pandas only (and the standard library).
"""
from __future__ import annotations

import json
import re
from datetime import date
from urllib.parse import quote

import pandas as pd

MONITOR = "China–Central Asia Monitor"
MONITOR_TITLE = ("China–Central Asia Monitor: curated record of China's relations with Kazakhstan, "
                 "Kyrgyzstan, Tajikistan, Turkmenistan and Uzbekistan")
DATA_LICENCE = "CC BY 4.0"
CODE_LICENCE = "MIT"
MONITOR_KEY = "china-central-asia-monitor"

# BibTeX entry type and CSL type by sources.kind.
BIBTEX_TYPES = {"news": "article"}
CSL_TYPES = {"news": "article-newspaper", "official": "webpage", "analysis": "report",
             "statistics": "dataset", "dataset": "dataset", "reference": "entry-encyclopedia"}
MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
KEY_RE = re.compile(r"[^A-Za-z0-9_.:-]")
# LaTeX's special characters in text, each as LaTeX writes it literally. Braces become commands, not
# \{ \}: BibTeX and biber count every brace, escaped or not, so a title's lone "}" would end the field.
LATEX = {"\\": r"\textbackslash{}", "{": r"\textbraceleft{}", "}": r"\textbraceright{}", "%": r"\%", "&": r"\&", "$": r"\$",
         "#": r"\#", "_": r"\_", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}"}
LATEX_RE = re.compile("|".join(re.escape(c) for c in LATEX))


def build_id(input_sha256: str | None) -> str | None:
    """The short id of a data build: the first 12 hex digits of build_info.input_sha256."""
    return input_sha256[:12] if isinstance(input_sha256, str) and input_sha256 else None


def _text(value) -> str | None:
    """A cell as text, or None when it is NULL or blank."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    text = " ".join(str(value).split())       # no line breaks or tabs inside a field
    return text or None


def _date(row) -> tuple[int, ...] | None:
    """The publication date's parts as precise as the source gives it: (y,), (y, m) or (y, m, d)."""
    value = row.get("published_date")
    if value is None or pd.isna(value):
        return None
    d = pd.Timestamp(value).date()
    precision = row.get("date_precision")
    if precision == "year":
        return (d.year,)
    if precision == "month":
        return (d.year, d.month)
    return (d.year, d.month, d.day)


def _records(sources: pd.DataFrame) -> list[dict]:
    """Rows as dicts, one per source id, sorted by id (the order of every output)."""
    if sources.empty:
        return []
    rows = sources.drop_duplicates("source_id").sort_values("source_id", kind="stable")
    return rows.to_dict("records")


# ---------------------------------------------------------------- BibTeX

def latex_escape(text: str) -> str:
    """Text for a BibTeX field: LaTeX's special characters written literally (the field's braces stay
    balanced whatever the text holds).
    Quotes need nothing inside a braced field; other characters, Cyrillic and Chinese, stay UTF-8."""
    return LATEX_RE.sub(lambda m: LATEX[m.group(0)], text)


def url_field(url: str) -> str:
    """A URL for BibTeX's (verbatim) url field: as written, except that characters which would end or
    unbalance the field (braces, backslash, spaces) are percent-encoded."""
    return quote(url, safe="".join(chr(c) for c in range(33, 127) if chr(c) not in "{}\\"))


def bibtex_key(source_id: str) -> str:
    """The entry key: the source id (ids are slugs; anything else a key cannot hold becomes '-')."""
    return KEY_RE.sub("-", source_id)


def bibtex_entry(row: dict) -> str:
    kind = _text(row.get("kind")) or ""
    entry_type = BIBTEX_TYPES.get(kind, "misc")
    fields: list[tuple[str, str]] = [("title", "{" + latex_escape(_text(row.get("title")) or row["source_id"]) + "}")]
    publisher = _text(row.get("publisher"))
    if publisher:
        fields.append(("journal" if entry_type == "article" else "publisher", latex_escape(publisher)))
    parts = _date(row)
    if parts:
        fields.append(("year", str(parts[0])))
        if len(parts) > 1:
            fields.append(("month", MONTHS[parts[1] - 1]))
        fields.append(("date", "-".join(f"{p:02d}" if i else str(p) for i, p in enumerate(parts))))
    url = _text(row.get("url"))
    if url:
        fields.append(("url", url_field(url)))
    language = _text(row.get("language"))
    if language:
        fields.append(("language", latex_escape(language)))
    notes = []
    if not parts:
        notes.append("Undated")
    if not url:
        notes.append("No address recorded")
    reprinted = _text(row.get("reprinted_in"))
    if reprinted:
        notes.append(f"Read in {reprinted}")
    if notes:
        fields.append(("note", latex_escape("; ".join(notes))))
    if kind:
        fields.append(("keywords", latex_escape(kind)))
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
    return f"@{entry_type}{{{bibtex_key(row['source_id'])},\n{body}\n}}\n"


def to_bibtex(sources: pd.DataFrame) -> str:
    """A BibTeX file of the sources, one entry per source id (sorted), UTF-8."""
    return "\n".join(bibtex_entry(row) for row in _records(sources))


# ---------------------------------------------------------------- CSL-JSON

def csl_item(row: dict) -> dict:
    kind = _text(row.get("kind")) or ""
    item: dict = {"id": row["source_id"], "type": CSL_TYPES.get(kind, "document"),
                  "title": _text(row.get("title")) or row["source_id"]}
    publisher = _text(row.get("publisher"))
    if publisher:
        item["publisher"] = publisher
        if kind == "news":
            item["container-title"] = publisher
    parts = _date(row)
    if parts:
        item["issued"] = {"date-parts": [list(parts)]}
    url = _text(row.get("url"))
    if url:
        item["URL"] = url
    language = _text(row.get("language"))
    if language:
        item["language"] = language
    reprinted = _text(row.get("reprinted_in"))
    if reprinted:
        item["note"] = f"Read in {reprinted}"
    return item


def to_csl_json(sources: pd.DataFrame) -> str:
    """CSL-JSON (a list of items, ids = source ids, sorted), as Zotero, Pandoc and citeproc read it."""
    return json.dumps([csl_item(row) for row in _records(sources)], ensure_ascii=False, indent=2) + "\n"


# ---------------------------------------------------------------- the monitor itself

def monitor_citation(input_sha256: str | None, accessed: date) -> str:
    """How to cite the monitor, with its data build when known (plain text)."""
    build = build_id(input_sha256)
    vintage = f", data build {build}" if build else ""
    return (f"{MONITOR} ({accessed.year}). {MONITOR_TITLE} [dataset and dashboard]{vintage}. "
            f"Curated data licensed under {DATA_LICENCE}; code under the {CODE_LICENCE} License. "
            f"Accessed {accessed.isoformat()}.")


def monitor_bibtex(input_sha256: str | None, accessed: date) -> str:
    build = build_id(input_sha256)
    note = f"Dataset and dashboard{', data build ' + build if build else ''}. Curated data under {DATA_LICENCE}"
    return (f"@misc{{{MONITOR_KEY},\n  title = {{{{{latex_escape(MONITOR_TITLE)}}}}},\n"
            f"  author = {{{{{latex_escape(MONITOR)}}}}},\n  year = {{{accessed.year}}},\n"
            f"  note = {{{latex_escape(note)}}},\n  urldate = {{{accessed.isoformat()}}}\n}}\n")
