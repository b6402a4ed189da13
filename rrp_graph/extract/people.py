"""People named in plans: the signatures under forewords and the national leaders' quotes.

Signatures come in three shapes, all seen in the corpus:
  "Martin Davies, Regional Probation Director and Mark Livingston and Paul Cawkwell, Prison Group Directors"
  "Amy Rees" followed by the line "Director General Chief Executive Officer, HMPPS"
  "Emily Spurrell (Deputy Criminal Justice System Lead) and David Lloyd (Criminal Justice System Lead), …"
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rrp_graph.extract.gazetteer import Entity

_NAME = r"(?:\*\*)?([A-Z][a-z]+(?:[ \u00a0][A-Z][a-zA-Z'\-]+){1,2})(?:,?\*\*|,)?"
NAME_ONLY = re.compile(r"^\s*(?:\*\*)?[A-Z][a-z]+(?:[ \u00a0][A-Z][a-zA-Z'\-]+){1,2}(?:\*\*)?\s*$")
_REGIONAL_ROLE = re.compile(r"(Regional Probation Director|Prison Group Directors?)\b")
_SIGNATURE = re.compile(
    r"^[^.“\"]*?(?:Regional Probation Director|Prison Group Directors?)"
    r"(?:[^.“\"]*?(?:Regional Probation Director|Prison Group Directors?))*"
)
_BRACKETED_ROLE = re.compile(_NAME + r"\s*\(([^)]*?(?:Lead|Director|Officer|Chief)[^)]*)\)")
ROLE_LINE = re.compile(
    r"^\s*[(A-Z][^.\n]*(?:, HMPPS|Lead\)|Police and\s+Crime Commission|Director General)[^.]*$"
)


@dataclass(frozen=True)
class PersonMention:
    name: str
    role: str
    regional: bool  # True when the role belongs to the document's region
    start: int  # span of the name in the document text
    end: int
    role_line: str = ""  # the words naming the role and what follows it ("(… Lead), Police and Crime Commission")
    organisation: Entity | None = None  # a national role's organisation (data/gazetteer/role_organisations.csv)


def _canonical_role(role: str) -> str:
    role = re.sub(r"\s+", " ", role).strip(" ,()")
    return re.sub(r"Directors$", "Director", role)


def signature(text: str, offset: int) -> tuple[list[PersonMention], int]:
    """People signing at the start of a paragraph, and where the rest of it (if any) begins.

    `offset` is where `text` starts in the document, so mentions carry document offsets.
    """
    match = _SIGNATURE.match(text)
    if match is None:
        return [], 0
    people: list[PersonMention] = []
    roles = list(_REGIONAL_ROLE.finditer(text, 0, match.end()))
    for name in re.finditer(_NAME, text[: match.end()]):
        following = next((r for r in roles if r.start() >= name.end(1)), None)
        if following is None or name.group(1) in {"Regional Probation", "Prison Group"}:
            continue
        if re.fullmatch(r"Regional Probation Director|Prison Group Directors?", name.group(1)):
            continue
        people.append(PersonMention(name.group(1), _canonical_role(following.group(1)), True,
                                    offset + name.start(1), offset + name.end(1)))
    rest = match.end()
    while rest < len(text) and text[rest] in " \t\n,*":
        rest += 1
    return people, rest


def bracketed_roles(text: str, offset: int) -> list[PersonMention]:
    """'Emily Spurrell (Deputy Criminal Justice System Lead)' and the like."""
    line = re.sub(r"\s+", " ", text).strip()  # the words after the brackets name the organisation of both
    return [
        PersonMention(m.group(1), _canonical_role(m.group(2)), False, offset + m.start(1), offset + m.end(1), line)
        for m in _BRACKETED_ROLE.finditer(text)
    ]


def name_then_role(name_text: str, name_offset: int, role_text: str) -> PersonMention | None:
    """A name alone on its line followed by a role line ("Amy Rees" / "…, HMPPS")."""
    if not NAME_ONLY.match(name_text) or not ROLE_LINE.match(role_text):
        return None
    bracket = re.match(r"^\s*\(([^)]*)\)", role_text)
    role = bracket.group(1) if bracket else role_text
    name = name_text.strip().strip("*")
    start = name_offset + name_text.index(name)
    return PersonMention(name, _canonical_role(role), False, start, start + len(name),
                         re.sub(r"\s+", " ", role_text).strip())
