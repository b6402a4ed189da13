"""The text model every reader produces and every later stage reads.

A document's normalised text (`SourceText.text`) is what all character offsets in the graph refer to:
one heading per line, one line per paragraph, one line per bullet, blank lines between blocks.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass


@dataclass(frozen=True)
class SourceText:
    """A document's normalised text and where it came from."""

    name: str  # file name, for messages and dcterms:source
    text: str
    sha256: str
    warnings: tuple[str, ...] = ()  # what reading it had to guess (an encoding, say)


# Characters that change nothing a reader sees but break matching: folded, one for one where possible.
_INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u200b\u200c\u200d\u2060\ufeff"), None)
_SPACES = {ord(c): " " for c in "\u00a0\u2007\u202f\u2009\u200a\u2002\u2003"}
_LIGATURES = {0xFB00: "ff", 0xFB01: "fi", 0xFB02: "fl", 0xFB03: "ffi", 0xFB04: "ffl", 0xFB05: "st", 0xFB06: "st"}
_FOLD = {**_INVISIBLE, **_SPACES, **_LIGATURES}


def clean_characters(text: str) -> str:
    """Line endings to LF, U+2028/U+2029 to line breaks, odd spaces to spaces, ligatures to letters.

    Words, quotes and dashes stay the document's own: they are what quotes in the graph show.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n").replace("\u2029", "\n\n")
    return text.translate(_FOLD)


def render_blocks(blocks: list[list[str]]) -> str:
    """Blocks of lines as the text model: lines of a block on consecutive lines, one blank line between blocks."""
    kept = [[re.sub(r"[ \t]+", " ", line).strip() for line in block] for block in blocks]
    kept = [[line for line in block if line] for block in kept]
    return "\n\n".join("\n".join(block) for block in kept if block) + "\n"


def slugify(text: str) -> str:
    """An IRI-safe slug: ASCII lowercase words joined by hyphens."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-") or "x"
