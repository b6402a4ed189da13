"""Values derived at build time (rrp_graph/graph/summary.py): each equals what the aggregate it replaces
computes from the rest of the graph, so a canned query's lookup answers what its old grouping answered."""

from __future__ import annotations

import pytest

PREFIXES = """
PREFIX rrp: <https://w3id.org/rrp-graph/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
"""

# The kind rule as the queries wrote it before it was materialised (search.rq, partner-profile.rq).
KIND_BY_SUBCLASS_TESTS = PREFIXES + """
SELECT ?statement ?class WHERE {
  ?statement a rrp:Statement ; a ?class .
  FILTER(?class = rrp:Statement || EXISTS { ?class rdfs:subClassOf rrp:Statement }
         || EXISTS { ?class rdfs:subClassOf/rdfs:subClassOf rrp:Statement })
  ?class rdfs:label ?class_label .
  FILTER NOT EXISTS { ?statement a ?narrower . ?narrower rdfs:subClassOf ?class . FILTER(?narrower != ?class) }
}"""

# partners.rq before the summary: every partner mention grouped.
PARTNER_COUNTS_BY_GROUPING = PREFIXES + """
SELECT ?partner_iri (COUNT(DISTINCT ?region) AS ?regions) (COUNT(DISTINCT ?pathway) AS ?pathways)
       (COUNT(DISTINCT ?mention) AS ?mentions)
WHERE {
  ?mention rrp:mentionOf ?partner_iri ; rrp:inStatement ?statement ; rrp:asPartner true .
  ?statement rrp:region ?region ; rrp:sharedNationalText ?shared .
  FILTER(?shared = false || SHARED)
  OPTIONAL { ?link rrp:partner ?partner_iri ; rrp:pathway ?pathway ; rrp:statementCount ?own .
             FILTER(?own > 0 || SHARED) }
} GROUP BY ?partner_iri"""

SUMMARY = PREFIXES + """
SELECT ?partner_iri ?regions ?pathways ?mentions WHERE {
  ?summary a rrp:PartnerSummary ; rrp:summaryOf ?partner_iri ; rrp:rule "partner-summary" ;
           rrp:REGIONS ?regions ; rrp:PATHWAYS ?pathways ; rrp:MENTIONS ?mentions .
  FILTER(?mentions > 0)
}"""


def rows(graph, query: str) -> set[tuple]:
    return {tuple(r) for r in graph.query(query)}


def test_every_statement_has_its_most_specific_kind(graph):
    expected = rows(graph, KIND_BY_SUBCLASS_TESTS)
    written = rows(graph, PREFIXES + "SELECT ?statement ?class WHERE { ?statement rrp:statementKind ?class }")
    assert written == expected
    statements = {s for s, _ in expected}
    assert len(expected) == len(statements) > 400  # one kind each


# commitments.rq and progress.rq before the list was materialised: the pathways of every statement grouped.
PATHWAYS_BY_GROUPING = PREFIXES + """
SELECT ?statement (GROUP_CONCAT(DISTINCT ?label; separator="; ") AS ?pathways) WHERE {
  ?statement a rrp:Statement ; rrp:pathway ?pathway . ?pathway rdfs:label ?label .
} GROUP BY ?statement"""


def test_every_pathway_list_joins_the_labels_grouping_joins(graph):
    def items(rows):  # GROUP_CONCAT's order differs from engine to engine; the written list is sorted
        return {(s, tuple(sorted(str(v).split("; ")))) for s, v in rows}
    expected = items(graph.query(PATHWAYS_BY_GROUPING))
    written = set(graph.query(PREFIXES + "SELECT ?s ?list WHERE { ?s rrp:pathwayList ?list }"))
    assert items(written) == expected and len(expected) > 300
    assert all(str(v).split("; ") == sorted(str(v).split("; ")) for _, v in written)


# The queries' order before the position was materialised: region label, year, document label.
DOCUMENTS_BY_LABELS = PREFIXES + """
SELECT ?document WHERE {
  ?document a rrp:PlanDocument ; rrp:region/rdfs:label ?region ; rrp:year ?year ; rdfs:label ?label .
} ORDER BY STR(?region) ?year STR(?label)"""


def test_listing_positions_number_the_documents_in_the_order_of_their_labels(graph):
    expected = [str(r[0]) for r in graph.query(DOCUMENTS_BY_LABELS)]
    written = sorted((int(n), str(d)) for d, n in graph.query(
        PREFIXES + "SELECT ?d ?n WHERE { ?d rrp:listingPosition ?n }"))
    assert [n for n, _ in written] == list(range(1, len(expected) + 1))
    assert [d for _, d in written] == expected
    assert [d.rsplit("/", 1)[1] for d in expected] == [
        "east-midlands-annual-update-2023", "north-east-annual-update-2023", "south-west-annual-update-2023",
        "west-midlands-three-year-plan-2022", "yorkshire-and-the-humber-annual-update-2023"]


def test_listing_positions_break_ties_by_iri():
    from rdflib import RDF, Literal, URIRef
    from rdflib.namespace import XSD

    from rrp_graph.graph.model import ONTOLOGY
    from rrp_graph.graph.summary import summary_triples

    rrp = lambda local: URIRef(ONTOLOGY + local)  # noqa: E731
    label = URIRef("http://www.w3.org/2000/01/rdf-schema#label")
    region = URIRef("https://example.org/region/r")
    triples = [(region, RDF.type, rrp("Region")), (region, label, Literal("R", lang="en"))]
    for name, year in [("b", "2024"), ("a", "2024"), ("c", "2023")]:  # a and b share region, year and title
        doc = URIRef(f"https://example.org/doc/{name}")
        triples += [(doc, RDF.type, rrp("PlanDocument")), (doc, rrp("region"), region),
                    (doc, rrp("year"), Literal(year, datatype=XSD.gYear)), (doc, label, Literal("T", lang="en"))]
    positions = {str(s).rsplit("/", 1)[1]: int(o) for s, p, o in summary_triples(triples, [])
                 if p == rrp("listingPosition")}
    assert positions == {"c": 1, "a": 2, "b": 3}


@pytest.mark.parametrize("shared", [False, True])
def test_partner_summaries_count_what_grouping_the_mentions_counts(graph, shared):
    suffix = "WithShared" if shared else ""
    expected = rows(graph, PARTNER_COUNTS_BY_GROUPING.replace("SHARED", str(shared).lower()))
    written = rows(graph, SUMMARY.replace("REGIONS", "regionCount" + suffix)
                   .replace("PATHWAYS", "pathwayCount" + suffix).replace("MENTIONS", "partnerMentionCount" + suffix))
    assert written == expected and len(written) > 50
    regions = rows(graph, PREFIXES + f"""
        SELECT ?partner_iri (COUNT(?region) AS ?n) WHERE {{
          ?summary rrp:summaryOf ?partner_iri ; rrp:partnerRegion{suffix} ?region }} GROUP BY ?partner_iri""")
    assert {(p, n) for p, n, _, _ in written if n} == regions


# regions.rq before the summary: each count in its own branch of a UNION.
REGION_COUNTS_BY_GROUPING = PREFIXES + """
SELECT ?region (SUM(?d) AS ?documents) (SUM(?c) AS ?commitments) (SUM(?p) AS ?progress) (SUM(?t) AS ?targets)
       (SUM(?o) AS ?partners)
WHERE {
  { SELECT ?region (COUNT(?x) AS ?d) (0 AS ?c) (0 AS ?p) (0 AS ?t) (0 AS ?o)
    WHERE { ?x a rrp:PlanDocument ; rrp:region ?region } GROUP BY ?region }
  UNION { SELECT ?region (0 AS ?d) (COUNT(?x) AS ?c) (0 AS ?p) (0 AS ?t) (0 AS ?o)
    WHERE { ?x a rrp:Commitment ; rrp:region ?region } GROUP BY ?region }
  UNION { SELECT ?region (0 AS ?d) (0 AS ?c) (COUNT(?x) AS ?p) (0 AS ?t) (0 AS ?o)
    WHERE { ?x a rrp:OutcomeProgress ; rrp:region ?region } GROUP BY ?region }
  UNION { SELECT ?region (0 AS ?d) (0 AS ?c) (0 AS ?p) (COUNT(?x) AS ?t) (0 AS ?o)
    WHERE { ?x a rrp:QuantifiedTarget ; rrp:region ?region } GROUP BY ?region }
  UNION { SELECT ?region (0 AS ?d) (0 AS ?c) (0 AS ?p) (0 AS ?t) (COUNT(DISTINCT ?partner) AS ?o)
    WHERE { ?m rrp:mentionOf ?partner ; rrp:inStatement ?s ; rrp:asPartner true .
            ?s rrp:region ?region ; rrp:sharedNationalText false } GROUP BY ?region }
} GROUP BY ?region"""


def test_region_summaries_count_what_the_union_of_counts_counts(graph):
    expected = {tuple(int(v) if i else v for i, v in enumerate(r)) for r in graph.query(REGION_COUNTS_BY_GROUPING)}
    written = {tuple(int(v) if i else v for i, v in enumerate(r)) for r in graph.query(PREFIXES + """
        SELECT ?region ?d ?c ?p ?t ?o WHERE {
          ?summary a rrp:RegionSummary ; rrp:summaryOf ?region ; rrp:rule "region-summary" ; rrp:documentCount ?d ;
                   rrp:commitmentCount ?c ; rrp:progressCount ?p ; rrp:quantifiedTargetCount ?t ; rrp:partnerCount ?o
        }""")}
    assert written == expected and len(written) == 5
