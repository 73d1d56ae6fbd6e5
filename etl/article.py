"""ETL layer: one news article read as text — checked, HTML reduced to its visible text, cut into
sentences that keep their place in the text (evidence is quoted verbatim from it).

The text is data: HTML is parsed, never rendered, and scripts, styles and templates are dropped
unread. Imports only the standard library.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

MAX_BYTES = 20 * 1024 * 1024
SKIP_TAGS = {"script", "style", "noscript", "template", "svg", "iframe", "object", "canvas", "head", "select",
             "button", "form", "nav"}
BLOCK_TAGS = {"p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "td", "th",
              "table", "section", "article", "header", "footer", "blockquote", "figcaption", "figure",
              "dd", "dt", "pre", "hr", "main", "aside", "title"}
HTML_RE = re.compile(r"<\s*(!doctype|html|body|p|div|article|head|span|br|script|meta)\b", re.IGNORECASE)


class Unreadable(Exception):
    """The file cannot be read as an article; the message is one line for the user."""


@dataclass(frozen=True)
class Article:
    text: str                      # the visible text (for HTML: without tags, scripts or styles)
    is_html: bool
    published: str | None          # from the page's metadata, YYYY-MM-DD, when it says
    title: str | None
    language: str                  # "ru" when most letters are Cyrillic, else "en"


@dataclass(frozen=True)
class Sentence:
    start: int                     # offsets into Article.text: text[start:end] is the sentence verbatim
    end: int
    paragraph: int
    text: str


class _TextOf(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping: list[str] = []
        self.meta: dict[str, str] = {}
        self.title: list[str] = []
        self.in_title = False

    def handle_starttag(self, tag, attrs):
        tag = tag.lower()
        if tag == "meta":
            a = {k.lower(): (v or "") for k, v in attrs}
            key = a.get("property") or a.get("name") or a.get("itemprop") or ""
            if key and a.get("content"):
                self.meta.setdefault(key.lower(), a["content"])
            return
        if tag == "title":
            self.in_title = True
        if tag in SKIP_TAGS and tag not in ("head",):
            self.skipping.append(tag)
        if tag in BLOCK_TAGS:
            self.parts.append("\n")

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag.lower() in self.skipping[-1:]:
            self.skipping.pop()

    def handle_endtag(self, tag):
        tag = tag.lower()
        if tag == "title":
            self.in_title = False
        if tag in self.skipping:
            while self.skipping and self.skipping.pop() != tag:
                pass
        if tag in BLOCK_TAGS:
            self.parts.append("\n")

    def handle_data(self, data):
        if self.in_title:
            self.title.append(data)
            return
        if not self.skipping:
            self.parts.append(data)


def html_to_text(html: str) -> tuple[str, dict[str, str], str | None]:
    parser = _TextOf()
    parser.feed(html)
    parser.close()
    text = "".join(parser.parts)
    lines = [" ".join(line.split()) for line in text.splitlines()]
    out, blank = [], False
    for line in lines:
        if line:
            out.append(line)
            blank = False
        elif not blank and out:
            out.append("")
            blank = True
    title = " ".join("".join(parser.title).split()) or None
    return "\n".join(out).strip(), parser.meta, title


def read_article(path: Path) -> Article:
    """Read `path` as an article or raise Unreadable with a one-line reason."""
    try:
        if path.is_dir():
            raise Unreadable(f"{path}: is a directory, not an article file")
        if not path.exists():
            raise Unreadable(f"{path}: no such file")
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise Unreadable(f"{path}: is {size / 1048576:.1f} MB; articles over 20 MB are refused")
        raw = path.read_bytes()
    except OSError as err:
        raise Unreadable(f"{path}: cannot be read ({err.strerror or err})") from None
    return parse_article(raw, str(path), path.suffix.lower() in (".html", ".htm"))


def parse_article(raw: bytes, name: str = "article", html_hint: bool = False) -> Article:
    if len(raw) > MAX_BYTES:
        raise Unreadable(f"{name}: is {len(raw) / 1048576:.1f} MB; articles over 20 MB are refused")
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    if not raw.strip():
        raise Unreadable(f"{name}: is empty")
    if b"\x00" in raw:
        raise Unreadable(f"{name}: is a binary file (it holds NUL bytes), not text")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        raise Unreadable(f"{name}: is not UTF-8 text (byte 0x{raw[err.start]:02x} at offset {err.start}); "
                         "save it as UTF-8") from None
    controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\n\r\t\f")
    if controls > max(8, len(text) // 100):
        raise Unreadable(f"{name}: looks binary ({controls} control characters), not text")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    meta, title, is_html = {}, None, False
    if html_hint or HTML_RE.search(text[:4000]):
        text, meta, title = html_to_text(text)
        is_html = True
    published = None
    for key in ("article:published_time", "datepublished", "date", "pubdate", "dc.date", "og:published_time"):
        m = re.match(r"\s*(\d{4}-\d{2}-\d{2})", meta.get(key, ""))
        if m:
            published = m.group(1)
            break
    letters = [ch for ch in text if ch.isalpha()]
    cyrillic = sum(1 for ch in letters if "\u0400" <= ch <= "\u04ff")
    language = "ru" if letters and cyrillic > len(letters) * 0.3 else "en"
    return Article(text, is_html, published, title, language)


# Abbreviations after which a full stop does not end a sentence.
ABBREV = re.compile(r"(?:\b(?:Mr|Mrs|Ms|Dr|St|Gen|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|No|vs|etc|"
                    r"U\.S|U\.N|Inc|Ltd|Co|г|гг|т\.е|т\.к|им|млрд|млн|трлн|тыс|долл|руб|см|ул|проф)\.|\b[A-ZА-Я]\.)$")
BOUNDARY = re.compile(r"[.!?…]+[\"'»”)]*\s+|\n+")


def sentences(text: str) -> list[Sentence]:
    """Sentences with their offsets; a line break always ends one (headlines, datelines)."""
    out: list[Sentence] = []
    paragraph = 0
    start = 0
    for m in BOUNDARY.finditer(text):
        if "\n" not in m.group() and ABBREV.search(text[max(start, m.start() - 8):m.start() + 1]):
            continue
        nxt = text[m.end():m.end() + 1]
        if "\n" not in m.group() and nxt and not (nxt.isupper() or nxt.isdigit() or nxt in "\"«“('"):
            continue
        _add(out, text, start, m.end(), paragraph)
        if m.group().count("\n") > 1:   # a blank line ends a paragraph
            paragraph += 1
        start = m.end()
    _add(out, text, start, len(text), paragraph)
    return out


def _add(out: list[Sentence], text: str, start: int, end: int, paragraph: int) -> None:
    chunk = text[start:end]
    lead = len(chunk) - len(chunk.lstrip())
    body = chunk.strip()
    if body:
        s = start + lead
        out.append(Sentence(s, s + len(body), paragraph, body))
