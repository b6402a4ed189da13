"""Network views: networkx graphs derived from the RDF graph by SPARQL queries run through the engine.

    partner-pathway         partners ↔ pathways; weight = statements naming the partner on the pathway
    region-partner          regions ↔ partners; weight = the region's statements naming the partner
    region-pathway-partner  the three together (region–pathway weight = the region's statements on the
                            pathway that name a partner)
    partner-copresence      partners linked when named in the same statement; weight = such statements
    knowledge-graph         the graph's resources (Web Annotation spans, selectors, mentions and the
                            ontology's own terms left out); literals become node attributes

Every view answers the same filters (`Filters`): region, pathway, partner and include_shared. Values are
resolved to IRIs with `queries.resolve` and bound as terms, never pasted into query text. Partners are
the mentions that name one (`rrp:asPartner true`: organisations, and programmes the text calls partners), a
partner meets a pathway only through its `rrp:LinkEvidence` (as in queries/partners-by-pathway.rq), and
national passages (`rrp:sharedNationalText true`) are left out unless include_shared is true.

Nodes carry type, label, iri, regions, degree, weighted_degree, betweenness and community; edges carry
weight (and regions where it means something). `graph.graph["evidence"]` maps partner and pathway nodes
to the statements behind them (text, document, theme) for page tooltips; exports leave it out.

networkx is imported inside functions: importing this module stays cheap.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from rrp_graph.errors import QueryError, shown
from rrp_graph.query.sparql import Term

if TYPE_CHECKING:
    import networkx as nx

    from rrp_graph.query.engine import Engine

RRP = "https://w3id.org/rrp-graph/ontology#"
ORG = "http://www.w3.org/ns/org#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
COMMUNITY_SEED = 42
BETWEENNESS_SAMPLE = 200

VIEWS: dict[str, str] = {
    "partner-pathway": "Partners and the resettlement pathways their statements speak to; "
                       "edge width = number of statements.",
    "region-partner": "Regions and the partners their plans name; edge width = number of statements.",
    "region-pathway-partner": "Regions, partners and pathways together: who works on what, where.",
    "partner-copresence": "Partners linked when the same statement names them both; "
                          "edge width = number of such statements.",
    "knowledge-graph": "The knowledge graph's resources (documents, statements, partners, concepts …) "
                       "and the links between them.",
    "commitment-progress": "Commitments and the progress statements that report on them, commitments coloured by "
                           "tracker status (reported, partial, none); edge width 2 for a strong link, 1 for a weak "
                           "one.",
}
TITLES = {
    "partner-pathway": "Partners and pathways",
    "region-partner": "Regions and partners",
    "region-pathway-partner": "Regions, pathways and partners",
    "partner-copresence": "Partners named together",
    "knowledge-graph": "The knowledge graph",
    "commitment-progress": "Commitments and their reported progress",
}

# Node types of the knowledge-graph view, most specific first: a resource takes the first that fits.
KG_TYPES: tuple[tuple[str, str], ...] = (
    (f"{RRP}Region", "region"),
    (f"{RRP}PlanDocument", "document"),
    (f"{RRP}Pathway", "pathway"),
    (f"{RRP}Cohort", "cohort"),
    (f"{RRP}Theme", "theme"),
    (f"{RRP}Metric", "metric"),
    (f"{RRP}Direction", "direction"),
    (f"{RRP}PartnerCategory", "partner"),  # a concept, but named as a partner as organisations are
    (f"{RRP}OrganisationType", "organisation type"),
    (f"{RRP}GlossaryTerm", "glossary term"),
    (f"{RRP}Prison", "prison"),
    (f"{ORG}Organization", "partner"),
    (f"{RRP}Programme", "programme"),
    (f"{RRP}Initiative", "initiative"),  # strategies, policy papers, statutory duties
    ("http://www.w3.org/ns/prov#Person", "person"),
    (f"{ORG}Membership", "membership"),
    (f"{ORG}Role", "role"),
    (f"{RRP}Target", "target"),
    (f"{RRP}Statement", "statement"),
    ("http://www.w3.org/2004/02/skos/core#ConceptScheme", "scheme"),
    ("http://www.w3.org/2004/02/skos/core#Concept", "concept"),
)
# Left out of the knowledge-graph view: annotation plumbing (its offsets live on in the statements' text)
# and the ontology's own classes and properties.
KG_EXCLUDED = (
    "http://www.w3.org/ns/oa#SpecificResource", "http://www.w3.org/ns/oa#TextPositionSelector",
    "http://www.w3.org/ns/oa#TextQuoteSelector", f"{RRP}Mention",
    "http://www.w3.org/2002/07/owl#Class", "http://www.w3.org/2002/07/owl#ObjectProperty",
    "http://www.w3.org/2002/07/owl#DatatypeProperty", "http://www.w3.org/2002/07/owl#Ontology",
)
# Literals not worth carrying as attributes: a document's whole text and its hash.
KG_SKIPPED_LITERALS = (f"{RRP}normalisedText", f"{RRP}contentHash")
LABEL_PREDICATES = ("http://www.w3.org/2000/01/rdf-schema#label", "http://www.w3.org/2004/02/skos/core#prefLabel")
NAMESPACE_PREFIXES = {
    RRP: "rrp", ORG: "org", "http://www.w3.org/2000/01/rdf-schema#": "rdfs",
    "http://www.w3.org/2004/02/skos/core#": "skos", "http://purl.org/dc/terms/": "dcterms",
    "http://www.w3.org/ns/prov#": "prov", "http://www.w3.org/ns/oa#": "oa",
    "http://www.w3.org/2002/07/owl#": "owl", "http://purl.org/vocab/vann/": "vann",
}


@dataclass(frozen=True)
class Filters:
    """What a view is limited to: names (label, alias, slug or IRI) and whether shared text counts."""

    region: str | None = None
    pathway: str | None = None
    partner: str | None = None
    include_shared: bool = False

    def bindings(self, engine: Engine) -> dict[str, Term]:
        from rrp_graph.query import catalogue as queries

        bound: dict[str, Term] = {"_include_shared": Term.literal(self.include_shared)}
        for kind in ("region", "pathway", "partner"):
            value = getattr(self, kind)
            if value:
                bound[f"_{kind}"] = Term.iri(queries.resolve(kind, value, engine, where=f"--{kind}"))
        return bound

    def describe(self) -> str:
        parts = [f"{k} {v}" for k, v in (("region", self.region), ("pathway", self.pathway),
                                          ("partner", self.partner)) if v]
        parts.append("shared national text included" if self.include_shared else "shared national text left out")
        return "; ".join(parts)

    @property
    def any(self) -> bool:
        return bool(self.region or self.pathway or self.partner)


# --- queries -------------------------------------------------------------------------------------

_PREFIXES = """PREFIX rrp: <https://w3id.org/rrp-graph/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX dcterms: <http://purl.org/dc/terms/>
"""

# One row per partner mention × statement (× pathway the link evidence gives that mention, × theme): the
# ground of the four partner views. Partners are the mentions that name a partner (rrp:asPartner), and a
# partner meets a pathway only through rrp:LinkEvidence, as in partners-by-pathway.rq.
# {partner_filter} is one of two fixed fragments.
PARTNER_STATEMENTS = _PREFIXES + """
SELECT DISTINCT ?partner_iri ?partner ?statement ?region_iri ?region ?pathway_iri ?pathway ?text ?order
       ?document ?theme
WHERE {
  ?mention rrp:mentionOf ?partner_iri ; rrp:inStatement ?statement ; rrp:asPartner true .
  ?partner_iri rdfs:label ?partner .
  ?statement rrp:region ?region_iri ; rrp:sharedNationalText ?shared ; rrp:text ?text ; rrp:order ?order ;
             rrp:inDocument ?document_iri .
  FILTER(?shared = false || COALESCE(?_include_shared, false))
  FILTER(!BOUND(?_region) || ?region_iri = ?_region)
  FILTER(!BOUND(?_pathway) || EXISTS { ?any_link rrp:pathway ?_pathway ; rrp:hasLinkEvidence ?any_evidence .
                                       ?any_evidence rrp:evidenceStatement ?statement })
  {partner_filter}
  ?region_iri rdfs:label ?region .
  ?document_iri dcterms:title ?document .
  OPTIONAL { ?link rrp:hasLinkEvidence ?evidence ; rrp:pathway ?pathway_iri .
             ?evidence rrp:partnerMention ?mention .
             ?pathway_iri rdfs:label ?pathway
             FILTER(!BOUND(?_pathway) || ?pathway_iri = ?_pathway) }
  OPTIONAL { ?statement rrp:theme/rdfs:label ?theme }
}"""
# Bipartite views keep only the partner asked for; co-presence keeps the statements that name it.
_ONLY_PARTNER = "FILTER(!BOUND(?_partner) || ?partner_iri = ?_partner)"
_STATEMENTS_OF_PARTNER = ("FILTER(!BOUND(?_partner) || EXISTS { ?other rrp:mentionOf ?_partner ; "
                          "rrp:inStatement ?statement ; rrp:asPartner true })")

# The knowledge-graph view: {scope_s} / {scope_o} keep a resource when it is not excluded and, if it
# carries a region / is a statement, it passes the filters.
_SCOPE = """
  FILTER NOT EXISTS {{ {x} a ?excluded_{n} . FILTER(?excluded_{n} IN ({excluded})) }}
  FILTER(!BOUND(?_region) || NOT EXISTS {{ {x} rrp:region ?any_region_{n} }} || EXISTS {{ {x} rrp:region ?_region }})
  FILTER(!BOUND(?_region) || {x} = ?_region || NOT EXISTS {{ {x} a rrp:Region }})
  FILTER(COALESCE(?_include_shared, false) || NOT EXISTS {{ {x} rrp:sharedNationalText true }})
  FILTER(!BOUND(?_pathway) || NOT EXISTS {{ {x} a rrp:Statement }} || EXISTS {{ {x} rrp:pathway ?_pathway }})
  FILTER(!BOUND(?_partner) || NOT EXISTS {{ {x} a rrp:Statement }} || EXISTS {{ {x} rrp:mentions ?_partner }})"""


def _scope(variable: str, n: int) -> str:
    excluded = ", ".join(f"<{iri}>" for iri in KG_EXCLUDED)
    return _SCOPE.format(x=variable, n=n, excluded=excluded)


KG_NODES = _PREFIXES + "SELECT ?s ?class WHERE {\n  ?s a ?class ." + _scope("?s", 1) + "\n}"
KG_LINKS = (_PREFIXES + "SELECT ?s ?p ?o WHERE {\n  ?s ?p ?o .\n  FILTER(isIRI(?s) && isIRI(?o) && ?p != <"
            + RDF_TYPE + ">)" + _scope("?s", 1) + _scope("?o", 2) + "\n}")
KG_LITERALS = (_PREFIXES + "SELECT ?s ?p ?o WHERE {\n  ?s ?p ?o .\n  FILTER(isIRI(?s) && isLiteral(?o) && ?p NOT IN ("
               + ", ".join(f"<{p}>" for p in KG_SKIPPED_LITERALS) + "))" + _scope("?s", 1) + "\n}")


def _run(engine: Engine, query: str, bindings: dict[str, Term], timeout: float | None) -> list[tuple[Any, ...]]:
    from rrp_graph.query.engine import DEFAULT_TIMEOUT, with_timeout

    used = {name: term for name, term in bindings.items() if f"?{name}" in query}
    return with_timeout(lambda: engine.run(query, used, "SELECT"), timeout or DEFAULT_TIMEOUT, "view query").rows


# One row per commitment (× the progress statement linked to it): the commitment-progress view.
COMMITMENT_LINKS = _PREFIXES + """
SELECT ?commitment ?commitment_text ?status ?region ?progress ?progress_text ?strength ?score
WHERE {
  ?commitment a rrp:Commitment ; rrp:trackingStatus ?status ; rrp:text ?commitment_text ;
              rrp:region ?region_iri ; rrp:sharedNationalText ?shared .
  FILTER(?shared = false || COALESCE(?_include_shared, false))
  FILTER(!BOUND(?_region) || ?region_iri = ?_region)
  FILTER(!BOUND(?_pathway) || EXISTS { ?commitment rrp:pathway ?_pathway })
  FILTER(!BOUND(?_partner) || EXISTS { ?commitment rrp:mentions ?_partner })
  ?region_iri rdfs:label ?region .
  OPTIONAL { ?link rrp:linkedCommitment ?commitment ; rrp:linkedProgress ?progress ; rrp:strength ?strength ;
                   rrp:score ?score . ?progress rrp:text ?progress_text }
}"""

# --- building ------------------------------------------------------------------------------------


def build_view(name: str, engine: Engine, filters: Filters | None = None, *, timeout: float | None = None) -> nx.Graph:
    """The view `name` (one of VIEWS) as an undirected networkx graph with metrics on its nodes."""
    if name not in VIEWS:
        raise QueryError(f"unknown view {shown(name)} (choose from {', '.join(VIEWS)})")
    filters = filters or Filters()
    bindings = filters.bindings(engine)
    if name == "knowledge-graph":
        graph = _knowledge_graph(engine, bindings, filters, timeout)
    elif name == "commitment-progress":
        graph = _commitment_view(_run(engine, COMMITMENT_LINKS, bindings, timeout))
    else:
        fragment = _STATEMENTS_OF_PARTNER if name == "partner-copresence" else _ONLY_PARTNER
        rows = _run(engine, PARTNER_STATEMENTS.replace("{partner_filter}", fragment), bindings, timeout)
        graph = _partner_view(name, rows)
    graph.graph.update(view=name, title=TITLES[name], description=VIEWS[name], filters=filters.describe())
    add_metrics(graph)
    return graph


@dataclass
class _Statement:
    iri: str
    text: str
    order: int
    document: str
    region: str
    themes: set[str]
    pathways: dict[str, dict[str, str]]  # partner iri -> the pathways its link evidence here gives (iri -> label)
    partners: dict[str, str]  # iri -> label

    def all_pathways(self) -> dict[str, str]:
        return {iri: label for pathways in self.pathways.values() for iri, label in pathways.items()}


def _statements(rows: list[tuple[Any, ...]]) -> dict[str, _Statement]:
    statements: dict[str, _Statement] = {}
    for (partner_iri, partner, statement, _region_iri, region, pathway_iri, pathway, text, order, document,
         theme) in rows:
        item = statements.setdefault(statement, _Statement(statement, text, order, document, region, set(), {}, {}))
        item.partners[partner_iri] = partner
        if pathway_iri:
            item.pathways.setdefault(partner_iri, {})[pathway_iri] = pathway
        if theme:
            item.themes.add(theme)
    return statements


def _partner_view(name: str, rows: list[tuple[Any, ...]]) -> nx.Graph:
    import networkx as nx

    graph = nx.Graph()
    statements = _statements(rows)
    region_iris = {row[4]: row[3] for row in rows}
    evidence: dict[str, list[_Statement]] = defaultdict(list)
    edges: dict[tuple[str, str], dict[str, Any]] = {}

    def node(iri: str, kind: str, label: str) -> None:
        if iri not in graph:
            graph.add_node(iri, type=kind, label=label, iri=iri, regions=set())

    def link(a: str, b: str, statement: _Statement) -> None:
        key = (a, b) if a < b else (b, a)
        data = edges.setdefault(key, {"statements": set(), "regions": set()})
        data["statements"].add(statement.iri)
        data["regions"].add(statement.region)

    with_pathways = name in ("partner-pathway", "region-pathway-partner")
    with_regions = name in ("region-partner", "region-pathway-partner")
    for statement in sorted(statements.values(), key=lambda s: (s.document, s.order)):
        partners = statement.partners
        for partner_iri, label in partners.items():
            if name == "partner-pathway" and not statement.pathways.get(partner_iri):
                continue
            node(partner_iri, "partner", label)
            graph.nodes[partner_iri]["regions"].add(statement.region)
            evidence[partner_iri].append(statement)
            if with_regions:
                region_iri = region_iris[statement.region]
                node(region_iri, "region", statement.region)
                graph.nodes[region_iri]["regions"].add(statement.region)
                link(region_iri, partner_iri, statement)
            if with_pathways:
                for pathway_iri in statement.pathways.get(partner_iri, {}):
                    link(partner_iri, pathway_iri, statement)
        if with_pathways:
            for pathway_iri, label in statement.all_pathways().items():
                node(pathway_iri, "pathway", label)
                graph.nodes[pathway_iri]["regions"].add(statement.region)
                evidence[pathway_iri].append(statement)
                if with_regions:
                    link(region_iris[statement.region], pathway_iri, statement)
        if name == "partner-copresence":
            ordered = sorted(partners)
            for i, a in enumerate(ordered):
                for b in ordered[i + 1:]:
                    link(a, b, statement)
    for (a, b), data in sorted(edges.items()):
        relation = "-".join(sorted((graph.nodes[a]["type"], graph.nodes[b]["type"])))
        graph.add_edge(a, b, weight=len(data["statements"]), regions=sorted(data["regions"]), relation=relation)
    for iri, data in graph.nodes(data=True):
        data["regions"] = sorted(data["regions"])
        data["statements"] = len(evidence.get(iri, ()))
    graph.graph["evidence"] = {iri: [_evidence_item(s) for s in items] for iri, items in evidence.items()
                               if iri in graph}
    return graph


def _commitment_view(rows: list[tuple[Any, ...]]) -> nx.Graph:
    import networkx as nx

    graph = nx.Graph()
    for commitment, text, status, region, progress, progress_text, strength, score in rows:
        if commitment not in graph:
            graph.add_node(commitment, type=f"commitment {status}", label=text, iri=commitment, regions={region},
                           status=status)
        if progress:
            if progress not in graph:
                graph.add_node(progress, type="progress", label=progress_text, iri=progress, regions={region})
            graph.add_edge(commitment, progress, weight=2 if strength == "strong" else 1, strength=strength,
                           score=float(score), regions=[region], relation="commitment-progress")
    for _, data in graph.nodes(data=True):
        data["regions"] = sorted(data["regions"])
    graph.graph["evidence"] = {}
    return graph


def _evidence_item(statement: _Statement) -> dict[str, str]:
    return {"text": statement.text, "document": statement.document, "region": statement.region,
            "theme": "; ".join(sorted(statement.themes))}


def _kg_type(classes: set[str]) -> str:
    for iri, kind in KG_TYPES:
        if iri in classes:
            return kind
    return "resource"


def _short(iri: str) -> str:
    for namespace, prefix in NAMESPACE_PREFIXES.items():
        if iri.startswith(namespace):
            return f"{prefix}_{iri[len(namespace):]}"
    return iri.rstrip("/#").rsplit("/", 1)[-1].rsplit("#", 1)[-1]


def _knowledge_graph(engine: Engine, bindings: dict[str, Term], filters: Filters,
                     timeout: float | None) -> nx.Graph:
    import networkx as nx

    graph = nx.Graph()
    classes: dict[str, set[str]] = defaultdict(set)
    for s, cls in _run(engine, KG_NODES, bindings, timeout):
        classes[s].add(cls)
    literals: dict[str, dict[str, list[Any]]] = defaultdict(lambda: defaultdict(list))
    for s, p, o in _run(engine, KG_LITERALS, bindings, timeout):
        literals[s][p].append(o)
    links: dict[tuple[str, str], set[str]] = defaultdict(set)
    for s, p, o in _run(engine, KG_LINKS, bindings, timeout):
        if s != o:
            links[(s, o) if s < o else (o, s)].add(_short(p))
    region_labels = {}
    for iri in sorted(set(classes) | {n for pair in links for n in pair}):
        values = literals.get(iri, {})
        label = next((str(values[p][0]) for p in LABEL_PREDICATES if values.get(p)), None)
        text = values.get(f"{RRP}text")
        if label is None and text:
            label = str(text[0])
        data: dict[str, Any] = {"type": _kg_type(classes.get(iri, set())), "label": label or _short(iri), "iri": iri,
                                "classes": sorted(_short(c) for c in classes.get(iri, ()))}
        for predicate, items in sorted(values.items()):
            key = _short(predicate)
            unique = sorted(set(items), key=str)
            data[key] = unique[0] if len(unique) == 1 else unique
        graph.add_node(iri, **data)
        if data["type"] == "region":
            region_labels[iri] = data["label"]
    for (a, b), predicates in sorted(links.items()):
        graph.add_edge(a, b, weight=len(predicates), predicates=sorted(predicates))
    # A resource's regions: its own rrp:region links (documents, statements, targets), or itself for a region.
    for iri, data in graph.nodes(data=True):
        own = {region_labels[n] for n in graph[iri]
               if n in region_labels and "rrp_region" in graph[iri][n]["predicates"]}
        data["regions"] = sorted(own | ({data["label"]} if iri in region_labels else set()))
    if filters.any:
        graph.remove_nodes_from([n for n, d in graph.degree() if d == 0])
    return graph


# --- metrics -------------------------------------------------------------------------------------


def add_metrics(graph: nx.Graph) -> None:
    """degree, weighted_degree, betweenness (normalised, counted in hops) and community (Louvain, fixed seed)."""
    import networkx as nx
    from networkx.algorithms.community import louvain_communities

    size = graph.number_of_nodes()
    # Exact betweenness is O(nodes × edges): above BETWEENNESS_SAMPLE nodes it is estimated from that many
    # pivots (fixed seed, so the numbers repeat), which takes the knowledge graph from 3.4 s to ~1 s.
    pivots = BETWEENNESS_SAMPLE if size > BETWEENNESS_SAMPLE else None
    betweenness = nx.betweenness_centrality(graph, k=pivots, normalized=True, seed=COMMUNITY_SEED) if size > 2 else {}
    graph.graph["betweenness"] = f"estimated from {pivots} pivots" if pivots else "exact"
    communities = louvain_communities(graph, weight="weight", seed=COMMUNITY_SEED) if graph.number_of_nodes() else []
    ranked = sorted(communities, key=lambda c: (-len(c), min(c)))
    community = {node: index for index, members in enumerate(ranked) for node in members}
    for node, data in graph.nodes(data=True):
        data["degree"] = graph.degree(node)
        weighted = graph.degree(node, weight="weight")
        data["weighted_degree"] = round(weighted, 3) if isinstance(weighted, float) else weighted
        data["betweenness"] = round(betweenness.get(node, 0.0), 6)
        data["community"] = community.get(node, 0)
        data["region_count"] = len(data.get("regions", ()))


METRIC_COLUMNS = ("label", "type", "region_count", "degree", "weighted_degree", "betweenness", "community")
# Short headers for the table of `rrp view metrics`.
METRIC_HEADERS = ("label", "type", "regions", "degree", "weighted", "betweenness", "community")
SORT_KEYS = ("betweenness", "degree", "weighted_degree", "region_count")


def central_nodes(graph: nx.Graph, *, sort: str = "betweenness", node_type: str | None = None,
                  top: int = 15) -> list[dict[str, Any]]:
    """The `top` most central nodes (by `sort`, ties broken by the other measures, then label)."""
    if sort not in SORT_KEYS:
        raise QueryError(f"--sort: unknown measure {shown(sort)} (choose from {', '.join(SORT_KEYS)})")
    rows = [{"id": n, **{c: d.get(c) for c in METRIC_COLUMNS}, "regions": d.get("regions", [])}
            for n, d in graph.nodes(data=True) if node_type is None or d.get("type") == node_type]
    others = [k for k in SORT_KEYS if k != sort]
    rows.sort(key=lambda r: (-r[sort], *(-r[k] for k in others), str(r["label"]).casefold()))
    return rows[:top] if top > 0 else rows


__all__ = ["VIEWS", "Filters", "add_metrics", "build_view", "central_nodes"]
