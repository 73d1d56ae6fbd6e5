"""The dashboard's queries read the ETL's derived tables (etl/sql/derived: event_rows, trade_totals,
trade_source_periods, ...; and trade's stored order, seq) instead of joining and aggregating the
loaded tables on every view. Each such query must give exactly what it gave before, computed the
plain way from the loaded tables: tests/queries/reference/<name>.sql holds that plain version (the
query as it was before the derived tables existed; its event filter is reference/parts/, the plain
semi-join on event_countries). Three trade queries are their own plain version once they read trade
for trade_totals. Both versions run with the same Query's parameters, on the
fixture database and on the product database (300 synthetic events, 20,000 Comtrade lines and
hand-written ones), over many filters, and must return the same frame (values, order, column
types). The product view's two queries have their own oracle, in pandas: test_products.py.
"""
from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from dashboard import db, queries
from tests.queries.conftest import read_only
from dashboard.filters import Filters
from dashboard.queries import Query
from dashboard.queries.query import PART_RE, PARTS_DIR

REFERENCE = Path(__file__).resolve().parent / "reference"
# Queries that differ from their plain version only in the table they read: trade_totals holds the
# rows of trade with commodity TOTAL, and these queries read no other rows.
SAME_ON_TRADE = ("trade_series", "trade_mirror", "latest_trade")
NAMES = sorted([p.stem for p in REFERENCE.glob("*.sql")] + list(SAME_ON_TRADE))

FILTERS = [
    Filters(),
    Filters(("CHN",)),
    Filters(("KGZ",)),
    Filters(("KAZ", "UZB")),
    Filters(("TJK", "TKM")),
    Filters(("BRA",)),
    Filters(start=date(2025, 1, 1), end=date(2025, 12, 31)),
    Filters(("KGZ",), date(2015, 3, 17), date(2020, 6, 4)),        # dates cutting through months
    Filters(start=date(2025, 4, 30), end=date(2025, 4, 30)),       # one day
    Filters(event_types=("strategic_dialogue", "summit")),
    Filters(("UZB",), event_types=("visit", "infrastructure")),
    Filters(start=date(2030, 1, 1)),                               # nothing
    Filters(bilateral=True),
    Filters(("KGZ",), bilateral=True),
    Filters(person="wang_yi"),
    Filters(place="bishkek"),
    Filters(bilateral=True, person="wang_yi", start=date(2025, 1, 1)),
    Filters(("KGZ'; drop table events;--",)),                      # never passed parsing: matches nothing
]
TRADE_CHOICES = [("export", "china", False), ("total", "china", True), ("import", "partner", False),
                 ("total", "partner", True)]


def calls(name: str, f: Filters) -> list[Query]:
    """The queries a page asks of queries.<name> for filter `f`."""
    if name == "events":
        return [queries.events(f), queries.events(f, limit=500), queries.events(f, limit=7, offset=3),
                queries.events(f, limit=5, offset=10_000)]
    if name == "trade_rows":
        return [queries.trade_rows(f), queries.trade_rows(f, limit=500), queries.trade_rows(f, limit=7, offset=3),
                queries.trade_rows(f, limit=5, offset=10_000)]
    if name in ("events_summary", "trade_rows_count", "latest_trade", "map_places"):
        return [{"events_summary": queries.events_summary, "trade_rows_count": queries.trade_rows_count,
                 "latest_trade": queries.latest_trade, "map_places": queries.map_places}[name](f)]
    if name == "events_by_period":
        return [queries.events_by_period(f, bucket=b) for b in queries.BUCKETS]
    if name == "event_choices":
        return [queries.event_choices(f, search=s, limit=n) for s, n in (("", 50), ("dialogue", 10), ("100%_", 10))]
    if name == "place_events":
        return [queries.place_events(f, place_id=p, limit=20) for p in ("bishkek", "almaty", "no-such-place")]
    if name == "sources_for_events":
        return [queries.sources_for_events(f), queries.sources_for_events(f, limit=3)]
    if name == "sources_for_trade":
        return [queries.sources_for_trade(f), queries.sources_for_trade(f, limit=3)]
    if name == "trade_series":
        return [queries.trade_series(f, flow=flow, period=kind, side=side, include_low=low)
                for flow, side, low in TRADE_CHOICES for kind in ("year", "month")]
    if name == "trade_mirror":
        return [queries.trade_mirror(f, include_low=low, period=kind)
                for low in (False, True) for kind in (None, "year", "month")]
    if name == "date_extent":
        return [queries.date_extent()] if f == Filters() else []
    if name == "sources_overview":
        return [queries.sources_overview()] if f == Filters() else []
    raise AssertionError(f"no calls written for {name}")


def reference_text(name: str) -> str:
    """The plain version of queries/<name>.sql; its /*@part*/ is reference/parts/<part>.sql (the
    plain event filter) or else the app's own part (rules the derived tables do not touch)."""
    if name in SAME_ON_TRADE:
        text = queries.sql_text(name)
        assert "from trade_totals as t" in text or "from trade_totals\n" in text, name
        return text.replace("trade_totals", "trade")

    def part(match) -> str:
        plain = REFERENCE / "parts" / f"{match.group(1)}.sql"
        return queries.expand(match.group(0), plain.parent if plain.exists() else PARTS_DIR)
    return PART_RE.sub(part, (REFERENCE / f"{name}.sql").read_text())


def plain(con, q: Query, text: str | None = None) -> pd.DataFrame:
    """`q` run with the reference SQL text (or `text`) in place of queries/<name>.sql, with the
    parameters that text names (the reference event picker matches titles only: no $norm_pattern)."""
    text = reference_text(q.name) if text is None else text
    named = set(re.findall(r"\$(\w+)", text))
    return db.run(con, text, {k: v for k, v in q.parameters.items() if k in named}, name=q.name)


@pytest.fixture(scope="module", params=["fixture", "products"])
def dbcon(request, fixture_db, product_db):
    with read_only(fixture_db if request.param == "fixture" else product_db) as connection:
        yield connection


def test_every_reference_names_a_query():
    assert len(NAMES) >= 15
    assert all(callable(getattr(queries, n, None)) for n in NAMES)


@pytest.mark.parametrize("f", FILTERS, ids=lambda f: f.slug() + ("-" + "-".join(f.event_types) if f.event_types else ""))
@pytest.mark.parametrize("name", NAMES)
def test_query_on_derived_tables_equals_the_plain_query(dbcon, name, f):
    for q in calls(name, f):
        got = db.query(dbcon, q)
        want = plain(dbcon, q)
        pd.testing.assert_frame_equal(got, want, check_exact=False, rtol=1e-12, obj=f"{name}{q.params}")


def test_the_comparison_sees_a_difference(dbcon):
    """The check above can fail: one event fewer in the plain query is caught."""
    f = Filters()
    got = db.query(dbcon, queries.events(f))
    text = reference_text("events").replace("and e.start_date <= $end", "and e.start_date < $end")
    assert text != reference_text("events")
    want = plain(dbcon, queries.events(Filters(end=got["start_date"].max())), text)
    with pytest.raises(AssertionError):
        pd.testing.assert_frame_equal(got, want)


def test_the_filters_find_something(dbcon):
    """The comparisons are not all of empty frames: most filters match events and trade."""
    matched = [len(db.query(dbcon, queries.events(f))) > 0 for f in FILTERS]
    assert sum(matched) >= 8
