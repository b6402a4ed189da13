"""Golden expectations for the bundled corpus, checked exactly."""

from __future__ import annotations

import csv
import json
from collections import Counter

from conftest import GOLDEN, diff_rows

from rrp_graph.graph.model import PREFIXES

THEME_LABELS = {
    "training": "Training, skills and work",
    "drugs": "Drugs and alcohol addiction",
    "family": "Family, accommodation and readjustment to society",
    "court": "Delivering the order of the court",
}


def test_documents_are_identified_from_their_text(corpus):
    expected = json.loads((GOLDEN / "documents.json").read_text())
    actual = {
        d.source.name: {"region": d.info.region, "kind": d.info.kind, "period": d.info.period, "year": d.info.year}
        for d in corpus.documents
    }
    assert actual == expected


def test_north_east_notes_how_it_was_identified(corpus):
    north_east = next(d for d in corpus.documents if d.info.region == "North East")
    assert any("region taken from the body" in note for note in north_east.info.notes)
    assert any("period not stated" in note for note in north_east.info.notes)


TARGETS_QUERY = """
SELECT ?region ?metric ?direction ?baseline ?bdate ?change ?target ?deadline WHERE {
  ?t a rrp:QuantifiedTarget ; rrp:region/rdfs:label ?region ; rrp:metric/rdfs:label ?metric ;
     rrp:direction/rdfs:label ?direction ; rrp:baselineValue ?baseline .
  OPTIONAL { ?t rrp:baselineDate ?bdate } OPTIONAL { ?t rrp:changePercentagePoints ?change }
  OPTIONAL { ?t rrp:targetValue ?target } OPTIONAL { ?t rrp:deadline ?deadline }
} ORDER BY ?region ?metric
"""


def _cell(value) -> str:
    if value is None:
        return ""
    from decimal import Decimal

    python = value.toPython()
    return f"{python.normalize():f}" if isinstance(python, Decimal) else str(value)


def test_all_25_quantified_targets_have_the_right_numbers(graph):
    with (GOLDEN / "targets.csv").open() as handle:
        expected = [tuple(row.values()) for row in csv.DictReader(handle)]
    actual = [tuple(_cell(v) for v in row) for row in graph.query(TARGETS_QUERY, initNs=PREFIXES)]
    assert len(actual) == 25
    assert sorted(actual) == sorted(expected), diff_rows(expected, actual)


def test_qualitative_treatment_requirement_aims_are_targets_without_numbers(corpus):
    qualitative = [(d.info.region, s.text[:40]) for d in corpus.documents for s in d.statements
                   if s.kind == "qualitative-target"]
    assert len(qualitative) == 10
    assert Counter(region for region, _ in qualitative) == Counter(
        {"East Midlands": 2, "North East": 2, "South West": 2, "West Midlands": 2, "Yorkshire and The Humber": 2})
    assert all(s.target is None for d in corpus.documents for s in d.statements if s.kind == "qualitative-target")


def test_statement_counts_per_theme_per_document(corpus):
    expected = json.loads((GOLDEN / "statement_counts.json").read_text())
    expected.pop("_comment")
    for document in corpus.documents:
        wanted = expected[document.source.name]
        counts: dict[str, Counter] = {label: Counter() for label in THEME_LABELS.values()}
        for statement in document.statements:
            if statement.passage.theme:
                counts[THEME_LABELS[statement.passage.theme]][statement.kind] += 1
        actual = {theme: {kind: counts[theme][kind] for kind in kinds} for theme, kinds in wanted.items()}
        assert actual == wanted, document.source.name


def test_no_statement_is_doubled(corpus):
    for document in corpus.documents:
        spans = [(s.passage.start, s.passage.end) for s in document.statements]
        assert len(spans) == len(set(spans)), document.source.name
        ordered = sorted(spans)
        overlapping = [(a, b) for a, b in zip(ordered, ordered[1:], strict=False) if a[1] > b[0]]
        assert not overlapping, f"overlapping spans in {document.source.name}"
        slugs = [s.slug for s in document.statements]
        assert len(slugs) == len(set(slugs))


def test_south_west_unlabelled_bullets_split_into_commitments_and_progress(corpus):
    south_west = next(d for d in corpus.documents if d.info.region == "South West")
    by_text = {s.text: s.kind for s in south_west.statements}
    assert by_text["Work towards ensuring continuity of care and appropriate treatment is available to all those "
                   "assessed as requiring it."] == "commitment"
    assert by_text["The Health and Justice Partnership team (HJPT) has been created to support continuity for "
                   "prison leavers."] == "progress"
    assert "Q" not in by_text


def test_bullet_broken_over_a_page_is_joined(corpus):
    west = next(d for d in corpus.documents if d.info.region == "West Midlands")
    joined = [s for s in west.statements if s.text.startswith("We will continue work in partnership")]
    assert len(joined) == 1
    assert joined[0].text.endswith(
        "delivering the ambition in the Drugs Strategy to reduce drug-related death, in a "
        "region that also has high rates of alcohol-related deaths and hospital admissions.")  # footnote ⁴ dropped
    raw = west.source.text[joined[0].passage.start:joined[0].passage.end]
    assert raw.endswith("hospital admissions.⁴")  # the span keeps the document's exact characters
    assert not any(s.text.startswith("to reduce drug-related death") for s in west.statements)


def test_wrapped_bullet_is_one_statement(corpus):
    north_east = next(d for d in corpus.documents if d.info.region == "North East")
    cstr = [s for s in north_east.statements if s.text.startswith("Community Sentence Treatment Requirements (CSTRs)")]
    assert len(cstr) == 1 and cstr[0].text.endswith("in the community.")


PARTNER_REGIONS = """
SELECT DISTINCT ?region WHERE {
  ?s rrp:mentions ?org ; rrp:region/rdfs:label ?region .
  ?org rdfs:label ?label .
} ORDER BY ?region
"""


def _regions_of(graph, label: str) -> list[str]:
    from rdflib import Literal

    return [str(row[0]) for row in graph.query(PARTNER_REGIONS, initNs=PREFIXES,
                                                initBindings={"label": Literal(label, lang="en")})]


def test_regions_naming_key_partners(graph):
    assert _regions_of(graph, "NACRO") == ["East Midlands", "West Midlands"]
    assert _regions_of(graph, "Ingeus") == ["East Midlands"]
    assert _regions_of(graph, "Maximus") == ["West Midlands"]
    assert _regions_of(graph, "Department for Work and Pensions") == [
        "East Midlands", "West Midlands", "Yorkshire and The Humber"]


def test_nacro_statements_speak_to_accommodation_only(corpus):
    pathways = Counter()
    for document in corpus.documents:
        for statement in document.statements:
            if any(m.entity.id == "nacro" for m in statement.mentions) and statement.kind != "partner-listing":
                pathways.update(c for c in statement.concepts if c.startswith("pathway-"))
    assert set(pathways) == {"pathway-accommodation"}


def test_people_and_roles(corpus):
    regional = sorted({(p.name, p.role, d.info.region) for d in corpus.documents for p in d.people if p.regional})
    assert regional == [
        ("Angela Cossins", "Regional Probation Director", "South West"),
        ("Bronwen Elphick", "Regional Probation Director", "North East"),
        ("Helen Judge", "Prison Group Director", "Yorkshire and The Humber"),
        ("Jeannine Hendrick", "Prison Group Director", "South West"),
        ("Lynda Marginson", "Regional Probation Director", "Yorkshire and The Humber"),
        ("Mark Livingston", "Prison Group Director", "East Midlands"),
        ("Martin Davies", "Regional Probation Director", "East Midlands"),
        ("Paul Cawkwell", "Prison Group Director", "East Midlands"),
        ("Paul Woods", "Prison Group Director", "South West"),
        ("Sarah Chand", "Regional Probation Director", "West Midlands"),
        ("Simon Walters", "Prison Group Director", "North East"),
        ("Teresa Clarke", "Prison Group Director", "West Midlands"),
    ]
    national = {(p.name, p.role) for d in corpus.documents for p in d.people if not p.regional}
    assert ("Amy Rees", "Director General Chief Executive Officer, HMPPS") in national
    assert ("Jo Farrar", "Second Permanent Secretary and CEO, HMPPS") in national
    assert ("Emily Spurrell", "Deputy Criminal Justice System Lead") in national


def test_signature_is_cut_from_the_quote_that_follows_it(corpus):
    south_west = next(d for d in corpus.documents if d.info.region == "South West")
    quotes = [s for s in south_west.statements if "critical priority" in s.text]
    assert len(quotes) == 1 and quotes[0].text.startswith('"Reducing reoffending remains a critical priority')
    assert quotes[0].shared


def test_glossary_terms(corpus):
    west = next(d for d in corpus.documents if d.info.region == "West Midlands")
    terms = {entry.term: entry.definition for entry in west.glossary}
    assert len(terms) == 31
    assert terms["Co-commissioning"] == ("Where two or more service commissioners align their priorities while "
                                         "retaining responsibility for their own resources.")


def test_shared_national_text_is_found_by_comparison(corpus):
    shared = Counter((d.info.region, s.kind) for d in corpus.documents for s in d.statements if s.shared)
    for region in ("East Midlands", "North East", "South West", "Yorkshire and The Humber"):
        assert shared[(region, "achievement")] == 6
        assert shared[(region, "commitment")] == 0
        assert shared[(region, "progress")] == 0
        assert shared[(region, "target")] == 0
    # The three-year plan has no twin: its national passages are found by their own evidence (test_relations.py).
    assert {kind for region, kind in shared if region == "West Midlands"} == {"narrative", "context"}
    assert all(s.national.rule == "twin-passage" for d in corpus.documents if d.info.region != "West Midlands"
               for s in d.statements if s.shared)


def test_statements_carry_pathways_and_cohorts(corpus):
    east = next(d for d in corpus.documents if d.info.region == "East Midlands")
    marginalised = next(s for s in east.statements if s.text.startswith("Amongst the reoffending themes above"))
    assert marginalised.kind == "opportunity"
    assert {"cohort-women", "cohort-ethnic-minorities", "cohort-young-adults"} <= set(marginalised.concepts)
    peer = next(s for s in east.statements if s.text.startswith("Deliver an embedded peer mentoring strategy"))
    assert "pathway-attitudes-thinking-behaviour" in peer.concepts
