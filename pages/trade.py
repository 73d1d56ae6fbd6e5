"""Trade page (layout only): China's trade with the chosen partners, both sides' statistics, events."""
import streamlit as st

from dashboard import charts, ui

f = ui.filters()
st.title("Trade with China")

PERIODS = {"year": "Annual", "half_year": "First half (Jan–Jun)", "ytd": "Year to date (Jan–N)"}
FLOWS = {"total": "Total trade (exports + imports)", "export": "China's exports to the partner",
         "import": "China's imports from the partner"}
c1, c2, c3, c4 = st.columns([1.2, 1.6, 1.2, 1])
period_kind = c1.selectbox("Period", list(PERIODS), format_func=PERIODS.get,
                           help="Annual, half-year and year-to-date figures are never drawn as one series.")
flow = c2.selectbox("Flow (China's side)", list(FLOWS), format_func=FLOWS.get)
side = c3.radio("Statistics of", ["china", "partner"], horizontal=True,
                format_func={"china": "China", "partner": "Partner"}.get)
include_low = c4.toggle("Low-confidence figures", value=False,
                        help="Figures that conflict with others, have an unclear basis or were converted "
                             "by the source. Off by default.")

series = ui.load("trade_series", f, flow, period_kind, side, include_low)
events = ui.load("events", f)
who = "China's customs statistics" if side == "china" else "the partner's own statistics"
if side == "partner":
    flow_words = {"total": "total trade", "export": "the partner's imports from China",
                  "import": "the partner's exports to China"}[flow]
else:
    flow_words = FLOWS[flow].lower()
st.subheader(f"{PERIODS[period_kind]} {flow_words}, US$ billion")
if series.empty:
    ui.empty(f"{PERIODS[period_kind].lower()} figures for this flow", f)
else:
    chart = charts.trade_chart(series, events, f"US$ billion ({who})", connect=period_kind != "ytd")
    st.altair_chart(chart, width="stretch")
    ui.caption(f, f"{len(series)} figures from {who}; grey dashed lines mark the filter's events "
                  f"({len(events)}). Each figure spans the months it covers")
    if series["yoy_pct"].notna().any():
        st.markdown("**Growth, as the sources state it**")
        st.altair_chart(charts.growth_chart(series), width="stretch")
        ui.caption(f, "Year-on-year change in % as given by each source (not recomputed)")

st.subheader("China-reported versus partner-reported")
st.markdown(
    "The same flow is recorded twice: China's exports to Kyrgyzstan are Kyrgyzstan's imports from China. "
    "The two figures often differ widely. Imports are valued with freight and insurance (CIF), exports "
    "without (FOB); goods may be attributed to the country of origin by one side and to the country of "
    "consignment by the other; re-exports and transit through Central Asia, informal or shuttle trade and "
    "under-reporting at the border, timing and currency conversion all add to the gap. We show both and "
    "never average them.")
mirror = ui.load("trade_mirror", f, include_low)
if mirror.empty:
    ui.empty("pairs of China- and partner-reported figures", f)
else:
    long = charts.mirror_frame(mirror)
    st.altair_chart(charts.mirror_chart(long).properties(height=max(220, 34 * len(mirror))), width="stretch")
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
    ui.caption(f, f"{len(mirror)} matched pairs (same partner, flow and period)")
