"""ETL layer: dates in English and Russian news text — explicit days, ranges ("25–26 April",
"25–26 апреля"), months, and days relative to the publication date ("on Tuesday", "yesterday",
"last week", "во вторник", "вчера"). Trade periods ("in the first half of 2025", "за январь–октябрь").

dateparser reads each date expression found here (month names in both languages, abbreviations);
the expressions themselves, ranges and weekdays are found by the patterns below because dateparser
keeps only a range's first day and reads a bare weekday as last week's. Imports the standard
library and dateparser.
"""
from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta

EN_MONTHS = {m: i for i, m in enumerate(
    ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
     "november", "december"], 1)}
EN_ABBR = {"jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9, "oct": 10,
           "nov": 11, "dec": 12}
RU_MONTHS = {"январ": 1, "феврал": 2, "март": 3, "апрел": 4, "ма": 5, "июн": 6, "июл": 7, "август": 8,
             "сентябр": 9, "октябр": 10, "ноябр": 11, "декабр": 12}
EN_MONTH = r"(?:January|February|March|April|May|June|July|August|September|October|November|December|" \
           r"Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept?\.?|Oct\.?|Nov\.?|Dec\.?)"
RU_MONTH = r"(?:январ[яеь]|феврал[яеь]|марта?е?|апрел[яеь]|ма[яей]|июн[яеь]|июл[яеь]|августа?е?|" \
           r"сентябр[яеь]|октябр[яеь]|ноябр[яеь]|декабр[яеь])"
DASH = r"\s*[-–—‒]\s*"
YEAR = r"(?:,?\s+(?P<year>(?:19|20)\d{2}))?(?:\s*(?:года|г\.|год))?"
WEEKDAYS_EN = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
WEEKDAYS_RU = ["понедельник", "вторник", "сред", "четверг", "пятниц", "суббот", "воскресень"]

PATTERNS = [  # (name, regex); order matters: ranges before single days
    ("iso", re.compile(r"\b(?P<y>(?:19|20)\d{2})-(?P<m>\d{2})-(?P<d>\d{2})\b")),
    ("dmy_dots", re.compile(r"\b(?P<d>\d{1,2})\.(?P<m>\d{1,2})\.(?P<y>(?:19|20)\d{2})\b")),
    ("range_from_to", re.compile(rf"\b(?:from\s+)?(?P<m1>{EN_MONTH})\s+(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:to|until|through)\s+"
                                 rf"(?:(?P<m2>{EN_MONTH})\s+)?(?P<d2>\d{{1,2}})\b{YEAR}", re.IGNORECASE)),
    ("range_from_to", re.compile(rf"\b(?:from\s+)?(?P<d1>\d{{1,2}})\s+(?:(?P<m2>{EN_MONTH})\s+)?(?:to|until)\s+"
                                 rf"(?P<d2>\d{{1,2}})\s+(?P<m1>{EN_MONTH})\b{YEAR}", re.IGNORECASE)),
    ("range_from_to", re.compile(rf"(?<![а-яё])с\s+(?P<d1>\d{{1,2}})\s+(?:(?P<m2>{RU_MONTH})\s+)?по\s+(?P<d2>\d{{1,2}})\s+"
                                 rf"(?P<m1>{RU_MONTH})(?![а-я]){YEAR}", re.IGNORECASE)),
    ("range_d_m2", re.compile(rf"\b(?P<d1>\d{{1,2}})\s+(?P<m1>{EN_MONTH}|{RU_MONTH}){DASH}(?P<d2>\d{{1,2}})\s+"
                              rf"(?P<m2>{EN_MONTH}|{RU_MONTH})\b{YEAR}", re.IGNORECASE)),
    ("range_dd_m", re.compile(rf"\b(?P<d1>\d{{1,2}}){DASH}(?P<d2>\d{{1,2}})\s+(?P<m1>{EN_MONTH}|{RU_MONTH})"
                              rf"(?![а-я]){YEAR}", re.IGNORECASE)),
    ("range_m_dd", re.compile(rf"\b(?P<m1>{EN_MONTH})\s+(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?{DASH}(?P<d2>\d{{1,2}})"
                              rf"(?:st|nd|rd|th)?\b{YEAR}", re.IGNORECASE)),
    ("range_m_d_m_d", re.compile(rf"\b(?P<m1>{EN_MONTH})\s+(?P<d1>\d{{1,2}}){DASH}(?P<m2>{EN_MONTH})\s+"
                                 rf"(?P<d2>\d{{1,2}})\b{YEAR}", re.IGNORECASE)),
    ("d_m", re.compile(rf"\b(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<m1>{EN_MONTH}|{RU_MONTH})"
                       rf"(?![а-я]){YEAR}", re.IGNORECASE)),
    ("m_d", re.compile(rf"\b(?P<m1>{EN_MONTH})\s+(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?\b(?!\s*(?:%|percent|per\b|"
                       rf"billion|million|bn))(?:,?\s+(?P<year>(?:19|20)\d{{2}}))?", re.IGNORECASE)),
    ("month", re.compile(rf"\b(?:in|during|early|late|mid|since|в|во|начале|конце|середине)\s+"
                         rf"(?:-|of\s+)?(?P<m1>{EN_MONTH}|{RU_MONTH})(?![а-я])\s+(?P<year>(?:19|20)\d{{2}})",
                         re.IGNORECASE)),
]
RELATIVE = [
    ("weekday", re.compile(r"\b(?:on\s+)?(?P<w>monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b",
                           re.IGNORECASE)),
    ("weekday", re.compile(r"(?<![а-яё])(?:во?\s+)(?P<w>понедельник|вторник|среду|четверг|пятницу|субботу|"
                           r"воскресенье)(?![а-яё])", re.IGNORECASE)),
    ("days", re.compile(r"\b(?P<w>the day before yesterday|yesterday|today|this morning|tonight)\b",
                        re.IGNORECASE)),
    ("days", re.compile(r"(?<![а-яё])(?P<w>позавчера|вчера|сегодня)(?![а-яё])", re.IGNORECASE)),
    ("week", re.compile(r"\b(?P<w>last week|earlier this week|this week)\b", re.IGNORECASE)),
    ("around", re.compile(r"\b(?P<w>the same day|that same day|the previous day|the day before|a day earlier|the next day|the following day|"
                          r"a day later)\b", re.IGNORECASE)),
    ("around", re.compile(r"(?<![а-яё])(?P<w>в тот же день|в этот же день|накануне|днем ранее|днём ранее|на следующий день|на другой день)"
                          r"(?![а-яё])", re.IGNORECASE)),
    ("week", re.compile(r"(?<![а-яё])(?P<w>на прошлой неделе|на этой неделе|на минувшей неделе)(?![а-яё])",
                        re.IGNORECASE)),
]
DAY_OFFSETS = {"yesterday": 1, "вчера": 1, "the day before yesterday": 2, "позавчера": 2, "today": 0,
               "сегодня": 0, "this morning": 0, "tonight": 0}


@dataclass(frozen=True)
class Found:
    start: date
    end: date
    precision: str          # day, month
    pos: int                # offset in the text searched
    length: int
    has_year: bool
    relative: bool = False
    approximate: bool = False   # "last week": the week is known, not the day


def month_number(word: str) -> int | None:
    w = word.lower().rstrip(".")
    if w in EN_MONTHS:
        return EN_MONTHS[w]
    if w in EN_ABBR:
        return EN_ABBR[w]
    for stem, number in sorted(RU_MONTHS.items(), key=lambda kv: -len(kv[0])):
        if w.startswith(stem):
            return number
    return None


def _parse_day(day: str, month_word: str, year: int) -> date | None:
    """One day through dateparser (both languages' month names); None when impossible."""
    import dateparser

    number = month_number(month_word)
    if number is None:
        return None
    try:
        base = date(year, number, int(day))
    except ValueError:
        return None
    parsed = dateparser.parse(f"{int(day)} {month_word} {year}", languages=["en", "ru"],
                              settings={"DATE_ORDER": "DMY", "PREFER_DAY_OF_MONTH": "first"})
    return parsed.date() if parsed else base


def _year_for(month: int, day: int, base: date | None) -> int | None:
    """A date written without its year falls in the year that puts it at most a week after `base`."""
    if base is None:
        return None
    year = base.year
    try:
        if date(year, month, min(day, 28)) > base + timedelta(days=7):
            year -= 1
    except ValueError:
        return None
    return year


def find_dates(text: str, base: date | None, previous: date | None = None) -> list[Found]:
    """Every date expression in `text`, in text order; overlapping matches keep the first pattern's.
    `previous` is the last date the text gave before `text`: "the previous day" counts from it."""
    found: list[Found] = []
    taken: list[tuple[int, int]] = []

    def free(s: int, e: int) -> bool:
        return all(e <= a or s >= b for a, b in taken)

    for name, pattern in PATTERNS:
        for m in pattern.finditer(text):
            if not free(m.start(), m.end()):
                continue
            g = m.groupdict()
            result = _read(name, g, base)
            if result:
                start, end, precision, has_year = result
                found.append(Found(start, end, precision, m.start(), m.end() - m.start(), has_year))
                taken.append((m.start(), m.end()))
    for name, pattern in RELATIVE:
        for m in pattern.finditer(text):
            if not free(m.start(), m.end()) or (base is None and name != "around"):
                continue
            if True:
                w = m.group("w").lower()
                if name == "weekday":
                    index = next(i for i, d in enumerate(WEEKDAYS_EN) if d == w) if w in WEEKDAYS_EN else \
                        next(i for i, d in enumerate(WEEKDAYS_RU) if w.startswith(d))
                    day = base - timedelta(days=(base.weekday() - index) % 7)
                    found.append(Found(day, day, "day", m.start(), m.end() - m.start(), True, relative=True))
                elif name == "around":
                    if previous is None:
                        continue
                    back = any(k in w for k in ("previous", "before", "earlier", "накануне", "ранее"))
                    same = "same" in w or "тот же" in w or "этот же" in w
                    day = previous + timedelta(days=0 if same else -1 if back else 1)
                    found.append(Found(day, day, "day", m.start(), m.end() - m.start(), True, relative=True))
                elif name == "days":
                    day = base - timedelta(days=DAY_OFFSETS[w])
                    found.append(Found(day, day, "day", m.start(), m.end() - m.start(), True, relative=True))
                else:
                    monday = base - timedelta(days=base.weekday())
                    if "last" in w or "прошл" in w or "минувш" in w:
                        monday -= timedelta(days=7)
                    found.append(Found(monday, monday + timedelta(days=6), "day", m.start(), m.end() - m.start(),
                                       True, relative=True, approximate=True))
                taken.append((m.start(), m.end()))
    return sorted(found, key=lambda f: f.pos)


def _read(name: str, g: dict, base: date | None):
    if name in ("iso", "dmy_dots"):
        try:
            d = date(int(g["y"]), int(g["m"]), int(g["d"]))
        except ValueError:
            return None
        return d, d, "day", True
    year = int(g["year"]) if g.get("year") else None
    has_year = year is not None
    m1 = month_number(g["m1"])
    if m1 is None:
        return None
    if name == "month":
        last = calendar.monthrange(year, m1)[1]
        return date(year, m1, 1), date(year, m1, last), "month", True
    d1 = int(g["d1"])
    if year is None:
        year = _year_for(m1, d1, base)
        if year is None:
            return None
    start = _parse_day(g["d1"], g["m1"], year)
    if start is None:
        return None
    if g.get("d2"):
        m2 = g.get("m2") or g["m1"]
        if name == "range_from_to" and g.get("m2") and month_number(g["m2"]) and month_number(g["m2"]) < m1 \
                and g["d1"] and int(g["d1"]) > int(g["d2"]):
            start = _parse_day(g["d1"], g["m2"], year)   # "from 30 November to 2 December"
            m2 = g["m1"]
        end = _parse_day(g["d2"], m2, year)
        if end is None or end < start or (end - start).days > 31:
            return None
        return start, end, "day", has_year
    return start, start, "day", has_year


# ---------------------------------------------------------------- trade periods

RU_MONTH_NUM = r"(?:январ\w*|феврал\w*|март\w*|апрел\w*|ма[йяе]\w*|июн\w*|июл\w*|август\w*|сентябр\w*|октябр\w*|" \
               r"ноябр\w*|декабр\w*)"
NUMBER_WORDS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
                "ten": 10, "eleven": 11, "два": 2, "двух": 2, "три": 3, "трех": 3, "четыре": 4, "четырех": 4,
                "пять": 5, "пяти": 5, "шесть": 6, "шести": 6, "семь": 7, "семи": 7, "восемь": 8, "восьми": 8,
                "девять": 9, "девяти": 9, "десять": 10, "десяти": 10, "одиннадцать": 11, "одиннадцати": 11}
PERIOD_YEAR = r"(?P<year>(?:19|20)\d{2})"


@dataclass(frozen=True)
class Period:
    start: date
    end: date
    pos: int


def _end_of(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


PERIODS = [
    ("half", re.compile(rf"(?:first half|H1|first six months|первое полугодие|первом полугодии|"
                        rf"I полугодие)(?:\s+of)?(?:\s+(?:the\s+)?year)?(?:\s+{PERIOD_YEAR})?", re.IGNORECASE)),
    ("months_n", re.compile(rf"(?:first|первые)\s+(?P<n>\d{{1,2}}|\w+)\s+(?:months|месяц\w*)(?:\s+of)?"
                            rf"(?:\s+{PERIOD_YEAR})?", re.IGNORECASE)),
    ("months_n", re.compile(rf"(?:за|в)\s+(?P<n>\d{{1,2}}|\w+)\s+месяц\w*(?:\s+{PERIOD_YEAR})?", re.IGNORECASE)),
    ("quarters", re.compile(rf"(?:first|I)\s+quarter(?:\s+of)?(?:\s+{PERIOD_YEAR})?", re.IGNORECASE)),
    ("quarters", re.compile(rf"(?:первом|первый|I)\s+квартал\w*(?:\s+{PERIOD_YEAR})?", re.IGNORECASE)),
    ("month_range", re.compile(rf"(?P<m1>{EN_MONTH}|{RU_MONTH_NUM}){DASH}(?P<m2>{EN_MONTH}|{RU_MONTH_NUM})"
                               rf"(?:\s+{PERIOD_YEAR})?", re.IGNORECASE)),
    ("year", re.compile(rf"(?:\bin|\bfor|\bduring|\bв|\bза|\bof)\s+(?:the\s+year\s+|fiscal\s+)?{PERIOD_YEAR}"
                        rf"(?!\s*[-–]\d)", re.IGNORECASE)),
    ("month", re.compile(rf"(?:\bin|\bв|\bза)\s+(?P<m1>{EN_MONTH}|{RU_MONTH_NUM})(?:\s+{PERIOD_YEAR})",
                         re.IGNORECASE)),
    ("last_year", re.compile(r"\blast year\b|\bв прошлом году\b|\bза прошлый год\b|\bпо итогам прошлого года\b",
                             re.IGNORECASE)),
    ("year", re.compile(rf"\b{PERIOD_YEAR}\b(?!\s*[-–]\d)")),
]


def find_period(text: str, base: date | None) -> Period | None:
    """The first trade period the text names; a period without its year takes the base's."""
    best: Period | None = None
    for name, pattern in PERIODS:
        for m in pattern.finditer(text):
            g = m.groupdict()
            year = int(g["year"]) if g.get("year") else (base.year if base else None)
            if name == "last_year":
                if base is None:
                    continue
                p = Period(date(base.year - 1, 1, 1), date(base.year - 1, 12, 31), m.start())
            elif year is None:
                continue
            elif name == "half":
                p = Period(date(year, 1, 1), date(year, 6, 30), m.start())
            elif name == "quarters":
                p = Period(date(year, 1, 1), date(year, 3, 31), m.start())
            elif name == "months_n":
                n = g["n"]
                n = int(n) if n.isdigit() else NUMBER_WORDS.get(n.lower())
                if not n or not 1 <= n <= 12:
                    continue
                p = Period(date(year, 1, 1), _end_of(year, n), m.start())
            elif name == "month_range":
                a, b = month_number(g["m1"][:7]) or _ru_month(g["m1"]), month_number(g["m2"][:7]) or _ru_month(g["m2"])
                if not a or not b or b < a:
                    continue
                p = Period(date(year, a, 1), _end_of(year, b), m.start())
            elif name == "month":
                a = month_number(g["m1"]) or _ru_month(g["m1"])
                if not a:
                    continue
                p = Period(date(year, a, 1), _end_of(year, a), m.start())
            else:
                p = Period(date(year, 1, 1), date(year, 12, 31), m.start())
            if best is None:
                best = p
            break
        if best is not None:
            return best
    return best


def _ru_month(word: str) -> int | None:
    w = word.lower()
    for stem, number in sorted(RU_MONTHS.items(), key=lambda kv: -len(kv[0])):
        if w.startswith(stem):
            return number
    return None


def parse_iso(text: str | None) -> date | None:
    if not text:
        return None
    try:
        return datetime.strptime(text, "%Y-%m-%d").date()
    except ValueError:
        return None
