"""Trade page (layout only): China's trade with the chosen partners, both sides' statistics, events,
and, when Comtrade product lines are loaded, what is traded (HS chapters and products).

Every chart gets a bounded frame: series and pairs at most settings.MAX_ROWS, events drawn only when
few, product rankings cut to the top few in SQL.
"""
import streamlit as st

from dashboard import charts, queries, ui
from dashboard.settings import (MAX_ROWS, MIRROR_CHART_PAIRS, TOP_CHAPTERS, TOP_PRODUCTS, TRADE_EVENT_MARKS,
                                TREND_CHAPTERS)

f = ui.filters()
st.title("Trade with China")

PERIODS = {"year": "Annual", "half_year": "First half (Jan–Jun)", "ytd": "Year to date (Jan–N)",
           "month": "Monthly"}
FLOWS = {"total": "Total trade (exports + imports)", "export": "China's exports to the partner",
         "import": "China's imports from the partner"}
c1, c2, c3, c4 = st.columns([1.2, 1.6, 1.2, 1])
period_kind = c1.selectbox("Period", list(PERIODS), format_func=PERIODS.get,
                           help="Annual, half-year, year-to-date and monthly figures are never drawn as "
                                "one series.")
flow = c2.selectbox("Flow (China's side)", list(FLOWS), format_func=FLOWS.get)
side = c3.radio("Statistics of", ["china", "partner"], horizontal=True,
                format_func={"china": "China", "partner": "Partner"}.get)
include_low = c4.toggle("Low-confidence figures", value=False,
                        help="Figures that conflict with others, have an unclear basis or were converted "
                             "by the source. Off by default.")

series = ui.load(queries.trade_series(f, flow=flow, period=period_kind, side=side, include_low=include_low,
                                        limit=MAX_ROWS + 1))
who = "China's customs statistics" if side == "china" else "the partner's own statistics"
if side == "partner":
    flow_words = {"total": "total trade", "export": "the partner's imports from China",
                  "import": "the partner's exports to China"}[flow]
else:
    flow_words = FLOWS[flow].lower()
st.header(f"{PERIODS[period_kind]} {flow_words}, US$ billion")
if series.empty:
    ui.empty(f"{PERIODS[period_kind].lower()} figures for this flow", f)
else:
    cut = len(series) > MAX_ROWS
    series = series.head(MAX_ROWS)
    events, event_total = ui.event_marks(f, series["period_start"].min(), series["period_end"].max())
    chart = charts.trade_chart(series, events, f"US$ billion ({who})", connect=period_kind != "ytd")
    ui.chart(chart, charts.trade_alt(series, f"{PERIODS[period_kind].lower()} {flow_words} in {who}"),
             series[["partner_iso3", "period_label", "flow", "value_usd", "yoy_pct", "source_id"]], "trade_chart",
             width="stretch")
    marks = (f"grey dashed lines mark the filter's events in that span ({event_total:,})"
             if len(events) else
             f"the filter has {event_total:,} events in that span: too many to mark (more than "
             f"{TRADE_EVENT_MARKS:,}), narrow the filter (e.g. event types) to see them" if event_total else
             "no event of the filter falls in that span")
    ui.caption(f, f"{len(series):,} figures from {who}; {marks}. Each figure spans the months it covers")
    if cut:
        st.caption(f"Only the first {MAX_ROWS:,} figures are drawn; narrow the filter to see the rest.")
    if series["yoy_pct"].notna().any():
        st.markdown("**Growth, as the sources state it**")
        ui.chart(charts.growth_chart(series), charts.growth_alt(series),
                 series.dropna(subset=["yoy_pct"])[["partner_iso3", "period_label", "yoy_pct", "source_id"]],
                 "growth_chart", width="stretch")
        ui.caption(f, "Year-on-year change in % as given by each source (not recomputed)")

if bool(ui.load(queries.trade_has_products()).iloc[0, 0]):
    st.header(f"What is traded: {flow_words} by HS chapter and product")
    with ui.guard(), st.spinner("Ranking HS chapters and products from the product lines…", show_time=True):
        chapter_years = ui.load(queries.trade_top_chapters(f, flow=flow, side=side, include_low=include_low,
                                                                limit=TOP_CHAPTERS))
        if chapter_years.empty:
            ui.empty(f"product lines (HS6) for {flow_words}", f)
        else:
            basis = ("annual figures, or the sum of a year's monthly figures where a year has no annual ones "
                     "(never both); every year the filter's dates touch")
            chapters = charts.chapter_totals(chapter_years)
            ui.chart(charts.chapters_chart(chapters).properties(height=max(160, 30 * len(chapters))),
                     charts.chapters_alt(chapters), chapters, "chapters_chart", width="stretch")
            ui.caption(f, f"The top {len(chapters)} HS chapters (first two digits of the HS code) by value in "
                          f"{who}, summed from HS6 product lines: {basis}")
            products = ui.load(queries.trade_top_products(f, flow=flow, side=side, include_low=include_low,
                                                              limit=TOP_PRODUCTS))
            st.dataframe(products.assign(value_bn=products["value_usd"] / 1e9)[
                ["commodity_code", "description", "chapter", "value_bn"]], hide_index=True, width="stretch",
                column_config={"commodity_code": "HS6 product", "description": "Description", "chapter": "Chapter",
                               "value_bn": st.column_config.NumberColumn("US$ bn", format="%.3f")})
            ui.caption(f, f"The top {len(products)} HS6 products by value, summed the same way")
            trend = chapter_years[chapter_years["rank"] <= TREND_CHAPTERS]
            ui.chart(charts.chapter_trend_chart(trend), charts.chapter_trend_alt(trend),
                     trend[["year", "chapter", "description", "value_usd", "months"]], "chapter_trend_chart",
                     width="stretch")
            partial = sorted({int(y) for y in chapter_years.loc[chapter_years["months"] < 12, "year"]})
            partial_note = (f" Hollow points are partial years (fewer than 12 months reported): "
                            f"{', '.join(map(str, partial))}; the rankings above include them as reported."
                            if partial else "")
            ui.caption(f, f"The top {trend['chapter'].nunique()} chapters year by year: {basis}.{partial_note}")

st.header("China-reported versus partner-reported")
st.markdown(
    "The same flow is recorded twice: China's exports to Kyrgyzstan are Kyrgyzstan's imports from China. "
    "The two figures often differ widely. Imports are valued with freight and insurance (CIF), exports "
    "without (FOB); goods may be attributed to the country of origin by one side and to the country of "
    "consignment by the other; re-exports and transit through Central Asia, informal or shuttle trade and "
    "under-reporting at the border, timing and currency conversion all add to the gap. We show both and "
    "never average them.")
mirror = ui.load(queries.trade_mirror(f, include_low=include_low, period=period_kind, limit=MAX_ROWS + 1))
if mirror.empty:
    ui.empty(f"pairs of China- and partner-reported {PERIODS[period_kind].lower()} figures", f)
else:
    cut = len(mirror) > MAX_ROWS
    mirror = mirror.head(MAX_ROWS)
    drawn = charts.latest_pairs(mirror, MIRROR_CHART_PAIRS)
    long = charts.mirror_frame(drawn)
    st.altair_chart(ui.served(charts.mirror_chart(long).properties(height=max(220, 34 * len(drawn)),
                                                                   description=charts.mirror_alt(drawn))),
                    width="stretch")
    st.caption(charts.mirror_alt(drawn))           # the table below is this chart's data
    if len(drawn) < len(mirror):
        st.caption(f"The chart shows the {len(drawn)} pairs with the latest periods; the table lists all "
                   f"{len(mirror):,}.")
    table = mirror.assign(
        china_bn=mirror["china_reported_usd"] / 1e9, partner_bn=mirror["partner_reported_usd"] / 1e9,
        gap_bn=mirror["gap_usd"] / 1e9,
    )[["partner_iso3", "period_label", "flow_china_side", "china_bn", "partner_bn", "gap_bn", "gap_pct",
       "china_source_id", "partner_source_id", "low_confidence"]]
    st.dataframe(table, hide_index=True, width="stretch", column_config={
        "partner_iso3": "Partner", "period_label": "Period", "flow_china_side": "Flow (China's side)",
        "china_bn": st.column_config.NumberColumn("China-reported, US$ bn", format="%.2f"),
        "partner_bn": st.column_config.NumberColumn("Partner-reported, US$ bn", format="%.2f"),
        "gap_bn": st.column_config.NumberColumn("Gap, US$ bn", format="%.2f"),
        "gap_pct": st.column_config.NumberColumn("Gap, % of partner figure", format="%.0f%%"),
        "china_source_id": "China-side source", "partner_source_id": "Partner-side source",
        "low_confidence": "Low confidence"})
    ui.caption(f, f"{len(mirror):,} matched {PERIODS[period_kind].lower()} pairs (same partner, flow and period)")
    if cut:
        st.caption(f"Only the first {MAX_ROWS:,} pairs are listed; narrow the filter to see the rest.")
