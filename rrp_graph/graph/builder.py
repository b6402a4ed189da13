"""The knowledge graph: extracted facts as RDF, with provenance for every one of them.

`to_graph` turns a `Corpus` into an rdflib Graph that also holds the ontology (so labels of
themes, pathways and metrics travel with the data); `build` does the whole job from a
corpus folder to a build folder.
"""

from __future__ import annotations

import gc
import re
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

from rrp_graph.errors import BuildError
from rrp_graph.extract.corpus import Corpus, Document, Statement, extract
from rrp_graph.graph.dates import interval
from rrp_graph.graph.model import (
    CONCEPT,
    DATA_LICENCE,
    DIRECTIONS,
    ID,
    INITIATIVE_CLASSES,
    METRICS,
    ONTOLOGY,
    STATEMENT_CLASSES,
    THEMES,
    instance,
    namespaces,
    new_graph,
)
from rrp_graph.graph.store import write_build
from rrp_graph.read.text import slugify
from rrp_graph.resources import ontology_file
from rrp_graph.workspace import locate

if TYPE_CHECKING:
    from rdflib import Graph, URIRef

CONTEXT_CHARS = 32

# Statement classes and the superclasses asserted with them, so that plain SPARQL (and any
# triple store, with or without inference) finds an Objective when it asks for Commitments.
_SUPERCLASSES = {
    "Objective": ("Commitment",),
    "Activity": ("Commitment",),
    "QuantifiedTarget": ("Target",),
    "QualitativeTarget": ("Target",),
}
_ORG_KINDS = {"org": "org", "prison": "prison", "programme": "programme"}


@dataclass
class BuildSummary:
    documents: int
    regions: int
    statements: dict[str, int]
    targets: int
    quantified_targets: int
    organisations: int
    triples: int
    warnings: list[str] = field(default_factory=list)


def load_ontology(graph: Graph) -> None:
    graph.parse(ontology_file(), format="turtle")


Triple = tuple  # (subject, predicate, object) as rdflib terms
_IRI_UNSAFE = re.compile(r'[\x00-\x20<>"{}|^`\\]')


class _TermCache:
    """A namespace whose terms are made once: rdflib builds (and validates) a new URIRef on every access."""

    def __init__(self, namespace) -> None:
        self._namespace = namespace

    def __getattr__(self, name: str):
        term = getattr(self._namespace, name)
        setattr(self, name, term)
        return term

    def __getitem__(self, name: str):
        return self.__getattr__(name)


class _Literals:
    """Literals made once per value: rdflib's Literal() casts and checks on every call (most of the build's
    time in to_triples), and offsets, orders, years, flags and labels recur thousands of times."""

    def __init__(self, literal_class) -> None:
        self._make = literal_class
        self._made: dict[tuple, object] = {}

    def __call__(self, value, lang: str | None = None, datatype=None):
        # equal is not the same: Decimal("1.0") == Decimal("1.00"), but their literals differ
        key = (type(value), value if type(value) in (str, int, bool) else repr(value), lang, datatype)
        if (literal := self._made.get(key)) is None:
            literal = self._made[key] = self._make(value, lang=lang, datatype=datatype)
        return literal


class _Writer:
    """Adds one corpus to an ordered set (a dict) of triples; small helpers keep each fact on one line.

    A plain dict, not an rdflib Graph: adding to a Graph costs ~60 µs a triple (its indexes), which made
    a thousand-document build spend minutes on bookkeeping that the build never uses.
    """

    def __init__(self, triples: dict[Triple, None]) -> None:
        from rdflib import RDF, RDFS, XSD, Literal, URIRef

        self.g, self.Literal, self.URIRef = triples, _Literals(Literal), URIRef
        # (document, entity, start, end) -> mention IRI; and how often each owner named each entity so far
        self._mentions: dict[tuple[str, str, int, int], URIRef] = {}
        self._occurrences: Counter[tuple[str, str]] = Counter()
        self._described: dict[tuple[str, str], URIRef] = {}
        self.RDF, self.RDFS, self.XSD = _TermCache(RDF), _TermCache(RDFS), _TermCache(XSD)
        self.ns = {prefix: _TermCache(namespace) for prefix, namespace in namespaces().items()}
        self.rrp = self.ns["rrp"]
        self.parent: URIRef | None = None  # HMPPS, whose units the regions are (none without data/gazetteer/hmpps.csv)

    def iri(self, kind: str, slug: str) -> URIRef:
        return self.URIRef(instance(kind, slug))

    def concept(self, local: str) -> URIRef:
        return self.URIRef(CONCEPT + local)

    def add(self, s, p, o) -> None:
        self.g[(s, p, o)] = None

    def text(self, value: str):
        return self.Literal(value)

    def label(self, node: URIRef, text: str) -> None:
        """The one label policy (docs/MODEL.md): skos:prefLabel and rdfs:label, the same words, both @en, so
        `?x rdfs:label "Accommodation"@en` finds concepts and instances alike and SKOS tools see a prefLabel."""
        words = self.Literal(text, lang="en")
        self.add(node, self.RDFS.label, words)
        self.add(node, self.ns["skos"].prefLabel, words)

    def span(self, owner_slug: str, document: Document, doc_iri: URIRef, start: int, end: int) -> URIRef:
        """An oa:SpecificResource with a position and a quote selector over the normalised text."""
        oa, L = self.ns["oa"], self.Literal
        text = document.source.text
        span = self.iri("span", owner_slug)
        position, quote = self.iri("span", owner_slug + "-position"), self.iri("span", owner_slug + "-quote")
        self.add(span, self.RDF.type, oa.SpecificResource)
        self.add(span, oa.hasSource, doc_iri)
        self.add(span, oa.hasSelector, position)
        self.add(span, oa.hasSelector, quote)
        self.add(position, self.RDF.type, oa.TextPositionSelector)
        self.add(position, oa.start, L(start, datatype=self.XSD.integer))
        self.add(position, oa.end, L(end, datatype=self.XSD.integer))
        self.add(quote, self.RDF.type, oa.TextQuoteSelector)
        self.add(quote, oa.exact, L(text[start:end]))
        self.add(quote, oa.prefix, L(text[max(0, start - CONTEXT_CHARS):start]))
        self.add(quote, oa.suffix, L(text[end:end + CONTEXT_CHARS]))
        return span

    def dates(self, node: URIRef, value: str, kind: str, start_property: str, end_property: str) -> None:
        """The first and last day `value` (a month, year or span of years) covers, as comparable xsd:dates."""
        if span := interval(value, kind):
            self.add(node, self.rrp[start_property], self.Literal(span[0].isoformat(), datatype=self.XSD.date))
            self.add(node, self.rrp[end_property], self.Literal(span[1].isoformat(), datatype=self.XSD.date))

    def dataset(self, corpus: Corpus, created: str | None) -> None:
        """A VoID/DCAT description of the graph and a prov:Activity for the build that made it."""
        import os
        from datetime import datetime

        from rrp_graph import __version__

        if created is None:
            epoch = os.environ.get("SOURCE_DATE_EPOCH")  # reproducible builds' convention for a fixed time
            moment = datetime.fromtimestamp(int(epoch), UTC) if epoch and epoch.isdigit() else None
            created = (moment or datetime.now(UTC)).replace(microsecond=0).isoformat()
        L, XSD, ns = self.Literal, self.XSD, self.ns
        dcterms, prov, void, dcat = ns["dcterms"], ns["prov"], ns["void"], ns["dcat"]
        data_triples = len(self.g)  # before the description itself: what void:triples counts
        dataset, activity = self.iri("dataset", "graph"), self.iri("activity", "build")
        software = self.iri("software", f"rrp-graph-{slugify(__version__)}")
        when = L(created, datatype=XSD.dateTime)
        self.add(dataset, self.RDF.type, void.Dataset)
        self.add(dataset, self.RDF.type, dcat.Dataset)
        self.add(dataset, dcterms.title, L("Regional Reducing Reoffending Plans: knowledge graph", lang="en"))
        self.add(dataset, dcterms.description, L(
            f"{len(corpus.documents)} plan documents of HM Prison and Probation Service's probation regions, as "
            "statements, targets, partners and commitments, each with the span of text it came from.", lang="en"))
        self.add(dataset, dcterms.license, self.URIRef(DATA_LICENCE))
        self.add(dataset, dcterms.created, when)
        self.add(dataset, void.triples, L(data_triples, datatype=XSD.integer))
        self.add(dataset, void.vocabulary, self.URIRef(ONTOLOGY.rstrip("#")))
        self.add(dataset, void.uriSpace, L(ID))
        self.add(dataset, prov.wasGeneratedBy, activity)
        self.add(activity, self.RDF.type, prov.Activity)
        self.label(activity, f"rrp build of {len(corpus.documents)} documents")
        self.add(activity, prov.endedAtTime, when)
        self.add(activity, prov.wasAssociatedWith, software)
        self.add(software, self.RDF.type, prov.SoftwareAgent)
        self.label(software, f"rrp-graph {__version__}")
        for document in corpus.documents:
            doc = self.iri("document", document.slug)
            self.add(activity, prov.used, doc)
            self.add(dataset, dcterms.source, doc)
            self.add(doc, dcterms.license, self.URIRef(DATA_LICENCE))

    def document(self, document: Document) -> tuple[URIRef, URIRef]:
        info, dcterms, L = document.info, self.ns["dcterms"], self.Literal
        region = self.iri("region", slugify(info.region))
        self.add(region, self.RDF.type, self.rrp.Region)
        self.label(region, info.region)
        if self.parent is not None:  # both directions: ORG's inverses, for stores that do not infer
            self.add(region, self.ns["org"].unitOf, self.parent)
            self.add(self.parent, self.ns["org"].hasUnit, region)
        doc = self.iri("document", info.slug)
        self.add(doc, self.RDF.type, self.rrp.PlanDocument)
        self.add(doc, self.RDF.type, self.rrp.AnnualUpdate if info.kind == "annual-update" else self.rrp.ThreeYearPlan)
        self.label(doc, info.title)
        self.add(doc, dcterms.title, L(info.title))
        self.add(doc, dcterms.identifier, L(info.slug))
        self.add(doc, dcterms.source, L(document.source.name))
        self.add(doc, self.rrp.region, region)
        if info.period:
            self.add(doc, self.rrp.period, L(info.period))
            self.dates(doc, info.period, "span", "periodStart", "periodEnd")
        self.add(doc, self.rrp.year, L(str(info.year), datatype=self.XSD.gYear))
        if info.edition:
            self.add(doc, self.rrp.edition, L(info.edition))
        if info.unit:
            self.add(doc, self.rrp.deliveryUnit, L(info.unit))
        if self.parent is not None and info.publisher_span:  # the title page names its publisher
            self.add(doc, dcterms.publisher, self.parent)
            self.add(doc, self.rrp.publisherStatedAt, self.span(f"publisher-{info.slug}", document, doc,
                                                                *info.publisher_span))
        self.add(doc, self.rrp.contentHash, L(document.source.sha256))
        self.add(doc, self.rrp.normalisedText, L(document.source.text))
        for note in info.notes:
            self.add(doc, self.rrp.identificationNote, L(note))
        return doc, region

    def statement(self, statement: Statement, document: Document, doc: URIRef, region: URIRef) -> None:
        rrp, L, passage = self.rrp, self.Literal, statement.passage
        node = self.iri("statement", statement.slug)
        cls = STATEMENT_CLASSES[statement.kind]
        for name in (cls, *_SUPERCLASSES.get(cls, ()), "Statement"):
            self.add(node, self.RDF.type, rrp[name])
        label = statement.text if len(statement.text) <= 80 else statement.text[:79].rstrip() + "…"
        self.label(node, label)
        self.add(node, rrp.text, L(statement.text))
        self.add(node, rrp.inDocument, doc)
        self.add(node, self.ns["dcterms"].isPartOf, doc)  # containment; its words are quoted from it, too
        self.add(node, self.ns["prov"].wasDerivedFrom, doc)
        self.add(node, rrp.region, region)
        if passage.theme:
            self.add(node, rrp.theme, self.concept(THEMES[passage.theme]))
            self.add(node, rrp.themeHeading, L(passage.theme_heading))
        for local in statement.concepts:
            self.add(node, rrp.pathway if local.startswith("pathway-") else rrp.cohort, self.concept(local))
        for index, cue in enumerate(statement.cues):
            self.tag_evidence(node, statement, index, cue, document, doc)
        self.add(node, rrp.section, L(passage.section))
        self.add(node, rrp.order, L(passage.order, datatype=self.XSD.integer))
        self.add(node, rrp.sharedNationalText, L(statement.shared))
        if statement.national is not None:
            self.national_evidence(node, statement, document, doc)
        self.add(node, rrp.hasSpan, self.span(statement.slug, document, doc, passage.start, passage.end))
        if statement.target:
            self.target(node, statement)
        for match in statement.mentions:
            entity = self.entity(match.entity)
            self.add(node, rrp.mentions, entity)
            mention = self.mention(entity, document, doc, match.start, match.end, node, statement.slug)
            self.add(mention, rrp.asPartner, L(match.partner))
            if match.rule != "gazetteer":
                self.add(mention, rrp.rule, L(match.rule))

    def tag_evidence(self, node: URIRef, statement: Statement, index: int, cue, document: Document,
                     doc: URIRef) -> None:
        """Why a statement is tagged with a pathway or cohort: the rule and, for words, their span."""
        rrp, L = self.rrp, self.Literal
        slug = f"{statement.slug}-{index}"
        evidence = self.iri("tag-evidence", slug)
        self.add(node, rrp.hasTagEvidence, evidence)
        self.add(evidence, self.RDF.type, rrp.TagEvidence)
        self.add(evidence, rrp.tag, self.concept(cue.concept))
        self.add(evidence, rrp.rule, L(cue.rule))
        self.add(evidence, rrp.cueText, L(cue.words))
        if cue.start is not None:
            self.add(evidence, rrp.hasSpan, self.span(f"cue-{slug}", document, doc, cue.start, cue.end))

    def national_evidence(self, node: URIRef, statement: Statement, document: Document, doc: URIRef) -> None:
        rrp, L, why = self.rrp, self.Literal, statement.national
        evidence = self.iri("national-evidence", statement.slug)
        self.add(node, rrp.hasNationalEvidence, evidence)
        self.add(evidence, self.RDF.type, rrp.NationalTextEvidence)
        self.add(evidence, rrp.rule, L(why.rule))
        if why.passage:
            self.add(evidence, rrp.sharedPassage, self.iri("shared-passage", why.passage))
        if why.start is not None:
            self.add(evidence, rrp.hasSpan, self.span(f"national-{statement.slug}", document, doc, why.start,
                                                       why.end))

    def shared_passages(self, corpus: Corpus) -> None:
        """One rrp:SharedPassage per passage repeated word for word in two or more regions' documents, with
        every document holding it: what a twin-passage judgement of national text rests on."""
        for passage, slugs in corpus.shared_passages.items():
            node = self.iri("shared-passage", passage)
            self.add(node, self.RDF.type, self.rrp.SharedPassage)
            for slug in slugs:
                self.add(node, self.rrp.occursIn, self.iri("document", slug))

    def links(self, corpus: Corpus) -> None:
        """One rrp:PartnerPathwayLink per (partner, pathway, region), with its evidence and counts."""
        rrp, L, XSD = self.rrp, self.Literal, self.XSD
        grouped: dict[tuple, list] = {}
        for document in corpus.documents:
            for statement in document.statements:
                for evidence in statement.links:
                    key = (evidence.partner.entity, evidence.pathway, document.info.region)
                    grouped.setdefault(key, []).append((document, statement, evidence))
        for (entity, pathway, region), items in grouped.items():
            link = self.iri("link", f"{entity.id}-{pathway.removeprefix('pathway-')}-{slugify(region)}")
            self.add(link, self.RDF.type, rrp.PartnerPathwayLink)
            self.add(link, rrp.partner, self.entity(entity))
            self.add(link, rrp.pathway, self.concept(pathway))
            self.add(link, rrp.region, self.iri("region", slugify(region)))
            for suffix, chosen in (("", [i for i in items if not i[1].shared]), ("WithShared", items)):
                statements = {id(s) for _, s, _ in chosen}
                mentions = {(d.slug, e.partner.start) for d, _, e in chosen}
                words = any(e.rule != "theme-section" for _, _, e in chosen)
                self.add(link, rrp["statementCount" + suffix], L(len(statements), datatype=XSD.integer))
                self.add(link, rrp["mentionCount" + suffix], L(len(mentions), datatype=XSD.integer))
                self.add(link, rrp["wordsEvidence" + suffix], L(words))
            for number, (document, statement, evidence) in enumerate(items):
                node = self.iri("link-evidence", f"{link.rsplit('/', 1)[1]}-{number}")
                mention = self._mentions[(document.slug, str(self.entity(entity)), evidence.partner.start,
                                          evidence.partner.end)]
                self.add(link, rrp.hasLinkEvidence, node)
                self.add(node, self.RDF.type, rrp.LinkEvidence)
                self.add(node, rrp.evidenceStatement, self.iri("statement", statement.slug))
                self.add(node, rrp.partnerMention, mention)
                self.add(node, rrp.rule, L(evidence.rule))
                self.add(node, rrp.fromNationalText, L(statement.shared))
                tag = self.iri("tag-evidence", f"{statement.slug}-{statement.cues.index(evidence.cue)}")
                self.add(node, rrp.tagEvidence, tag)

    def target(self, node: URIRef, statement: Statement) -> None:
        rrp, L, XSD, t = self.rrp, self.Literal, self.XSD, statement.target
        self.add(node, rrp.metric, self.concept(METRICS[t.metric]))
        self.add(node, rrp.direction, self.concept(DIRECTIONS[t.direction]))
        self.add(node, rrp.baselineValue, L(t.baseline, datatype=XSD.decimal))
        if t.baseline_date:
            self.add(node, rrp.baselineDate, L(t.baseline_date, datatype=XSD.gYearMonth))
            self.dates(node, t.baseline_date, "month", "baselineStart", "baselineEnd")
        if t.change is not None:
            self.add(node, rrp.changePercentagePoints, L(t.change, datatype=XSD.decimal))
        if t.target is not None:
            self.add(node, rrp.targetValue, L(t.target, datatype=XSD.decimal))
        if t.deadline:
            self.add(node, rrp.deadline, L(t.deadline, datatype=XSD.gYearMonth))
            self.dates(node, t.deadline, "month", "deadlineStart", "deadlineEnd")

    def tracking(self, corpus: Corpus) -> None:
        """The commitment tracker: each commitment's status and details, each progress link, unanswered progress."""
        rrp, L, XSD, tracking = self.rrp, self.Literal, self.XSD, corpus.tracking
        datatypes = {"gYearMonth": XSD.gYearMonth, "gYear": XSD.gYear, "decimal": XSD.decimal,
                     "integer": XSD.integer, "string": None}
        for document in corpus.documents:
            doc = self.iri("document", document.slug)
            for statement in document.statements:
                node = self.iri("statement", statement.slug)
                if id(statement) in tracking.status:
                    self.add(node, rrp.trackingStatus, L(tracking.status[id(statement)]))
                    self.add(node, rrp.trackingRule, L(tracking.rules[id(statement)]))
                    if note := tracking.notes.get(id(statement)):
                        self.add(node, rrp.trackingNote, L(note))
                    for index, detail in enumerate(tracking.details.get(id(statement), ())):
                        item = self.iri("commitment-detail", f"{statement.slug}-{index}")
                        self.add(node, rrp.hasDetail, item)
                        self.add(item, self.RDF.type, rrp.CommitmentDetail)
                        self.add(item, rrp.detailKind, L(detail.kind))
                        self.add(item, rrp.detailValue, L(detail.value, datatype=datatypes[detail.datatype]))
                        self.add(item, rrp.cueText, L(detail.words))
                        if detail.kind == "deadline":
                            kind = {"gYearMonth": "month", "gYear": "year"}.get(detail.datatype, "span")
                            self.dates(item, detail.value, kind, "detailStart", "detailEnd")
                        if detail.unit:
                            self.add(item, rrp.unit, L(detail.unit))
                        self.add(item, rrp.hasSpan, self.span(f"detail-{statement.slug}-{index}", document, doc,
                                                              detail.start, detail.end))
                        if detail.kind == "firmness":
                            self.add(node, rrp.firmness, L(detail.value))
                    deadlines = [d.value for d in tracking.details.get(id(statement), ()) if d.kind == "deadline"]
                    if deadlines:  # for the tracker query: a lookup, not an aggregate (Virtuoso plans those badly)
                        self.add(node, rrp.latestDeadline, L(max(deadlines)))
                elif statement.kind == "progress":
                    self.add(node, rrp.answersCommitment, L(id(statement) in tracking.answered))
        for link in tracking.links:
            node = self.iri("progress-link", f"{link.commitment.slug}-{link.progress.slug}")
            self.add(node, self.RDF.type, rrp.ProgressLink)
            self.add(node, rrp.linkedCommitment, self.iri("statement", link.commitment.slug))
            self.add(node, rrp.linkedProgress, self.iri("statement", link.progress.slug))
            self.add(node, rrp.score, L(Decimal(str(link.score)), datatype=XSD.decimal))
            self.add(node, rrp.strength, L(link.strength))
            self.add(node, rrp.rule, L(link.rule))
            self.add(node, rrp.sameTheme, L(link.same_theme))
            for term in link.terms:
                self.add(node, rrp.sharedTerm, L(term))
            labels = []
            for entity in link.entities:
                named = next(m.entity for m in link.commitment.mentions if m.entity.id == entity)
                self.add(node, rrp.sharedEntity, self.entity(named))
                labels.append(named.label)
            self.add(node, rrp.evidenceText, L("; ".join(sorted({*labels, *link.terms}))))

    def mention(self, entity: URIRef, document: Document, doc: URIRef, start: int, end: int,
                statement: URIRef | None, owner: str) -> URIRef:
        """A mention of `entity` at start:end, named by its owner (a statement, or the document for a person
        named outside statements), the entity and the occurrence number: offsets change when text moves,
        these do not."""
        local = entity.rsplit("/", 1)[1]
        self._occurrences[(owner, local)] += 1
        node = self.iri("mention", f"{owner}-{local}-{self._occurrences[(owner, local)]}")
        self._mentions[(document.slug, str(entity), start, end)] = node
        slug = node.rsplit("/", 1)[1]
        self.add(node, self.RDF.type, self.rrp.Mention)
        self.add(node, self.rrp.mentionOf, entity)
        self.add(node, self.rrp.inDocument, doc)
        if statement is not None:
            self.add(node, self.rrp.inStatement, statement)
        span = self.span("m-" + slug, document, doc, start, end)
        self.add(node, self.rrp.hasSpan, span)
        oa = self.ns["oa"]  # a Web Annotation: the span is its target, the entity its body
        self.add(node, self.RDF.type, oa.Annotation)
        self.add(node, oa.hasTarget, span)
        self.add(node, oa.hasBody, entity)
        self.add(node, oa.motivatedBy, oa.identifying)
        return node

    def entity(self, entity) -> URIRef:
        # described once: every mention asks, and re-adding the same triples cost a large build seconds
        if (known := self._described.get((entity.kind, entity.id))) is not None:
            return known
        node = self._described[(entity.kind, entity.id)] = self.iri(_ORG_KINDS[entity.kind], entity.id)
        L, skos = self.Literal, self.ns["skos"]
        if entity.kind == "org" and entity.category:
            # A class of partner named collectively ("police and crime commissioners") is a kind of organisation,
            # not one: a concept narrower than its organisation type. It keeps the IRI it had as an organisation
            # (…/id/org/{id}) so that links to it, and its mentions' IRIs, stay as they were.
            self.add(node, self.RDF.type, self.rrp.PartnerCategory)
            self.add(node, self.RDF.type, skos.Concept)
            self.add(node, skos.inScheme, self.concept("partner-categories"))
            if entity.type:
                self.add(node, skos.broader, self.concept(f"orgtype-{entity.type}"))
        elif entity.kind == "org":
            self.add(node, self.RDF.type, self.ns["org"].Organization)
            if entity.type:
                self.add(node, self.rrp.organisationType, self.concept(f"orgtype-{entity.type}"))
        elif entity.kind == "prison":
            self.add(node, self.RDF.type, self.rrp.Prison)
            self.add(node, self.RDF.type, self.ns["org"].Organization)
        else:  # what programmes.csv says it is: a programme (service, requirement), strategy, paper or duty
            self.add(node, self.RDF.type, self.rrp[INITIATIVE_CLASSES[entity.type]])
            self.add(node, self.RDF.type, self.rrp.Initiative)
            self.add(node, self.rrp.initiativeType, self.concept(f"initiative-{entity.type}"))
        self.label(node, entity.label)
        for alias, language in zip(entity.aliases, entity.alias_languages, strict=True):
            self.add(node, skos.altLabel, L(alias, lang=language))
        return node

    def hmpps(self, entity) -> URIRef:
        """HMPPS, the formal organisation whose units the regions are (data/gazetteer/hmpps.csv)."""
        node = self.entity(entity)
        self.add(node, self.RDF.type, self.ns["org"].FormalOrganization)
        return node

    def person(self, person, document: Document, doc: URIRef, region: URIRef) -> None:
        org = self.ns["org"]
        node = self.iri("person", slugify(person.name))
        self.add(node, self.RDF.type, self.ns["prov"].Person)
        self.label(node, person.name)
        role = self.concept(f"role-{slugify(person.role)}")
        if (role, self.RDF.type, org.Role) not in self.g:
            self.add(role, self.RDF.type, org.Role)
            self.add(role, self.RDF.type, self.ns["skos"].Concept)
            self.add(role, self.ns["skos"].inScheme, self.concept("roles"))
            self.label(role, person.role[:1].upper() + person.role[1:].lower() if person.regional else person.role)
        place = slugify(document.info.region) if person.regional else "national"
        membership = self.iri("membership", f"{slugify(person.name)}-{slugify(person.role)}-{place}")
        self.add(membership, self.RDF.type, org.Membership)
        self.add(membership, org.member, node)
        self.add(membership, org.role, role)
        if person.regional:
            self.add(membership, org.organization, region)
        elif person.organisation is not None:  # what the role line names (data/gazetteer/role_organisations.csv)
            self.add(membership, org.organization, self.entity(person.organisation))
        self.mention(node, document, doc, person.start, person.end, None, document.slug)

    def glossary(self, entry, document: Document, doc: URIRef) -> None:
        skos, L = self.ns["skos"], self.Literal
        slug = slugify(entry.term)
        node = self.iri("glossary", slug)
        self.add(node, self.RDF.type, self.rrp.GlossaryTerm)
        self.add(node, self.RDF.type, skos.Concept)
        self.label(node, entry.term)
        self.add(node, skos.definition, L(entry.definition))
        self.add(node, skos.inScheme, self.concept("glossary"))
        self.add(node, self.rrp.inDocument, doc)
        self.add(node, self.rrp.hasSpan, self.span(f"glossary-{document.slug}-{slug}", document, doc,
                                                   entry.start, entry.end))


def to_graph(corpus: Corpus, *, with_ontology: bool = True) -> Graph:
    """The RDF graph of an extracted corpus (plus the ontology, unless asked not to)."""
    graph = new_graph()
    for triple in to_triples(corpus, with_ontology=with_ontology):
        graph.add(triple)
    return graph


def to_triples(corpus: Corpus, *, with_ontology: bool = True, created: str | None = None) -> dict[Triple, None]:
    """The triples of an extracted corpus (plus the ontology's), as rdflib terms, each once, in the order
    they were made (documents by file name, then position), so the same corpus always gives the same file
    but for the build's time (`created`, an ISO date-time; default $SOURCE_DATE_EPOCH, else now)."""
    from rrp_graph.graph.summary import summary_triples

    triples: dict[Triple, None] = {}
    ontology = new_graph()
    load_ontology(ontology)  # the summary's rules read its subclass axioms even when it is left out
    if with_ontology:
        triples.update(dict.fromkeys(sorted(ontology)))  # sorted: rdflib iterates in hash order
    writer = _Writer(triples)
    if corpus.hmpps is not None:
        writer.parent = writer.hmpps(corpus.hmpps)
    for document in corpus.documents:
        doc, region = writer.document(document)
        for statement in document.statements:
            writer.statement(statement, document, doc, region)
        for person in document.people:
            writer.person(person, document, doc, region)
        for entry in document.glossary:
            writer.glossary(entry, document, doc)
    writer.links(corpus)
    writer.shared_passages(corpus)
    writer.tracking(corpus)
    # Values the canned queries used to aggregate over the whole graph, derived from the triples so far
    # (before the dataset description, so that void:triples counts them).
    triples.update(dict.fromkeys(summary_triples(triples, ontology)))
    writer.dataset(corpus, created)
    return triples


def nt_term(term, literal_class) -> str:
    if not isinstance(term, literal_class):
        if _IRI_UNSAFE.search(term):  # our IRIs are built from slugs; anything else is a bug to stop on
            raise BuildError(f"cannot write IRI {term!r}: it holds characters N-Triples forbids")
        return f"<{term}>"
    lexical = (str(term).replace("\\", "\\\\").replace('"', '\\"')
               .replace("\n", "\\n").replace("\r", "\\r"))
    if term.language:
        return f'"{lexical}"@{term.language}'
    if term.datatype:
        return f'"{lexical}"^^<{term.datatype}>'
    return f'"{lexical}"'


def ntriples(triples: dict[Triple, None]) -> list[str]:
    """N-Triples lines, in the triples' order (a global sort cost more than the rest of writing)."""
    from rdflib import Literal

    # Terms recur thousands of times (the writer makes each literal once): check and format each object once,
    # found by identity (every term lives as long as `triples`), since rdflib's Literal hashes in Python
    written: dict[int, str] = {}

    def term(t) -> str:
        if (text := written.get(id(t))) is None:
            text = written[id(t)] = nt_term(t, Literal)
        return text

    return [f"{term(s)} {term(p)} {term(o)} .\n" for s, p, o in triples]


# Oxigraph's N-Triples parser refuses a line over 16 MiB ("Reached the buffer maximal size"): with the
# readers' limit on a document's text (MAX_TEXT_CHARS) no line comes near it; this says so if one ever does.
MAX_LINE_BYTES = 16 * 1024 * 1024 - 1024


def check_line_lengths(lines: list[str]) -> None:
    for line in lines:
        if len(line) * 4 > MAX_LINE_BYTES and len(line.encode("utf-8")) > MAX_LINE_BYTES:
            raise BuildError(f"a triple is {len(line.encode('utf-8')):,} bytes long, over the "
                             f"{MAX_LINE_BYTES:,}-byte line limit of the Oxigraph store: {line[:100]}…")


def summarise(corpus: Corpus, triples: int) -> BuildSummary:
    kinds: dict[str, int] = {}
    organisations: set[str] = set()
    targets = quantified = 0
    for document in corpus.documents:
        for statement in document.statements:
            kinds[statement.kind] = kinds.get(statement.kind, 0) + 1
            targets += statement.kind in ("target", "qualitative-target")
            quantified += statement.kind == "target"
            organisations.update(m.entity.id for m in statement.mentions if m.entity.kind == "org")
    return BuildSummary(
        documents=len(corpus.documents),
        regions=len({d.info.region for d in corpus.documents}),
        statements=dict(sorted(kinds.items())),
        targets=targets,
        quantified_targets=quantified,
        organisations=len(organisations),
        triples=triples,
        warnings=corpus.warnings,
    )


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Python's cycle collector off while the triples are made: millions of new tuples and terms, none in a
    cycle, made each full collection walk every object alive (1,000 synthetic documents: to_triples 27 -> 16 s)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def build(corpus_dir: Path | None = None, out_dir: Path | None = None) -> BuildSummary:
    """Extract a corpus folder and write its graph to a build folder, atomically.

    Defaults: the workspace's plans and build folder, else the bundled sample plans into ./build
    (see rrp_graph.workspace for the precedence).
    """
    location = locate(build_dir=out_dir, corpus=corpus_dir)
    corpus_dir, out_dir = location.corpus, location.build_dir
    corpus = extract(corpus_dir)
    with _collector_paused():
        lines = ntriples(to_triples(corpus))
    check_line_lengths(lines)
    write_build(lines, corpus, out_dir, corpus_dir)
    return summarise(corpus, len(lines))
