"""The structure of a plan: which passage is a commitment, a progress statement, a target …

The parser reads the normalised text as blocks (runs of non-blank lines) and walks them
with a small state machine driven by the plans' own headings. Where PDF extraction lost
a heading it falls back on the layout the corpus shows:

* bullets after a theme's targets with no "We said we would" heading are commitments;
  the target list ends at two blank lines or a lone artefact line ("Q");
* a theme heading repeated at the top of its second page starts its progress page, so
  unlabelled bullets under it are progress;
* a bullet that starts in lower case after one that started a sentence and did not end
  it is the same bullet broken over a page, and is joined to it.

Every passage keeps the exact character span it came from.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from rrp_graph.extract import people as people_mod
from rrp_graph.extract.people import PersonMention

_BULLET = re.compile(r"^[ \t\u00a0]*(?:[-•\u2022\uf0b7*–▪●]|\(cid:\d+\))[ \t\u00a0]+")
_ARTEFACT = re.compile(r"^\s*(?:[A-Za-z]|\d{1,3}|HM Prison &\s*Probation Service)\s*$")
_FOOTNOTE = re.compile(r"^\s*(?:[¹²³⁴⁵⁶⁷⁸⁹⁰]+|\d{1,2} \*\*)")

THEME_HEADINGS = {
    "training": re.compile(r"^training, skills and work( progress)?$"),
    "drugs": re.compile(r"^drugs and alcohol addiction( progress)?$"),
    "family": re.compile(r"^family, accommodation and readjustment to society( progress)?$"),
    "court": re.compile(r"^(delivering the order of the court|public security through engagement and compliance)$"),
}

# heading → (mode, clears the theme?)
SECTION_HEADINGS: list[tuple[re.Pattern[str], str, bool]] = [
    (re.compile(r"^foreword$"), "narrative", True),
    (re.compile(r"^delivering hmpps and moj priorities$"), "narrative", True),
    (re.compile(r"^(regional )?targets$"), "target", False),
    (re.compile(r"^we said we would$"), "commitment", False),
    (re.compile(r"^what we have done so far\b.*$"), "progress", False),
    (re.compile(r"^priorities for the next year$"), "priority", True),
    (re.compile(r"^opportunities for the next year$"), "opportunity", True),
    (re.compile(r"^regional context$"), "context", False),
    (re.compile(r"^important partners in this work$"), "partner-role", False),
    (re.compile(r"^three-year objectives$"), "objective", False),
    (re.compile(r"^three-year activities$"), "activity", False),
    (re.compile(r"^achievements$"), "achievement", True),
    (re.compile(r"^about the .{3,40} region$"), "context", True),
    (re.compile(r"^our partners$"), "partner-listing", True),
    (re.compile(r"^measuring progress and impact$"), "narrative", True),
    (re.compile(r"^glossary$"), "glossary", True),
    (re.compile(r"^(vision|principles|values)$"), "narrative", True),
]


# The section of commitments the PDF lost their "We said we would" heading for (South West, North East).
MISSING_COMMITMENTS_HEADING = "We said we would (no heading in the document)"
# One-word infographic labels ("Purpose", "Openness") are not statements.
_LABEL = re.compile(r"^[A-Z][a-z]+$")


@dataclass(frozen=True)
class Passage:
    """One statement of a plan, with the exact span of its text."""

    kind: str  # a key of model.STATEMENT_CLASSES, before target parsing ("target" for any target bullet)
    theme: str | None  # a key of model.THEMES
    section: str  # the heading it sits under (and sub-heading, if any)
    start: int
    end: int
    bullet: bool
    order: int
    theme_heading: str = ""  # the theme as the document's heading words it ("Public security through …")


@dataclass(frozen=True)
class GlossaryEntry:
    term: str
    definition: str
    start: int  # span of the whole entry
    end: int


@dataclass
class ParsedDocument:
    passages: list[Passage] = field(default_factory=list)
    glossary: list[GlossaryEntry] = field(default_factory=list)
    people: list[PersonMention] = field(default_factory=list)


@dataclass
class _Line:
    start: int
    end: int
    text: str


def _blocks(text: str) -> list[tuple[int, list[_Line]]]:
    """Runs of non-blank lines, each with the number of blank lines before it."""
    blocks: list[tuple[int, list[_Line]]] = []
    current: list[_Line] = []
    gap = 0
    position = 0
    for raw in text.split("\n"):
        line = _Line(position, position + len(raw), raw)
        position += len(raw) + 1
        if raw.strip():
            current.append(line)
            continue
        if current:
            blocks.append((gap, current))
            current, gap = [], 0
        gap += 1
    if current:
        blocks.append((gap, current))
    return blocks


def heading_key(line: str) -> str:
    """A heading as compared: lower case, single spaces, no trailing colon, plain dashes."""
    line = line.replace("\u2013", "-").replace("\u2014", "-").replace("**", "")
    return re.sub(r"\s+", " ", line).strip().rstrip(":").strip().lower()


def _known_heading(key: str) -> bool:
    return bool(key) and (any(p.match(key) for p in THEME_HEADINGS.values())
                          or any(p.match(key) for p, _, _ in SECTION_HEADINGS))


def _block_key(text: str, lines: list[_Line]) -> str:
    """The heading key of a block that can be a heading: one line, or a known heading wrapped over two."""
    if len(lines) == 1:
        return heading_key(lines[0].text)
    if len(lines) == 2 and not _BULLET.match(lines[0].text) and len(text[lines[0].start:lines[1].end]) <= 90:
        key = heading_key(f"{lines[0].text} {lines[1].text}")
        if key in ("contents", "foreword") or _known_heading(key):
            return key
    return ""


def _items(lines: list[_Line]) -> list[tuple[bool, int, int]]:
    """Split a block into (is_bullet, start, end) items; continuation lines join their item."""
    items: list[list] = []
    for index, line in enumerate(lines):
        marker = _BULLET.match(line.text)
        lost_marker = index == 0 and line.text[:1] in " \t\u00a0"
        if marker or lost_marker:
            content = marker.end() if marker else len(line.text) - len(line.text.lstrip())
            items.append([True, line.start + content, line.end])
        elif items:
            items[-1][2] = line.end
        else:
            items.append([False, line.start + len(line.text) - len(line.text.lstrip()), line.end])
    return [(bullet, start, end) for bullet, start, end in items]


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in " \t\u00a0\n":
        start += 1
    while end > start and text[end - 1] in " \t\u00a0\n":
        end -= 1
    return start, end


def _is_subheading(lines: list[_Line], following: list[_Line] | None) -> bool:
    """A short title-like line directly above a bullet list ("Accommodation", "Employment")."""
    if len(lines) != 1 or following is None or not _BULLET.match(following[0].text):
        return False
    words = lines[0].text.split()
    return 0 < len(words) <= 8 and not lines[0].text.rstrip().endswith((".", ":", ";")) and words[0][:1].isupper()


def parse(text: str) -> ParsedDocument:
    """Split a normalised plan text into typed passages, glossary entries and people."""
    doc = ParsedDocument()
    blocks = _blocks(text)
    started = False
    skip_next = False
    mode, theme, section, subheading = "narrative", None, "", ""
    theme_heading = ""  # the theme's heading as the document words it
    bullets_kind: str | None = None  # overrides the mode for bullets after "achievements include:"
    after_targets_gap = False
    last_bullet: list | None = None  # [kind, theme, section, start, end, order, starts_upper, bullet]
    pending: list[list] = []

    for index, (gap, lines) in enumerate(blocks):
        first = lines[0].text
        key = _block_key(text, lines)
        if len(lines) == 2 and key:
            first = " ".join(line.text.strip() for line in lines)
        if not started:
            # Before the contents page or the first heading the parser knows sits a title page.
            if key in ("contents", "foreword") or _known_heading(key):
                started = True
            else:
                continue
        if skip_next:
            skip_next = False
            continue
        if key == "contents":
            skip_next = True
            continue
        # Headings.
        theme_hit = next((name for name, pattern in THEME_HEADINGS.items() if key and pattern.match(key)), None)
        if theme_hit:
            if theme_hit == theme and mode != "narrative":
                mode = "progress"  # the theme's second page: what follows reports progress
            else:
                theme, mode = theme_hit, "narrative"
                theme_heading = re.sub(r"\s+", " ", text[lines[0].start:lines[-1].end].replace("**", "")).strip()
            section, subheading, bullets_kind, after_targets_gap = first.strip(), "", None, False
            continue
        section_hit = next(((m, clears) for pattern, m, clears in SECTION_HEADINGS if key and pattern.match(key)), None)
        if section_hit:
            mode, clears = section_hit
            if clears:
                theme = None
            section, subheading, bullets_kind, after_targets_gap = first.strip().rstrip(":"), "", None, False
            continue
        # Artefacts and footnotes.
        block_text = text[lines[0].start:lines[-1].end]
        if _ARTEFACT.match(block_text) or _FOOTNOTE.match(first):
            if mode == "target":
                after_targets_gap = True
            continue
        following = blocks[index + 1][1] if index + 1 < len(blocks) else None
        if _is_subheading(lines, following) and mode not in ("glossary",):
            subheading = first.strip()
            continue
        # People: signatures, names over role lines, role lines.
        if people_mod.NAME_ONLY.match(block_text):
            if following is not None:
                role_text = text[following[0].start:following[-1].end]
                person = people_mod.name_then_role(block_text, lines[0].start, role_text)
                if person:
                    doc.people.append(person)
            continue
        if len(lines) <= 3 and not _BULLET.match(first) and people_mod.ROLE_LINE.match(block_text):
            doc.people.extend(people_mod.bracketed_roles(block_text, lines[0].start))
            continue
        if mode == "target" and (gap >= 2 or after_targets_gap) and pending_is_target(pending):
            mode = "commitment"  # the targets ended; unlabelled bullets that follow are commitments
            section, subheading = MISSING_COMMITMENTS_HEADING, ""
        if mode == "glossary":
            for _bullet, start, end in _items(lines):
                start, end = _trim(text, start, end)
                entry = re.match(r"^(.+?)\s+[–-]\s+(.+)$", text[start:end], re.DOTALL)
                if entry:
                    doc.glossary.append(GlossaryEntry(entry.group(1).strip(), re.sub(r"\s+", " ", entry.group(2)),
                                                      start, end))
            continue
        for bullet, start, end in _items(lines):
            start, end = _trim(text, start, end)
            if start >= end:
                continue
            if not bullet:
                signed, rest = people_mod.signature(text[start:end], start)
                if signed:
                    doc.people.extend(signed)
                    if rest >= end - start:
                        continue
                    start = start + rest
                doc.people.extend(people_mod.bracketed_roles(text[start:end], start))
            kind = _kind(mode, bullet, bullets_kind)
            body = text[start:end]
            if kind == "narrative" and _LABEL.match(body):
                continue
            if (bullet and last_bullet is not None and body[:1].islower() and last_bullet[6]
                    and not re.search(r"[.!?:;¹²³⁴⁵⁶⁷⁸⁹]$", text[last_bullet[3]:last_bullet[4]])):
                last_bullet[4] = end  # a bullet broken over a page: join it to its first half
                continue
            item = [kind, theme, _section(section, subheading), start, end, len(pending), body[:1].isupper(), bullet,
                    theme_heading if theme else ""]
            pending.append(item)
            last_bullet = item if bullet else None
            if not bullet and re.search(r"achievements include:\s*$", body):
                bullets_kind = "achievement"
            elif not bullet:
                bullets_kind = None
        if mode == "target":
            after_targets_gap = False

    doc.passages = [
        Passage(kind=kind, theme=theme_key, section=sec, start=start, end=end, bullet=bullet, order=order,
                theme_heading=heading)
        for kind, theme_key, sec, start, end, order, _upper, bullet, heading in pending
    ]
    return doc


def pending_is_target(pending: list[list]) -> bool:
    return bool(pending) and pending[-1][0] == "target"


def _section(section: str, subheading: str) -> str:
    return f"{section} / {subheading}" if subheading else section


def _kind(mode: str, bullet: bool, bullets_kind: str | None) -> str:
    if bullet and bullets_kind:
        return bullets_kind
    if mode == "opportunity" and not bullet:
        return "priority"
    return mode
