"""The ontology in a real OWL 2 reasoner (issue 15): HermiT, through owlready2, with a Java runtime.

HermiT accepts only the OWL 2 datatype map, so before reasoning over the graph the values typed xsd:gYear,
xsd:gYearMonth and xsd:date are left out (175 on the sample corpus; shapes.ttl checks them). Skips when Java or
owlready2 is missing; CI installs both (.ci/run).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from rdflib import RDF, Graph, Literal, Namespace

from rrp_graph.graph.builder import to_graph
from rrp_graph.graph.model import PREFIXES
from rrp_graph.resources import ontology_file

owlready2 = pytest.importorskip("owlready2", reason="owlready2 missing: pip install -e '.[test]'")
if shutil.which("java") is None:
    pytest.skip("no Java runtime for HermiT: apt-get install default-jre-headless", allow_module_level=True)

OWL2_DATATYPES = {"string", "boolean", "decimal", "integer", "dateTime", "anyURI"}
RRP = Namespace(PREFIXES["rrp"])


def _reason(graph: Graph, folder: Path) -> None:
    """Run HermiT over `graph`; raises owlready2's inconsistency error when it finds a contradiction."""
    kept = Graph()
    for s, p, o in graph:
        if isinstance(o, Literal) and o.datatype and str(o.datatype).rsplit("#", 1)[1] not in OWL2_DATATYPES:
            continue
        kept.add((s, p, o))
    path = folder / "graph.nt"
    kept.serialize(path, format="nt", encoding="utf-8")
    world = owlready2.World()
    onto = world.get_ontology(path.as_uri()).load(format="ntriples")
    with onto:
        owlready2.sync_reasoner(world, infer_property_values=False, debug=0)
    assert list(world.inconsistent_classes()) == []


def test_hermit_accepts_the_ontology(tmp_path):
    _reason(Graph().parse(ontology_file()), tmp_path)


def test_the_ontology_and_the_graph_are_consistent(corpus, tmp_path):
    _reason(to_graph(corpus), tmp_path)


def test_a_statement_of_two_disjoint_kinds_is_inconsistent(corpus, tmp_path):
    graph = to_graph(corpus)
    narrative = sorted(graph.subjects(RDF.type, RRP.Narrative))[0]
    graph.add((narrative, RDF.type, RRP.QuantifiedTarget))
    with pytest.raises(owlready2.OwlReadyInconsistentOntologyError):
        _reason(graph, tmp_path)
