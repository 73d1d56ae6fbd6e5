"""Browser tests: a link's filters set the sidebar widgets, widgets write the URL, and the CSV
download holds exactly the filtered rows (compared with the whole expected text)."""
from __future__ import annotations

from datetime import date
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from tools.appserver import eventually, open_page
from dashboard import db, queries
from dashboard.filters import Filters
from tests.csvtext import to_csv

LINK = "data?countries=KGZ&start=2025-01-01&end=2025-12-31"
LINK_FILTERS = Filters(countries=("KGZ",), start=date(2025, 1, 1), end=date(2025, 12, 31))


def sidebar(page):
    return page.locator('[data-testid="stSidebar"]')


def chosen_countries(page) -> list[str]:
    countries = sidebar(page).locator('[data-testid="stMultiSelect"]').filter(
        has=page.get_by_role("combobox", name="Countries", exact=True))
    return countries.locator("[data-tag]").evaluate_all("tags => tags.map(t => t.getAttribute('aria-label'))")


def date_shown(page, label: str) -> str:
    """The text a date input shows, e.g. '2025-01-01' (its segments joined)."""
    field = sidebar(page).get_by_role("group", name=label, exact=True)
    return "".join(field.inner_text().split())


def assert_countries(page, expected: list[str]) -> None:
    assert eventually(page, lambda: chosen_countries(page), expected) == expected


def query(url: str) -> dict[str, list[str]]:
    return parse_qs(urlsplit(url).query)


def wait_for_query(page, expected: dict[str, list[str]]) -> None:
    assert eventually(page, lambda: query(page.url), expected) == expected, f"the URL is {page.url}"


def test_link_sets_the_filter_widgets(page, app_url):
    open_page(page, f"{app_url}/{LINK}", "Data")
    assert_countries(page, ["Kyrgyzstan"])
    assert eventually(page, lambda: date_shown(page, "From"), "2025-01-01") == "2025-01-01"
    assert eventually(page, lambda: date_shown(page, "To"), "2025-12-31") == "2025-12-31"
    caption = page.get_by_text("Events: ", exact=False).first.inner_text()
    assert "filtered to: Kyrgyzstan · 2025-01-01 – 2025-12-31" in caption
    dates = {"start": ["2025-01-01"], "end": ["2025-12-31"]}
    assert query(page.url) == {"countries": ["KGZ"], **dates}


def test_widgets_write_the_url(page, app_url):
    open_page(page, f"{app_url}/{LINK}", "Data")
    dates = {"start": ["2025-01-01"], "end": ["2025-12-31"]}
    combobox = sidebar(page).get_by_role("combobox", name="Countries", exact=True)
    combobox.click()
    page.get_by_role("option", name="Kazakhstan", exact=True).click()
    page.keyboard.press("Escape")
    wait_for_query(page, {"countries": ["KAZ,KGZ"], **dates})   # kept in the filter's fixed order
    assert_countries(page, ["Kyrgyzstan", "Kazakhstan"])
    sidebar(page).get_by_role("button", name="Remove Kyrgyzstan").click()
    wait_for_query(page, {"countries": ["KAZ"], **dates})
    assert_countries(page, ["Kazakhstan"])
    sidebar(page).get_by_role("button", name="Remove Kazakhstan").click()
    wait_for_query(page, dates)


def test_events_download_holds_the_filtered_rows(page, app_url, db_con):
    expected = to_csv(db.query(db_con, queries.events(LINK_FILTERS)))
    assert expected.count("\n") > 1, "the link's filter should match some fixture events"
    open_page(page, f"{app_url}/{LINK}", "Data")
    with page.expect_download() as info:
        page.get_by_role("button", name="Download events (CSV)", exact=True).click()
    download = info.value
    assert download.suggested_filename == f"events_{LINK_FILTERS.slug()}.csv"
    assert "KGZ" in download.suggested_filename
    assert Path(download.path()).read_bytes().decode("utf-8") == expected


def test_bilateral_person_and_place_from_a_link(page, app_url, db_con):
    f = Filters(bilateral=True, person="wang_yi")
    expected = len(db.query(db_con, queries.events(f)))
    assert expected == 2, "the fixture's two bilateral strategic dialogues, both with Wang Yi"
    open_page(page, f"{app_url}/data?bilateral=1&person=wang_yi", "Data")
    toggle = sidebar(page).get_by_role("switch", name="Bilateral only")
    assert eventually(page, lambda: toggle.is_checked(), True)
    picker = sidebar(page).get_by_role("combobox", name="Person present", exact=True)
    assert eventually(page, lambda: picker.input_value(), "Wang Yi (China)") == "Wang Yi (China)"
    caption = page.get_by_text("Events: ", exact=False).first.inner_text()
    assert "filtered to: All countries · all dates · bilateral only · with Wang Yi" in caption
    assert query(page.url) == {"bilateral": ["1"], "person": ["wang_yi"]}
