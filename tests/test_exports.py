"""Exports: every view in every format, and the RDF graph in four syntaxes, read back unchanged."""

from __future__ import annotations

import csv
import json
import math
from decimal import Decimal
from pathlib import Path

import networkx as nx
import pytest
from rdflib import Graph, Literal, URIRef
from typer.testing import CliRunner

from rrp_graph.cli import app
from rrp_graph.errors import RrpError
from rrp_graph.views import exports
from rrp_graph.views.exports import ExportError, export_rdf, export_view, guess_format, safe_graph
from rrp_graph.views.network import VIEWS

# --- reading back ----------------------------------------------------------------------------------


def same(a, b) -> bool:
    if isinstance(a, float) or isinstance(b, float):
        return math.isclose(float(a), float(b), rel_tol=1e-9, abs_tol=1e-12)
    return a == b


def assert_same_graph(expected: nx.Graph, actual: nx.Graph, *, as_text: bool = False, ignore=()) -> None:
    """Same nodes, edges and attributes (as text when the format keeps no types)."""
    def norm(value):
        if not as_text:
            return value
        if isinstance(value, bool):
            return "true" if value else "false"
        return str(value)

    assert set(actual.nodes) == set(expected.nodes)
    assert {frozenset(e) for e in actual.edges} == {frozenset(e) for e in expected.edges}
    for node, data in expected.nodes(data=True):
        got = {k: v for k, v in actual.nodes[node].items() if k not in ignore}
        assert set(got) == set(data), (node, set(got) ^ set(data))
        for key, value in data.items():
            assert same(norm(value), got[key]) if not as_text else norm(value) == got[key], (node, key, value, got[key])
    for a, b, data in expected.edges(data=True):
        got = {k: v for k, v in actual.edges[a, b].items() if k not in ignore}
        assert set(got) == set(data), (a, b, set(got) ^ set(data))
        for key, value in data.items():
            assert same(norm(value), got[key]) if not as_text else norm(value) == got[key], (a, b, key)


def read_back(fmt: str, paths: list[Path]) -> tuple[nx.Graph, bool, tuple[str, ...]]:
    """The graph in the files, whether its values are text only, and keys the reader adds."""
    if fmt == "graphml":
        return nx.read_graphml(paths[0]), False, ()
    if fmt == "gexf":
        return nx.read_gexf(paths[0]), False, ("id",)
    if fmt == "node-link":
        return nx.node_link_graph(json.loads(paths[0].read_text(encoding="utf-8")), edges="edges"), False, ()
    if fmt == "cytoscape":
        graph = nx.cytoscape_graph(json.loads(paths[0].read_text(encoding="utf-8")), name="label")
        return graph, False, ("name", "value", "id", "source", "target")
    nodes_file, edges_file = paths
    graph = nx.Graph()
    with nodes_file.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            node = row.pop("id")
            graph.add_node(node, **{k: v for k, v in row.items() if v != ""})
    with edges_file.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            graph.add_edge(row.pop("source"), row.pop("target"), **{k: v for k, v in row.items() if v != ""})
    return graph, True, ()


@pytest.mark.parametrize("fmt", list(exports.VIEW_FORMATS))
@pytest.mark.parametrize("name", sorted(VIEWS))
def test_every_view_exports_and_reads_back(views, tmp_path, name, fmt):
    graph = views[name]
    paths = export_view(graph, fmt, tmp_path / f"{name}{exports.VIEW_FORMATS[fmt]}")
    assert all(p.is_file() and p.stat().st_size > 0 for p in paths)
    if fmt == "csv":
        assert [p.name for p in paths] == [f"{name}-nodes.csv", f"{name}-edges.csv"]
    expected = safe_graph(graph)
    actual, as_text, ignore = read_back(fmt, paths)
    if as_text:  # CSV: an empty string and a missing value are the same cell
        for _, data in [*expected.nodes(data=True), *((None, d) for *_, d in expected.edges(data=True))]:
            for key in [k for k, v in data.items() if v == ""]:
                del data[key]
    assert_same_graph(expected, actual, as_text=as_text, ignore=ignore)
    assert expected.number_of_nodes() == graph.number_of_nodes()
    assert expected.number_of_edges() == graph.number_of_edges()


def test_export_keeps_the_view_values(views, tmp_path):
    graph = views["partner-pathway"]
    [path] = export_view(graph, "graphml", tmp_path / "pp.graphml")
    back = nx.read_graphml(path)
    nacro = next(n for n, d in back.nodes(data=True) if d["label"] == "NACRO")
    accommodation = next(n for n, d in back.nodes(data=True) if d["label"] == "Accommodation")
    assert back.edges[nacro, accommodation]["regions"] == "East Midlands; West Midlands"
    assert back.edges[nacro, accommodation]["weight"] == 3
    assert back.nodes[nacro]["type"] == "partner" and isinstance(back.nodes[nacro]["betweenness"], float)
    assert "evidence" not in back.graph and back.graph["view"] == "partner-pathway"


def hostile_graph() -> nx.Graph:
    graph = nx.Graph(view="test", evidence={"a": [{"text": "x"}]}, nothing=None)
    graph.add_node("a", label="A\x00B\ufffeC\ud800", kind=None, tags=["x", "y"], amount=Decimal("1.50"),
                   term=URIRef("https://example.org/x"), literal=Literal("lit"), mixed=1, ratio=float("nan"),
                   flag=True, number=1)
    graph.add_node("b", label="<b>&amp;</b>", mixed="one", tags={"z"}, amount=Decimal("2"), flag=False, number=2.5)
    graph.add_edge("a", "b", weight=2, regions=["East Midlands", "West Midlands"], note=None)
    return graph


def test_safe_graph_converts_what_writers_refuse():
    safe = safe_graph(hostile_graph())
    a, b = safe.nodes["a"], safe.nodes["b"]
    assert a["label"] == "ABC" and "kind" not in a and "ratio" not in a
    assert a["tags"] == "x; y" and b["tags"] == "z"
    assert a["amount"] == 1.5 and b["amount"] == 2.0  # one type: float
    assert a["mixed"] == "1" and b["mixed"] == "one"  # int and str: all str
    assert a["number"] == 1.0 and b["number"] == 2.5
    assert a["term"] == "https://example.org/x" and a["literal"] == "lit"
    assert a["flag"] is True and b["flag"] is False
    assert safe.edges["a", "b"] == {"weight": 2, "regions": "East Midlands; West Midlands"}
    assert safe.graph == {"view": "test"}


@pytest.mark.parametrize("fmt", list(exports.VIEW_FORMATS))
def test_hostile_values_export_and_read_back(tmp_path, fmt):
    paths = export_view(hostile_graph(), fmt, tmp_path / f"h{exports.VIEW_FORMATS[fmt]}")
    actual, as_text, ignore = read_back(fmt, paths)
    assert_same_graph(safe_graph(hostile_graph()), actual, as_text=as_text, ignore=ignore)
    if fmt == "node-link":
        assert "NaN" not in paths[0].read_text(encoding="utf-8")


@pytest.mark.parametrize("fmt", list(exports.RDF_FORMATS))
def test_rdf_exports_parse_to_the_same_graph(engine, graph, tmp_path, fmt):
    path = tmp_path / f"graph{exports.RDF_FORMATS[fmt]}"
    export_rdf(engine, fmt, path)
    back = Graph(bind_namespaces="none")
    back.parse(path, format={"turtle": "turtle", "ntriples": "nt", "jsonld": "json-ld", "rdfxml": "xml"}[fmt])
    assert len(back) == len(graph)
    assert set(back) == set(graph)


def test_guess_format():
    assert guess_format(Path("x.ttl"), None, view=False) == "turtle"
    assert guess_format(Path("x.json"), None, view=True) == "node-link"
    assert guess_format(Path("x.json"), "cytoscape", view=True) == "cytoscape"
    with pytest.raises(ExportError, match="add --view"):
        guess_format(Path("x.gexf"), None, view=False)
    with pytest.raises(ExportError, match="not a view"):
        guess_format(Path("x.nt"), None, view=True)
    with pytest.raises(ExportError, match="cannot tell the format"):
        guess_format(Path("x.txt"), None, view=False)
    with pytest.raises(ExportError, match="unknown format"):
        guess_format(Path("x.txt"), "dot", view=True)


def test_export_into_a_missing_folder_fails_cleanly(views, tmp_path):
    with pytest.raises(RrpError, match="does not exist"):
        export_view(views["partner-pathway"], "gexf", tmp_path / "missing" / "x.gexf")


def test_cli_export(build_dir, tmp_path):
    runner = CliRunner()
    result = runner.invoke(app, ["export", "--view", "region-partner", "--region", "North East",
                                 "-o", str(tmp_path / "ne.gexf"), "-b", str(build_dir)])
    assert result.exit_code == 0, result.output
    back = nx.read_gexf(tmp_path / "ne.gexf")
    assert {d["label"] for _, d in back.nodes(data=True) if d["type"] == "region"} == {"North East"}
    result = runner.invoke(app, ["export", "-o", str(tmp_path / "g.nt"), "-b", str(build_dir)])
    assert result.exit_code == 0 and (tmp_path / "g.nt").stat().st_size > 1000
    result = runner.invoke(app, ["export", "--region", "North East", "-o", str(tmp_path / "g.ttl"),
                                 "-b", str(build_dir)])
    assert result.exit_code == 1 and "add --view" in result.stderr
