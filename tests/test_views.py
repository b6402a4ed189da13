"""Network views: built by SPARQL through the engine, checked against the canned queries on the corpus."""

from __future__ import annotations

import subprocess
import sys
from collections import defaultdict

import pytest
from typer.testing import CliRunner

from rrp_graph.cli import app
from rrp_graph.errors import QueryError
from rrp_graph.query import catalogue as queries
from rrp_graph.views.network import VIEWS, Filters, build_view, central_nodes

NODE_ATTRIBUTES = {"type", "label", "iri", "regions", "degree", "weighted_degree", "betweenness", "community"}


def by_label(graph, label, kind=None):
    hits = [n for n, d in graph.nodes(data=True) if d["label"] == label and (kind is None or d["type"] == kind)]
    assert len(hits) == 1, (label, hits)
    return hits[0]


@pytest.mark.parametrize("name", sorted(VIEWS))
def test_every_view_has_typed_labelled_nodes_and_weighted_edges(views, name):
    graph = views[name]
    assert graph.number_of_nodes() > 40 and graph.number_of_edges() > 40
    for node, data in graph.nodes(data=True):
        assert set(data) >= NODE_ATTRIBUTES, (node, set(data))
        assert data["iri"] == node and data["label"] and isinstance(data["regions"], list)
        assert 0.0 <= data["betweenness"] <= 1.0 and isinstance(data["community"], int)
        assert data["weighted_degree"] >= data["degree"] == graph.degree(node)
    assert all(isinstance(d["weight"], int) and d["weight"] >= 1 for _, _, d in graph.edges(data=True))
    assert graph.graph["view"] == name and graph.graph["title"] and graph.graph["description"]


def test_nacro_accommodation_edge(views):
    graph = views["partner-pathway"]
    nacro, accommodation = by_label(graph, "NACRO", "partner"), by_label(graph, "Accommodation", "pathway")
    edge = graph.edges[nacro, accommodation]
    assert edge["weight"] == 3
    assert edge["regions"] == ["East Midlands", "West Midlands"]
    assert graph.nodes[nacro]["regions"] == ["East Midlands", "West Midlands"]


def test_partner_pathway_matches_the_canned_query(views, engine):
    rows = queries.run_query(queries.get("partners-by-pathway"), engine).as_dicts()
    graph = views["partner-pathway"]
    kinds = defaultdict(set)
    for _, data in graph.nodes(data=True):
        kinds[data["type"]].add(data["label"])
    assert kinds["partner"] == {r["partner"] for r in rows}
    assert kinds["pathway"] == {r["pathway"] for r in rows}
    assert set(kinds) == {"partner", "pathway"}
    regions = defaultdict(set)
    for row in rows:
        regions[(row["partner"], row["pathway"])].add(row["region"])
    edges = {}
    for a, b, data in graph.edges(data=True):
        ends = {graph.nodes[a]["type"]: graph.nodes[a]["label"], graph.nodes[b]["type"]: graph.nodes[b]["label"]}
        edges[(ends["partner"], ends["pathway"])] = set(data["regions"])
    assert edges == dict(regions)


def test_region_partner_regions_match_the_partners_query(views, engine):
    rows = queries.run_query(queries.get("partners"), engine).as_dicts()
    graph = views["region-partner"]
    partners = {d["label"]: d for _, d in graph.nodes(data=True) if d["type"] == "partner"}
    assert {r["partner"] for r in rows} == set(partners)
    for row in rows:
        assert partners[row["partner"]]["region_count"] == row["regions"], row["partner"]
    assert sum(1 for _, d in graph.nodes(data=True) if d["type"] == "region") == 5


def test_region_pathway_partner_holds_the_three_kinds(views):
    graph = views["region-pathway-partner"]
    relations = {d["relation"] for _, _, d in graph.edges(data=True)}
    assert relations == {"partner-pathway", "partner-region", "pathway-region"}
    assert {d["type"] for _, d in graph.nodes(data=True)} == {"partner", "pathway", "region"}


COPRESENCE = """
PREFIX rrp: <https://w3id.org/rrp-graph/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX org: <http://www.w3.org/ns/org#>
SELECT ?a ?b (COUNT(DISTINCT ?s) AS ?n) WHERE {
  ?m1 rrp:mentionOf ?a ; rrp:inStatement ?s ; rrp:asPartner true .
  ?m2 rrp:mentionOf ?b ; rrp:inStatement ?s ; rrp:asPartner true .
  ?s rrp:sharedNationalText false .
  FILTER(STR(?a) < STR(?b))
} GROUP BY ?a ?b"""


def test_copresence_weights_count_shared_statements(views, engine):
    expected = {(a, b): n for a, b, n in engine.run(COPRESENCE, {}, "SELECT").rows}
    graph = views["partner-copresence"]
    actual = {tuple(sorted((a, b))): d["weight"] for a, b, d in graph.edges(data=True)}
    assert actual == expected


def test_knowledge_graph_keeps_resources_and_folds_literals(views):
    graph = views["knowledge-graph"]
    types = {d["type"] for _, d in graph.nodes(data=True)}
    assert {"partner", "pathway", "region", "statement", "document", "target", "prison"} <= types
    assert not any("/id/span/" in n or "/id/mention/" in n for n in graph)
    nacro = by_label(graph, "NACRO", "partner")
    statements = [n for n in graph[nacro] if graph.nodes[n]["type"] == "statement"]
    assert statements and all(graph.nodes[s]["rrp_text"] for s in statements)
    assert all(graph.nodes[s]["rrp_sharedNationalText"] is False for s in statements)
    region = by_label(graph, "East Midlands", "region")
    assert graph.nodes[region]["regions"] == ["East Midlands"]


def test_filters_limit_every_view(engine):
    for name in VIEWS:
        graph = build_view(name, engine, Filters(region="East Midlands"))
        assert graph.number_of_nodes() > 0
        assert all(set(d["regions"]) <= {"East Midlands"} for _, d in graph.nodes(data=True)), name
        assert graph.graph["filters"].startswith("region East Midlands")
    graph = build_view("partner-pathway", engine, Filters(partner="nacro"))
    assert sorted(d["label"] for _, d in graph.nodes(data=True)) == ["Accommodation", "NACRO"]
    graph = build_view("partner-pathway", engine, Filters(pathway="Accommodation"))
    assert [d["label"] for _, d in graph.nodes(data=True) if d["type"] == "pathway"] == ["Accommodation"]
    ego = build_view("partner-copresence", engine, Filters(partner="NACRO"))
    nacro = by_label(ego, "NACRO")
    assert all(n == nacro or ego.has_edge(n, nacro) for n in ego)


def test_include_shared_adds_shared_text(engine, views):
    shared = build_view("region-partner", engine, Filters(include_shared=True))
    own = views["region-partner"]
    assert shared.number_of_edges() >= own.number_of_edges()
    assert sum(d["weight"] for *_, d in shared.edges(data=True)) > sum(d["weight"] for *_, d in own.edges(data=True))


def test_filter_values_are_resolved_and_bound_never_pasted(engine):
    with pytest.raises(QueryError, match=r"--partner: no partner named"):
        build_view("partner-pathway", engine, Filters(partner='NACRO" } UNION { ?x ?y ?z } #'))
    with pytest.raises(QueryError, match="unknown view"):
        build_view("partners", engine)


def test_central_nodes_rank_partners_bridging_regions(views):
    rows = central_nodes(views["region-partner"], sort="region_count", node_type="partner", top=3)
    assert [r["region_count"] for r in rows] == [5, 5, 4]
    assert {"Local authorities", "Employers"} == {r["label"] for r in rows[:2]}
    with pytest.raises(QueryError, match="--sort"):
        central_nodes(views["region-partner"], sort="pagerank")


def test_metrics_are_repeatable(engine, views):
    again = build_view("partner-pathway", engine)
    first = views["partner-pathway"]
    assert {n: (d["community"], d["betweenness"]) for n, d in again.nodes(data=True)} == \
        {n: (d["community"], d["betweenness"]) for n, d in first.nodes(data=True)}


def test_cli_view_metrics(build_dir):
    result = CliRunner().invoke(app, ["view", "metrics", "region-partner", "--type", "partner", "--sort",
                                      "region_count", "-n", "2", "-f", "csv", "-b", str(build_dir)])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == "label,type,region_count,degree,weighted_degree,betweenness,community,regions"
    assert len(lines) == 3 and lines[1].split(",")[0] in ("Local authorities", "Employers")
    table = CliRunner().invoke(app, ["view", "metrics", "partner-pathway", "-b", str(build_dir)])
    assert table.exit_code == 0 and "betweenness" in table.stdout


def test_cli_view_errors_are_one_line(build_dir):
    result = CliRunner().invoke(app, ["view", "metrics", "nope", "-b", str(build_dir)])
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: unknown view 'nope'") and result.stderr.count("\n") == 1


def test_view_modules_import_no_heavy_library():
    code = ("import sys, rrp_graph.cli, rrp_graph.views.network, rrp_graph.views.exports, rrp_graph.views.pages; "
            "print(sorted(m for m in ('rdflib', 'pyoxigraph', 'pyvis', 'networkx', 'jinja2') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
