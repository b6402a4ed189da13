"""What the report shows, read once from the build: every table is the rows of a canned query.

The site's numbers are the queries' numbers: each page shows rows of `targets`, `target-comparison`,
`commitment-tracker`, `commitment-status`, `partners-by-pathway`, `pathway-evidence`, `pathway-coverage`,
`partners`, `regions`, `people`, `prisons`, `documents`, `statement-spans` and `mentions` as they come, only
grouped or limited to a region here. Where a row names a statement, the statement's anchor on its source page
comes from `statement-spans`.
"""

from __future__ import annotations

import re
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rrp_graph.errors import BuildError
from rrp_graph.read.text import slugify

if TYPE_CHECKING:
    from rrp_graph.graph.store import BuildVersion
    from rrp_graph.query.engine import Engine, Result

# The queries every report runs, unparameterised (target-comparison runs once per metric).
QUERIES = ("regions", "documents", "statement-spans", "mentions", "targets", "commitment-tracker",
           "commitment-status", "partners-by-pathway", "pathway-evidence", "pathway-coverage", "partners",
           "people", "prisons")
_SAFE_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,200}$")


def tail(iri: str) -> str:
    """The last segment of an IRI, as a safe file name or HTML id (slugified when it is not one already)."""
    last = iri.rstrip("/#").rsplit("/", 1)[-1].rsplit("#", 1)[-1]
    return last if _SAFE_ID.match(last) else (slugify(last) or "item")


@dataclass
class Table:
    """One query's answer: its columns and rows as dicts (values as the engine gave them)."""

    query: str
    columns: list[str]
    rows: list[dict[str, Any]]
    params: dict[str, str] = field(default_factory=dict)

    @classmethod
    def of(cls, query: str, result: Result, params: dict[str, str] | None = None) -> Table:
        return cls(query, list(result.columns), result.as_dicts(), dict(params or {}))

    def where(self, **equal: Any) -> Table:
        """The rows whose columns equal the values given (same query, same columns)."""
        rows = [r for r in self.rows if all(r.get(k) == v for k, v in equal.items())]
        return Table(self.query, self.columns, rows, {**self.params, **{k: str(v) for k, v in equal.items()}})


@dataclass
class SiteData:
    tables: dict[str, Table]
    texts: dict[str, str]  # document identifier -> normalised text
    built: str
    regions: list[str]  # the region labels the site covers, in the regions query's order
    comparisons: dict[str, Table] = field(default_factory=dict)  # metric label -> target-comparison
    limited: bool = False  # --region: the site covers only some regions
    statements: dict[str, dict[str, Any]] = field(default_factory=dict)  # statement IRI -> statement-spans row
    # People have no span in the graph (they come from signatures): their name's first occurrence in each of
    # their region's documents is marked, so a person links to words too.
    people_marks: dict[str, list[dict[str, Any]]] = field(default_factory=dict)  # document -> marks
    people_links: dict[tuple[str, str], str] = field(default_factory=dict)  # (person, region) -> site path

    def table(self, name: str) -> Table:
        return self.tables[name]

    def anchor(self, statement: str | None) -> str | None:
        """The site path of a statement's words, `source/DOC.html#ID`, or None when it has no span."""
        row = self.statements.get(statement or "")
        return f"source/{tail(row['document'])}.html#{tail(statement)}" if row else None

    def region_slug(self, label: str) -> str:
        return self._region_slugs[label]

    def __post_init__(self) -> None:
        self._region_slugs = {r["region"]: tail(r["region_iri"]) for r in self.tables["regions"].rows}


def read_texts(version: BuildVersion, identifiers: list[str]) -> dict[str, str]:
    """Each document's normalised text from the build folder (text/IDENTIFIER.txt)."""
    texts = {}
    for identifier in identifiers:
        path = Path(version.path) / "text" / f"{identifier}.txt"
        try:
            texts[identifier] = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            raise version.damaged(f"text/{identifier}.txt is missing") from None
        except (OSError, UnicodeDecodeError) as exc:
            raise BuildError(f"{path}: cannot read ({exc})") from None
    return texts


def build_date(version: BuildVersion) -> str:
    path = Path(version.path) / "graph.nt"
    try:
        return time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime(path.stat().st_mtime))
    except OSError:
        return "unknown"


def collect(engine: Engine, version: BuildVersion, regions: list[str] | None = None, *,
            timeout: float | None = None) -> SiteData:
    """Run the report's queries; `regions` (names, slugs or IRIs) limits the site to those regions."""
    from rrp_graph.query import catalogue as queries

    tables = {name: Table.of(name, queries.run_query(queries.get(name), engine, timeout=timeout))
              for name in QUERIES}
    labels = [r["region"] for r in tables["regions"].rows]
    if regions:
        wanted = []
        by_iri = {r["region_iri"]: r["region"] for r in tables["regions"].rows}
        for name in regions:
            label = by_iri[queries.resolve("region", name, engine, where="--region")]
            if label not in wanted:
                wanted.append(label)
        labels = [label for label in labels if label in wanted]
        for name, table in tables.items():
            if "region" in table.columns:
                table.rows = [r for r in table.rows if r["region"] in labels or (name == "people" and not r["region"])]
    documents = [r["identifier"] for r in tables["documents"].rows]
    texts = read_texts(version, documents)
    tables["statement-spans"].rows = [r for r in tables["statement-spans"].rows if r["document"] in texts]
    metrics = sorted({r["metric"] for r in tables["targets"].rows})
    comparisons = {}
    for metric in metrics:
        result = queries.run_query(queries.get("target-comparison"), engine, {"metric": metric}, timeout=timeout)
        table = Table.of("target-comparison", result, {"metric": metric})
        table.rows = [r for r in table.rows if r["region"] in labels]
        comparisons[metric] = table
    data = SiteData(tables, texts, build_date(version), labels, comparisons, limited=bool(regions))
    data.statements = {r["statement"]: r for r in tables["statement-spans"].rows}
    find_people(data)
    return data


def find_people(data: SiteData) -> None:
    """Mark where each person of the people query is named in their region's documents (first occurrence)."""
    people = data.table("people").rows
    for document in data.table("documents").rows:
        identifier, text = document["identifier"], data.texts[document["identifier"]]
        marks = []
        for name in dict.fromkeys(p["person"] for p in people if p["region"] in (document["region"], "", None)):
            start = text.find(name)
            if start < 0:
                continue
            anchor = f"p-{slugify(name)}"
            marks.append({"start": start, "end": start + len(name), "id": anchor, "title": name})
            data.people_links.setdefault((name, document["region"]),
                                         f"source/{tail(identifier)}.html#{anchor}")
        data.people_marks[identifier] = marks


def group(rows: list[dict[str, Any]], key: str) -> dict[Any, list[dict[str, Any]]]:
    """Rows by the value of one column, in first-seen order."""
    groups: dict[Any, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        groups[row[key]].append(row)
    return dict(groups)


def comparison_targets(data: SiteData, metric: str) -> list[dict[str, Any]]:
    """target-comparison's rows for a metric, each with the `target` IRI of the targets row it reports (same
    region, document, numbers and dates), so that the row links to the sentence the numbers were read from."""
    from rrp_graph.query.formats import cell_text

    def key(row: dict[str, Any]) -> tuple[str, ...]:
        return tuple(cell_text(row.get(k)) for k in ("region", "baseline_pct", "baseline_date", "target_pct",
                                                      "change_pp", "deadline", "direction"))

    pool: dict[tuple[str, ...], list[str]] = defaultdict(list)
    for row in data.table("targets").rows:
        if row["metric"] == metric:
            pool[key(row)].append(row["target"])
    rows = []
    for row in data.comparisons[metric].rows:
        candidates = pool.get(key(row)) or [None]
        rows.append({**row, "target": candidates.pop(0) if len(candidates) > 1 else candidates[0]})
    return rows


__all__ = ["QUERIES", "SiteData", "Table", "collect", "comparison_targets", "group", "tail"]
