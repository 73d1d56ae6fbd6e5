"""The gazetteer: one entry for every spelling the record and transliteration give a name."""
from __future__ import annotations

import duckdb
import pytest

from etl.gazetteer import Gazetteer, normalise, to_cyrillic, to_latin
from etl.validate import load_curated
from tests.curation.score import CURATED


@pytest.fixture(scope="module")
def gaz(scoring_db):
    with duckdb.connect(str(scoring_db), read_only=True) as con:
        return Gazetteer.from_db(con)


@pytest.mark.parametrize("names, kind, entity", [
    (["Kulubaev", "Kurubayev", "Кулубаев", "Zheenbek Kulubayev", "Жээнбек Кулубаев"], "person", "zheenbek_kulubaev"),
    (["Astana", "Nur-Sultan", "Астана", "Nur Sultan", "Нур-Султан"], "place", "astana"),
    (["Almaty", "Алма-Ата", "Alma-Ata", "Алматы"], "place", "almaty"),
    (["Kashgar", "Kashi", "喀什", "Кашгар"], "place", "kashgar"),
    (["Tokaev", "Tokayev", "Токаев"], "person", "kassym_jomart_tokayev"),
    (["Жапаров", "Japarov", "Zhaparov"], "person", "sadyr_japarov"),
    (["Kyrgyzstan", "Кыргызстан", "Киргизия", "吉尔吉斯坦", "Қырғызстан"], "country", "KGZ"),
])
def test_spellings_resolve_to_one_entry(gaz, names, kind, entity):
    for name in names:
        assert gaz.lookup(name) == [(kind, entity, gaz.lookup(name)[0][2])], name


def test_every_curated_name_and_alias_is_found(gaz):
    tables, problems = load_curated(CURATED)
    assert not problems
    for table, key in (("places", "place_id"), ("people", "person_id")):
        for row in tables[table]:
            for name in [row["name"], row["name_local"], *(row["aliases"] or [])]:
                if name:
                    assert any(e[1] == row[key] for e in gaz.lookup(name)), (table, name)


def test_russian_forms_of_map_places_in_running_text(gaz):
    found = {m.entity_id for m in gaz.find("Встречи прошли в Астане, Бишкеке, Ташкенте и Алма-Ате, а также в Пекине.")}
    assert {"astana", "bishkek", "tashkent", "almaty", "beijing"} <= found


def test_normalise_and_transliterate():
    assert normalise("Nur-Sultan") == normalise("nur sultan") == "nur sultan"
    assert normalise("Ёлка") == "елка"
    assert "Kulubaev" in to_latin("Кулубаев") and "Kulubayev" in to_latin("Кулубаев")
    assert "Алма-Ата" in to_cyrillic("Alma-Ata")


def test_an_ambiguous_surname_names_no_one(gaz):
    # Sadyr and Akylbek Japarov: only Sadyr's curated alias says "Japarov"; Akylbek needs his first name
    assert gaz.lookup("Akylbek Japarov")[0][1] == "akylbek_japarov"
    assert gaz.lookup("Japarov") == [("person", "sadyr_japarov", "KGZ")]


def test_the_build_writes_the_gazetteer(scoring_db):
    with duckdb.connect(str(scoring_db), read_only=True) as con:
        kinds = dict(con.execute("select entity_kind, count(*) from gazetteer group by 1").fetchall())
    assert {"country", "place", "person", "group"} <= set(kinds)
