"""The ontology under OWL 2 RL (issue 15): the closure of ontology + real graph, and the types it gives.

`owlrl` computes the OWL 2 RL closure (the rule set triple stores such as GraphDB and RDFox implement). The
table below is exact: for each combination of classes the builder asserts, the types the closure adds. An
unintended type — a domain that makes a statement an organisation, a category that becomes an
org:Organization again — changes a row and fails the test; a new kind of instance needs a new row. The builder
asserts the superclasses of its own classes (so plain SPARQL finds them): the closure adds only the reused
vocabularies' classes, and owl:Thing where an OWL class is involved.
"""

from __future__ import annotations

from collections import defaultdict

import pytest
from rdflib import RDF, BNode, Graph, Literal, URIRef

from rrp_graph.graph.builder import to_graph
from rrp_graph.graph.model import CONCEPT, ID, PREFIXES
from rrp_graph.resources import ontology_file

owlrl = pytest.importorskip("owlrl", reason="owlrl missing: pip install -e '.[test]'")

STATEMENT = ("owl:Thing", "prov:Entity")
EXPECTED: dict[tuple[str, ...], tuple[str, ...]] = {
    # the dataset and its build
    ("dcat:Dataset", "void:Dataset"): (),
    ("prov:Activity",): (),
    ("prov:SoftwareAgent",): (),
    # documents, regions, HMPPS
    ("rrp:AnnualUpdate", "rrp:PlanDocument"): ("owl:Thing", "prov:Plan"),
    ("rrp:PlanDocument", "rrp:ThreeYearPlan"): ("owl:Thing", "prov:Plan"),
    ("rrp:Region",): ("org:OrganizationalUnit", "owl:Thing"),
    ("org:FormalOrganization", "org:Organization"): (),
    # statements (each also asserted rrp:Statement and its intermediate class)
    ("rrp:Achievement", "rrp:Statement"): STATEMENT,
    ("rrp:Activity", "rrp:Commitment", "rrp:Statement"): STATEMENT,
    ("rrp:Commitment", "rrp:Objective", "rrp:Statement"): STATEMENT,
    ("rrp:Commitment", "rrp:Statement"): STATEMENT,
    ("rrp:Narrative", "rrp:Statement"): STATEMENT,
    ("rrp:Opportunity", "rrp:Statement"): STATEMENT,
    ("rrp:OutcomeProgress", "rrp:Statement"): STATEMENT,
    ("rrp:PartnerListing", "rrp:Statement"): STATEMENT,
    ("rrp:PartnerRole", "rrp:Statement"): STATEMENT,
    ("rrp:Priority", "rrp:Statement"): STATEMENT,
    ("rrp:QualitativeTarget", "rrp:Statement", "rrp:Target"): STATEMENT,
    ("rrp:QuantifiedTarget", "rrp:Statement", "rrp:Target"): STATEMENT,
    ("rrp:RegionalContext", "rrp:Statement"): STATEMENT,
    # evidence and derived nodes
    ("rrp:CommitmentDetail",): STATEMENT,
    ("rrp:LinkEvidence",): STATEMENT,
    ("rrp:NationalTextEvidence",): STATEMENT,
    ("rrp:SharedPassage",): STATEMENT,
    ("rrp:PartnerSummary",): STATEMENT,
    ("rrp:RegionSummary",): STATEMENT,
    ("rrp:PartnerPathwayLink",): STATEMENT,
    ("rrp:ProgressLink",): STATEMENT,
    ("rrp:TagEvidence",): STATEMENT,
    # mentions and their spans (Web Annotation)
    ("oa:Annotation", "rrp:Mention"): ("owl:Thing",),
    ("oa:SpecificResource",): (),
    ("oa:TextPositionSelector",): (),
    ("oa:TextQuoteSelector",): (),
    # entities, people, roles
    ("org:Organization",): (),
    ("org:Organization", "rrp:Prison"): ("owl:Thing",),
    ("rrp:Initiative", "rrp:Programme"): ("owl:Thing", "prov:Entity"),
    ("rrp:Initiative", "rrp:Strategy"): ("owl:Thing", "prov:Entity"),
    ("rrp:Initiative", "rrp:PolicyPaper"): ("owl:Thing", "prov:Entity"),
    ("rrp:Initiative", "rrp:StatutoryDuty"): ("owl:Thing", "prov:Entity"),
    ("rrp:PartnerCategory", "skos:Concept"): ("owl:Thing",),  # a concept: never org:Organization
    ("prov:Person",): (),
    ("org:Membership",): (),
    ("org:Role", "skos:Concept"): (),  # roles the text names (builder)
    ("org:Role", "owl:NamedIndividual", "skos:Concept"): (),  # roles the ontology declares
    # concepts and schemes
    ("rrp:GlossaryTerm", "skos:Concept"): ("owl:Thing",),
    ("owl:NamedIndividual", "rrp:Cohort", "skos:Concept"): ("owl:Thing",),
    ("owl:NamedIndividual", "rrp:Direction", "skos:Concept"): ("owl:Thing",),
    ("owl:NamedIndividual", "rrp:Metric", "skos:Concept"): ("owl:Thing",),
    ("owl:NamedIndividual", "rrp:OrganisationType", "skos:Concept"): ("owl:Thing",),
    ("owl:NamedIndividual", "rrp:Pathway", "skos:Concept"): ("owl:Thing",),
    ("owl:NamedIndividual", "rrp:Theme", "skos:Concept"): ("owl:Thing",),
    ("owl:NamedIndividual", "skos:ConceptScheme"): (),
    ("owl:NamedIndividual", "skos:Concept"): (),  # initiative types
}


def _short(term) -> str:
    for prefix, namespace in PREFIXES.items():
        if str(term).startswith(namespace):
            return f"{prefix}:{str(term)[len(namespace):]}"
    return str(term)


def _closure(graph: Graph) -> None:
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics, axiomatic_triples=False, datatype_axioms=False).expand(graph)


def _errors(graph: Graph) -> list[str]:
    error = URIRef("http://www.daml.org/2002/03/agents/agent-ont#error")
    return sorted(str(message) for message in graph.objects(None, error))


def test_the_owl_rl_closure_types_every_instance_as_intended(corpus):
    graph = to_graph(corpus)  # the ontology and the graph, as a build writes them
    asserted: dict = defaultdict(set)
    for node, cls in graph.subject_objects(RDF.type):
        asserted[node].add(cls)
    _closure(graph)
    assert _errors(graph) == []
    gained: dict[tuple[str, ...], set[tuple[str, ...]]] = defaultdict(set)
    for node in {s for s in graph.subjects(RDF.type) if str(s).startswith((ID, CONCEPT))}:
        key = tuple(sorted(_short(c) for c in asserted[node]))
        gained[key].add(tuple(sorted(_short(c) for c in set(graph.objects(node, RDF.type)) - asserted[node])))
    assert set(gained) == set(EXPECTED), f"new: {set(gained) - set(EXPECTED)}; gone: {set(EXPECTED) - set(gained)}"
    for key, types in sorted(gained.items()):
        assert types == {EXPECTED[key]}, f"{key} gains {sorted(types)}, expected {EXPECTED[key]}"
    # nothing outside the builder's and the ontology's IRIs gains a type but vocabulary bookkeeping
    # (datatypes, owl:Thing, annotation properties) and the literals OWL RL types by their datatype
    strays = {_short(s) for s in graph.subjects(RDF.type) if not isinstance(s, (Literal, BNode))
              and not str(s).startswith((ID, CONCEPT, PREFIXES["rrp"])) and s not in asserted
              and not str(s).startswith((PREFIXES["xsd"], PREFIXES["rdf"], PREFIXES["rdfs"], PREFIXES["owl"]))}
    assert strays == set()


def test_the_closure_finds_a_partner_category_typed_an_organisation_inconsistent(graph):
    """The model before issue 15, rejected by OWL RL too (rrp:PartnerCategory owl:disjointWith org:Organization)."""
    small = Graph().parse(ontology_file())
    category = URIRef(ID + "org/pcc")
    for triple in graph.triples((category, None, None)):
        small.add(triple)
    small.add((category, RDF.type, URIRef(PREFIXES["org"] + "Organization")))
    _closure(small)
    assert any("disjoint" in message.lower() for message in _errors(small)), _errors(small)
