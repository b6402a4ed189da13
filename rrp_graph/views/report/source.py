"""A document's normalised text as HTML, every statement and name marked where its span says.

Statements (`statement-spans`) and mentions (`mentions`) are character spans into the text the build stored
(text/IDENTIFIER.txt; offsets are Unicode code points, end exclusive). Each becomes one element whose id is
the anchor other pages link to: a statement's id is the last segment of its IRI, a mention's `m-START`. Spans
nest (a mention inside its statement); a span that would cross its parent's end is cut there, so the HTML is
always well formed. Every piece of document text is HTML-escaped: it is data, never markup.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from typing import Any

from rrp_graph.read.text import slugify
from rrp_graph.views.report.data import tail

# Statement kinds (statement-spans' `kind`) and how the page marks them: a CSS class per kind family.
KIND_CLASSES = {
    "Commitment": "commitment", "Objective": "commitment", "Activity": "commitment",
    "Outcome progress": "progress", "Achievement": "progress",
    "Quantified target": "target", "Qualitative target": "target", "Target": "target",
    "Opportunity": "plan", "Priority": "plan",
    "Regional context": "context", "Narrative": "narrative",
    "Partner role": "partner", "Partner listing": "partner",
}


def kind_class(kind: str) -> str:
    return KIND_CLASSES.get(kind, "other")


@dataclass(frozen=True)
class Mark:
    start: int
    end: int
    rank: int  # 0 statement, 1 mention: at the same start, statements open first
    open_tag: str
    close_tag: str = "</span>"


def _attr(value: Any) -> str:
    return html.escape(str(value), quote=True)


def statement_mark(row: dict[str, Any]) -> Mark:
    kind = str(row["kind"])
    shared = row.get("shared") is True
    classes = f"st k-{kind_class(kind)}" + (" shared" if shared else "")
    label = kind + (" · national text" if shared else "")
    return Mark(int(row["start"]), int(row["end"]), 0,
                f'<span class="{classes}" id="{_attr(tail(row["statement"]))}" data-kind="{_attr(kind)}">'
                f'<span class="tag">{html.escape(label)}</span>')


def mention_mark(row: dict[str, Any], used: set[str]) -> Mark:
    anchor = f"m-{int(row['start'])}"
    while anchor in used:
        anchor += "x"
    used.add(anchor)
    return Mark(int(row["start"]), int(row["end"]), 1,
                f'<span class="mention m-{slugify(str(row["type"])) or "entity"}" id="{_attr(anchor)}" '
                f'title="{_attr(row["entity"])} ({_attr(row["type"])})">')


def mention_anchor(row: dict[str, Any]) -> str:
    return f"m-{int(row['start'])}"


def name_mark(mark: dict[str, Any]) -> Mark:
    return Mark(int(mark["start"]), int(mark["end"]), 2,
                f'<span class="mention m-person" id="{_attr(mark["id"])}" title="{_attr(mark["title"])} (person)">')


def marked_text(text: str, statements: list[dict[str, Any]], mentions: list[dict[str, Any]],
                names: list[dict[str, Any]] | None = None) -> str:
    """The text as HTML with every statement, mention and name wrapped in its element (well formed, escaped)."""
    used: set[str] = set()
    marks = [statement_mark(r) for r in statements] + [mention_mark(r, used) for r in mentions]
    marks += [name_mark(n) for n in names or ()]
    marks = [m for m in marks if 0 <= m.start < m.end <= len(text)]
    marks.sort(key=lambda m: (m.start, -m.end, m.rank))
    out: list[str] = []
    stack: list[tuple[int, str]] = []  # (end, close tag) of open elements
    position = 0

    def emit(upto: int) -> None:
        nonlocal position
        if upto > position:
            out.append(html.escape(text[position:upto], quote=False))
            position = upto

    for mark in marks:
        while stack and stack[-1][0] <= mark.start:
            end, close = stack.pop()
            emit(end)
            out.append(close)
        end = min(mark.end, stack[-1][0]) if stack else mark.end
        if end <= mark.start:
            continue
        emit(mark.start)
        out.append(mark.open_tag)
        stack.append((end, mark.close_tag))
    while stack:
        end, close = stack.pop()
        emit(end)
        out.append(close)
    emit(len(text))
    return "".join(out)


__all__ = ["KIND_CLASSES", "kind_class", "marked_text", "mention_anchor"]
