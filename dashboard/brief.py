"""Brief layer: a filter's brief as one self-contained HTML file or a PDF, and its sources as BibTeX
or CSL-JSON; also the command line `python -m dashboard.brief` (see main).

Never imports streamlit. Reads through dashboard.queries and dashboard.db (gather), draws with the
pages' own chart builders (dashboard.charts) rendered offline to SVG by vl-convert, cites with
dashboard.cite. Every list is capped (settings.BRIEF_*), so a brief of a million events stays small.
"""
from __future__ import annotations

import argparse
import html
import json
import sys
from dataclasses import dataclass, field, replace
from datetime import datetime, timezone
from pathlib import Path
from urllib.parse import unquote

import pandas as pd

from . import charts, cite, db, queries, settings
from .db import DatabaseMissing, QueryTimeout, connect
from .filters import URL_KEYS, Filters, from_query
from .settings import COUNTRY_NAMES, EVENT_TYPE_LABELS

FORMATS = ("html", "pdf", "bibtex", "csl-json")
MIME = {"html": "text/html", "pdf": "application/pdf", "bibtex": "application/x-bibtex",
        "csl-json": "application/vnd.citationstyles.csl+json"}
SUFFIX = {"html": "html", "pdf": "pdf", "bibtex": "bib", "csl-json": "json"}
CHART_WIDTH = 640        # pixels: the width charts are drawn at (an A4 page's text width at 96 dpi)
FONTS = '"Noto Sans CJK SC", "Noto Sans", "DejaVu Sans", "Liberation Sans", Arial, sans-serif'


# ---------------------------------------------------------------- the data of a brief

@dataclass
class BriefData:
    """Everything one brief shows, fetched once: bounded frames (see gather)."""
    filters: Filters
    made: datetime
    input_sha256: str | None
    summary: pd.Series
    latest_trade: pd.DataFrame
    events: pd.DataFrame                 # newest first, at most settings.BRIEF_EVENTS
    events_total: int
    trade_total: int
    series: pd.DataFrame                 # China-reported annual total trade, at most BRIEF_TRADE_FIGURES
    series_cut: bool
    mirror: pd.DataFrame                 # the latest BRIEF_MIRROR_PAIRS annual pairs
    mirror_total: int
    places: pd.DataFrame                 # map_places: the BRIEF_MAP_PLACES with the most events
    places_total: int
    paths: pd.DataFrame
    place_sources: pd.DataFrame          # place_id, name, source_id of the places drawn
    meeting_sources: list[str]
    sources: pd.DataFrame                # every source cited above (sources_of_cited columns)
    geo: dict = field(repr=False, default_factory=dict)


def _ids(text) -> list[str]:
    """event_rows.source_ids ('a|b') as a list."""
    return [s for s in str(text).split("|") if s] if isinstance(text, str) else []


def _count(df: pd.DataFrame) -> int:
    return int(df.iloc[0, 0]) if not df.empty and pd.notna(df.iloc[0, 0]) else 0


def gather(con, f: Filters, made: datetime | None = None) -> BriefData:
    """Run the brief's bounded queries for `f` on a read-only connection."""
    made = made or datetime.now(timezone.utc)
    build = db.query(con, queries.build_info())
    summary = db.query(con, queries.events_summary(f)).iloc[0]
    events = db.query(con, queries.events(f, limit=settings.BRIEF_EVENTS))
    series = db.query(con, queries.trade_series(f, flow="total", period="year", side="china", include_low=False,
                                                limit=settings.BRIEF_TRADE_FIGURES + 1))
    mirror_all = db.query(con, queries.trade_mirror(f, include_low=False, period="year",
                                                   limit=settings.MAX_ROWS + 1))
    mirror = charts.latest_pairs(mirror_all, settings.BRIEF_MIRROR_PAIRS)
    places = db.query(con, queries.map_places(f, limit=settings.BRIEF_MAP_PLACES))
    paths = db.query(con, queries.infrastructure_paths())
    place_sources = db.query(con, queries.place_sources(places["place_id"])) if not places.empty else \
        pd.DataFrame(columns=["place_id", "name", "source_id"])
    meeting = summary.get("meeting_id")
    meeting_sources = (list(db.query(con, queries.event_source_list(meeting))["source_id"])
                       if isinstance(meeting, str) else [])
    latest = db.query(con, queries.latest_trade(f))
    data = BriefData(
        filters=f, made=made,
        input_sha256=build["input_sha256"].iloc[0] if not build.empty and pd.notna(build["input_sha256"].iloc[0]) else None,
        summary=summary, latest_trade=latest, events=events, events_total=int(summary["events"]),
        trade_total=_count(db.query(con, queries.trade_rows_count(f))),
        series=series.head(settings.BRIEF_TRADE_FIGURES), series_cut=len(series) > settings.BRIEF_TRADE_FIGURES,
        mirror=mirror, mirror_total=len(mirror_all),
        places=places, places_total=int(places["places_total"].iloc[0]) if not places.empty else 0,
        paths=paths, place_sources=place_sources, meeting_sources=meeting_sources,
        sources=pd.DataFrame(), geo=json.loads(settings.GEO_FILE.read_text(encoding="utf-8")),
    )
    data.sources = db.query(con, queries.sources_for(Footnotes.of(data).order))
    return data


def cited_sources(con, f: Filters) -> pd.DataFrame:
    """Every source behind the filter's rows: the union of the Data page's three source lists
    (events, trade figures, places), each with the sources they were read in; one row per id."""
    frames = [db.query(con, queries.sources_for_events(f)), db.query(con, queries.sources_for_trade(f)),
              db.query(con, queries.sources_for_places(f))]
    frames = [df for df in frames if not df.empty]
    if not frames:
        return db.query(con, queries.sources_for(()))
    return pd.concat(frames, ignore_index=True).drop_duplicates("source_id").sort_values(
        "source_id", kind="stable").reset_index(drop=True)


# ---------------------------------------------------------------- footnotes

class Footnotes:
    """Source ids numbered in the order the brief first cites them (1, 2, ...)."""

    def __init__(self):
        self.number: dict[str, int] = {}

    @property
    def order(self) -> list[str]:
        return list(self.number)

    def cite(self, ids) -> list[int]:
        out = []
        for source_id in ids:
            if isinstance(source_id, str) and source_id:
                out.append(self.number.setdefault(source_id, len(self.number) + 1))
        return sorted(set(out))

    @classmethod
    def of(cls, data: BriefData) -> Footnotes:
        """The footnotes of a brief, numbered as render_html cites them (same order of sections)."""
        notes = cls()
        notes.cite(data.meeting_sources)
        notes.cite(data.latest_trade["source_id"] if not data.latest_trade.empty else [])
        for ids in data.events["source_ids"]:
            notes.cite(_ids(ids))
        notes.cite(data.series["source_id"])
        for china, partner in zip(data.mirror["china_source_id"], data.mirror["partner_source_id"]):
            notes.cite([china, partner])
        notes.cite(data.place_sources["source_id"])
        return notes


def _refs(numbers: list[int]) -> str:
    """Footnote marks, runs joined: [1–3, 7]."""
    if not numbers:
        return ""
    runs, start = [], numbers[0]
    for prev, n in zip(numbers, numbers[1:] + [None]):
        if n != prev + 1:
            runs.append(str(start) if start == prev else f"{start}–{prev}")
            start = n
    links = ", ".join(runs)
    return f'<sup class="ref">[{links}]</sup>'


# ---------------------------------------------------------------- charts, offline

CHART_FONT = "Noto Sans CJK SC"   # Latin, Cyrillic and Chinese; the same font measures and prints the text
FONT_DIRS = (Path("/usr/share/fonts/opentype/noto"), Path("/usr/share/fonts/truetype/dejavu"))
_fonts_registered = False


def _vl_convert():
    """vl-convert with the system's Noto CJK font registered (once per process), so a chart's text is
    measured with the font the HTML and PDF draw it in (legends and labels are not cut off)."""
    global _fonts_registered
    import vl_convert as vlc      # imported here: the app's pages never need it

    if not _fonts_registered:
        for folder in FONT_DIRS:
            if folder.is_dir():
                vlc.register_font_directory(str(folder))
        _fonts_registered = True
    return vlc


def svg_of(chart, description: str) -> str:
    """An Altair chart as inline SVG (vl-convert, no browser, no network: no base URL is allowed
    for data), labelled for screen readers with `description`."""
    vlc = _vl_convert()
    spec = chart.to_dict()
    spec["description"] = description
    svg = vlc.vegalite_to_svg(spec, config={"font": CHART_FONT}, allowed_base_urls=[])
    # the root <svg>: a role and a name for assistive technology, and a width that may shrink
    head, sep, rest = svg.partition("<svg")
    label = html.escape(description, quote=True)
    return f'{head}{sep} role="img" aria-label="{label}" class="chart"{rest}'


def _fixed(chart, width: int = CHART_WIDTH):
    """The chart with a fixed width (the pages' charts fill their container, which a file has not)."""
    return chart.properties(width=width)


# ---------------------------------------------------------------- HTML

def _e(value) -> str:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    return html.escape(str(value), quote=True)


def _day(value) -> str:
    return "" if value is None or pd.isna(value) else str(pd.Timestamp(value).date())


def _country_list(text) -> str:
    return ", ".join(COUNTRY_NAMES.get(c, c) for c in str(text or "").split("|") if c)


CSS = f"""
@page {{ size: A4; margin: 16mm 15mm 18mm 15mm;
        @bottom-center {{ content: "China–Central Asia Monitor · brief · page " counter(page) " of " counter(pages);
                          font: 8pt {FONTS}; color: #444; }} }}
html {{ font-family: {FONTS}; font-size: 10pt; color: #1a1a1a; background: #fff; line-height: 1.4; }}
body {{ max-width: 182mm; margin: 0 auto; padding: 0 4mm; }}
h1 {{ font-size: 18pt; margin: 0 0 2mm; }}
h2 {{ font-size: 13pt; margin: 7mm 0 2mm; border-bottom: 1px solid #bbb; padding-bottom: 1mm; }}
p.filter {{ font-size: 12pt; margin: 0; }}
p.made, .note, figcaption {{ color: #3d3d3d; font-size: 9pt; }}
table {{ border-collapse: collapse; width: 100%; font-size: 8.5pt; margin: 2mm 0; }}
tr {{ page-break-inside: avoid; }}
th, td {{ border-bottom: 1px solid #ddd; padding: 1.2mm 1.5mm; text-align: left; vertical-align: top; }}
th {{ background: #f1ede4; }}
td.num {{ text-align: right; white-space: nowrap; }}
dl.headline {{ display: grid; grid-template-columns: 45mm auto; gap: 1mm 4mm; margin: 0; }}
dl.headline dt {{ font-weight: bold; }} dl.headline dd {{ margin: 0; }}
figure {{ margin: 3mm 0; page-break-inside: avoid; }}
svg.chart {{ max-width: 100%; height: auto; }}
sup.ref {{ font-size: 7pt; color: #8a2a20; }}
ol.sources {{ font-size: 8.5pt; padding-left: 8mm; }} ol.sources li {{ margin-bottom: 1mm; overflow-wrap: anywhere; }}
a {{ color: #1f4e8c; }}
blockquote {{ margin: 2mm 0; padding: 2mm 4mm; background: #f6f6f6; border-left: 3px solid #b03a2e; }}
"""


def _headline(data: BriefData, notes: Footnotes) -> str:
    s, f = data.summary, data.filters
    rows = [("Events", f"{data.events_total:,}" + (
        f" (first {_day(s['first_start'])}, latest {_day(s['last_start'])})" if data.events_total else ""))]
    if isinstance(s.get("meeting_id"), str):
        place = s["meeting_place"] if isinstance(s["meeting_place"], str) else "no single place"
        rows.append(("Latest meeting", f"{_day(s['meeting_date'])}: {_e(s['meeting_title'])} ({_e(place)})"
                     + _refs(notes.cite(data.meeting_sources))))
    else:
        rows.append(("Latest meeting", "none in the filter"))
    if data.latest_trade.empty:
        rows.append(("Latest trade figure", "none in the filter"))
    else:
        t = data.latest_trade.iloc[0]
        partner = t["partner_iso3"] if t["reporter_iso3"] == "CHN" else t["reporter_iso3"]
        rows.append(("Latest trade figure", (
            f"{charts.money(t['value_usd'])}: {_e(t['flow'])} trade, China–{_e(COUNTRY_NAMES.get(partner, partner))}, "
            f"{_e(t['period_label'])} ({_e(str(t['period_kind']).replace('_', ' '))}), reported by "
            f"{_e(COUNTRY_NAMES.get(t['reporter_iso3'], t['reporter_iso3']))}") + _refs(notes.cite([t["source_id"]]))))
    rows.append(("Trade figures", f"{data.trade_total:,} in the filter's dates and partners"))
    with_events = int((data.places["events"] > 0).sum()) if not data.places.empty else 0
    rows.append(("Places", f"{with_events:,} with events of the filter"
                 + (f" (of the {len(data.places):,} with the most)" if data.places_total > len(data.places) else "")))
    body = "".join(f"<dt>{k}</dt><dd>{v}</dd>" for k, v in rows)
    return f'<section><h2 id="headline">Headline figures</h2><dl class="headline">{body}</dl></section>'


def _events(data: BriefData, notes: Footnotes) -> str:
    out = ['<section><h2 id="events">Events</h2>']
    if data.events.empty:
        out.append(f"<p>No events match the filter ({_e(data.filters.describe())}).</p></section>")
        return "".join(out)
    shown = len(data.events)
    out.append(f'<p class="note">{"All " if shown == data.events_total else "The newest "}{shown:,} of '
               f"{data.events_total:,} events, newest first."
               + (" The Data page (or its CSV) lists every one." if shown < data.events_total else "") + "</p>")
    out.append('<table><thead><tr><th scope="col">Date</th><th scope="col">Event</th><th scope="col">Type</th>'
               '<th scope="col">Place</th><th scope="col">Countries</th></tr></thead><tbody>')
    for r in data.events.itertuples():
        out.append(f'<tr><td class="num">{_day(r.start_date)}</td><td>{_e(r.title)}{_refs(notes.cite(_ids(r.source_ids)))}</td>'
                   f"<td>{_e(EVENT_TYPE_LABELS.get(r.event_type, r.event_type))}</td>"
                   f"<td>{_e(r.place_name) or '—'}</td><td>{_e(_country_list(r.countries))}</td></tr>")
    out.append("</tbody></table></section>")
    return "".join(out)


def _trade(data: BriefData, notes: Footnotes) -> str:
    out = ['<section><h2 id="trade">Trade</h2>', "<h3>China's total trade with the partners, annual, "
           "as China's customs report it (US$ billion)</h3>"]
    if data.series.empty:
        out.append(f"<p>No annual China-reported figures match the filter ({_e(data.filters.describe())}).</p>")
    else:
        what = "annual total trade as China reports it"
        alt_text = charts.trade_alt(data.series, what)
        chart = charts.trade_chart(data.series, data.events.iloc[0:0], "US$ billion (China's customs)", connect=True)
        cut = (f" Only the first {len(data.series):,} figures are drawn; narrow the filter for the rest."
               if data.series_cut else "")
        out.append(f"<figure>{svg_of(_fixed(chart), alt_text)}<figcaption>{_e(alt_text)}{cut} Each figure spans "
                   f"the months it covers. Sources{_refs(notes.cite(data.series['source_id']))}.</figcaption></figure>")
    out.append("<h3>China-reported versus partner-reported (the mirror gap)</h3>")
    if data.mirror.empty:
        out.append("<p>No pair of China- and partner-reported annual figures matches the filter.</p>")
    else:
        alt_text = charts.mirror_alt(data.mirror)
        chart = charts.mirror_chart(charts.mirror_frame(data.mirror)).properties(height=34 * len(data.mirror) + 20)
        more = (f" The latest {len(data.mirror):,} of {data.mirror_total:,} pairs."
                if data.mirror_total > len(data.mirror) else "")
        out.append(f"<figure>{svg_of(_fixed(chart, CHART_WIDTH - 260), alt_text)}<figcaption>{_e(alt_text)}{more} "
                   "The two sides value and attribute goods differently (CIF/FOB, origin/consignment, re-exports, "
                   "informal trade, timing); the monitor shows both and never averages them.</figcaption></figure>")
        out.append('<table><thead><tr><th scope="col">Partner</th><th scope="col">Period</th>'
                   '<th scope="col">Flow (China\'s side)</th><th scope="col">China-reported, US$ bn</th>'
                   '<th scope="col">Partner-reported, US$ bn</th><th scope="col">Gap, US$ bn</th>'
                   '<th scope="col">Gap, % of partner figure</th></tr></thead><tbody>')
        for r in data.mirror.itertuples():
            gap_pct = "" if pd.isna(r.gap_pct) else f"{r.gap_pct:+.0f} %"
            out.append(
                f"<tr><td>{_e(COUNTRY_NAMES.get(r.partner_iso3, r.partner_iso3))}</td><td>{_e(r.period_label)}</td>"
                f"<td>{_e(charts.FLOW_WORDS.get(r.flow_china_side, r.flow_china_side))}</td>"
                f'<td class="num">{r.china_reported_usd / 1e9:,.2f}{_refs(notes.cite([r.china_source_id]))}</td>'
                f'<td class="num">{r.partner_reported_usd / 1e9:,.2f}{_refs(notes.cite([r.partner_source_id]))}</td>'
                f'<td class="num">{r.gap_usd / 1e9:+,.2f}</td><td class="num">{gap_pct}</td></tr>')
        out.append("</tbody></table>")
    out.append("</section>")
    return "".join(out)


def _map(data: BriefData, notes: Footnotes) -> str:
    alt_text = charts.map_alt(data.places, data.paths)
    chart = charts.region_map_chart(data.geo, data.places, data.paths, width=CHART_WIDTH - 150, height=400)
    more = (f" The {len(data.places):,} places with the most events are drawn, of {data.places_total:,}."
            if data.places_total > len(data.places) else "")
    return (f'<section><h2 id="map">Map</h2><figure>{svg_of(chart, alt_text)}<figcaption>{_e(alt_text)}{more} '
            "Red circles grow with the number of the filter's events held at a place; outlines: Natural Earth "
            f"(public domain). Coordinates{_refs(notes.cite(data.place_sources['source_id']))}."
            "</figcaption></figure></section>")


def _source_note(row, numbers: dict[str, int]) -> str:
    publisher = _e(row.publisher) if isinstance(row.publisher, str) else "Publisher not recorded"
    when = _day(row.published_date)
    if when and row.date_precision == "month":
        when = when[:7]
    elif when and row.date_precision == "year":
        when = when[:4]
    url = row.url if isinstance(row.url, str) else ""
    link = (f'<a href="{_e(url)}">{_e(unquote(url))}</a>' if url.lower().startswith(("http://", "https://"))
            else (_e(url) or "no address recorded"))
    via = ""
    if isinstance(row.reprinted_in, str):
        n = numbers.get(row.reprinted_in)
        via = f"; read in {'[' + str(n) + ']' if n else _e(row.reprinted_in)}"
    return (f'<li id="src-{_e(row.source_id)}">{publisher}: “{_e(row.title)}”, {when or "undated"}. {link}{via} '
            f'<span class="note">[{_e(row.source_id)}]</span></li>')


def _sources(data: BriefData, notes: Footnotes) -> str:
    # Sources the cited ones were read in come after them (numbered on).
    by_id = {r.source_id: r for r in data.sources.itertuples()}
    notes.cite([r.reprinted_in for r in data.sources.itertuples() if isinstance(r.reprinted_in, str)])
    items = [_source_note(by_id[s], notes.number) for s in notes.order if s in by_id]
    missing = [s for s in notes.order if s not in by_id]
    gone = f'<p class="note">Not in the database any more: {_e(", ".join(missing))}.</p>' if missing else ""
    return (f'<section><h2 id="sources">Sources</h2><p class="note">Every row above cites these '
            f"({len(items):,}), numbered as the marks in the text.</p><ol class=\"sources\">{''.join(items)}</ol>{gone}</section>")


def _citing(data: BriefData) -> str:
    accessed = data.made.date()
    return ('<section><h2 id="cite">How to cite</h2><p>Cite the monitor, with this data build:</p>'
            f"<blockquote>{_e(cite.monitor_citation(data.input_sha256, accessed))}</blockquote>"
            "<p>and the sources you rely on, as numbered above. The sources behind every row of this filter "
            "(not only those shown) come as BibTeX or CSL-JSON from the Data page, or with "
            "<code>python -m dashboard.brief --format bibtex</code>. Curated data: CC BY 4.0; code: MIT; each "
            "source keeps its own terms.</p></section>")


def render_html(data: BriefData) -> str:
    """The brief as one HTML document: inline CSS and SVG, no script, no request to any host (its
    Content-Security-Policy forbids any)."""
    notes = Footnotes()
    f = data.filters
    build = cite.build_id(data.input_sha256)
    body = [
        f"<header><h1>China–Central Asia Monitor: brief</h1><p class=\"filter\">{_e(f.describe())}</p>"
        f"<p class=\"made\">Made {data.made.strftime('%Y-%m-%d %H:%M')} UTC"
        f"{' from data build ' + _e(build) if build else ''}.</p></header>",
        _headline(data, notes), _events(data, notes), _trade(data, notes), _map(data, notes),
    ]
    body.append(_sources(data, notes))
    body.append(_citing(data))
    title = f"China–Central Asia Monitor brief: {f.describe()}"
    return ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; "
            "img-src data:\">"
            f"<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>{_e(title)}</title>"
            f"<style>{CSS}</style></head><body><main>{''.join(body)}</main></body></html>\n")


def _no_fetch(url: str, *args, **kwargs):
    raise ValueError(f"the brief fetches nothing (asked for {url[:80]!r})")


def render_pdf(data: BriefData) -> bytes:
    """The brief's HTML typeset as PDF by WeasyPrint, offline (a fetch of any URL fails), with the
    fonts it uses (Noto Sans CJK for Latin, Cyrillic and Chinese) embedded."""
    from weasyprint import HTML       # imported here: the app's pages never need it

    return HTML(string=render_html(data), url_fetcher=_no_fetch).write_pdf()


def render(con, f: Filters, fmt: str, made: datetime | None = None) -> bytes:
    """The brief of `f` (html, pdf) or the citations of its sources (bibtex, csl-json) as bytes."""
    if fmt == "bibtex":
        return cite.to_bibtex(cited_sources(con, f)).encode()
    if fmt == "csl-json":
        return cite.to_csl_json(cited_sources(con, f)).encode()
    data = gather(con, f, made)
    if fmt == "html":
        return render_html(data).encode()
    if fmt == "pdf":
        return render_pdf(data)
    raise ValueError(f"unknown format {fmt!r}; expected one of {', '.join(FORMATS)}")


def file_name(f: Filters, fmt: str) -> str:
    stem = "brief" if fmt in ("html", "pdf") else "sources"
    return f"{stem}_{f.slug()}.{SUFFIX[fmt]}"


# ---------------------------------------------------------------- the command line

class BadValue(Exception):
    """A value on the command line the brief cannot use: said in one line, exit status 2."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):       # one line, no usage block
        raise BadValue(message)


def parse_args(argv: list[str]) -> tuple[Filters, str, str, Path | None]:
    """Filters (read exactly as from a URL: the same keys and words), format, output, database."""
    parser = _Parser(prog="python -m dashboard.brief", description=__doc__)
    for key in URL_KEYS:
        if key == "bilateral":       # a bare --bilateral means bilateral=1
            parser.add_argument("--bilateral", nargs="?", const="1", default=None,
                                help="only events of China and exactly one Central Asian state (as bilateral=1)")
        else:
            parser.add_argument(f"--{key}", default=None, help=f"as the URL's '{key}' parameter")
    parser.add_argument("--since", default=None, help="the data vintage to compare with (when it exists)")
    parser.add_argument("--format", default="html", help=f"one of {', '.join(FORMATS)} (default html)")
    parser.add_argument("--out", default="-", help="file to write ('-': standard output)")
    parser.add_argument("--db", type=Path, default=None, help="database file (default: MONITOR_DB or data/monitor.duckdb)")
    args = parser.parse_args(argv)
    if args.format not in FORMATS:
        raise BadValue(f"--format {args.format!r} is not one of {', '.join(FORMATS)}")
    if args.since is not None and "since" not in URL_KEYS:
        raise BadValue("--since: this database has no data vintages to compare with yet")
    given = {key: getattr(args, key) for key in URL_KEYS if getattr(args, key) is not None}
    for key, value in given.items():
        if not value.strip():
            raise BadValue(f"--{key} is empty")
    parsed = from_query(given)
    if parsed.notes:
        raise BadValue(parsed.notes[0].replace("`", "'").replace(" in the link", ""))
    return parsed.filters, args.format, args.out, args.db


def named(con, f: Filters) -> Filters:
    """`f` with the names of its person and place, for describe(); an id the database does not
    know is a BadValue (the sidebar ignores it with a note; a command line stops)."""
    names = {}
    for what, query, key in (("person", queries.people_choices(), "person_id"),
                             ("place", queries.place_choices(), "place_id")):
        wanted = getattr(f, what)
        if wanted is None:
            continue
        rows = db.query(con, query)
        found = rows.loc[rows[key] == wanted, "name"]
        if found.empty:
            raise BadValue(f"unknown {what} {wanted!r}: not in the database")
        names[f"{what}_name"] = found.iloc[0]
    return replace(f, **names) if names else f


def main(argv: list[str] | None = None) -> int:
    try:
        f, fmt, out, db = parse_args(sys.argv[1:] if argv is None else argv)
    except BadValue as e:
        print(f"brief: {e}", file=sys.stderr)
        return 2
    path = db or settings.db_path()
    try:
        con = connect(path)
    except DatabaseMissing:
        print(f"brief: no database at {path}: build it with `make db`", file=sys.stderr)
        return 1
    try:
        f = named(con, f)
        content = render(con, f, fmt)
    except BadValue as e:
        print(f"brief: {e}", file=sys.stderr)
        return 2
    except QueryTimeout as e:
        print(f"brief: {e}; narrow the filter", file=sys.stderr)
        return 1
    finally:
        con.close()
    try:
        if out == "-":
            sys.stdout.buffer.write(content)
            sys.stdout.buffer.flush()
        else:
            Path(out).write_bytes(content)
    except OSError as e:
        print(f"brief: cannot write {out}: {e.strerror or e}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
