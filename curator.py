"""Curate page (curator mode only; app.py adds it when MONITOR_CURATOR=1): an article in, reviewed rows out.

Paste or upload an article, see the candidates `etl propose` finds with their evidence marked in the
text, edit, then accept (rows appended to the curated folder through etl.append, which validates as
the build does and rebuilds the database) or reject (nothing written). Kept outside pages/ so that
`make run` can neither list nor route to it. Imports streamlit, dashboard.settings and the ETL's
public functions in etl.append (tests/test_layering.py: CURATOR_ETL).
"""
from __future__ import annotations

import logging
from datetime import date

import streamlit as st

from dashboard import settings
from etl.append import (
    Refused, append, curated_rows, event_rows, proposals, slug, source_id_for,
)

KEY = "_curate"                 # session state: the article under review and each candidate's fate
EVENT_TYPES = tuple(settings.EVENT_TYPE_LABELS)
PRECISIONS = ("day", "month", "year")
VENUES = ("in_person", "virtual", "phone", "none")
PLACE_KINDS = ("city", "capital", "border_crossing", "railway_node", "airport", "other")
CONTEXT_CHARS = 400             # characters of article text shown either side of a candidate's evidence
log = logging.getLogger("monitor")


# Markdown's own characters, written as numeric entities so that article text never becomes a link,
# emphasis or a heading (st.markdown decodes entities only after parsing).
MARKDOWN_CHARS = {ord(ch): f"&#{ord(ch)};" for ch in "\\`*_{}[]()#+-.!|~:<>&\"'"}


def escaped(text: str) -> str:
    """Article text for st.markdown: neither HTML nor Markdown, line breaks kept."""
    return text.translate(MARKDOWN_CHARS).replace("\n", "<br>")


def marked(text: str, start: int | None, end: int | None) -> str:
    """The article text around [start, end) escaped, with the evidence in <mark>: the text is data,
    never markup."""
    if start is None or end is None or not (0 <= start <= end <= len(text)):
        return escaped(text[: 2 * CONTEXT_CHARS])
    lo, hi = max(0, start - CONTEXT_CHARS), min(len(text), end + CONTEXT_CHARS)
    return ("…" if lo else "") + escaped(text[lo:start]) + "<mark>" + escaped(text[start:end]) + \
        "</mark>" + escaped(text[end:hi]) + ("…" if hi < len(text) else "")


def split_codes(text: str) -> list[str]:
    return [t.strip() for t in text.replace(";", ",").split(",") if t.strip()]


def article_form() -> None:
    """The inbox: an article pasted or uploaded, with its address and date; Propose reads it."""
    with st.form("curate_article"):
        pasted = st.text_area("Article text (paste)", key="curate_text", height=200,
                              help="Plain text or HTML; English or Russian.")
        uploaded = st.file_uploader("…or upload a .txt or .html file", type=["txt", "html", "htm"],
                                    key="curate_file")
        url = st.text_input("Article URL", key="curate_url", max_chars=1000)
        published = st.text_input("Published (YYYY-MM-DD)", key="curate_published", max_chars=10,
                                  help="Relative dates in the text ('on Tuesday') count from this day.")
        go = st.form_submit_button("Propose candidates", key="curate_propose")
    if not go:
        return
    when = None
    if published.strip():
        try:
            when = date.fromisoformat(published.strip())
        except ValueError:
            st.error(f"Published date '{published.strip()}' is not a date in YYYY-MM-DD form.")
            return
    if uploaded is not None:
        raw, name = uploaded.getvalue(), uploaded.name
    else:
        raw, name = pasted.encode("utf-8"), "pasted text"
    try:
        found = proposals(raw, name, published=when, url=url.strip() or None, db=settings.db_path(),
                          data_dir=settings.curated_dir())
    except Refused as why:
        st.error(f"This article cannot be read: {why}")
        return
    title = next((line.strip() for line in found.text.splitlines() if line.strip()), "Untitled article")
    st.session_state[KEY] = {"text": found.text, "candidates": found.candidates, "warnings": found.warnings,
                             "url": url.strip() or None, "published": found.published, "title": title[:300],
                             "fate": {}}


def source_form(review: dict) -> dict:
    """The article's sources row, editable (shared by every candidate of the article)."""
    st.subheader("The article as a source")
    c1, c2, c3 = st.columns(3)
    sid = c1.text_input("Source id", key="curate_source_id",
                        value=source_id_for(review["url"], review["published"], review["title"]))
    publisher = c2.text_input("Publisher", key="curate_publisher")
    language = c3.selectbox("Language", ("en", "ru", "zh", "kk", "ky", "uz", "tg"), key="curate_language")
    title = st.text_input("Source title", key="curate_source_title", value=review["title"], max_chars=500)
    return {"source_id": sid.strip(), "publisher": publisher.strip() or None, "title": title.strip(),
            "published_date": review["published"], "date_precision": "day" if review["published"] else None,
            "url": review["url"], "language": language, "kind": "news", "reprinted_in": None, "notes": None}


def event_form(i: int, c: dict, source: dict, curated: dict) -> None:
    """One event candidate: its evidence, every field editable, Accept or Reject."""
    places = [""] + sorted(r["place_id"] for r in curated.get("places", []))
    events = curated.get("events", [])
    event_ids = [""] + [r["event_id"] for r in sorted(events, key=lambda r: (r["start_date"], r["event_id"]),
                                                       reverse=True)]
    with st.form(f"curate_event_{i}"):
        start = st.text_input("Start date", value=c["start_date"], key=f"c{i}_start")
        end = st.text_input("End date", value=c["end_date"], key=f"c{i}_end")
        cols = st.columns(3)
        precision = cols[0].selectbox("Date precision", PRECISIONS, key=f"c{i}_precision",
                                      index=PRECISIONS.index(c.get("date_precision") or "day"))
        etype = cols[1].selectbox("Event type", EVENT_TYPES, key=f"c{i}_type",
                                  index=EVENT_TYPES.index(c["event_type"]) if c["event_type"] in EVENT_TYPES else 0,
                                  format_func=lambda t: settings.EVENT_TYPE_LABELS[t])
        venue = cols[2].selectbox("Venue", VENUES, key=f"c{i}_venue",
                                  index=VENUES.index(c.get("venue_kind") or "in_person"))
        title = st.text_input("Title", value=c["title"], key=f"c{i}_title", max_chars=300)
        place = st.selectbox("Place", places, key=f"c{i}_place",
                             index=places.index(c["place_id"]) if c.get("place_id") in places else 0,
                             help=f"The text names: {c['place_name']}" if c.get("place_name") else None)
        countries = st.text_input("Countries (ISO3, comma-separated)", value=", ".join(c["countries"]),
                                  key=f"c{i}_countries")
        people = st.text_input("People (person ids, comma-separated)", value=", ".join(c["people"]),
                               key=f"c{i}_people",
                               help="Unresolved names: " + ", ".join(c["people_names"]) if c.get("people_names") else None)
        summary = st.text_area("Summary, in your own words", key=f"c{i}_summary", max_chars=4000)
        event_id = st.text_input("Event id (empty: made from the start date and the title)", key=f"c{i}_event_id",
                                 max_chars=120)
        duplicate = st.selectbox("Duplicates an existing event (then only the source is linked to it)", event_ids,
                                 key=f"c{i}_duplicate", format_func=lambda e: e or "(none: a new event)",
                                 index=event_ids.index(c["duplicate_of"]) if c.get("duplicate_of") in event_ids else 0)
        with st.expander("Add a new place or person"):
            np_cols = st.columns(6)
            new_place = {"place_id": np_cols[0].text_input("New place id", key=f"c{i}_np_id"),
                         "name": np_cols[1].text_input("Name", key=f"c{i}_np_name", value=c.get("place_name") or ""),
                         "country_iso3": np_cols[2].text_input("Country (ISO3)", key=f"c{i}_np_country"),
                         "kind": np_cols[3].selectbox("Kind", PLACE_KINDS, key=f"c{i}_np_kind"),
                         "lat": np_cols[4].text_input("Latitude", key=f"c{i}_np_lat"),
                         "lon": np_cols[5].text_input("Longitude", key=f"c{i}_np_lon")}
            new_place["source_id"] = st.text_input("Source of the coordinates (a source id)", key=f"c{i}_np_source")
            pp_cols = st.columns(4)
            new_person = {"person_id": pp_cols[0].text_input("New person id", key=f"c{i}_pp_id"),
                          "name": pp_cols[1].text_input("Name", key=f"c{i}_pp_name"),
                          "country_iso3": pp_cols[2].text_input("Country (ISO3)", key=f"c{i}_pp_country"),
                          "role": pp_cols[3].text_input("Role", key=f"c{i}_pp_role")}
        b1, b2 = st.columns(2)
        accept = b1.form_submit_button("Accept", key=f"c{i}_accept", type="primary")
        reject = b2.form_submit_button("Reject", key=f"c{i}_reject")
    if reject:
        st.session_state[KEY]["fate"][i] = ("rejected", "Rejected: nothing written.")
        st.rerun()
    if not accept:
        return
    if not summary.strip() and not duplicate:
        st.error("Write a summary in your own words before accepting.")
        return
    start, end, title = start.strip(), end.strip(), title.strip()
    places_new = []
    if new_place["place_id"].strip():
        places_new.append({k: (v.strip() if isinstance(v, str) else v) or None for k, v in new_place.items()}
                          | {"source_id": new_place["source_id"].strip() or source["source_id"]})
        place = place or new_place["place_id"].strip()
    people_new = []
    if new_person["person_id"].strip():
        people_new.append({k: v.strip() or None for k, v in new_person.items()} | {"source_id": source["source_id"]})
    people_ids = split_codes(people)
    if people_new and people_new[0]["person_id"] not in people_ids:
        people_ids.append(people_new[0]["person_id"])
    candidate = {"event_id": event_id.strip() or f"{start}-{slug(title)}", "start_date": start, "end_date": end,
                 "date_precision": precision, "title": title, "event_type": etype,
                 "place_id": place or None, "venue_kind": venue, "summary": summary.strip(), "notes": None,
                 "countries": [x.upper() for x in split_codes(countries)], "people": people_ids,
                 "duplicate_of": duplicate or None}
    existing = {r["source_id"] for r in curated.get("sources", [])}
    rows = event_rows(candidate, source, new_places=places_new, new_people=people_new, existing_source_ids=existing)
    try:
        added = append(settings.curated_dir(), rows, db=settings.db_path(), imports_dir=settings.imports_dir())
    except Refused as why:
        st.error("Not accepted, nothing written:\n\n" + "\n".join(f"- {p}" for p in why.problems[:20]))
        return
    except Exception:  # an unexpected failure: etl.append has restored the files; say so, log the rest
        log.exception("curate: accept failed")
        st.error("Not accepted, nothing written: the accept failed unexpectedly (logged).")
        return
    what = ", ".join(f"{n} {t}" for t, n in added.items())
    target = duplicate or candidate["event_id"]
    st.session_state[KEY]["fate"][i] = ("accepted", f"Accepted as {target}: {what} row(s) written; database rebuilt.")
    st.rerun()


def review() -> None:
    r = st.session_state[KEY]
    for w in r["warnings"]:
        st.warning(w)
    events = [c for c in r["candidates"] if c["kind"] == "event"]
    trade = [c for c in r["candidates"] if c["kind"] == "trade"]
    if not r["candidates"]:
        st.info("Nothing to propose in this article: no meeting, visit or trade figure with a date was found.")
        return
    st.caption(f"{len(events)} event candidate(s), {len(trade)} trade figure(s).")
    source = source_form(r)
    curated = curated_rows(settings.curated_dir())
    for i, c in enumerate(r["candidates"]):
        if c["kind"] != "event":
            continue
        with st.container(border=True):
            st.markdown(f"**Candidate {i + 1}:** {escaped(c['title'])}", unsafe_allow_html=True)
            st.markdown(f'<div class="curate-evidence">{marked(r["text"], c.get("evidence_start"), c.get("evidence_end"))}'
                        "</div>", unsafe_allow_html=True)
            fate = r["fate"].get(i)
            if fate:
                (st.success if fate[0] == "accepted" else st.info)(fate[1])
                continue
            event_form(i, c, source, curated)
    if trade:
        st.subheader("Trade figures")
        st.caption("Proposed figures, for reference: add trade rows by hand (the inbox accepts events).")
        st.dataframe([{k: t.get(k) for k in ("reporter_iso3", "partner_iso3", "period_start", "period_end", "flow",
                                              "value", "currency", "evidence")} for t in trade])


st.title("Curate")
st.caption(f"Writes to {settings.curated_dir()} and rebuilds {settings.db_path().name}. Nothing is written "
           "until you accept a candidate.")
article_form()
if KEY in st.session_state:
    review()
