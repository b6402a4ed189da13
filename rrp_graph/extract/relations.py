"""Partner → pathway evidence: which partner a passage says supports which pathway, and why.

A partner supports a pathway in a passage when

    same-sentence   the partner's mention and the pathway's evidence (a cue word, a pathway's
                    programme, a class of partner defined by the pathway) share a sentence
    sub-heading     the passage sits under a sub-heading that names the pathway
    theme-section   the passage's own words name no pathway and its theme stands for one (weaker)

Each piece of evidence keeps the mention and the cue it joins, so the graph can show the words.
"""

from __future__ import annotations

from dataclasses import dataclass

from rrp_graph.extract import sentences
from rrp_graph.extract.gazetteer import Match
from rrp_graph.extract.lexicon import Cue, Lexicon
from rrp_graph.extract.parse import Passage

THEME_SECTION = "theme-section"


@dataclass(frozen=True)
class LinkEvidence:
    partner: Match
    cue: Cue
    rule: str  # same-sentence | sub-heading | theme-section

    @property
    def pathway(self) -> str:
        return self.cue.concept


def _subheading_span(text: str, passage: Passage) -> tuple[int, int] | None:
    _, _, subheading = passage.section.partition(" / ")
    if not subheading:
        return None
    at = text.rfind(subheading, 0, passage.start)
    return (at, at + len(subheading)) if at != -1 else None


def passage_cues(lexicon: Lexicon, text: str, passage: Passage, mentions: list[Match]) -> list[Cue]:
    """Every piece of evidence of the pathways and cohorts `passage` speaks to, by the rules of the lexicon."""
    cues = lexicon.cues(text, passage.start, passage.end, [(m.start, m.end) for m in mentions])
    negated = sentences.negated_spans(text, passage.start, passage.end)
    for mention in mentions:
        entity = mention.entity
        if entity.pathway and (entity.kind == "programme" or entity.category) \
                and not any(a <= mention.start < b for a, b in negated):
            rule = "programme" if entity.kind == "programme" else "partner-kind"
            cues.append(Cue(entity.pathway, rule, mention.start, mention.end, text[mention.start:mention.end]))
    if (heading := _subheading_span(text, passage)) is not None:
        cues += [Cue(c.concept, "sub-heading", c.start, c.end, c.words) for c in lexicon.cues(text, *heading, [])]
    if not any(c.concept.startswith("pathway-") for c in cues) and passage.theme in lexicon.themes:
        cues.append(Cue(lexicon.themes[passage.theme], THEME_SECTION, None, None, passage.theme))
    return sorted(cues, key=lambda c: (c.start if c.start is not None else -1, c.concept, c.rule))


def link_evidence(text: str, passage: Passage, mentions: list[Match], cues: list[Cue]) -> list[LinkEvidence]:
    """The (partner, pathway) evidence of one passage: one item per partner mention and pathway cue joined."""
    spans = sentences.sentences(text, passage.start, passage.end)
    found: list[LinkEvidence] = []
    for mention in (m for m in mentions if m.partner):
        where = sentences.index_of(mention.start, spans)
        for cue in cues:
            if not cue.concept.startswith("pathway-"):
                continue
            if cue.start is not None and cue.start < mention.end and mention.start < cue.end:
                continue  # a name is never its own evidence
            if cue.rule in ("sub-heading", THEME_SECTION):
                found.append(LinkEvidence(mention, cue, cue.rule))
            elif cue.start is not None and where is not None and sentences.index_of(cue.start, spans) == where:
                found.append(LinkEvidence(mention, cue, "same-sentence"))
    return found


