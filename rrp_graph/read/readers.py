"""Reading plan files of any accepted format into the one text model the parser reads.

The text model is the shape of the bundled plans (data/plans/*.txt): a heading alone on
its line, one line per paragraph, one line per bullet ("• " or "- " first), blank lines
between blocks. Every reader produces it *before* parsing, and the build stores the
result: all provenance offsets refer to that normalised text, never to the PDF, DOCX or
HTML bytes.

    .txt .md     decoded (UTF-8, BOM or not; UTF-16/UTF-32 with a BOM; cp1252 with a warning) and lightly
                 cleaned
    .pdf         pdfplumber, laid out by position (rrp_graph.read.pdflayout)
    .docx        python-docx: heading styles → headings, list paragraphs → bullets
    .html .htm   stdlib html.parser: GOV.UK publication markup, navigation and footer skipped

A document's normalised text is limited to MAX_TEXT_CHARS characters ($RRP_MAX_TEXT_CHARS), its file to
MAX_BYTES ($RRP_MAX_BYTES). Heavy libraries are imported inside the reader that needs them.
"""

from __future__ import annotations

import codecs
import hashlib
import io
import os
import re
import zipfile
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path

from rrp_graph.errors import CorpusError, DocumentError, RrpError
from rrp_graph.read.text import SourceText, clean_characters, render_blocks

MAX_BYTES = int(os.environ.get("RRP_MAX_BYTES", 50 * 1024 * 1024))
# The normalised text of one plan: the sample plans hold 16,000-34,000 characters. A 1,000,000-character
# document still builds in ~3-5 s and under 0.5 GB; beyond, time and memory grow with it (a 20 MB padded
# plan took minutes and gigabytes) and its text literal nears Oxigraph's 16 MiB line limit.
MAX_TEXT_CHARS = int(os.environ.get("RRP_MAX_TEXT_CHARS", 1_000_000))
SUFFIXES = (".txt", ".md", ".pdf", ".docx", ".html", ".htm")
TEXT_SUFFIXES = (".txt", ".md", ".html", ".htm")


def corpus_files(folder: Path) -> list[Path]:
    """The plan files of a corpus folder, in name order; a missing or empty folder is an error."""
    if not folder.is_dir():
        raise CorpusError(f"{folder}: corpus folder not found")
    # Dot files and Word's "~$…" lock files are an editor's, not plans.
    files = sorted(p for p in folder.iterdir() if p.is_file() and p.suffix.lower() in SUFFIXES
                   and not p.name.startswith((".", "~$")))
    if not files:
        raise CorpusError(f"{folder}: no plan files ({', '.join(SUFFIXES)}) in the corpus folder")
    return files
BULLET = "• "
# Longest first: the UTF-32 LE mark begins with the UTF-16 LE one.
_BOMS = ((codecs.BOM_UTF32_LE, "utf-32", "UTF-32"), (codecs.BOM_UTF32_BE, "utf-32", "UTF-32"),
         (codecs.BOM_UTF16_LE, "utf-16", "UTF-16"), (codecs.BOM_UTF16_BE, "utf-16", "UTF-16"))


def _decode_marked(data: bytes, name: str) -> str | None:
    """Text that starts with a UTF-16 or UTF-32 byte order mark, decoded (the mark dropped); else None."""
    for bom, codec, label in _BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(codec)
            except UnicodeDecodeError as exc:
                if codec == "utf-32":  # a UTF-16 LE text whose first character is U+0000: unlikely, but try
                    continue
                raise DocumentError(name, f"not valid {label} text ({exc.reason} at byte {exc.start})") from None
            if "\x00" in text[:4096]:
                raise DocumentError(name, "binary file, not text")
            return text
    return None


def decode(data: bytes, name: str, warnings: list[str]) -> str:
    """UTF-8 (with or without BOM), UTF-16 or UTF-32 with a BOM, else cp1252 with a warning; binary data is
    refused.

    Not latin-1: it decodes every byte, so cp1252's smart quotes would become C1 control characters.
    """
    if (marked := _decode_marked(data, name)) is not None:
        return marked
    if b"\x00" in data[:4096]:
        raise DocumentError(name, "binary file, not text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError as exc:
            raise DocumentError(name, f"not UTF-8 or cp1252 text ({exc.reason} at byte {exc.start})") from None
        warnings.append(f"{name}: not UTF-8; read as Windows-1252 (cp1252) - check its quotes and dashes")
        return text


def _read_text(data: bytes, name: str, warnings: list[str]) -> str:
    text = clean_characters(decode(data, name, warnings))
    if "\f" in text:  # pdftotext output: pages split by form feeds, with the PDF's artefacts in it
        from rrp_graph.read.pdflayout import lines_from_text, text_from_lines

        return text_from_lines(lines_from_text(text))
    return text


def _read_pdf(data: bytes, name: str, warnings: list[str]) -> str:
    if b"%PDF-" not in data[:1024]:  # the header may follow a little junk, as readers allow
        raise DocumentError(name, "not a PDF (no %PDF- header): is it another format renamed .pdf?")
    from rrp_graph.read.pdflayout import read_pdf

    return clean_characters(read_pdf(data, name))


# --- Word ---------------------------------------------------------------------------------------

_WORD_NS = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _docx_paragraph_kind(paragraph) -> str:
    """'heading', 'bullet', 'toc' or 'text', from the paragraph's style and numbering (its text has no marker)."""
    style = (paragraph.style.name if paragraph.style is not None else "") or ""
    lowered = style.lower()
    if lowered.startswith("toc"):
        return "toc"
    if lowered.startswith(("heading", "title", "subtitle")):
        return "heading"
    if "list" in lowered:
        return "bullet"
    properties = paragraph._p.pPr
    if properties is not None and properties.find(f"{_WORD_NS}numPr") is not None:
        return "bullet"
    return "text"


def _docx_text(paragraph) -> str:
    """The paragraph's text with manual line breaks kept as line breaks (python-docx gives them as '\\n')."""
    return clean_characters(paragraph.text).replace("\t", " ")


def _read_docx(data: bytes, name: str, warnings: list[str]) -> str:
    if not data.startswith(b"PK"):
        raise DocumentError(name, "not a Word document (not a zip package): is it another format renamed .docx?")
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise DocumentError(name, f"corrupt Word document ({type(exc).__name__})") from None
    except Exception as exc:  # lxml and zipfile raise many kinds on damaged packages
        raise DocumentError(name, f"corrupt Word document ({type(exc).__name__}: {exc})") from None
    blocks: list[list[str]] = []
    listing = False
    for paragraph in document.paragraphs:
        kind = _docx_paragraph_kind(paragraph)
        text = _docx_text(paragraph)
        if kind == "toc" or not text.strip():
            listing = listing and kind != "toc" and bool(text.strip())
            continue
        if kind == "bullet":
            line = BULLET + " ".join(text.split())
            if listing:
                blocks[-1].append(line)
            else:
                blocks.append([line])
            listing = True
            continue
        listing = False
        if kind == "heading":
            blocks.append([" ".join(text.split())])
        else:
            blocks.append(text.split("\n"))
    return _drop_contents_heading(blocks)


def _drop_contents_heading(blocks: list[list[str]]) -> str:
    """A 'Contents' heading whose entries were skipped would make the parser skip the next real block."""
    kept = [b for b in blocks if not (len(b) == 1 and b[0].strip().lower() in ("contents", "table of contents"))]
    return render_blocks(kept)


# --- HTML ---------------------------------------------------------------------------------------

_SKIP_TAGS = {"head", "title", "nav", "footer", "script", "style", "noscript", "template", "svg", "form", "button",
              "aside"}
# GOV.UK Frontend and publishing components around the publication's own text (the site header goes by its
# class: the publication's own <header> holds its title).
_SKIP_CLASSES = re.compile(
    r"govuk-header|govuk-footer|govuk-breadcrumbs|govuk-skip-link|govuk-phase-banner|cookie-banner|gem-c-contents-list"
    r"|contents-list|gem-c-print-link|back-to-top|gem-c-metadata|gem-c-share-links|gem-c-related-navigation"
    r"|gem-c-feedback|govuk-visually-hidden|dont-print|publication-header__last-changed|app-c-published-dates"
)
_VOID = {"br", "img", "hr", "input", "meta", "link", "wbr", "source", "area", "col", "embed", "param", "track"}
_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
_BLOCKS = {"p", "div", "section", "article", "main", "td", "th", "blockquote", "figcaption", "dd", "dt", "tr", "table",
           "ul", "ol", "body", "caption"}


class _GovukText(HTMLParser):
    """Collects headings, paragraphs and list items of a GOV.UK page, skipping its navigation and chrome."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[list[str]] = []
        self._stack: list[tuple[str, bool]] = []  # (tag, skipped)
        self._skipping = 0
        self._buffer: list[str] = []
        self._kind = "text"
        self._list_depth = 0
        self._open_items = 0  # open <li> elements: a <p> inside one is still the bullet's text
        self._listing = False

    def _flush(self) -> None:
        text = "".join(self._buffer)
        self._buffer = []
        lines = [" ".join(line.split()) for line in text.split("\n")]
        lines = [line for line in lines if line]
        if not lines:
            return
        if self._kind == "bullet":
            line = BULLET + " ".join(lines)
            if self._listing:
                self.blocks[-1].append(line)
            else:
                self.blocks.append([line])
            self._listing = True
            return
        self._listing = False
        self.blocks.append([" ".join(lines)] if self._kind == "heading" else lines)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        skip = (tag in _SKIP_TAGS or _SKIP_CLASSES.search(values.get("class") or "") is not None
                or "hidden" in values or values.get("aria-hidden") == "true"
                or values.get("role") in ("navigation", "banner", "contentinfo", "search"))
        if tag in _VOID:
            if tag == "br" and not self._skipping:
                self._buffer.append("\n")
            return
        self._stack.append((tag, skip))
        if skip:
            self._skipping += 1
            return
        if self._skipping:
            return
        if tag in _HEADINGS:
            self._flush()
            self._kind = "heading"
        elif tag == "li":
            self._flush()
            self._kind = "bullet"
            self._open_items += 1
        elif tag in ("ul", "ol"):
            self._flush()
            self._list_depth += 1
        elif tag in _BLOCKS and not self._open_items:
            self._flush()
            self._kind = "text"

    def handle_endtag(self, tag: str) -> None:
        if tag in _VOID or not any(t == tag for t, _ in self._stack):
            return
        while self._stack:
            open_tag, skipped = self._stack.pop()
            if skipped:
                self._skipping -= 1
            elif not self._skipping:
                self._close(open_tag)
            if open_tag == tag:
                break

    def _close(self, tag: str) -> None:
        if tag == "li":
            self._flush()
            self._open_items = max(0, self._open_items - 1)
            self._kind = "bullet" if self._open_items else "text"
        elif tag in _HEADINGS or (tag in _BLOCKS and not self._open_items):
            self._flush()
            self._kind = "text"
        if tag in ("ul", "ol"):
            self._list_depth = max(0, self._list_depth - 1)
            if self._list_depth == 0:
                self._listing = False

    def handle_data(self, data: str) -> None:
        if not self._skipping:
            self._buffer.append(data.replace("\n", " "))


def _declared_charset(data: bytes) -> bytes | None:
    """The charset an HTML page's <meta> declares, when it is not UTF-8."""
    declared = re.search(rb"<meta[^>]+charset=[\"']?([\w-]+)", data[:2048], re.IGNORECASE)
    if declared and declared.group(1).lower() not in (b"utf-8", b"utf8"):
        return declared.group(1)
    return None


def utf8_copy(data: bytes, suffix: str, name: str) -> bytes | None:
    """A text file (.txt .md .html .htm) that is not UTF-8 (cp1252, UTF-16, UTF-32), decoded and encoded as
    UTF-8, for `ingest` to store instead, so its encoding is guessed (and warned about) once; None when the
    file is already UTF-8, is not a text format, or is an HTML page that declares its own charset."""
    if suffix.lower() not in TEXT_SUFFIXES:
        return None
    if suffix.lower() in (".html", ".htm") and _declared_charset(data) is not None:
        return None
    try:
        data.decode("utf-8")
        return None
    except UnicodeDecodeError:
        pass
    return decode(data, name, []).encode("utf-8")


def _read_html(data: bytes, name: str, warnings: list[str]) -> str:
    declared = re.search(rb"<meta[^>]+charset=[\"']?([\w-]+)", data[:2048], re.IGNORECASE)
    if declared and declared.group(1).lower() not in (b"utf-8", b"utf8"):
        try:
            text = data.decode(declared.group(1).decode("ascii"))
        except (LookupError, UnicodeDecodeError):
            text = decode(data, name, warnings)
    else:
        text = decode(data, name, warnings)
    if not re.search(r"<(html|body|p|h[1-6]|div)\b", text[:100_000], re.IGNORECASE):
        raise DocumentError(name, "not an HTML page (no html, body, p or heading element)")
    parser = _GovukText()
    parser.feed(clean_characters(text))
    parser.close()
    parser._flush()
    return _drop_contents_heading(parser.blocks)


READERS: dict[str, Callable[[bytes, str, list[str]], str]] = {
    ".txt": _read_text,
    ".md": _read_text,
    ".pdf": _read_pdf,
    ".docx": _read_docx,
    ".html": _read_html,
    ".htm": _read_html,
}


def read_document(path: Path, *, max_bytes: int = MAX_BYTES) -> SourceText:
    """Read one plan file of any accepted format into normalised text.

    Raises DocumentError naming the file for anything it cannot use: an unknown extension, a file
    too big, empty or corrupt, a PDF with no text layer.
    """
    path = Path(path)
    name = path.name
    reader = READERS.get(path.suffix.lower())
    if reader is None:
        raise DocumentError(name, f"unsupported file type {path.suffix or '(no extension)'!r}; "
                                  f"accepted: {', '.join(SUFFIXES)}")
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise DocumentError(name, f"file is {size} bytes, over the {max_bytes}-byte limit")
        data = path.read_bytes()
    except OSError as exc:
        raise DocumentError(name, f"cannot read file ({exc.strerror})") from None
    if not data.strip():
        raise DocumentError(name, "file is empty")
    warnings: list[str] = []
    try:
        text = reader(data, name, warnings)
    except RrpError:
        raise
    except RecursionError:
        raise DocumentError(name, "cannot read the file: it nests too deeply") from None
    if not text.strip():
        raise DocumentError(name, "file is empty")
    if len(text) > MAX_TEXT_CHARS:
        raise DocumentError(name, f"its text is {len(text):,} characters, over the {MAX_TEXT_CHARS:,}-character "
                                  f"limit for one plan (a plan runs to tens of thousands; is it one? "
                                  f"$RRP_MAX_TEXT_CHARS raises the limit)")
    return SourceText(name=name, text=text, sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(),
                      warnings=tuple(warnings))
