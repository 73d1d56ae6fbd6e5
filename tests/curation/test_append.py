"""etl.append: reviewed rows appended to a copy of the fixture tables — exact new tail lines, nothing
else rewritten, refusals that leave every file byte-identical, two accepts at once under the lock."""
from __future__ import annotations

import multiprocessing
import shutil
import threading
from pathlib import Path

import duckdb
import pytest

from etl.append import Refused, append, event_rows, slug, source_id_for
from tests.conftest import FIXTURE_CURATED

SOURCE = {"source_id": "example-20260303-talks", "publisher": "Example News", "title": "Talks in Tashkent",
          "published_date": "2026-03-03", "date_precision": "day", "url": "https://example.org/a?x=1,2",
          "language": "en", "kind": "news"}


def candidate(**changes) -> dict:
    c = {"event_id": "2026-03-02-wang-yi-kulubaev-talks", "start_date": "2026-03-02", "end_date": "2026-03-02",
         "date_precision": "day", "title": "Wang Yi – Zheenbek Kulubaev: talks", "event_type": "bilateral_meeting",
         "place_id": "tashkent", "venue_kind": "in_person", "summary": 'They discussed the railway, "again".',
         "countries": ["CHN", "KGZ"], "people": ["wang_yi", "zheenbek_kulubaev"]}
    return c | changes


@pytest.fixture
def curated(tmp_path) -> Path:
    target = tmp_path / "curated"
    shutil.copytree(FIXTURE_CURATED, target)
    return target


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.glob("*.csv"))}


def new_tails(before: dict[str, bytes], folder: Path) -> dict[str, str]:
    """Each changed file's appended text; asserts the old bytes are its unchanged prefix."""
    out = {}
    for name, data in snapshot(folder).items():
        if data != before[name]:
            assert data.startswith(before[name]), f"{name}: an existing line was rewritten"
            out[name] = data[len(before[name]):].decode()
    return out


def test_accept_appends_exactly_the_rows(curated):
    before = snapshot(curated)
    added = append(curated, event_rows(candidate(), SOURCE))
    assert added == {"sources": 1, "events": 1, "event_countries": 2, "event_people": 2, "event_sources": 1}
    assert new_tails(before, curated) == {
        "sources.csv": 'example-20260303-talks,Example News,Talks in Tashkent,2026-03-03,day,'
                       '"https://example.org/a?x=1,2",en,news,,\n',
        "events.csv": '2026-03-02-wang-yi-kulubaev-talks,2026-03-02,2026-03-02,day,Wang Yi – Zheenbek Kulubaev: talks,'
                      'bilateral_meeting,tashkent,in_person,"They discussed the railway, ""again"".",\n',
        "event_countries.csv": "2026-03-02-wang-yi-kulubaev-talks,CHN\n2026-03-02-wang-yi-kulubaev-talks,KGZ\n",
        "event_people.csv": "2026-03-02-wang-yi-kulubaev-talks,wang_yi,\n"
                            "2026-03-02-wang-yi-kulubaev-talks,zheenbek_kulubaev,\n",
        "event_sources.csv": "2026-03-02-wang-yi-kulubaev-talks,example-20260303-talks\n",
    }


def test_a_duplicate_links_only_the_new_source(curated):
    before = snapshot(curated)
    append(curated, event_rows(candidate(duplicate_of="2025-11-19-cn-kg-fm-strategic-dialogue"), SOURCE))
    tails = new_tails(before, curated)
    assert set(tails) == {"sources.csv", "event_sources.csv"}
    assert tails["event_sources.csv"] == "2025-11-19-cn-kg-fm-strategic-dialogue,example-20260303-talks\n"


def test_a_new_place_and_person_come_with_the_event(curated):
    place = {"place_id": "osh", "name": "Osh", "country_iso3": "KGZ", "kind": "city", "lat": "40.5283",
             "lon": "72.7985", "source_id": SOURCE["source_id"]}
    person = {"person_id": "new_minister", "name": "New Minister", "country_iso3": "KGZ", "role": "Minister",
              "source_id": SOURCE["source_id"]}
    before = snapshot(curated)
    append(curated, event_rows(candidate(place_id="osh", people=["wang_yi", "new_minister"]), SOURCE,
                               new_places=[place], new_people=[person]))
    tails = new_tails(before, curated)
    assert tails["places.csv"] == "osh,Osh,,,KGZ,city,40.5283,72.7985,example-20260303-talks,\n"
    assert tails["people.csv"] == "new_minister,New Minister,,,KGZ,Minister,example-20260303-talks,\n"


@pytest.mark.parametrize("change, reason", [
    ({"end_date": "2026-03-01"}, "end_date 2026-03-01 is before start_date 2026-03-02"),
    ({"countries": ["CHN", "XXX"]}, "unknown ISO code 'XXX'"),
    ({"place_id": "nowhere"}, "unknown places place_id 'nowhere'"),
    ({"start_date": "2026-02-30", "end_date": "2026-03-02"}, "start_date"),
    ({"title": ""}, "title"),
    ({"event_id": "2025-11-19-cn-kg-fm-strategic-dialogue"}, "duplicate key"),
])
def test_an_invalid_row_is_refused_and_nothing_is_written(curated, change, reason):
    before = snapshot(curated)
    with pytest.raises(Refused) as refused:
        append(curated, event_rows(candidate(**change), SOURCE))
    assert any(reason in p for p in refused.value.problems), refused.value.problems
    assert snapshot(curated) == before
    assert sorted(p.name for p in curated.iterdir() if not p.name.endswith(".csv")) == [".curate.lock"]


def test_a_place_without_coordinates_is_refused(curated):
    before = snapshot(curated)
    place = {"place_id": "osh", "name": "Osh", "country_iso3": "KGZ", "kind": "city", "source_id": SOURCE["source_id"]}
    with pytest.raises(Refused) as refused:
        append(curated, event_rows(candidate(place_id="osh"), SOURCE, new_places=[place]))
    assert {p.split(": ")[1] for p in refused.value.problems} == {"lat", "lon"}
    assert snapshot(curated) == before


def test_a_failed_build_restores_the_files(curated, tmp_path, monkeypatch):
    import etl.append as module

    def broken_build(*args, **kwargs):
        raise OSError("disk full")
    monkeypatch.setattr(module, "build", broken_build)
    before = snapshot(curated)
    with pytest.raises(OSError):
        append(curated, event_rows(candidate(), SOURCE), db=tmp_path / "m.duckdb")
    assert snapshot(curated) == before


def test_accept_rebuilds_the_database(curated, tmp_path):
    db = tmp_path / "monitor.duckdb"
    append(curated, event_rows(candidate(), SOURCE), db=db, imports_dir=tmp_path / "none")
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute("select title from events where event_id = ?",
                           [candidate()["event_id"]]).fetchall() == [("Wang Yi – Zheenbek Kulubaev: talks",)]


def _accept_in_process(folder: str, n: int, results) -> None:
    try:
        c = candidate(event_id=f"2026-03-02-talks-{n}", title=f"Talks {n}")
        append(Path(folder), event_rows(c, SOURCE | {"source_id": f"src-{n}"}))
        results.put((n, "ok"))
    except Refused as why:
        results.put((n, "; ".join(why.problems)))


def test_two_processes_accepting_at_once_each_land_whole(curated):
    before = snapshot(curated)
    results = multiprocessing.get_context("fork").Queue()
    procs = [multiprocessing.get_context("fork").Process(target=_accept_in_process, args=(str(curated), n, results))
             for n in range(6)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(120)
    assert sorted(results.get(timeout=5) for _ in procs) == [(n, "ok") for n in range(6)]
    tails = new_tails(before, curated)
    events = tails["events.csv"].splitlines()
    assert sorted(line.split(",")[0] for line in events) == [f"2026-03-02-talks-{n}" for n in range(6)]
    assert len(tails["event_countries.csv"].splitlines()) == 12
    assert len(tails["sources.csv"].splitlines()) == 6


def test_two_threads_accepting_the_same_row_one_lands_one_is_refused(curated):
    before = snapshot(curated)
    outcomes = []
    barrier = threading.Barrier(2)

    def accept():
        barrier.wait()
        try:
            append(curated, event_rows(candidate(), SOURCE))
            outcomes.append("ok")
        except Refused as why:
            outcomes.append("refused: " + why.problems[0])

    threads = [threading.Thread(target=accept) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    assert sorted(o.split(":")[0] for o in outcomes) == ["ok", "refused"]
    assert "duplicate key" in next(o for o in outcomes if o.startswith("refused"))
    assert len(new_tails(before, curated)["events.csv"].splitlines()) == 1


def test_ids_from_titles_and_addresses():
    assert slug("Wang Yi – Zheenbek Kulubaev: talks") == "wang-yi-zheenbek-kulubaev-talks"
    assert slug("Ван И – Жапаров: переговоры") == "van-i-zhaparov-peregovory"
    assert slug("王毅") == "x"
    assert source_id_for("https://www.example.org/news/1", "2026-03-03", "Talks in Tashkent") == \
        "example-20260303-talks-in-tashkent"


@pytest.mark.parametrize("raw, name, message", [
    (b"", "a.txt", "is empty"),
    (b"\x00\x01\x02binary", "a.txt", "binary"),
    ("Встреча в Бишкеке".encode("cp1251"), "a.txt", "not UTF-8"),
    (b"x" * (20 * 1024 * 1024 + 1), "a.txt", "over 20 MB"),
])
def test_unreadable_articles_are_refused_with_one_line(curated, tmp_path, raw, name, message):
    from etl.append import proposals
    with pytest.raises(Refused) as refused:
        proposals(raw, name, published=None, url=None, db=tmp_path / "none.duckdb", data_dir=curated)
    assert len(refused.value.problems) == 1 and message in refused.value.problems[0]


def test_html_with_scripts_is_read_without_them(curated, tmp_path):
    from datetime import date

    from etl.append import proposals
    page = (b"<html><head><script>document.write('Wang Yi met Sadyr Japarov in Bishkek on Monday')</script></head>"
            b"<body><p>BISHKEK, March 3 -- Chinese Foreign Minister Wang Yi met Kyrgyz President Sadyr Japarov "
            b"in Bishkek on Monday.</p></body></html>")
    found = proposals(page, "a.html", published=date(2026, 3, 3), url="https://x.org", db=tmp_path / "none.duckdb",
                      data_dir=curated)
    assert "document.write" not in found.text
    assert [(c["start_date"], c["place_id"], c["countries"]) for c in found.candidates] == \
        [("2026-03-02", "bishkek", ["CHN", "KGZ"])]


def test_a_formula_like_title_stays_neutralised_in_downloads(curated, tmp_path):
    """Article text is data: accepted as written, downloaded with the export's apostrophe."""
    from dashboard import db as dashboard_db
    from dashboard import queries
    from dashboard.export import relation_csv
    from dashboard.filters import Filters

    database = tmp_path / "monitor.duckdb"
    append(curated, event_rows(candidate(title='=HYPERLINK("http://evil","x")'), SOURCE), db=database,
           imports_dir=tmp_path / "none")
    con = dashboard_db.connect(database)
    text = dashboard_db.stream(con, queries.events(Filters()), relation_csv).decode()
    assert """'=HYPERLINK(""http://evil"",""x"")""" in text


def test_a_source_recorded_meanwhile_is_linked_not_written_twice(curated):
    """Two tabs accepting candidates of one article: the second links to the source the first wrote."""
    before = snapshot(curated)
    append(curated, event_rows(candidate(), SOURCE))
    append(curated, event_rows(candidate(event_id="2026-03-02-other", title="Other talks"), SOURCE))
    tails = new_tails(before, curated)
    assert len(tails["sources.csv"].splitlines()) == 1
    assert tails["event_sources.csv"].splitlines()[1] == "2026-03-02-other,example-20260303-talks"
