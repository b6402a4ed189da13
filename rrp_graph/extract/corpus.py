"""From plan files to extracted facts: documents, statements, targets, mentions, people.

Plain Python objects, no RDF yet: `build` turns them into the graph. Everything here is
deterministic and keeps the character span each fact came from.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from dataclasses import dataclass, field, replace
from pathlib import Path

from rrp_graph.errors import DocumentError
from rrp_graph.extract.document import DocumentIndex, DocumentInfo, complete_periods, identify
from rrp_graph.extract.gazetteer import Entity, Gazetteer, Match
from rrp_graph.extract.lexicon import Cue, Lexicon
from rrp_graph.extract.mentions import tidy
from rrp_graph.extract.national import NationalEvidence, comparison_key, mark_national
from rrp_graph.extract.parse import GlossaryEntry, Passage, parse
from rrp_graph.extract.people import PersonMention
from rrp_graph.extract.relations import LinkEvidence, link_evidence, passage_cues
from rrp_graph.extract.targets import ParsedTarget, looks_quantified, parse_target
from rrp_graph.extract.tracker import Tracking, track
from rrp_graph.read.readers import corpus_files, read_document
from rrp_graph.read.text import SourceText


@dataclass
class Statement:
    passage: Passage
    kind: str  # final kind: a key of model.STATEMENT_CLASSES
    text: str  # cleaned for reading
    slug: str
    target: ParsedTarget | None = None
    cues: list[Cue] = field(default_factory=list)  # evidence of the pathways and cohorts it speaks to
    mentions: list[Match] = field(default_factory=list)
    links: list[LinkEvidence] = field(default_factory=list)  # partner → pathway evidence
    shared: bool = False  # national text (see rrp_graph.extract.national)
    national: NationalEvidence | None = None  # why it is national

    @property
    def concepts(self) -> list[str]:
        """The pathway-… / cohort-… local names the statement speaks to, each once."""
        return list(dict.fromkeys(cue.concept for cue in self.cues))


@dataclass
class Document:
    source: SourceText
    info: DocumentInfo
    statements: list[Statement]
    glossary: list[GlossaryEntry]
    people: list[PersonMention]

    @property
    def slug(self) -> str:
        return self.info.slug


@dataclass
class Corpus:
    documents: list[Document]
    warnings: list[str] = field(default_factory=list)
    tracking: Tracking = field(default_factory=Tracking)  # commitments and the progress that reports on them
    # passages repeated word for word in two or more regions' documents: id -> the documents' slugs
    shared_passages: dict[str, tuple[str, ...]] = field(default_factory=dict)
    hmpps: Entity | None = None  # the organisation whose units the regions are (data/gazetteer/hmpps.csv)


_FOOTNOTE_MARKER = re.compile(r"(?<=[\w.,;:)%’'\"])[¹²³⁴⁵⁶⁷⁸⁹⁰]+")


def clean_text(raw: str) -> str:
    """A passage for reading: bullet markers inside joined bullets, bold marks, footnote markers ("adults¹")
    and line breaks removed. The span and its quote keep the document's exact characters."""
    text = re.sub(r"\n\s*(?:[-•\u2022\uf0b7*–]\s+)?", " ", raw).replace("**", "")
    text = _FOOTNOTE_MARKER.sub("", text)
    return re.sub(r"[ \t\u00a0]+", " ", text).strip()


def _statement_kind(passage: Passage, text: str, name: str, warnings: list[str]) -> tuple[str, ParsedTarget | None]:
    if passage.kind != "target":
        return passage.kind, None
    parsed = parse_target(text)
    if parsed is not None:
        return "target", parsed
    if looks_quantified(text):
        warnings.append(f"{name}: a target with a percentage could not be parsed: {text[:90]!r}")
    return "qualitative-target", None


def extract_document(source: SourceText, info: DocumentInfo, gazetteer: Gazetteer, lexicon: Lexicon,
                     warnings: list[str]) -> Document:
    parsed = parse(source.text)
    if not any(p.kind not in ("narrative",) for p in parsed.passages):
        raise DocumentError(source.name, "no plan structure found (no targets, commitments or progress headings)")
    statements: list[Statement] = []
    seen: Counter[str] = Counter()
    for passage in parsed.passages:
        raw = source.text[passage.start:passage.end]
        text = clean_text(raw)
        kind, target = _statement_kind(passage, text, source.name, warnings)
        # The IRI rests on the words alone (not the kind, not the position): reclassifying a statement or
        # editing another passage keeps it; a repeat of the same words in one document takes the next number.
        key = comparison_key(text)
        seen[key] += 1
        digest = hashlib.sha1(f"{key}|{seen[key]}".encode()).hexdigest()[:12]
        mentions = tidy(gazetteer.find(raw, passage.start), source.text, passage.start, passage.end, gazetteer)
        cues = passage_cues(lexicon, source.text, passage, mentions)
        statements.append(Statement(
            passage=passage, kind=kind, text=text, slug=f"{info.slug}-{digest}", target=target,
            cues=cues, mentions=mentions, links=link_evidence(source.text, passage, mentions, cues),
        ))
    # A regional role is the region's; a national one's organisation is what its role line names.
    people = [person if person.regional else replace(person, organisation=gazetteer.organisation_of(person.role_line))
              for person in parsed.people]
    for person in people:
        if not person.regional and person.organisation is None:
            warnings.append(f"{source.name}: no organisation for {person.name}'s role {person.role!r}: "
                            "add its words to data/gazetteer/role_organisations.csv")
    return Document(source=source, info=info, statements=statements, glossary=parsed.glossary, people=people)


def extract(folder: Path, gazetteer: Gazetteer | None = None, lexicon: Lexicon | None = None) -> Corpus:
    """Read, identify and parse every plan of a corpus folder."""
    gazetteer = gazetteer or Gazetteer.load()
    lexicon = lexicon or Lexicon.load()
    sources = [read_document(path) for path in corpus_files(folder)]
    infos = complete_periods([identify(source) for source in sources], [source.text for source in sources])
    check_unique(sources, infos)
    warnings = [warning for source in sources for warning in source.warnings]
    documents = [extract_document(s, i, gazetteer, lexicon, warnings) for s, i in zip(sources, infos, strict=True)]
    shared = mark_national(documents)
    return Corpus(documents=documents, warnings=warnings, tracking=track(documents), shared_passages=shared,
                  hmpps=gazetteer.hmpps)


def check_unique(sources: list[SourceText], infos: list[DocumentInfo]) -> None:
    """One file per document (region, unit, kind, period, year, edition); the later file is the one named."""
    seen: DocumentIndex[SourceText] = DocumentIndex()
    for source, info in zip(sources, infos, strict=True):
        if found := seen.find(info):
            known, other = found
            if known.identity != info.identity:  # two identities, one IRI: only the plan period tells them apart
                raise DocumentError(source.name, f"the same region, kind and year as {other.name} ({info.slug}) "
                                                 f"in another plan period ({info.period}, not {known.period}): "
                                                 f"their IRIs would collide")
            same = "the same text as" if other.sha256 == source.sha256 else "the same document as"
            raise DocumentError(source.name, f"{same} {other.name} ({info.described}); a revised edition "
                                             f"or a delivery unit's plan must say so on its title page")
        seen.add(info, source)
