"""Citations: BibTeX parses with pybtex, CSL-JSON with json; keys are the source ids; hostile text
comes back exactly; a source with no URL or date still cites cleanly."""
from __future__ import annotations

import json
import re
from datetime import date

import pandas as pd
import pytest
from pybtex.database import parse_string

from dashboard import cite

HOSTILE = 'Say "no" {to} 100% & $5 #1 a_b ~ ^ back\\slash } { Кыргызстан 王毅'
COLUMNS = ["source_id", "publisher", "title", "published_date", "date_precision", "url", "language",
           "kind", "reprinted_in", "notes"]


def sources(*rows) -> pd.DataFrame:
    return pd.DataFrame([dict(zip(COLUMNS, r)) for r in rows], columns=COLUMNS)


ROWS = sources(
    ("gt-20251120", "Global Times & Co {x}", HOSTILE, pd.Timestamp("2025-11-20"), "day",
     "https://example.org/a?b=1&c=%20{z}", "en", "news", None, None),
    ("kabar-202412", "Кабар", "Начато строительство", pd.Timestamp("2024-12-01"), "month", None, "ru", "news",
     None, None),
    ("nodate.x_1", None, "没有日期", None, None, None, "zh", "official", "gt-20251120", "no copy"),
)


def unlatex(text: str) -> str:
    """The inverse of cite.latex_escape (the tests' own reading of LaTeX's escapes)."""
    inverse = {v: k for k, v in cite.LATEX.items()}
    return re.sub("|".join(re.escape(v) for v in sorted(inverse, key=len, reverse=True)),
                  lambda m: inverse[m.group(0)], text)


def braces_balance(text: str) -> bool:
    """BibTeX counts every brace, escaped or not."""
    depth = 0
    for c in text:
        depth += {"{": 1, "}": -1}.get(c, 0)
        if depth < 0:
            return False
    return depth == 0


def test_bibtex_parses_with_the_source_ids_as_keys():
    text = cite.to_bibtex(ROWS)
    db = parse_string(text, "bibtex")
    assert list(db.entries) == ["gt-20251120", "kabar-202412", "nodate.x_1"]
    assert braces_balance(text)


def test_bibtex_gives_back_hostile_titles_exactly():
    entries = parse_string(cite.to_bibtex(ROWS), "bibtex").entries
    title = entries["gt-20251120"].fields["title"]
    assert title.startswith("{") and title.endswith("}")      # case kept as published
    assert unlatex(title[1:-1]) == HOSTILE
    assert unlatex(entries["gt-20251120"].fields["journal"]) == "Global Times & Co {x}"
    assert entries["kabar-202412"].fields["title"] == "{Начато строительство}"
    assert entries["gt-20251120"].fields["url"] == "https://example.org/a?b=1&c=%20%7Bz%7D"


def test_bibtex_dates_follow_their_precision():
    entries = parse_string(cite.to_bibtex(ROWS), "bibtex").entries
    assert (entries["gt-20251120"].fields["year"], entries["gt-20251120"].fields["month"],
            entries["gt-20251120"].fields["date"]) == ("2025", "nov", "2025-11-20")
    assert entries["kabar-202412"].fields["date"] == "2024-12"


def test_a_source_without_url_or_date_cites_cleanly():
    entry = parse_string(cite.to_bibtex(ROWS), "bibtex").entries["nodate.x_1"]
    assert "url" not in entry.fields and "year" not in entry.fields
    assert entry.fields["note"] == "Undated; No address recorded; Read in gt-20251120"
    item = json.loads(cite.to_csl_json(ROWS))[2]
    assert item == {"id": "nodate.x_1", "type": "webpage", "title": "没有日期", "language": "zh",
                    "note": "Read in gt-20251120"}


def test_csl_json_holds_the_text_as_it_is():
    items = json.loads(cite.to_csl_json(ROWS))
    assert [i["id"] for i in items] == ["gt-20251120", "kabar-202412", "nodate.x_1"]
    assert items[0] == {"id": "gt-20251120", "type": "article-newspaper", "title": HOSTILE,
                        "publisher": "Global Times & Co {x}", "container-title": "Global Times & Co {x}",
                        "issued": {"date-parts": [[2025, 11, 20]]}, "URL": "https://example.org/a?b=1&c=%20{z}",
                        "language": "en"}
    assert items[1]["issued"] == {"date-parts": [[2024, 12]]}


def test_no_sources_give_empty_files():
    assert cite.to_bibtex(sources()) == ""
    assert json.loads(cite.to_csl_json(sources())) == []


@pytest.mark.parametrize("sha, build", [("2d9a35dc5d107b0a50fb3a264ff1", "2d9a35dc5d10"), (None, None)])
def test_the_monitor_cites_its_build(sha, build):
    text = cite.monitor_citation(sha, date(2026, 11, 27))
    assert text.startswith("China–Central Asia Monitor (2026).") and text.endswith("Accessed 2026-11-27.")
    assert ("data build 2d9a35dc5d10" in text) == bool(build)
    entry = parse_string(cite.monitor_bibtex(sha, date(2026, 11, 27)), "bibtex").entries[cite.MONITOR_KEY]
    assert ("2d9a35dc5d10" in entry.fields["note"]) == bool(build)
