"""Timeline and trade pages: the data each Altair chart sends the browser is exactly the filtered
fixture rows, and annual, half-year and year-to-date figures never share a series."""
from __future__ import annotations

import pandas as pd
import pytest
from apptools import VegaChart, assert_clean, captions, event_charts, infos, open_page, vega_charts

AGREEMENT = "2024-06-06-cku-railway-agreement"
LAUNCH = "2024-12-27-cku-construction-launch"
CN_KZ = "2025-04-25-cn-kz-strategic-dialogue"
WANG_YI_TOUR = "2025-04-wang-yi-central-asia-visits"
CN_KG = "2025-11-19-cn-kg-fm-strategic-dialogue"

# tests/fixtures/curated/event_countries.csv, with the countries' names.
EVENT_COUNTRIES = {
    (AGREEMENT, "China"), (AGREEMENT, "Kyrgyzstan"), (AGREEMENT, "Uzbekistan"),
    (LAUNCH, "China"), (LAUNCH, "Kyrgyzstan"), (LAUNCH, "Uzbekistan"),
    (CN_KZ, "China"), (CN_KZ, "Kazakhstan"),
    (WANG_YI_TOUR, "China"), (WANG_YI_TOUR, "Kazakhstan"), (WANG_YI_TOUR, "Kyrgyzstan"),
    (WANG_YI_TOUR, "Uzbekistan"),
    (CN_KG, "China"), (CN_KG, "Kyrgyzstan"),
}


# ---------------------------------------------------------------- timeline

def timeline_data(at) -> pd.DataFrame:
    [chart] = event_charts(at)
    [view] = chart.views()
    return chart.data_of(view)


def test_timeline_draws_every_event_on_each_of_its_countries():
    at = open_page("timeline")
    assert_clean(at)
    [chart] = event_charts(at)
    assert chart.spec["encoding"]["x"]["field"] == "start_date"
    assert chart.spec["encoding"]["x"]["type"] == "temporal"
    data = timeline_data(at)
    assert len(data) == len(EVENT_COUNTRIES)
    assert set(zip(data["event_id"], data["country"])) == EVENT_COUNTRIES


def test_timeline_shows_only_the_filtered_events_on_the_chosen_countries_rows():
    at = open_page("timeline", {"countries": "KGZ", "start": "2025-01-01", "end": "2025-12-31"})
    assert_clean(at)
    data = timeline_data(at)
    assert sorted(zip(data["event_id"], data["country"])) == [(WANG_YI_TOUR, "Kyrgyzstan"), (CN_KG, "Kyrgyzstan")]
    [event] = [s for s in at.selectbox if s.label == "Event"]
    assert event.options == ["2025-11-19 — First China–Kyrgyzstan foreign ministers' strategic dialogue",
                             "2025-04-01 — Wang Yi's visits to Kazakhstan, Uzbekistan and Kyrgyzstan"]


def test_timeline_event_record_shows_participants_and_sources():
    at = open_page("timeline")
    [event] = [s for s in at.selectbox if s.label == "Event"]
    event.set_value(CN_KG).run()
    assert_clean(at)
    people = [df.value for df in at.dataframe if "Name" in df.value.columns]
    assert [list(p["Name"]) for p in people] == [["Wang Yi", "Zheenbek Kulubaev"]]
    assert "Jeenbek Kulubaev, Kulubaev, Kurubayev" in list(people[0]["Other spellings in the sources"])
    assert any("Global Times" in m.value for m in at.markdown)


# ---------------------------------------------------------------- trade

def trade_chart(at) -> VegaChart:
    """The chart of trade figures: the one whose data carries trade ids and period midpoints."""
    found = [c for c in vega_charts(at)
             if any({"trade_id", "mid"} <= set(c.data_of(v).columns) for v in c.views())]
    assert len(found) == 1, f"expected one trade chart, found {len(found)}"
    return found[0]


def figures(chart: VegaChart) -> pd.DataFrame:
    [spans] = [v for v in chart.views() if "x2" in v["encoding"]]
    return chart.data_of(spans)


def set_trade_controls(at, period=None, flow=None, side=None, low=None):
    for label, value in (("Period", period), ("Flow (China's side)", flow)):
        if value is not None:
            [box] = [s for s in at.selectbox if s.label == label]
            box.set_value(value)
    if side is not None:
        [radio] = [r for r in at.radio if r.label == "Statistics of"]
        radio.set_value(side)
    if low is not None:
        [toggle] = [t for t in at.toggle if t.label == "Low-confidence figures"]
        toggle.set_value(low)
    at.run()
    assert_clean(at)
    return at


def period_kinds_on_page(at) -> set[str]:
    """Every period kind found in any dataset of any chart on the page."""
    return {kind for chart in vega_charts(at) for df in chart.datasets.values() if "period_kind" in df
            for kind in df["period_kind"]}


def test_trade_chart_draws_the_annual_china_reported_totals():
    at = open_page("trade")
    assert_clean(at)
    chart = trade_chart(at)
    [spans] = [v for v in chart.views() if "x2" in v["encoding"]]
    assert "US$ billion" in spans["encoding"]["y"]["title"]
    data = figures(chart)
    # trade.csv: t01, t02 (China-KGZ 2023, 2024) and t06 (China-CA5 2024); t03/t04 are Kyrgyz figures.
    assert sorted(data["trade_id"]) == ["t01", "t02", "t06"]
    assert dict(zip(data["trade_id"], data["value_bn"])) == pytest.approx({"t01": 19.8, "t02": 22.7, "t06": 94.8})
    assert period_kinds_on_page(at) == {"year"}
    # The dashed rules are the events within the figures' span (2023-01-01 to 2024-12-31).
    [rules] = [v for v in chart.views() if v["mark"].get("strokeDash")]
    assert sorted(chart.data_of(rules)["title"]) == [
        "China, Kyrgyzstan and Uzbekistan sign the railway agreement",
        "Construction of the China–Kyrgyzstan–Uzbekistan railway launched"]


@pytest.mark.parametrize("period, flow, expected", [
    ("year", "total", ["t01", "t02", "t06"]),
    ("half_year", "total", ["t05"]),
    ("ytd", "export", ["t07"]),
])
def test_trade_periods_never_share_a_series(period, flow, expected):
    at = set_trade_controls(open_page("trade"), period=period, flow=flow)
    data = figures(trade_chart(at))
    assert sorted(data["trade_id"]) == expected
    assert period_kinds_on_page(at) == {period}


def test_trade_without_figures_for_the_choice_says_so():
    at = set_trade_controls(open_page("trade"), period="ytd", flow="total")
    assert not [c for c in vega_charts(at) if "trade_id" in str(c.spec) or any(
        "trade_id" in df for df in c.datasets.values())]
    assert any("year to date (jan–n) figures for this flow match the current filters" in i.lower()
               for i in infos(at))


def test_trade_follows_the_country_filter():
    at = open_page("trade", {"countries": "KGZ"})
    assert sorted(figures(trade_chart(at))["trade_id"]) == ["t01", "t02"]   # not the CA5 total


def test_trade_partner_statistics_and_the_mirror_need_low_confidence_figures():
    at = set_trade_controls(open_page("trade"), side="partner")
    assert not any("trade_id" in df for c in vega_charts(at) for df in c.datasets.values())
    at = set_trade_controls(at, low=True)
    assert sorted(figures(trade_chart(at))["trade_id"]) == ["t03", "t04"]
    assert any("the partner's own statistics" in c for c in captions(at))

    [mirror] = [c for c in vega_charts(at) if "layer" not in c.spec
                and c.spec["encoding"].get("color", {}).get("field") == "side"]
    long = mirror.data_of(mirror.spec)
    assert sorted(zip(long["period_label"], long["side"], long["value_bn"].round(4))) == [
        ("2023", "China-reported", 19.8), ("2023", "Partner-reported", 5.3),
        ("2024", "China-reported", 22.7), ("2024", "Partner-reported", 6.1)]
