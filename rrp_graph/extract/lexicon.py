"""Which pathways and cohorts a passage speaks to, judged on its own words (data/lexicon/).

    pathways.csv   the cue words of each concept (regular expressions)
    senses.csv     contexts in which a cue means something else ("benefit from", "staff training",
                   "home visit", "COVID-19 recovery", "men and women"), so it does not count
    themes.csv     the plan themes that stand for a single pathway (the weaker theme-section rule)

Rules, each recorded on the evidence it makes:

    cue            a cue word outside any entity name, not in another sense, not in a negated clause
    programme      a mention of a programme the gazetteer files under a pathway (CAS3, RECONNECT, DRRs)
    partner-kind   a mention of a class of partner defined by its pathway (housing providers, employers)
    sub-heading    a cue in the sub-heading a bullet sits under ("Opportunities … / Accommodation")
    theme-section  none of the above named a pathway, and the passage's theme maps to one pathway

Names never count: every gazetteer match is masked before cues are looked for, so "Soldiers', Sailors',
and Airmen's Families Association" says nothing about families.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from rrp_graph.errors import CorpusError
from rrp_graph.extract import sentences
from rrp_graph.files import read_csv
from rrp_graph.resources import lexicon_dir


@dataclass(frozen=True)
class Cue:
    """One piece of evidence that a passage speaks to a pathway or cohort."""

    concept: str  # pathway-… / cohort-… local name
    rule: str
    start: int | None  # span of the words in the document text (None for theme-section)
    end: int | None
    words: str  # the words as written, or the theme for theme-section


@dataclass(frozen=True)
class Sense:
    concept: str
    cue: re.Pattern[str]
    before: re.Pattern[str] | None
    after: re.Pattern[str] | None
    require: re.Pattern[str] | None
    note: str

    def excludes(self, text: str, start: int, end: int, sentence: tuple[int, int]) -> bool:
        if not self.cue.fullmatch(text, start, end):
            return False
        lo, hi = sentence
        if self.before is not None and self.before.search(text[lo:start]):
            return True
        if self.after is not None and self.after.match(text[end:hi]):
            return True
        return self.require is not None and not self.require.search(text, lo, hi)


def _compile(pattern: str, path: Path, line: int) -> re.Pattern[str] | None:
    if not pattern:
        return None
    try:
        return re.compile(pattern, re.IGNORECASE)
    except re.error as exc:
        raise CorpusError(f"{path}:{line}: bad pattern {pattern!r} ({exc})") from None


class Lexicon:
    """Cue patterns per concept, their sense rules and the single-pathway themes."""

    def __init__(self, patterns: dict[str, re.Pattern[str]], senses: list[Sense] | None = None,
                 themes: dict[str, str] | None = None) -> None:
        self.patterns = patterns
        self.senses = senses or []
        self.themes = themes or {}

    @classmethod
    def load(cls, folder: Path | None = None) -> Lexicon:
        """The curated lexicon (data/lexicon/), or the one in `folder` (senses.csv and themes.csv optional)."""
        folder = folder or lexicon_dir()
        path = folder / "pathways.csv"
        grouped: dict[str, list[str]] = {}
        for row in read_csv(path, "pathway lexicon"):
            if not row.get("concept") or not row.get("pattern"):
                raise CorpusError(f"{path}: every row needs a concept and a pattern")
            grouped.setdefault(row["concept"], []).append(row["pattern"])
        try:
            patterns = {concept: re.compile(r"(?<!\w)(?:" + "|".join(parts) + r")(?!\w)", re.IGNORECASE)
                        for concept, parts in grouped.items()}
        except re.error as exc:
            raise CorpusError(f"{path}: bad pattern ({exc})") from None
        senses = []
        if (sense_path := folder / "senses.csv").is_file():
            for line, row in enumerate(read_csv(sense_path, "sense rules"), start=2):
                if row.get("concept") not in patterns or not row.get("cue"):
                    raise CorpusError(f"{sense_path}:{line}: a sense rule needs a known concept and a cue")
                senses.append(Sense(row["concept"], _compile(row["cue"], sense_path, line),
                                    _compile(row.get("exclude_before", ""), sense_path, line),
                                    _compile(row.get("exclude_after", ""), sense_path, line),
                                    _compile(row.get("require_in_sentence", ""), sense_path, line),
                                    row.get("note", "")))
        themes = {}
        if (theme_path := folder / "themes.csv").is_file():
            themes = {row["theme"]: row["pathway"] for row in read_csv(theme_path, "theme map")
                      if row.get("theme") and row.get("pathway")}
        return cls(patterns, senses, themes)

    def cues(self, text: str, start: int, end: int, names: list[tuple[int, int]]) -> list[Cue]:
        """Cue-word evidence in `text[start:end]`, outside the `names` spans, in its own sense, not negated."""
        masked = list(text[start:end])
        for a, b in names:
            a, b = max(a, start), min(b, end)
            if a < b:
                masked[a - start:b - start] = [" "] * (b - a)
        masked_text = "".join(masked)
        # Offsets of the masked copy equal the document's, shifted by `start`; senses read the real text.
        spans = sentences.sentences(text, start, end)
        negated = sentences.negated_spans(text, start, end)
        found: list[Cue] = []
        for concept, pattern in self.patterns.items():
            for match in pattern.finditer(masked_text):
                a, b = start + match.start(), start + match.end()
                if any(lo <= a < hi for lo, hi in negated):
                    continue
                index = sentences.index_of(a, spans)
                sentence = spans[index] if index is not None else (start, end)
                if any(s.concept == concept and s.excludes(text, a, b, sentence) for s in self.senses):
                    continue
                found.append(Cue(concept, "cue", a, b, text[a:b]))
        return sorted(found, key=lambda cue: (cue.start, cue.concept))
