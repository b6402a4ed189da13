"""Instance IRIs are content-addressed (issue 15): a small edit keeps the IRIs of everything it did not touch.

A statement's IRI comes from its document and its own normalised words (a repeat takes the next number), a
mention's from its statement, the entity and the occurrence within the statement: neither moves when text
elsewhere in the document grows or shrinks.
"""

from __future__ import annotations

import shutil

import pytest

from rrp_graph.extract.corpus import extract
from rrp_graph.graph.builder import to_triples
from rrp_graph.resources import sample_plans

EDITED = "east-midlands-annual-update-2023.txt"
# A progress bullet near the top of the document: every later offset moves by the inserted words.
BEFORE = "Employment outcomes in the region continue to improve."
AFTER = "Employment outcomes in the wider region continue to improve markedly."


def _iris(folder):
    corpus = extract(folder)
    triples = to_triples(corpus, with_ontology=False)
    statements = {str(s) for s, _, _ in triples if "/id/statement/" in str(s)}
    mentions = {str(s) for s, _, _ in triples if "/id/mention/" in str(s)}
    return corpus, statements, mentions


def test_a_small_edit_keeps_every_untouched_iri(tmp_path):
    before = tmp_path / "before"
    shutil.copytree(sample_plans(), before)
    after = tmp_path / "after"
    shutil.copytree(before, after)
    path = after / EDITED
    text = path.read_text(encoding="utf-8")
    assert text.count(BEFORE) == 1
    path.write_text(text.replace(BEFORE, AFTER), encoding="utf-8")

    old_corpus, old_statements, old_mentions = _iris(before)
    new_corpus, new_statements, new_mentions = _iris(after)

    edited = [s for d in old_corpus.documents for s in d.statements if BEFORE in s.text]
    assert len(edited) == 1
    touched = edited[0].slug
    lost_statements = old_statements - new_statements
    assert [iri.rsplit("/", 1)[1] for iri in lost_statements] == [touched]
    assert len(new_statements) == len(old_statements)
    # Mentions of the edited statement get its new IRI as their prefix; every other mention keeps its IRI.
    lost_mentions = old_mentions - new_mentions
    assert lost_mentions and all(iri.rsplit("/", 1)[1].startswith(touched + "-") for iri in lost_mentions)
    assert len(old_mentions - lost_mentions) == len(new_mentions) - len(lost_mentions)
    moved = [s for d in new_corpus.documents if d.source.name == EDITED for s in d.statements
             if s.passage.start > edited[0].passage.start]
    assert len(moved) > 50  # the edit did move the offsets of most of the document


def test_repeated_words_in_one_document_get_numbered_iris():
    corpus = extract(sample_plans())
    slugs = [s.slug for d in corpus.documents for s in d.statements]
    assert len(slugs) == len(set(slugs))


# --- comparable dates (issue 15) ---------------------------------------------------------------------

DUE_BY = """
PREFIX rrp: <https://w3id.org/rrp-graph/ontology#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
SELECT ?deadline (COUNT(?target) AS ?targets) WHERE {
  ?target rrp:deadline ?deadline ; rrp:deadlineEnd ?end .
  FILTER(?end <= "2024-04-30"^^xsd:date)
} GROUP BY ?deadline ORDER BY ?deadline
"""


def test_both_engines_agree_on_date_comparisons(build_dir, engine):
    from rrp_graph.query.engine import RdflibEngine

    on_store = [(str(d), int(n)) for d, n in engine.run(DUE_BY, {}, "SELECT").rows]
    on_rdflib = [(str(d), int(n)) for d, n in RdflibEngine.open(build_dir).run(DUE_BY, {}, "SELECT").rows]
    assert on_store == on_rdflib
    assert on_store == [("2023-04", 1), ("2023-07", 4), ("2024-04", 17)]  # the targets query's deadlines


def test_intervals_of_stated_months_years_and_spans():
    from datetime import date

    from rrp_graph.graph.dates import interval

    assert interval("2024-02", "month") == (date(2024, 2, 1), date(2024, 2, 29))
    assert interval("2023", "year") == (date(2023, 1, 1), date(2023, 12, 31))
    assert interval("2023-24", "span") == (date(2023, 1, 1), date(2024, 12, 31))
    assert interval("2022-25", "span") == (date(2022, 1, 1), date(2025, 12, 31))
    assert interval("2011-12", "month") == (date(2011, 12, 1), date(2011, 12, 31))
    assert interval("2011-12", "span") == (date(2011, 1, 1), date(2012, 12, 31))
    assert interval("2024-13", "month") is None and interval("April 2024", "month") is None


def test_todays_documents_keep_their_iris(corpus):
    assert sorted(d.slug for d in corpus.documents) == [
        "east-midlands-annual-update-2023", "north-east-annual-update-2023", "south-west-annual-update-2023",
        "west-midlands-three-year-plan-2022", "yorkshire-and-the-humber-annual-update-2023"]
    assert all(d.info.edition is None and d.info.unit is None for d in corpus.documents)


def test_a_revised_edition_and_a_delivery_units_plan_build_beside_the_original(tmp_path):
    shutil.copy(sample_plans() / EDITED, tmp_path)
    text = (sample_plans() / EDITED).read_text(encoding="utf-8")
    title = "Annual\nUpdate\n2023\n"
    assert text.count(title) == 1
    (tmp_path / "em-revised.txt").write_text(
        text.replace(title, title + "\nRevised edition\n").replace(BEFORE, AFTER), encoding="utf-8")
    (tmp_path / "em-leicestershire.txt").write_text(
        text.replace("East Midlands\n\nReducing", "East Midlands\n\nLeicestershire Probation Delivery Unit\n\nReducing",
                     1), encoding="utf-8")
    corpus, statements, _ = _iris(tmp_path)
    by_file = {d.source.name: d.info for d in corpus.documents}
    assert {name: (info.slug, info.title) for name, info in by_file.items()} == {
        EDITED: ("east-midlands-annual-update-2023",
                 "East Midlands Reducing Reoffending Plan 2022-25 Annual Update 2023"),
        "em-revised.txt": ("east-midlands-annual-update-2023-revised-edition",
                           "East Midlands Reducing Reoffending Plan 2022-25 Annual Update 2023 (revised edition)"),
        "em-leicestershire.txt": (
            "east-midlands-leicestershire-annual-update-2023",
            "East Midlands Leicestershire Probation Delivery Unit Reducing Reoffending Plan 2022-25 "
            "Annual Update 2023"),
    }
    # the same words in two documents are two statements, each under its own document's IRI
    counts = {d.slug: len({s.slug for s in d.statements}) for d in corpus.documents}
    assert counts == {"east-midlands-annual-update-2023": 85, "east-midlands-annual-update-2023-revised-edition": 85,
                      "east-midlands-leicestershire-annual-update-2023": 85}
    assert len(statements) == 3 * 85


def test_a_second_copy_without_an_edition_line_is_refused_naming_both(tmp_path):
    from rrp_graph.errors import DocumentError

    shutil.copy(sample_plans() / EDITED, tmp_path / "a.txt")
    text = (sample_plans() / EDITED).read_text(encoding="utf-8")
    (tmp_path / "b.txt").write_text(text.replace(BEFORE, AFTER), encoding="utf-8")
    with pytest.raises(DocumentError, match=r"b\.txt: the same document as a\.txt \(East Midlands, annual update "
                                            r"2023\); a revised edition or a delivery unit's plan must say so"):
        extract(tmp_path)


def test_one_region_kind_and_year_in_two_plan_periods_is_refused_by_name():
    """Their identities differ but, naming no edition, their slugs would not: both files are named."""
    from types import SimpleNamespace

    from rrp_graph.errors import DocumentError
    from rrp_graph.extract.corpus import check_unique
    from rrp_graph.extract.document import DocumentInfo

    infos = [DocumentInfo("Wales", "annual-update", period, 2025, f"Wales … {period} Annual Update 2025")
             for period in ("2022-25", "2025-28")]
    sources = [SimpleNamespace(name=f"{n}.txt", sha256=n) for n in ("a", "b")]
    with pytest.raises(DocumentError, match=r"b.txt: the same region, kind and year as a.txt "
                                            r"\(wales-annual-update-2025\) in another plan period \(2025-28, not "
                                            r"2022-25\)"):
        check_unique(sources, infos)


def test_the_publisher_only_where_the_title_page_names_it(graph):
    from rdflib import URIRef
    from rdflib.namespace import DCTERMS

    rrp, oa = "https://w3id.org/rrp-graph/ontology#", "http://www.w3.org/ns/oa#"
    published = {}
    for doc, publisher in graph.subject_objects(DCTERMS.publisher):
        span = graph.value(doc, URIRef(rrp + "publisherStatedAt"))
        quotes = [graph.value(s, URIRef(oa + "exact")) for s in graph.objects(span, URIRef(oa + "hasSelector"))]
        published[str(doc).rsplit("/", 1)[1]] = (str(publisher).rsplit("/", 1)[1], [str(q) for q in quotes if q])
    # South West's title page names only the region and the plan; North East's extraction has no title page
    assert published == {slug: ("hmpps", ["HM Prison &\nProbation Service"]) for slug in (
        "east-midlands-annual-update-2023", "west-midlands-three-year-plan-2022",
        "yorkshire-and-the-humber-annual-update-2023")}
