"""The curated gazetteer: organisations, prisons and programmes, matched in passages; and HMPPS, whose
units the regions are, with the words of role lines that say which organisation a person's role is in.

Matching rule: a name written entirely in capitals and digits (an acronym: DWP, CFO,
CAS3) matches case-sensitively; any other name case-insensitively; always on word
boundaries; where matches overlap, the longest wins ("NHS England" over "NHS").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from rrp_graph.errors import CorpusError
from rrp_graph.files import read_csv
from rrp_graph.resources import gazetteer_dir


@dataclass(frozen=True)
class Entity:
    kind: str  # "org" | "prison" | "programme"
    id: str
    label: str
    type: str = ""  # organisation type key (orgtype-…) of an organisation; a programme's type (PROGRAMME_TYPES)
    category: bool = False  # a class of partner named collectively
    aliases: tuple[str, ...] = ()
    pathway: str = ""  # the pathway a programme, or a class of partner defined by one, belongs to
    alias_languages: tuple[str, ...] = ()  # each alias's language tag: "en" unless the CSV marks it ("…@cy")

    def __post_init__(self) -> None:
        if len(self.alias_languages) != len(self.aliases):  # made in code without languages: English
            object.__setattr__(self, "alias_languages", ("en",) * len(self.aliases))

    @property
    def can_be_partner(self) -> bool:
        """Organisations are partners where named; prisons never; programmes where the text says so."""
        return self.kind == "org"

    @property
    def names(self) -> tuple[str, ...]:
        return (self.label, *self.aliases)


@dataclass(frozen=True)
class Match:
    entity: Entity
    start: int
    end: int
    partner: bool = False  # named as a partner here (see rrp_graph.extract.mentions)
    rule: str = "gazetteer"  # how the mention was found: gazetteer | class-list


ACTIONS = ("not-a-mention", "not-a-partner", "partner")
# What a row of programmes.csv names: the plans name strategies, a White Paper and statutory duties beside
# programmes, services and sentence requirements, and the graph types each as what it is.
PROGRAMME_TYPES = ("programme", "service", "requirement", "strategy", "policy-paper", "statutory-duty")


@dataclass(frozen=True)
class MentionRule:
    applies_to: str  # an entity id, *programme / *org / *prison for a kind, type:inspectorate for a type
    action: str  # not-a-mention | not-a-partner | partner
    before: re.Pattern[str] | None
    after: re.Pattern[str] | None
    note: str

    def applies(self, entity: Entity) -> bool:
        return self.applies_to in (entity.id, f"*{entity.kind}", f"type:{entity.type}")

    def fires(self, text: str, match: Match, lo: int, hi: int) -> bool:
        if self.before is not None and not self.before.search(text[lo:match.start]):
            return False
        return self.after is None or self.after.match(text[match.end:hi]) is not None


def load_rules(path: Path) -> list[MentionRule]:
    """The mention rules of a gazetteer folder (an absent file means none)."""
    if not path.is_file():
        return []
    rows = read_csv(path, "mention rules")
    rules = []
    for line, row in enumerate(rows, start=2):
        action = (row.get("action") or "").strip()
        if action not in ACTIONS or not (row.get("applies_to") or "").strip():
            raise CorpusError(f"{path}:{line}: a rule needs applies_to and an action ({', '.join(ACTIONS)})")
        try:
            before, after = ((re.compile(p, re.IGNORECASE) if (p := (row.get(k) or "").strip()) else None)
                             for k in ("before", "after"))
        except re.error as exc:
            raise CorpusError(f"{path}:{line}: bad pattern ({exc})") from None
        rules.append(MentionRule(row["applies_to"].strip(), action, before, after, (row.get("note") or "").strip()))
    return rules


@dataclass(frozen=True)
class Affiliation:
    """Words of a role line (data/gazetteer/role_organisations.csv) and the organisation they name."""

    words: re.Pattern[str]
    organisation: Entity
    note: str


def load_affiliations(path: Path, entities: list[Entity]) -> list[Affiliation]:
    """The role-line rules of a gazetteer folder (an absent file means none); each names a known organisation."""
    if not path.is_file():
        return []
    by_id = {entity.id: entity for entity in entities if entity.kind == "org" and not entity.category}
    affiliations = []
    for line, row in enumerate(read_csv(path, "role organisations"), start=2):
        words, organisation = (row.get("words") or "").strip(), (row.get("organisation") or "").strip()
        if not words or organisation not in by_id:
            raise CorpusError(f"{path}:{line}: a row needs words and the id of an organisation of the gazetteer "
                              f"(not a partner category), not {organisation!r}")
        pattern = re.compile(rf"(?<!\w){re.escape(words)}(?!\w)", re.IGNORECASE)
        affiliations.append(Affiliation(pattern, by_id[organisation], (row.get("note") or "").strip()))
    return affiliations


def _is_acronym(name: str) -> bool:
    return re.fullmatch(r"[A-Z0-9&]+s?", name) is not None and any(c.isalpha() for c in name)


_ALIAS_LANGUAGE = re.compile(r"(.+?)(?:@([a-z]{2,3}))?", re.DOTALL)


def _read(path: Path, kind: str) -> list[Entity]:
    rows = read_csv(path, "gazetteer")
    entities = []
    for line, row in enumerate(rows, start=2):
        if not row.get("id") or not row.get("label"):
            raise CorpusError(f"{path}:{line}: gazetteer row needs an id and a label")
        if kind == "programme" and (row.get("type") or "").strip() not in PROGRAMME_TYPES:
            raise CorpusError(f"{path}:{line}: a programme's type is one of {', '.join(PROGRAMME_TYPES)}, "
                              f"not {(row.get('type') or '').strip()!r}")
        # An alias in another language carries its tag: "Llywodraeth Cymru@cy" (Welsh); the rest are English.
        tagged = [_ALIAS_LANGUAGE.fullmatch(a.strip()) for a in (row.get("aliases") or "").split("|") if a.strip()]
        aliases = tuple(m.group(1).strip() for m in tagged)
        languages = tuple(m.group(2) or "en" for m in tagged)
        entities.append(Entity(kind=kind, id=row["id"].strip(), label=row["label"].strip(),
                               type=(row.get("type") or "").strip(),
                               category=(row.get("category") or "").strip().lower() == "yes", aliases=aliases,
                               pathway=(row.get("pathway") or "").strip(), alias_languages=languages))
    return entities


def trie_regex(names: set[str]) -> str:
    """One regex for many names, shaped as a trie so each position is tried once, not once per name
    (a flat alternation of ~400 names made matching the slowest step of a large build). Optional
    continuations are greedy, so the longest name still wins; a space matches any run of spaces."""
    trie: dict = {}
    for name in names:
        node = trie
        for char in name:
            node = node.setdefault(char, {})
        node[""] = {}

    def pattern(node: dict) -> str:
        branches = [(r"[\s\u00a0]+" if char == " " else re.escape(char)) + pattern(child)
                    for char, child in sorted(node.items()) if char]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if "" in node:
            return f"(?:{body})?"
        return body

    return pattern(trie)


class Gazetteer:
    """All known entities, compiled into two alternations (case-sensitive and not).

    `hmpps` (data/gazetteer/hmpps.csv) is not matched in the text: the plans are its own, so it is their author,
    never a partner; the regions are its units. `affiliations` say which organisation a role line names.
    """

    def __init__(self, entities: list[Entity], rules: list[MentionRule] | None = None, *,
                 hmpps: Entity | None = None, affiliations: list[Affiliation] | None = None) -> None:
        self.entities = entities
        self.rules = rules or []
        self.hmpps = hmpps
        self.affiliations = affiliations or []
        self._by_name: dict[tuple[bool, str], Entity] = {}
        for entity in entities:
            for name in entity.names:
                sensitive = _is_acronym(name)
                self._by_name.setdefault((sensitive, name if sensitive else name.lower()), entity)

    @classmethod
    def load(cls, folder: Path | None = None) -> Gazetteer:
        """The curated gazetteer (data/gazetteer/), or the one in `folder`."""
        if folder is None:
            folder = gazetteer_dir()
        entities = (_read(folder / "organisations.csv", "org") + _read(folder / "prisons.csv", "prison")
                    + _read(folder / "programmes.csv", "programme"))
        parents = _read(folder / "hmpps.csv", "org") if (folder / "hmpps.csv").is_file() else []
        if len(parents) > 1:
            raise CorpusError(f"{folder / 'hmpps.csv'}: one row, HMPPS, not {len(parents)}")
        hmpps = parents[0] if parents else None
        return cls(entities, load_rules(folder / "mention_rules.csv"), hmpps=hmpps,
                   affiliations=load_affiliations(folder / "role_organisations.csv", entities + parents))

    def organisation_of(self, role_line: str) -> Entity | None:
        """The organisation the first affiliation rule matching a person's role line names, if any."""
        return next((a.organisation for a in self.affiliations if a.words.search(role_line)), None)

    def _pattern(self, sensitive: bool) -> re.Pattern[str] | None:
        names = {name for (s, name) in self._by_name if s == sensitive}
        if not names:
            return None
        return re.compile(rf"(?<![\w&])(?:{trie_regex(names)})(?![\w&])", 0 if sensitive else re.IGNORECASE)

    @cached_property
    def _patterns(self) -> list[tuple[bool, re.Pattern[str]]]:
        return [(s, p) for s in (True, False) if (p := self._pattern(s)) is not None]

    def find(self, text: str, offset: int = 0) -> list[Match]:
        """Non-overlapping matches in `text`, longest first, with offsets shifted by `offset`."""
        found: list[Match] = []
        for sensitive, pattern in self._patterns:
            for m in pattern.finditer(text):
                name = re.sub(r"[\s\u00a0]+", " ", m.group(0))
                entity = self._by_name.get((sensitive, name if sensitive else name.lower()))
                if entity is not None:
                    found.append(Match(entity, offset + m.start(), offset + m.end()))
        found.sort(key=lambda match: (match.start, -(match.end - match.start)))
        chosen: list[Match] = []
        for match in found:
            if chosen and match.start < chosen[-1].end:
                continue
            chosen.append(match)
        return chosen
