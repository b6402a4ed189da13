"""The graph as a whole: ontology coverage, SHACL, provenance, determinism."""

from __future__ import annotations

from pathlib import Path

from rdflib import RDF, RDFS, Graph, URIRef
from rdflib.namespace import OWL, SKOS

from rrp_graph.graph.builder import build, to_graph
from rrp_graph.graph.model import CONCEPT, ID, ONTOLOGY, PREFIXES
from rrp_graph.graph.validate import validate_graph
from rrp_graph.resources import ontology_file, sample_plans

# Terms of the W3C vocabularies the graph may use; a typo such as org:subOrganzationOf fails the test.
EXTERNAL_TERMS = {
    PREFIXES["rdf"] + "type",
    PREFIXES["rdfs"] + "label",
    PREFIXES["prov"] + "wasDerivedFrom", PREFIXES["prov"] + "Person", PREFIXES["prov"] + "Plan",
    PREFIXES["org"] + "Organization", PREFIXES["org"] + "Membership", PREFIXES["org"] + "member",
    PREFIXES["org"] + "organization", PREFIXES["org"] + "role", PREFIXES["org"] + "Role",
    PREFIXES["oa"] + "SpecificResource", PREFIXES["oa"] + "hasSource", PREFIXES["oa"] + "hasSelector",
    PREFIXES["oa"] + "TextPositionSelector", PREFIXES["oa"] + "TextQuoteSelector", PREFIXES["oa"] + "start",
    PREFIXES["oa"] + "end", PREFIXES["oa"] + "exact", PREFIXES["oa"] + "prefix", PREFIXES["oa"] + "suffix",
    PREFIXES["oa"] + "Annotation", PREFIXES["oa"] + "hasTarget", PREFIXES["oa"] + "hasBody",
    PREFIXES["oa"] + "motivatedBy", PREFIXES["oa"] + "identifying",
    PREFIXES["skos"] + "Concept", PREFIXES["skos"] + "prefLabel", PREFIXES["skos"] + "altLabel",
    PREFIXES["skos"] + "definition", PREFIXES["skos"] + "inScheme",
    PREFIXES["prov"] + "Entity",
    PREFIXES["dcterms"] + "title", PREFIXES["dcterms"] + "identifier", PREFIXES["dcterms"] + "source",
    PREFIXES["dcterms"] + "publisher",
    # the dataset description and the build's provenance
    PREFIXES["dcterms"] + "isPartOf", PREFIXES["dcterms"] + "description", PREFIXES["dcterms"] + "license",
    PREFIXES["dcterms"] + "created", PREFIXES["void"] + "Dataset", PREFIXES["void"] + "triples",
    PREFIXES["void"] + "vocabulary", PREFIXES["void"] + "uriSpace", PREFIXES["dcat"] + "Dataset",
    PREFIXES["prov"] + "wasGeneratedBy", PREFIXES["prov"] + "Activity", PREFIXES["prov"] + "endedAtTime",
    PREFIXES["prov"] + "wasAssociatedWith", PREFIXES["prov"] + "SoftwareAgent", PREFIXES["prov"] + "used",
    # HMPPS and its units; classes of partner under their organisation types
    PREFIXES["org"] + "FormalOrganization", PREFIXES["org"] + "unitOf", PREFIXES["org"] + "hasUnit",
    PREFIXES["skos"] + "broader",
}


def test_every_term_the_graph_uses_is_declared(corpus):
    ontology = Graph().parse(ontology_file())
    data = to_graph(corpus, with_ontology=False)
    used = set(data.predicates()) | set(data.objects(predicate=RDF.type))
    for term in sorted(used):
        iri = str(term)
        if iri.startswith(ONTOLOGY):
            assert (term, RDF.type, None) in ontology, f"{iri} is not declared in ontology/rrp.ttl"
            assert (term, RDFS.label, None) in ontology and (term, SKOS.definition, None) in ontology, iri
        else:
            assert iri in EXTERNAL_TERMS, f"{iri} is not a known term of a reused vocabulary"
    concepts = {o for o in data.objects() if isinstance(o, URIRef) and str(o).startswith(CONCEPT)}
    for concept in concepts:
        if str(concept).startswith(CONCEPT + "role-"):
            continue  # roles named by the text are declared by the builder, with a label
        assert (concept, RDF.type, None) in ontology, f"{concept} is not declared in ontology/rrp.ttl"


def test_ontology_header_has_version_and_licence():
    ontology = Graph().parse(ontology_file())
    header = URIRef("https://w3id.org/rrp-graph/ontology")
    assert (header, RDF.type, OWL.Ontology) in ontology
    assert ontology.value(header, OWL.versionInfo) is not None
    assert ontology.value(header, URIRef(PREFIXES["dcterms"] + "license")) is not None


def test_graph_passes_shacl(graph):
    report = validate_graph(graph)
    assert report.conforms, report.text[:2000]


def test_shapes_catch_a_broken_target(graph):
    broken = Graph()
    for triple in graph:
        broken.add(triple)
    rrp = PREFIXES["rrp"]
    target = next(broken.subjects(RDF.type, URIRef(rrp + "QuantifiedTarget")))
    broken.remove((target, URIRef(rrp + "metric"), None))
    report = validate_graph(broken)
    assert not report.conforms and report.violations == 1


SPANS = """
SELECT ?owner ?text ?start ?end ?exact WHERE {
  ?owner rrp:hasSpan ?span . ?span oa:hasSource ?doc ; oa:hasSelector ?pos, ?quote .
  ?doc rrp:normalisedText ?text .
  ?pos oa:start ?start ; oa:end ?end . ?quote oa:exact ?exact .
}
"""


def test_every_span_slices_back_to_its_quote(graph, build_dir: Path):
    rows = list(graph.query(SPANS, initNs=PREFIXES))
    assert len(rows) > 1000
    for owner, text, start, end, exact in rows:
        assert str(text)[int(start):int(end)] == str(exact), owner
    stored = {p.stem: p.read_text(encoding="utf-8") for p in (build_dir / "text").glob("*.txt")}
    docs = {str(d): str(t) for d, t in graph.query(
        "SELECT ?id ?t WHERE { ?d dcterms:identifier ?id ; rrp:normalisedText ?t }", initNs=PREFIXES)}
    assert stored == docs


def test_a_commitment_leads_back_to_document_theme_and_sentence(graph):
    row = next(iter(graph.query("""
        SELECT ?title ?theme ?exact ?file WHERE {
          ?s a rrp:Commitment ; rrp:text ?text ; rrp:inDocument ?d ; rrp:theme/rdfs:label ?theme ;
             rrp:hasSpan/oa:hasSelector/oa:exact ?exact .
          ?d dcterms:title ?title ; dcterms:source ?file .
          FILTER(STRSTARTS(?text, "Work with NACRO"))
        }""", initNs=PREFIXES)))
    title, theme, exact, file = map(str, row)
    assert file == "east-midlands-annual-update-2023.txt"
    assert theme == "Family, accommodation and readjustment to society"
    assert exact.startswith("Work with NACRO (the national supplier of Tier 2 community accommodation")
    assert exact in (sample_plans() / file).read_text(encoding="utf-8")


def test_build_is_deterministic(build_dir: Path, tmp_path: Path, monkeypatch):
    """The same corpus gives the same graph but for the two triples stating the build's time; with
    $SOURCE_DATE_EPOCH (the reproducible-builds convention) the file is the same byte for byte."""
    def timeless(folder: Path) -> list[str]:
        lines = (folder / "graph.nt").read_text(encoding="utf-8").splitlines()
        return sorted(line for line in lines if "#dateTime>" not in line)

    again = tmp_path / "again"
    build(sample_plans(), again)
    assert timeless(build_dir) == timeless(again)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    for name in ("one", "two"):
        build(sample_plans(), tmp_path / name)
    one, two = ((tmp_path / n / "graph.nt").read_bytes() for n in ("one", "two"))
    assert one == two and b'"2023-11-14T22:13:20+00:00"' in one


def test_mentions_are_web_annotations_on_their_own_document(graph):
    """Each mention is an oa:Annotation whose target is a span of its own document and whose body its entity."""
    from rdflib import Namespace

    oa, rrp = Namespace(PREFIXES["oa"]), Namespace(PREFIXES["rrp"])
    mentions = set(graph.subjects(RDF.type, rrp.Mention))
    assert len(mentions) == 524
    broken = []
    for mention in mentions:
        entity, doc = graph.value(mention, rrp.mentionOf), graph.value(mention, rrp.inDocument)
        span = graph.value(mention, oa.hasTarget)
        if not ((mention, RDF.type, oa.Annotation) in graph and (mention, oa.motivatedBy, oa.identifying) in graph
                and graph.value(mention, oa.hasBody) == entity and span == graph.value(mention, rrp.hasSpan)
                and graph.value(span, oa.hasSource) == doc and len(list(graph.objects(span, oa.hasSelector))) == 2):
            broken.append(str(mention))
    assert broken == []


def test_the_graph_describes_itself(corpus):
    """A VoID/DCAT dataset with the plans' licence, its triple count and the build that made it."""
    from rdflib import Namespace

    from rrp_graph import __version__

    void, dcterms, prov = (Namespace(PREFIXES[p]) for p in ("void", "dcterms", "prov"))
    data = to_graph(corpus, with_ontology=False)
    dataset = next(data.subjects(RDF.type, void.Dataset))
    licence = "http://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/"
    assert str(data.value(dataset, dcterms.license)) == licence
    described = len(list(data.triples((dataset, None, None))))
    activity = data.value(dataset, prov.wasGeneratedBy)
    software = data.value(activity, prov.wasAssociatedWith)
    extra = described + len(list(data.triples((activity, None, None)))) + len(list(data.triples((software, None,
                                                                                                   None))))
    assert int(data.value(dataset, void.triples)) == len(data) - extra - len(corpus.documents)  # doc licences
    assert {str(d).rsplit("/", 1)[1] for d in data.objects(activity, prov.used)} == {
        d.slug for d in corpus.documents}
    assert str(data.value(software, RDFS.label)) == f"rrp-graph {__version__}"


def test_the_ontology_defines_its_terms_and_keeps_kinds_apart():
    from rdflib import Namespace

    ontology = Graph().parse(ontology_file())
    rrp, skos = Namespace(PREFIXES["rrp"]), Namespace(PREFIXES["skos"])
    terms = {s for s in ontology.subjects() if str(s).startswith(ONTOLOGY)}
    home = URIRef(ONTOLOGY.rstrip("#"))
    assert len(terms) > 100 and [t for t in terms if (t, RDFS.isDefinedBy, home) not in ontology] == []
    kinds = ["Commitment", "OutcomeProgress", "Opportunity", "Priority", "RegionalContext", "PartnerRole",
             "PartnerListing", "Achievement", "Narrative", "Target"]
    for i, a in enumerate(kinds):
        for b in kinds[i + 1:]:
            assert (rrp[a], OWL.disjointWith, rrp[b]) in ontology, (a, b)
    assert (rrp.QuantifiedTarget, OWL.disjointWith, rrp.QualitativeTarget) in ontology
    assert (rrp.ThreeYearPlan, OWL.disjointWith, rrp.AnnualUpdate) in ontology
    cohorts = set(ontology.subjects(RDF.type, rrp.Cohort))
    assert len(cohorts) == 4 and all((c, skos.inScheme, URIRef(CONCEPT + "cohorts")) in ontology for c in cohorts)
    assert not any((c, skos.inScheme, URIRef(CONCEPT + "pathways")) in ontology for c in cohorts)
    assert not list(ontology.triples((None, skos.closeMatch, None)))  # FIBO is rdfs:seeAlso, not a SKOS mapping


def test_one_label_policy(graph):
    """Every resource the builder makes or the ontology's schemes hold, once labelled, has exactly one skos:prefLabel
    and one rdfs:label, the same words, both @en; aliases are tagged too (English, or Welsh as marked)."""
    from rdflib import Literal

    labelled = {s for s in graph.subjects(RDFS.label) if str(s).startswith((ID, CONCEPT))}
    labelled |= {s for s in graph.subjects(SKOS.prefLabel) if str(s).startswith((ID, CONCEPT))}
    assert len(labelled) > 700  # statements, entities, people, roles, regions, documents, concepts …
    for node in labelled:
        pref, label = list(graph.objects(node, SKOS.prefLabel)), list(graph.objects(node, RDFS.label))
        assert len(pref) == 1 and pref[0].language == "en", (node, pref)
        assert label == pref, (node, label, pref)
    for node, alias in graph.subject_objects(SKOS.altLabel):
        assert alias.language in ("en", "cy"), (node, alias)
    # what the policy is for: a label with its language finds concepts and instances alike
    region = URIRef(ID + "region/east-midlands")
    assert (URIRef(CONCEPT + "pathway-accommodation"), RDFS.label, Literal("Accommodation", lang="en")) in graph
    assert (region, RDFS.label, Literal("East Midlands", lang="en")) in graph
    assert (URIRef(ID + "org/welsh-government"), SKOS.altLabel, Literal("Llywodraeth Cymru", lang="cy")) in graph


def test_programmes_are_typed_as_what_the_gazetteer_says(graph):
    """programmes.csv's type column: a White Paper, a strategy or a duty is no rrp:Programme (issue 15)."""
    rrp = PREFIXES["rrp"]

    def types(slug: str) -> set[str]:
        return {str(t).removeprefix(rrp) for t in graph.objects(URIRef(ID + "programme/" + slug), RDF.type)}

    def kind(slug: str) -> str:
        return str(graph.value(URIRef(ID + "programme/" + slug), URIRef(rrp + "initiativeType"))).removeprefix(CONCEPT)

    assert types("prisons-strategy-white-paper") == {"PolicyPaper", "Initiative"}
    assert types("female-offender-strategy") == {"Strategy", "Initiative"}
    assert types("serious-violence-duty") == {"StatutoryDuty", "Initiative"}
    assert types("cas3") == {"Programme", "Initiative"} and kind("cas3") == "initiative-service"
    assert types("cstr") == {"Programme", "Initiative"} and kind("cstr") == "initiative-requirement"
    assert kind("iom") == "initiative-programme" and kind("drugs-strategy") == "initiative-strategy"
    # every rrp:Programme is a programme, service or requirement; nothing else is one
    for node in graph.subjects(RDF.type, URIRef(rrp + "Programme")):
        assert str(graph.value(node, URIRef(rrp + "initiativeType"))).removeprefix(CONCEPT) in (
            "initiative-programme", "initiative-service", "initiative-requirement"), node


def test_a_programme_row_needs_a_known_type(tmp_path):
    import pytest

    from rrp_graph.errors import CorpusError
    from rrp_graph.extract.gazetteer import Gazetteer

    for name in ("organisations.csv", "prisons.csv"):
        (tmp_path / name).write_text("id,label,type,category,pathway,aliases\n", encoding="utf-8")
    (tmp_path / "programmes.csv").write_text("id,label,type,pathway,aliases\nx,X Plan,plan,,\n", encoding="utf-8")
    with pytest.raises(CorpusError, match=r"programmes.csv:2: a programme's type is one of programme, service"):
        Gazetteer.load(tmp_path)
