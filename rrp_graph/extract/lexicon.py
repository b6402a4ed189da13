"""Pathways and cohorts a passage's wording speaks to (data/lexicon/pathways.csv)."""

from __future__ import annotations

import csv
import re
from pathlib import Path

from rrp_graph.errors import CorpusError
from rrp_graph.resources import lexicon_dir


class Lexicon:
    """One compiled pattern per pathway or cohort concept (local names such as 'pathway-health')."""

    def __init__(self, patterns: dict[str, re.Pattern[str]]) -> None:
        self.patterns = patterns

    @classmethod
    def load(cls, path: Path | None = None) -> Lexicon:
        if path is None:
            path = lexicon_dir() / "pathways.csv"
        grouped: dict[str, list[str]] = {}
        try:
            with path.open(encoding="utf-8", newline="") as handle:
                for row in csv.DictReader(handle):
                    grouped.setdefault(row["concept"].strip(), []).append(row["pattern"].strip())
        except (OSError, KeyError) as exc:
            raise CorpusError(f"{path}: cannot read the pathway lexicon ({exc})") from None
        try:
            return cls({concept: re.compile(r"(?<!\w)(?:" + "|".join(parts) + ")", re.IGNORECASE)
                        for concept, parts in grouped.items()})
        except re.error as exc:
            raise CorpusError(f"{path}: bad pattern ({exc})") from None

    def concepts(self, text: str) -> list[str]:
        """Concept local names whose wording occurs in `text`, in lexicon order."""
        return [concept for concept, pattern in self.patterns.items() if pattern.search(text)]
