"""Filter layer: one frozen value object for the analyst's filter, read from and written to the URL.

`Filters` renders three ways: parameter sets for SQL (one per shared filter part in
dashboard/queries/parts: event_params, trade_params, place_params, milestone_params), `describe()`
for captions, `slug()` for file names. Parsing never raises: invalid URL values are dropped with a note the page shows. Notes are
Markdown: the value a note quotes is inline code, so a crafted link cannot put a link on the page.
Imports only the standard library and dashboard.settings.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from .settings import CENTRAL_ASIA, COUNTRY_NAMES, EVENT_TYPE_LABELS, FILTER_COUNTRIES

MAX_PARAM_CHARS = 400          # longer URL values are ignored outright
MIN_DATE, MAX_DATE = date(1990, 1, 1), date(2035, 12, 31)
DATE_RE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
URL_KEYS = ("countries", "start", "end", "types", "bilateral", "person", "place")
TRUE_WORDS, FALSE_WORDS = ("1", "true", "yes"), ("0", "false", "no")


@dataclass(frozen=True)
class Filters:
    countries: tuple[str, ...] = ()        # ISO3 codes; empty means all
    start: date | None = None              # None means open
    end: date | None = None
    event_types: tuple[str, ...] = ()      # empty means all
    bilateral: bool = False                # only events of China and exactly one Central Asian state
    person: str | None = None              # a person_id: only events with that person present
    place: str | None = None               # a place_id: only events held there
    person_name: str | None = field(default=None, compare=False)   # for describe(); not a filter
    place_name: str | None = field(default=None, compare=False)

    @property
    def partners(self) -> tuple[str, ...]:
        """China's partners for trade: the chosen Central Asian states (empty = all)."""
        return tuple(c for c in self.countries if c in CENTRAL_ASIA)

    def _dates(self) -> dict:
        return {"start": self.start or MIN_DATE, "end": self.end or MAX_DATE}

    def event_params(self) -> dict:
        """Parameters of parts/event_filter.sql (empty list = no restriction)."""
        return {"countries": list(self.countries), **self._dates(), "event_types": list(self.event_types),
                "bilateral": self.bilateral, "person": self.person, "place": self.place}

    @property
    def event_only(self) -> tuple[str, ...]:
        """The filters set that narrow events only (trade pages do not take them), in words."""
        out = []
        if self.bilateral:
            out.append("bilateral only")
        if self.person:
            out.append(f"with {self.person_name or self.person}")
        if self.place:
            out.append(f"held in {self.place_name or self.place}")
        return tuple(out)

    def trade_params(self) -> dict:
        """Parameters of parts/trade_filter.sql and parts/trade_years_filter.sql."""
        return {"partners": list(self.partners), **self._dates()}

    def place_params(self) -> dict:
        """Parameters of parts/place_filter.sql."""
        return {"countries": list(self.countries)}

    def change_params(self) -> dict:
        """Parameters of parts/change_filter.sql (with a Since's, for the What's new queries)."""
        return {"countries": list(self.countries), **self._dates()}

    def partnership_params(self) -> dict:
        """Parameters of parts/partnership_filter.sql."""
        return {"partners": list(self.partners)}

    def milestone_params(self) -> dict:
        """Parameters of parts/milestone_filter.sql."""
        return {"countries": list(self.countries), **self._dates()}

    def describe(self) -> str:
        """Human description for captions, e.g. 'Kyrgyzstan, Kazakhstan · 2025-01-01 – 2025-12-31'."""
        countries = ", ".join(COUNTRY_NAMES.get(c, c) for c in self.countries) or "All countries"
        if self.start or self.end:
            period = f"{self.start or 'start'} – {self.end or 'latest'}"
        else:
            period = "all dates"
        parts = [countries, period]
        if self.event_types:
            parts.append(", ".join(EVENT_TYPE_LABELS.get(t, t) for t in self.event_types))
        parts.extend(self.event_only)
        return " · ".join(parts)

    def slug(self) -> str:
        """Filter summary for download file names, e.g. 'KGZ-KAZ_2025-01-01_2025-12-31'."""
        parts = ["-".join(self.countries) or "all-countries"]
        if self.start or self.end:
            parts.append(f"{self.start or 'start'}_{self.end or 'latest'}")
        if self.event_types:
            parts.append("-".join(self.event_types))
        if self.bilateral:
            parts.append("bilateral")
        if self.person:
            parts.append("person-" + re.sub(r"[^A-Za-z0-9_-]", "-", self.person))
        if self.place:
            parts.append("place-" + re.sub(r"[^A-Za-z0-9_-]", "-", self.place))
        return "_".join(parts)

    def to_query(self) -> dict[str, str]:
        """URL query parameters; defaults are left out so a plain URL means 'everything'."""
        out = {}
        if self.countries:
            out["countries"] = ",".join(self.countries)
        if self.start:
            out["start"] = self.start.isoformat()
        if self.end:
            out["end"] = self.end.isoformat()
        if self.event_types:
            out["types"] = ",".join(self.event_types)
        if self.bilateral:
            out["bilateral"] = "1"
        if self.person:
            out["person"] = self.person
        if self.place:
            out["place"] = self.place
        return out


@dataclass
class Parsed:
    filters: Filters
    notes: list[str] = field(default_factory=list)


def _first(value) -> str:
    """A URL value may come as a string or a list of strings (repeated keys): use the last."""
    if isinstance(value, (list, tuple)):
        value = value[-1] if value else ""
    return str(value or "")


def _shown(text: str) -> str:
    """The value as a note quotes it: cut to 40 characters, control and invisible characters spelled
    out (\\x00, \\u202e), as Markdown inline code, which shows it exactly as typed: never a link,
    emphasis, colour, icon or formula (escaping cannot stop a bare https://... becoming a link)."""
    text = text if len(text) <= 40 else text[:40] + "…"
    text = "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)
    fence = "`" * (max((len(run) for run in re.findall("`+", text)), default=0) + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def _codes(text: str, allowed, label: str, notes: list[str]) -> tuple[str, ...]:
    out: list[str] = []
    for raw in text.split(","):
        code = raw.strip()
        if not code:
            continue
        normalised = code.upper() if label == "country" else code.lower()
        if normalised in allowed and normalised not in out:
            out.append(normalised)
        elif normalised not in out:
            notes.append(f"Ignored unknown {label} {_shown(code)} in the link.")
    return tuple(out)


def _date(text: str, name: str, notes: list[str]) -> date | None:
    if not text:
        return None
    if DATE_RE.match(text):
        try:
            value = date.fromisoformat(text)
            if MIN_DATE <= value <= MAX_DATE:
                return value
        except ValueError:
            pass
    notes.append(f"Ignored {name} date {_shown(text)}: use a real date as YYYY-MM-DD "
                 f"between {MIN_DATE} and {MAX_DATE}.")
    return None


def from_query(params) -> Parsed:
    """Filters from URL parameters (a mapping of key -> str or list of str); never raises."""
    notes: list[str] = []
    values = {}
    for key in URL_KEYS:
        text = _first(params.get(key)) if key in params else ""
        if len(text) > MAX_PARAM_CHARS:
            notes.append(f"Ignored the '{key}' parameter: it is {len(text):,} characters long.")
            text = ""
        values[key] = text
    countries = _codes(values["countries"], FILTER_COUNTRIES, "country", notes)
    types = _codes(values["types"], EVENT_TYPE_LABELS, "event type", notes)
    start = _date(values["start"], "start", notes)
    end = _date(values["end"], "end", notes)
    if start and end and end < start:
        notes.append(f"Ignored the dates: the end ({end}) is before the start ({start}).")
        start = end = None
    bilateral = _flag(values["bilateral"], "bilateral", notes)
    person = _entity_id(values["person"], "person", notes)
    place = _entity_id(values["place"], "place", notes)
    return Parsed(Filters(countries, start, end, types, bilateral, person, place), notes)


def _flag(text: str, name: str, notes: list[str]) -> bool:
    word = text.strip().lower()
    if word in TRUE_WORDS:
        return True
    if word and word not in FALSE_WORDS:
        notes.append(f"Ignored {name} {_shown(text)} in the link: use {name}=1 or leave it out.")
    return False


def _entity_id(text: str, name: str, notes: list[str]) -> str | None:
    """A person or place id as the link gives it; whether the database knows it is the sidebar's check."""
    text = text.strip()
    if not text:
        return None
    if ID_RE.match(text):
        return text
    notes.append(f"Ignored {name} {_shown(text)} in the link: it is not a valid {name} id.")
    return None


# ---------------------------------------------------------------- links to a vintage, a change, an event

VINTAGE_RE = re.compile(r"^[0-9a-f]{12}(-[0-9]{1,6})?$")
ID_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.\-]{0,199}$")


@dataclass(frozen=True)
class Since:
    """Which changes the What's new page shows: those after a vintage, those of vintages built on
    or after a day (UTC), or (neither) those of the database's own vintage, i.e. since the previous."""

    vintage_id: str | None = None
    day: date | None = None

    def to_params(self) -> dict:
        return {"since_vintage": self.vintage_id, "since_date": self.day}

    def to_query(self) -> str | None:
        """The URL value (`since=`): a vintage id or a date; None for the default."""
        return self.vintage_id or (self.day.isoformat() if self.day else None)

    def describe(self) -> str:
        if self.vintage_id:
            return f"since vintage {self.vintage_id}"
        if self.day:
            return f"since {self.day} (vintages built that day or later)"
        return "since the previous vintage"


def since_from_query(value) -> tuple[Since, list[str]]:
    """A `since` URL value: a vintage id (whether the database knows it is the page's to check) or
    a date; anything else is ignored with a note. Never raises."""
    text = _first(value).strip()
    if not text:
        return Since(), []
    if len(text) <= MAX_PARAM_CHARS and VINTAGE_RE.match(text):
        return Since(vintage_id=text), []
    if len(text) <= MAX_PARAM_CHARS and DATE_RE.match(text):
        notes: list[str] = []
        day = _date(text, "since", notes)
        return Since(day=day), notes
    return Since(), [f"Ignored since {_shown(text)} in the link: use a vintage id (12 hex digits, as listed "
                     "on this page) or a date as YYYY-MM-DD. Showing the changes since the previous vintage."]


def id_from_query(value, what: str) -> tuple[str | None, list[str]]:
    """An `event=` (or `vintage=`) URL value: an id-shaped string, or None with a note."""
    text = _first(value).strip()
    if not text:
        return None, []
    pattern = VINTAGE_RE if what == "vintage" else ID_RE
    if pattern.match(text):
        return text, []
    return None, [f"Ignored {what} {_shown(text)} in the link: it is not a valid {what} id."]
