"""The commitment tracker: what each region said it would do, and what it reported.

For every commitment ("We said we would" bullets, and a plan's three-year objectives and activities) the
progress statements that report on it, found deterministically from the words:

    score     the cosine of the two statements' content words (stemmed, weighted by inverse document frequency
              over the region's statements), plus a bonus for each entity both name (organisations, prisons,
              programmes; less for a class of partner); a progress statement under another theme needs twice
              the score
    strength  strong for the commitment's best-scoring progress statement (score >= BEST) and for any other
              scoring >= STRONG; weak from WEAK; thresholds chosen on tests/golden/tracker/. Weak, though high
              enough, when the progress shares nothing of what the commitment says will be done (only its purpose
              or partners), or when a best-scoring link shares only generic words ("service", "model")

Candidates are the progress statements of the same document, and of the region's later editions in the same
plan period (a plan's objective reported in a later update): the same link node either way.

Status of a commitment: reported (a strong link, and each of several separate deliverables has one), partial
(only weak links, or strong links for some of its deliverables), none. A progress statement no commitment
links to is unanswered. The status says what the documents report, never whether the work was done well.
Every link and every status names the rule that made it (LINK_RULES, STATUS_RULES).

Commitment details, each with its span and nothing the words do not state: firmness (data/lexicon/
firmness.csv), deadlines ("by April 2024" -> 2024-04, "by 2023-24" -> the period), money ("£1.5 million")
and counts ("200 additional places").
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING

from rrp_graph.extract.targets import MONTHS
from rrp_graph.files import read_csv
from rrp_graph.resources import lexicon_dir

if TYPE_CHECKING:
    from rrp_graph.extract.corpus import Document, Statement
    from rrp_graph.extract.gazetteer import Entity

# Chosen on the hand annotation (tests/golden/tracker/, benchmarks/tracker.py prints the figures).
BEST = 0.14  # a commitment's best-scoring progress statement is a strong link from this score
STRONG = 0.35  # any other progress statement is strong from this score,
WEAK = 0.30  # and weak from this one
OTHER_THEME_FACTOR = 2.0  # a progress statement under another theme needs twice the score
ENTITY_BONUS = 0.30  # each organisation, prison or programme both name
CLASS_BONUS = 0.05  # each class of partner both name ("local authorities")
COMMITMENT_KINDS = ("commitment", "objective", "activity")
# The rule that made each link (rrp:rule on the link node; docs/MODEL.md, the commitment tracker)
LINK_RULES = {
    "strong-score": f"score at or above {STRONG}",
    "strong-best": f"the commitment's best-scoring progress statement, score at or above {BEST}",
    "weak-score": f"score at or above {WEAK}",
    "weak-outside-core": "strong by either rule above, but it shares nothing with what the commitment says will be "
                         "done (only its purpose or its partners)",
    "weak-generic": "the commitment's best-scoring progress statement, but it shares only generic words (data/lexicon/"
                    "generic-words.csv: \"service\", \"model\", …) and no named organisation, prison or programme",
}
# The rule that gave each commitment its status (rrp:trackingRule on the commitment)
STATUS_RULES = {
    "every-deliverable": "reported: strong links report the one deliverable it names, or each of several",
    "some-deliverables": "partial: strong links report only some of its deliverables (rrp:trackingNote names "
                         "the others)",
    "weak-links-only": "partial: only weak links",
    "no-link": "none: no progress statement of the document (or a later edition) links to it",
    "no-progress-in-corpus": "none: the corpus holds no progress statements to link to (rrp:trackingNote)",
}

# Words too common in these plans to say what a commitment is about.
_STOP = frozenset({
    "a", "about", "across", "after", "again", "all", "also", "an", "and", "any", "are", "as", "at", "be", "been",
    "being", "both", "but", "by", "can", "continue", "could", "deliver", "develop", "do", "does", "each", "ensure",
    "for", "from", "further", "had", "has", "have", "how", "improve", "in", "including", "increase", "into", "is",
    "it", "its", "more", "most", "new", "not", "of", "on", "or", "our", "over", "people", "per", "prison",
    "prisons", "probation", "region", "regional", "so", "such", "support", "than", "that", "the", "their", "them",
    "these", "they", "this", "those", "through", "to", "under", "up", "upon", "us", "was", "we", "were", "what",
    "when", "where", "which", "while", "who", "will", "with", "within", "work", "working", "would", "year",
    "years",
})
_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]+")


@lru_cache(maxsize=1)
def _word_forms() -> dict[str, str]:
    """Irregular forms the suffix stripper cannot see (data/lexicon/word-forms.csv): "curricula" -> curriculum."""
    return {row["form"].lower(): row["term"].lower()
            for row in read_csv(lexicon_dir() / "word-forms.csv", "word forms")}


@lru_cache(maxsize=1)
def _generic() -> frozenset[str]:
    """Stems of words that name a kind of thing, not which one (data/lexicon/generic-words.csv): a best-scoring
    link resting on them alone is weak."""
    return frozenset(_stem(row["word"]) for row in read_csv(lexicon_dir() / "generic-words.csv", "generic words"))


@lru_cache(maxsize=65536)
def _stem(word: str) -> str:
    # A light suffix stripper, kept over the Porter-2 stemmer (snowballstemmer) after measuring both on the
    # annotation: Porter-2's wider conflations lowered link precision from 0.854 to 0.818 for +0.04 status.
    word = word.lower().strip("'’-").replace("’", "'")
    word = _word_forms().get(word, word)
    for suffix in ("ational", "ations", "ation", "ments", "ment", "ings", "ing", "ies", "ed", "es", "s"):
        if suffix == "s" and word.endswith(("ss", "us", "is")):
            continue  # "focus", "process", "analysis" are not plurals
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)] + ("y" if suffix == "ies" else "")
    return word


def content_terms(text: str, acronyms: Mapping[str, tuple[str, ...]] | None = None) -> list[str]:
    """The stemmed content words of `text`; an acronym the document spells out ("ETE") counts as its words."""
    terms = []
    for word in _WORD.findall(text):
        if acronyms and word in acronyms:
            terms.extend(acronyms[word])
        elif word.lower() not in _STOP and len(word) > 2:
            terms.append(_stem(word))
    return terms


_SPELLED_OUT = re.compile(r"((?:[A-Z][\w'’-]*,?\s+(?:(?:and|of|for|the|&)\s+)*){2,8})\(([A-Z][A-Za-z0-9]{1,7})\)")


def acronyms(text: str) -> dict[str, tuple[str, ...]]:
    """Acronyms the text defines, "Education, Training and Employment (ETE)" -> stems of the spelled-out words.

    Only where the capitals of the words before the brackets end with the acronym's letters, so "… with
    partners (NHS)" is not read as a definition."""
    found: dict[str, tuple[str, ...]] = {}
    for match in _SPELLED_OUT.finditer(text):
        words = [w for w in re.findall(r"[A-Za-z][\w'’-]*", match[1]) if w.lower() not in {"and", "of", "for", "the"}]
        letters = "".join(c for c in match[2] if c.isupper())
        # "HM" gives H and M, "Co-Financing" C and F
        initials = [w if w.isupper() else "".join(part[:1].upper() for part in w.split("-")) for w in words]
        if len(letters) < 2 or not "".join(initials).endswith(letters):
            continue
        spelled, count = [], 0
        for word, letters_of_word in zip(reversed(words), reversed(initials), strict=True):
            if count >= len(letters):
                break
            spelled.insert(0, word)
            count += len(letters_of_word)
        found.setdefault(match[2], tuple(_stem(w) for w in spelled if w.lower() not in _STOP))
    return found


# --- details ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Detail:
    """A fact the commitment's words state: its firmness, a deadline, an amount of money, a count."""

    kind: str  # firmness | deadline | money | count
    value: str  # firm / intent / exploratory; 2024-04, 2023, 2023-24; 1500000; 200
    datatype: str  # string | gYearMonth | gYear | decimal | integer
    start: int
    end: int
    words: str
    unit: str = ""  # GBP for money; the thing counted ("places") for counts


def firmness_rules() -> list[tuple[str, re.Pattern[str]]]:
    """The firmness scale of data/lexicon/firmness.csv as (level, pattern) pairs, longest phrase first."""
    rows = read_csv(lexicon_dir() / "firmness.csv", "firmness scale")
    alternatives = [(row["level"], alt.strip()) for row in rows for alt in row["pattern"].split("|")]
    alternatives.sort(key=lambda item: -len(item[1]))  # the longest phrase wins: "continue to improve" over "improve"
    return [(level, re.compile(r"(?:we\s+will\s+|we'll\s+)?(" + re.escape(alt).replace("\\ ", r"\s+") + r")\b",
                               re.IGNORECASE)) for level, alt in alternatives]


_MONTH = "|".join(MONTHS)
_DEADLINE = re.compile(
    rf"\b(?:by|before|in|during|from|for)\s+(?:the\s+end\s+of\s+)?(?:(?:the\s+)?(?P<season>spring|summer|autumn|winter)\s+)?"
    rf"(?:(?P<month>{_MONTH})\s+)?(?P<year>20\d\d)(?:\s*[-/–]\s*(?P<to>\d\d)(?!\d))?\b",
    re.IGNORECASE,
)
_MONEY = re.compile(r"£\s?(?P<amount>\d[\d,]*(?:\.\d+)?)\s*(?P<scale>million|m\b|bn\b|billion|k\b)?", re.IGNORECASE)
_COUNT = re.compile(r"\b(?P<number>\d[\d,]*)\s+(?P<what>(?:(?:additional|new|extra|more|further)\s+)?[a-z]+s)\b")
_SCALES = {"million": 1_000_000, "m": 1_000_000, "bn": 1_000_000_000, "billion": 1_000_000_000, "k": 1_000}
_NOT_COUNTED = re.compile(r"^(?:percent|years|months|weeks|days|hours|nights|per)$")


def details(text: str, start: int, end: int, rules: list[tuple[str, re.Pattern[str]]]) -> list[Detail]:
    """The details `text[start:end]` (a commitment) states, with document offsets."""
    found: list[Detail] = []
    body = text[start:end]
    lead = len(body) - len(body.lstrip(" •-*\t"))
    for level, pattern in rules:
        if match := pattern.match(body, lead):
            a, b = start + match.start(1), start + match.end(1)
            found.append(Detail("firmness", level, "string", a, b, text[a:b]))
            break
    for match in _DEADLINE.finditer(body):
        month, year, to = match["month"], match["year"], match["to"]
        if to and int(to) == (int(year) + 1) % 100:
            value, datatype = f"{year}-{to}", "string"
        elif month:
            value, datatype = f"{year}-{MONTHS.index(month.lower()) + 1:02d}", "gYearMonth"
        else:
            value, datatype = year, "gYear"
        found.append(Detail("deadline", value, datatype, start + match.start(), start + match.end(), match[0]))
    for match in _MONEY.finditer(body):
        amount = float(match["amount"].replace(",", "")) * _SCALES.get((match["scale"] or "").lower(), 1)
        found.append(Detail("money", f"{amount:.0f}", "decimal", start + match.start(), start + match.end(),
                            match[0].strip(), unit="GBP"))
    for match in _COUNT.finditer(body):
        what = match["what"].split()[-1].lower()
        number = int(match["number"].replace(",", ""))
        if _NOT_COUNTED.match(what) or 1900 < number < 2100:
            continue
        found.append(Detail("count", str(number), "integer", start + match.start(), start + match.end(), match[0],
                            unit=match["what"]))
    return found


# --- links -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ProgressLink:
    commitment: Statement
    progress: Statement
    commitment_document: str  # slugs: the same document, or a later edition of the region's plan
    progress_document: str
    score: float
    terms: tuple[str, ...]  # shared content words, as written in the commitment
    entities: tuple[str, ...]  # ids of the shared entities
    same_theme: bool
    rule: str  # what made it a link of this strength: one of LINK_RULES

    @property
    def strength(self) -> str:
        """strong | weak: the first word of its rule."""
        return self.rule.split("-", 1)[0]


@dataclass
class Tracking:
    links: list[ProgressLink] = field(default_factory=list)
    status: dict[int, str] = field(default_factory=dict)  # id(commitment) -> reported | partial | none
    rules: dict[int, str] = field(default_factory=dict)  # id(commitment) -> the STATUS_RULES rule of its status
    # id(commitment) -> why it has no candidates, or which of its deliverables no strong link reports
    notes: dict[int, str] = field(default_factory=dict)
    answered: set[int] = field(default_factory=set)  # id(progress) of progress statements some link answers
    details: dict[int, list[Detail]] = field(default_factory=dict)


_VERBS = (r"(?:increase|reduce|deliver|ensure|embed|create|establish|implement|commission|co-commission|recruit|deploy"
          r"|add|roll out|launch|introduce|provide|maintain|expand|develop|improve|support|continue|work|strengthen"
          r"|enhance|pilot|piloting|review|use|build|promote|focus|sign|fund)")
# ", provided in partnership …" is a participle, not a second deliverable: verb forms in -ed do not separate
_SEPARATE = re.compile(rf";|,?\s+(?:and|as well as)\s+(?={_VERBS}\b)|,\s+(?={_VERBS}(?:s|ing)?\b)"
                       r"|,\s+and\s+(?=an?\s)|\bincluding\b", re.IGNORECASE)
_RELATIVE = re.compile(r"\s(?:which|who|to)\s", re.IGNORECASE)  # "to" only after a noun of _DESCRIBED
# the examples of "such as A and B" are separate deliverables
_EXAMPLES = re.compile(r"\bsuch as\b", re.IGNORECASE)
_EXAMPLE = re.compile(r",\s*(?:and\s+)?|\s+and\s+(?=\S+\s+\S)", re.IGNORECASE)

# "… to aid compliance and reduce reoffending", "…, focusing on …": why or how, not another deliverable
_PURPOSE_VERBS = (rf"(?:{_VERBS}|aid|help|hold|tackle|meet|manage|maximise|tailor|engage|encourage|reduce|enable"
                  r"|address|prevent)")
_PURPOSE = re.compile(rf"\s(?:(?:in order )?to\s+{_PURPOSE_VERBS}\b|so that\b|focusing on\b|ensuring\b"
                      r"|with a (?:particular )?focus\b)", re.IGNORECASE)
# "Work with NHS England to roll out …": after a verb of partnership the to-clause is the deliverable itself
_PARTNERING = re.compile(r"^\W*(?:continue to\s+)?(?:(?:work|engage|partner|collaborate)(?:\s+\w+ly)?\s+with"
                         r"|support|help|enable|encourage)\b", re.IGNORECASE)
# "We will do this through …": a second sentence that says how
_HOW = re.compile(r"^(?:we will do this|this will|this includes)\b", re.IGNORECASE)


_LEADS_IN = re.compile(r"\b(?:continue|continuing|aim|aims|seek|plan|intend|need|want|try|begin|start|commit|"
                       r"committed|able|going|towards)$", re.IGNORECASE)
# "Roll out services to support …", "a national pilot to engage and recruit …": after a noun naming the thing
# delivered, the to-clause says what that thing is, so it stays in the deliverable
_DESCRIBED = re.compile(r"\b(?:services?|pilots?|schemes?|programmes?|projects?|initiatives?|teams?|hubs?"
                        r"|courses?|tools?)$", re.IGNORECASE)


def _what(sentence: str) -> str:
    """The sentence up to its purpose clause."""
    cuts = [cut for cut in _PURPOSE.finditer(sentence)
            if not _LEADS_IN.search(sentence, 0, cut.start())  # "Continue to develop …" is the deliverable itself
            and not (cut.group().lstrip().lower().startswith("to ") and _DESCRIBED.search(sentence, 0, cut.start()))]
    if cuts and _PARTNERING.match(sentence) and cuts[0].group().lstrip().lower().startswith(("to ", "in order")):
        cuts = cuts[1:]
    return sentence[: cuts[0].start()] if cuts else sentence


_PARTNER_HEAD = re.compile(r"^.*?\bto\s+(?=\w)", re.IGNORECASE | re.DOTALL)


def _what_sentences(text: str) -> list[str]:
    """The sentences of a commitment that say what will be done: a later "We will do this through …" says how."""
    sentences = [s for s in re.split(r"(?<=[.;])\s+", text) if s]
    return sentences[:1] + [s for s in sentences[1:] if not _HOW.match(s)]


def _core(text: str) -> str:
    """What a commitment says will be done, without its purpose clauses and, after a verb of partnership
    ("Work closely with Local Criminal Justice Boards to review …"), without the partners: a progress statement
    that shares only those words is about why or with whom, not about the deliverable."""
    core = []
    for sentence in _what_sentences(text):
        what = _what(sentence)
        core.append(_PARTNER_HEAD.sub("", what, count=1) if _PARTNERING.match(what) else what)
    return " ".join(core)


def _deliverables(text: str) -> list[tuple[str, set[str]]]:
    """The separate deliverables a commitment names ("increase X and increase Y", "…; …", "X such as A and B",
    a second sentence), each as its words and its set of content terms; the whole text when it names one."""
    chunks = []
    for sentence in _what_sentences(text):
        # examples name deliverables even after a purpose clause ("… to enhance risk management, such as …")
        head, *examples = _EXAMPLES.split(sentence)
        # "Establish Employment Advisory Boards which link …, assist … and focus …", "a custodial service to
        # manage debt and support …": the verbs of a relative clause say what the one deliverable does
        what = _what(head)
        m = next((m for m in _RELATIVE.finditer(what)
                  if m[0].strip().lower() != "to" or _DESCRIBED.search(what, 0, m.start())), None)
        main, relative = (what[:m.start()], what[m.start():]) if m else (what, "")
        chunks.extend(_SEPARATE.split(main))
        if relative:
            chunks[-1] += relative
        for listed in examples:
            chunks.extend(_EXAMPLE.split(listed))
    parts = [(chunk.strip(" ,;.:"), set(content_terms(chunk))) for chunk in chunks]
    parts = [(words, terms) for words, terms in parts if len(terms) >= 2]
    return parts if len(parts) >= 2 else [(text, set(content_terms(text)))]


class _Vocabulary:
    """The content terms of one region's statements, and their inverse document frequency over them."""

    def __init__(self, documents: list[Document]) -> None:
        self.acronyms: dict[str, tuple[str, ...]] = {}
        for document in documents:
            for acronym, words in acronyms(document.source.text).items():
                self.acronyms.setdefault(acronym, words)
        # "across the East Midlands" says nothing of the work
        self.region = set(content_terms(documents[0].info.region))
        self._terms: dict[int, frozenset[str]] = {}
        self._weights: dict[str, float] = {}
        self._norms: dict[int, float] = {}
        self._entities: dict[int, set[str]] = {}
        frequency: Counter[str] = Counter()
        statements = [s for d in documents for s in d.statements]
        for statement in statements:
            frequency.update(self.terms(statement))
        self.n = max(1, len(statements))
        self.frequency = frequency

    def terms(self, statement: Statement) -> frozenset[str]:
        if (key := id(statement)) not in self._terms:
            self._terms[key] = frozenset(content_terms(statement.text, self.acronyms)) - self.region
        return self._terms[key]

    def weight(self, term: str) -> float:
        if (weight := self._weights.get(term)) is None:
            weight = self._weights[term] = math.log(1 + self.n / (1 + self.frequency[term]))
        return weight

    def norm(self, statement: Statement) -> float:
        """The sum of a statement's term weights (every commitment meets every candidate: computed once)."""
        if (norm := self._norms.get(key := id(statement))) is None:
            # fsum: exactly rounded, so the score does not depend on the set's order (string hashing differs
            # between processes, and a plain sum's last bit decided ties at a threshold)
            norm = self._norms[key] = math.fsum(self.weight(t) for t in self.terms(statement))
        return norm

    def entities(self, statement: Statement) -> set[str]:
        if (found := self._entities.get(key := id(statement))) is None:
            found = self._entities[key] = {m.entity.id for m in statement.mentions}
        return found


def _as_written(text: str) -> dict[str, str]:
    """Each stem of a text -> the word as first written there, for the evidence a reader sees."""
    as_written: dict[str, str] = {}
    for word in _WORD.findall(text):
        as_written.setdefault(_stem(word), word.lower())
    return as_written


def _score(commitment: Statement, progress: Statement, vocabulary: _Vocabulary, as_written: dict[str, str],
           named: dict[str, Entity]) -> tuple[float, tuple[str, ...], tuple[str, ...]]:
    """The link score of a pair; `as_written` (the commitment's words) and `named` (its entities by id) are the
    commitment's, made once for all its candidates."""
    mine_weight, their_weight = vocabulary.norm(commitment), vocabulary.norm(progress)
    if not mine_weight or not their_weight:
        return 0.0, (), ()
    shared = vocabulary.terms(commitment) & vocabulary.terms(progress)
    shared_entities = sorted(named.keys() & vocabulary.entities(progress))
    if not shared and not shared_entities:
        return 0.0, (), ()
    bonus = math.fsum(CLASS_BONUS if named[e].category else ENTITY_BONUS for e in shared_entities)
    score = math.fsum(vocabulary.weight(t) for t in shared) / math.sqrt(mine_weight * their_weight) + bonus
    return min(1.0, score), tuple(sorted(as_written.get(t, t) for t in shared)), tuple(shared_entities)


def track(documents: list[Document]) -> Tracking:
    """Links, statuses and details for every commitment of the corpus."""
    tracking = Tracking()
    rules = firmness_rules()
    by_region: dict[str, list[Document]] = defaultdict(list)
    for document in documents:
        by_region[document.info.region].append(document)
    for docs in by_region.values():
        vocabulary = _Vocabulary(docs)
        for document in docs:
            later = [d for d in docs if d.info.period == document.info.period and d.info.year > document.info.year]
            candidates = [(d, s) for d in [document, *later] for s in d.statements if s.kind == "progress"]
            for commitment in (s for s in document.statements if s.kind in COMMITMENT_KINDS):
                tracking.details[id(commitment)] = details(document.source.text, commitment.passage.start,
                                                           commitment.passage.end, rules)
                if not candidates:
                    tracking.status[id(commitment)] = "none"
                    tracking.rules[id(commitment)] = "no-progress-in-corpus"
                    tracking.notes[id(commitment)] = (
                        f"the corpus holds no progress statements for {document.info.region} in this document or a "
                        f"later edition of the {document.info.period or 'same'} plan")
                    continue
                scored = []
                as_written = _as_written(commitment.text)
                named = {m.entity.id: m.entity for m in commitment.mentions}
                for progress_document, progress in candidates:
                    score, terms, entities = _score(commitment, progress, vocabulary, as_written, named)
                    same_theme = progress.passage.theme == commitment.passage.theme
                    effective = score if same_theme else score / OTHER_THEME_FACTOR
                    scored.append((effective, score, progress_document, progress, terms, entities, same_theme))
                best = max((item[0] for item in scored), default=0.0)
                core_text = _core(commitment.text)
                core = frozenset(content_terms(core_text, vocabulary.acronyms))
                core_entities = {m.entity.id for m in commitment.mentions if not m.entity.category
                                 and document.source.text[m.start:m.end] in core_text}
                links = []
                for effective, score, progress_document, progress, terms, entities, same_theme in scored:
                    if effective >= STRONG:
                        rule = "strong-score"
                    elif effective == best and effective >= BEST:
                        rule = "strong-best"
                    elif effective >= WEAK:
                        rule = "weak-score"
                    else:
                        continue
                    if rule == "strong-best" and _generic().issuperset(map(_stem, terms)) and all(
                            named[e].category for e in entities):
                        rule = "weak-generic"  # "service providers" and "Substance Misuse providers"
                    elif rule.startswith("strong") and not (core & vocabulary.terms(progress)
                                                          or core_entities & set(entities)):
                        rule = "weak-outside-core"  # it shares only the purpose or the partners
                    links.append(ProgressLink(commitment, progress, document.slug, progress_document.slug,
                                              round(score, 3), terms, entities, same_theme, rule))
                tracking.links.extend(links)
                tracking.answered.update(id(link.progress) for link in links)
                status, rule, note = _status(commitment, links, vocabulary)
                tracking.status[id(commitment)], tracking.rules[id(commitment)] = status, rule
                if note:
                    tracking.notes[id(commitment)] = note
    return tracking


def _status(commitment: Statement, links: list[ProgressLink], vocabulary: _Vocabulary) -> tuple[str, str, str]:
    """The status, the rule of STATUS_RULES that gave it and, for a commitment only partly reported, which of its
    deliverables no strong link reports."""
    strong = [link for link in links if link.strength == "strong"]
    if not strong:
        return ("partial", "weak-links-only", "") if links else ("none", "no-link", "")
    parts = _deliverables(commitment.text)
    if len(parts) == 1:
        return "reported", "every-deliverable", ""
    # a part is covered by a link that shares two of its terms, one of them its own: "a finance, benefit and
    # debt service …, and a custodial service to manage finance and debt" is not reported by the community service
    terms = [part for _, part in parts]
    own = [part - set().union(*(other for other in terms if other is not part)) for part in terms]
    covered = [any(len(part & (found := vocabulary.terms(link.progress))) >= 2 and (not mine or mine & found)
                   for link in strong) for part, mine in zip(terms, own, strict=True)]
    if all(covered):
        return "reported", "every-deliverable", ""
    missing = "; ".join(f"“{_clipped(words)}”" for (words, _), done in zip(parts, covered, strict=True) if not done)
    return "partial", "some-deliverables", (f"strong links report {sum(covered)} of its {len(parts)} deliverables, "
                                            f"not {missing}")


def _clipped(words: str, limit: int = 80) -> str:
    words = re.sub(r"^(?:and|or)\s+|\s+(?:and|or)$", "", " ".join(words.split()), flags=re.IGNORECASE)
    return words if len(words) <= limit else words[: limit - 1].rstrip() + "…"
