"""Chart layer: pure builders, DataFrame in, `alt.Chart` / `pdk.Deck` out; testable without Streamlit.

Imports json, math, pandas, altair, pydeck and dashboard.settings only. Builders never query the database.
"""
from __future__ import annotations

import json
import math

import altair as alt
import pandas as pd
import pydeck as pdk
from pydeck.bindings import json_tools

from .settings import COUNTRY_NAMES, EVENT_TYPE_LABELS

# Altair checks every part of a chart against the Vega-Lite schema as it is built, then the whole
# chart again when it is serialised (Streamlit's to_dict() and the tests'). The first pass was a
# third of the trade page's time; the second still refuses any invalid chart. Encodings are given
# as channel objects (alt.X(...)), never as bare strings: Altair turns a string into a channel by
# re-hashing its whole schema catalogue (about 8 ms per string).
alt.utils.schemapi.disable_debug_mode()

# Map colours (RGBA) by place kind; the legend on the map page uses the same table.
PLACE_COLORS = {
    "capital": [33, 102, 172, 230],
    "city": [67, 147, 195, 230],
    "border_crossing": [214, 96, 77, 240],
    "railway_node": [90, 90, 90, 240],
    "airport": [118, 42, 131, 230],
    "other": [120, 120, 120, 200],
}
PLACE_KIND_LABELS = {
    "capital": "Capital", "city": "City", "border_crossing": "Border crossing",
    "railway_node": "Railway node", "airport": "Airport", "other": "Other",
}
# Label placement (pixel offset, text anchor) by place kind, and for the few places that crowd
# together in the Fergana valley and at the Chinese border at regional zoom.
LABEL_ABOVE = ([0, -14], "middle")
LABEL_BELOW = ([0, 14], "middle")
LABEL_RIGHT = ([9, 0], "start")
LABEL_LEFT = ([-9, 0], "end")
LABEL_BY_KIND = {"border_crossing": LABEL_RIGHT, "railway_node": LABEL_BELOW}
LABEL_BY_PLACE = {"andijan": LABEL_LEFT, "jalal_abad": LABEL_ABOVE}
EVENT_COLOR = [200, 30, 45, 150]
MAX_EVENT_RADIUS = 51        # pixels: the circle of the place with the most events (25 events at 9 px each)
ROUTE_COLOR = [20, 20, 20, 230]
FOCUS_FILL = [244, 232, 200, 170]
OTHER_FILL = [225, 225, 225, 120]
OUTLINE = [110, 90, 60, 255]

# One-click views (lat, lon, zoom).
VIEWS = {
    "Region": (44.5, 71.0, 3.9),
    "Wide": (40.0, 88.0, 2.9),
    "Bishkek": (42.8747, 74.6122, 9.0),
    "Almaty": (43.2775, 76.8958, 9.0),
    "Astana": (51.1667, 71.4333, 9.0),
    "Bedel Pass": (41.4083, 78.4083, 8.0),
}
CARTO_LIGHT = "https://basemaps.cartocdn.com/gl/positron-gl-style/style.json"


def _tooltip_html() -> dict:
    return {"html": "{tip}", "style": {"fontSize": "12px", "maxWidth": "320px"}}


class CompactDeck(pdk.Deck):
    """A Deck whose JSON has no indentation: pydeck indents by two spaces, which made the map page's
    spec (what Streamlit sends on every rerun) about four times its size."""

    def to_json(self) -> str:
        return json.dumps(self, sort_keys=True, default=json_tools.default_serialize, separators=(",", ":"))


def map_deck(outlines: dict | str, places: pd.DataFrame, paths: pd.DataFrame, view: tuple[float, float, float],
             basemap: bool = True) -> pdk.Deck:
    """Country outlines, railway paths, places by kind and events sized by count.

    `outlines` is the GeoJSON itself or the URL the browser fetches it from (the app serves it as a
    static file, so the browser loads it once and caches it instead of receiving it every rerun)."""
    outlines = pdk.Layer(
        "GeoJsonLayer", data=outlines, id="countries", stroked=True, filled=True, pickable=False,
        get_fill_color=f"properties.focus ? {FOCUS_FILL} : {OTHER_FILL}",
        get_line_color=OUTLINE, line_width_min_pixels=1.2,
    )
    layers = [outlines]
    if not paths.empty:
        route = paths.assign(
            path=[[[float(x) for x in point] for point in path] for path in paths["path"]],
            tip=[
                f"<b>{r.name}</b><br/>{r.via}<br/>Status: {(r.status if isinstance(r.status, str) and r.status else 'unknown').replace('_', ' ')}"
                f" ({pd.Timestamp(r.status_date).date() if pd.notna(r.status_date) else 'n/a'})"
                for r in paths.itertuples()
            ],
        )[["name", "path", "tip"]]
        # A railway look: a white casing under a dark line.
        layers.append(pdk.Layer("PathLayer", data=route, id="routes_casing", get_path="path",
                                get_color=[255, 255, 255, 230], width_min_pixels=7, pickable=False))
        layers.append(pdk.Layer("PathLayer", data=route, id="routes", get_path="path",
                                get_color=ROUTE_COLOR, width_min_pixels=3, pickable=True))
    if not places.empty:
        pts = places.assign(
            color=[PLACE_COLORS.get(k, PLACE_COLORS["other"]) for k in places["kind"]],
            tip=[
                f"<b>{r.name}</b> {r.name_local if isinstance(r.name_local, str) else ''}<br/>{PLACE_KIND_LABELS.get(r.kind, r.kind)}, "
                f"{COUNTRY_NAMES.get(r.country_iso3, r.country_iso3)}<br/>{counted(int(r.events), 'event', 'events')} in the filter"
                for r in places.itertuples()
            ],
        )
        layers.append(pdk.Layer(
            "ScatterplotLayer", data=pts[["name", "lon", "lat", "color", "tip"]], id="places",
            get_position=["lon", "lat"], get_fill_color="color", get_radius=5, radius_units="'pixels'",
            stroked=True, get_line_color=[255, 255, 255], line_width_min_pixels=1, pickable=True,
        ))
        with_events = pts[pts["events"] > 0]
        if not with_events.empty:
            # Area grows with the count: 9 px per sqrt(event), scaled down when the largest place
            # would pass MAX_EVENT_RADIUS (with a million events, a place may hold 100,000).
            root = with_events["events"].astype(float) ** 0.5
            per_root = min(9.0, (MAX_EVENT_RADIUS - 6) / root.max())
            ev = with_events.assign(
                radius=root * per_root + 6,
                tip=[
                    f"<b>{r.name}: {counted(int(r.events), 'event', 'events')}</b><br/>"
                    f"{(r.event_titles if isinstance(r.event_titles, str) else '')[:400]}"
                    "<br/><i>Click for the records</i>"
                    for r in with_events.itertuples()
                ],
            )
            layers.insert(1, pdk.Layer(
                "ScatterplotLayer", data=ev[["place_id", "name", "lon", "lat", "radius", "events", "tip"]],
                id="events", get_position=["lon", "lat"], get_radius="radius", radius_units="'pixels'",
                get_fill_color=EVENT_COLOR, stroked=True, get_line_color=[120, 0, 10, 220],
                line_width_min_pixels=1, pickable=True, auto_highlight=True,
            ))
        placement = [LABEL_BY_PLACE.get(p, LABEL_BY_KIND.get(k, LABEL_ABOVE))
                     for p, k in zip(pts["place_id"], pts["kind"])]
        labels = pts.assign(offset=[p[0] for p in placement], anchor=[p[1] for p in placement])[
            ["name", "lon", "lat", "offset", "anchor"]]
        layers.append(pdk.Layer(
            "TextLayer", data=labels, id="labels", get_position=["lon", "lat"],
            get_text="name", get_size=12, get_color=[30, 30, 30, 255], get_pixel_offset="offset",
            get_text_anchor="anchor", font_family="'sans-serif'", character_set="'auto'",
        ))
    lat, lon, zoom = view
    state = pdk.ViewState(latitude=lat, longitude=lon, zoom=zoom, min_zoom=1.5, max_zoom=14)
    if basemap:
        return CompactDeck(layers=layers, initial_view_state=state, tooltip=_tooltip_html(),
                           map_provider="carto", map_style=CARTO_LIGHT)
    return CompactDeck(layers=layers, initial_view_state=state, tooltip=_tooltip_html(), map_provider=None)


def timeline_rows(events: pd.DataFrame, countries: tuple[str, ...]) -> pd.DataFrame:
    """One row per (event, country involved), limited to the chosen countries when there are any."""
    if events.empty:
        return pd.DataFrame(columns=["event_id", "start_date", "end_date", "title", "event_type", "type",
                                     "country", "place_name"])
    rows = events.assign(country_code=events["countries"].fillna("").str.split("|")).explode("country_code")
    if countries:
        rows = rows[rows["country_code"].isin(countries)]
    return rows.assign(
        country=rows["country_code"].map(lambda c: COUNTRY_NAMES.get(c, c)),
        type=rows["event_type"].map(lambda t: EVENT_TYPE_LABELS.get(t, t)),
        place_name=rows["place_name"].fillna("(no single place)"),
    )[["event_id", "start_date", "end_date", "title", "event_type", "type", "country", "place_name"]]


def timeline_chart(rows: pd.DataFrame, window=None) -> alt.Chart:
    """Events along time by country and type; drag to pan, scroll to zoom, click to pick.

    `window` (start, end) sets the initial x range; the rest is reached by panning or zooming out.
    """
    scale = alt.Scale(domain=[window[0].isoformat(), window[1].isoformat()]) if window else alt.Undefined
    pick = alt.selection_point(name="pick", fields=["event_id"], on="click", clear="dblclick")
    zoom = alt.selection_interval(name="zoom", bind="scales", encodings=["x"])
    base = alt.Chart(rows).encode(
        x=alt.X("start_date:T", title="Date (zoom with the mouse wheel, drag to pan)", scale=scale),
        y=alt.Y("country:N", title="Country involved", sort=list(COUNTRY_NAMES.values())),
        tooltip=[
            alt.Tooltip("title:N", title="Event"),
            alt.Tooltip("start_date:T", title="Start", format="%Y-%m-%d"),
            alt.Tooltip("end_date:T", title="End", format="%Y-%m-%d"),
            alt.Tooltip("type:N", title="Type"),
            alt.Tooltip("place_name:N", title="Place"),
        ],
    )
    points = base.mark_point(size=140, filled=True, opacity=0.85).encode(
        color=alt.Color("type:N", title="Event type"),
        shape=alt.Shape("type:N", title="Event type"),
    ).add_params(pick, zoom)
    return points.properties(height=alt.Step(46), width="container")


def since_text(day, precision: str) -> str:
    """A date as its precision allows: '24 Jan 2024', 'Jun 2018', '2019'."""
    d = pd.Timestamp(day)
    return {"day": f"{d.day} {d:%b %Y}", "month": f"{d:%b %Y}"}.get(precision, f"{d.year}")


def partnership_rows(levels: pd.DataFrame, until) -> pd.DataFrame:
    """One bar per level: from valid_from to valid_to (or `until`, the end of the record, when in
    force), with the from–to in words for the tooltip."""
    cols = ["country", "level", "valid_from", "bar_end", "period", "event_title", "in_force"]
    if levels.empty:
        return pd.DataFrame(columns=cols)
    until = pd.Timestamp(until)
    return levels.assign(
        valid_from=pd.to_datetime(levels["valid_from"]),
        bar_end=pd.to_datetime(levels["valid_to"]).fillna(until),
        period=[f"{since_text(a, p)} – " + (since_text(b, "day") if pd.notna(b) else "in force")
                for a, p, b in zip(levels["valid_from"], levels["date_precision"], levels["valid_to"])],
        event_title=levels["event_title"].fillna("(no event recorded)"),
        in_force=levels["valid_to"].isna(),
    )[cols]


def partnership_chart(rows: pd.DataFrame) -> alt.LayerChart:
    """Each state's partnership level with China as a band along time; the level in force is written
    at the right end of its row (earlier levels, often short, say theirs on hover)."""
    base = alt.Chart(rows).encode(
        y=alt.Y("country:N", title=None, sort=list(COUNTRY_NAMES.values())),
        tooltip=[alt.Tooltip("country:N", title="Country"), alt.Tooltip("level:N", title="Partnership"),
                 alt.Tooltip("period:N", title="From – to"), alt.Tooltip("event_title:N", title="Announced at")],
    )
    bars = base.mark_bar(height=22, stroke="white", strokeWidth=2).encode(
        x=alt.X("valid_from:T", title="Partnership level with China (hover for its words and dates)"),
        x2="bar_end:T",
        # light fills so the black label stays readable: earlier levels grey, the one in force blue
        color=alt.Color("in_force:N", legend=None,
                        scale=alt.Scale(domain=[False, True], range=["#d4d4d4", "#9ecae1"])),
    )
    labels = base.transform_filter(alt.datum.in_force).mark_text(
        align="right", dx=-4, fontSize=11, color="black", limit=420).encode(x="bar_end:T", text="level:N")
    return alt.layer(bars, labels).properties(height=alt.Step(34), width="container")


def partnership_alt(levels: pd.DataFrame) -> str:
    """The band chart in a sentence."""
    if levels.empty:
        return "No partnership levels are recorded for the chosen countries."
    current = levels[levels["valid_to"].isna()]
    said = "; ".join(f"{r.country}: {r.level} since {since_text(r.valid_from, r.date_precision)}"
                     for r in current.itertuples())
    states = levels["country"].nunique()
    return (f"{len(levels)} partnership level{'s' if len(levels) != 1 else ''} of {states} "
            f"state{'s' if states != 1 else ''} with China, one band "
            f"per level from its announcement to the next. In force: {said}.")


def timeline_window(rows: pd.DataFrame, years: int = 3) -> tuple[pd.Timestamp, pd.Timestamp] | None:
    """The initial x range: the last `years` years when the events span much longer, else all."""
    if rows.empty:
        return None
    first, last = pd.Timestamp(rows["start_date"].min()), pd.Timestamp(rows["start_date"].max())
    if last - first <= pd.Timedelta(days=365 * (years + 2)):
        return None
    return last - pd.DateOffset(years=years), last + pd.DateOffset(months=2)


IMPORT_PREFIX = "comtrade-"   # source ids of UN Comtrade imports (data/README.md)


def money(value: float) -> str:
    """A US$ amount as the pages and the brief write it: 'US$ 22.70 bn', 'US$ 5.3 m', 'US$ 800'."""
    if value >= 1e9:
        return f"US$ {value / 1e9:,.2f} bn"
    if value >= 1e6:
        return f"US$ {value / 1e6:,.1f} m"
    return f"US$ {value:,.0f}"


def _billions(df: pd.DataFrame) -> pd.DataFrame:
    return df.assign(value_bn=df["value_usd"] / 1e9)


def trade_chart(series: pd.DataFrame, events: pd.DataFrame, value_title: str, connect: bool) -> alt.LayerChart:
    """Trade values over time (each figure spans its period) with the filter's events as rules."""
    data = _billions(series).assign(
        partner=series["partner_iso3"].map(lambda c: COUNTRY_NAMES.get(c, c)),
        mid=series["period_start"] + (series["period_end"] - series["period_start"]) / 2,
        bound=series["is_lower_bound"].map({True: "lower bound", False: ""}),
        origin=series["source_id"].astype(str).str.startswith(IMPORT_PREFIX),
    ).sort_values(["partner_iso3", "origin", "period_start"], kind="stable")
    # A line joins consecutive periods of one partner from one kind of source (UN Comtrade imports
    # or the curated reports) only: a gap of more than a year, or the other kind, starts a new segment.
    same = data.groupby(["partner_iso3", "origin"])["period_start"]
    gap = (same.diff() > pd.Timedelta(days=400)) | (same.cumcount().eq(0)
                                                     & data["partner_iso3"].duplicated())
    data = data.assign(segment=data["partner"] + "-" + gap.cumsum().astype(str)).drop(columns="origin")
    tooltip = [
        alt.Tooltip("partner:N", title="Partner"),
        alt.Tooltip("period_label:N", title="Period"),
        alt.Tooltip("value_bn:Q", title="US$ billion", format=",.2f"),
        alt.Tooltip("yoy_pct:Q", title="Growth, % y/y (as stated)", format="+.1f"),
        alt.Tooltip("bound:N", title="Note"),
        alt.Tooltip("source:N", title="Source"),
    ]
    color = alt.Color("partner:N", title="China's partner", scale=alt.Scale(scheme="tableau10"))
    # The layers sharing `data` take it from the layer chart: given to each, Altair would serialise
    # it once per layer to tell them apart (most of this chart's cost at a thousand figures).
    spans = alt.Chart().mark_rule(strokeWidth=3, opacity=0.6).encode(
        x=alt.X("period_start:T", title="Period (each figure spans the period it covers)"),
        x2=alt.X2("period_end:T"), y=alt.Y("value_bn:Q", title=value_title), color=color, tooltip=tooltip,
    )
    points = alt.Chart().mark_point(filled=True, size=60).encode(
        x=alt.X("mid:T"), y=alt.Y("value_bn:Q"), color=color, tooltip=tooltip,
    )
    layers = [spans, points]
    if connect:
        layers.append(alt.Chart().mark_line(strokeWidth=1.2, opacity=0.7).encode(
            x=alt.X("mid:T"), y=alt.Y("value_bn:Q"), color=color, detail=alt.Detail("segment:N")))
    events = events[(events["start_date"] >= data["period_start"].min())
                    & (events["start_date"] <= data["period_end"].max())] if not events.empty else events
    if not events.empty:
        marks = events[["start_date", "title", "event_type"]].assign(
            type=events["event_type"].map(lambda t: EVENT_TYPE_LABELS.get(t, t)))
        layers.append(alt.Chart(marks).mark_rule(strokeDash=[4, 3], color="#888", opacity=0.8).encode(
            x=alt.X("start_date:T"),
            tooltip=[alt.Tooltip("title:N", title="Event"), alt.Tooltip("start_date:T", title="Date"),
                     alt.Tooltip("type:N", title="Type")],
        ))
    return alt.layer(*layers, data=data).properties(height=360, width="container").interactive(bind_y=False)


def growth_chart(series: pd.DataFrame) -> alt.Chart:
    """Year-on-year growth as the sources state it (we do not compute growth across sources)."""
    data = series.dropna(subset=["yoy_pct"]).assign(
        partner=lambda d: d["partner_iso3"].map(lambda c: COUNTRY_NAMES.get(c, c)))
    return alt.Chart(data).mark_bar().encode(
        x=alt.X("period_label:N", title="Period", sort=alt.EncodingSortField(field="period_start", op="min")),
        xOffset=alt.XOffset("partner:N"),
        y=alt.Y("yoy_pct:Q", title="% change on a year earlier"),
        color=alt.Color("partner:N", title="China's partner", scale=alt.Scale(scheme="tableau10")),
        tooltip=[alt.Tooltip("partner:N", title="Partner"), alt.Tooltip("period_label:N", title="Period"),
                 alt.Tooltip("yoy_pct:Q", title="% y/y", format="+.1f"), alt.Tooltip("source:N", title="Source")],
    ).properties(height=240, width="container")


FLOW_WORDS = {"export": "China's exports", "import": "China's imports", "total": "Total trade"}


def mirror_frame(mirror: pd.DataFrame) -> pd.DataFrame:
    """Long form of China- vs partner-reported pairs, one row per (pair, side)."""
    if mirror.empty:
        return pd.DataFrame(columns=["pair", "partner", "side", "value_bn", "period_label", "flow"])
    base = mirror.assign(
        partner=mirror["partner_iso3"].map(lambda c: COUNTRY_NAMES.get(c, c)),
        flow=mirror["flow_china_side"].map(FLOW_WORDS),
        pair=lambda d: d["partner"] + " · " + d["period_label"] + " · " + d["flow"],
    )
    # Two pairs of one flow and period (another source on either side) get their own bars, not one
    # stacked bar of both: the second is labelled "(2)", and so on.
    nth = base.groupby("pair").cumcount()
    base = base.assign(pair=base["pair"] + nth.map(lambda n: f" ({n + 1})" if n else ""))
    china = base.assign(side="China-reported", value_bn=base["china_reported_usd"] / 1e9, source_id=base["china_source_id"])
    partner = base.assign(side="Partner-reported", value_bn=base["partner_reported_usd"] / 1e9,
                          source_id=base["partner_source_id"])
    return pd.concat([china, partner], ignore_index=True)


def latest_pairs(mirror: pd.DataFrame, n: int) -> pd.DataFrame:
    """The `n` pairs with the latest periods, in the mirror's own order (for a chart of bounded height)."""
    if len(mirror) <= n:
        return mirror
    keep = mirror.sort_values(["period_start", "period_end"], kind="stable").index[-n:]
    return mirror[mirror.index.isin(keep)]


def mirror_chart(long: pd.DataFrame) -> alt.Chart:
    """The same flow as each side reports it, bars side by side."""
    return alt.Chart(long).mark_bar().encode(
        y=alt.Y("pair:N", title=None, sort=None, axis=alt.Axis(labelLimit=320)),
        yOffset=alt.YOffset("side:N"),
        x=alt.X("value_bn:Q", title="US$ billion"),
        color=alt.Color("side:N", title="Whose statistics",
                        scale=alt.Scale(domain=["China-reported", "Partner-reported"], range=["#c0392b", "#2c7fb8"])),
        tooltip=[alt.Tooltip("pair:N", title="Flow"), alt.Tooltip("side:N", title="Reported by"),
                 alt.Tooltip("value_bn:Q", title="US$ billion", format=",.2f"),
                 alt.Tooltip("source_id:N", title="Source id")],
    ).properties(width="container")


# ---------------------------------------------------------------- many events: counts per period

PERIOD_FORMATS = {"month": "%Y-%m", "quarter": "%Y-%m (quarter)", "year": "%Y"}


def period_rows(counts: pd.DataFrame) -> pd.DataFrame:
    """events_by_period rows with the country's and the type's names, for timeline_summary_chart."""
    return counts.assign(
        country=counts["country_iso3"].map(lambda c: COUNTRY_NAMES.get(c, c)),
        type=counts["event_type"].map(lambda t: EVENT_TYPE_LABELS.get(t, t)),
    )


def timeline_summary_chart(rows: pd.DataFrame, bucket: str) -> alt.Chart:
    """Events per period by country and type: one circle per (period, country, type), its area
    growing with the count. For filters with too many events to draw one by one."""
    zoom = alt.selection_interval(name="zoom", bind="scales", encodings=["x"])
    return alt.Chart(rows).mark_circle(opacity=0.8).encode(
        x=alt.X("period_start:T", title=f"Start of the {bucket} (zoom with the mouse wheel, drag to pan)"),
        y=alt.Y("country:N", title="Country involved", sort=list(COUNTRY_NAMES.values())),
        yOffset=alt.YOffset("type:N"),
        size=alt.Size("events:Q", title=f"Events per {bucket}", scale=alt.Scale(range=[12, 500])),
        color=alt.Color("type:N", title="Event type"),
        tooltip=[
            alt.Tooltip("period_start:T", title=bucket.capitalize(), format=PERIOD_FORMATS[bucket]),
            alt.Tooltip("country:N", title="Country"),
            alt.Tooltip("type:N", title="Type"),
            alt.Tooltip("events:Q", title="Events", format=","),
        ],
    ).add_params(zoom).properties(height=max(120, 64 * rows["country"].nunique()), width="container")


# ---------------------------------------------------------------- trade: what is traded

def _chapter_label(df: pd.DataFrame) -> pd.Series:
    return df["chapter"] + " · " + df["description"]


def chapter_totals(chapter_years: pd.DataFrame) -> pd.DataFrame:
    """One row per chapter (rank, chapter, description, value_usd: its total), largest first, from
    trade_top_chapters' rows of chapter and year."""
    totals = chapter_years.drop_duplicates("chapter")[["rank", "chapter", "description", "chapter_value_usd"]]
    return totals.rename(columns={"chapter_value_usd": "value_usd"}).sort_values("rank").reset_index(drop=True)


def chapters_chart(chapters: pd.DataFrame) -> alt.Chart:
    """The top HS chapters by value, as bars (largest first)."""
    data = _billions(chapters).assign(label=_chapter_label(chapters))
    return alt.Chart(data).mark_bar().encode(
        y=alt.Y("label:N", title="HS chapter", sort="-x", axis=alt.Axis(labelLimit=320)),
        x=alt.X("value_bn:Q", title="US$ billion, summed over the years"),
        tooltip=[alt.Tooltip("label:N", title="HS chapter"),
                 alt.Tooltip("value_bn:Q", title="US$ billion", format=",.3f")],
    ).properties(width="container")


def chapter_trend_chart(trend: pd.DataFrame) -> alt.LayerChart:
    """Yearly value of each chapter; hollow points mark partial years (fewer than 12 months)."""
    data = _billions(trend).assign(
        label=_chapter_label(trend),
        year_is=trend["months"].map(lambda m: "complete" if m >= 12 else "partial"),
    )
    color = alt.Color("label:N", title="HS chapter", legend=alt.Legend(labelLimit=320))
    tooltip = [alt.Tooltip("label:N", title="HS chapter"), alt.Tooltip("year:O", title="Year"),
               alt.Tooltip("value_bn:Q", title="US$ billion", format=",.3f"),
               alt.Tooltip("basis:N", title="Made of")]
    base = alt.Chart().encode(x=alt.X("year:O", title="Year"),
                                  y=alt.Y("value_bn:Q", title="US$ billion"), color=color)
    line = base.mark_line(strokeWidth=1.5)
    points = base.mark_point(size=60, filled=False).encode(
        # alt.condition gives a dict, which Altair would turn into a channel the slow way (see top).
        fill=alt.FillValue(**alt.condition(alt.datum.year_is == "complete", color, alt.value("white"))),
        tooltip=tooltip,
    )
    return alt.layer(line, points, data=data).properties(height=320, width="container")  # data: see trade_chart


# ---------------------------------------------------------------- a static map (for the brief)

REGION_LABELS = 12       # places named on the static map: those with the most events, then capitals
# The static map's frame: west, south, east, north (degrees), the five states and Xinjiang.
REGION_FRAME = (51.5, 35.0, 90.0, 55.5)


def _hex(rgba: list[int]) -> str:
    return "#" + "".join(f"{c:02x}" for c in rgba[:3])


def _clockwise(feature: dict) -> dict:
    """The feature with its outer rings clockwise and holes anticlockwise, as Vega's (d3's) spherical
    polygons need; GeoJSON files (RFC 7946) wind the other way, which d3 reads as "the whole globe
    but this country"."""
    def area(ring):      # twice the signed area in the lon/lat plane: > 0 is anticlockwise
        return sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in zip(ring, ring[1:]))

    def polygon(rings):
        return [ring[::-1] if (area(ring) > 0) == (i == 0) else ring for i, ring in enumerate(rings)]

    geometry = feature["geometry"]
    if geometry["type"] == "Polygon":
        coordinates = polygon(geometry["coordinates"])
    elif geometry["type"] == "MultiPolygon":
        coordinates = [polygon(p) for p in geometry["coordinates"]]
    else:
        return feature
    return {**feature, "geometry": {**geometry, "coordinates": coordinates}}


def _fitted_mercator(frame: tuple[float, float, float, float], width: int, height: int) -> alt.Projection:
    """A Mercator projection showing the whole frame (w, s, e, n) in width x height pixels, centred.
    (Vega-Lite's `fit` would do it, but Altair 6.3 refuses a GeoJSON value there.)"""
    west, south, east, north = frame
    y = lambda lat: math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))    # noqa: E731
    scale = min(width / math.radians(east - west), height / (y(north) - y(south)))
    middle = math.degrees(2 * math.atan(math.exp((y(north) + y(south)) / 2)) - math.pi / 2)
    return alt.Projection(type="mercator", scale=scale, center=[(west + east) / 2, middle])


def region_map_chart(geo: dict, places: pd.DataFrame, paths: pd.DataFrame, *, width: int,
                     height: int) -> alt.LayerChart:
    """The map page's layers as a static Altair chart (for print): country outlines, the railway's
    route, places by kind, and red circles sized by the filter's events at each place. `places` has
    map_places' columns (place_id, name, kind, lat, lon, events); `paths` infrastructure_paths'."""
    frame = REGION_FRAME
    if not places.empty:     # widened to every place drawn
        frame = (min(frame[0], places["lon"].min() - 3), min(frame[1], places["lat"].min() - 3),
                 max(frame[2], places["lon"].max() + 3), max(frame[3], places["lat"].max() + 3))
    projection = _fitted_mercator(frame, width, height)
    outlines = alt.Chart(alt.Data(values=[_clockwise(f) for f in geo["features"]])).mark_geoshape(
        stroke=_hex(OUTLINE), strokeWidth=0.8, clip=True,
    ).encode(
        fill=alt.Fill("properties.focus:N", legend=None,
                      scale=alt.Scale(domain=[True, False], range=[_hex(FOCUS_FILL), "#ececec"])),
    ).properties(projection=projection)
    layers = [outlines]
    if not paths.empty:
        points = [{"route": r.name, "seq": i, "lon": float(p[0]), "lat": float(p[1])}
                  for r in paths.itertuples() for i, p in enumerate(r.path)]
        layers.append(alt.Chart(pd.DataFrame(points)).mark_line(color=_hex(ROUTE_COLOR), strokeWidth=2.5).encode(
            longitude=alt.Longitude("lon:Q"), latitude=alt.Latitude("lat:Q"), order=alt.Order("seq:Q"),
            detail=alt.Detail("route:N")).properties(projection=projection))
    if not places.empty:
        data = places.assign(kind_label=places["kind"].map(lambda k: PLACE_KIND_LABELS.get(k, k)),
                             events=places["events"].astype(int))
        kinds = [k for k in PLACE_COLORS if k in set(places["kind"])]
        with_events = data[data["events"] > 0]
        if not with_events.empty:
            layers.append(alt.Chart(with_events).mark_circle(
                color=_hex(EVENT_COLOR), opacity=0.55, stroke="#78000a", strokeWidth=0.8).encode(
                longitude=alt.Longitude("lon:Q"), latitude=alt.Latitude("lat:Q"),
                size=alt.Size("events:Q", title="Events in the filter", scale=alt.Scale(range=[40, 1400]),
                              legend=alt.Legend(symbolFillColor=_hex(EVENT_COLOR), symbolStrokeColor="#78000a")),
            ).properties(projection=projection))
        layers.append(alt.Chart(data).mark_circle(size=28, opacity=1, stroke="white", strokeWidth=0.6).encode(
            longitude=alt.Longitude("lon:Q"), latitude=alt.Latitude("lat:Q"),
            color=alt.Color("kind_label:N", title="Place", scale=alt.Scale(
                domain=[PLACE_KIND_LABELS[k] for k in kinds], range=[_hex(PLACE_COLORS[k]) for k in kinds])),
        ).properties(projection=projection))
        named = data.assign(capital=data["kind"].eq("capital")).sort_values(
            ["events", "capital", "name"], ascending=[False, False, True]).head(REGION_LABELS)
        layers.append(alt.Chart(named).mark_text(fontSize=10, dy=-9, color="#222").encode(
            longitude=alt.Longitude("lon:Q"), latitude=alt.Latitude("lat:Q"), text=alt.Text("name:N"),
        ).properties(projection=projection))
    return alt.layer(*layers).properties(width=width, height=height)


# ---------------------------------------------------------------- text alternatives of the charts

def _names(codes) -> str:
    names = [COUNTRY_NAMES.get(c, c) for c in dict.fromkeys(codes)]
    return ", ".join(names[:-1]) + f" and {names[-1]}" if len(names) > 1 else "".join(names)


def counted(count: int, one: str, many: str) -> str:
    """A count with its noun: "1 figure", "12 figures", "1,204 events"."""
    return f"{count:,} {one if count == 1 else many}"


def _span(first, last) -> str:
    first, last = pd.Timestamp(first).date(), pd.Timestamp(last).date()
    return str(first.year) if first.year == last.year else f"{first.year} to {last.year}"


def trade_alt(series: pd.DataFrame, what: str) -> str:
    """One sentence saying what a trade chart shows, e.g. '12 figures of annual total trade for
    Kazakhstan and Kyrgyzstan, 2015 to 2025; the highest, US$ 22.71 bn, is Kyrgyzstan's in 2024.'"""
    if series.empty:
        return f"No figures of {what} match the filter."
    top = series.loc[series["value_usd"].idxmax()]
    return (f"{counted(len(series), 'figure', 'figures')} of {what} for {_names(series['partner_iso3'])}, "
            f"{_span(series['period_start'].min(), series['period_end'].max())}; the highest, "
            f"US$ {top['value_usd'] / 1e9:,.2f} bn, is {COUNTRY_NAMES.get(top['partner_iso3'], top['partner_iso3'])}'s "
            f"for {top['period_label']}.")


def growth_alt(series: pd.DataFrame) -> str:
    data = series.dropna(subset=["yoy_pct"])
    if data.empty:
        return "No growth rates are stated for these figures."
    hi, lo = data.loc[data["yoy_pct"].idxmax()], data.loc[data["yoy_pct"].idxmin()]
    return (f"Year-on-year growth as {counted(len(data), 'source states', 'sources state')} it, from {lo['yoy_pct']:+.1f} % "
            f"({COUNTRY_NAMES.get(lo['partner_iso3'], lo['partner_iso3'])}, {lo['period_label']}) to "
            f"{hi['yoy_pct']:+.1f} % ({COUNTRY_NAMES.get(hi['partner_iso3'], hi['partner_iso3'])}, {hi['period_label']}).")


def _in_sentence(words: str) -> str:
    """A label inside a sentence: "Total trade" -> "total trade"; China stays a proper noun."""
    return words if words.startswith("China") else words[:1].lower() + words[1:]


def mirror_alt(mirror: pd.DataFrame) -> str:
    """What the mirror chart shows: how many pairs, and the widest gap."""
    if mirror.empty:
        return "No pair of China- and partner-reported figures matches the filter."
    gaps = mirror.dropna(subset=["gap_usd"])
    widest = gaps.loc[gaps["gap_usd"].abs().idxmax()] if not gaps.empty else None
    text = (f"Bars compare China-reported and partner-reported values of the same flow for "
            f"{counted(len(mirror), 'pair', 'pairs')} ({_names(mirror['partner_iso3'])}).")
    if widest is not None:
        text += (f" The widest gap is {COUNTRY_NAMES.get(widest['partner_iso3'], widest['partner_iso3'])}, "
                 f"{widest['period_label']}, {_in_sentence(FLOW_WORDS.get(widest['flow_china_side'], widest['flow_china_side']))}: "
                 f"China reports US$ {widest['china_reported_usd'] / 1e9:,.2f} bn, the partner "
                 f"US$ {widest['partner_reported_usd'] / 1e9:,.2f} bn.")
    return text


def timeline_alt(events: pd.DataFrame, total: int) -> str:
    if events.empty:
        return "No events match the filter."
    counts = events["event_type"].map(lambda t: EVENT_TYPE_LABELS.get(t, t)).value_counts()
    kinds = ", ".join(f"{n:,} {label.lower()}" for label, n in counts.head(3).items())
    return (f"{counted(total, 'event', 'events')} from {pd.Timestamp(events['start_date'].min()).date()} to "
            f"{pd.Timestamp(events['start_date'].max()).date()}, one point per event and country; most are: {kinds}.")


def period_alt(counts: pd.DataFrame, bucket: str) -> str:
    if counts.empty:
        return "No events match the filter."
    per = counts.groupby("period_start")["events"].sum()
    return (f"Events counted per {bucket}, country and type, from {pd.Timestamp(per.index.min()).date()} to "
            f"{pd.Timestamp(per.index.max()).date()}; the busiest {bucket} starts {pd.Timestamp(per.idxmax()).date()} "
            f"({counted(int(per.max()), 'event-country pair', 'event-country pairs')}).")


def chapters_alt(chapters: pd.DataFrame) -> str:
    if chapters.empty:
        return "No product lines match the filter."
    top = chapters.iloc[0]
    return (f"Bars rank the top {counted(len(chapters), 'HS chapter', 'HS chapters')} by value; the largest is {top['chapter']} "
            f"({top['description']}), US$ {top['value_usd'] / 1e9:,.2f} bn.")


def chapter_trend_alt(trend: pd.DataFrame) -> str:
    if trend.empty:
        return "No product lines match the filter."
    return (f"Lines follow {counted(trend['chapter'].nunique(), 'HS chapter', 'HS chapters')} year by year, "
            f"{int(trend['year'].min())} to {int(trend['year'].max())}.")


def map_alt(places: pd.DataFrame, paths: pd.DataFrame) -> str:
    """What the map shows: places drawn, where the events are, the railway."""
    text = f"Map of China and the five Central Asian states with {counted(len(places), 'place', 'places')}"
    busy = places[places["events"] > 0].sort_values(["events", "name"], ascending=[False, True]) \
        if not places.empty else places
    if busy.empty:
        text += "; no event of the filter has a place."
    else:
        top = "; ".join(f"{r.name} {int(r.events):,}" for r in busy.head(3).itertuples())
        text += f"; {counted(len(busy), 'holds', 'hold')} events of the filter, most at: {top}."
    if not paths.empty:
        text += " A line traces the planned route of " + ", ".join(paths["name"].astype(str)) + "."
    return text
