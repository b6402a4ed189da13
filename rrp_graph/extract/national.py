"""National text: passages that speak for HMPPS or the government rather than for the region.

Region-level answers leave them out by default, so each flag records why it was set:

    twin-passage             the same words (give or take spacing, quote marks and bullet markers) stand in
                             another region's document: the annual updates' shared forewords and paragraphs
    national-leaders-section the passage sits in a section whose only signatories are national leaders
                             ("Jo Farrar, Second Permanent Secretary and CEO, HMPPS")
    national-voice           a narrative or context passage that speaks nationally: "Nationally, …",
                             "The government will …", "HMPPS will …", "… across England and Wales"
    theme-introduction       a three-year plan's opening paragraphs of a theme, before its regional context

The last three never touch commitments, progress, targets, objectives or activities, nor a passage that
names its own region: a region's own work is never marked national, whichever partner it names.
"""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rrp_graph.extract.corpus import Document, Statement

_QUOTES = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'", "\u00a0": " ", "–": "-", "—": "-"})
_VOICE = re.compile(r"^(?:\*\*)?(?:Nationally\b|The government will\b|HMPPS will\b)|\bacross England and Wales\b")
_REGIONAL_VOICE = re.compile(r"\b(?:our region|the region|this region|regional|regionally|sub-regional)\b",
                             re.IGNORECASE)
_NARRATIVE_KINDS = ("narrative", "context")


@dataclass(frozen=True)
class NationalEvidence:
    rule: str
    start: int | None = None  # the words that show it (national-voice), in document offsets
    end: int | None = None
    passage: str | None = None  # the id of the shared passage it is an occurrence of (twin-passage)


def comparison_key(text: str) -> str:
    """The words of a passage as compared across documents."""
    text = text.translate(_QUOTES).replace("**", "")
    return re.sub(r"\s+", " ", text).strip().lower()


def _names_region(statement: Statement, document: Document) -> bool:
    text = statement.text
    return document.info.region.lower() in text.lower() or _REGIONAL_VOICE.search(text) is not None


def _leaders_sections(document: Document) -> set[str]:
    """Sections signed by national leaders only."""
    signed: dict[str, set[bool]] = defaultdict(set)
    for person in document.people:
        before = [s for s in document.statements if s.passage.start <= person.start]
        if before:
            signed[before[-1].passage.section].add(person.regional)
    return {section for section, regional in signed.items() if regional == {False}}


def _own_evidence(statement: Statement, document: Document, leaders: set[str]) -> NationalEvidence | None:
    passage = statement.passage
    if statement.kind not in _NARRATIVE_KINDS:
        return None
    if passage.section in leaders:  # signed: even "the new regional plans" is the leaders' word here
        return NationalEvidence("national-leaders-section")
    if _names_region(statement, document):
        return None
    raw = document.source.text[passage.start:passage.end]
    if voice := _VOICE.search(raw):
        return NationalEvidence("national-voice", passage.start + voice.start(), passage.start + voice.end())
    if (document.info.kind == "three-year-plan" and passage.theme and statement.kind == "narrative"
            and passage.section.lower().startswith(_THEME_WORDS.get(passage.theme, "\0"))):
        return NationalEvidence("theme-introduction")
    return None


_THEME_WORDS = {"training": "training", "drugs": "drugs", "family": "family",
                "court": ("delivering the order", "public security")}


def mark_national(documents: list[Document]) -> dict[str, tuple[str, ...]]:
    """Flag every national passage (statement.shared) and record why (statement.national); return the passages
    repeated word for word in two or more regions' documents, id -> slugs of the documents holding them.

    A statement names its shared passage rather than listing the other documents: a passage every update of a
    year repeats would otherwise list all of them in each of them, which grows with the square of the corpus."""
    by_key: dict[str, set[str]] = defaultdict(set)
    region_of_key: dict[str, set[str]] = defaultdict(set)
    for document in documents:
        for statement in document.statements:
            key = comparison_key(statement.text)
            by_key[key].add(document.slug)
            region_of_key[key].add(document.info.region)
    shared: dict[str, tuple[str, ...]] = {}
    for document in documents:
        leaders = _leaders_sections(document)
        for statement in document.statements:
            key = comparison_key(statement.text)
            if len(region_of_key[key]) >= 2:
                passage = passage_id(key)
                shared.setdefault(passage, tuple(sorted(by_key[key])))
                statement.national = NationalEvidence("twin-passage", passage=passage)
            else:
                statement.national = _own_evidence(statement, document, leaders)
            statement.shared = statement.national is not None
    return shared


def passage_id(key: str) -> str:
    """A shared passage's id, from its words as compared (content-addressed, like statement IRIs)."""
    return hashlib.sha1(key.encode()).hexdigest()[:12]
