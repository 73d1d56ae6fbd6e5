"""ETL layer: `python -m etl propose FILE` — candidate events and trade figures from one article.

Reads an English or Russian article (text or HTML), finds the entities of the gazetteer in each
sentence, dates (relative ones against --published), meetings and figures, and writes one JSON
object per candidate (see docs/curation.md for the contract). Nothing is written anywhere else:
the curator decides. Imports the standard library, duckdb, and the ETL's own modules.
"""
from __future__ import annotations

import json
import os
import re
import sys
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from .article import Article, Sentence, Unreadable, parse_article, read_article, sentences
from .dates import Found, find_dates, find_period, parse_iso
from .gazetteer import Gazetteer, Mention, normalise
from .tables import EVENT_TYPES

ROOT = Path(__file__).resolve().parent.parent
CHINA = "CHN"
CENTRAL_ASIA = ("KAZ", "KGZ", "TJK", "TKM", "UZB")
TYPE_LABELS = {"summit": "summit", "ministerial_meeting": "ministerial meeting",
               "strategic_dialogue": "strategic dialogue", "bilateral_meeting": "talks", "visit": "visit",
               "infrastructure": "infrastructure milestone", "diplomatic_milestone": "diplomatic milestone",
               "visa_regime": "visa regime"}
COUNTRY_NAMES = {"CHN": "China", "KAZ": "Kazakhstan", "KGZ": "Kyrgyzstan", "TJK": "Tajikistan",
                 "TKM": "Turkmenistan", "UZB": "Uzbekistan", "BRA": "Brazil"}

# What makes a sentence report an event, by type, strongest first. Searched in the lower-cased text.
TRIGGERS: list[tuple[str, re.Pattern]] = [(t, re.compile(p)) for t, p in [
    ("summit", r"\bsummit\b|саммит"),
    ("ministerial_meeting", r"ministers'? meeting|ministers\b[^.]{0,90}\bheld (?:their|a|the) (?:\w+ )?meeting|meeting of (?:the )?(?:\w+ )?ministers|ministerial meeting|"
                            r"heads of government|council of (?:foreign )?ministers|встреч\w* министров|"
                            r"совещани\w* министров|заседани\w* (?:совета )?(?:министров|глав правительств)"),
    ("strategic_dialogue", r"strategic dialogue|стратегическ\w* диалог"),
    ("diplomatic_milestone", r"established diplomatic relations|diplomatic relations were established|"
                             r"upgrad\w* (?:\w+ ){0,3}(?:relations|ties|partnership)|"
                             r"установ\w* дипломатическ\w* отношени"),
    ("visa_regime", r"visa[- ](?:free|exemption|waiver)|безвизов\w*|отмен\w* виз"),
    ("infrastructure", r"(?:railway|rail line|checkpoint|border crossing|crossing point|flight|air route|"
                       r"freight train|железн\w* дорог|пункт\w* пропуска|авиарейс|рейс)\w*[^.]{0,80}?"
                       r"(?:open|launch|inaugurat|resum|start|began|began|открыт|запущ|запуск|возобнов|начал)|"
                       r"(?:open|launch|inaugurat|resum|открыл|открыт|запущ|запуск|возобнов)\w*[^.]{0,60}?"
                       r"(?:railway|rail line|checkpoint|border crossing|crossing|flight|air route|"
                       r"железн\w* дорог|пункт\w* пропуска|авиарейс|рейс)"),
    ("visit", r"(?:state|official|working) visit|paid a visit|arrived in|(?:государствен|официальн|рабоч)\w* "
              r"визит|прибыл\w* в|прибыл\w* с|visit(?:ed|ing)? (?:to )?(?=[a-z]*)|\btour\b|турне|визит\w*"),
    ("bilateral_meeting", r"\bmet\b|\bmeets\b|\bmeeting with\b|\bheld talks\b|\btalks with\b|\bheld a (?:phone|"
                          r"telephone|video) (?:call|conversation)|\bphone call\b|\btelephone conversation\b|"
                          r"\bspoke (?:by|on the) (?:phone|telephone)\b|\breceived\b|\breceives\b|"
                          r"\bheld (?:a )?(?:meeting|talks|consultations)\b|встрети\w*|встреч\w* с\b|"
                          r"переговор\w*|телефонн\w* разговор|принял\w*|провел\w* беседу|провел\w* встречу"),
]]
SIDELINES = re.compile(r"находящ\w+ [^.]{0,40}визит\w*|on the sidelines|на полях|в кулуарах|on the margins|during (?:his|the|a) (?:state |"
                       r"official |working )?visit|в ходе (?:его |своего )?(?:государственного |официального |"
                       r"рабочего )?визита|in the run[- ]up to|накануне")
MEETING_VERB = re.compile(r"\bmet\b|\bmeets\b|held talks|talks with|meeting with|встрече с|\breceived\b|\breceives\b|встрети|"
                          r"переговор|принял|phone|telephone|телефон")
FUTURE = re.compile(r"\bwill\b|\bwould\b|\bplans? to\b|\bplanned\b|\bis to\b|\bare to\b|\bto be held\b|"
                    r"\bupcoming\b|\bnext (?:year|month|week|round|meeting|summit)\b|\bscheduled\b|\bexpected to\b|"
                    r"\binvit\w+|\bproposed\b|\bhope\w*\b|будет|буд[уе]т|планиру|пройд[её]т|состоится|"
                    r"следующ\w+|предстоящ\w+|пригласил|ожидается|намерен")
PAST_CONTEXT = re.compile(r"\bsince\b|\blast (?:year|time)\b|\bprevious\b|\bfirst held\b|\bearlier\b|"
                          r"\bin (?:19|20)\d\d\b(?!\s*(?:,|the))|\bанее\b|прошлом году|с тех пор|предыдущ\w+|"
                          r"recalled|напомнил")
ANAPHOR = re.compile(r"\b(?:the|this) (?:meeting|summit|talks|dialogue|visit|session|forum)\b|"
                     r"(?:встреч|саммит|переговор|диалог|визит|заседани)\w*[^.]{0,30}(?:состоял|прош[её]л|прошл)")
ALSO = re.compile(r"\balso\b|\bthe same day\b|\bthat day\b|\bтакже\b|в тот же день")
PHONE = re.compile(r"phone|telephone|телефон")
VIRTUAL = re.compile(r"video (?:link|call|conference)|virtual|online|видеосвяз|онлайн|в формате видео")
CA_FORMAT = re.compile(r"china\s*[-–—]\s*central asia|китай\s*[-–—]\s*центральная азия|"
                       r"china and (?:the )?(?:five )?central asian (?:countries|states)|"
                       r"китая и (?:стран )?центральной азии|central asian (?:countries|states|leaders|heads)|"
                       r"стран центральной азии|государств центральной азии|c5\+china")
DATELINE = re.compile(r"^\s*(?P<place>[A-ZА-ЯЁ][A-ZА-ЯЁ' .-]{2,30}),\s*(?P<date>[^()\n]{3,40}?)\s*(?:\(|[-–—]{1,2}\s)",
                      re.MULTILINE)
IN_PLACE = re.compile(r"\b(?:in|at)\s+(?:the\s+)?(?P<name>[A-Z][a-z'’]+(?:[- ][A-Z][a-z'’]+)?)|"
                      r"(?<![а-яё])(?:в|во)\s+(?P<ru>[А-ЯЁ][а-яё]+(?:[- ][А-ЯЁ][а-яё]+)?)")
NOT_PLACES = {"the", "january", "february", "march", "april", "may", "june", "july", "august", "september",
              "october", "november", "december", "monday", "tuesday", "wednesday", "thursday", "friday",
              "saturday", "sunday", "beijing time", "addition", "particular", "general", "recent", "response",
              "order", "line", "total", "accordance", "view", "support", "turn", "terms", "fact"}
TITLE_WORDS = {"affairs", "foreign", "minister", "ministry", "president", "premier", "state", "council", "deputy",
               "prime", "vice", "chairman", "committee", "central", "political", "bureau", "republic", "people",
               "peoples", "national", "general", "commerce", "transport", "cabinet", "administration", "the",
               "and", "of", "said", "noted", "stressed", "also", "министр", "дел", "иностранных", "республики"}
TITLE_NAME = re.compile(
    r"(?:President|Prime Minister|Premier|Foreign Minister|Vice Premier|Vice President|Chairman|Ambassador|"
    r"Minister(?: of [A-Z][a-z]+(?: [A-Za-z]+){0,3}| for [A-Z][a-z]+)?|Secretary-General|Deputy Prime Minister|"
    r"Chairwoman|Speaker)\s+(?P<name>[A-Z][a-z'’]+(?:-[A-Z][a-z'’]+)?(?:\s+[A-Z][a-z'’]+(?:-[A-Z][a-z'’]+)?){0,2})")
TITLE_NAME_RU = re.compile(
    r"(?:президент\w*|министр\w*(?: иностранных дел)?|премьер\w*|председател\w*|посл\w*|глав\w* МИД\w*)"
    r"(?:\s+[А-ЯЁа-яё]+){0,3}?\s+(?P<name>[А-ЯЁ][а-яё]+(?:\s+[А-ЯЁ][а-яё]+){1,2})")

# Trade.
TRADE_WORDS = re.compile(r"\btrade\b|\bflow\b|turnover|\bexports?\b|\bimports?\b|товарооборот|торгов\w*|экспорт\w*|"
                         r"импорт\w*|\bshipments\b|поставк\w*")
MONEY = re.compile(
    r"(?P<pre>US\$|USD|\$|CNY|RMB|¥|€)?\s?(?P<num>\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?:[.,]\d+)?|\d+(?:[.,]\d+)*)"
    r"\s?(?P<scale>trillion|billion|bn|million|mln|mn|thousand|трлн|млрд|млн|тыс)?\.?"
    r"(?:\s+(?P<post>U\.?S\.? dollars|US dollars|dollars|USD|yuan|renminbi|RMB|CNY|долл\w*|юан\w*|\$|"
    r"евро|euros?|руб\w*|сом\w*|тенге))?", re.IGNORECASE)
SCALES = {"trillion": 1e12, "трлн": 1e12, "billion": 1e9, "bn": 1e9, "млрд": 1e9, "million": 1e6, "mln": 1e6,
          "mn": 1e6, "млн": 1e6, "thousand": 1e3, "тыс": 1e3}
YOY = re.compile(
    r"(?P<word>up|down|increase[ds]?|increasing|rise|rising|rose|grew|growth|jump\w*|surg\w*|climb\w*|gain\w*|"
    r"decrease[ds]?|decline[ds]?|declining|fell|fall|falling|drop\w*|dipp?\w*|shrank|contract\w*|plung\w*|"
    r"рост\w*|вырос\w*|увелич\w*|прирост\w*|сниз\w*|снижен\w*|сократ\w*|сокращен\w*|уменьш\w*|упал\w*|"
    r"падени\w*)(?:\s+(?:of|by|на|—|-|at|about|around|почти|около|более чем на|year on year|year-on-year|"
    r"в годовом выражении)){0,3}\s*(?P<num>\d+(?:[.,]\d+)?)\s*(?:%|percent|per cent|процент\w*)|"
    r"(?P<num2>\d+(?:[.,]\d+)?)\s*(?:%|percent|per cent)\s+(?P<word2>year[- ]on[- ]year|higher|lower|more|less|"
    r"increase|decrease|rise|growth|drop|decline)", re.IGNORECASE)
DOWN = re.compile(r"down|decreas|declin|fell|fall|drop|dip|shrank|contract|plung|lower|less|сниз|снижен|сократ|"
                  r"сокращен|уменьш|упал|падени")
REPORTERS = [(iso3, re.compile(p, re.IGNORECASE)) for iso3, p in [
    ("CHN", r"general administration of customs|\bgacc\b|china'?s? customs|chinese customs|customs of china|"
            r"таможн\w*[^.]{0,30}(?:кнр|китая)|главн\w* таможенн\w* управлени\w*|китайск\w* таможн\w*"),
    ("KGZ", r"national statistical committee of (?:the )?kyrgyz|kyrgyz(?:stan'?s?)? (?:national )?statisti|"
            r"нацстатком\w*|национальн\w* статистическ\w* комитет\w*"),
    ("KAZ", r"bureau of national statistics|kazakh(?:stan'?s?)? (?:national )?statisti|"
            r"бюро национальной статистики|казахстанск\w* статистик\w*"),
    ("UZB", r"statistics agency[^.]{0,40}uzbek|uzbek(?:istan'?s?)? (?:national )?statisti|"
            r"агентств\w* статистики[^.]{0,40}узбек|узбекск\w* статистик\w*"),
    ("TJK", r"(?:agency on statistics|statistics agency)[^.]{0,40}tajik|tajik(?:istan'?s?)? (?:national )?statisti|"
            r"агентств\w* по статистике[^.]{0,40}таджик"),
    ("TKM", r"turkmen(?:istan'?s?)? statisti|туркменск\w* статистик\w*"),
]]
EXPORT_WORD = re.compile(r"\bexports?\b|экспорт\w*|shipments|поставк\w*")
IMPORT_WORD = re.compile(r"\bimports?\b|импорт\w*")
TOTAL_WORD = re.compile(r"\btrade\b|\bflow\b|turnover|товарооборот\w*|торговл\w*|торгов\w* оборот")


@dataclass
class Context:
    published: date | None
    gazetteer: Gazetteer
    warnings: list[str] = field(default_factory=list)


def base_date(article: Article, published: date | None) -> date | None:
    """The date relative expressions count from: --published, the page's metadata, or the first
    full date (with its year) in the first lines of the text."""
    if published:
        return published
    meta = parse_iso(article.published)
    if meta:
        return meta
    full = [f.start for f in find_dates(article.text[:200000], None) if f.has_year and f.precision == "day"]
    return max(full) if full else None   # an article is published on or after the last day it names


def dateline(article: Article, base: date | None, gaz: Gazetteer) -> tuple[str | None, Found | None]:
    """The dispatch's dateline ("ASTANA, June 17 (Xinhua) --"): its place id and date, when present."""
    m = DATELINE.search(article.text[:1500])
    if not m:
        return None, None
    place = next((x.entity_id for x in gaz.find(m.group("place")) if x.kind == "place"), None)
    found = find_dates(m.group("date"), base)
    return place, (found[0] if found else None)


# ---------------------------------------------------------------- events

CONTEXT_EVENT = re.compile(
    r"(?:prepar\w*|ahead of|before|next|upcoming|to attend|attending|on the eve of|подготовк\w*|накануне|"
    r"в преддверии|для участия в|участия в)\s+(?:for\s+|the\s+|a\s+|its\s+|ко?\s+)?[^.;]{0,60}?"
    r"(?:summit|meeting|саммит\w*|встреч\w*|заседани\w*)")


def setting_removed(low: str) -> str:
    """The sentence without events named as its setting or aim ("ahead of the summit", "to prepare
    the next meeting"): those are not what the sentence reports."""
    return CONTEXT_EVENT.sub(" ", low)


def is_future(low: str, etype: str) -> bool:
    """A meeting announced, planned or hoped for: the future words up to just after the trigger."""
    cleaned = setting_removed(low)
    pattern = dict(TRIGGERS)[etype]
    m = pattern.search(cleaned)
    return bool(FUTURE.search(cleaned[:(m.end() + 25) if m else len(cleaned)]))


def event_type(low: str) -> str | None:
    low = setting_removed(low)
    types = [t for t, pattern in TRIGGERS if pattern.search(low)]
    if not types:
        return None
    if re.search(r"\btour\b|турне", low):
        return "visit"
    if SIDELINES.search(low) and MEETING_VERB.search(low):
        return "bilateral_meeting"   # the summit or the visit is the setting, the talks are the event
    if "visit" in types and MEETING_VERB.search(low) and not re.search(r"(?:state|official|working|paid a) visit|"
                                                                         r"визит", low):
        return "bilateral_meeting"
    return types[0]


CAPITAL_OF = re.compile(r"\b(kazakh|kyrgyz|uzbek|tajik|turkmen|chinese) capital\b|"
                        r"столиц\w* (казахстана|кыргызстана|киргизии|узбекистана|таджикистана|туркменистана|"
                        r"туркмении|китая|кнр)")
CAPITAL_WORDS = {"kazakh": "KAZ", "kyrgyz": "KGZ", "uzbek": "UZB", "tajik": "TJK", "turkmen": "TKM", "chinese": "CHN",
                 "казахстана": "KAZ", "кыргызстана": "KGZ", "киргизии": "KGZ", "узбекистана": "UZB",
                 "таджикистана": "TJK", "туркменистана": "TKM", "туркмении": "TKM", "китая": "CHN", "кнр": "CHN"}


def capital_of(iso3: str | None, gaz: Gazetteer) -> str | None:
    return next((r["entity_id"] for r in gaz.rows if r["entity_kind"] == "place" and r["country_iso3"] == iso3
                 and r.get("place_kind") == "capital"), None)


def pick_place(mentions: list[Mention], sentence: str) -> str | None:
    places = [m for m in mentions if m.kind == "place"]
    if not places:
        return None
    norm = normalise(sentence)
    for m in places:   # the place a preposition introduces: "in Bishkek", "в Астане"
        before = norm[max(0, m.start - 4):m.start]
        if re.search(r"(?:\bin|\bat|\bв|\bво) $", before):
            return m.entity_id
    return places[0].entity_id


def unresolved_place(text: str, gaz: Gazetteer) -> str | None:
    for m in IN_PLACE.finditer(text):
        name = m.group("name") or m.group("ru")
        if not name or name.lower() in NOT_PLACES or gaz.lookup(name):
            continue
        if any(w.lower() in NOT_PLACES for w in name.split()):
            continue
        if m.group("ru") and name.lower().endswith(("ии", "ом", "ым")):
            continue
        return name
    return None


def unresolved_people(text: str, gaz: Gazetteer, language: str) -> list[str]:
    pattern = TITLE_NAME_RU if language == "ru" else TITLE_NAME
    out = []
    for m in pattern.finditer(text):
        name = m.group("name").strip()
        words = name.split()
        while words and gaz.lookup(" ".join(words)) and not any(k == "person" for k, *_ in gaz.lookup(" ".join(words))):
            words = words[1:]   # "Kyrgyz Foreign Minister X": drop a leading country word
        name = " ".join(words)
        if not name or any(k in ("person", "place", "country", "group") for k, *_ in gaz.lookup(name)):
            continue
        if any(any(m2.kind == "person" for m2 in gaz.find(w)) for w in words):
            continue
        if name.lower() in NOT_PLACES or len(name) < 4 or any(w.lower() in TITLE_WORDS for w in name.split()):
            continue
        if name not in out:
            out.append(name)
    return out


def event_countries(mentions: list[Mention], place: str | None, low: str, etype: str,
                    gaz_place_country: dict[str, str]) -> list[str]:
    people = {m.country_iso3 for m in mentions if m.kind == "person" and m.country_iso3}
    named = {m.entity_id for m in mentions if m.kind == "country"}
    countries = {CHINA} | people
    place_country = gaz_place_country.get(place) if place else None
    if people:
        # "in the Kazakh capital" names where, not who: the host counts only through its people
        countries |= {c for c in named if c != place_country or c in people}
    else:
        countries |= named
    if etype in ("summit", "ministerial_meeting") and (CA_FORMAT.search(low) or any(
            m.kind == "group" for m in mentions)):
        countries |= set(CENTRAL_ASIA)
    return sorted(countries)


LINE_DATELINE = re.compile(
    r"^(?:(?P<place>[A-ZА-ЯЁ][A-ZА-ЯЁa-zа-яё' .-]{2,30}),\s*)?(?P<date>(?:[A-Z][a-z]{2,8}\.?\s+\d{1,2}|\d{1,2}\s+"
    r"[A-Za-zА-Яа-яё]{3,9})(?:,?\s+\d{4})?)\s*(?:\((?P<agency>[^)]{2,30})\))?\s*(?:[-–—]{1,2}|:|\.(?:\s*/[^/]{2,20}/\.?)?)"
    r"(?:\s+|$)")


def split_dateline(text: str) -> tuple[str | None, str | None, int]:
    """A dispatch's opening ("ALMATY, April 25 (Xinhua) —"): its place text, date text and length."""
    m = LINE_DATELINE.match(text)
    if not m or not (m.group("agency") or (m.group("place") and m.group("place").isupper())):
        return None, None, 0
    return m.group("place"), m.group("date"), m.end()


def propose_events(article: Article, units: list[Sentence], ctx: Context) -> list[dict]:
    """Events: a sentence with a trigger (met, talks, summit, visit ...), two sides, and a date of its
    own (or its dispatch's dateline). A sentence without its own date only adds to an event already
    proposed with the same countries: background and restatements are not new events."""
    gaz = ctx.gazetteer
    base = base_date(article, ctx.published)
    place_country = {r["entity_id"]: r["country_iso3"] for r in gaz.rows if r["entity_kind"] == "place"}
    person_names = {r["entity_id"]: r["name"] for r in gaz.rows
                    if r["entity_kind"] == "person" and r["origin"] == "name"}
    out: list[dict] = []
    undated: list[dict] = []
    section_place, section_date = None, None
    last_day: date | None = None
    for unit in units:
        text = unit.text.replace("’", "'")
        place_text, date_text, skip = split_dateline(text)
        if skip:
            found = find_dates(date_text, base)
            section_date = found[0] if found else None
            section_place = next((x.entity_id for x in gaz.find(place_text) if x.kind == "place"), None) \
                if place_text else None
        body = text[skip:]
        low = body.lower()
        dates = [d for d in find_dates(body, base, last_day) if d.precision == "day" or d.precision == "month"]
        own = dates[0] if dates else None
        if own is not None and own.precision == "day":
            last_day = own.start
        etype = event_type(low)
        if etype is None and own is not None and own.precision == "day" and undated and \
                ANAPHOR.search(low) and undated[-1]["evidence_end"] >= unit.start - 2000:
            dated = undated.pop()   # "The summit, held on 17 June, ..." dates the event named before
            dated.update(start_date=own.start.isoformat(), end_date=own.end.isoformat(), date_precision="day")
            merge_or_add(out, dated)
            continue
        if etype is None or is_future(low, etype):
            continue
        mentions = gaz.find(body)
        people = []
        for m in mentions:
            if m.kind == "person" and m.entity_id not in people:
                people.append(m.entity_id)
        named = [m for m in mentions if m.kind in ("country", "group")]
        place = pick_place(mentions, body)
        capital = CAPITAL_OF.search(low)
        host = CAPITAL_WORDS[(capital.group(1) or capital.group(2))] if capital else None
        if capital and place is None:
            place = capital_of(host, gaz)
        if host:   # "in the Kazakh capital" says where, not who
            mentions = [m for m in mentions if not (m.kind == "country" and m.entity_id == host
                                                     and capital.start() <= m.start < capital.end() + 2)]
        if not people and not [m for m in named if m.entity_id != CHINA] and not place:
            continue
        if etype == "bilateral_meeting" and len(people) < 2 and not [m for m in named if m.entity_id != CHINA]:
            continue   # "X said" is not a meeting: talks need two sides
        if own is not None and own.start < (base or own.start) - timedelta(days=45) and PAST_CONTEXT.search(low):
            continue   # background: "since the first summit in 2023 ..."
        date_found = own or (section_date if skip else None)   # a dateline dates its own sentence only
        venue = "phone" if PHONE.search(low) else "virtual" if VIRTUAL.search(low) else "in_person"
        if venue != "in_person":
            place = None
        countries = event_countries(mentions, place, low, etype, place_country)
        if len(countries) < 2:
            continue
        candidate = {
            "kind": "event", "start_date": None, "end_date": None, "date_precision": None,
            "event_type": etype,
            "title": event_title(etype, countries, [person_names.get(p, p) for p in people]),
            "place_id": place,
            "place_name": None if place or venue != "in_person" else unresolved_place(body, gaz),
            "countries": countries, "people": people,
            "people_names": unresolved_people(body, gaz, article.language),
            "evidence": text, "duplicate_of": None, "venue_kind": venue, "date_is_approximate": False,
            "evidence_start": unit.start, "evidence_end": unit.end,
        }
        if date_found is None:
            if out and ALSO.search(low) and not any(o["event_type"] == etype and o["countries"] == countries
                                                    for o in out):
                date_found = Found(date.fromisoformat(out[-1]["start_date"]), date.fromisoformat(
                    out[-1]["start_date"]), "day", 0, 0, True)   # "the ministers also held ..." that day
            else:
                undated.append(candidate)
                continue
        if place is None and venue == "in_person" and section_place and section_date and \
                abs((section_date.start - date_found.start).days) <= 1:
            candidate["place_id"], candidate["place_name"] = section_place, None
        if candidate["place_id"] is None and venue == "in_person" and out and own is not None and own.relative \
                and out[-1]["place_id"] and out[-1]["start_date"] <= own.start.isoformat():
            candidate["place_id"], candidate["place_name"] = out[-1]["place_id"], None   # "the same day ..."
        sides = [c for c in countries if c != CHINA]
        if candidate["place_id"] is None and venue == "in_person" and etype == "visit" and len(sides) == 1:
            candidate["place_id"] = capital_of(sides[0], gaz)   # a state visit is received in the capital
            candidate["place_name"] = None
        start, end = date_found.start, date_found.end
        if etype == "bilateral_meeting" and end != start and not date_found.approximate:
            end = start   # talks take one day even when the visit around them takes more
        candidate.update(start_date=start.isoformat(), end_date=end.isoformat(),
                         date_precision=date_found.precision, date_is_approximate=date_found.approximate)
        for one in split_meetings(candidate, gaz):
            merge_or_add(out, one)
    for candidate in undated:   # restatements: they may name the place or a participant
        for o in out:
            if o["countries"] == candidate["countries"] and (
                    o["event_type"] == candidate["event_type"] or set(o["people"]) & set(candidate["people"])
                    - {"wang_yi", "xi_jinping", "li_qiang"}):
                if not o["place_id"] and candidate["place_id"]:
                    o["place_id"], o["place_name"] = candidate["place_id"], None
                break
    if undated and not out and base is None:
        ctx.warnings.append(f"{len(undated)} possible event(s) carry no date and the article gives none: "
                            "pass --published YYYY-MM-DD to date them")
    return out


def split_meetings(candidate: dict, gaz: Gazetteer) -> list[dict]:
    """"Wang Yi met Saidov and Muhriddin": one bilateral meeting per foreign side."""
    if candidate["event_type"] != "bilateral_meeting":
        return [candidate]
    country_of = {r["entity_id"]: r["country_iso3"] for r in gaz.rows if r["entity_kind"] == "person"}
    sides = [c for c in candidate["countries"] if c != CHINA]
    with_people = [c for c in sides if any(country_of.get(p) == c for p in candidate["people"])]
    if len(with_people) < 2:
        return [candidate]
    out = []
    for side in with_people:
        people = [p for p in candidate["people"] if country_of.get(p) in (CHINA, side)]
        names = {r["entity_id"]: r["name"] for r in gaz.rows if r["entity_kind"] == "person" and r["origin"] == "name"}
        out.append({**candidate, "countries": sorted({CHINA, side}), "people": people,
                    "title": event_title("bilateral_meeting", [CHINA, side], [names.get(p, p) for p in people])})
    return out


def event_title(etype: str, countries: list[str], people: list[str]) -> str:
    label = TYPE_LABELS.get(etype, etype)
    if people and etype in ("bilateral_meeting", "strategic_dialogue", "visit"):
        return f"{' – '.join(people[:3])}: {label}"
    others = [COUNTRY_NAMES.get(c, c) for c in countries if c != CHINA]
    if len(others) == len(CENTRAL_ASIA):
        return f"China–Central Asia {label}"
    return f"China–{'–'.join(others)} {label}"


def merge_or_add(out: list[dict], c: dict) -> None:
    """One candidate per happening: a later sentence restating the same event adds people, not rows.
    Two meetings the same day differ by type, or by who met (Japarov with Xi, then with Li Qiang)."""
    chinese = {p for p in c["people"] if p in CHINESE_PEOPLE}
    foreign = set(c["people"]) - chinese
    for o in out:
        theirs = {p for p in o["people"] if p in CHINESE_PEOPLE}
        their_foreign = set(o["people"]) - theirs
        if foreign and their_foreign and not foreign & their_foreign:
            continue
        if o["start_date"] == c["start_date"] and o["countries"] == c["countries"] and (
                o["event_type"] == c["event_type"]
                or frozenset({o["event_type"], c["event_type"]}) in COMPATIBLE) and (
                o["place_id"] == c["place_id"] or not o["place_id"] or not c["place_id"]) and not (
                chinese and theirs and not chinese & theirs):
            o["place_id"] = o["place_id"] or c["place_id"]
            if o["place_id"]:
                o["place_name"] = None
            o["people"] += [p for p in c["people"] if p not in o["people"]]
            o["people_names"] += [p for p in c["people_names"] if p not in o["people_names"]]
            return
    out.append(c)


# ---------------------------------------------------------------- duplicates

CHINESE_PEOPLE: set[str] = set()   # filled from the gazetteer by propose()
COMPATIBLE = {frozenset({"bilateral_meeting", "strategic_dialogue"}), frozenset({"summit", "ministerial_meeting"})}


def existing_events(con, start: date) -> list[dict]:
    rows = con.execute(
        "select e.event_id, e.start_date, e.event_type, e.place_id, "
        "       (select list(country_iso3 order by country_iso3) from event_countries c where c.event_id = e.event_id), "
        "       (select list(person_id) from event_people p where p.event_id = e.event_id) "
        "from events e where e.start_date between ? and ? order by e.start_date, e.event_id",
        [start - timedelta(days=1), start + timedelta(days=1)]).fetchall()
    return [{"event_id": r[0], "start_date": r[1], "event_type": r[2], "place_id": r[3], "countries": r[4] or [],
             "people": r[5] or []} for r in rows]


def duplicate_of(candidate: dict, existing: list[dict]) -> str | None:
    """The existing event the candidate restates: same start (±1 day), same countries, compatible type
    and place, and no contradicting participants. The closest of several."""
    start = date.fromisoformat(candidate["start_date"])
    best, best_score = None, None
    for e in existing:
        if abs((e["start_date"] - start).days) > 1 or sorted(e["countries"]) != candidate["countries"]:
            continue
        same_type = e["event_type"] == candidate["event_type"]
        if not same_type and frozenset({e["event_type"], candidate["event_type"]}) not in COMPATIBLE:
            continue
        if e["place_id"] and candidate["place_id"] and e["place_id"] != candidate["place_id"]:
            continue
        ours = {p for p in candidate["people"]}
        theirs = set(e["people"])
        foreign_ours = {p for p in ours if p not in ("xi_jinping", "wang_yi", "li_qiang")}
        foreign_theirs = {p for p in theirs if p not in ("xi_jinping", "wang_yi", "li_qiang")}
        if foreign_ours and foreign_theirs and not foreign_ours & foreign_theirs:
            continue
        score = (not same_type, abs((e["start_date"] - start).days), -len(ours & theirs), e["event_id"])
        if best_score is None or score < best_score:
            best, best_score = e["event_id"], score
    return best


# ---------------------------------------------------------------- trade

def number_value(text: str, russian: bool) -> float | None:
    t = text.replace("\u00a0", " ").replace("\u202f", " ")
    if re.fullmatch(r"\d{1,3}(?: \d{3})+(?:[.,]\d+)?", t):
        t = t.replace(" ", "")
    if "," in t and "." in t:
        t = t.replace(",", "")
    elif "," in t:
        head, _, tail = t.rpartition(",")
        t = t.replace(",", "") if (len(tail) == 3 and not russian) else head.replace(",", "") + "." + tail
    try:
        return float(t)
    except ValueError:
        return None


def currency_of(pre: str | None, post: str | None) -> str | None:
    words = f"{pre or ''} {post or ''}".lower()
    if "$" in words or "dollar" in words or "usd" in words or "долл" in words:
        return "USD"
    if "yuan" in words or "rmb" in words or "cny" in words or "renminbi" in words or "юан" in words or "¥" in words:
        return "CNY"
    if "€" in words or "euro" in words or "евро" in words:
        return "EUR"
    if "руб" in words:
        return "RUB"
    if "сом" in words:
        return "KGS"
    if "тенге" in words:
        return "KZT"
    return None


def reporter_of(low: str, article_low: str) -> str | None:
    for iso3, pattern in REPORTERS:
        if pattern.search(low):
            return iso3
    for iso3, pattern in REPORTERS:
        if pattern.search(article_low):
            return iso3
    return None


def propose_trade(article: Article, units: list[Sentence], ctx: Context) -> list[dict]:
    gaz = ctx.gazetteer
    base = base_date(article, ctx.published)
    russian = article.language == "ru"
    article_low = article.text.lower()
    main_partner = main_country(article, gaz)
    out: list[dict] = []
    last_period = None
    for unit in units:
        text = unit.text
        low = text.lower()
        period = find_period(text, base)
        if period:
            last_period = period
        if not TRADE_WORDS.search(low):
            continue
        amounts = []
        for m in MONEY.finditer(text):
            currency = currency_of(m.group("pre"), m.group("post"))
            scale = m.group("scale")
            if currency is None or (not scale and currency is None):
                continue
            value = number_value(m.group("num"), russian)
            if value is None:
                continue
            value *= SCALES.get((scale or "").lower().rstrip("."), 1)
            if value < 1e5:
                continue   # a per-unit price or a count, not a trade value
            amounts.append((m, value, currency))
        if not amounts:
            continue
        period = period or last_period
        if period is None:
            continue
        mentions = gaz.find(text)
        countries = [m.entity_id for m in mentions if m.kind == "country"]
        groups = [m.entity_id for m in mentions if m.kind == "group"]
        reporter = reporter_of(low, article_low) or CHINA
        for i, (m, value, currency) in enumerate(amounts):
            clause_start = amounts[i - 1][0].end() if i else 0
            clause = low[clause_start:m.start()]
            flow, exporter, importer = flow_of(clause, low[:m.start()], gaz)
            if flow is None:
                continue
            partner = partner_of(reporter, countries, groups, main_partner, clause, gaz)
            if partner is None or partner == reporter:
                continue
            if flow != "total":   # from the reporter's side: China's imports are Kyrgyzstan's exports
                flow = "export" if exporter == reporter or (exporter is None and importer not in (None, reporter)) \
                    else "import" if importer == reporter or exporter is not None else flow
            after_end = amounts[i + 1][0].start() if i + 1 < len(amounts) else len(text)
            yoy = yoy_of(text[m.end():after_end])
            out.append({
                "kind": "trade",
                "reporter_iso3": reporter,
                "partner_iso3": partner,
                "period_start": period.start.isoformat(),
                "period_end": period.end.isoformat(),
                "flow": flow,
                "value": value,
                "currency": currency,
                "value_usd": value if currency == "USD" else None,
                "yoy_pct": yoy,
                "is_lower_bound": bool(re.search(r"(?:over|more than|exceed\w*|above|свыше|более|превы\w*)\s*$",
                                                 low[max(0, m.start() - 25):m.start()].strip() + " ")),
                "evidence": text,
                "evidence_start": unit.start,
                "evidence_end": unit.end,
            })
    return dedupe_trade(out)


def flow_of(clause: str, before: str, gaz: Gazetteer) -> tuple[str | None, str | None, str | None]:
    """The flow word nearest before a value, with who exports and who imports when the text says:
    "Kyrgyzstan's exports to China", "China's imports from Kazakhstan", "экспорт Китая в Киргизию"."""
    text = clause if any(p.search(clause) for p in (EXPORT_WORD, IMPORT_WORD, TOTAL_WORD)) else before
    spots = [(m.start(), m.end(), kind) for kind, pattern in (("export", EXPORT_WORD), ("import", IMPORT_WORD),
                                                              ("total", TOTAL_WORD)) for m in pattern.finditer(text)]
    if not spots:
        return None, None, None
    start, end, kind = max(spots)
    if kind == "total":
        return "total", None, None
    owner = [m for m in gaz.find(text[max(0, start - 30):start]) if m.kind == "country"]
    after = text[end:end + 50]
    target = re.match(r"\s*(?:of goods\s+)?(?:to|into|в|во)\s+(.{3,40})", after)
    source = re.match(r"\s*(?:of goods\s+)?(?:from|из)\s+(.{3,40})", after)
    genitive = re.match(r"\s*(.{3,30})", after) if re.match(r"экспорт|импорт", text[start:end]) else None
    def first(s):
        found = [m for m in gaz.find(s.group(1))] if s else []
        return next((m.entity_id for m in found if m.kind == "country"), None)
    subject = owner[-1].entity_id if owner else None
    if subject is None and genitive and not target and not source:
        subject = first(genitive)
    other = first(target) or first(source)
    if kind == "export":
        return kind, subject, other
    return kind, other, subject   # imports: the other side exports


def partner_of(reporter: str, countries: list[str], groups: list[str], main: str | None, clause: str,
               gaz: Gazetteer) -> str | None:
    if reporter != CHINA:
        return CHINA
    if "CA5" in groups or re.search(r"central asia|центральн\w* ази", clause):
        return "CA5"
    others = [c for c in countries if c != CHINA and c in CENTRAL_ASIA]
    near = [m.entity_id for m in gaz.find(clause) if m.kind == "country" and m.entity_id in CENTRAL_ASIA]
    if near:
        return near[-1]
    if others:
        return others[0]
    return main


def main_country(article: Article, gaz: Gazetteer) -> str | None:
    counts: dict[str, int] = {}
    for m in gaz.find(article.text[:20000]):
        if m.country_iso3 in CENTRAL_ASIA:
            counts[m.country_iso3] = counts.get(m.country_iso3, 0) + 1
    return max(counts, key=counts.get) if counts else None


def yoy_of(text: str) -> float | None:
    m = YOY.search(text)
    if not m:
        return None
    num = (m.group("num") or m.group("num2")).replace(",", ".")
    word = (m.group("word") or m.group("word2") or "").lower()
    value = float(num)
    return -value if DOWN.search(word) else value


def dedupe_trade(rows: list[dict]) -> list[dict]:
    out, seen = [], set()
    for r in rows:
        key = (r["reporter_iso3"], r["partner_iso3"], r["period_start"], r["period_end"], r["flow"], r["value"],
               r["currency"])
        if key not in seen:
            seen.add(key)
            out.append(r)
    return out


# ---------------------------------------------------------------- the command

def load_gazetteer(db: Path, data_dir: Path, warnings: list[str]):
    """The gazetteer from the database when it has one, else computed from the curated tables;
    with the open connection (None when there is no usable database)."""
    import duckdb

    if db.is_file():
        try:
            con = duckdb.connect(str(db), read_only=True)
            return Gazetteer.from_db(con), con
        except duckdb.Error as err:
            warnings.append(f"database {db} cannot be used ({' '.join(str(err).split())[:120]}): "
                            "duplicate_of is null for every candidate; run `make db`")
    else:
        warnings.append(f"no database at {db}: duplicate_of is null for every candidate; run `make db`")
    return Gazetteer.from_curated(data_dir), None


def propose(article: Article, published: date | None, gazetteer: Gazetteer, con=None,
            warnings: list[str] | None = None) -> list[dict]:
    """Every candidate of the article, events then figures, each in text order."""
    ctx = Context(published, gazetteer, warnings if warnings is not None else [])
    CHINESE_PEOPLE.clear()
    CHINESE_PEOPLE.update(r["entity_id"] for r in gazetteer.rows
                          if r["entity_kind"] == "person" and r["country_iso3"] == CHINA)
    units = sentences(article.text)
    events = propose_events(article, units, ctx)
    for e in events:
        assert e["event_type"] in EVENT_TYPES
        if con is not None:
            e["duplicate_of"] = duplicate_of(e, existing_events(con, date.fromisoformat(e["start_date"])))
    return events + propose_trade(article, units, ctx)


def candidates(article: Article, published: date | None, db: Path, data_dir: Path,
               url: str | None) -> tuple[list[dict], list[str]]:
    """The article's candidates (each carrying the article's `url`) and the warnings met on the way,
    with the gazetteer and duplicate check of `db` (or of the curated tables when it is unusable)."""
    warnings: list[str] = []
    gazetteer, con = load_gazetteer(db, data_dir, warnings)
    try:
        rows = propose(article, published, gazetteer, con, warnings)
    finally:
        if con is not None:
            con.close()
    for row in rows:
        row["url"] = url
    return rows, warnings


def run(path: Path, url: str | None, published_text: str | None, db: Path, data_dir: Path,
        out=sys.stdout, err=sys.stderr) -> int:
    published = None
    if published_text is not None:
        published = parse_iso(published_text)
        if published is None:
            print(f"propose: --published {published_text!r} is not a date in YYYY-MM-DD form", file=err)
            return 2
    try:
        article = read_article(path)
    except Unreadable as why:
        print(f"propose: {why}", file=err)
        return 2
    rows, warnings = candidates(article, published, db, data_dir, url)
    for w in warnings:
        print(f"propose: warning: {w}", file=err)
    for row in rows:
        print(json.dumps(row, ensure_ascii=False), file=out)
    return 0


def default_db() -> Path:
    return Path(os.environ.get("MONITOR_DB") or ROOT / "data" / "monitor.duckdb")


__all__ = ["propose", "run", "parse_article", "read_article", "Unreadable", "duplicate_of", "default_db"]
