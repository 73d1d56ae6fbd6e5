"""UI layer: the only dashboard module that imports streamlit.

Holds the cached read-only connection (reopened when the ETL swaps in a new file), cached query
results keyed on the Filters object, the shared sidebar filters synced with the URL, and small
widgets every page uses (captions, empty states, bounded tables and pickers, CSV and Parquet
downloads that run their query only when clicked, the brief and citation downloads, charts with
their text alternative, event details, the warning shown when a query runs too long).
"""
from __future__ import annotations

import contextlib
import json
import logging
from dataclasses import replace
from datetime import date
from pathlib import Path

import pandas as pd
import streamlit as st

from . import brief, export, queries, settings
from .db import DatabaseMissing, Plan, QueryTimeout, connect, stream   # app.py catches ui.QueryTimeout
from .export import relation_csv, relation_parquet
from .filters import MAX_DATE, MIN_DATE, URL_KEYS, Filters, Since, from_query, id_from_query, since_from_query
from .settings import COUNTRY_NAMES, EVENT_TYPE_LABELS, FILTER_COUNTRIES, GEO_FILE, SCHEMA_VERSION, db_path

TOO_SLOW = ("This view took too long to compute; narrow the filter (fewer countries, a shorter period "
            "or fewer event types) and it will appear.")

log = logging.getLogger("monitor")


# ---------------------------------------------------------------- database access

def db_key() -> tuple[str, int, int] | None:
    """Identity of the current database file: a rebuild (new file swapped in) gives a new key."""
    path = db_path()
    try:
        stat = path.stat()
    except OSError:
        return None
    return (str(path), stat.st_mtime_ns, stat.st_ino)


@st.cache_resource(max_entries=2, show_spinner=False)
def _connection(key: tuple[str, int, int]):
    return connect(Path(key[0]))


@st.cache_data(max_entries=512, show_spinner=False)
def _cached(key: tuple[str, int, int], name: str, args: tuple) -> pd.DataFrame:
    return getattr(queries, name)(_connection(key), *args)


def load(name: str, *args) -> pd.DataFrame:
    """Result of `queries.<name>(con, *args)`, cached per database file and arguments.

    Raises QueryTimeout when the query runs past settings.QUERY_TIMEOUT_S (nothing is cached then).
    """
    key = db_key()
    if key is None:
        raise DatabaseMissing(str(db_path()))
    return _cached(key, name, args)


def count(name: str, *args) -> int:
    """The single number a counting query returns (first column of its only row)."""
    df = load(name, *args)
    return int(df.iloc[0, 0]) if not df.empty and pd.notna(df.iloc[0, 0]) else 0


def too_slow(error: QueryTimeout) -> None:
    """The warning that replaces a view whose query was interrupted."""
    log.warning("%s", error)
    st.warning(TOO_SLOW, icon=":material/hourglass_disabled:")


@contextlib.contextmanager
def guard():
    """Run one section of a page; if its query runs too long, show the warning and go on with the
    rest of the page (app.py catches the same for anything outside a guard)."""
    try:
        yield
    except QueryTimeout as e:
        too_slow(e)


# The country outlines as the browser fetches them: static/countries.geojson, served by Streamlit
# (server.enableStaticServing) at app/static/, relative to the page so that it works behind a proxy.
# The browser caches the file; the map's spec then carries its URL instead of 28 KB on every rerun.
OUTLINES_URL = "app/static/" + GEO_FILE.name


def require_database() -> None:
    """Stop the page with build instructions when the database file is missing or was built with
    another table layout than this dashboard reads (an older ETL)."""
    if db_key() is None:
        st.title("China–Central Asia Monitor")
        st.warning(f"The database has not been built yet: `{db_path()}` does not exist.")
    else:
        found = load("schema_version")["schema_version"].iloc[0]
        if found == SCHEMA_VERSION:
            return
        st.title("China–Central Asia Monitor")
        st.warning(f"The database `{db_path()}` was built by another version of the ETL (table layout "
                   f"{found if isinstance(found, str) else 'unrecorded'}; this dashboard reads layout "
                   f"{SCHEMA_VERSION}). Rebuild it from the same data.")
    st.markdown(
        "Build it from the curated tables in `data/curated` with:\n\n"
        "```\nmake db\n```\n\nor `python -m etl build`, then reload this page. "
        "`make run` does both (install, build, serve)."
    )
    st.stop()


# ---------------------------------------------------------------- filters and the URL

def _seed_from_url() -> None:
    """On a session's first run, set the filter widgets from the link the user opened."""
    if st.session_state.get("_filters_seeded"):
        return
    params = {key: st.query_params.get_all(key) for key in URL_KEYS if key in st.query_params}
    parsed = from_query(params)
    f = parsed.filters
    # Only what the link names: a key it leaves out keeps the widget's own value, which is the
    # default in a new tab, or what the browser had chosen when it reconnects to another server
    # (a replica that took over: its first run is a new session with the browser's widget values).
    seeds = {"countries": ("flt_countries", list(f.countries)), "types": ("flt_types", list(f.event_types)),
             "start": ("flt_start", f.start), "end": ("flt_end", f.end)}
    for key, (widget, value) in seeds.items():
        if key in params:
            st.session_state[widget] = value
    st.session_state["_url_notes"] = parsed.notes
    st.session_state["_filters_seeded"] = True


def sidebar_filters() -> Filters:
    """Render the shared filters, return them, and write them into the URL."""
    _seed_from_url()
    extent = load("date_extent")
    first = pd.Timestamp(extent["first_date"].iloc[0]).date() if not extent.empty and pd.notna(extent["first_date"].iloc[0]) else date(1990, 1, 1)
    last = pd.Timestamp(extent["last_date"].iloc[0]).date() if not extent.empty and pd.notna(extent["last_date"].iloc[0]) else date.today()
    with st.sidebar:
        st.header("Filters")
        st.multiselect(
            "Countries", FILTER_COUNTRIES, key="flt_countries",
            format_func=lambda c: COUNTRY_NAMES.get(c, c), placeholder="All countries",
            help="Events involving any chosen country; China's trade with the chosen Central Asian states.",
        )
        # value=None: a widget re-created after Reset starts empty (all dates), not at today.
        start = st.date_input("From", key="flt_start", value=None, min_value=date(1990, 1, 1),
                              max_value=date(2035, 12, 31), format="YYYY-MM-DD",
                              help=f"Empty means from the first record ({first}).")
        end = st.date_input("To", key="flt_end", value=None, min_value=date(1990, 1, 1),
                            max_value=date(2035, 12, 31), format="YYYY-MM-DD",
                            help=f"Empty means up to the latest record ({last}).")
        st.multiselect(
            "Event types", list(EVENT_TYPE_LABELS),
            key="flt_types", format_func=lambda t: EVENT_TYPE_LABELS.get(t, t), placeholder="All event types",
        )
        notes = list(st.session_state.get("_url_notes", []))
        if start and end and end < start:
            notes.append("The end date is before the start date; the dates are ignored.")
            start = end = None
        for note in notes:
            st.warning(note)
        if st.button("Reset filters", width="stretch"):
            for key in ("flt_countries", "flt_types", "flt_start", "flt_end", "_url_notes"):
                st.session_state.pop(key, None)
            st.session_state["_filters_seeded"] = True
            st.query_params.clear()
            st.rerun()
    f = Filters(
        countries=tuple(c for c in FILTER_COUNTRIES if c in st.session_state.get("flt_countries", [])),
        start=start, end=end,
        event_types=tuple(t for t in EVENT_TYPE_LABELS if t in st.session_state.get("flt_types", [])),
    )
    _write_url(f)
    return f


def _write_url(f: Filters) -> None:
    wanted = f.to_query()
    for key in URL_KEYS:
        if key in wanted:
            if st.query_params.get(key) != wanted[key]:
                st.query_params[key] = wanted[key]
        elif key in st.query_params:
            del st.query_params[key]


def filters() -> Filters:
    """The current filters, set by app.py's sidebar; every page calls this first.

    On a server's very first request for a page URL, Streamlit may run the page script without
    app.py (it auto-discovers the pages/ folder until st.navigation has run once). Then the shell
    has not run: switch that discovery off and rerun, so app.py routes the request.
    """
    if "_filters" not in st.session_state:
        from streamlit.runtime.pages_manager import PagesManager

        PagesManager.uses_pages_directory = False
        st.rerun()
    return st.session_state["_filters"]


# ---------------------------------------------------------------- shared widgets

def caption(f: Filters, what: str) -> None:
    st.caption(f"{what} — filtered to: {f.describe()}")


def empty(what: str, f: Filters | None = None) -> None:
    where = f" ({f.describe()})" if f else ""
    st.info(f"No {what} match the current filters{where}. Widen the dates or choose other countries "
            "(the sidebar's **Reset filters** clears them).")


def csv_of(key: tuple[str, int, int], name: str, *args) -> bytes:
    """CSV of the whole result of `queries.<name>(con, *args)`, written by DuckDB and read a batch
    at a time (never the whole result as a DataFrame): not cached (it may be large), under
    settings.DOWNLOAD_TIMEOUT_S."""
    plan = Plan()
    getattr(queries, name)(plan, *args)
    return stream(_connection(key), plan, relation_csv, timeout=settings.DOWNLOAD_TIMEOUT_S)


def parquet_of(key: tuple[str, int, int], name: str, *args) -> bytes:
    """Parquet of the whole result of `queries.<name>(con, *args)`, with its column types, read a
    batch at a time like csv_of (not cached, under settings.DOWNLOAD_TIMEOUT_S)."""
    plan = Plan()
    getattr(queries, name)(plan, *args)
    return stream(_connection(key), plan, relation_parquet, timeout=settings.DOWNLOAD_TIMEOUT_S)


DOWNLOAD_FORMATS = {"csv": (csv_of, "text/csv"), "parquet": (parquet_of, "application/vnd.apache.parquet")}


def download_query(label: str, stem: str, f: Filters, key: str, name: str, *args, disabled: bool = False,
                   fmt: str = "csv") -> None:
    """A CSV (or Parquet) download of every row of `queries.<name>(con, *args)` (see csv_of), run
    only when the button is clicked; the file name carries the filters."""
    key_now = db_key()
    write, mime = DOWNLOAD_FORMATS[fmt]

    def build() -> bytes:
        return write(key_now, name, *args)

    st.download_button(
        label, data=build, file_name=f"{stem}_{f.slug()}.{fmt}", mime=mime,
        key=key, on_click="ignore", disabled=disabled,
    )


def brief_of(key: tuple[str, int, int], f: Filters, fmt: str) -> bytes:
    """The brief (html, pdf) or the citations (bibtex, csl-json) of `f`; see dashboard.brief."""
    return brief.render(_connection(key), f, fmt)


def download_brief(label: str, f: Filters, fmt: str, key: str, help: str | None = None) -> None:
    """A download of dashboard.brief's `fmt` for the filter, made only when the button is clicked."""
    key_now = db_key()

    def build() -> bytes:
        return brief_of(key_now, f, fmt)

    st.download_button(label, data=build, file_name=brief.file_name(f, fmt), mime=brief.MIME[fmt],
                       key=key, on_click="ignore", help=help, width="stretch")


def brief_downloads(f: Filters) -> None:
    """The sidebar's brief of the current filter, on every page: HTML and PDF."""
    with st.sidebar:
        st.header("Brief of this filter")
        st.caption("Headline figures, events, trade and map, with numbered sources and how to cite them; "
                   "made when you click (a few seconds).")
        c1, c2 = st.columns(2)
        with c1:
            download_brief("HTML", f, "html", "brief_html", help="One self-contained file: opens offline.")
        with c2:
            download_brief("PDF", f, "pdf", "brief_pdf", help="For print; fonts embedded.")


def download_geojson(label: str, f: Filters, places: pd.DataFrame, paths: pd.DataFrame, key: str) -> None:
    """The map's layers (the places drawn, with their event counts, and the railway route) as GeoJSON."""
    def build() -> bytes:
        return json.dumps(export.map_geojson(places, paths, f.describe()), ensure_ascii=False).encode()

    st.download_button(label, data=build, file_name=f"map_{f.slug()}.geojson", mime="application/geo+json",
                       key=key, on_click="ignore")


# ---------------------------------------------------------------- charts everyone can read

def chart(altair_chart, alt_text: str, data: pd.DataFrame, key: str, **kwargs):
    """st.altair_chart with its text alternative: the sentence `alt_text` under it (and as the
    chart's description, which Vega gives its SVG as aria-label), and its data as a table when asked
    (a toggle; at most settings.TABLE_PAGE_ROWS rows, so the page's payload does not grow unasked)."""
    state = st.altair_chart(altair_chart.properties(description=alt_text), key=key, **kwargs)
    st.caption(alt_text)
    data_table(data, key)
    return state


def data_table(data: pd.DataFrame, key: str) -> None:
    """A toggle showing a chart's (or the map's) data as a bounded table."""
    if st.toggle("Show the data as a table", key=f"{key}_table", value=False):
        shown = data.head(settings.TABLE_PAGE_ROWS)
        table(shown)
        if len(data) > len(shown):
            st.caption(f"The first {len(shown):,} of {len(data):,} rows; the Data page downloads them all.")



def page_offset(total: int, rows: int, key: str) -> int:
    """A page-number input for a table of `total` rows shown `rows` at a time; returns the offset."""
    pages = max(1, -(-total // rows))
    if pages == 1:
        return 0
    page = st.number_input(f"Page (of {pages:,}; {rows:,} rows each)", min_value=1, max_value=pages,
                           value=1, step=1, key=key)
    return (int(page) - 1) * rows


def rows_note(shown: int, offset: int, total: int) -> str | None:
    """Which rows of `total` a bounded table shows, or None when it shows them all."""
    if shown >= total:
        return None
    if offset == 0:
        return f"Showing the first {shown:,} of {total:,} rows; the download holds all of them."
    return f"Showing rows {offset + 1:,}–{offset + shown:,} of {total:,}; the download holds all of them."


def table(df: pd.DataFrame, **kwargs):
    """st.dataframe with dates shown as dates (YYYY-MM-DD), not timestamps; returns its selection
    state when `on_select` is given."""
    config = {c: st.column_config.DateColumn(c, format="YYYY-MM-DD")
              for c in df.columns if pd.api.types.is_datetime64_any_dtype(df[c])}
    config.update(kwargs.pop("column_config", {}))
    return st.dataframe(df, hide_index=True, width="stretch", column_config=config, **kwargs)


def money(value: float) -> str:
    if value >= 1e9:
        return f"US$ {value / 1e9:,.2f} bn"
    if value >= 1e6:
        return f"US$ {value / 1e6:,.1f} m"
    return f"US$ {value:,.0f}"


def event_label(start_date, title: str) -> str:
    return f"{pd.Timestamp(start_date).date()} — {title}"


def event_picker(f: Filters, picked: str | None = None, key: str = "event", linked: str | None = None) -> str | None:
    """A title search and a list of the newest matching events (settings.PICKER_EVENTS at most);
    `picked` (e.g. clicked on a chart) is offered first even when the list does not hold it, and so is
    `linked` (the URL's ?event=) while no title is searched. Returns the chosen event id, or None
    when nothing matches."""
    search = st.text_input("Search event titles", key=f"{key}_search", max_chars=200,
                           placeholder="a word from the title, e.g. railway",
                           help="Finds events of the current filter whose title contains the text.")
    picked = picked or (linked if not search.strip() else None)
    choices = load("event_choices", f, search, settings.PICKER_EVENTS)
    labels = {r.event_id: event_label(r.start_date, r.title) for r in choices.itertuples()}
    if picked and picked not in labels:
        detail = load("event_detail", picked)
        if not detail.empty:
            labels = {picked: event_label(detail["start_date"].iloc[0], detail["title"].iloc[0]), **labels}
    if not labels:
        st.info("No event title in the current filter contains that text.")
        return None
    ids = list(labels)
    choice = st.selectbox("Event", ids, index=ids.index(picked) if picked in labels else 0,
                          format_func=labels.get)
    if len(choices) >= settings.PICKER_EVENTS:
        st.caption(f"The list offers the {settings.PICKER_EVENTS:,} newest matching events"
                   f"{' whose title matches' if search.strip() else ''}; search the titles to find others.")
    return choice


def events_by_period(f: Filters) -> tuple[pd.DataFrame, str]:
    """Events counted per period, country and type, by the finest period (month, quarter, year)
    that keeps the chart within settings.MAX_ROWS marks."""
    for bucket in queries.BUCKETS:
        rows = load("events_by_period", f, bucket)
        if len(rows) <= settings.MAX_ROWS:
            break
    return rows, bucket


def event_marks(f: Filters, first, last) -> tuple[pd.DataFrame, int]:
    """Events of the filter between `first` and `last` (a chart's span) to draw as marks: all of
    them when there are at most settings.TRADE_EVENT_MARKS, else none; and how many there are."""
    start = max(f.start or MIN_DATE, pd.Timestamp(first).date())
    end = min(f.end or MAX_DATE, pd.Timestamp(last).date())
    if end < start:
        return load("events", f, 0), 0
    span = replace(f, start=start, end=end)
    total = count("events_count", span)
    if total > settings.TRADE_EVENT_MARKS:
        return load("events", span, 0), total
    return load("events", span, settings.TRADE_EVENT_MARKS), total


def event_details(event_id: str) -> None:
    """An event's record: dates, place, summary, participants, agreements and sources."""
    detail = load("event_detail", event_id)
    if detail.empty:
        st.info("That event is not in the database (it may have been removed by a rebuild).")
        return
    e = detail.iloc[0]
    start, end = pd.Timestamp(e["start_date"]).date(), pd.Timestamp(e["end_date"]).date()
    when = {"day": str(start) if start == end else f"{start} – {end}",
            "month": start.strftime("%B %Y") + " (month only)", "year": f"{start.year} (year only)"}[e["date_precision"]]
    st.subheader(e["title"])
    st.markdown(f"**{when}** · {EVENT_TYPE_LABELS.get(e['event_type'], e['event_type'])} · "
                f"{e['place_name'] if pd.notna(e['place_name']) else 'no single place'}")
    st.write(e["summary"])
    if pd.notna(e["notes"]) and e["notes"]:
        st.caption(f"Curator's note: {e['notes']}")
    people = load("event_participants", event_id)
    if not people.empty:
        st.markdown("**Participants**")
        st.dataframe(people.rename(columns={
            "name": "Name", "role_at_event": "Role at the event", "role": "Office", "country_iso3": "Country",
            "aliases": "Other spellings in the sources"}), hide_index=True, width="stretch")
    agreements = load("event_agreements", event_id)
    if not agreements.empty:
        st.markdown("**Agreements and documents**")
        st.dataframe(agreements.rename(columns={"title": "Title", "kind": "Kind", "parties": "Parties",
                                                "summary": "Note", "source_id": "Source"}),
                     hide_index=True, width="stretch")
    sources = load("event_source_list", event_id)
    st.markdown("**Sources**")
    for s in sources.itertuples():
        published = pd.Timestamp(s.published_date).date() if pd.notna(s.published_date) else "undated"
        title = f"[{s.title}]({s.url})" if isinstance(s.url, str) and s.url.startswith("http") else s.title
        via = f" — read in *{s.reprinted_from_title}*" if isinstance(s.reprinted_from_title, str) else ""
        publisher = s.publisher if isinstance(s.publisher, str) else "Publisher not shown"
        st.markdown(f"- {publisher}: {title} ({published}){via}")


# ---------------------------------------------------------------- citable links: ?event=ID&vintage=ID

def current_vintage() -> str | None:
    """The database's own vintage id (None when it records none)."""
    cur = load("current_vintage")
    return None if cur.empty else str(cur["vintage_id"].iloc[0])


def linked_event() -> str | None:
    """The event a link names (`?event=ID`), or None; an invalid value gives a visible note."""
    event_id, notes = id_from_query(st.query_params.get_all("event"), "event")
    for note in notes:
        st.warning(note)
    return event_id


def link_event(event_id: str | None) -> None:
    """Put the shown event and the database's vintage in the URL, so the address is a permalink to
    the record as seen now (`?event=ID&vintage=ID`)."""
    wanted = {"event": event_id, "vintage": current_vintage() if event_id else None}
    for key, value in wanted.items():
        if value and st.query_params.get(key) != value:
            st.query_params[key] = value
        elif not value and key in st.query_params:
            del st.query_params[key]


def permalink(event_id: str) -> None:
    """The record's citable address: this event as of the database's vintage."""
    vintage = current_vintage()
    address = f"./timeline?event={event_id}" + (f"&vintage={vintage}" if vintage else "")
    st.caption(f"Permalink to this record{f' as of vintage `{vintage}`' if vintage else ''}: [{address}]({address})")


def vintage_note() -> None:
    """When a link names the vintage it was made on (`?vintage=ID`), say whether the data has
    changed since, with a link to those changes."""
    vintage_id, notes = id_from_query(st.query_params.get_all("vintage"), "vintage")
    for note in notes:
        st.warning(note)
    if not vintage_id:
        return
    now = current_vintage()
    if vintage_id == now:
        st.caption(f"Data as of vintage `{vintage_id}` (the current one); this page's address is a permalink.")
    elif count("vintage_exists", vintage_id):
        st.info(f"This link was made on vintage `{vintage_id}`; the data has changed since (now `{now}`). "
                f"[What changed since then](./changes?since={vintage_id})", icon=":material/update:")
    else:
        st.warning(f"The link names vintage `{vintage_id}`, which is not in this database's history (it may "
                   f"come from another build of the data); the data shown is vintage `{now}`.")


def event_record_linked(event_id: str) -> None:
    """The record of a linked event, or a note when the database does not hold it (removed since?)."""
    if load("event_detail", event_id).empty:
        st.warning(f"The linked event `{event_id}` is not in this database: it may have been removed by a "
                   f"rebuild (the [What's new](./changes) page shows removed rows and what they were).")
        return
    with st.container(border=True):
        event_details(event_id)
        permalink(event_id)


# ---------------------------------------------------------------- the What's new page's choice

SINCE_DATE = "a date"


def since_choice(vintages: pd.DataFrame, current: str, parent: str | None) -> Since:
    """The `since` choice: a vintage of the history, or a date; seeded from the URL (`since=`) on
    the page's first run (an unknown vintage or a bad value gives a visible note and the default:
    the previous vintage), written back to the URL when it is not the default."""
    options = [v for v in vintages["vintage_id"] if v != current]
    labels = {r.vintage_id: f"{r.vintage_id} · built {pd.Timestamp(r.built_at):%Y-%m-%d %H:%M} UTC"
              for r in vintages.itertuples()}
    if not st.session_state.get("_since_seeded"):
        since, notes = since_from_query(st.query_params.get_all("since"))
        if since.vintage_id and since.vintage_id not in options:
            if since.vintage_id == current:
                notes.append(f"The link's since `{since.vintage_id}` is the current vintage, so nothing has "
                             "changed since it; showing the changes since the previous vintage.")
            elif count("vintage_exists", since.vintage_id):
                options.append(since.vintage_id)
                labels[since.vintage_id] = since.vintage_id
            else:
                notes.append(f"Ignored since `{since.vintage_id}`: no vintage of this database's history has "
                             "that id. Showing the changes since the previous vintage.")
            if since.vintage_id not in options:
                since = Since()
        st.session_state["chg_since"] = (since.vintage_id or (SINCE_DATE if since.day else parent)
                                         or (options[0] if options else SINCE_DATE))
        st.session_state["chg_date"] = since.day
        st.session_state["_since_notes"] = notes
        st.session_state["_since_seeded"] = True
    for note in st.session_state.get("_since_notes", []):
        st.warning(note)
    if st.session_state.get("chg_since") not in options + [SINCE_DATE]:
        st.session_state["chg_since"] = parent if parent in options else SINCE_DATE
    c1, c2 = st.columns([3, 2])
    choice = c1.selectbox("Changes since", options + [SINCE_DATE], key="chg_since",
                          format_func=lambda v: "a date…" if v == SINCE_DATE else (
                              labels.get(v, v) + (" (the previous vintage)" if v == parent else "")),
                          help="Every build of new data is a vintage; the changes of every vintage after "
                               "the one chosen are shown.")
    since = Since(vintage_id=choice)
    if choice == SINCE_DATE:
        day = c2.date_input("Built on or after", key="chg_date", value=None, min_value=MIN_DATE,
                            max_value=MAX_DATE, format="YYYY-MM-DD")
        since = Since(day=day) if day else Since()
    default = parent if parent else None
    value = since.to_query()
    if value and value != default:
        if st.query_params.get("since") != value:
            st.query_params["since"] = value
    elif "since" in st.query_params:
        del st.query_params["since"]
    return since


def row_text(json_text) -> str:
    """A row kept as JSON (an added or removed row) as one line of `column: value` pairs."""
    if not isinstance(json_text, str):
        return ""
    try:
        row = json.loads(json_text)
    except ValueError:
        return json_text
    return " · ".join(f"{k}: {', '.join(map(str, v)) if isinstance(v, list) and all(not isinstance(i, dict) for i in v) else v}"
                      for k, v in row.items() if v not in (None, [], ""))
