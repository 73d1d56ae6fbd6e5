"""Date rules at the edges of a period: every query with a date rule, on filters that start or end
on the first or last day of a figure's period (or an event's dates), one day outside, and mid-month.

A figure or event matches when its dates overlap [start, end], both ends included; a milestone when
its date lies within them. A `<=` that became `<` (or `>=` that became `>`) drops the figure
whose period starts on the end date (or ends on the start date) from an analyst's chart: these
cases catch it. Expected ids are read off tests/fixtures/curated/*.csv:

trade.csv   t01 CHN->KGZ 2023-01-01..2023-12-31 year total     t03 KGZ->CHN the same period (low)
            t02 CHN->KGZ 2024-01-01..2024-12-31 year total     t04 KGZ->CHN the same period (low)
            t06 CHN->CA5 2024-01-01..2024-12-31 year total     t05 CHN->KGZ 2025-01-01..2025-06-30 half year
            t07 CHN->KGZ 2025-01-01..2025-09-30 ytd export
milestones  2024-06-06, 2024-12-27, 2025-11-01 (cku_railway: CHN KGZ UZB)
events      AGREEMENT 2024-06-06, LAUNCH 2024-12-27, TOUR 2025-04-01..2025-04-30,
            CN_KZ 2025-04-25, CN_KG 2025-11-19..2025-11-20
"""
from __future__ import annotations

from datetime import date

import pytest

from dashboard import db, queries
from dashboard.filters import Filters

CN_KG = "2025-11-19-cn-kg-fm-strategic-dialogue"
CN_KZ = "2025-04-25-cn-kz-strategic-dialogue"
TOUR = "2025-04-wang-yi-central-asia-visits"
LAUNCH = "2024-12-27-cku-construction-launch"
AGREEMENT = "2024-06-06-cku-railway-agreement"


def between(start: str | None, end: str | None) -> Filters:
    return Filters(start=date.fromisoformat(start) if start else None,
                   end=date.fromisoformat(end) if end else None)


def on(day: str) -> Filters:
    return between(day, day)


# ---------------------------------------------------------------- trade_series

@pytest.mark.parametrize("f, flow, period_kind, expected", [
    # the half year 2025-01-01..2025-06-30 (t05)
    (between(None, "2025-01-01"), "total", "half_year", ["t05"]),     # ends on its first day
    (between(None, "2024-12-31"), "total", "half_year", []),          # one day before it
    (between("2025-06-30", None), "total", "half_year", ["t05"]),     # starts on its last day
    (between("2025-07-01", None), "total", "half_year", []),          # one day after it
    (on("2025-01-01"), "total", "half_year", ["t05"]),
    (on("2025-06-30"), "total", "half_year", ["t05"]),
    (on("2025-03-15"), "total", "half_year", ["t05"]),                # mid-month, mid-period
    # the years 2023 (t01) and 2024 (t06, t02)
    (between("2023-12-31", "2024-01-01"), "total", "year", ["t06", "t01", "t02"]),
    (on("2023-12-31"), "total", "year", ["t01"]),
    (on("2024-01-01"), "total", "year", ["t06", "t02"]),
    (between("2024-01-02", "2024-12-30"), "total", "year", ["t06", "t02"]),
    (on("2024-06-15"), "total", "year", ["t06", "t02"]),
    # January to September 2025 (t07), China's exports
    (on("2025-09-30"), "export", "ytd", ["t07"]),
    (between("2025-10-01", None), "export", "ytd", []),
    (on("2025-08-15"), "export", "ytd", ["t07"]),
])
def test_trade_series_at_period_edges(con, f, flow, period_kind, expected):
    assert list(db.query(con, queries.trade_series(f, flow=flow, period=period_kind, side="china", include_low=True))["trade_id"]) == expected


@pytest.mark.parametrize("f, expected", [
    (between(None, "2024-01-01"), ["t03", "t04"]),    # the partner's side: the same rule
    (between(None, "2023-12-31"), ["t03"]),
    (between("2023-12-31", None), ["t03", "t04"]),
    (between("2024-01-01", None), ["t04"]),
    (on("2024-02-15"), ["t04"]),
])
def test_trade_series_partner_side_at_period_edges(con, f, expected):
    assert list(db.query(con, queries.trade_series(f, flow="total", period="year", side="partner", include_low=True))["trade_id"]) == expected


# ---------------------------------------------------------------- trade_mirror

@pytest.mark.parametrize("f, expected", [
    (between(None, "2024-01-01"), ["2023", "2024"]),   # ends on 2024's first day
    (between(None, "2023-12-31"), ["2023"]),
    (between("2023-12-31", None), ["2023", "2024"]),   # starts on 2023's last day
    (between("2024-01-01", None), ["2024"]),
    (on("2023-12-31"), ["2023"]),
    (on("2024-01-01"), ["2024"]),
    (on("2024-03-15"), ["2024"]),                      # mid-month
    (between("2025-01-01", None), []),
])
def test_trade_mirror_at_period_edges(con, f, expected):
    assert list(db.query(con, queries.trade_mirror(f, include_low=True))["period_label"]) == expected


# ---------------------------------------------------------------- latest_trade and trade_rows

@pytest.mark.parametrize("f, expected", [
    (between(None, "2025-01-01"), ["t07"]),    # t05 and t07 start on the end date; t07 ends later
    (between(None, "2024-12-31"), ["t02"]),
    (between("2025-09-30", None), ["t07"]),    # starts on t07's last day
    (between("2025-10-01", None), []),
    (between("2025-07-01", "2025-07-31"), ["t07"]),
    (on("2025-06-30"), ["t07"]),
    (on("2024-12-31"), ["t02"]),
    (on("2025-08-15"), ["t07"]),               # mid-month: only January-September covers August
    (on("2023-12-31"), ["t01"]),               # t03 is low confidence
])
def test_latest_trade_at_period_edges(con, f, expected):
    assert list(db.query(con, queries.latest_trade(f))["trade_id"]) == expected


@pytest.mark.parametrize("f, expected", [
    (between(None, "2025-01-01"), ["t01", "t03", "t06", "t02", "t04", "t07", "t05"]),
    (between(None, "2024-12-31"), ["t01", "t03", "t06", "t02", "t04"]),
    (between("2025-06-30", None), ["t07", "t05"]),
    (between("2025-07-01", None), ["t07"]),
    (on("2024-01-01"), ["t06", "t02", "t04"]),
    (on("2023-12-31"), ["t01", "t03"]),
    (on("2025-03-15"), ["t07", "t05"]),
])
def test_trade_rows_and_their_sources_at_period_edges(con, f, expected):
    rows = db.query(con, queries.trade_rows(f))
    assert list(rows["trade_id"]) == expected
    assert int(db.query(con, queries.trade_rows_count(f)).iloc[0, 0]) == len(expected)
    cited = sorted(set(rows["source_id"]))
    assert list(db.query(con, queries.sources_for_trade(f))["source_id"]) == list(db.query(con, queries.sources_for(tuple(cited)))["source_id"])


# ---------------------------------------------------------------- infrastructure_milestones

@pytest.mark.parametrize("f, expected", [
    (on("2024-12-27"), ["2024-12-27"]),
    (between("2024-06-06", "2024-12-27"), ["2024-12-27", "2024-06-06"]),   # both ends included
    (between("2024-06-07", "2024-12-26"), []),
    (between("2025-11-01", None), ["2025-11-01"]),
    (between("2025-11-02", None), []),
    (between(None, "2024-06-06"), ["2024-06-06"]),
    (between(None, "2024-06-05"), []),
    (between("2025-10-15", "2025-11-15"), ["2025-11-01"]),                 # mid-month to mid-month
])
def test_infrastructure_milestones_at_their_dates(con, f, expected):
    df = db.query(con, queries.infrastructure_milestones(f))
    assert [d.date().isoformat() for d in df["milestone_date"]] == expected


# ---------------------------------------------------------------- the event queries

@pytest.mark.parametrize("f, expected", [
    (on("2025-04-01"), [TOUR]),                        # the tour's first day
    (on("2025-04-30"), [TOUR]),                        # its last day
    (between(None, "2025-03-31"), [LAUNCH, AGREEMENT]),
    (between("2025-05-01", None), [CN_KG]),
    (between("2025-04-30", "2025-11-19"), [CN_KG, TOUR]),
    (between("2025-04-26", "2025-11-18"), [TOUR]),
    (on("2025-11-19"), [CN_KG]),
    (on("2025-11-20"), [CN_KG]),
    (between("2025-11-21", None), []),
    (on("2025-04-15"), [TOUR]),                        # mid-month
    (on("2024-06-06"), [AGREEMENT]),
    (between("2024-06-07", "2024-12-26"), []),
])
def test_every_event_query_at_event_edges(con, f, expected):
    """The events, their count, summary, counts per period, places, choices and sources follow one rule."""
    events = db.query(con, queries.events(f))
    assert list(events["event_id"]) == expected
    assert db.query(con, queries.events_count(f))["events"].tolist() == [len(expected)]
    assert int(db.query(con, queries.events_summary(f))["events"].iloc[0]) == len(expected)
    per_period = db.query(con, queries.events_by_period(f, bucket="month"))
    marks = sum(len(c.split("|")) for c in events["countries"])      # one per (event, country)
    assert int(per_period["events"].sum()) == marks
    assert list(db.query(con, queries.event_choices(f, search="", limit=50))["event_id"]) == expected
    placed = db.query(con, queries.map_places(f))
    assert int(placed["events"].sum()) == int(events["place_id"].notna().sum())
    for place in events["place_id"].dropna():
        assert list(db.query(con, queries.place_events(f, place_id=place, limit=50))["event_id"]) == \
            list(events[events["place_id"] == place]["event_id"])
    cited = sorted({s for ids in events["source_ids"] for s in ids.split("|")})
    assert list(db.query(con, queries.sources_for_events(f))["source_id"]) == \
        list(db.query(con, queries.sources_for(tuple(cited)))["source_id"])
