"""Shared national text: passages that recur word for word in other regions' documents.

The annual updates repeat national forewords, standard paragraphs and the national
achievements list. They are found by comparing the documents (no hand-made list): a
passage is shared when the same words, give or take spacing, quote marks and bullet
markers, stand in a document of another region.
"""

from __future__ import annotations

import re
from collections import defaultdict

_QUOTES = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'", "\u00a0": " ", "–": "-", "—": "-"})


def comparison_key(text: str) -> str:
    """The words of a passage as compared across documents."""
    text = text.translate(_QUOTES).replace("**", "")
    return re.sub(r"\s+", " ", text).strip().lower()


def shared_keys(passages_by_region: dict[str, list[str]]) -> set[str]:
    """Comparison keys that occur in the passages of two or more regions."""
    regions_by_key: dict[str, set[str]] = defaultdict(set)
    for region, texts in passages_by_region.items():
        for text in texts:
            regions_by_key[comparison_key(text)].add(region)
    return {key for key, regions in regions_by_key.items() if len(regions) >= 2}
