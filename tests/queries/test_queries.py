"""Query layer on the fixture database: tables of Filters -> the exact ids each query returns, in
order (datasette's test_filters style). Expected values are read off tests/fixtures/curated/*.csv.
"""
from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from dashboard import db, queries
from dashboard.filters import Filters

# events.csv, newest first (the query's order)
CN_KG = "2025-11-19-cn-kg-fm-strategic-dialogue"        # CHN KGZ, Bishkek, 2025-11-19..20
CN_KZ = "2025-04-25-cn-kz-strategic-dialogue"           # CHN KAZ, Almaty
TOUR = "2025-04-wang-yi-central-asia-visits"            # CHN KAZ KGZ UZB, no place, 2025-04-01..30
LAUNCH = "2024-12-27-cku-construction-launch"           # CHN KGZ UZB, Jalal-Abad
AGREEMENT = "2024-06-06-cku-railway-agreement"          # CHN KGZ UZB, Beijing
ALL_EVENTS = [CN_KG, CN_KZ, TOUR, LAUNCH, AGREEMENT]

Y2024 = dict(start=date(2024, 1, 1), end=date(2024, 12, 31))
Y2025 = dict(start=date(2025, 1, 1), end=date(2025, 12, 31))
NOTHING = Filters(start=date(1990, 1, 1), end=date(1990, 12, 31))


def day(text: str) -> dict:
    d = date.fromisoformat(text)
    return dict(start=d, end=d)


@pytest.mark.parametrize("f, expected", [
    (Filters(), ALL_EVENTS),
    (Filters(("CHN",)), ALL_EVENTS),
    (Filters(("KGZ",)), [CN_KG, TOUR, LAUNCH, AGREEMENT]),
    (Filters(("KAZ",)), [CN_KZ, TOUR]),
    (Filters(("KAZ", "UZB")), [CN_KZ, TOUR, LAUNCH, AGREEMENT]),
    (Filters(("TJK",)), []),
    (Filters(("TJK", "TKM")), []),
    (Filters(**Y2025), [CN_KG, CN_KZ, TOUR]),
    (Filters(("KGZ",), **Y2025), [CN_KG, TOUR]),
    (Filters(**Y2024), [LAUNCH, AGREEMENT]),
    # An event matches when its dates overlap the range, ends included.
    (Filters(**day("2025-04-30")), [TOUR]),
    (Filters(**day("2025-11-20")), [CN_KG]),
    (Filters(**day("2024-06-06")), [AGREEMENT]),
    (Filters(start=date(2025, 11, 21)), []),
    (Filters(end=date(2024, 6, 5)), []),
    (Filters(start=date(2025, 4, 26)), [CN_KG, TOUR]),
    (Filters(event_types=("strategic_dialogue",)), [CN_KG, CN_KZ]),
    (Filters(event_types=("summit",)), []),
    (Filters(("KAZ",), event_types=("visit", "infrastructure")), [TOUR]),
    (NOTHING, []),
    # Bilateral: China and exactly one Central Asian state (not the three-party railway, not the tour).
    (Filters(bilateral=True), [CN_KG, CN_KZ]),
    (Filters(("UZB",), bilateral=True), []),
    # A person present; a place where it was held; together with the other rules.
    (Filters(person="wang_yi"), [CN_KG, CN_KZ, TOUR]),
    (Filters(person="sadyr_japarov"), [LAUNCH]),
    (Filters(person="wang_yi", bilateral=True, **Y2025), [CN_KG, CN_KZ]),
    (Filters(("KGZ",), person="wang_yi"), [CN_KG, TOUR]),
    (Filters(place="beijing"), [AGREEMENT]),
    (Filters(place="beijing", person="wang_yi"), []),
    (Filters(person="nobody"), []),
    (Filters(place="x'; drop table events;--"), []),
    # A value that never passed Filters' parsing is still only a parameter, never SQL.
    (Filters(("KGZ'; drop table events;--",)), []),
])
def test_events(con, f, expected):
    assert list(db.query(con, queries.events(f))["event_id"]) == expected


HOSTILE_COUNTRY, HOSTILE_TYPE = "KGZ'); drop table events;--", "' or 1=1 --"
HOSTILE_SEARCH = "'); drop table events;--"


def tables_and_rows(connection) -> list[tuple]:
    names = [r[0] for r in connection.execute("select table_name from duckdb_tables() order by 1").fetchall()]
    return [(n, connection.execute(f'select count(*) from "{n}"').fetchone()[0]) for n in names]


def test_a_hostile_filter_value_is_only_a_bound_parameter(writable):
    before = tables_and_rows(writable)
    f = Filters((HOSTILE_COUNTRY,), event_types=(HOSTILE_TYPE,))
    assert db.query(writable, queries.events(f)).empty
    assert db.query(writable, queries.event_choices(Filters(), search=HOSTILE_SEARCH, limit=500)).empty
    assert tables_and_rows(writable) == before
    # The query text is the file's, whatever the values; they travel as parameters.
    q = queries.events(f)
    assert (q.name, q.parameters["countries"], q.parameters["event_types"]) == (
        "events", [HOSTILE_COUNTRY], [HOSTILE_TYPE])
    q = queries.event_choices(Filters(), search=HOSTILE_SEARCH, limit=500)
    assert (q.name, q.parameters["pattern"]) == ("event_choices", f"%{HOSTILE_SEARCH}%")
    for name in ("events", "event_choices"):
        assert "drop table" not in queries.sql_text(name) and "1=1" not in queries.sql_text(name)


def test_events_columns_join_countries_people_and_sources(con):
    row = db.query(con, queries.events(Filters(**day("2025-11-19")))).iloc[0]
    assert (row["countries"], row["place_name"], row["people"], row["source_ids"]) == (
        "CHN|KGZ", "Bishkek", "Wang Yi|Zheenbek Kulubaev", "globaltimes-20251120|mfa-cn-20251119")


@pytest.mark.parametrize("f, expected", [
    (Filters(), {"almaty": 1, "beijing": 1, "bishkek": 1, "jalal_abad": 1}),
    (Filters(("KGZ",)), {"beijing": 1, "bishkek": 1, "jalal_abad": 1}),
    (Filters(("KAZ",)), {"almaty": 1}),
    (Filters(("UZB",), **Y2025), {}),                   # the tour has no single place
    (Filters(**Y2025), {"almaty": 1, "bishkek": 1}),
    (Filters(event_types=("infrastructure",)), {"beijing": 1, "jalal_abad": 1}),
    (NOTHING, {}),
])
def test_map_places(con, f, expected):
    df = db.query(con, queries.map_places(f))
    # Every place is drawn whatever the filter; only the event counts follow it.
    assert list(df["place_id"]) == ["almaty", "beijing", "bishkek", "jalal_abad", "kashgar", "tashkent", "torugart"]
    assert {p: n for p, n in zip(df["place_id"], df["events"]) if n} == expected


# trade.csv: t01 t02 CHN->KGZ 2023, 2024 total; t03 t04 KGZ->CHN 2023, 2024 total (low);
# t05 CHN->KGZ 2025 H1 total; t06 CHN->CA5 2024 total (lower bound); t07 CHN->KGZ 2025 Jan-Sep export.
@pytest.mark.parametrize("f, flow, period_kind, side, include_low, expected", [
    (Filters(), "total", "year", "china", False, ["t06", "t01", "t02"]),
    (Filters(("CHN",)), "total", "year", "china", False, ["t06", "t01", "t02"]),
    (Filters(("KGZ",)), "total", "year", "china", False, ["t01", "t02"]),
    (Filters(("KAZ",)), "total", "year", "china", False, []),
    (Filters(**Y2024), "total", "year", "china", False, ["t06", "t02"]),
    (Filters(start=date(2024, 7, 1), end=date(2025, 3, 31)), "total", "year", "china", False, ["t06", "t02"]),
    (Filters(), "total", "half_year", "china", False, ["t05"]),
    (Filters(), "total", "ytd", "china", False, []),
    (Filters(), "export", "ytd", "china", False, ["t07"]),
    (Filters(), "import", "year", "china", False, []),
    (Filters(), "total", "year", "partner", False, []),
    (Filters(), "total", "year", "partner", True, ["t03", "t04"]),
    (Filters(("KGZ",), **Y2024), "total", "year", "partner", True, ["t04"]),
    (Filters(("KAZ",)), "total", "year", "partner", True, []),
    (Filters(), "total", "year", "china", True, ["t06", "t01", "t02"]),
    (NOTHING, "total", "year", "china", True, []),
])
def test_trade_series(con, f, flow, period_kind, side, include_low, expected):
    df = db.query(con, queries.trade_series(f, flow=flow, period=period_kind, side=side, include_low=include_low))
    assert list(df["trade_id"]) == expected
    assert set(df["period_kind"]) <= {period_kind}


def test_trade_series_names_the_partner_from_either_side(con):
    df = db.query(con, queries.trade_series(Filters(), flow="total", period="year", side="partner", include_low=True))
    assert list(zip(df["trade_id"], df["partner_iso3"], df["reporter_iso3"])) == [
        ("t03", "KGZ", "KGZ"), ("t04", "KGZ", "KGZ")]


def test_low_confidence_figures_are_left_out_unless_asked_for(con):
    """The safe default, for any caller that does not say: the partner-side figures (t03, t04: low
    confidence) are not drawn, nor paired in the mirror."""
    asked = dict(flow="total", period="year", side="partner")
    assert db.query(con, queries.trade_series(Filters(), **asked)).empty
    assert list(db.query(con, queries.trade_series(Filters(), **asked, include_low=True))["trade_id"]) == ["t03", "t04"]
    assert db.query(con, queries.trade_mirror(Filters())).empty
    assert len(db.query(con, queries.trade_mirror(Filters(), include_low=True))) == 2


@pytest.mark.parametrize("f, include_low, expected", [
    (Filters(), False, []),                            # every partner-side figure is low confidence
    (Filters(), True, [("KGZ", "2023", "t", 19.8e9, 5.3e9), ("KGZ", "2024", "t", 22.7e9, 6100000000.5)]),
    (Filters(("KGZ",), **Y2024), True, [("KGZ", "2024", "t", 22.7e9, 6100000000.5)]),
    (Filters(("KAZ",)), True, []),
    (NOTHING, True, []),
])
def test_trade_mirror(con, f, include_low, expected):
    df = db.query(con, queries.trade_mirror(f, include_low=include_low))
    assert [(r.partner_iso3, r.period_label, r.flow_china_side[0], r.china_reported_usd, r.partner_reported_usd)
            for r in df.itertuples()] == expected
    # every pair has a partner-side figure, all of them low confidence (an empty frame proves nothing)
    assert list(df["low_confidence"]) == [True] * len(expected)


def test_trade_mirror_gap_against_hand_computed_figures(con):
    """gap_usd = China's figure - the partner's; gap_pct = the gap as a share of the partner's figure.
    2023: 19.8e9 - 5.3e9 = 14.5e9, 14.5 / 5.3 = 273.58%; 2024: 22.7e9 - 6100000000.5 = 16599999999.5,
    16599999999.5 / 6100000000.5 = 272.13% (divided by China's side instead: 73.2% and 73.1%)."""
    df = db.query(con, queries.trade_mirror(Filters(), include_low=True))
    assert list(df["period_label"]) == ["2023", "2024"]
    assert list(df["gap_usd"]) == [14.5e9, 16599999999.5]
    assert list(df["gap_pct"]) == [pytest.approx(273.5849056604), pytest.approx(272.1311475187)]
    assert list(zip(df["flow_china_side"], df["china_source_id"], df["partner_source_id"])) == [
        ("total", "gacc-2025", "stat-kg-2025"), ("total", "gacc-2025", "stat-kg-2025")]
    assert list(df["period_kind"]) == ["year", "year"]
    assert [(s.date().isoformat(), e.date().isoformat()) for s, e in zip(df["period_start"], df["period_end"])] == [
        ("2023-01-01", "2023-12-31"), ("2024-01-01", "2024-12-31")]


@pytest.mark.parametrize("f, expected", [
    (Filters(), ["t01", "t03", "t06", "t02", "t04", "t07", "t05"]),
    (Filters(("KGZ",)), ["t01", "t03", "t02", "t04", "t07", "t05"]),   # not the CA5 aggregate
    (Filters(("KAZ",)), []),
    (Filters(("KGZ",), **Y2025), ["t07", "t05"]),
    (Filters(**Y2024), ["t06", "t02", "t04"]),
    (Filters(**day("2025-07-01")), ["t07"]),           # only Jan-Sep covers July
    (NOTHING, []),
])
def test_trade_rows(con, f, expected):
    assert list(db.query(con, queries.trade_rows(f))["trade_id"]) == expected


@pytest.mark.parametrize("f, expected", [
    (Filters(), ["t07"]),                              # latest period end
    (Filters(**Y2024), ["t02"]),                       # t02 and t06 tie; ordered by id
    (Filters(("KGZ",), **Y2024), ["t02"]),             # t04 is low confidence
    (Filters(start=date(2023, 1, 1), end=date(2023, 12, 31)), ["t01"]),
    (Filters(("KAZ",)), []),
    (NOTHING, []),
])
def test_latest_trade(con, f, expected):
    assert list(db.query(con, queries.latest_trade(f))["trade_id"]) == expected


@pytest.mark.parametrize("f, expected", [
    (Filters(), ["beijing", "kashgar", "almaty", "bishkek", "jalal_abad", "torugart", "tashkent"]),
    (Filters(("KGZ",)), ["bishkek", "jalal_abad", "torugart"]),
    (Filters(("TJK",)), []),
    (NOTHING, ["beijing", "kashgar", "almaty", "bishkek", "jalal_abad", "torugart", "tashkent"]),
])
def test_places_rows(con, f, expected):
    assert list(db.query(con, queries.places_rows(f))["place_id"]) == expected


@pytest.mark.parametrize("f, expected", [
    (Filters(), ["2025-11-01", "2024-12-27", "2024-06-06"]),
    (Filters(**Y2025), ["2025-11-01"]),
    (Filters(("KAZ",)), []),                          # the railway runs through CHN, KGZ, UZB
    (Filters(("KGZ",)), ["2025-11-01", "2024-12-27", "2024-06-06"]),
    (Filters(("KAZ", "UZB")), ["2025-11-01", "2024-12-27", "2024-06-06"]),   # any chosen country
    (Filters(("KGZ",), **Y2024), ["2024-12-27", "2024-06-06"]),
    (NOTHING, []),
])
def test_infrastructure_milestones(con, f, expected):
    df = db.query(con, queries.infrastructure_milestones(f))
    assert [d.date().isoformat() for d in df["milestone_date"]] == expected


@pytest.mark.parametrize("ids, expected", [
    ((), []),
    (("kabar-202412",), ["kabar-202412"]),
    (("mfa-cn-20250425",), ["globaltimes-20251120", "mfa-cn-20250425"]),   # and what it reprints from
    (("no-such-source",), []),
])
def test_sources_for(con, ids, expected):
    assert list(db.query(con, queries.sources_for(ids))["source_id"]) == expected


def test_infrastructure_paths_in_route_order(con):
    df = db.query(con, queries.infrastructure_paths())
    assert list(df["project_id"]) == ["cku_railway"]
    assert [list(p) for p in df["path"][0]] == [[75.9938, 39.4681], [75.4272, 40.5925], [73.0, 40.9333]]
    assert df["via"][0] == "Kashgar (Kashi) → Torugart Pass → Jalal-Abad"
    assert df["status"][0] == "under_construction"


def test_date_extent(con):
    extent = db.query(con, queries.date_extent()).iloc[0]
    assert (extent["first_date"].date(), extent["last_date"].date()) == (date(2023, 1, 1), date(2025, 11, 20))


def test_sources_overview_counts_what_rests_on_each_source(con):
    df = db.query(con, queries.sources_overview()).set_index("source_id")
    assert len(df) == 9
    assert df.loc["gacc-2025", "trade_figures"] == 6          # t01 t02 t05 t06 t07 and composition c02
    assert df.loc["mfa-cn-20250425", "events"] == 2
    assert df.loc["osm-coords", "places_and_codes"] == 7


# ---------------------------------------------------------------- bounded pages and counts

def assert_same_rows(got, expected):
    """Equal columns and values (a page may give a column another dtype, e.g. when all NULL)."""
    def plain(df):
        return df.reset_index(drop=True).astype(object).where(df.reset_index(drop=True).notna(), None)
    pd.testing.assert_frame_equal(plain(got), plain(expected))


@pytest.mark.parametrize("f", [Filters(), Filters(("KGZ",)), Filters(**Y2025), NOTHING])
@pytest.mark.parametrize("limit, offset", [(1, 0), (2, 0), (2, 2), (2, 4), (3, 10), (0, 0), (None, 1)])
def test_events_page_is_a_slice_of_all_events(con, f, limit, offset):
    everything = db.query(con, queries.events(f))
    page = db.query(con, queries.events(f, limit=limit, offset=offset))
    end = None if limit is None else offset + limit
    assert_same_rows(page, everything.iloc[offset:end])


def test_events_without_a_limit_is_every_row_in_order(con):
    assert list(db.query(con, queries.events(Filters(), limit=None, offset=0))["event_id"]) == ALL_EVENTS


@pytest.mark.parametrize("f, events, first, last, meeting", [
    (Filters(), 5, "2024-06-06", "2025-11-19", CN_KG),
    (Filters(("KAZ",)), 2, "2025-04-01", "2025-04-25", CN_KZ),
    (Filters(**Y2024), 2, "2024-06-06", "2024-12-27", None),      # infrastructure only: no meeting
    (Filters(event_types=("visit",)), 1, "2025-04-01", "2025-04-01", None),
    (Filters(end=date(2025, 5, 1)), 4, "2024-06-06", "2025-04-25", CN_KZ),
    (NOTHING, 0, None, None, None),
])
def test_events_summary(con, f, events, first, last, meeting):
    [row] = db.query(con, queries.events_summary(f)).itertuples()
    assert row.events == len(db.query(con, queries.events(f))) == events
    shown = lambda d: None if d is None or d != d else d.date().isoformat()   # NaT != NaT
    assert (shown(row.first_start), shown(row.last_start)) == (first, last)
    assert (row.meeting_id if isinstance(row.meeting_id, str) else None) == meeting
    if meeting:
        detail = db.query(con, queries.event_detail(meeting)).iloc[0]
        assert (row.meeting_title, row.meeting_date) == (detail["title"], detail["start_date"])


@pytest.mark.parametrize("f", [Filters(), Filters(("KGZ",)), Filters(("KAZ", "UZB"), **Y2025),
                               Filters(event_types=("strategic_dialogue", "visit")), NOTHING])
@pytest.mark.parametrize("bucket", ["month", "quarter", "year"])
def test_events_by_period_counts_what_the_timeline_would_draw(con, f, bucket):
    """The counts equal the one-mark-per-(event, country) rows of the timeline, grouped by period."""
    rows = db.query(con, queries.events(f)).assign(country_iso3=lambda d: d["countries"].str.split("|")).explode("country_iso3")
    if f.countries:
        rows = rows[rows["country_iso3"].isin(f.countries)]
    rows = rows.assign(period_start=rows["start_date"].dt.to_period({"month": "M", "quarter": "Q", "year": "Y"}[bucket])
                       .dt.start_time)
    expected = sorted((p.date(), c, t, n) for (p, c, t), n in
                      rows.groupby(["period_start", "country_iso3", "event_type"]).size().items())
    got = db.query(con, queries.events_by_period(f, bucket=bucket))
    assert sorted((p.date(), c, t, n) for p, c, t, n in got.itertuples(index=False)) == expected


def test_events_by_period_refuses_other_buckets(con):
    with pytest.raises(ValueError):
        db.query(con, queries.events_by_period(Filters(), bucket="day'); drop table events;--"))
    # The refusal names the bucket asked for and the ones there are (a developer reads it in a log).
    with pytest.raises(ValueError, match=r"unknown bucket 'week'; expected one of \('month', 'quarter', 'year'\)"):
        queries.events_by_period(Filters(), bucket="week")


def test_place_sources_gives_each_asked_places_source_and_no_other(con):
    """The brief cites where the drawn places' coordinates come from: exactly those places."""
    asked = ["bishkek", "almaty"]
    got = db.query(con, queries.place_sources(pd.Series(asked)))
    expected = con.execute("select place_id, name, source_id from places where place_id in ('almaty', 'bishkek') "
                           "order by place_id").fetchall()
    assert len(expected) == 2
    assert [tuple(r) for r in got[["place_id", "name", "source_id"]].itertuples(index=False)] == expected
    assert db.query(con, queries.place_sources([])).empty


@pytest.mark.parametrize("f, search, limit, expected", [
    (Filters(), "", 500, ALL_EVENTS),
    (Filters(), "", 2, [CN_KG, CN_KZ]),                    # the newest first
    (Filters(), "railway", 500, [LAUNCH, AGREEMENT]),     # case-insensitive, anywhere in the title
    (Filters(), "RAILWAY", 1, [LAUNCH]),
    (Filters(("KAZ",)), "railway", 500, []),
    (Filters(), "  strategic dialogue ", 500, [CN_KG, CN_KZ]),   # spaces around the text are dropped
    (Filters(), "%", 500, []),                            # % and _ are literal, not wildcards
    (Filters(), "_", 500, []),
    (Filters(), "Wang Yi's", 500, [TOUR]),
    (Filters(), "'; drop table events;--", 500, []),
])
def test_event_choices(con, f, search, limit, expected):
    assert list(db.query(con, queries.event_choices(f, search=search, limit=limit))["event_id"]) == expected


@pytest.mark.parametrize("f, place, limit, expected", [
    (Filters(), "bishkek", 50, [CN_KG]),
    (Filters(), "almaty", 50, [CN_KZ]),
    (Filters(("KGZ",)), "almaty", 50, []),
    (Filters(), "bishkek", 0, []),
    (Filters(), "no-such-place", 50, []),
])
def test_place_events(con, f, place, limit, expected):
    assert list(db.query(con, queries.place_events(f, place_id=place, limit=limit))["event_id"]) == expected


def test_map_places_keeps_the_places_with_most_events_when_cut(con):
    every = db.query(con, queries.map_places(Filters()))
    assert set(every["places_total"]) == {7}
    cut = db.query(con, queries.map_places(Filters(), limit=3))
    # All four places with one event each tie; the first three by place_id stay, in place_id order.
    assert list(cut["place_id"]) == ["almaty", "beijing", "bishkek"]
    assert set(cut["places_total"]) == {7}
    assert list(db.query(con, queries.map_places(Filters(("KAZ",)), limit=1))["place_id"]) == ["almaty"]


@pytest.mark.parametrize("f", [Filters(), Filters(("KGZ",)), Filters(("KGZ",), **Y2025), Filters(**Y2024), NOTHING])
@pytest.mark.parametrize("limit, offset", [(1, 0), (2, 1), (3, 3), (5, 6), (0, 0)])
def test_trade_rows_page_and_count(con, f, limit, offset):
    everything = db.query(con, queries.trade_rows(f))
    assert int(db.query(con, queries.trade_rows_count(f)).iloc[0, 0]) == len(everything)
    page = db.query(con, queries.trade_rows(f, limit=limit, offset=offset))
    assert_same_rows(page, everything.iloc[offset:offset + limit])


@pytest.mark.parametrize("f", [Filters(), Filters(("KGZ",)), Filters(("TJK",)), NOTHING])
@pytest.mark.parametrize("limit, offset", [(1, 0), (2, 1), (4, 4), (0, 0)])
def test_places_rows_page_and_count(con, f, limit, offset):
    everything = db.query(con, queries.places_rows(f))
    assert int(db.query(con, queries.places_rows_count(f)).iloc[0, 0]) == len(everything)
    page = db.query(con, queries.places_rows(f, limit=limit, offset=offset))
    assert_same_rows(page, everything.iloc[offset:offset + limit])


def cited(rows, column: str) -> tuple[str, ...]:
    """The source ids a table's rows cite (a |-separated list or one id per row)."""
    return tuple(sorted({i for value in rows[column].dropna() for i in str(value).split("|")}))


@pytest.mark.parametrize("f", [Filters(), Filters(("KGZ",)), Filters(("KAZ",), **Y2025), Filters(**Y2024),
                               Filters(event_types=("visit",)), NOTHING])
def test_sources_for_rows_are_the_sources_their_rows_cite(con, f):
    """Each table's sources, found in SQL, equal sources_for() of the ids its full rows cite."""
    assert_same_rows(db.query(con, queries.sources_for_events(f)),
                     db.query(con, queries.sources_for(cited(db.query(con, queries.events(f)), "source_ids"))))
    assert_same_rows(db.query(con, queries.sources_for_trade(f)),
                     db.query(con, queries.sources_for(cited(db.query(con, queries.trade_rows(f)), "source_id"))))
    assert_same_rows(db.query(con, queries.sources_for_places(f)),
                     db.query(con, queries.sources_for(cited(db.query(con, queries.places_rows(f)), "source_id"))))


@pytest.mark.parametrize("query", [queries.sources_for_events, queries.sources_for_trade, queries.sources_for_places])
def test_sources_for_rows_are_bounded(con, query):
    every = list(db.query(con, query(Filters()))["source_id"])
    assert every                                      # a bound of 0 below must cut something
    assert list(db.query(con, query(Filters(), limit=0))["source_id"]) == []
    assert list(db.query(con, query(Filters(), limit=1))["source_id"]) == every[:1]
    assert list(db.query(con, query(Filters(), limit=len(every)))["source_id"]) == every


def test_sources_for_events_are_five(con):
    assert len(db.query(con, queries.sources_for_events(Filters()))) == 5


def test_sources_overview_is_bounded_and_counted(con):
    assert int(db.query(con, queries.sources_count()).iloc[0, 0]) == len(db.query(con, queries.sources_overview())) == 9
    assert_same_rows(db.query(con, queries.sources_overview(limit=4)), db.query(con, queries.sources_overview()).head(4))


@pytest.mark.parametrize("period_kind, expected", [
    (None, ["2023", "2024"]), ("year", ["2023", "2024"]), ("half_year", []), ("month", []),
])
def test_trade_mirror_follows_the_period_kind(con, period_kind, expected):
    assert list(db.query(con, queries.trade_mirror(Filters(), include_low=True, period=period_kind))["period_label"]) == expected
    assert list(db.query(con, queries.trade_mirror(Filters(), include_low=True, period=period_kind, limit=1))["period_label"]) == expected[:1]


def test_trade_series_is_bounded(con):
    assert list(db.query(con, queries.trade_series(Filters(), flow="total", period="year", side="china", include_low=False, limit=2))["trade_id"]) == ["t06", "t01"]


def test_trade_has_no_products_without_imports(con):
    assert not db.query(con, queries.trade_has_products()).iloc[0, 0]
    assert db.query(con, queries.trade_top_chapters(Filters(), flow="total", side="china", include_low=True, limit=10)).empty


@pytest.mark.parametrize("f", [Filters(), Filters(("KAZ",)), Filters(("TJK",)), Filters(**Y2024), NOTHING,
                               Filters(event_types=("strategic_dialogue",))])
def test_events_count_is_the_number_of_events_listed(con, f):
    assert db.query(con, queries.events_count(f))["events"].tolist() == [len(db.query(con, queries.events(f)))]
    assert db.query(con, queries.events_count(f))["events"].tolist() == db.query(con, queries.events_summary(f))["events"].tolist()


# ---------------------------------------------------------------- one event's record (the detail panel)

@pytest.mark.parametrize("event_id, detail, people, agreements, sources", [
    (CN_KG, ("2025-11-19", "2025-11-20", "strategic_dialogue", "Bishkek", "KGZ"),
     [("Wang Yi", "Chinese Foreign Minister", "CHN"), ("Zheenbek Kulubaev", "Kyrgyz Foreign Minister", "KGZ")],
     [("joint_statement", "CHN, KGZ", "mfa-cn-20251119")],
     ["mfa-cn-20251119", "globaltimes-20251120"]),
    (AGREEMENT, ("2024-06-06", "2024-06-06", "infrastructure", "Beijing", "CHN"), [],
     [("intergovernmental_agreement", "CHN, KGZ, UZB", "xinhua-20240606")], ["xinhua-20240606"]),
    ("no-such-event", None, [], [], []),
])
def test_an_events_record(con, event_id, detail, people, agreements, sources):
    d = db.query(con, queries.event_detail(event_id))
    assert [(r.start_date.date().isoformat(), r.end_date.date().isoformat(), r.event_type, r.place_name,
             r.place_country) for r in d.itertuples()] == ([detail] if detail else [])
    assert list(d["event_id"]) == ([event_id] if detail else [])
    p = db.query(con, queries.event_participants(event_id))
    assert list(zip(p["name"], p["role_at_event"], p["country_iso3"])) == people
    a = db.query(con, queries.event_agreements(event_id))
    assert list(zip(a["kind"], a["parties"], a["source_id"])) == agreements
    assert list(db.query(con, queries.event_source_list(event_id))["source_id"]) == sources


@pytest.mark.parametrize("search, expected", [
    ("Жапаров", [LAUNCH]),                    # a participant's Cyrillic name (the title says "launched")
    ("Кулубаев", [CN_KG]),                    # transliterated from the curated Latin name
    ("Kulubaev", [CN_KG]),
    ("Нуртлеу", [CN_KZ]),
    ("Алматы", [CN_KZ]),                      # a place's other name
    ("Жалал-Абад", [LAUNCH]),
    ("Ж", []),                                # under three characters: titles only
])
def test_event_choices_find_by_any_gazetteer_name(con, search, expected):
    assert list(db.query(con, queries.event_choices(Filters(), search=search, limit=500))["event_id"]) == expected


@pytest.mark.parametrize("search, expected", [
    ("Бишкек", ["bishkek"]), ("алматы", ["almaty"]), ("Кашгар", ["kashgar"]), ("Kashi", ["kashgar"]),
    ("喀什", ["kashgar"]), ("no such place", []), ("%", []),
])
def test_places_named_finds_russian_and_other_forms(con, search, expected):
    assert list(db.query(con, queries.places_named(search=search))["place_id"]) == expected


@pytest.mark.parametrize("f, expected", [
    (Filters(), [("KAZ", "2019-09-11"), ("KGZ", "2018-06-01"), ("KGZ", "2023-05-18")]),
    (Filters(("KGZ",)), [("KGZ", "2018-06-01"), ("KGZ", "2023-05-18")]),
    (Filters(("CHN",)), [("KAZ", "2019-09-11"), ("KGZ", "2018-06-01"), ("KGZ", "2023-05-18")]),  # China: all
    (Filters(("UZB",)), []),
    (Filters(("KAZ",), start=date(2030, 1, 1)), [("KAZ", "2019-09-11")]),     # levels ignore the dates
])
def test_partnerships(con, f, expected):
    got = db.query(con, queries.partnerships(f))
    assert [(r.country_iso3, str(r.valid_from.date())) for r in got.itertuples()] == expected


@pytest.mark.parametrize("search, expected", [
    ("100%", [CN_KG]),              # % is a literal percent sign ...
    ("0%_o", [CN_KG]),              # ... and _ a literal underscore
    ("100_", []),                   # a wildcard _ would match "100%"
    ("1%0", []),                    # a wildcard % would match "100"
    ("a\\b", [CN_KZ]),              # a backslash is a literal backslash
    ("a\\", [CN_KZ]),               # ... also at the end, where it would escape nothing
    ("a_b", []),                    # "a\b": _ must not match the backslash
    ("\\%", []),
])
def test_a_title_search_matches_percent_underscore_and_backslash_literally(writable, search, expected):
    """Titles holding the characters ILIKE treats specially: a search for them finds exactly the
    titles that contain them as typed (the fixture's own titles hold none)."""
    writable.execute("update event_rows set title = 'Talks: 100%_off' where event_id = ?", [CN_KG])
    writable.execute("update event_rows set title = 'Path a\\b of talks' where event_id = ?", [CN_KZ])
    got = db.query(writable, queries.event_choices(Filters(), search=search, limit=500))
    assert list(got["event_id"]) == expected


MIRROR_ROWS = [  # trade_id, reporter, partner, year, flow, value, confidence
    ("m1", "CHN", "TJK", 2022, "total", 2.0e9, "main"),     # both sides main: a pair of main figures
    ("m2", "TJK", "CHN", 2022, "total", 1.5e9, "main"),
    ("m3", "TJK", "RUS", 2022, "total", 9.0e9, "main"),     # Tajikistan's trade with Russia: no mirror of China's
    ("m4", "CHN", "KAZ", 2021, "export", 4.0e9, "low"),     # China's side low, Kazakhstan's main
    ("m5", "KAZ", "CHN", 2021, "import", 5.0e9, "main"),
    ("m6", "KGZ", "KAZ", 2021, "export", 7.0e9, "main"),    # Kyrgyzstan's exports to Kazakhstan: not China's
]


@pytest.mark.parametrize("include_low, expected", [
    (False, [("TJK", "2022", "total", 2.0e9, 1.5e9, False)]),
    (True, [("KAZ", "2021", "export", 4.0e9, 5.0e9, True),      # low on China's side alone
            ("KGZ", "2023", "total", 19.8e9, 5.3e9, True), ("KGZ", "2024", "total", 22.7e9, 6100000000.5, True),
            ("TJK", "2022", "total", 2.0e9, 1.5e9, False)]),
])
def test_trade_mirror_pairs_only_china_with_its_partners_and_says_which_are_low(writable, include_low, expected):
    """Pairs are China's own figure for a partner against that partner's figure for China: other
    pairs of countries never enter; a pair is low confidence when either side is, and without
    low-confidence figures a low figure on China's side drops its pair as one on the partner's does."""
    for tid, reporter, partner, year, flow, value, confidence in MIRROR_ROWS:
        writable.execute(
            "insert into trade_totals (trade_id, reporter_iso3, partner_iso3, period_start, period_end, period_kind,"
            " months, period_label, flow, commodity_code, value_usd, confidence, source_id, is_lower_bound)"
            " values (?, ?, ?, make_date(?, 1, 1), make_date(?, 12, 31), 'year', 12, ?, ?, 'TOTAL', ?, ?, 'src', false)",
            [tid, reporter, partner, year, year, str(year), flow, value, confidence])
    df = db.query(writable, queries.trade_mirror(Filters(), include_low=include_low))
    assert [(r.partner_iso3, r.period_label, r.flow_china_side, r.china_reported_usd, r.partner_reported_usd,
             r.low_confidence) for r in df.itertuples()] == expected
