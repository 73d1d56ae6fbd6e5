"""ETL layer: the gazetteer — every name of every country, place and person, normalised for matching.

Built by the ETL from the curated tables (table `gazetteer`, see data/README.md) and read by
`etl.propose` and the app's searches. Imports the standard library, duckdb, pandas, pycountry,
iuliia and pyahocorasick; never streamlit or the dashboard. Nothing is downloaded: pycountry and
iuliia ship their tables inside their wheels.
"""
from __future__ import annotations

import gettext
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

# How trustworthy a name is: curated names win over generated ones when two entities share a form.
RANK = {"name": 0, "name_local": 0, "alias": 1, "pycountry": 1, "curated": 1, "translit": 2, "surname": 3}
# pycountry's translations of country names that we read (Russian, Chinese, Kazakh, Kyrgyz, Tajik, Uzbek).
LOCALES = ("ru", "zh", "kk", "ky", "tg", "uz")
# iuliia's Cyrillic -> Latin schemes: together they give most spellings the press uses
# (Kulubaev, Kulubayev, Kuloubaev ...); curated aliases cover the rest.
SCHEMES = ("WIKIPEDIA", "BGN_PCGN", "ICAO_DOC_9303", "MVD_782", "MVD_310", "GOST_779", "SCIENTIFIC",
           "ALA_LC", "YANDEX_MAPS", "TELEGRAM", "UNGEGN_1987")
# Kazakh, Kyrgyz and Tajik letters that Russian-based schemes do not know, folded to Russian first.
CYRILLIC_FOLD = str.maketrans({"қ": "к", "ғ": "г", "ң": "н", "ү": "у", "ұ": "у", "ө": "о", "ә": "а",
                               "һ": "х", "і": "и", "ҷ": "ч", "ҳ": "х", "ӣ": "и", "ӯ": "у", "ҳ": "х"})
# Names the country tables do not carry but the press uses; and the adjectives (Russian ones as stems,
# matched with any ending: китайск-ий/-ая/-ого ...). General language, not facts needing a source.
COUNTRY_EXTRAS = {
    "CHN": ["PRC", "People's Republic of China", "Chinese", "КНР", "Китайская Народная Республика", "Поднебесная"],
    "KAZ": ["Kazakh", "Kazakhstani", "Republic of Kazakhstan", "Казахстан"],
    "KGZ": ["Kyrgyz", "Kyrgyz Republic", "Kirghizia", "Kirgizia", "Kyrgyzstani", "Кыргызстан", "Киргизия",
            "Кыргызская Республика"],
    "TJK": ["Tajik", "Tadjik", "Tajikistani", "Таджикистан"],
    "TKM": ["Turkmen", "Туркменистан", "Туркмения"],
    "UZB": ["Uzbek", "Uzbekistani", "Узбекистан"],
    "BRA": ["Brazilian", "Бразилия"],
}
COUNTRY_STEMS = {
    "CHN": ["китайск"], "KAZ": ["казахстанск", "казахск"], "KGZ": ["кыргызск", "киргизск", "кыргызстанск"],
    "TJK": ["таджикск"], "TKM": ["туркменск"], "UZB": ["узбекск", "узбекистанск"], "BRA": ["бразильск"],
}
GROUPS = {"CA5": ["Central Asia", "Central Asian", "Central Asian countries", "Центральная Азия",
                  "Центральной Азии", "Центральноазиатск"]}
# Organisations named after a place: matched whole, so "Shanghai Cooperation Organization" is not Shanghai.
ORGANISATIONS = {"SCO": ["Shanghai Cooperation Organization", "Shanghai Cooperation Organisation",
                         "Шанхайская организация сотрудничества", "ШОС"],
                 "CICA": ["Conference on Interaction and Confidence-Building Measures in Asia", "СВМДА"],
                 "BRICS": ["BRICS", "БРИКС"]}
MIN_GENERATED = 4   # shorter generated forms (transliterations, surnames) match too much text
DASHES = "-‐‑‒–—―−"


def normalise(text: str) -> str:
    """The matching form: casefold, no diacritics, ё -> е, dashes and apostrophes as spaces, one space."""
    text = unicodedata.normalize("NFKD", text.casefold())
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = unicodedata.normalize("NFC", text)
    text = re.sub(f"[{DASHES}'’ʼ‘`´\u00a0_]", " ", text)
    return " ".join(text.split())


def is_cyrillic(text: str) -> bool:
    return any("\u0400" <= ch <= "\u04ff" for ch in text)


def is_latin(text: str) -> bool:
    return any(ch.isalpha() and ch.isascii() for ch in text) and not is_cyrillic(text) and not is_cjk(text)


def is_cjk(text: str) -> bool:
    return any("\u3400" <= ch <= "\u9fff" for ch in text)


def to_latin(text: str) -> set[str]:
    """Latin spellings of a Cyrillic name under iuliia's schemes."""
    import iuliia

    folded = "".join(ch.translate(CYRILLIC_FOLD) if ch.islower() else ch.lower().translate(CYRILLIC_FOLD).upper()
                     for ch in text)
    return {getattr(iuliia, scheme).translate(folded) for scheme in SCHEMES}


# Latin -> Cyrillic, longest first: iuliia goes one way only, so this reverses the common schemes.
_REVERSE = [("shch", "щ"), ("zh", "ж"), ("kh", "х"), ("ts", "ц"), ("ch", "ч"), ("sh", "ш"), ("yu", "ю"),
            ("ya", "я"), ("yo", "ё"), ("ye", "е"), ("iy", "ий"), ("a", "а"), ("b", "б"), ("v", "в"), ("g", "г"),
            ("d", "д"), ("e", "е"), ("z", "з"), ("i", "и"), ("k", "к"), ("l", "л"), ("m", "м"), ("n", "н"),
            ("o", "о"), ("p", "п"), ("r", "р"), ("s", "с"), ("t", "т"), ("u", "у"), ("f", "ф"), ("h", "х"),
            ("c", "к"), ("q", "к"), ("w", "в"), ("x", "кс")]
VOWELS = set("aeiouy")


def to_cyrillic(text: str) -> set[str]:
    """Plausible Cyrillic spellings of a Latin name (Tokaev -> Токаев, Alma-Ata -> Алма-Ата); j gives
    both ж (Kyrgyz, Kazakh) and дж (Russian for Tajik and Uzbek names)."""
    outs = {""}
    word = normalise(text)
    i = 0
    while i < len(word):
        prev = word[i - 1] if i else " "
        rest = word[i:]
        if rest.startswith("ye") and prev in VOWELS:          # Tokayev -> Токаев
            choice, step = ["е"], 2
        elif rest[0] == "y":
            nxt = rest[1:2]
            choice, step = (["й"] if (prev in VOWELS and nxt not in VOWELS) or nxt in VOWELS else ["ы"]), 1
        elif rest[0] == "j":
            choice, step = ["ж", "дж"], 1
        elif rest[0] == "e" and prev == " ":
            choice, step = ["е", "э"], 1
        elif not rest[0].isalpha() or not rest[0].isascii():
            choice, step = ["-" if rest[0] == " " else rest[0]], 1
        else:
            for latin, cyr in _REVERSE:
                if rest.startswith(latin):
                    choice, step = [cyr], len(latin)
                    break
            else:
                choice, step = [rest[0]], 1
        outs = {o + c for o in outs for c in choice}
        i += step
    return {o.title() for o in outs}


@dataclass(frozen=True)
class Entry:
    kind: str          # country, group, place, person
    entity_id: str
    country_iso3: str | None
    name: str          # the form as written (or generated)
    origin: str        # name, name_local, alias, pycountry, curated, translit, surname
    stem: bool = False  # a Russian stem: matches only with an inflection ending

    @property
    def norm(self) -> str:
        return normalise(self.name)


def pycountry_names(iso3: str) -> set[str]:
    import pycountry

    country = pycountry.countries.get(alpha_3=iso3)
    if country is None:
        return set()
    english = {getattr(country, a) for a in ("name", "official_name", "common_name") if hasattr(country, a)}
    names = set(english)
    for locale in LOCALES:
        try:
            translation = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[locale])
        except OSError:
            continue
        names.update(translation.gettext(n) for n in english)
    return {n for n in names if n}


def entries(countries: list[dict], groups: list[dict], places: list[dict], people: list[dict]) -> list[Entry]:
    """Every name of every entity, curated first, then generated variants that clash with no one."""
    found: list[Entry] = []
    for c in countries:
        iso3 = c["iso3"]
        found.append(Entry("country", iso3, iso3, c["name"], "name"))
        if c.get("name_local"):
            found.append(Entry("country", iso3, iso3, c["name_local"], "name_local"))
        found += [Entry("country", iso3, iso3, n, "pycountry") for n in sorted(pycountry_names(iso3))]
        found += [Entry("country", iso3, iso3, n, "curated") for n in COUNTRY_EXTRAS.get(iso3, [])]
        found += [Entry("country", iso3, iso3, n, "curated", stem=True) for n in COUNTRY_STEMS.get(iso3, [])]
    for g in groups:
        found.append(Entry("group", g["group_code"], None, g["name"], "name"))
        for n in GROUPS.get(g["group_code"], []):
            found.append(Entry("group", g["group_code"], None, n, "curated", stem=n.endswith("ск")))
    for org, names in ORGANISATIONS.items():
        found += [Entry("organisation", org, None, n, "curated") for n in names]
    for kind, rows, key in (("place", places, "place_id"), ("person", people, "person_id")):
        for r in rows:
            own = [(r["name"], "name")] + ([(r["name_local"], "name_local")] if r.get("name_local") else [])
            own += [(a, "alias") for a in (r.get("aliases") or [])]
            if kind == "place":   # "Kashgar (Kashi)": both halves are names too
                own += [(part.strip(), "alias") for n, _ in list(own) for part in re.split(r"[()]", n)
                        if "(" in n and part.strip()]
            found += [Entry(kind, r[key], r["country_iso3"], n, o) for n, o in own]
            generated: set[str] = set()
            for n, _ in own:
                if is_cyrillic(n):
                    generated |= to_latin(n)
                elif is_latin(n):
                    generated |= to_cyrillic(n)
            if kind == "person" and r["country_iso3"] != "CHN":   # Chinese surnames come first and repeat
                surnames = {n.split()[-1] for n, _ in own if len(n.split()) > 1 and not is_cjk(n)}
                found += [Entry(kind, r[key], r["country_iso3"], s, "surname") for s in sorted(surnames)]
                for s in surnames:
                    generated |= to_latin(s) if is_cyrillic(s) else to_cyrillic(s) if is_latin(s) else set()
            found += [Entry(kind, r[key], r["country_iso3"], g, "translit") for g in sorted(generated)
                      if len(normalise(g).replace(" ", "")) >= MIN_GENERATED]
    return prune(found)


def prune(found: list[Entry]) -> list[Entry]:
    """Drop repeats, and any generated form that another entity holds by a better right."""
    best: dict[str, int] = {}
    owners: dict[tuple[str, int], set[str]] = {}
    for e in found:
        rank = RANK[e.origin]
        best[e.norm] = min(best.get(e.norm, 9), rank)
        owners.setdefault((e.norm, rank), set()).add(f"{e.kind}:{e.entity_id}")
    out, seen = [], set()
    for e in found:
        ident = (e.kind, e.entity_id, e.norm, e.stem)
        if ident in seen or not e.norm:
            continue
        rank = RANK[e.origin]
        if rank >= RANK["translit"] and rank > best[e.norm]:
            continue   # a generated form never shadows another entity's curated name
        if e.origin == "surname" and len(owners[(e.norm, rank)]) > 1:
            continue   # two people share this surname: it names neither (Japarov: Sadyr or Akylbek?)
        seen.add(ident)
        out.append(e)
    return out


def rows_from_tables(tables: dict[str, list[dict]]) -> list[dict]:
    es = entries(tables.get("countries", []), tables.get("country_groups", []), tables.get("places", []),
                 tables.get("people", []))
    kinds = {r["place_id"]: r.get("kind") for r in tables.get("places", [])}
    return [{"entity_kind": e.kind, "entity_id": e.entity_id, "country_iso3": e.country_iso3, "name": e.name,
             "name_norm": e.norm, "origin": e.origin, "is_stem": e.stem,
             "place_kind": kinds.get(e.entity_id) if e.kind == "place" else None} for e in es]


def load_into(con) -> int:
    """Create and fill `gazetteer` from the loaded countries, groups, places and people tables."""
    import pandas as pd

    def fetch(sql: str) -> list[dict]:
        cur = con.execute(sql)
        cols = [d[0] for d in cur.description]
        return [dict(zip(cols, row)) for row in cur.fetchall()]

    tables = {
        "countries": fetch("select iso3, name, name_local from countries order by iso3"),
        "country_groups": fetch("select group_code, name from country_groups order by group_code"),
        "places": fetch("select place_id, name, name_local, aliases, country_iso3, kind from places order by place_id"),
        "people": fetch("select person_id, name, name_local, aliases, country_iso3 from people order by person_id"),
    }
    df = pd.DataFrame(rows_from_tables(tables), columns=["entity_kind", "entity_id", "country_iso3", "name",
                                                         "name_norm", "origin", "is_stem", "place_kind"])
    con.register("gazetteer_rows", df)
    try:
        con.execute("insert into gazetteer by name select * from gazetteer_rows")
    finally:
        con.unregister("gazetteer_rows")
    return len(df)


# ---------------------------------------------------------------- matching text against it

CYR_ENDING = r"[а-яё]{0,3}"


@dataclass(frozen=True)
class Mention:
    kind: str
    entity_id: str
    country_iso3: str | None
    start: int          # offsets in the normalised text
    end: int
    surface: str        # the normalised matched text


@dataclass
class Gazetteer:
    """Finds entity names in text: Aho–Corasick over exact forms, a regex over Russian forms
    (whose words may carry a case ending: Астане, Кулубаевым, Центральной Азии)."""

    rows: list[dict]
    _automaton: object = field(default=None, init=False, repr=False)
    _russian: re.Pattern | None = field(default=None, init=False, repr=False)
    _by_norm: dict = field(default_factory=dict, init=False, repr=False)

    def __post_init__(self):
        import ahocorasick

        by_norm: dict[str, list[dict]] = {}
        for r in self.rows:
            by_norm.setdefault((r["name_norm"], bool(r["is_stem"])), []).append(r)
        self._by_norm = {}
        for key, rs in by_norm.items():
            top = min(RANK[r["origin"]] for r in rs)
            ents = {(r["entity_kind"], r["entity_id"], r["country_iso3"]) for r in rs if RANK[r["origin"]] == top}
            self._by_norm[key] = sorted(ents, key=lambda e: (e[1] is None, str(e[1])))
        self._automaton = ahocorasick.Automaton()
        russian = []
        for (norm, stem) in self._by_norm:
            if is_cyrillic(norm):
                russian.append((norm, stem))
            else:
                self._automaton.add_word(norm, norm)
        if len(self._automaton):
            self._automaton.make_automaton()
        russian.sort(key=lambda k: -len(k[0]))
        self._russian_keys = {self._russian_regex_part(n, s): (n, s) for n, s in russian}
        parts = [f"(?P<g{i}>{p})" for i, p in enumerate(self._russian_keys)]
        self._groups = list(self._russian_keys.values())
        self._russian = re.compile(r"(?<![\w])(?:" + "|".join(parts) + r")(?![\w])") if parts else None

    @staticmethod
    def _russian_regex_part(norm: str, stem: bool) -> str:
        words = []
        for w in norm.split(" "):
            if stem and w == norm.split(" ")[-1]:
                words.append(re.escape(w) + r"[а-яё]{1,4}")
            elif len(w) >= 3 and is_cyrillic(w):
                base = w[:-1] if w[-1] in "аяйьеоиы" else w
                words.append(re.escape(base) + CYR_ENDING)
            else:
                words.append(re.escape(w))
        return " ".join(words)

    @classmethod
    def from_db(cls, con) -> "Gazetteer":
        cur = con.execute("select entity_kind, entity_id, country_iso3, name, name_norm, origin, is_stem, "
                          "place_kind from gazetteer")
        cols = [d[0] for d in cur.description]
        return cls([dict(zip(cols, r)) for r in cur.fetchall()])

    @classmethod
    def from_curated(cls, data_dir: Path) -> "Gazetteer":
        from .validate import load_curated

        tables, _ = load_curated(data_dir)
        return cls(rows_from_tables(tables))

    def entities(self, norm: str, stem: bool = False) -> list[tuple]:
        return self._by_norm.get((norm, stem), [])

    def find(self, text: str, normalised: bool = False) -> list[Mention]:
        """Leftmost-longest, non-overlapping mentions; an ambiguous form yields one Mention per entity."""
        norm = text if normalised else normalise(text)
        spans: list[tuple[int, int, tuple]] = []
        if len(self._automaton):
            for end, key in self._automaton.iter(norm):
                start = end - len(key) + 1
                if _boundary(norm, start, end + 1, key):
                    spans.append((start, end + 1, (key, False)))
        if self._russian is not None:
            pos = 0
            while True:
                m = self._russian.search(norm, pos)
                if not m:
                    break
                group = int(m.lastgroup[1:])
                spans.append((m.start(), m.end(), self._groups[group]))
                pos = m.start() + 1
        spans.sort(key=lambda s: (s[0], -(s[1] - s[0])))
        out, last_end = [], -1
        for start, end, key in spans:
            if start < last_end:
                continue
            last_end = end
            for kind, entity_id, iso3 in self.entities(*key):
                out.append(Mention(kind, entity_id, iso3, start, end, norm[start:end]))
        return out

    def lookup(self, name: str) -> list[tuple]:
        """Entities whose whole name this is (any form, any script): [(kind, id, iso3), ...]."""
        norm = normalise(name)
        found = list(self.entities(norm))
        for m in self.find(norm, normalised=True):
            if m.start == 0 and m.end == len(norm) and (m.kind, m.entity_id, m.country_iso3) not in found:
                found.append((m.kind, m.entity_id, m.country_iso3))
        return found


def _boundary(text: str, start: int, end: int, key: str) -> bool:
    if is_cjk(key):
        return True
    before = text[start - 1] if start else " "
    after = text[end] if end < len(text) else " "
    return not before.isalnum() and not after.isalnum()
