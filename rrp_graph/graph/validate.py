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
    problems = span_problems(graph)
    if problems:
        text = text.replace("Conforms: True", "Conforms: False") + "".join(f"\nSpan: {p}" for p in problems)
    return ValidationReport(conforms=bool(conforms) and not problems, violations=violations + len(problems),
                            text=text)


# Offsets against the text need the text itself, which SHACL core cannot measure (and SHACL-SPARQL constraints
# are slow on thousands of nodes, pySHACL #237): checked here, once per span.
_SPANS = """
PREFIX oa: <http://www.w3.org/ns/oa#>
PREFIX rrp: <https://w3id.org/rrp-graph/ontology#>
SELECT ?span ?start ?end ?exact ?text WHERE {
  ?span oa:hasSource ?doc ; oa:hasSelector ?position, ?quote .
  ?position oa:start ?start ; oa:end ?end .
  ?quote oa:exact ?exact .
  ?doc rrp:normalisedText ?text .
}"""


def span_problems(graph: Graph) -> list[str]:
    """Spans whose offsets fall outside their document's text or whose quote is not the text at them."""
    problems = []
    for span, start, end, exact, text in graph.query(_SPANS):
        a, b, text = int(start), int(end), str(text)
        if not 0 <= a <= b <= len(text):
            problems.append(f"{span}: oa:start {a} / oa:end {b} outside its document's {len(text)} characters")
        elif text[a:b] != str(exact):
            problems.append(f"{span}: its oa:exact is not the document's text at {a}:{b}")
    return problems
