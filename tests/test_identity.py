"""Instance IRIs are content-addressed (issue 15): a small edit keeps the IRIs of everything it did not touch.

A statement's IRI comes from its document and its own normalised words (a repeat takes the next number), a
mention's from its statement, the entity and the occurrence within the statement: neither moves when text
elsewhere in the document grows or shrinks.
"""

from __future__ import annotations

import shutil

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
