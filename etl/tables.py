"""ETL layer: the declared shape of every curated table (columns, types, keys, references).

One place says what a valid row is; `validate.py` enforces it and `data/README.md` documents it.
Imports only the standard library.
"""
from __future__ import annotations

from dataclasses import dataclass

# Enumerations an analyst can rely on (documented in data/README.md).
DATE_PRECISIONS = ("day", "month", "year")
PLACE_KINDS = ("capital", "city", "border_crossing", "railway_node", "airport", "other")
EVENT_TYPES = (
    "summit",                 # heads of state of several countries
    "ministerial_meeting",    # a multilateral meeting of ministers
    "strategic_dialogue",     # a named bilateral strategic-dialogue session
    "bilateral_meeting",      # talks between two leaders or ministers
    "visit",                  # an official or state visit, or a tour of several countries
    "infrastructure",         # a milestone of a railway, crossing or route
    "diplomatic_milestone",   # relations established or upgraded, a treaty entering into force
    "visa_regime",            # a visa regime agreed, or its start
)
# How an event took place: only an in-person event has a place (a phone call or a virtual summit
# has none; `none` is not a meeting at all, e.g. a visa regime entering into force).
VENUE_KINDS = ("in_person", "virtual", "phone", "none")
SOURCE_KINDS = ("news", "official", "analysis", "statistics", "dataset", "reference")
AGREEMENT_KINDS = (
    "joint_statement", "cooperation_programme", "memorandum", "press_release",
    "cooperation_documents", "announcement", "intergovernmental_agreement",
    "joint_declaration", "treaty", "partnership_upgrade",
)
INFRA_KINDS = ("railway", "border_crossing", "air_route", "pipeline", "road", "rail_route")
INFRA_STATUSES = (
    "proposed", "agreed", "under_construction", "partially_open", "open", "launched", "priority",
    "financed", "suspended",
)
# Offices followed over time in `posts` (one person can hold one twice: two rows).
POSTS = ("head_of_state", "head_of_government", "foreign_minister")
DATE_BASES = ("occurred", "reported_by")
FLOWS = ("export", "import", "total")
# No bilateral trade figure comes near this (China's whole trade with the world is about US$ 6
# trillion a year): anything larger is a typing or unit error, refused rather than charted.
MAX_USD = 1e13
CONFIDENCES = ("main", "low")


@dataclass(frozen=True)
class Column:
    name: str
    kind: str                      # id, text, date, float, money, pct, enum, bool, int, code_list, text_list
    required: bool = True
    choices: tuple[str, ...] = ()  # for kind == "enum"
    ref: str | None = None         # "table.column" that every value (or list item) must exist in
    lo: float | None = None        # numeric range, inclusive
    hi: float | None = None
    max_len: int = 2000            # text length cap; longer values are refused, not truncated
    pattern: tuple[str, str] | None = None  # (regex the whole value must match, what it means)


@dataclass(frozen=True)
class Table:
    name: str
    columns: tuple[Column, ...]
    key: tuple[str, ...]                                   # unique, and the load order
    date_ranges: tuple[tuple[str, str], ...] = ()          # (start, end): end must not precede start
    precision: tuple[str, str] | None = None               # (date column, precision column)
    min_rows: int = 1
    unique: tuple[str, ...] = ()                           # further columns whose values must be unique
    precision_sets_end: bool = False                       # a month/year precision fixes the range's end
    null_unless: tuple[tuple[str, str, str], ...] = ()     # (column, other, value): column empty unless other = value

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)


def _c(name, kind, **kw):
    return Column(name, kind, **kw)


# Codes valid as a trade reporter or partner: countries and aggregates such as CA5.
TRADE_AREA = "trade_areas.code"

TABLES: tuple[Table, ...] = (
    Table("countries", (
        _c("iso3", "id", max_len=3, pattern=("[A-Z]{3}", "an ISO 3166 alpha-3 code (three upper-case letters)")),
        _c("iso2", "id", max_len=2, pattern=("[A-Z]{2}", "an ISO 3166 alpha-2 code (two upper-case letters)")),
        _c("m49_code", "int", lo=1, hi=999),
        _c("name", "text", max_len=100),
        _c("name_local", "text", required=False, max_len=200),
        _c("is_central_asia", "bool"),
        _c("source_id", "id", ref="sources.source_id"),
    ), key=("iso3",), unique=("iso2", "m49_code")),
    Table("country_groups", (
        _c("group_code", "id", max_len=10),
        _c("name", "text", max_len=100),
        _c("members", "code_list", ref="countries.iso3"),
        _c("notes", "text", required=False),
    ), key=("group_code",)),
    Table("sources", (
        _c("source_id", "id"),
        _c("publisher", "text", required=False, max_len=200),
        _c("title", "text", max_len=500),
        _c("published_date", "date", required=False),
        _c("date_precision", "enum", required=False, choices=DATE_PRECISIONS),
        _c("url", "text", required=False, max_len=1000),
        _c("language", "id", max_len=5),
        _c("kind", "enum", choices=SOURCE_KINDS),
        _c("reprinted_in", "id", required=False, ref="sources.source_id"),
        _c("notes", "text", required=False),
    ), key=("source_id",), precision=("published_date", "date_precision")),
    Table("places", (
        _c("place_id", "id"),
        _c("name", "text", max_len=200),
        _c("name_local", "text", required=False, max_len=200),
        _c("aliases", "text_list", required=False),
        _c("country_iso3", "id", ref="countries.iso3"),
        _c("kind", "enum", choices=PLACE_KINDS),
        _c("lat", "float", lo=-90, hi=90),
        _c("lon", "float", lo=-180, hi=180),
        _c("source_id", "id", ref="sources.source_id"),
        _c("notes", "text", required=False),
    ), key=("place_id",)),
    Table("people", (
        _c("person_id", "id"),
        _c("name", "text", max_len=200),
        _c("name_local", "text", required=False, max_len=200),
        _c("aliases", "text_list", required=False),
        _c("country_iso3", "id", ref="countries.iso3"),
        _c("role", "text", max_len=300),
        _c("source_id", "id", ref="sources.source_id"),
        _c("notes", "text", required=False),
    ), key=("person_id",)),
    Table("events", (
        _c("event_id", "id"),
        _c("start_date", "date"),
        _c("end_date", "date"),
        _c("date_precision", "enum", choices=DATE_PRECISIONS),
        _c("title", "text", max_len=300),
        _c("event_type", "enum", choices=EVENT_TYPES),
        _c("place_id", "id", required=False, ref="places.place_id"),
        _c("venue_kind", "enum", choices=VENUE_KINDS),
        _c("summary", "text", max_len=4000),
        _c("notes", "text", required=False),
    ), key=("event_id",), date_ranges=(("start_date", "end_date"),),
        precision=("start_date", "date_precision"), precision_sets_end=True,
        null_unless=(("place_id", "venue_kind", "in_person"),)),
    Table("event_countries", (
        _c("event_id", "id", ref="events.event_id"),
        _c("country_iso3", "id", ref="countries.iso3"),
    ), key=("event_id", "country_iso3")),
    Table("event_people", (
        _c("event_id", "id", ref="events.event_id"),
        _c("person_id", "id", ref="people.person_id"),
        _c("role_at_event", "text", required=False, max_len=300),
    ), key=("event_id", "person_id")),
    Table("event_sources", (
        _c("event_id", "id", ref="events.event_id"),
        _c("source_id", "id", ref="sources.source_id"),
    ), key=("event_id", "source_id")),
    Table("agreements", (
        _c("agreement_id", "id"),
        _c("event_id", "id", ref="events.event_id"),
        _c("title", "text", max_len=500),
        _c("kind", "enum", choices=AGREEMENT_KINDS),
        _c("parties", "code_list", ref="countries.iso3"),
        _c("summary", "text", required=False),
        _c("source_id", "id", ref="sources.source_id"),
        _c("documents_count", "int", required=False, lo=1, hi=10000),
    ), key=("agreement_id",)),
    Table("infrastructure", (
        _c("project_id", "id"),
        _c("name", "text", max_len=300),
        _c("kind", "enum", choices=INFRA_KINDS),
        _c("countries", "code_list", ref="countries.iso3"),
        _c("place_id", "id", required=False, ref="places.place_id"),
        _c("summary", "text"),
        _c("source_id", "id", ref="sources.source_id"),
    ), key=("project_id",)),
    Table("infrastructure_route", (
        _c("project_id", "id", ref="infrastructure.project_id"),
        _c("seq", "int", lo=1, hi=1000),
        _c("place_id", "id", ref="places.place_id"),
        _c("source_id", "id", ref="sources.source_id"),
        _c("notes", "text", required=False),
    ), key=("project_id", "seq")),
    Table("infrastructure_milestones", (
        _c("milestone_id", "id"),
        _c("project_id", "id", ref="infrastructure.project_id"),
        _c("milestone_date", "date"),
        _c("date_precision", "enum", choices=DATE_PRECISIONS),
        _c("date_basis", "enum", choices=DATE_BASES),
        _c("status", "enum", choices=INFRA_STATUSES),
        _c("summary", "text"),
        _c("event_id", "id", required=False, ref="events.event_id"),
        _c("source_id", "id", ref="sources.source_id"),
    ), key=("milestone_id",), precision=("milestone_date", "date_precision")),
    Table("posts", (
        _c("person_id", "id", ref="people.person_id"),
        _c("post", "enum", choices=POSTS),
        _c("country_iso3", "id", ref="countries.iso3"),
        _c("title", "text", max_len=300),
        _c("valid_from", "date"),
        _c("valid_to", "date", required=False),
        _c("date_precision", "enum", choices=DATE_PRECISIONS),
        _c("source_id", "id", ref="sources.source_id"),
        _c("notes", "text", required=False),
    ), key=("person_id", "post", "valid_from"), date_ranges=(("valid_from", "valid_to"),),
        precision=("valid_from", "date_precision"), min_rows=0),
    Table("partnerships", (
        _c("partnership_id", "id"),
        _c("country_iso3", "id", ref="countries.iso3"),
        _c("level", "text", max_len=300),
        _c("valid_from", "date"),
        _c("valid_to", "date", required=False),
        _c("date_precision", "enum", choices=DATE_PRECISIONS),
        _c("event_id", "id", required=False, ref="events.event_id"),
        _c("source_id", "id", ref="sources.source_id"),
        _c("notes", "text", required=False),
    ), key=("partnership_id",), date_ranges=(("valid_from", "valid_to"),),
        precision=("valid_from", "date_precision"), min_rows=0),
    Table("trade", (
        _c("trade_id", "id"),
        _c("reporter_iso3", "id", ref=TRADE_AREA),
        _c("partner_iso3", "id", ref=TRADE_AREA),
        _c("period_start", "date"),
        _c("period_end", "date"),
        _c("flow", "enum", choices=FLOWS),
        _c("commodity_code", "id", max_len=12),
        _c("value_usd", "money", hi=MAX_USD),
        _c("yoy_pct", "pct", required=False, lo=-100, hi=100000),
        _c("is_lower_bound", "bool"),
        _c("confidence", "enum", choices=CONFIDENCES),
        _c("source_id", "id", ref="sources.source_id"),
        _c("notes", "text", required=False),
    ), key=("trade_id",), date_ranges=(("period_start", "period_end"),)),
    Table("trade_composition", (
        _c("composition_id", "id"),
        _c("exporter_code", "id", ref=TRADE_AREA),
        _c("importer_code", "id", ref=TRADE_AREA),
        _c("period_start", "date"),
        _c("period_end", "date"),
        _c("commodity", "text", max_len=200),
        _c("value_usd", "money", required=False, hi=MAX_USD),
        _c("yoy_pct", "pct", required=False, lo=-100, hi=100000),
        _c("reported_by", "text", max_len=200),
        _c("is_lower_bound", "bool"),
        _c("confidence", "enum", choices=CONFIDENCES),
        _c("source_id", "id", ref="sources.source_id"),
        _c("notes", "text", required=False),
    ), key=("composition_id",), date_ranges=(("period_start", "period_end"),)),
)

TABLES_BY_NAME = {t.name: t for t in TABLES}
