"""Filters: parsing URL values (good, bad and hostile) into Filters plus the notes the page shows,
and the three renderings: parameter sets for SQL (event_params, trade_params, place_params), describe() for captions, slug() for file names."""
from __future__ import annotations

import re
from datetime import date

import pytest

from dashboard.filters import MAX_DATE, MIN_DATE, Filters, from_query

D = date.fromisoformat
DATE_NOTE = ("Ignored {name} date {value}: use a real date as YYYY-MM-DD between 1990-01-01 and "
             "2035-12-31.")
INJECTION = "KGZ'; drop table events;--"


@pytest.mark.parametrize("params, expected, notes", [
    # good
    ({}, Filters(), []),
    ({"countries": "KGZ", "start": "2025-01-01", "end": "2025-12-31"},
     Filters(("KGZ",), D("2025-01-01"), D("2025-12-31")), []),
    ({"countries": "KGZ,KAZ"}, Filters(("KGZ", "KAZ")), []),              # the link's order is kept
    ({"countries": " kgz , Kaz ,"}, Filters(("KGZ", "KAZ")), []),        # case, spaces, empty items
    ({"countries": "KGZ,KGZ"}, Filters(("KGZ",)), []),
    ({"countries": "CHN"}, Filters(("CHN",)), []),
    ({"types": "Summit,visit"}, Filters(event_types=("summit", "visit")), []),
    ({"start": "2025-03-01"}, Filters(start=D("2025-03-01")), []),
    ({"start": "2025-03-01", "end": "2025-03-01"}, Filters(start=D("2025-03-01"), end=D("2025-03-01")), []),
    ({"start": "1990-01-01", "end": "2035-12-31"}, Filters(start=MIN_DATE, end=MAX_DATE), []),
    ({"countries": "", "start": "", "types": ""}, Filters(), []),
    ({"countries": []}, Filters(), []),
    ({"countries": None}, Filters(), []),
    ({"page": "2", "sort": "desc"}, Filters(), []),                        # other keys are not ours
    # repeated keys arrive as lists (st.query_params.get_all): the last value counts
    ({"countries": ["KAZ", "KGZ"]}, Filters(("KGZ",)), []),
    ({"start": ["2024-01-01", "2025-01-01"]}, Filters(start=D("2025-01-01")), []),
    ({"start": ["2025-01-01", "soon"]}, Filters(), [DATE_NOTE.format(name="start", value="`soon`")]),
    # bad: dropped with a note, the valid rest kept
    ({"countries": "XXX,KGZ", "start": "2025-13-45"}, Filters(("KGZ",)),
     ["Ignored unknown country `XXX` in the link.", DATE_NOTE.format(name="start", value="`2025-13-45`")]),
    ({"types": "summit,party"}, Filters(event_types=("summit",)),
     ["Ignored unknown event type `party` in the link."]),
    ({"countries": "RUS"}, Filters(), ["Ignored unknown country `RUS` in the link."]),
    ({"countries": "CA5"}, Filters(), ["Ignored unknown country `CA5` in the link."]),  # a group, not a filter choice
    ({"end": "2025-02-29"}, Filters(), [DATE_NOTE.format(name="end", value="`2025-02-29`")]),
    ({"end": "2025-1-5"}, Filters(), [DATE_NOTE.format(name="end", value="`2025-1-5`")]),
    ({"end": "2025-01-05T10:00"}, Filters(), [DATE_NOTE.format(name="end", value="`2025-01-05T10:00`")]),
    ({"start": "1989-12-31"}, Filters(), [DATE_NOTE.format(name="start", value="`1989-12-31`")]),
    ({"end": "2036-01-01"}, Filters(), [DATE_NOTE.format(name="end", value="`2036-01-01`")]),
    ({"start": "2025-12-31", "end": "2025-01-01"}, Filters(),
     ["Ignored the dates: the end (2025-01-01) is before the start (2025-12-31)."]),
    ({"countries": "KGZ", "start": "2025-12-31", "end": "2025-01-01"}, Filters(("KGZ",)),
     ["Ignored the dates: the end (2025-01-01) is before the start (2025-12-31)."]),
    # hostile
    ({"countries": INJECTION}, Filters(), [f"Ignored unknown country `{INJECTION}` in the link."]),
    ({"countries": "KGZ," + INJECTION}, Filters(("KGZ",)), [f"Ignored unknown country `{INJECTION}` in the link."]),
    ({"start": "2025-01-01' or 1=1 --"}, Filters(),
     [DATE_NOTE.format(name="start", value="`2025-01-01' or 1=1 --`")]),
    ({"countries": "K" * 10_000}, Filters(), ["Ignored the 'countries' parameter: it is 10,000 characters long."]),
    ({"countries": "KGZ," * 2_500}, Filters(), ["Ignored the 'countries' parameter: it is 10,000 characters long."]),
    # the limit itself: 400 characters are read, 401 ignored
    ({"countries": "KGZ" + "," * 397}, Filters(("KGZ",)), []),
    ({"countries": "KGZ" + "," * 398}, Filters(), ["Ignored the 'countries' parameter: it is 401 characters long."]),
    ({"types": "x" * 10_000, "countries": "KAZ"}, Filters(("KAZ",)),
     ["Ignored the 'types' parameter: it is 10,000 characters long."]),
    ({"countries": "Z" * 60}, Filters(), ["Ignored unknown country `" + "Z" * 40 + "…` in the link."]),
    ({"countries": "Кыргызстан"}, Filters(), ["Ignored unknown country `Кыргызстан` in the link."]),
    ({"countries": "吉尔吉斯斯坦,KGZ"}, Filters(("KGZ",)), ["Ignored unknown country `吉尔吉斯斯坦` in the link."]),
    ({"countries": "<script>alert(1)</script>"}, Filters(),
     ["Ignored unknown country `<script>alert(1)</script>` in the link."]),
    ({"start": "２０２５-01-01"}, Filters(), [DATE_NOTE.format(name="start", value="`２０２５-01-01`")]),
    # bilateral, person, place
    ({"bilateral": "1", "person": "wang_yi", "place": "beijing"},
     Filters(bilateral=True, person="wang_yi", place="beijing"), []),
    ({"bilateral": "true"}, Filters(bilateral=True), []),
    ({"bilateral": "0"}, Filters(), []),
    ({"bilateral": "maybe"}, Filters(), ["Ignored bilateral `maybe` in the link: use bilateral=1 or leave it out."]),
    ({"person": "wang yi"}, Filters(), ["Ignored person `wang yi` in the link: it is not a valid person id."]),
    ({"place": "<b>x</b>", "countries": "KGZ"}, Filters(("KGZ",)),
     ["Ignored place `<b>x</b>` in the link: it is not a valid place id."]),
])
def test_from_query(params, expected, notes):
    parsed = from_query(params)
    assert parsed.filters == expected
    assert parsed.notes == notes


@pytest.mark.parametrize("params", [
    {"countries": INJECTION}, {"countries": "K" * 10_000}, {"countries": "Кыргызстан"},
    {"types": "a/b\\c..", "start": "../../etc"}, {"countries": "KGZ\nKAZ"},
    {"person": "a.b..c", "place": "x.y"},
])
def test_parsed_filters_make_safe_file_names(params):
    assert re.fullmatch(r"[A-Za-z0-9_-]+", from_query(params).filters.slug())


@pytest.mark.parametrize("f, text", [
    (Filters(), "All countries · all dates"),
    (Filters(("KGZ",)), "Kyrgyzstan · all dates"),
    (Filters(("KGZ", "KAZ"), D("2025-01-01"), D("2025-12-31")),
     "Kyrgyzstan, Kazakhstan · 2025-01-01 – 2025-12-31"),
    (Filters(start=D("2025-01-01")), "All countries · 2025-01-01 – latest"),
    (Filters(end=D("2025-01-01")), "All countries · start – 2025-01-01"),
    (Filters(("CHN",), event_types=("strategic_dialogue", "visit")),
     "China · all dates · Strategic dialogue, Visit"),
    (Filters(("KGZ",), bilateral=True, person="wang_yi", person_name="Wang Yi", place="beijing",
             place_name="Beijing"), "Kyrgyzstan · all dates · bilateral only · with Wang Yi · held in Beijing"),
    (Filters(person="wang_yi"), "All countries · all dates · with wang_yi"),
    # codes without a name (a group code, a type added later) are shown as they are
    (Filters(("XYZ", "KGZ"), event_types=("cyber_dialogue", "visit")),
     "XYZ, Kyrgyzstan · all dates · cyber_dialogue, Visit"),
])
def test_describe(f, text):
    assert f.describe() == text


@pytest.mark.parametrize("f, slug", [
    (Filters(), "all-countries"),
    (Filters(("KGZ", "KAZ"), D("2025-01-01"), D("2025-12-31")), "KGZ-KAZ_2025-01-01_2025-12-31"),
    (Filters(start=D("2025-01-01")), "all-countries_2025-01-01_latest"),
    (Filters(end=D("2025-01-01")), "all-countries_start_2025-01-01"),
    (Filters(("TJK",), event_types=("summit", "visit")), "TJK_summit-visit"),
    (Filters(bilateral=True, person="wang_yi", place="beijing"),
     "all-countries_bilateral_person-wang_yi_place-beijing"),
])
def test_slug(f, slug):
    assert f.slug() == slug


@pytest.mark.parametrize("f, query", [
    (Filters(), {}),
    (Filters(("KGZ",)), {"countries": "KGZ"}),
    (Filters(("KGZ", "KAZ"), D("2025-01-01"), D("2025-12-31"), ("summit", "visit")),
     {"countries": "KGZ,KAZ", "start": "2025-01-01", "end": "2025-12-31", "types": "summit,visit"}),
    (Filters(end=D("2024-06-30")), {"end": "2024-06-30"}),
    (Filters(("UZB",), bilateral=True, person="shavkat_mirziyoyev", place="tashkent"),
     {"countries": "UZB", "bilateral": "1", "person": "shavkat_mirziyoyev", "place": "tashkent"}),
])
def test_to_query_round_trip(f, query):
    assert f.to_query() == query
    parsed = from_query(f.to_query())
    assert (parsed.filters, parsed.notes) == (f, [])


def test_event_params_mean_everything_when_empty():
    assert Filters().event_params() == {"countries": [], "start": MIN_DATE, "end": MAX_DATE, "event_types": [],
                                        "bilateral": False, "person": None, "place": None}
    assert Filters(("KGZ",), D("2025-01-01"), None, ("visit",)).event_params() == {
        "countries": ["KGZ"], "start": D("2025-01-01"), "end": MAX_DATE, "event_types": ["visit"],
        "bilateral": False, "person": None, "place": None}


def test_trade_and_place_params_share_the_dates_and_countries():
    f = Filters(("CHN", "KGZ", "UZB"), D("2025-01-01"), None, ("visit",))
    assert f.trade_params() == {"partners": ["KGZ", "UZB"], "start": D("2025-01-01"), "end": MAX_DATE}
    assert f.place_params() == {"countries": ["CHN", "KGZ", "UZB"]}
    assert f.milestone_params() == {"countries": ["CHN", "KGZ", "UZB"], "start": D("2025-01-01"), "end": MAX_DATE}
    assert Filters().trade_params() == {"partners": [], "start": MIN_DATE, "end": MAX_DATE}


def test_filters_are_hashable_for_the_cache():
    assert hash(Filters(("KGZ",))) == hash(from_query({"countries": "KGZ"}).filters)
    assert len({Filters(), Filters(), Filters(("KGZ",))}) == 2


@pytest.mark.parametrize("value, quoted", [
    ("Q" * 40, "`" + "Q" * 40 + "`"),                        # 40 characters: shown whole
    ("Q" * 41, "`" + "Q" * 40 + "…`"),                       # longer: cut to 40 and marked
    ("K\x00G\u202eZ", "`K\\x00G\\u202eZ`"),                   # invisible characters spelled out
    ("`KGZ", "`` `KGZ ``"),                                  # a backtick at an edge: padded
    ("KGZ`", "`` KGZ` ``"),
    ("K``G", "```K``G```"),                                  # a longer fence than any run inside
])
def test_a_note_quotes_the_value_exactly_as_inline_code(value, quoted):
    assert from_query({"countries": value}).notes == [f"Ignored unknown country {quoted} in the link."]
