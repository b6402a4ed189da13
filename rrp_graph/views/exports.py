"""Exports: the RDF graph in four RDF syntaxes, and any view in the formats network tools read.

    RDF_FORMATS    turtle, ntriples, jsonld, rdfxml      (serialised by Oxigraph from the build's store)
    VIEW_FORMATS   graphml, gexf, node-link, cytoscape, csv

Gephi and Cytoscape are strict, and networkx's writers pass on whatever the graph holds, so a view is
first made safe (`safe_graph`): None dropped, lists joined with "; ", Decimals and rdflib terms turned into
numbers or strings, one type per attribute across all nodes (and all edges), characters XML forbids
(NUL, U+FFFE, lone surrogates …) removed. JSON has no NaN: it becomes null. CSV writes two files,
NAME-nodes.csv and NAME-edges.csv. Every file is written atomically.
"""

from __future__ import annotations

import csv
import io
import json
import math
import re
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rrp_graph.errors import RrpError, shown
from rrp_graph.files import write_bytes_atomic

if TYPE_CHECKING:
    import networkx as nx

    from rrp_graph.query.engine import Engine

RDF_FORMATS = {"turtle": ".ttl", "ntriples": ".nt", "jsonld": ".jsonld", "rdfxml": ".rdf"}
VIEW_FORMATS = {"graphml": ".graphml", "gexf": ".gexf", "node-link": ".json", "cytoscape": ".cyjs", "csv": ".csv"}
FORMATS = (*RDF_FORMATS, *VIEW_FORMATS)
_BY_SUFFIX = {".ttl": "turtle", ".nt": "ntriples", ".jsonld": "jsonld", ".rdf": "rdfxml", ".owl": "rdfxml",
              ".xml": "rdfxml", ".graphml": "graphml", ".gexf": "gexf", ".json": "node-link",
              ".cyjs": "cytoscape", ".csv": "csv"}
LIST_SEPARATOR = "; "
_XML_FORBIDDEN = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


class ExportError(RrpError):
    """A graph, view or page cannot be exported (unknown format, a view format without a view, missing
    vis-network files). Part of the RrpError tree of errors.py; kept here while errors.py is being edited."""


# Graph-level keys that are not for export (tooltip evidence of the pages).
_PRIVATE_GRAPH_KEYS = ("evidence",)


def guess_format(path: Path, fmt: str | None, *, view: bool) -> str:
    """The export format: as given, else from the file's suffix (.json is node-link for a view)."""
    if fmt:
        if fmt not in FORMATS:
            raise ExportError(f"--format: unknown format {shown(fmt)} (choose from {', '.join(FORMATS)})")
        chosen = fmt
    else:
        chosen = _BY_SUFFIX.get(Path(path).suffix.lower(), "")
        if not chosen:
            raise ExportError(f"{path}: cannot tell the format from the suffix; give --format "
                              f"({', '.join(FORMATS)})")
    if view and chosen in RDF_FORMATS:
        raise ExportError(f"--format {chosen} writes the RDF graph, not a view: drop --view or choose one of "
                          f"{', '.join(VIEW_FORMATS)}")
    if not view and chosen in VIEW_FORMATS:
        raise ExportError(f"--format {chosen} writes a network view: add --view (e.g. --view partner-pathway)")
    return chosen


# --- the RDF graph -------------------------------------------------------------------------------


def export_rdf(engine: Engine, fmt: str, path: Path) -> None:
    """Write the whole graph the engine holds in `fmt` (one of RDF_FORMATS)."""
    data = rdf_bytes(engine, fmt)
    write_bytes_atomic(Path(path), data)


def rdf_bytes(engine: Engine, fmt: str) -> bytes:
    from rrp_graph.graph.model import PREFIXES

    if fmt not in RDF_FORMATS:
        raise ExportError(f"unknown RDF format {fmt!r} (choose from {', '.join(RDF_FORMATS)})")
    store = getattr(engine, "store", None)
    if store is not None:  # Oxigraph: fast, and it writes all four
        import pyoxigraph

        target = {"turtle": pyoxigraph.RdfFormat.TURTLE, "ntriples": pyoxigraph.RdfFormat.N_TRIPLES,
                  "jsonld": pyoxigraph.RdfFormat.JSON_LD, "rdfxml": pyoxigraph.RdfFormat.RDF_XML}[fmt]
        out = io.BytesIO()
        prefixes = PREFIXES if fmt in ("turtle", "rdfxml") else None
        kwargs = {"prefixes": prefixes} if prefixes else {}
        store.dump(out, format=target, from_graph=pyoxigraph.DefaultGraph(), **kwargs)
        return out.getvalue()
    graph = engine.graph  # rdflib
    name = {"turtle": "turtle", "ntriples": "nt", "jsonld": "json-ld", "rdfxml": "xml"}[fmt]
    return graph.serialize(format=name, encoding="utf-8")


# --- views ---------------------------------------------------------------------------------------


def clean_text(text: str) -> str:
    """`text` without the characters XML 1.0 forbids."""
    return _XML_FORBIDDEN.sub("", text)


def _scalar(value: Any) -> Any:
    """A value as a bool, int, float or str (None stays None): lists joined, terms and Decimals converted."""
    if value is None or isinstance(value, bool | int | str):
        return clean_text(value) if isinstance(value, str) else value
    if isinstance(value, float):
        return None if math.isnan(value) or math.isinf(value) else value
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, list | tuple | set | frozenset):
        items = sorted(value, key=str) if isinstance(value, set | frozenset) else value
        return LIST_SEPARATOR.join(str(_scalar(v)) for v in items if _scalar(v) is not None)
    return clean_text(str(value))  # rdflib terms and anything else


def _unify(records: list[dict[str, Any]]) -> None:
    """One type per attribute across `records` (in place): bool, int, float or else str."""
    keys = {k for record in records for k in record}
    for key in keys:
        kinds = {type(r[key]) for r in records if key in r}
        if kinds <= {bool} or kinds <= {int} or kinds <= {float} or kinds <= {str}:
            continue
        if kinds <= {int, float}:
            cast: Any = float
        else:
            def cast(v: Any) -> str:
                return ("true" if v else "false") if isinstance(v, bool) else str(v)
        for record in records:
            if key in record:
                record[key] = cast(record[key])


def safe_graph(graph: nx.Graph) -> nx.Graph:
    """A copy of `graph` every writer (GraphML, GEXF, JSON, CSV) accepts."""
    import networkx as nx

    safe = nx.Graph()
    safe.graph.update({k: _scalar(v) for k, v in graph.graph.items()
                       if k not in _PRIVATE_GRAPH_KEYS and _scalar(v) is not None})
    nodes = [(clean_text(str(n)), {k: _scalar(v) for k, v in d.items() if _scalar(v) is not None})
             for n, d in graph.nodes(data=True)]
    edges = [(clean_text(str(a)), clean_text(str(b)), {k: _scalar(v) for k, v in d.items() if _scalar(v) is not None})
             for a, b, d in graph.edges(data=True)]
    _unify([d for _, d in nodes])
    _unify([d for _, _, d in edges])
    safe.add_nodes_from(nodes)
    safe.add_edges_from(edges)
    return safe


def node_link(graph: nx.Graph) -> dict[str, Any]:
    import networkx as nx

    return nx.node_link_data(graph, edges="edges")


def view_files(graph: nx.Graph, fmt: str, path: Path) -> dict[Path, bytes]:
    """The file(s) that export `graph` as `fmt` to `path`: one, or two for csv."""
    import networkx as nx

    path = Path(path)
    safe = safe_graph(graph)
    if fmt == "graphml":
        out = io.BytesIO()
        nx.write_graphml(safe, out, encoding="utf-8", prettyprint=True)
        return {path: out.getvalue()}
    if fmt == "gexf":
        out = io.BytesIO()
        nx.write_gexf(safe, out, encoding="utf-8", prettyprint=True)
        return {path: out.getvalue()}
    if fmt == "node-link":
        return {path: _json(node_link(safe))}
    if fmt == "cytoscape":
        return {path: _json(nx.cytoscape_data(safe, name="label"))}
    if fmt == "csv":
        stem = path.with_suffix("") if path.suffix.lower() == ".csv" else path
        return {stem.with_name(stem.name + "-nodes.csv"): _csv_nodes(safe),
                stem.with_name(stem.name + "-edges.csv"): _csv_edges(safe)}
    raise ExportError(f"unknown view format {fmt!r} (choose from {', '.join(VIEW_FORMATS)})")


def export_view(graph: nx.Graph, fmt: str, path: Path) -> list[Path]:
    """Write the view; returns the paths written."""
    files = view_files(graph, fmt, path)
    for target, data in files.items():
        write_bytes_atomic(target, data)
    return list(files)


def _json(data: Any) -> bytes:
    return (json.dumps(data, ensure_ascii=False, indent=1, allow_nan=False) + "\n").encode("utf-8")


def _columns(records: list[dict[str, Any]], first: tuple[str, ...]) -> list[str]:
    keys = {k for r in records for k in r}
    return [*first, *sorted(keys - set(first))]


def _csv_nodes(graph: nx.Graph) -> bytes:
    records = [{"id": n, **d} for n, d in graph.nodes(data=True)]
    return _csv(records, _columns(records, ("id", "label", "type")))


def _csv_edges(graph: nx.Graph) -> bytes:
    records = [{"source": a, "target": b, **d} for a, b, d in graph.edges(data=True)]
    return _csv(records, _columns(records, ("source", "target", "weight")))


def _csv(records: list[dict[str, Any]], columns: list[str]) -> bytes:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    for record in records:
        writer.writerow({k: ("true" if v else "false") if isinstance(v, bool) else v for k, v in record.items()})
    return buffer.getvalue().encode("utf-8")


__all__ = ["FORMATS", "RDF_FORMATS", "VIEW_FORMATS", "ExportError", "export_rdf", "export_view", "guess_format",
           "safe_graph", "view_files"]
