"""From gazetteer matches to mentions: one per occurrence, partners only where the text makes them so.

    one mention     "Police and Crime Commissioners (PCC)", "GIG Cymru – NHS Wales", "Co-Financing
                    Organisation (CFO) activity hubs": the same entity named twice in a row, by its name
                    and an acronym or a translation, is one occurrence (a name inside a longer name is
                    already one: the gazetteer's longest match wins)
    citations       a name inside a reference such as "(Public Health England and MoJ, 2017)" is no mention
    rules           data/gazetteer/mention_rules.csv: contexts where a name is a place or a ranking (not-a-mention),
                    an author of a report, not a partner (not-a-partner), or where a programme is named as a
                    partner agency (partner)
    class lists     "4 police and crime commissioners: Staffordshire and Stoke, Warwickshire, …" names each
                    member too, found among the gazetteer's entities of the class's type (rule class-list)
"""

from __future__ import annotations

import re
from dataclasses import replace

from rrp_graph.extract.gazetteer import Gazetteer, Match

_SAME_OCCURRENCE_GAP = re.compile(r"[\s(\[–—\-/]*")
_CITATION = re.compile(r"\([^()]{0,200}?\b(?:19|20)\d{2}[a-z]?\s*\)")
_LIST_ITEM = re.compile(r"\s*[,\n]\s*(?:and\s+)?")


def _merge_repeats(matches: list[Match], text: str) -> list[Match]:
    merged: list[Match] = []
    for match in matches:
        previous = merged[-1] if merged else None
        if (previous is not None and previous.entity == match.entity
                and _SAME_OCCURRENCE_GAP.fullmatch(text, previous.end, match.start)):
            end = match.end + 1 if "(" in text[previous.end:match.start] and text[match.end:match.end + 1] == ")" \
                else match.end
            merged[-1] = replace(previous, end=end)
            continue
        merged.append(match)
    return merged


def _members(category: Match, text: str, end: int, gazetteer: Gazetteer) -> list[Match]:
    """Members named in a list after a class ("… commissioners: Staffordshire and Stoke, Warwickshire")."""
    colon = re.match(r"\s*:\s*", text[category.end:end])
    if colon is None:
        return []
    start = category.end + colon.end()
    stop = text.find("\n\n", start, end)
    stop = end if stop == -1 else stop
    candidates = [e for e in gazetteer.entities
                  if e.kind == "org" and not e.category and e.type == category.entity.type]
    found = []
    for a, b in _item_spans(text, start, stop):
        item = re.sub(r"\s+", " ", text[a:b]).lower()
        hits = [e for e in candidates if any(n.lower().startswith(item) for n in e.names)] or \
               [e for e in candidates if e.label.split()[0].lower() == item.split()[0]]
        if len(hits) == 1:
            found.append(Match(hits[0], a, b, partner=True, rule="class-list"))
    return found


def _item_spans(text: str, start: int, stop: int) -> list[tuple[int, int]]:
    spans, cursor = [], start
    for sep in _LIST_ITEM.finditer(text, start, stop):
        spans.append((cursor, sep.start()))
        cursor = sep.end()
    spans.append((cursor, stop))
    return [(a, b) for a, b in spans if text[a:b].strip(" .;")]


def tidy(matches: list[Match], text: str, start: int, end: int, gazetteer: Gazetteer) -> list[Match]:
    """The mentions of one passage `text[start:end]` from its gazetteer matches (document offsets)."""
    citations = [(m.start(), m.end()) for m in _CITATION.finditer(text, start, end)]
    kept: list[Match] = []
    for match in _merge_repeats(matches, text):
        if any(a <= match.start < b for a, b in citations):
            continue
        rules = [r for r in gazetteer.rules if r.applies(match.entity) and r.fires(text, match, start, end)]
        if any(r.action == "not-a-mention" for r in rules):
            continue
        partner = (match.entity.can_be_partner or any(r.action == "partner" for r in rules)) \
            and not any(r.action == "not-a-partner" for r in rules)
        kept.append(replace(match, partner=partner))
        if match.entity.category:
            kept.extend(_members(match, text, end, gazetteer))
    return kept
