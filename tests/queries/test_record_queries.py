"""The queries behind one record and the pickers, on small situations worked out by hand: the offices
people held on an event's first day, the compilation a source was read in, the person and place
lists, the name searches of the event picker and the map (in normalised form, by kind), and the
overview's latest trade figure. Fixture values are tests/fixtures/curated/*.csv (see test_queries.py);
a situation the fixture lacks is written into a writable copy of the fixture database.
"""
from __future__ import annotations


import pandas as pd
import pytest

from dashboard import db, queries
from dashboard.filters import Filters

CN_KG = "2025-11-19-cn-kg-fm-strategic-dialogue"        # CHN KGZ, Bishkek, 2025-11-19..20: Wang Yi, Kulubaev
CN_KZ = "2025-04-25-cn-kz-strategic-dialogue"           # CHN KAZ, Almaty, 2025-04-25: Wang Yi, Nurtleu
TOUR = "2025-04-wang-yi-central-asia-visits"            # no place: Wang Yi, Saidov
LAUNCH = "2024-12-27-cku-construction-launch"           # Jalal-Abad, 2024-12-27: Japarov
AGREEMENT = "2024-06-06-cku-railway-agreement"          # Beijing, nobody named

CHINA_FM = "Minister of Foreign Affairs of China"
KYRGYZ_FM = "Minister of Foreign Affairs of Kyrgyzstan"


def shown(value):
    """None for SQL NULL (pandas gives None or NaN), else the value."""
    return None if value is None or (isinstance(value, float) and pd.isna(value)) else value


def search(con, text: str, f: Filters = Filters()) -> list[str]:
    return list(db.query(con, queries.event_choices(f, search=text, limit=500))["event_id"])


# ---------------------------------------------------------------- the pickers' lists

def test_people_choices_give_each_person_once_with_their_own_country(con):
    got = db.query(con, queries.people_choices())
    assert list(got.itertuples(index=False, name=None)) == [
        ("bakhtiyor_saidov", "Bakhtiyor Saidov", "Uzbekistan"),
        ("murat_nurtleu", "Murat Nurtleu", "Kazakhstan"),
        ("sadyr_japarov", "Sadyr Japarov", "Kyrgyzstan"),
        ("wang_yi", "Wang Yi", "China"),
        ("zheenbek_kulubaev", "Zheenbek Kulubaev", "Kyrgyzstan"),
    ]


def test_place_choices_give_each_place_once_with_its_own_country(con):
    got = db.query(con, queries.place_choices())
    assert list(got.itertuples(index=False, name=None)) == [
        ("almaty", "Almaty", "Kazakhstan"),
        ("beijing", "Beijing", "China"),
        ("bishkek", "Bishkek", "Kyrgyzstan"),
        ("jalal_abad", "Jalal-Abad", "Kyrgyzstan"),
        ("kashgar", "Kashgar (Kashi)", "China"),
        ("tashkent", "Tashkent", "Uzbekistan"),
        ("torugart", "Torugart Pass", "Kyrgyzstan"),
    ]


# ---------------------------------------------------------------- one event's people and sources

def participants(con, event_id: str) -> list[tuple]:
    got = db.query(con, queries.event_participants(event_id))
    return [(r.name, shown(r.post_at_event)) for r in got.itertuples()]


@pytest.mark.parametrize("event_id, expected", [
    # Wang Yi's first term (2018-03-19 .. 2022-12-30) is over by every event: only the second counts.
    (CN_KG, [("Wang Yi", CHINA_FM), ("Zheenbek Kulubaev", KYRGYZ_FM)]),
    (CN_KZ, [("Wang Yi", CHINA_FM), ("Murat Nurtleu", None)]),          # no post known for Nurtleu
    (LAUNCH, [("Sadyr Japarov", "President of Kyrgyzstan")]),           # an open post runs on
    (AGREEMENT, []),
])
def test_participants_carry_the_office_they_held_at_that_event(con, event_id, expected):
    """Each person's office is the one held at this event: not at the record's other events."""
    assert participants(con, event_id) == expected


def test_an_office_counts_from_its_first_day_through_its_last(writable):
    """CN_KG starts 2025-11-19 and ends the 20th; the offices are those held on the 19th (the acting
    posts are made up for the test). Kulubaev's acting chairmanship ends the day before and his
    minister's post starts that day: only the minister's. Wang Yi's acting premiership ends that day
    (still held), and an acting presidency starts on the 20th (not held on the first day)."""
    writable.execute("update posts set valid_from = date '2025-11-19' "
                     "where person_id = 'zheenbek_kulubaev' and post = 'foreign_minister'")
    for row in [
        ("zheenbek_kulubaev", "head_of_government", "KGZ", "Acting Chairman of the Cabinet of Ministers",
         "2025-06-02", "2025-11-18"),
        ("wang_yi", "head_of_government", "CHN", "Acting Premier", "2025-11-01", "2025-11-19"),
        ("wang_yi", "head_of_state", "CHN", "Acting President", "2025-11-20", None),
    ]:
        writable.execute("insert into posts (person_id, post, country_iso3, title, valid_from, valid_to,"
                         " date_precision, source_id) values (?, ?, ?, ?, ?, ?, 'day', 'mfa-cn-20251119')",
                         list(row))
    assert participants(writable, CN_KG) == [
        ("Wang Yi", f"{CHINA_FM}; Acting Premier of China"),    # by post: foreign_minister, head_of_government
        ("Zheenbek Kulubaev", KYRGYZ_FM),
    ]
    # Had the event started a day later: the acting premiership over, the acting presidency begun.
    writable.execute("update events set start_date = date '2025-11-20' where event_id = ?", [CN_KG])
    assert participants(writable, CN_KG) == [
        ("Wang Yi", f"{CHINA_FM}; Acting President of China"),
        ("Zheenbek Kulubaev", KYRGYZ_FM),
    ]


@pytest.mark.parametrize("event_id, expected", [
    # The Chinese MFA's readout was read in Global Times' compilation (sources.reprinted_in).
    (CN_KZ, [("mfa-cn-20250425", "China, Kyrgyzstan vow deeper cooperation on connectivity, security")]),
    (CN_KG, [("mfa-cn-20251119", None), ("globaltimes-20251120", None)]),   # read where published
])
def test_event_sources_name_the_compilation_each_was_read_in(con, event_id, expected):
    got = db.query(con, queries.event_source_list(event_id))
    assert [(r.source_id, shown(r.reprinted_from_title)) for r in got.itertuples()] == expected


# ---------------------------------------------------------------- the event picker's name search

@pytest.mark.parametrize("text, expected", [
    ("Jap", [LAUNCH]),          # three characters already search the gazetteer (Japarov) ...
    ("Биш", [CN_KG]),           # ... in any script (Бишкек)
    ("Ja", []),                 # under three: titles only, and no title holds "ja"
    ("Би", []),
])
def test_event_choices_search_names_from_three_characters(con, text, expected):
    assert search(con, text) == expected


@pytest.mark.parametrize("text, expected", [
    ("Jalal Abad", [LAUNCH]),   # normalised form "jalal abad": a space for the dash
    ("Biskek", [CN_KG]),        # normalised form "biskek" of Biškek: no diacritics
    ("Zaparov", [LAUNCH]),      # of Žaparov
    ("Jalal-Abad", [LAUNCH]),   # the dash normalised to a space
    ("Biškek", [CN_KG]),
    ("Jalal–Abad", [LAUNCH]),   # typed with an en dash (as news sites print it): found by its normalised form
    ("JALAL  ABAD", [LAUNCH]),  # capitals, two spaces
    ("BIŠKEK", [CN_KG]),
])
def test_event_choices_match_names_as_written_and_normalised(con, text, expected):
    """No title holds these: the events are found through their place's or participant's names."""
    assert search(con, text) == expected


@pytest.fixture
def nazarbayev(writable):
    """A person and a place that share the id `nazarbayev` (ids are unique per table only): Nursultan
    Nazarbayev attends CN_KZ, and the tour (TOUR) is held at Nazarbayev University."""
    writable.execute("insert into people (person_id, name, aliases, country_iso3, role, source_id)"
                     " values ('nazarbayev', 'Nursultan Nazarbayev', [], 'KAZ', 'First President of Kazakhstan',"
                     " 'mfa-cn-20250425')")
    writable.execute("insert into places (place_id, name, aliases, country_iso3, kind, lat, lon, source_id)"
                     " values ('nazarbayev', 'Nazarbayev University', [], 'KAZ', 'venue', 51.0905, 71.3982, 'osm-coords')")
    writable.execute("insert into event_people values (?, 'nazarbayev', 'First President of Kazakhstan')", [CN_KZ])
    writable.execute("update events set place_id = 'nazarbayev' where event_id = ?", [TOUR])
    writable.execute("update event_rows set place_id = 'nazarbayev', place_name = 'Nazarbayev University'"
                     " where event_id = ?", [TOUR])
    writable.execute("update event_rows set person_ids = list_append(person_ids, 'nazarbayev')"
                     " where event_id = ?", [CN_KZ])
    writable.execute("insert into gazetteer (entity_kind, entity_id, country_iso3, name, name_norm, origin, is_stem)"
                     " values ('person', 'nazarbayev', 'KAZ', 'Nursultan Nazarbayev', 'nursultan nazarbayev', 'name', false),"
                     " ('place', 'nazarbayev', 'KAZ', 'Nazarbayev University', 'nazarbayev university', 'name', false)")
    return writable


@pytest.mark.parametrize("text, expected", [
    ("Nursultan", [CN_KZ]),     # the person: the event he attends, not the one held at the place
    ("University", [TOUR]),     # the place: the event held there, not the one he attends
    ("Nazarbayev", [CN_KZ, TOUR]),
])
def test_event_choices_keep_a_person_and_a_place_of_the_same_id_apart(nazarbayev, text, expected):
    assert search(nazarbayev, text) == expected


# ---------------------------------------------------------------- the map's place search

@pytest.mark.parametrize("text, expected", [
    ("Jalal Abad", ["jalal_abad"]),     # through the normalised name only
    ("Biskek", ["bishkek"]),
    ("Jalal-Abad", ["jalal_abad"]),     # the hyphen normalised to a space, as in the name
    ("Biškek", ["bishkek"]),            # diacritics dropped on both sides
    ("Kashgar (", ["kashgar"]),         # both
    ("Jalal–Abad", ["jalal_abad"]),     # an en dash, as typed or pasted from a news site
    ("jalal—abad", ["jalal_abad"]),     # an em dash
    ("BIŠKEK", ["bishkek"]),
    ("Jalal_Abad", ["jalal_abad"]),     # an underscore is a space in the normalised form, not a wildcard
    ("–", []),                          # nothing left after normalising: no name matches
])
def test_places_named_match_names_as_written_and_normalised(con, text, expected):
    assert list(db.query(con, queries.places_named(search=text))["place_id"]) == expected


@pytest.mark.parametrize("text, expected", [
    ("", ["almaty", "beijing", "bishkek", "jalal_abad", "kashgar", "tashkent", "torugart"]),   # every place
    ("Kyrgyz", []),                     # a country's names
    ("Kulubaev", []),                   # a person's
    ("Shanghai", []),                   # an organisation named after a place
    ("Central Asia", []),               # a group's
])
def test_places_named_gives_places_only(con, text, expected):
    assert list(db.query(con, queries.places_named(search=text))["place_id"]) == expected


# ---------------------------------------------------------------- the overview's latest trade figure

# Trade with Tajikistan (none in the fixture). Ids sort the wrong figure first, so that the rules and
# not the ids decide. (trade_id, reporter, partner, start, end, kind, months, label, flow, value, confidence, source)
TAJIK_TRADE = {
    "tj4": ("CHN", "TJK", "2024-01-01", "2024-12-31", "year", 12, "2024", "total", 3.1e9, "main", "gacc-2025"),
    "tj1": ("CHN", "TJK", "2024-01-01", "2024-12-31", "year", 12, "2024", "export", 2.9e9, "main", "gacc-2025"),
    "tj2": ("TJK", "CHN", "2024-01-01", "2024-12-31", "year", 12, "2024", "total", 2.2e9, "main", "stat-tj-2025"),
    "tj3": ("TJK", "CHN", "2025-01-01", "2025-06-30", "half_year", 6, "2025 H1", "total", 1.4e9, "low", "stat-tj-2025"),
}


def add_trade(con, ids) -> None:
    con.execute("insert into sources (source_id, publisher, title, published_date, date_precision, language, kind)"
                " values ('stat-tj-2025', 'Agency on Statistics under the President of the Republic of Tajikistan',"
                " 'Foreign trade of the Republic of Tajikistan', date '2025-08-01', 'day', 'ru', 'statistics')")
    for seq, tid in enumerate(ids, start=100):
        reporter, partner, start, end, kind, months, label, flow, value, confidence, source = TAJIK_TRADE[tid]
        con.execute("insert into trade_totals (trade_id, reporter_iso3, partner_iso3, period_start, period_end,"
                    " period_kind, months, period_label, flow, commodity_code, value_usd, is_lower_bound, confidence,"
                    " source_id, seq) values (?, ?, ?, ?, ?, ?, ?, ?, ?, 'TOTAL', ?, false, ?, ?, ?)",
                    [tid, reporter, partner, start, end, kind, months, label, flow, value, confidence, source, seq])


@pytest.mark.parametrize("ids, expected", [
    (["tj4", "tj1"], ["tj4"]),          # all goods before one flow of the same period
    (["tj4", "tj2"], ["tj4"]),          # China's own figure before the partner's for the same period
    (["tj4", "tj3"], ["tj4"]),          # a low-confidence figure is never the headline, newer or not
    (["tj3"], []),
    (["tj4", "tj1", "tj2", "tj3"], ["tj4"]),
    (["tj1", "tj2"], ["tj2"]),          # without China's total: the partner's total before China's exports
])
def test_latest_trade_prefers_totals_china_and_main_figures(writable, ids, expected):
    add_trade(writable, ids)
    got = db.query(writable, queries.latest_trade(Filters(("TJK",))))
    assert list(got["trade_id"]) == expected
    if expected == ["tj4"]:
        assert (got["value_usd"][0], got["source"][0]) == (3.1e9, "General Administration of Customs of China")


def test_latest_trade_picks_an_all_goods_figure_even_among_product_lines(writable):
    """latest_trade selects commodity TOTAL itself, as test_derived.py relies on when it runs the
    query's own text on `trade` (where product lines live) as its plain version: a product line for a
    month after every all-goods figure is not the latest figure on either table."""
    writable.execute("insert into trade (trade_id, reporter_iso3, partner_iso3, period_start, period_end, period_kind,"
                     " months, period_label, flow, commodity_code, value_usd, is_lower_bound, confidence, source_id, seq)"
                     " values ('p01', 'CHN', 'KGZ', date '2025-10-01', date '2025-10-31', 'month', 1, '2025-10',"
                     " 'total', '870321', 4.2e8, false, 'main', 'gacc-2025', 100)")
    q = queries.latest_trade(Filters())
    assert list(db.query(writable, q)["trade_id"]) == ["t07"]
    on_trade = db.run(writable, queries.sql_text("latest_trade").replace("trade_totals", "trade"), q.parameters)
    assert list(on_trade["trade_id"]) == ["t07"]


@pytest.mark.parametrize("text", [
    "Jalal-Abad", "Jalal–Abad", "Jalal—Abad", "Jalal‐Abad", "Jalal−Abad", "Biškek", "BIŠKEK", "Ёлка ёж", "Oʻzbekiston",
    "O‘zbekiston", "O'zbekiston", "Xi\u00a0Jinping", "  Nur   Sultan  ", "Almaty_region", "Şymkent", "Ürümqi", "",
    "Қазақстан", "新疆", "Ç`´",
])
def test_the_search_is_normalised_exactly_as_the_gazetteer_is(text):
    """The query layer may not import the ETL: its copy of the normaliser must agree with it."""
    from dashboard.queries import _normalised
    from etl.gazetteer import normalise
    assert _normalised(text) == normalise(text)
