"""Writing query results: a table for the terminal, CSV/TSV/JSON for machines, Markdown for reports.

CSV, TSV and JSON are exact (full text, numbers as numbers); the table fits a terminal of `width`
columns by truncating long cells, and says so under the table.
"""

from __future__ import annotations

import csv
import io
import json
import textwrap
from decimal import Decimal
from typing import Any

from rrp_graph.errors import QueryError, shown
from rrp_graph.query.engine import Result

FORMATS = ("table", "csv", "tsv", "json", "markdown")
ELLIPSIS = "…"


def cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        return format(value, "f")
    return str(value)


def json_value(value: Any) -> Any:
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def check_format(fmt: str) -> str:
    """`fmt` if it is one of FORMATS."""
    if fmt not in FORMATS:
        raise QueryError(f"--format: unknown format {shown(fmt)} (choose from {', '.join(FORMATS)})")
    return fmt


def render(result: Result, fmt: str = "table", *, width: int = 80) -> str:
    """The result in one of FORMATS (CONSTRUCT/DESCRIBE results are N-Triples in every format but json)."""
    check_format(fmt)
    if result.triples is not None:
        if fmt == "json":
            return json.dumps(result.triples, ensure_ascii=False, indent=2) + "\n"
        return "".join(line + "\n" for line in result.triples)
    if fmt in ("csv", "tsv"):
        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter="," if fmt == "csv" else "\t", lineterminator="\n")
        writer.writerow(result.columns)
        writer.writerows([cell_text(v) for v in row] for row in result.rows)
        return buffer.getvalue()
    if fmt == "json":
        records = [{k: json_value(v) for k, v in zip(result.columns, row, strict=True)} for row in result.rows]
        return json.dumps(records, ensure_ascii=False, indent=2) + "\n"
    if fmt == "markdown":
        def md(text: str) -> str:
            return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")

        lines = ["| " + " | ".join(result.columns) + " |", "|" + "|".join("---" for _ in result.columns) + "|"]
        lines += ["| " + " | ".join(md(cell_text(v)) for v in row) + " |" for row in result.rows]
        return "\n".join(lines) + "\n"
    return table(result, width=width)


def table(result: Result, *, width: int = 80) -> str:
    """Columns padded to fit `width`; IRI columns are dropped first, then the widest columns give way, their
    cells cut with an ellipsis. The note under the table says what was left out."""
    header = list(result.columns)
    body = [[" ".join(cell_text(v).split()) for v in row] for row in result.rows]
    hidden = []
    if sum(max([len(h)] + [len(r[i]) for r in body]) + 2 for i, h in enumerate(header)) > width:
        keep = [i for i in range(len(header)) if not _is_iri_column(result, i)] or list(range(len(header)))
        hidden = [header[i] for i in range(len(header)) if i not in keep]
        header = [header[i] for i in keep]
        body = [[row[i] for i in keep] for row in body]
    widths = [max([len(h)] + [len(r[i]) for r in body]) for i, h in enumerate(header)]
    budget = width - 2 * (len(header) - 1)
    floors = [min(w, max(len(h), 6)) for w, h in zip(widths, header, strict=True)]
    if sum(floors) > budget:
        return records(result, width=width)
    # Water-filling: the largest cap on column width that fits, so long columns share what is left.
    cap = max(widths, default=0)
    while cap > 1 and sum(min(w, max(cap, f)) for w, f in zip(widths, floors, strict=True)) > budget:
        cap -= 1
    widths = [min(w, max(cap, f)) for w, f in zip(widths, floors, strict=True)]
    cut = False

    def fit(text: str, size: int) -> str:
        nonlocal cut
        if len(text) <= size:
            return text.ljust(size)
        cut = True
        return text[: max(0, size - 1)] + ELLIPSIS

    lines = ["  ".join(fit(h, w) for h, w in zip(header, widths, strict=True)).rstrip(),
             "  ".join("-" * w for w in widths)]
    lines += ["  ".join(fit(c, w) for c, w in zip(row, widths, strict=True)).rstrip() for row in body]
    parts = [f"{len(body)} row" if len(body) == 1 else f"{len(body)} rows"]
    if hidden:
        parts.append(f"not shown: {', '.join(hidden)}")
    if cut:
        parts.append("long text cut to fit")
    if hidden or cut:
        parts.append("--format csv or json has everything")
    note = "\n".join(textwrap.wrap(f"({'; '.join(parts)})", width=width))
    return "\n".join(lines + [note]) + "\n"


def records(result: Result, *, width: int = 80) -> str:
    """One block per row, a line per column with its value wrapped (not cut): for results too wide to tabulate."""
    label_width = max((len(c) for c in result.columns), default=0) + 2
    lines: list[str] = []
    for number, row in enumerate(result.rows, start=1):
        lines.append(f"-[ {number} ]".ljust(width, "-"))
        for column, value in zip(result.columns, row, strict=True):
            wrapped = textwrap.wrap(" ".join(cell_text(value).split()), width=max(20, width - label_width),
                                    break_on_hyphens=False) or [""]
            lines.append((column.ljust(label_width) + wrapped[0]).rstrip())
            lines += [" " * label_width + more for more in wrapped[1:]]
    noun = "row" if len(result.rows) == 1 else "rows"
    lines.append(f"({len(result.rows)} {noun}, one block each: too many columns for {width} characters)")
    return "\n".join(lines) + "\n"


def _is_iri_column(result: Result, index: int) -> bool:
    values = [row[index] for row in result.rows if row[index] is not None]
    return bool(values) and all(isinstance(v, str) and v.startswith(("https://", "http://")) for v in values)
