"""Namespaces and IRIs of the rrp-graph model (see docs/MODEL.md).

Kept free of rdflib imports at module level so that `rrp --help` stays instant;
`namespaces()` builds the rdflib objects on first use.
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rdflib import Graph

ONTOLOGY = "https://w3id.org/rrp-graph/ontology#"
CONCEPT = "https://w3id.org/rrp-graph/concept/"
ID = "https://w3id.org/rrp-graph/id/"

PREFIXES = {
    "rrp": ONTOLOGY,
    "rrpc": CONCEPT,
    "org": "http://www.w3.org/ns/org#",
    "prov": "http://www.w3.org/ns/prov#",
    "oa": "http://www.w3.org/ns/oa#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dcterms": "http://purl.org/dc/terms/",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "void": "http://rdfs.org/ns/void#",
    "dcat": "http://www.w3.org/ns/dcat#",
}
# The plans are Crown copyright, published under the Open Government Licence v3.0: so is the data made from them
# (the code is Apache-2.0).
DATA_LICENCE = "http://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/"


def instance(kind: str, slug: str) -> str:
    """The IRI of an instance made by the builder, e.g. instance('region', 'east-midlands')."""
    return f"{ID}{kind}/{slug}"


def concept(local: str) -> str:
    return CONCEPT + local


@cache
def namespaces() -> dict:
    """rdflib Namespace objects for every prefix (imported lazily)."""
    from rdflib import Namespace

    return {prefix: Namespace(iri) for prefix, iri in PREFIXES.items()}


# Controlled concepts, by the key the extractor uses.
THEMES = {
    "training": "theme-training-skills-work",
    "drugs": "theme-drugs-alcohol",
    "family": "theme-family-accommodation",
    "court": "theme-order-of-the-court",
}
METRICS = {
    "employed-weeks": "metric-employed-six-weeks",
    "employed-months": "metric-employed-six-months",
    "housed-night": "metric-housed-first-night",
    "settled-months": "metric-settled-accommodation-three-months",
    "sexual-offence": "metric-sexual-offence-interventions",
}
DIRECTIONS = {"increase": "direction-increase", "maintain": "direction-maintain"}

# Programme types (data/gazetteer/programmes.csv) → ontology classes, all under rrp:Initiative: programmes,
# services and sentence requirements are rrp:Programme (the type concept tells them apart); the rest are not.
INITIATIVE_CLASSES = {
    "programme": "Programme",
    "service": "Programme",
    "requirement": "Programme",
    "strategy": "Strategy",
    "policy-paper": "PolicyPaper",
    "statutory-duty": "StatutoryDuty",
}

# Statement kinds → ontology class local names.
STATEMENT_CLASSES = {
    "commitment": "Commitment",
    "objective": "Objective",
    "activity": "Activity",
    "progress": "OutcomeProgress",
    "opportunity": "Opportunity",
    "priority": "Priority",
    "context": "RegionalContext",
    "partner-role": "PartnerRole",
    "partner-listing": "PartnerListing",
    "achievement": "Achievement",
    "narrative": "Narrative",
    "target": "QuantifiedTarget",
    "qualitative-target": "QualitativeTarget",
}


def new_graph() -> Graph:
    """An empty rdflib Graph with the project's prefixes (and none of rdflib's ~29 defaults)."""
    from rdflib import Graph

    graph = Graph(bind_namespaces="none")
    for prefix, iri in PREFIXES.items():
        graph.bind(prefix, iri)
    return graph
