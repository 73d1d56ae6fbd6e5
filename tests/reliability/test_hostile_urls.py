"""Hostile URLs: whatever a link carries, every page runs without exception or SQL error, drops what
it cannot use with a visible note, keeps the rest of the filter, and changes nothing in the database.

Each case is a query string (as the server parses it: urllib's parse_qs, which is what Streamlit
uses) opened under AppTest on the fixture database. What a page draws for a hostile link must be
exactly what it draws for the clean link of the filter that survived, plus the notes in the
sidebar. Every case runs on the overview; every page runs the combined cases.
"""
from __future__ import annotations

import re
from datetime import date
from urllib.parse import parse_qs

import pytest

from dashboard.filters import Filters, from_query
from dashboard.settings import EVENT_TYPE_LABELS, FILTER_COUNTRIES
from tests.app.apptools import PAGES, open_page, problems
from tests.reliability.reltools import cell, doc_section, sha256

D = date.fromisoformat
LONG = 10_000


def q(raw: str) -> dict[str, list[str]]:
    """A raw query string as Streamlit's server parses it (repeated keys give lists)."""
    return parse_qs(raw, keep_blank_values=True)


# (id, query parameters, filter that survives, number of notes shown). Values are what the app
# receives after percent-decoding; `q(...)` gives a raw query string's values.
CASES = [
    # SQL injection, in every parameter
    ("sql-injection-in-countries", {"countries": "KGZ' OR '1'='1"}, Filters(), 1),
    ("sql-injection-after-a-valid-country", {"countries": "KAZ,KGZ'); drop table events;--"}, Filters(("KAZ",)), 1),
    ("sql-injection-in-start", {"start": "2025-01-01'; drop table events;--"}, Filters(), 1),
    ("sql-injection-in-end", {"end": "2025-12-31 or 1=1"}, Filters(), 1),
    ("sql-injection-in-types", {"types": "summit' union select * from sources--"}, Filters(), 1),
    ("duckdb-parameter-name-as-value", {"countries": "$countries", "types": "$event_types"}, Filters(), 2),
    ("copy-to-file-in-a-value", {"countries": "KGZ'); copy events to '/tmp/x.csv"}, Filters(), 1),
    ("sql-injection-in-an-unknown-key", {"q": "'; drop table events;--"}, Filters(), 0),
    # unknown codes
    ("unknown-country", {"countries": "RUS"}, Filters(), 1),
    ("country-group-not-a-choice", {"countries": "CA5,KGZ"}, Filters(("KGZ",)), 1),
    ("unknown-event-type", {"types": "party,summit"}, Filters(event_types=("summit",)), 1),
    ("codes-in-any-case-and-spacing", {"countries": " kgz , Kaz ,"}, Filters(("KAZ", "KGZ")), 0),
    # dates
    ("reversed-dates", {"start": "2025-12-31", "end": "2025-01-01"}, Filters(), 1),
    ("reversed-dates-keep-the-country", {"countries": "KGZ", "start": "2025-12-31", "end": "2025-01-01"},
     Filters(("KGZ",)), 1),
    ("impossible-date-2025-02-30", {"start": "2025-02-30", "end": "2025-12-31"}, Filters(end=D("2025-12-31")), 1),
    ("year-zero-0000-01-01", {"start": "0000-01-01"}, Filters(), 1),
    ("five-digit-year-99999-01-01", {"end": "99999-01-01", "start": "2025-01-01"}, Filters(start=D("2025-01-01")), 1),
    ("negative-year", {"start": "-2025-01-01"}, Filters(), 1),
    ("date-out-of-range-1900", {"start": "1900-01-01"}, Filters(), 1),
    ("spaces-for-a-date", {"start": "   "}, Filters(), 1),
    # 10,000-character parameters
    ("10k-countries", {"countries": "K" * LONG}, Filters(), 1),
    ("10k-start", {"start": "2" * LONG}, Filters(), 1),
    ("10k-types-keep-the-country", {"types": "x" * LONG, "countries": "KAZ"}, Filters(("KAZ",)), 1),
    ("10k-valid-codes-repeated", {"countries": "KGZ," * (LONG // 4)}, Filters(), 1),
    ("10k-unknown-key", {"x" * LONG: "y" * LONG}, Filters(), 0),
    # non-ASCII
    ("cyrillic", {"countries": "Кыргызстан"}, Filters(), 1),
    ("chinese-beside-a-valid-code", {"countries": "吉尔吉斯斯坦,KGZ"}, Filters(("KGZ",)), 1),
    ("emoji", {"countries": "🇰🇬,KAZ", "types": "🎉"}, Filters(("KAZ",)), 2),
    ("right-to-left-script", {"countries": "قيرغيزستان"}, Filters(), 1),
    ("right-to-left-override", {"countries": "\u202eZGK"}, Filters(), 1),
    ("nul-escaped-as-%00", q("countries=KGZ%00&start=2025-01-01%00"), Filters(), 2),
    ("percent-encoding-garbage", q("countries=%E0%A4%A&start=%ZZ&types=%"), Filters(), 3),
    ("double-encoded-comma", q("countries=KGZ%252CKAZ"), Filters(), 1),
    ("plus-as-a-space", q("countries=KGZ+KAZ"), Filters(), 1),
    ("full-width-digits-in-a-date", {"start": "２０２５-01-01"}, Filters(), 1),
    # repeated keys: the last value counts
    ("repeated-key", q("countries=KAZ&countries=KGZ"), Filters(("KGZ",)), 0),
    ("repeated-key-bad-last", q("start=2025-01-01&start=soon"), Filters(), 1),
    ("repeated-key-empty-last", q("countries=KGZ&countries="), Filters(), 0),
    # empty values and unknown extra parameters
    ("empty-values", {"countries": "", "start": "", "end": "", "types": ""}, Filters(), 0),
    ("commas-only", {"countries": ",,,", "types": ","}, Filters(), 0),
    ("keys-without-values", q("countries&start&types"), Filters(), 0),
    ("unknown-extra-parameters", {"page": "2", "sort": "desc", "__proto__": "x", "countries": "KGZ"},
     Filters(("KGZ",)), 0),
    # text that a note quotes must stay text (the notes are Markdown)
    ("markdown-link", {"countries": "[Sign in](https://evil.example/x)"}, Filters(), 1),
    ("markdown-colour-and-maths", {"types": ":red[**URGENT**] $x^2$"}, Filters(), 1),
    ("bare-web-address", {"start": "https://evil.example/login", "end": "www.evil.example"}, Filters(), 2),
    ("html", {"countries": "<img src=x onerror=alert(1)>"}, Filters(), 1),
    ("backticks-in-a-value", {"countries": "`x`` y"}, Filters(), 1),
]

# The exact note for the cases whose value tries to be more than text: quoted as inline code, it
# shows exactly as typed (control and invisible characters spelled out).
EXACT_NOTES = {
    "markdown-link": ["Ignored unknown country `[Sign in](https://evil.example/x)` in the link."],
    "markdown-colour-and-maths": ["Ignored unknown event type `:red[**URGENT**] $x^2$` in the link."],
    "bare-web-address": [
        "Ignored start date `https://evil.example/login`: use a real date as YYYY-MM-DD between "
        "1990-01-01 and 2035-12-31.",
        "Ignored end date `www.evil.example`: use a real date as YYYY-MM-DD between 1990-01-01 and "
        "2035-12-31."],
    "backticks-in-a-value": ["Ignored unknown country ``` `x`` y ``` in the link."],
    "nul-escaped-as-%00": [
        "Ignored unknown country `KGZ\\x00` in the link.",
        "Ignored start date `2025-01-01\\x00`: use a real date as YYYY-MM-DD between 1990-01-01 and "
        "2035-12-31."],
    "right-to-left-override": ["Ignored unknown country `\\u202eZGK` in the link."],
}

# Every page, with links that carry many hostile values at once.
COMBINED = {
    "everything-at-once": ({
        "countries": ["RUS", "KGZ,Кыргызстан,' or 1=1--,🇰🇬,[x](https://evil.example)"],
        "start": "2025-02-30", "end": "2025-12-31", "types": "visit,summit'--,\u202e",
        "utm_source": "x" * LONG, "": "empty key"}, Filters(("KGZ",), end=D("2025-12-31"), event_types=("visit",)), 7),
    "nothing-usable": (q("countries=%00%00&start=99999-01-01&end=0000-01-01&types=" + "%" * 50),
                       Filters(), 4),
}


def sidebar(at) -> Filters:
    """The filter the sidebar widgets hold, in the app's order of choices (as ui.sidebar_filters)."""
    chosen = at.multiselect(key="flt_countries").value
    countries = tuple(c for c in FILTER_COUNTRIES if c in chosen)
    types = tuple(t for t in EVENT_TYPE_LABELS if t in at.multiselect(key="flt_types").value)
    return Filters(countries, at.date_input(key="flt_start").value, at.date_input(key="flt_end").value, types)


def drawn(at) -> list:
    """What the page drew outside the sidebar: titles, headings, text, captions, metrics, tables.

    (The sidebar holds the notes, which differ by design; charts are compared through the captions
    and tables that describe them.)"""
    out = []
    for kind in ("title", "header", "subheader", "markdown", "caption", "info", "metric"):
        out += [(kind, e.label if kind == "metric" else None, e.value) for e in getattr(at.main, kind)]
    out += [("dataframe", None, e.value.to_csv(index=False)) for e in at.main.dataframe]
    return out


def notes(at) -> list[str]:
    return [w.value for w in at.sidebar.warning]


CODE_SPAN = re.compile(r"(`+)(?!`)(.+?)(?<!`)\1(?!`)")
# Every note the app may show, with the value it quotes (as inline code) left out: only these fixed
# sentences may remain, so nothing from the link is ever rendered as Markdown.
NOTE_SENTENCES = re.compile("|".join([
    r"Ignored unknown (country|event type) CODE in the link\.",
    r"Ignored (start|end) date CODE: use a real date as YYYY-MM-DD between 1990-01-01 and 2035-12-31\.",
    r"Ignored the '(countries|start|end|types)' parameter: it is [0-9,]+ characters long\.",
    r"Ignored the dates: the end \([0-9-]{10}\) is before the start \([0-9-]{10}\)\.",
]))


def inert(note: str) -> bool:
    """True when the note is one of the app's sentences with any value in a single code span."""
    return bool(NOTE_SENTENCES.fullmatch(CODE_SPAN.sub("CODE", note, count=1)))


@pytest.fixture(scope="module")
def fixture_db_checked(fixture_db):
    """The fixture database; after the module, asserted byte-identical to before it."""
    before = sha256(fixture_db)
    yield fixture_db
    assert sha256(fixture_db) == before, "a hostile URL changed the database"


@pytest.fixture(scope="module")
def app(app_on, fixture_db_checked):
    app_on(fixture_db_checked)


_clean: dict[tuple, list] = {}


def drawn_for_clean_link(page: str, f: Filters) -> list:
    """What `page` draws for the plain link of `f` (run once per page and filter)."""
    key = (page, f)
    if key not in _clean:
        at = open_page(page, f.to_query())
        assert problems(at) == [] and notes(at) == [], (problems(at), notes(at))
        _clean[key] = drawn(at)
    return _clean[key]


def check(page: str, query: dict, survives: Filters, note_count: int):
    at = open_page(page, query)
    assert problems(at) == [], problems(at)
    assert sidebar(at) == survives
    shown = notes(at)
    assert len(shown) == note_count, shown
    assert [n for n in shown if not inert(n)] == [], "a note quotes a value as live Markdown"
    relinked = from_query(at.query_params)     # the link as the app rewrote it, read back
    assert (relinked.filters, relinked.notes) == (survives, []), "the rewritten link is not clean"
    assert drawn(at) == drawn_for_clean_link(page, survives), "the page differs from the clean link's"
    return shown


@pytest.mark.parametrize("query, survives, note_count", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_hostile_link_on_the_overview(app, request, query, survives, note_count):
    shown = check("overview", query, survives, note_count)
    case_id = request.node.callspec.id
    if case_id in EXACT_NOTES:
        assert shown == EXACT_NOTES[case_id]


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("case", list(COMBINED))
def test_hostile_link_on_every_page(app, page, case):
    query, survives, note_count = COMBINED[case]
    check(page, query, survives, note_count)


def test_more_than_1000_parameters_are_dropped_by_streamlit_before_the_app(app):
    """Streamlit ignores a query string of more than 1,000 fields (or 512 Ki characters) as a whole,
    before the app sees it: the page shows everything, and no note (the app never saw the values)."""
    at = open_page("overview", {"countries": ["KGZ"] * 1001})
    assert problems(at) == []
    assert sidebar(at) == Filters() and notes(at) == []
    assert drawn(at) == drawn_for_clean_link("overview", Filters())


# ---------------------------------------------------------------- the table in docs/reliability.md

HERE = "tests/reliability/test_hostile_urls.py"


def shown(text: str, limit: int = 28) -> str:
    text = "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)
    return text if len(text) <= limit else text[:limit] + "…"


def link_text(query: dict) -> str:
    pairs = [(k, v) for k, vs in query.items() for v in (vs if isinstance(vs, list) else [vs])]
    text = "&".join(f"{shown(k, 12)}={shown(v)}" for k, v in pairs[:4])
    return text + (f" (+{len(pairs) - 4} more)" if len(pairs) > 4 else "")


def outcome(survives: Filters, note_count: int) -> str:
    notes_text = {0: "no note"}.get(note_count, f"{note_count} note{'s' if note_count > 1 else ''}")
    return f"{notes_text}; filter: {survives.describe()}"


def render_table() -> str:
    rows = ["| case | the link carries (decoded, abridged) | what the user sees: notes in the sidebar, the "
            "filter applied (the page equals the clean link's) | test |", "|---|---|---|---|"]
    for case_id, query, survives, note_count in CASES:
        rows.append(f"| {case_id} | {cell(link_text(query))} | {outcome(survives, note_count)} | "
                    f"{cell(f'{HERE}::test_hostile_link_on_the_overview[{case_id}]')} |")
    for case_id, (query, survives, note_count) in COMBINED.items():
        rows.append(f"| {case_id} (every page) | {cell(link_text(query))} | {outcome(survives, note_count)} | "
                    f"{cell(f'{HERE}::test_hostile_link_on_every_page[{case_id}-*]')} |")
    rows.append(f"| more-than-1000-parameters | {cell('countries=KGZ (x1001)')} | no note; filter: All countries "
                f"· all dates (Streamlit drops the whole query string before the app sees it) | "
                f"{cell(f'{HERE}::test_more_than_1000_parameters_are_dropped_by_streamlit_before_the_app')} |")
    return "\n".join(rows)


def test_docs_list_every_hostile_link():
    assert doc_section("hostile-urls") == render_table(), (
        "docs/reliability.md's hostile URL table is out of date; rewrite it with "
        "`.venv/bin/python -m tests.reliability.docgen`")
