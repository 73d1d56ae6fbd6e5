"""A small mutator for the query files (dashboard/queries/*.sql and parts/*.sql): the slips a
reviewer would make in SQL. Pure text in, (description, mutated text) out; comments and string
literals are never touched. Used by bench/mutants/run.py; imports the standard library only.

Operators
- cmp:   a comparison flipped at its boundary or negated (<= <, >= >, < <=, > >=, = <>, <> =)
- bool:  `and` swapped for `or` and the reverse (the `and` of `between ... and` is left alone)
- drop:  one predicate dropped (`and X`, `or X`, or the first predicate after where/on)
- param: a parameter replaced by a constant of its type (the value a page would never choose)
"""
from __future__ import annotations

import re
from dataclasses import dataclass

# Constants that bind where the parameter did: the widest or the default choice.
PARAM_CONSTANTS = {
    "start": "DATE '1990-01-01'", "end": "DATE '2035-12-31'",
    "countries": "[]::varchar[]", "partners": "[]::varchar[]", "event_types": "[]::varchar[]",
    "source_ids": "[]::varchar[]",
    "flow": "'total'", "period_kind": "'year'", "reporter_side": "'china'", "include_low": "true",
    "limit": "NULL", "offset": "0", "bucket": "'month'", "pattern": "''", "norm_pattern": "''", "place_id": "''",
    "event_id": "''",
}
CMP_FLIPS = {"<=": "<", ">=": ">", "<": "<=", ">": ">=", "=": "<>", "<>": "=", "!=": "="}
CLAUSE_END = re.compile(r"order|group|limit|select|from|join|left|where|having|union|qualify|window|on|then|else|"
                        r"when|as")


@dataclass(frozen=True)
class Mutant:
    file: str          # e.g. "trade_series.sql" or "parts/trade_filter.sql"
    index: int         # position among the file's mutants
    operator: str
    line: int
    description: str
    text: str          # the whole mutated file

    @property
    def id(self) -> str:
        return f"{self.file}#{self.index}"


def code_mask(text: str) -> list[bool]:
    """True for each character that is SQL code (not a comment or inside a string literal)."""
    mask = [True] * len(text)
    i, n = 0, len(text)
    while i < n:
        if text.startswith("--", i):
            j = text.find("\n", i)
            j = n if j < 0 else j
            for k in range(i, j):
                mask[k] = False
            i = j
        elif text.startswith("/*", i) and not text.startswith("/*@", i):
            j = text.find("*/", i + 2)
            j = n if j < 0 else j + 2
            for k in range(i, j):
                mask[k] = False
            i = j
        elif text[i] == "'":
            j = i + 1
            while j < n:
                if text[j] == "'" and text[j + 1:j + 2] == "'":
                    j += 2
                elif text[j] == "'":
                    break
                else:
                    j += 1
            for k in range(i, min(j + 1, n)):
                mask[k] = False
            i = j + 1
        else:
            i += 1
    return mask


def _code_matches(pattern: re.Pattern, text: str, mask: list[bool]):
    for m in pattern.finditer(text):
        if all(mask[m.start():m.end()]):
            yield m


def _line_of(text: str, pos: int) -> int:
    return text.count("\n", 0, pos) + 1


def _between_ands(text: str, mask: list[bool]) -> set[int]:
    """Positions of the `and` that belongs to a `between x and y`."""
    out = set()
    for m in _code_matches(re.compile(r"\bbetween\b", re.I), text, mask):
        for a in _code_matches(re.compile(r"\band\b", re.I), text[m.end():], mask[m.end():]):
            out.add(m.end() + a.start())
            break
    return out


def _operand_end(text: str, mask: list[bool], start: int) -> int:
    """Where the predicate starting at `start` ends: before the next and/or or clause keyword at its
    own depth, or at the close of the parenthesis (or case ... end) around it."""
    depth, i, n, in_between = 0, start, len(text), False
    while i < n:
        ch = text[i]
        if not mask[i]:
            i += 1
        elif ch == "(":
            depth, i = depth + 1, i + 1
        elif ch == ")":
            if depth == 0:
                return i
            depth, i = depth - 1, i + 1
        elif ch in ";," and depth == 0:
            return i
        elif (ch.isalpha() or ch == "_") and (i == 0 or not (text[i - 1].isalnum() or text[i - 1] in "_$.@")):
            word = re.match(r"[A-Za-z_][A-Za-z0-9_]*", text[i:]).group(0)
            w = word.lower()
            if w == "case":
                depth += 1
            elif w == "end":
                if depth == 0:
                    return i
                depth -= 1
            elif depth == 0:
                if w == "between":
                    in_between = True
                elif w == "and" and in_between:
                    in_between = False
                elif w in ("and", "or") or CLAUSE_END.fullmatch(w):
                    return i
            i += len(word)
        else:
            i += 1
    return n


def mutants(file: str, text: str) -> list[Mutant]:
    mask = code_mask(text)
    found: list[tuple[str, int, str, str]] = []     # (operator, pos, description, mutated text)

    cmp_re = re.compile(r"(?<![<>=!|:-])(<=|>=|<>|!=|<|>|=)(?![<>=|])")
    for m in _code_matches(cmp_re, text, mask):
        new = CMP_FLIPS[m.group(1)]
        found.append(("cmp", m.start(), f"{m.group(1)} -> {new}", text[:m.start()] + new + text[m.end():]))

    between = _between_ands(text, mask)
    for m in _code_matches(re.compile(r"\b(and|or)\b", re.I), text, mask):
        if m.start() in between:
            continue
        new = "or" if m.group(1).lower() == "and" else "and"
        found.append(("bool", m.start(), f"{m.group(1)} -> {new}", text[:m.start()] + new + text[m.end():]))

    for m in _code_matches(re.compile(r"\b(and|or)\b", re.I), text, mask):
        if m.start() in between:
            continue
        end = _operand_end(text, mask, m.end())
        dropped = " ".join(text[m.start():end].split())
        found.append(("drop", m.start(), f"drop `{dropped[:70]}`", text[:m.start()] + text[end:].lstrip(" ")))
    # The first predicate of a where or on clause (a part file is one where clause's condition).
    firsts = [m.end() for m in _code_matches(re.compile(r"\b(where|on)\b", re.I), text, mask)]
    if file.startswith("parts/"):
        firsts.append(next(i for i, code in enumerate(mask) if code and not text[i].isspace()))
    for begin in firsts:
        end = _operand_end(text, mask, begin)
        follow = re.match(r"\s*(and|or)\b", text[end:], re.I)
        if not follow:
            continue                                   # a lone predicate: dropping it leaves no SQL
        dropped = " ".join(text[begin:end].split())
        found.append(("drop", begin, f"drop `{dropped[:70]}`", text[:begin] + " " + text[end + follow.end():]))

    for m in _code_matches(re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)"), text, mask):
        constant = PARAM_CONSTANTS.get(m.group(1))
        if constant is None:
            continue
        found.append(("param", m.start(), f"${m.group(1)} -> {constant}", text[:m.start()] + constant + text[m.end():]))

    found.sort(key=lambda f: (f[1], f[0]))
    return [Mutant(file, i, op, _line_of(text, pos), desc, new) for i, (op, pos, desc, new) in enumerate(found)]
