"""Trade queries on a database with UN Comtrade product lines (the session's product_db: a small
`python -m etl synth` run plus the hand-written lines of tests/conftest.py PRODUCT_LINES).

The product view's two queries (the top HS chapters with their yearly values, the top HS6
products) are checked against values computed here, in pandas, from the trade table's raw rows, by the rule
of data/README.md: a series' year is its annual product lines, or the sum of its monthly ones when
it has no annual ones, never both; only 6-digit lines are added up. The hand-written years are
also checked against numbers worked out by hand.
"""
from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from dashboard import db, queries
from tests.queries.conftest import read_only
from dashboard.filters import Filters

FLIP = {"export": "import", "import": "export"}
KAZ_2007_2009 = Filters(("KAZ",), date(2007, 1, 1), date(2009, 12, 31))
CASES = [   # filters, flow (China's side), whose statistics
    (Filters(), "export", "china"),
    (Filters(), "total", "china"),
    (Filters(), "import", "partner"),
    (Filters(("KGZ",), date(2015, 3, 1), date(2020, 6, 30)), "export", "partner"),
    (Filters(("UZB", "TJK"), date(2012, 1, 1)), "total", "partner"),
    (Filters(("KAZ",)), "export", "china"),
    (KAZ_2007_2009, "export", "china"),
    (Filters(("CHN",), end=date(2011, 12, 31)), "import", "china"),   # China alone: every partner
    # A year counts when the dates touch it: the last day of 2008 and the first of 2009 take both
    # (2008's seven months and 2009's twelve), a day in mid-June 2009 takes 2009 alone.
    (Filters(("KAZ",), date(2008, 12, 31), date(2009, 1, 1)), "export", "china"),
    (Filters(("KAZ",), date(2009, 6, 15), date(2009, 6, 15)), "export", "china"),
]


@pytest.fixture(scope="module")
def pcon(product_db):
    with read_only(product_db) as connection:
        yield connection


@pytest.fixture(scope="module")
def raw(pcon) -> pd.DataFrame:
    return pcon.execute("select reporter_iso3, partner_iso3, flow, period_kind, period_start, commodity_code, "
                        "value_usd, confidence from trade").df()


def year_lines(raw: pd.DataFrame, f: Filters, flow: str, side: str, include_low: bool = False) -> pd.DataFrame:
    """HS6 lines that make up each series' year (columns: year, commodity_code, value_usd, months,
    period_kind), by the rule in the module docstring, computed without SQL."""
    partners = [c for c in f.countries if c != "CHN"]
    start, end = (f.start or date(1990, 1, 1)).year, (f.end or date(2035, 12, 31)).year
    china_flows = {"export", "import"} if flow == "total" else {flow}
    flows = china_flows if side == "china" else {FLIP[x] for x in china_flows}
    r = raw[raw["period_kind"].isin(["year", "month"]) & raw["flow"].isin(flows)
            & raw["period_start"].dt.year.between(start, end)
            & (include_low | (raw["confidence"] == "main"))]
    if side == "china":
        r = r[(r["reporter_iso3"] == "CHN") & (r["partner_iso3"].isin(partners) if partners else True)]
    else:
        r = r[(r["partner_iso3"] == "CHN") & (r["reporter_iso3"].isin(partners) if partners else True)]
    r = r[(r["commodity_code"] == "TOTAL") | (r["commodity_code"].str.len() == 6)]
    parts = []
    for _, g in r.groupby(["reporter_iso3", "partner_iso3", "flow", r["period_start"].dt.year]):
        annual = g[(g["period_kind"] == "year") & (g["commodity_code"] != "TOTAL")]
        if len(annual):
            use, months = annual, 12
        else:
            monthly = g[g["period_kind"] == "month"]
            use, months = monthly[monthly["commodity_code"] != "TOTAL"], monthly["period_start"].dt.month.nunique()
        parts.append(use.assign(year=use["period_start"].dt.year, months=months))
    if not parts:
        return pd.DataFrame(columns=["year", "commodity_code", "value_usd", "months", "period_kind"])
    return pd.concat(parts)[["year", "commodity_code", "value_usd", "months", "period_kind"]]


def ranked(lines: pd.DataFrame, key, limit: int) -> list[tuple[str, float]]:
    sums = lines.groupby(key)["value_usd"].sum()
    return sorted(sums.items(), key=lambda kv: (-kv[1], kv[0]))[:limit]


def approx_pairs(pairs):
    return [(k, pytest.approx(v, rel=1e-9)) for k, v in pairs]


def test_the_database_has_product_lines(pcon):
    assert db.query(pcon, queries.trade_has_products()).iloc[0, 0]


def totals(chapter_years: pd.DataFrame) -> list[tuple[str, float]]:
    """(chapter, total) in rank order, from trade_top_chapters' rows of chapter and year."""
    first = chapter_years.drop_duplicates("chapter").sort_values("rank")
    return list(zip(first["chapter"], first["chapter_value_usd"]))


@pytest.mark.parametrize("include_low", [False, True], ids=["main", "with-low"])
@pytest.mark.parametrize("f, flow, side", CASES)
def test_top_chapters(pcon, raw, f, flow, side, include_low):
    lines = year_lines(raw, f, flow, side, include_low)
    expected = ranked(lines, lines["commodity_code"].str[:2], 10)
    got = db.query(pcon, queries.trade_top_chapters(f, flow=flow, side=side, include_low=include_low, limit=10))
    assert totals(got) == approx_pairs(expected)
    assert list(got.drop_duplicates("chapter")["rank"]) == list(range(1, len(expected) + 1))
    # Each chapter's years add up to its total.
    assert [(c, pytest.approx(v, rel=1e-9)) for c, v in got.groupby("chapter", sort=False)["value_usd"].sum().items()] \
        == approx_pairs(expected)
    # No chapter description in these imports: the code stands in for it.
    assert list(got["description"]) == [f"HS chapter {c}" for c in got["chapter"]]


@pytest.mark.parametrize("include_low", [False, True], ids=["main", "with-low"])
@pytest.mark.parametrize("f, flow, side", CASES)
def test_top_products(pcon, raw, f, flow, side, include_low):
    lines = year_lines(raw, f, flow, side, include_low)
    expected = ranked(lines, "commodity_code", 15)
    got = db.query(pcon, queries.trade_top_products(f, flow=flow, side=side, include_low=include_low, limit=15))
    assert list(zip(got["commodity_code"], got["value_usd"])) == approx_pairs(expected)
    assert list(got["chapter"]) == [c[:2] for c in got["commodity_code"]]
    descriptions = dict(pcon.execute("select commodity_code, description from commodities").fetchall())
    assert list(got["description"]) == [descriptions[c] for c in got["commodity_code"]]


@pytest.mark.parametrize("include_low", [False, True], ids=["main", "with-low"])
@pytest.mark.parametrize("f, flow, side", CASES)
def test_top_chapters_year_by_year(pcon, raw, f, flow, side, include_low):
    got = db.query(pcon, queries.trade_top_chapters(f, flow=flow, side=side, include_low=include_low, limit=4))
    lines = year_lines(raw, f, flow, side, include_low)
    lines = lines[lines["commodity_code"].str[:2].isin(set(got["chapter"]))]
    expected = sorted(
        (chapter, int(year), pytest.approx(g["value_usd"].sum(), rel=1e-9), int(g["months"].min()))
        for (chapter, year), g in lines.groupby([lines["commodity_code"].str[:2], "year"]))
    assert sorted(zip(got["chapter"], got["year"], got["value_usd"], got["months"])) == expected
    assert list(got["rank"]) == sorted(got["rank"]) and got["chapter"].nunique() == min(4, len(totals(got)))


def test_hand_written_years_by_hand(pcon):
    """2007: the annual 30 m counts, not its monthly lines (010121 only has monthly ones); 2008: seven
    months of 2 m; 2009: twelve months of 1..12 m for cars (78 m) and of 0.5 m for 720839 (6 m)."""
    rows = db.query(pcon, queries.trade_top_chapters(KAZ_2007_2009, flow="export", side="china", include_low=False, limit=10))
    assert totals(rows) == [("87", 122e6), ("72", 6e6)]
    assert [tuple(r) for r in rows[["rank", "chapter", "year", "value_usd", "months", "basis"]].itertuples(index=False)] == [
        (1, "87", 2007, 30e6, 12, "annual figures"),
        (1, "87", 2008, 14e6, 7, "partial year: as few as 7 of 12 months reported"),
        (1, "87", 2009, 78e6, 12, "sums of 12 monthly figures"),
        (2, "72", 2009, 6e6, 12, "sums of 12 monthly figures"),
    ]
    products = db.query(pcon, queries.trade_top_products(KAZ_2007_2009, flow="export", side="china", include_low=False, limit=10))
    assert list(zip(products["commodity_code"], products["description"], products["value_usd"])) == [
        ("870321", "Hand-written 870321", 122e6), ("720839", "Hand-written 720839", 6e6)]
    # Kazakhstan's own statistics have no such lines; nor has China's import side.
    assert db.query(pcon, queries.trade_top_chapters(KAZ_2007_2009, flow="import", side="partner", include_low=False, limit=10)).empty
    assert db.query(pcon, queries.trade_top_chapters(KAZ_2007_2009, flow="import", side="china", include_low=False, limit=10)).empty


def test_product_rankings_are_bounded(pcon):
    assert db.query(pcon, queries.trade_top_chapters(Filters(), flow="total", side="china", include_low=False, limit=3))["chapter"].nunique() == 3
    assert len(db.query(pcon, queries.trade_top_products(Filters(), flow="total", side="china", include_low=False, limit=2))) == 2


# ---------------------------------------------------------------- all-goods series with imported data

@pytest.mark.parametrize("flow, side, reporter_flow", [
    ("export", "china", "export"), ("import", "china", "import"),
    ("export", "partner", "import"),   # China's exports to X are X's imports from China
    ("import", "partner", "export"),
])
@pytest.mark.parametrize("period_kind", ["year", "month"])
def test_trade_series_reads_each_side_in_its_own_flow(pcon, flow, side, reporter_flow, period_kind):
    f = Filters(("KGZ",))
    got = db.query(pcon, queries.trade_series(f, flow=flow, period=period_kind, side=side, include_low=False))
    reporter = "CHN" if side == "china" else "KGZ"
    expected = pcon.execute(
        "select trade_id from trade where commodity_code = 'TOTAL' and confidence = 'main' and period_kind = ? "
        "and reporter_iso3 = ? and partner_iso3 = ? and flow = ? order by period_start, period_end, trade_id",
        [period_kind, reporter, "KGZ" if side == "china" else "CHN", reporter_flow]).fetchall()
    assert list(got["trade_id"]) == [t for (t,) in expected]
    assert len(got) > 0 and set(got["flow"]) == {reporter_flow} and set(got["reporter_iso3"]) == {reporter}
    assert set(got["period_kind"]) == {period_kind} and set(got["partner_iso3"]) == {"KGZ"}


@pytest.mark.parametrize("period_kind", ["year", "month"])
def test_trade_mirror_pairs_like_with_like(pcon, period_kind):
    got = db.query(pcon, queries.trade_mirror(Filters(("KAZ",)), include_low=False, period=period_kind))
    expected = pcon.execute(
        "select c.trade_id, p.trade_id from trade c join trade p on p.reporter_iso3 = c.partner_iso3 "
        "and p.partner_iso3 = 'CHN' and p.period_start = c.period_start and p.period_end = c.period_end "
        "and p.commodity_code = 'TOTAL' and p.confidence = 'main' "
        "and p.flow = case c.flow when 'export' then 'import' when 'import' then 'export' else 'total' end "
        "where c.reporter_iso3 = 'CHN' and c.partner_iso3 = 'KAZ' and c.commodity_code = 'TOTAL' "
        "and c.confidence = 'main' and c.period_kind = ?", [period_kind]).fetchall()
    values = dict(pcon.execute("select trade_id, value_usd from trade").fetchall())
    assert sorted(zip(got["china_reported_usd"], got["partner_reported_usd"])) == sorted(
        (values[c], values[p]) for c, p in expected)
    assert len(got) > 0 and set(got["period_kind"]) == {period_kind}
