"""The shapes reject bad data (issue 15): each case is a mutation of a copy of the real graph.

One validation runs over a copy with every mutation applied (each on its own node, so they do not mask each
other; SHACL over the whole graph takes ~10 s); each test then looks for its focus node and message in the report.
"""

from __future__ import annotations

import pytest
from rdflib import RDF, RDFS, Graph, Literal, Namespace, URIRef

from rrp_graph.graph.model import CONCEPT, ID, PREFIXES
from rrp_graph.graph.validate import span_problems, validate_graph

RRP, OA = Namespace(PREFIXES["rrp"]), Namespace(PREFIXES["oa"])
DECIMAL, INTEGER = URIRef(PREFIXES["xsd"] + "decimal"), URIRef(PREFIXES["xsd"] + "integer")
ORG = Namespace(PREFIXES["org"])


def _nth(graph: Graph, cls: URIRef, n: int = 0, where=lambda node: True) -> URIRef:
    nodes = sorted(node for node in graph.subjects(RDF.type, cls) if where(node))
    return nodes[n]


def _replace(graph: Graph, node, predicate, value) -> None:
    graph.remove((node, predicate, None))
    graph.add((node, predicate, value))


def _mutate(graph: Graph) -> dict[str, tuple[str, str]]:
    """Apply every mutation; return case -> (focus node, expected words of its message)."""
    cases: dict[str, tuple[str, str]] = {}
    narrative = sorted(graph.subjects(RDF.type, RRP.Narrative))

    qualitative = _nth(graph, RRP.QualitativeTarget)
    graph.add((qualitative, RRP.deadline, Literal("April 2024")))
    cases["qualitative target with a string deadline"] = (qualitative, "has at most one rrp:deadline")

    both = narrative[0]
    graph.add((both, RDF.type, RRP.QuantifiedTarget))
    graph.add((both, RDF.type, RRP.Target))
    cases["a statement both narrative and quantified target"] = (both, "exactly one kind")

    increase = _nth(graph, RRP.QuantifiedTarget, where=lambda n: (n, RRP.direction, URIRef(
        CONCEPT + "direction-increase")) in graph and (n, RRP.targetValue, None) in graph)
    baseline = graph.value(increase, RRP.baselineValue).toPython()
    _replace(graph, increase, RRP.targetValue, Literal(baseline - 1, datatype=DECIMAL))
    cases["an increase whose target is below its baseline"] = (increase, "above its rrp:baselineValue")

    moved = narrative[1]
    span = graph.value(moved, RRP.hasSpan)
    documents = sorted(graph.subjects(RDF.type, RRP.PlanDocument))
    other = next(d for d in documents if d != graph.value(moved, RRP.inDocument))
    _replace(graph, span, OA.hasSource, other)
    cases["a span whose source is another document"] = (moved, "span of its own document")

    mention = _nth(graph, RRP.Mention, 0)
    position = next(s for s in graph.objects(graph.value(mention, RRP.hasSpan), OA.hasSelector)
                    if (s, RDF.type, OA.TextPositionSelector) in graph)
    _replace(graph, position, OA.end, Literal(10**9, datatype=INTEGER))
    cases["oa:end far beyond the text"] = (graph.value(mention, RRP.hasSpan), "outside its document's")

    undescribed = _nth(graph, RRP.Mention, 1)
    _replace(graph, undescribed, RRP.mentionOf, URIRef(ID + "org/nowhere"))
    graph.remove((undescribed, OA.hasBody, None))
    graph.add((undescribed, OA.hasBody, URIRef(ID + "org/nowhere")))
    cases["a mention of an undescribed IRI"] = (undescribed, "an IRI the graph describes")

    untyped = narrative[2]
    graph.remove((untyped, RDF.type, None))
    cases["an untyped statement"] = (untyped, "must be typed an rrp:Statement")

    organisation = _nth(graph, ORG.Organization, where=lambda n: str(n).startswith(ID + "org/"))
    _replace(graph, organisation, RDFS.label, Literal(""))
    cases["an empty organisation label"] = (organisation, "non-empty rdfs:label")

    elsewhere = narrative[3]
    regions = sorted(graph.subjects(RDF.type, RRP.Region))
    _replace(graph, elsewhere, RRP.region, next(r for r in regions if r != graph.value(elsewhere, RRP.region)))
    cases["a statement whose region is not its document's"] = (elsewhere, "its document's rrp:region")
    twice = documents[0]
    graph.add((twice, RRP.edition, Literal("Revised edition")))
    graph.add((twice, RRP.edition, Literal("Second edition")))
    cases["a document of two editions"] = (twice, "at most one rrp:edition")

    national = _nth(graph, ORG.Membership, where=lambda n: str(n).endswith("-national"))
    graph.remove((national, ORG.organization, None))
    cases["a membership without an organisation"] = (national, "exactly one org:organization")

    unattached = regions[0]
    graph.remove((unattached, ORG.unitOf, None))
    cases["a region that is no unit of HMPPS"] = (unattached, "org:unitOf exactly one org:FormalOrganization")

    category = _nth(graph, RRP.PartnerCategory, where=lambda n: str(n).startswith(ID + "org/"))
    graph.add((category, RDF.type, ORG.Organization))  # the model before issue 15: a class of partner as an org
    cases["a partner category typed an organisation"] = (category, "never an org:Organization")

    two_kinds = narrative[4]
    graph.add((two_kinds, RRP.statementKind, RRP.Priority))
    cases["a statement with two derived kinds"] = (two_kinds, "exactly one rrp:statementKind")

    summary = _nth(graph, RRP.PartnerSummary)
    graph.remove((summary, RRP.rule, None))
    cases["a partner summary that does not name its rule"] = (summary, "names its rule")

    strategies = sorted(graph.subjects(RDF.type, RRP.Strategy))
    graph.add((strategies[0], RDF.type, RRP.Programme))
    cases["a strategy also typed a programme"] = (strategies[0], "exactly one of rrp:Programme")

    _replace(graph, strategies[1], RRP.initiativeType, URIRef(CONCEPT + "initiative-service"))
    cases["a strategy whose type says service"] = (strategies[1], "rrp:initiativeType is rrpc:initiative-strategy")

    link = _nth(graph, RRP.ProgressLink)
    _replace(graph, link, RRP.rule, Literal("by hand"))
    cases["a progress link whose rule is none of the tracker's"] = (link, "rrp:rule: strong-score")

    counts = _nth(graph, RRP.RegionSummary)
    graph.remove((counts, RRP.partnerCount, None))
    cases["a region summary without its partner count"] = (counts, "exactly one rrp:partnerCount")
    return {case: (str(node), words) for case, (node, words) in cases.items()}


@pytest.fixture(scope="module")
def mutated(graph):
    copy = Graph()
    for triple in graph:
        copy.add(triple)
    cases = _mutate(copy)
    return cases, validate_graph(copy)


CASES = [
    "qualitative target with a string deadline",
    "a statement both narrative and quantified target",
    "an increase whose target is below its baseline",
    "a span whose source is another document",
    "oa:end far beyond the text",
    "a mention of an undescribed IRI",
    "an untyped statement",
    "an empty organisation label",
    "a statement whose region is not its document's",
    "a document of two editions",
    "a membership without an organisation",
    "a region that is no unit of HMPPS",
    "a partner category typed an organisation",
    "a statement with two derived kinds",
    "a partner summary that does not name its rule",
    "a strategy also typed a programme",
    "a strategy whose type says service",
    "a region summary without its partner count",
    "a progress link whose rule is none of the tracker's",
]


@pytest.mark.parametrize("case", CASES)
def test_the_shapes_reject(mutated, case):
    cases, report = mutated
    assert set(cases) == set(CASES)
    node, words = cases[case]
    assert not report.conforms
    blocks = report.text.split("\nConstraint Violation")
    hits = [b for b in blocks if node in b and words in b]
    assert hits, f"{case}: no violation on {node} saying {words!r}"


def test_the_real_graph_passes(graph):
    report = validate_graph(graph)
    assert report.conforms, report.text[:2000]


def test_the_span_check_reads_every_span(graph):
    spans = set(graph.objects(None, RRP.hasSpan))
    assert len(spans) > 1500 and span_problems(graph) == []
