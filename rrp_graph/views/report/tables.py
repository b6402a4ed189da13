"""Tables as the pages show them: rows of a query, some cells links, each table with its CSV beside it.

A `Grid` is what the `table` macro of templates/report/macros.html.j2 draws: a caption, column headers
(numeric columns right-aligned), rows of cells (text, an optional link relative to the site's root) and
the site path of the CSV holding the same rows with all the query's columns (`rrp query … -f csv`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from rrp_graph.views.report.data import Table


@dataclass
class Cell:
    text: str
    href: str | None = None
    cls: str = ""


@dataclass
class Grid:
    caption: str
    columns: list[tuple[str, bool]]  # header, numeric
    rows: list[list[Cell]]
    csv: str | None = None
    classes: str = ""
    row_headers: bool = True
    extra: dict[str, Any] = field(default_factory=dict)


def text(value: Any) -> str:
    from rrp_graph.query.formats import cell_text

    return cell_text(value)


def numeric(value: Any) -> bool:
    return isinstance(value, int | float | Decimal) and not isinstance(value, bool)


Linker = Callable[[dict[str, Any]], str | None]


def grid(table: Table, columns: list[str], caption: str, *, csv: str | None = None,
         headers: dict[str, str] | None = None, links: dict[str, Linker] | None = None,
         classes: dict[str, Callable[[dict[str, Any]], str]] | None = None, row_headers: bool = True) -> Grid:
    """A Grid of `table`'s rows showing `columns` (`links[column](row)` gives a cell's link)."""
    headers, links, classes = headers or {}, links or {}, classes or {}
    nums = {c: bool(table.rows) and all(numeric(r[c]) or r[c] is None for r in table.rows)
            and any(numeric(r[c]) for r in table.rows) for c in columns}
    rows = []
    for row in table.rows:
        cells = []
        for column in columns:
            cls = ("num " if nums[column] else "") + (classes[column](row) if column in classes else "")
            if column in ("quote", "text", "commitment", "progress"):
                cls += " quote"
            cells.append(Cell(text(row[column]), links[column](row) if column in links else None, cls.strip()))
        rows.append(cells)
    return Grid(caption, [(headers.get(c, c.replace("_", " ")), nums[c]) for c in columns], rows, csv,
                row_headers=row_headers)


def csv_text(table: Table) -> str:
    """The table's rows as `rrp query NAME -f csv` writes them."""
    from rrp_graph.query.engine import Result
    from rrp_graph.query.formats import render

    return render(Result(table.columns, [tuple(r[c] for c in table.columns) for r in table.rows]), "csv")


def heat_class(value: Any, top: int) -> str:
    """One of h0 (zero) … h5, by the value's share of the largest value in the map."""
    number = int(value or 0)
    if number <= 0 or top <= 0:
        return "h0"
    return f"h{min(5, 1 + (4 * number) // max(top, 1))}" if top > 1 else "h3"


__all__ = ["Cell", "Grid", "csv_text", "grid", "heat_class", "text"]
