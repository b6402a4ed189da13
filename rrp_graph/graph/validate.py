"""SHACL validation of the built graph against ontology/shapes.ttl."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from rrp_graph.resources import ontology_file, shapes_file

if TYPE_CHECKING:
    from rdflib import Graph


@dataclass(frozen=True)
class ValidationReport:
    conforms: bool
    violations: int
    text: str


def validate_graph(graph: Graph) -> ValidationReport:
    """Run the shapes with the ontology as ont_graph (so rdfs:subClassOf is followed) and no inference.

    No RDFS inference on purpose: with it, a declared rdfs:range makes every sh:class check
    pass (pySHACL #73).
    """
    import pyshacl
    from rdflib import Graph

    shapes = Graph().parse(shapes_file(), format="turtle")
    ontology = Graph().parse(ontology_file(), format="turtle")
    conforms, results, text = pyshacl.validate(graph, shacl_graph=shapes, ont_graph=ontology, inference="none",
                                               allow_warnings=False)
    from rdflib.namespace import SH

    violations = len(set(results.subjects(predicate=SH.resultSeverity)))
    return ValidationReport(conforms=bool(conforms), violations=violations, text=text)
