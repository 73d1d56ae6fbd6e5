"""The Curate page (AppTest): present only in curator mode; paste -> candidates -> edit -> accept writes
exactly the expected rows to the curated folder (a temp copy) and rebuilds; reject and bad input
write nothing. The app's searches by any gazetteer name (timeline, map)."""
from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from etl.build import run
from tests.app.apptools import APP, assert_clean, infos, open_page
from tests.conftest import FIXTURE_CURATED

ARTICLE = """Kyrgyz and Chinese ministers meet in Tashkent

TASHKENT, March 3 -- Chinese Foreign Minister Wang Yi held talks with Kyrgyz Foreign Minister Zheenbek \
Kulubaev in Tashkent on Monday, the ministry said. <script>alert("x")</script> =HYPERLINK("http://evil")

On the same day, Wang Yi met Uzbek Foreign Minister Bakhtiyor Saidov in Tashkent.
"""
SOURCE_ID = "example-20260303-kyrgyz-and-chinese-ministers"
EVENT_ID = "2026-03-02-wang-yi-and-zheenbek-kulubaev-in-tashkent"


@pytest.fixture
def curator(tmp_path, monkeypatch) -> Path:
    """Curator mode on a temp copy of the fixture tables and its own database."""
    curated = tmp_path / "curated"
    shutil.copytree(FIXTURE_CURATED, curated)
    db = tmp_path / "monitor.duckdb"
    assert run(curated, tmp_path / "none", db, out=io.StringIO(), err=io.StringIO()) == 0
    monkeypatch.setenv("MONITOR_CURATOR", "1")
    monkeypatch.setenv("MONITOR_CURATED_DIR", str(curated))
    monkeypatch.setenv("MONITOR_IMPORTS_DIR", str(tmp_path / "none"))
    monkeypatch.setenv("MONITOR_DB", str(db))
    return curated


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.glob("*.csv"))}


def curate_page() -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60).run()
    return at.switch_page("curator.py").run()


def propose(at: AppTest, text: str = ARTICLE, published: str = "2026-03-03") -> AppTest:
    at.text_area(key="curate_text").input(text)
    at.text_input(key="curate_url").input("https://example.org/news/1")
    at.text_input(key="curate_published").input(published)
    return at.button(key="curate_propose").click().run()


def test_without_the_switch_there_is_no_curate_page(monkeypatch):
    monkeypatch.delenv("MONITOR_CURATOR", raising=False)
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert_clean(at)
    with pytest.raises(ValueError):          # not routable: no registered page has that script
        at.switch_page("curator.py")
    assert "Curate" not in str(at._tree)       # not listed
    at = open_page("overview", {})
    assert [t.value for t in at.title] != ["Curate"]


def test_other_values_of_the_switch_do_not_enable_it(monkeypatch):
    monkeypatch.setenv("MONITOR_CURATOR", "yes")
    at = AppTest.from_file(APP, default_timeout=60).run()
    with pytest.raises(ValueError):
        at.switch_page("curator.py")


def test_paste_edit_accept_reject(curator):
    before = snapshot(curator)
    at = propose(curate_page())
    assert_clean(at)
    marks = [m.value for m in at.markdown if "curate-evidence" in m.value]
    assert len(marks) == 2
    assert "<mark>TASHKENT, March 3 &#45;&#45; Chinese Foreign Minister Wang Yi held talks" in marks[0]
    assert "<script>" not in marks[0] and "alert" not in marks[0]           # HTML: scripts dropped unread
    assert "=HYPERLINK&#40;&#34;http&#58;//evil&#34;&#41;" in marks[0]       # the rest is data, escaped
    assert at.text_input(key="c0_start").value == "2026-03-02"            # "on Monday" from 2026-03-03
    at.text_input(key="c0_title").input("Wang Yi and Zheenbek Kulubaev in Tashkent")
    at.selectbox(key="c0_type").set_value("strategic_dialogue")
    at.text_area(key="c0_summary").input("The two ministers discussed the railway.")
    at = at.button(key="c0_accept").click().run()
    assert_clean(at)
    assert [s.value for s in at.success] == [
        f"Accepted as {EVENT_ID}: 1 sources, 1 events, 2 event_countries, 2 event_people, 1 event_sources "
        "row(s) written; database rebuilt."]
    after = snapshot(curator)
    tails = {n: after[n][len(before[n]):].decode() for n in after if after[n] != before[n]}
    assert all(after[n].startswith(before[n]) for n in tails)
    assert tails == {
        "sources.csv": f"{SOURCE_ID},,Kyrgyz and Chinese ministers meet in Tashkent,2026-03-03,day,"
                       "https://example.org/news/1,en,news,,\n",
        "events.csv": f"{EVENT_ID},2026-03-02,2026-03-02,day,Wang Yi and Zheenbek Kulubaev in Tashkent,"
                      "strategic_dialogue,tashkent,in_person,The two ministers discussed the railway.,\n",
        "event_countries.csv": f"{EVENT_ID},CHN\n{EVENT_ID},KGZ\n",
        "event_people.csv": f"{EVENT_ID},wang_yi,\n{EVENT_ID},zheenbek_kulubaev,\n",
        "event_sources.csv": f"{EVENT_ID},{SOURCE_ID}\n",
    }
    at = at.button(key="c1_reject").click().run()
    assert_clean(at)
    assert "Rejected: nothing written." in infos(at)
    assert snapshot(curator) == after
    # The other pages read the rebuilt database: the timeline's search finds the new event.
    at.switch_page("pages/timeline.py").run()
    at.text_input(key="timeline_search").input("Kulubaev in Tashkent").run()
    assert_clean(at)
    assert any(EVENT_ID in str(s.options) or "Kulubaev in Tashkent" in str(s.options) for s in at.selectbox)


@pytest.mark.parametrize("change, message", [
    ({"c0_end": "2026-03-01"}, "end_date 2026-03-01 is before start_date 2026-03-02"),
    ({"c0_countries": "CHN, XXX"}, "unknown ISO code 'XXX'"),
    ({"c0_start": "next week"}, "start_date"),
    ({"c0_event_id": "bad id!"}, "is not a valid identifier"),
    ({"c0_event_id": "2025-11-19-cn-kg-fm-strategic-dialogue"}, "duplicate key"),
    ({"c0_np_id": "osh", "c0_np_country": "KGZ"}, "lat"),       # a new place without coordinates
])
def test_an_invalid_edit_is_refused_with_a_message_and_nothing_written(curator, change, message):
    before = snapshot(curator)
    at = propose(curate_page())
    for key, value in change.items():
        at.text_input(key=key).input(value)
    at.text_area(key="c0_summary").input("Our words.")
    at = at.button(key="c0_accept").click().run()
    assert not at.exception
    assert len(at.error) == 1 and at.error[0].value.startswith("Not accepted, nothing written")
    assert message in at.error[0].value
    assert snapshot(curator) == before


def test_a_new_place_with_coordinates_is_added(curator):
    before = snapshot(curator)
    at = propose(curate_page())
    for key, value in {"c0_np_id": "osh", "c0_np_name": "Osh", "c0_np_country": "KGZ", "c0_np_lat": "40.5283",
                       "c0_np_lon": "72.7985"}.items():
        at.text_input(key=key).input(value)
    at.selectbox(key="c0_place").set_value("")
    at.text_area(key="c0_summary").input("Our words.")
    at = at.button(key="c0_accept").click().run()
    assert_clean(at)
    places = snapshot(curator)["places.csv"][len(before["places.csv"]):].decode()
    assert places == f"osh,Osh,,,KGZ,city,40.5283,72.7985,{SOURCE_ID},\n"


@pytest.mark.parametrize("text, message", [
    ("", "is empty"),
    ("   \n ", "is empty"),
    ("The weather in Tashkent was sunny and the markets were calm.", None),   # nothing to propose
])
def test_bad_or_empty_articles(curator, text, message):
    before = snapshot(curator)
    at = propose(curate_page(), text=text)
    assert not at.exception
    if message:
        assert len(at.error) == 1 and message in at.error[0].value
    else:
        assert not at.error
        assert any("Nothing to propose" in i for i in infos(at))
    assert snapshot(curator) == before


def test_a_bad_published_date_is_said(curator):
    at = propose(curate_page(), published="03/03/2026")
    assert not at.exception
    assert "is not a date in YYYY-MM-DD form" in at.error[0].value


def test_map_finds_a_place_by_its_russian_name():
    at = open_page("map")
    at.text_input(key="map_place_search").input("Бишкек").run()
    assert_clean(at)
    picker = next(s for s in at.selectbox if s.label.startswith("Place"))
    assert list(picker.options) == ["Bishkek"]
    at.text_input(key="map_place_search").input("Нигде").run()
    assert "No place with events in the current filter has that name." in infos(at)


def offered(page: str, search_key: str, text: str, picker: str) -> list[str]:
    """The options of a page's picker after typing `text` into its search box."""
    at = open_page(page)
    at.text_input(key=search_key).input(text).run()
    assert_clean(at)
    return list(next(s for s in at.selectbox if s.label.startswith(picker)).options)


def test_map_finds_a_place_typed_in_capitals_with_a_diacritic():
    """What an analyst pastes from a Kyrgyz or Kazakh source: "BIŠKEK" is Bishkek."""
    assert offered("map", "map_place_search", "BIŠKEK", "Place") == ["Bishkek"]


def test_timeline_finds_an_event_by_its_place_typed_with_an_en_dash():
    expected = offered("timeline", "timeline_search", "Jalal-Abad", "Event")
    assert expected and offered("timeline", "timeline_search", "Jalal–Abad", "Event") == expected


def test_timeline_finds_an_event_by_a_cyrillic_participant_name():
    at = open_page("timeline")
    at.text_input(key="timeline_search").input("Кулубаев").run()
    assert_clean(at)
    picker = next(s for s in at.selectbox if s.label == "Event")
    assert [o for o in picker.options] == ["2025-11-19 — First China–Kyrgyzstan foreign ministers' strategic dialogue"]
