"""More of the filter's renderings: file-name slugs of ids with capitals and odd characters, the
parameters each query family gets, the What's new page's `since` value (URL text, SQL parameters,
parsing) and the notes quoting a value."""
from __future__ import annotations

from datetime import date

import pytest

from dashboard.filters import MAX_DATE, MIN_DATE, Filters, Since, _shown, from_query, since_from_query

D = date.fromisoformat


@pytest.mark.parametrize("f, slug", [
    (Filters(person="Xi_Jinping"), "all-countries_person-Xi_Jinping"),
    (Filters(person="wang.yi"), "all-countries_person-wang-yi"),
    (Filters(place="Bishkek City"), "all-countries_place-Bishkek-City"),
    (Filters(place="Almaty.Airport-2"), "all-countries_place-Almaty-Airport-2"),
    (Filters(("KGZ",), person="Wang.Yi", place="BEIJING"), "KGZ_person-Wang-Yi_place-BEIJING"),
])
def test_slug_keeps_letters_of_either_case_and_dashes_the_rest(f, slug):
    assert f.slug() == slug


def test_change_params_are_the_countries_and_the_dates():
    assert Filters().change_params() == {"countries": [], "start": MIN_DATE, "end": MAX_DATE}
    f = Filters(("CHN", "KGZ"), D("2025-01-01"), D("2025-06-30"), ("visit",), True, "wang_yi", "beijing")
    assert f.change_params() == {"countries": ["CHN", "KGZ"], "start": D("2025-01-01"), "end": D("2025-06-30")}


def test_partnership_params_are_the_central_asian_partners_only():
    assert Filters().partnership_params() == {"partners": []}
    assert Filters(("CHN", "KGZ", "UZB")).partnership_params() == {"partners": ["KGZ", "UZB"]}


def test_since_parameters_for_sql():
    assert Since().to_params() == {"since_vintage": None, "since_date": None}
    assert Since(vintage_id="0123456789ab").to_params() == {"since_vintage": "0123456789ab", "since_date": None}
    assert Since(day=D("2025-02-01")).to_params() == {"since_vintage": None, "since_date": D("2025-02-01")}


def test_since_url_text():
    assert Since().to_query() is None
    assert Since(vintage_id="0123456789ab").to_query() == "0123456789ab"
    assert Since(day=D("2025-02-01")).to_query() == "2025-02-01"


@pytest.mark.parametrize("value, since, notes", [
    (None, Since(), []),
    ("", Since(), []),
    ("  ", Since(), []),
    ("0123456789ab", Since(vintage_id="0123456789ab"), []),
    (" 0123456789ab-12 ", Since(vintage_id="0123456789ab-12"), []),
    (["2024-01-01", "2025-02-01"], Since(day=D("2025-02-01")), []),
    ("2025-02-30", Since(), ["Ignored since date `2025-02-30`: use a real date as YYYY-MM-DD between "
                             "1990-01-01 and 2035-12-31."]),
    ("last week", Since(), ["Ignored since `last week` in the link: use a vintage id (12 hex digits, as listed "
                            "on this page) or a date as YYYY-MM-DD. Showing the changes since the previous vintage."]),
])
def test_since_from_query(value, since, notes):
    assert since_from_query(value) == (since, notes)


def test_since_url_text_reads_back():
    for since in (Since(), Since(vintage_id="0123456789ab"), Since(day=D("2025-02-01"))):
        assert since_from_query(since.to_query())[0] == since


def test_a_note_quotes_a_backslash_once():
    assert _shown("a\\b") == "`a\\b`"
    assert _shown("Bishkek's") == "`Bishkek's`"
    assert _shown("a\x00b") == "`a\\x00b`"


def test_an_empty_item_in_a_list_does_not_end_the_list():
    assert from_query({"countries": "KGZ,,KAZ"}).filters.countries == ("KGZ", "KAZ")
    assert from_query({"types": ",summit, ,visit"}).filters.event_types == ("summit", "visit")
    assert from_query({"countries": "KGZ,,KAZ"}).notes == []
