"""Values derived from the graph at build time, so that canned queries look them up instead of aggregating
over the whole graph (issue 16: a query's cost should grow with its answer, not with the graph).

Each value is computed from the graph's own triples, by the rule of the query it replaces, not from the
extractor's objects: the materialised value is what that query would have computed, on any engine.

    statement kind     rrp:statementKind on every statement: of the classes it is typed with, the one no
                       other of them narrows (rule "most-specific-type"); search, partner-profile and
                       statement-spans used to work this out with subclass EXISTS tests over every statement
    partner summary    one rrp:PartnerSummary per partner named as a partner in a statement (rule
                       "partner-summary"): the regions naming it, how many regions, pathways and mentions,
                       with and without shared national text; partners and shared-partners used to group
                       every partner mention of the graph
    region summary     one rrp:RegionSummary per region (rule "region-summary"): how many documents,
                       commitments, progress statements and quantified targets it has, and how many partners
                       its own text names; regions used to count them over the whole graph
    pathway list       rrp:pathwayList on every statement with an rrp:pathway: the labels of its pathways,
                       sorted, joined by "; " (rule "pathway-list"); commitments and progress used to group the
                       pathways of every commitment or progress statement of the graph in a sub-select
    listing position   rrp:listingPosition on every plan document: its place, from 1, when the documents are
                       sorted by their region's label, year and label (rule "listing-order"), the order the
                       canned queries list statements in; sorting on one integer instead of two strings (decoded
                       at every comparison) took targets from 0.74 to 0.40 s at 1,000 documents

Rules are named on the nodes (`rrp:rule`) and in the ontology's definitions, and docs/MODEL.md states
them, so every number can be checked against the triples it counts.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rrp_graph.graph.model import ONTOLOGY, PREFIXES, instance

if TYPE_CHECKING:
    from collections.abc import Iterable

Triple = tuple  # (subject, predicate, object) as rdflib terms

KIND_RULE = "most-specific-type"
PARTNER_RULE = "partner-summary"
REGION_RULE = "region-summary"
LIST_SEPARATOR = "; "  # joins rrp:pathwayList; the canned queries' list columns split on it (query/catalogue.py)
_RDF_TYPE = PREFIXES["rdf"] + "type"
_SUBCLASS = PREFIXES["rdfs"] + "subClassOf"
_LABEL = PREFIXES["rdfs"] + "label"


def statement_classes(ontology: Iterable[Triple]) -> tuple[set[str], dict[str, set[str]]]:
    """rrp:Statement and its subclasses down to two levels (the depth the queries allowed, and the ontology's)
    that have a label, and every class's direct superclasses."""
    parents: dict[str, set[str]] = {}
    labelled: set[str] = set()
    for s, p, o in ontology:
        if str(p) == _SUBCLASS:
            parents.setdefault(str(s), set()).add(str(o))
        elif str(p) == _LABEL:
            labelled.add(str(s))
    top = ONTOLOGY + "Statement"
    kinds = {c for c in labelled
             if c == top or top in parents.get(c, ()) or any(top in parents.get(u, ()) for u in parents.get(c, ()))}
    return kinds, parents


def most_specific(types: set[str], kinds: set[str], parents: dict[str, set[str]]) -> list[str]:
    """The statement classes among `types` that no other of `types` directly narrows (normally one)."""
    return sorted(c for c in types & kinds if not any(c in parents.get(n, ()) and n != c for n in types))


def summary_triples(triples: Iterable[Triple], ontology: Iterable[Triple]) -> list[Triple]:
    """The derived triples for a graph's `triples` (rdflib terms), given the ontology's triples."""
    from rdflib import RDF, RDFS, Literal, URIRef
    from rdflib.namespace import XSD, Namespace

    rrp, prov = Namespace(ONTOLOGY), Namespace(PREFIXES["prov"])
    kinds, parents = statement_classes(ontology)
    statement_type = URIRef(ONTOLOGY + "Statement")
    types: dict[URIRef, set[str]] = {}
    mention_of: dict[URIRef, URIRef] = {}
    in_statement: dict[URIRef, URIRef] = {}
    as_partner: set[URIRef] = set()
    region: dict[URIRef, list[URIRef]] = {}
    shared: dict[URIRef, bool] = {}
    link_partner: dict[URIRef, URIRef] = {}
    link_pathway: dict[URIRef, URIRef] = {}
    link_own: dict[URIRef, int] = {}
    statements: set[URIRef] = set()
    true = Literal(True)
    # One pass, keeping only the predicates the rules read. A dict finds each triple's predicate: an if/elif
    # chain of rdflib term comparisons (Python-level __eq__, ~0.65 µs each) took 10 s at 100 documents.
    keep = {RDF.type: 0, rrp.mentionOf: 1, rrp.inStatement: 2, rrp.asPartner: 3, rrp.region: 4,
            rrp.sharedNationalText: 5, rrp.partner: 6, rrp.pathway: 7, rrp.statementCount: 8, RDFS.label: 9,
            rrp.year: 10}
    pathways_of: dict[URIRef, set[URIRef]] = {}  # a statement has several; a link one (link_pathway)
    label_of: dict[URIRef, str] = {}
    year_of: dict[URIRef, int] = {}
    top = str(statement_type)
    for s, p, o in triples:
        code = keep.get(p)
        if code is None:
            continue
        if code == 0:
            kind = str(o)
            types.setdefault(s, set()).add(kind)
            if kind == top:
                statements.add(s)
        elif code == 1:
            mention_of[s] = o
        elif code == 2:
            in_statement[s] = o
        elif code == 3:
            if o == true:
                as_partner.add(s)
        elif code == 4:
            region.setdefault(s, []).append(o)
        elif code == 5:
            shared[s] = o == true
        elif code == 6:
            link_partner[s] = o
        elif code == 7:
            link_pathway[s] = o
            pathways_of.setdefault(s, set()).add(o)
        elif code == 8:
            link_own[s] = int(o)
        elif code == 9:
            label_of[s] = str(o)
        else:
            year_of[s] = int(str(o))  # an xsd:gYear of four digits (the shapes)
    labels: dict[URIRef, set[str]] = {}  # the pathways' labels are the ontology's (which `triples` may leave out)
    for s, p, o in ontology:
        if p == RDFS.label:
            labels.setdefault(s, set()).add(str(o))

    out: list[Triple] = []
    out += _region_summaries(types, region, shared, as_partner, mention_of, in_statement)
    out += _listing_positions(types, region, label_of, year_of)
    for statement in sorted(statements):
        for kind in most_specific(types[statement], kinds, parents):
            out.append((statement, rrp.statementKind, URIRef(kind)))
        # GROUP_CONCAT(DISTINCT) of the labels, as the queries did, in a fixed order
        names = sorted({name for pathway in pathways_of.get(statement, ()) for name in labels.get(pathway, ())})
        if names:
            out.append((statement, rrp.pathwayList, Literal(LIST_SEPARATOR.join(names))))

    # partners.rq and shared-partners.rq: mentions with rrp:asPartner true, in a statement; its region(s) and
    # whether it is shared national text; the pathways of the partner's links (own: rrp:statementCount > 0).
    regions: dict[URIRef, tuple[set, set]] = {}
    mentions: dict[URIRef, list[int]] = {}
    for mention in as_partner:
        partner, statement = mention_of.get(mention), in_statement.get(mention)
        if partner is None or statement is None or statement not in shared:
            continue
        own = not shared[statement]
        named = regions.setdefault(partner, (set(), set()))
        counts = mentions.setdefault(partner, [0, 0])
        for place in region.get(statement, ()):
            named[1].add(place)
            if own:
                named[0].add(place)
        if region.get(statement):
            counts[1] += 1
            counts[0] += own
    pathways: dict[URIRef, tuple[set, set]] = {}
    for link, partner in link_partner.items():
        if link in link_pathway and link in link_own:
            found = pathways.setdefault(partner, (set(), set()))
            found[1].add(link_pathway[link])
            if link_own[link] > 0:
                found[0].add(link_pathway[link])
    build = URIRef(instance("activity", "build"))

    def integer(n: int) -> Literal:
        return Literal(n, datatype=XSD.integer)

    for partner in sorted(regions):
        own_regions, all_regions = regions[partner]
        if not all_regions:
            continue
        own_pathways, all_pathways = pathways.get(partner, (set(), set()))
        kind, local = str(partner).rsplit("/", 2)[1:]  # org/dwp, programme/…: kinds may share a local name
        node = URIRef(instance("partner-summary", f"{kind}-{local}"))
        out += [(node, RDF.type, rrp.PartnerSummary), (node, rrp.summaryOf, partner),
                (node, rrp.rule, Literal(PARTNER_RULE)), (node, prov.wasGeneratedBy, build),
                (node, rrp.regionCount, integer(len(own_regions))),
                (node, rrp.regionCountWithShared, integer(len(all_regions))),
                (node, rrp.pathwayCount, integer(len(own_pathways))),
                (node, rrp.pathwayCountWithShared, integer(len(all_pathways))),
                (node, rrp.partnerMentionCount, integer(mentions[partner][0])),
                (node, rrp.partnerMentionCountWithShared, integer(mentions[partner][1]))]
        out += [(node, rrp.partnerRegion, place) for place in sorted(own_regions)]
        out += [(node, rrp.partnerRegionWithShared, place) for place in sorted(all_regions)]
    return out


def _region_summaries(types: dict, region: dict, shared: dict, as_partner: set, mention_of: dict,
                      in_statement: dict) -> list[Triple]:
    """regions.rq's counts, per rrp:Region: rrp:region of documents, commitments, progress statements and
    quantified targets (each subject once), and the partners named (rrp:asPartner true) in its own statements."""
    from rdflib import RDF, Literal, URIRef
    from rdflib.namespace import XSD, Namespace

    rrp, prov = Namespace(ONTOLOGY), Namespace(PREFIXES["prov"])
    counted = {"PlanDocument": rrp.documentCount, "Commitment": rrp.commitmentCount,
               "OutcomeProgress": rrp.progressCount, "QuantifiedTarget": rrp.quantifiedTargetCount}
    regions = sorted(s for s, found in types.items() if ONTOLOGY + "Region" in found)
    counts = {r: dict.fromkeys(counted.values(), 0) for r in regions}
    for subject, places in region.items():
        kinds = types.get(subject, ())
        for local, prop in counted.items():
            if ONTOLOGY + local in kinds:
                for place in set(places):
                    if place in counts:
                        counts[place][prop] += 1
    partners: dict = {r: set() for r in regions}
    for mention in as_partner:
        partner, statement = mention_of.get(mention), in_statement.get(mention)
        if partner is None or statement is None or shared.get(statement, True):
            continue  # own text only: rrp:sharedNationalText false
        for place in region.get(statement, ()):
            if place in partners:
                partners[place].add(partner)
    build = URIRef(instance("activity", "build"))
    out: list[Triple] = []
    for place in regions:
        if not any(counts[place].values()) and not partners[place]:
            continue  # regions.rq lists a region only where something counts
        node = URIRef(instance("region-summary", str(place).rsplit("/", 1)[1]))
        out += [(node, RDF.type, rrp.RegionSummary), (node, rrp.summaryOf, place),
                (node, rrp.rule, Literal(REGION_RULE)), (node, prov.wasGeneratedBy, build)]
        out += [(node, prop, Literal(n, datatype=XSD.integer)) for prop, n in counts[place].items()]
        out.append((node, rrp.partnerCount, Literal(len(partners[place]), datatype=XSD.integer)))
    return out


def _listing_positions(types: dict, region: dict, label_of: dict, year_of: dict) -> list[Triple]:
    """rrp:listingPosition of every rrp:PlanDocument: 1, 2, … in the order of `ORDER BY STR(?region) ?year
    STR(?document)` (labels compared as strings, code point by code point, as SPARQL engines do), the IRI last
    so that no two documents share a place."""
    from rdflib import Literal
    from rdflib.namespace import XSD, Namespace

    rrp = Namespace(ONTOLOGY)
    documents = [s for s, found in types.items() if ONTOLOGY + "PlanDocument" in found]

    def key(document: object) -> tuple:
        places = region.get(document) or [""]
        return (min(label_of.get(place, "") for place in places), year_of.get(document, 0),
                label_of.get(document, ""), str(document))

    return [(document, rrp.listingPosition, Literal(n, datatype=XSD.integer))
            for n, document in enumerate(sorted(documents, key=key), start=1)]
