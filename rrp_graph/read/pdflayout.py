"""From a PDF's positioned text lines to the text model (see rrp_graph.read.readers).

What PDF extraction really produces, and what is done about each here:

* bullets as "•", U+F0B7 (Word's Symbol font) or "(cid:n)" (a font with no Unicode map): all become "• ";
* a marker apart from its text (a bullet glyph on its own baseline; pdftotext printing every
  marker of a list before the texts): queued and given to the lines that follow;
* words hyphenated across lines: joined; the hyphen is kept when the document spells the word
  with one elsewhere, or, failing that, when the second half starts with a capital ("Co-Financing");
* ligatures (U+FB01 …): letters again (text.clean_characters);
* headings wrapped over two lines: one line (same larger or bold type, no gap between);
* page headers, footers and page numbers: dropped when they sit in a page's top or bottom band
  and are a page number or recur on another page;
* two-column pages: split at a gutter no word crosses, left column read first.

Plain text with form feeds (pdftotext output) goes through the same assembly, with line
positions made up from the text: a blank line is a paragraph gap, a form feed a new page.
"""

from __future__ import annotations

import io
import re
from collections import Counter
from dataclasses import dataclass, field

from rrp_graph.errors import DocumentError
from rrp_graph.read.text import clean_characters, render_blocks

BAND = 0.07  # share of the page height at top and bottom where running headers and footers sit
_GLYPHS = "•\uf0b7\u25aa\u25cf\u25e6\u2023\u2043\u25a0\u25a1\u2219\uf0a7\uf076\uf0d8"
_MARKER = re.compile(rf"^(?:[{_GLYPHS}]|\(cid:\d+\))\s*")
_DASH_MARKER = re.compile(r"^[-–*]\s+")
_MARKER_ONLY = re.compile(rf"^(?:[{_GLYPHS}o]|\(cid:\d+\)|[-–*])$")
_PAGE_NUMBER = re.compile(r"^(?:page\s+)?[-–]?\s*\d{1,3}\s*[-–]?(?:\s*(?:of|/)\s*\d{1,3})?$", re.IGNORECASE)
_ENDS_SENTENCE = re.compile(r"[.!?:;]['’\"”)]?$")
_CONTENTS = ("contents", "table of contents")


@dataclass
class Line:
    """One line of text where the page shows it (points from the page's top left)."""

    text: str
    page: int
    x0: float
    top: float
    bottom: float
    size: float = 10.0
    bold: bool = False
    band: bool = False  # in the page's header or footer band
    positional: bool = True  # False when positions were made up from plain text


@dataclass
class _Item:
    kind: str  # "heading" | "text" | "bullet" | "contents"
    parts: list[str]
    last: Line
    indent: float  # where a continuation line of this item starts
    size: float = 10.0
    bold: bool = False
    lines: list[str] = field(default_factory=list)  # contents entries, kept one per line


# --- reading the PDF ------------------------------------------------------------------------------


def read_pdf(data: bytes, name: str) -> str:
    """The text model of a PDF; DocumentError when it is corrupt, encrypted or has no text layer."""
    import pdfplumber

    lines: list[Line] = []
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            for number, page in enumerate(pdf.pages):
                lines.extend(_page_lines(page, number))
    except Exception as exc:  # pdfminer raises dozens of kinds (PSEOF, PDFSyntaxError, KeyError …) on bad files
        kind = type(exc).__name__
        if "Password" in kind or "Encrypt" in kind:
            raise DocumentError(name, "the PDF is encrypted: save an unprotected copy first") from None
        raise DocumentError(name, f"corrupt or unreadable PDF ({kind})") from None
    if not any(re.search(r"\w", line.text) for line in lines):
        raise DocumentError(name, "the PDF has no text layer (a scan or images only?): run OCR on it first")
    return text_from_lines(lines)


def _centre_y(obj: dict) -> float:
    return (obj["top"] + obj["bottom"]) / 2


def _page_lines(page, number: int) -> list[Line]:

    height = page.height
    top_band, bottom_band = height * BAND, height * (1 - BAND)
    body = page.filter(lambda o: "top" not in o or top_band <= _centre_y(o) <= bottom_band)
    parts = [page.filter(lambda o: "top" not in o or _centre_y(o) < top_band)]
    columns = _columns(body.extract_words(), page.width)
    if columns is None:
        parts.append(body)
    else:
        gutter, cut = columns
        parts.append(body.filter(lambda o: "top" not in o or _centre_y(o) < cut))  # a title across both columns
        below = body.filter(lambda o: "top" not in o or _centre_y(o) >= cut)
        parts.append(below.filter(lambda o: "x0" not in o or (o["x0"] + o["x1"]) / 2 < gutter))
        parts.append(below.filter(lambda o: "x0" not in o or (o["x0"] + o["x1"]) / 2 >= gutter))
    parts.append(page.filter(lambda o: "top" not in o or _centre_y(o) > bottom_band))
    lines: list[Line] = []
    for index, part in enumerate(parts):
        band = index in (0, len(parts) - 1)
        for raw in part.extract_text_lines(return_chars=True, strip=True):
            chars = [c for c in raw["chars"] if c["text"].strip()]
            if not chars:
                continue
            size = Counter(round(c["size"], 1) for c in chars).most_common(1)[0][0]
            bold = sum(_is_bold(c.get("fontname", "")) for c in chars) * 2 > len(chars)
            lines.append(Line(clean_characters(raw["text"]), number, raw["x0"], raw["top"], raw["bottom"], size,
                              bold, band))
    return lines


def _is_bold(fontname: str) -> bool:
    return re.search(r"bold|black|heavy|semibold|demi", fontname, re.IGNORECASE) is not None


def _columns(words: list[dict], width: float) -> tuple[float, float] | None:
    """(gutter x, top of the columns) of a two-column page, or None.

    The first few rows may run across both columns (a section title): they are tried as a
    full-width head before giving up.
    """
    rows = sorted({round(w["top"]) for w in words})
    for skip in range(min(4, len(rows))):
        cut = rows[skip] - 0.5 if skip else float("-inf")
        gutter = _gutter([w for w in words if w["top"] >= cut], width)
        if gutter is not None:
            return gutter, cut
    return None


def _gutter(words: list[dict], width: float) -> float | None:
    """The x of a vertical gap in the middle of the page that no word crosses and both sides fill."""
    if len(words) < 20:
        return None
    low, high = int(width * 0.3), int(width * 0.7)
    covered = [False] * (high - low)
    for word in words:
        for x in range(max(low, int(word["x0"])), min(high, int(word["x1"]) + 1)):
            covered[x - low] = True
    best_start, best_width, start = 0, 0, None
    for index, taken in enumerate([*covered, True]):
        if not taken and start is None:
            start = index
        elif taken and start is not None:
            if index - start > best_width:
                best_start, best_width = start, index - start
            start = None
    if best_width < 8:
        return None
    gutter = low + best_start + best_width / 2
    left = sum(1 for w in words if w["x1"] <= gutter)
    right = sum(1 for w in words if w["x0"] >= gutter)
    if min(left, right) < len(words) * 0.2:
        return None
    return gutter


# --- plain text with form feeds -------------------------------------------------------------------


def lines_from_text(text: str) -> list[Line]:
    """Lines of extracted plain text with made-up positions: blank lines are gaps, form feeds new pages."""
    lines: list[Line] = []
    pages = text.split("\f")
    for number, page in enumerate(pages):
        y = 0.0
        page_lines: list[Line] = []
        for raw in page.split("\n"):
            if not raw.strip():
                y += 12
                continue
            indent = len(raw) - len(raw.lstrip(" "))
            page_lines.append(Line(raw.strip(), number, indent * 5.0, y, y + 10, positional=False))
            y += 12
        if len(pages) > 1 and page_lines:
            page_lines[0].band = True
            page_lines[-1].band = True
        lines.extend(page_lines)
    return lines


# --- assembly --------------------------------------------------------------------------------------


def _furniture_key(text: str) -> str:
    return re.sub(r"\d+", "#", re.sub(r"\s+", " ", text.lower())).strip()


def drop_page_furniture(lines: list[Line]) -> list[Line]:
    """Lines without the running headers, footers and page numbers in the pages' bands.

    A band line must recur on three pages, and on half of them, to go: a theme heading repeated at the
    top of its second page is the plan's structure, not furniture.
    """
    pages = len({line.page for line in lines})
    pages_by_key: dict[str, set[int]] = {}
    for line in lines:
        if line.band:
            pages_by_key.setdefault(_furniture_key(line.text), set()).add(line.page)
    kept = []
    for line in lines:
        if line.band and (_PAGE_NUMBER.match(line.text.strip())
                          or len(pages_by_key[_furniture_key(line.text)]) >= max(3, pages // 2)):
            continue
        kept.append(line)
    return kept


def _vocabulary(lines: list[Line]) -> Counter[str]:
    return Counter(word.lower() for line in lines for word in re.findall(r"\w+(?:-\w+)*", line.text))


def join_lines(first: str, second: str, vocabulary: Counter[str]) -> str:
    """Two lines of one paragraph as one: a word broken at the line end is mended."""
    if first.endswith("\u00ad"):
        return first[:-1] + second
    broken = re.search(r"(\w+)[-\u2010]$", first)
    following = re.match(r"\w+", second)
    if broken is None or following is None or not broken.group(1)[-1:].isalpha():
        return f"{first} {second}"
    head, tail = broken.group(1), following.group(0)
    whole, hyphened = vocabulary[(head + tail).lower()], vocabulary[f"{head}-{tail}".lower()]
    keep = hyphened > whole or (hyphened == whole and tail[:1].isupper())
    return first[:-1] + ("-" if keep else "") + second


def _body_size(lines: list[Line]) -> float:
    sizes: Counter[float] = Counter()
    for line in lines:
        sizes[line.size] += len(line.text)
    return sizes.most_common(1)[0][0] if sizes else 10.0


def _is_heading(line: Line, body_size: float) -> bool:
    if not line.positional or _MARKER.match(line.text):
        return False
    if line.size >= body_size * 1.15:
        return True
    return line.bold and len(line.text) <= 120 and not line.text.rstrip().endswith(".")


def attach_markers(lines: list[Line]) -> list[Line]:
    """A bullet glyph set on its own baseline becomes its own line in extraction: put it back before its text."""
    out: list[Line] = []
    index = 0
    while index < len(lines):
        line = lines[index]
        index += 1
        if not (line.positional and _MARKER_ONLY.match(line.text.strip())):
            out.append(line)
            continue
        following = lines[index] if index < len(lines) else None
        before = out[-1] if out else None
        if following is not None and _beside(line, following):
            out.append(_with_marker(line, following))
            index += 1
        elif before is not None and _beside(line, before):
            out[-1] = _with_marker(line, before)
        else:
            out.append(line)
    return out


def _beside(marker: Line, other: Line) -> bool:
    return (other.page == marker.page and abs(other.top - marker.top) <= other.size and other.x0 > marker.x0
            and not _MARKER.match(other.text) and not _MARKER_ONLY.match(other.text.strip()))


def _with_marker(marker: Line, line: Line) -> Line:
    return Line(f"{marker.text.strip()} {line.text}", line.page, marker.x0, line.top, line.bottom, line.size,
                line.bold, line.band)


def text_from_lines(lines: list[Line]) -> str:
    """The text model of positioned lines: headings, paragraphs and bullets, one line each."""

    lines = attach_markers(drop_page_furniture(lines))
    vocabulary = _vocabulary(lines)
    body_size = _body_size(lines)
    items: list[_Item] = []
    markers: list[Line] = []  # bullet markers printed apart from their texts, waiting for them
    previous: Line | None = None
    for line in lines:
        text = line.text.strip()
        if _MARKER_ONLY.match(text):
            markers.append(line)
            previous = line
            continue
        current = items[-1] if items else None
        heading = _is_heading(line, body_size)
        marker = _MARKER.match(text)
        if marker is None and _DASH_MARKER.match(text) and _starts_item(current, previous, line):
            marker = _DASH_MARKER.match(text)
        if marker is None and markers and _takes_marker(line, current, previous):
            markers.pop(0)
            marker = re.match("", text)
        if marker is not None:
            items.append(_Item("bullet", [text[marker.end():]], line, line.x0 + 2, line.size, line.bold))
        elif current is not None and _is_contents(current):
            items.append(_Item("contents", [], line, line.x0, line.size, line.bold, lines=[text]))
        elif current is not None and _continues(current, previous, line, heading):
            if current.kind == "contents":
                current.lines.append(text)
            else:
                current.parts.append(text)
            current.last = line
        else:
            items.append(_Item("heading" if heading else "text", [text], line, line.x0, line.size, line.bold))
        previous = line
    blocks: list[list[str]] = []
    for index, item in enumerate(items):
        if item.kind == "contents":
            blocks.append(item.lines)
            continue
        merged = item.parts[0]
        for part in item.parts[1:]:
            merged = join_lines(merged, part, vocabulary)
        if item.kind == "bullet":
            if index and items[index - 1].kind == "bullet":
                blocks[-1].append("• " + merged)
            else:
                blocks.append(["• " + merged])
        else:
            blocks.append([merged])
    return render_blocks(blocks)


def _is_contents(item: _Item) -> bool:
    """A 'Contents' heading: its entries stay one per line, in one block the parser passes over."""
    return item.kind in ("heading", "text") and len(item.parts) == 1 and item.parts[0].strip().lower() in _CONTENTS


def _gap(previous: Line, line: Line) -> float:
    return line.top - previous.bottom


def _starts_item(current: _Item | None, previous: Line | None, line: Line) -> bool:
    """A dash at a line start is a bullet only where an item could start, not inside a sentence."""
    if current is None or previous is None:
        return True
    if line.page != previous.page or _gap(previous, line) > 0.5 * previous.size:
        return True
    return current.kind in ("bullet", "heading") or _ENDS_SENTENCE.search(current.parts[-1]) is not None


def _takes_marker(line: Line, current: _Item | None, previous: Line | None) -> bool:
    """Whether a line of plain text starts the item of a marker printed before it (pdftotext prints all
    the markers of a list, then the texts): the first text does, then each line that starts a sentence."""
    if line.positional:
        return False
    if current is None or current.kind != "bullet" or previous is None or _MARKER_ONLY.match(previous.text.strip()):
        return True
    return _ENDS_SENTENCE.search(current.parts[-1]) is not None or line.text[:1].isupper()


def _continues(current: _Item, previous: Line | None, line: Line, heading: bool) -> bool:
    """Whether a line carries on the item before it (a wrapped line) rather than starting a block."""
    if previous is None:
        return False
    if line.page != previous.page:
        # A paragraph running over a page break: the sentence is unfinished and goes on in lower case.
        return (current.kind in ("text", "bullet") and not heading and line.text[:1].islower()
                and _ENDS_SENTENCE.search(current.parts[-1]) is None)
    gap = _gap(previous, line)
    if current.kind == "contents":  # entries are often spaced apart; they run until the next heading
        return not heading and -previous.size <= gap < 2 * previous.size
    if gap > 0.5 * previous.size or gap < -previous.size:  # a paragraph gap, or back up to a new column
        return False
    if (current.kind == "heading") != heading:
        return False
    if heading:
        return abs(line.size - current.size) < 0.5 and line.bold == current.bold
    if current.kind == "bullet" and line.positional:
        return line.x0 >= current.indent
    return True
