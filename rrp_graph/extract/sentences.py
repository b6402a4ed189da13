"""Sentences and clauses of a passage, as character spans of the document text.

The sentence is the unit a partner–pathway link is judged on, and the clause the unit of negation
scope. Plans are plain prose with bullets, so a small rule does: a sentence ends at . ! or ? before
a capital letter, a quote, a bracket or a digit, or at a line break that starts a bullet.
"""

from __future__ import annotations

import re

_SENTENCE_END = re.compile(r"(?<=[.!?])[\"'”’)]?\s+(?=[A-Z0-9\"“‘(£•\-])|\n\s*(?:[-•\u2022\uf0b7*–]\s+)")
_CLAUSE_END = re.compile(r"[;:]\s+|,\s+(?=(?:but|however|whereas|although|though)\b)|\s+(?=but\b)")
# A clause that says one of these is negated: its cues do not count ("… are not currently reflected").
_NEGATION = re.compile(r"\b(?:not(?!\s+only\b)|never|none|neither|nor|cannot)\b|n't\b", re.IGNORECASE)


def spans(text: str, start: int, end: int, pattern: re.Pattern[str] = _SENTENCE_END) -> list[tuple[int, int]]:
    """The spans of `text[start:end]` split by `pattern`, trimmed, in document offsets."""
    pieces: list[tuple[int, int]] = []
    cursor = start
    for match in pattern.finditer(text, start, end):
        pieces.append((cursor, match.start()))
        cursor = match.end()
    pieces.append((cursor, end))
    trimmed = []
    for a, b in pieces:
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        if a < b:
            trimmed.append((a, b))
    return trimmed


def sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    return spans(text, start, end)


def negated_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The clauses of `text[start:end]` that hold a negation."""
    return [(a, b) for a, b in spans(text, start, end, _CLAUSE_END) if _NEGATION.search(text, a, b)]


def index_of(position: int, spans_: list[tuple[int, int]]) -> int | None:
    """Which span holds `position`, if any."""
    for index, (a, b) in enumerate(spans_):
        if a <= position < b:
            return index
    return None
