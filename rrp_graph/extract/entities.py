"""Names in the corpus: the gazetteer's entities it mentions, and organisation-like names it does not know.

`unknown_names` is the curator's worklist for data/gazetteer/: each candidate comes with a
count and the sentence of its first occurrence. A candidate is one of

* an acronym defined in brackets: "Heads of Education, Skills and Work (HESW)";
* a prison the gazetteer lacks: "HMP Fosse Way", "HMYOI Feltham";
* a proper name ending in an organisation word: "… Trust", "… Network", "… Partnership" ….

Other runs of capitalised words are not listed: in these plans they are role titles ("Probation
Director", "Heads of Education"), HMPPS's own teams and units ("Homelessness Prevention Team",
"Probation Delivery Unit"), places and fragments. Names the gazetteer matches, people the parser
found, regions, roles, units and the plans' own headings and phrases are left out.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from rrp_graph.extract.corpus import Corpus
from rrp_graph.extract.document import REGIONS
from rrp_graph.extract.gazetteer import Gazetteer

_WORD = r"[A-Z][\w'’&.-]*[\w’']"
_JOIN = r"(?:\s+(?:and|of|for|the|&|in|into|on|at|de)\b)*\s+"
_PROPER = re.compile(rf"\b{_WORD}(?:{_JOIN}{_WORD})+")
_ACRONYM = re.compile(rf"\b({_WORD}(?:{_JOIN}{_WORD})*)\s+\(([A-Z][A-Za-z0-9&]*[A-Z0-9]s?)\)")
_PRISON = re.compile(r"\bHM(?:P|YOI|P/YOI|P\s*&\s*YOI)\s+(?:[A-Z][a-z]+)(?:\s+(?:[A-Z][a-z]+|Hall|Park|Way))*")
_ORG_WORDS = re.compile(
    r"\b(?:Trust|Network|Partnership|Partnerships|Board|Boards|Council|Foundation|Alliance|Association|Society"
    r"|Commission|Agency|Authority|College|University|Charity|CIC|Ltd|Limited|Group|Forum|Service|Services"
    r"|Centre|Project|Collective|Consortium|Company|Hub|Hubs)$"
)
# Capitalised words that open sentences and bullets without being part of a name.
_OPENERS = {
    "The", "A", "An", "Our", "We", "This", "These", "Those", "In", "By", "At", "For", "With", "Across", "All", "Each",
    "Both", "Over", "Since", "Through", "Continue", "Support", "Increase", "Deliver", "Ensure", "Embed", "Work",
    "Further", "Use", "Create", "Add", "Commission", "Develop", "Improve", "Build", "Focus", "Focusing", "Maintain",
    "Establish", "Launch", "Strengthen", "Provide", "Expand", "Utilisation", "Upskilled", "Convened", "Maintained",
    "Many", "Some", "Other", "Every", "Together", "Looking", "Regional", "Local", "National", "Key", "Its",
    "Their", "His", "Her", "As", "To", "Of", "On", "From", "During", "Following", "Within", "Where", "When", "While",
}
# Phrases of the plans themselves, not organisations.
_PLAN_WORDS = re.compile(
    r"^(?:(?:Regional\s+)?Reducing\s+Reoffending\s+Plans?|Annual\s+Update|Outcome\s+Progress|Regional\s+Probation"
    r"\s+Directors?|Prison\s+Group\s+Directors?|Director\s+General|Chief\s+Executive\s+Officer|Criminal\s+Justice"
    r"\s+System(?:\s+Lead)?|Deputy\s+Criminal\s+Justice\s+System\s+Lead|Police\s+and\s+Crime\s+Plans?"
    r"|Female\s+Offender\s+Strategy|Civil\s+Service|Prison\s+Service|Probation\s+Service|Prison\s+and\s+Probation"
    r"|Prisons?\s+and\s+Probation|(?:Education,?\s+)?Training\s+and\s+Employment)$",
    re.IGNORECASE,
)
# Role titles and HMPPS's own teams and units: not organisations a curator would add.
_ROLES_AND_UNITS = re.compile(
    r"\b(?:Directors?|Managers?|Leads?|Co-?ordinators?|Specialists?|Officers?|Heads?|Chairs?|Advisers?|Advisors?"
    r"|Workers?|Coaches|Coach|Posts?|Teams?|Units?|Divisions?|Directorates?|Departments?|Sub-groups?"
    r"|Prison\s+Groups?|Probation\s+Service|HM\s+Prison\s+and\s+Probation\s+Service)$",
    re.IGNORECASE,
)
_MONTHS = re.compile(r"^(?:January|February|March|April|May|June|July|August|September|October|November|December)\b")


_PRIORITY = {"acronym": 0, "prison": 1, "organisation word": 2, "proper name": 3}


@dataclass(frozen=True)
class NameCount:
    """A name, how often the corpus uses it, and where a curator can see it in use."""

    name: str
    count: int
    why: str  # "acronym", "prison", "organisation word", "proper name", or the entity kind for known names
    example: str  # the sentence of its first occurrence
    document: str  # the file the example comes from


def _sentence(text: str, start: int, end: int) -> str:
    begin = max(text.rfind(". ", 0, start) + 2, 0) if text.rfind(". ", 0, start) >= 0 else 0
    stop = text.find(". ", end)
    sentence = text[begin: stop + 1 if stop >= 0 else len(text)].strip()
    return sentence if len(sentence) <= 300 else sentence[:299].rstrip() + "…"


def _excluded_words(corpus: Corpus) -> set[str]:
    words = {s.lower() for spellings in REGIONS.values() for s in spellings}
    words.update(f"{s.lower()} region" for s in set(words))
    for document in corpus.documents:
        words.update(person.name.lower() for person in document.people)
        words.update(entry.term.lower() for entry in document.glossary)
    return words


def _trim(name: str) -> str:
    """A candidate without the sentence opener before it or a dangling joining word after it."""
    joiners = ("and", "of", "for", "the", "&", "in", "into", "on", "at", "de")
    words = name.split()
    # Openers, past tenses that open progress bullets ("Recruited …"), and joining words left in front.
    while len(words) > 1 and (words[0] in _OPENERS or words[0] in joiners
                              or (words[0].endswith("ed") and len(words[0]) > 5 and words[0][:1].isupper())):
        words = words[1:]
    while words and words[-1].lower() in joiners:
        words = words[:-1]
    return " ".join(words).strip(" .,'’")


def _expansion(words: str, acronym: str) -> str:
    """The words an acronym stands for: the shortest tail of the run whose initials spell it, else the run."""
    letters = re.sub(r"s$", "", acronym).upper()
    parts = words.split()
    for size in range(1, len(parts) + 1):
        tail = parts[-size:]
        initials = "".join(w[0] for w in tail if w.lower() not in ("and", "of", "for", "the", "&", "in", "into", "on"))
        if initials.upper() == letters and tail[0][:1].isupper():
            return " ".join(tail)
    return words


def _candidates(text: str) -> list[tuple[int, int, str, str]]:
    found: list[tuple[int, int, str, str]] = []
    for match in _ACRONYM.finditer(text):
        long = _expansion(_trim(match.group(1)), match.group(2))
        start = match.start() + match.group(0).find(long)
        found.append((start, match.end(), f"{long} ({match.group(2)})", "acronym"))
    for match in _PRISON.finditer(text):
        found.append((match.start(), match.end(), match.group(0), "prison"))
    for match in _PROPER.finditer(text):
        name = _trim(match.group(0))
        if len(name.split()) < 2:
            continue
        start = match.start() + match.group(0).find(name)
        why = "organisation word" if _ORG_WORDS.search(name) else "proper name"
        found.append((start, start + len(name), name, why))
    return found


def unknown_names(corpus: Corpus, gazetteer: Gazetteer | None = None) -> list[NameCount]:
    """Organisation-like names in the corpus that the gazetteer does not know, most frequent first."""
    gazetteer = gazetteer or Gazetteer.load()
    excluded = _excluded_words(corpus)
    counts: Counter[str] = Counter()
    whys: dict[str, str] = {}
    examples: dict[str, tuple[str, str]] = {}
    for document in corpus.documents:
        for statement in document.statements:
            text = statement.text
            known = [(m.start, m.end) for m in gazetteer.find(text)]
            taken: list[tuple[int, int]] = []
            # The surest kinds first: a run of capitals joined by "and" may hold a prison and a network.
            for start, end, name, why in sorted(_candidates(text), key=lambda c: (_PRIORITY[c[3]], c[0])):
                if any(start < e and s < end for s, e in taken):
                    continue  # inside a longer candidate already counted
                if why != "acronym" and any(start < e and s < end for s, e in known):
                    continue
                if why == "acronym" and (any(s <= start and end <= e for s, e in known)
                                         or gazetteer.find(name[name.rindex("(") + 1:-1])):
                    continue  # the gazetteer knows the acronym or the whole name
                if why == "proper name" or (why != "prison" and _ROLES_AND_UNITS.search(name.split(" (")[0])):
                    continue
                if (name.lower() in excluded or _PLAN_WORDS.match(name.split(" (")[0]) or _MONTHS.match(name)
                        or any(part.lower() in excluded for part in re.split(r"\s+(?:and|&)\s+", name))):
                    continue
                taken.append((start, end))
                counts[name] += 1
                whys.setdefault(name, why)
                examples.setdefault(name, (_sentence(text, start, end), document.source.name))
    names = [NameCount(name, count, whys[name], *examples[name]) for name, count in counts.items()]
    return sorted(names, key=lambda n: (-n.count, _PRIORITY[n.why], n.name.lower()))


def known_names(corpus: Corpus) -> list[NameCount]:
    """The gazetteer entities the corpus mentions, most mentioned first."""
    counts: Counter[str] = Counter()
    kinds: dict[str, str] = {}
    examples: dict[str, tuple[str, str]] = {}
    for document in corpus.documents:
        for statement in document.statements:
            for match in statement.mentions:
                label = match.entity.label
                counts[label] += 1
                kinds[label] = match.entity.kind
                if label not in examples:
                    start = match.start - statement.passage.start
                    raw = document.source.text[statement.passage.start:statement.passage.end]
                    examples[label] = (_sentence(" ".join(raw.split()), start, start), document.source.name)
    return sorted((NameCount(label, n, kinds[label], *examples[label]) for label, n in counts.items()),
                  key=lambda n: (-n.count, n.name.lower()))
