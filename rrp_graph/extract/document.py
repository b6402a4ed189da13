"""Plan documents: what a document is (region, kind, period, year), worked out from its text.

Everything downstream (offsets, quotes, hashes) refers to `SourceText.text`, the
normalised text made by `rrp_graph.read`, which the build stores beside the graph.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Generic, TypeVar

from rrp_graph.errors import DocumentError
from rrp_graph.extract.targets import MONTHS
from rrp_graph.read.text import SourceText, slugify

T = TypeVar("T")

# The twelve probation regions of England and Wales, with the spellings plans use.
REGIONS: dict[str, tuple[str, ...]] = {
    "North East": ("North East",),
    "North West": ("North West",),
    "Yorkshire and The Humber": ("Yorkshire and The Humber", "Yorkshire and the Humber", "Yorkshire & The Humber",
                                 "Yorkshire & the Humber"),
    "Greater Manchester": ("Greater Manchester",),
    "West Midlands": ("West Midlands",),
    "East Midlands": ("East Midlands",),
    "East of England": ("East of England",),
    "Wales": ("Wales",),
    "South West": ("South West",),
    "South Central": ("South Central",),
    "Kent, Surrey and Sussex": ("Kent, Surrey and Sussex", "Kent, Surrey & Sussex"),
    "London": ("London",),
}

# Phrases in which a region's name does not name the document's region.
_NOT_A_REGION = re.compile(
    r"England and Wales|England & Wales|Probation and Wales|West Midlands Combined Authority"
    r"|Welsh Marches|industrial West Midlands|West Yorkshire|South Yorkshire|North Yorkshire",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class DocumentInfo:
    """What a document is, worked out from its text."""

    region: str
    kind: str  # "three-year-plan" | "annual-update"
    period: str | None  # "2022-25"
    year: int | None
    title: str
    notes: tuple[str, ...] = ()  # how anything not stated outright was decided
    unit: str | None = None  # a part of the region the title page names ("Leicestershire Probation Delivery Unit")
    edition: str | None = None  # as the title page states it ("Revised edition", "Version 2")
    # where the title page names HMPPS as the document's publisher (start, end), or None when it does not
    # (offsets differ from one format of a plan to another: not part of what the document is)
    publisher_span: tuple[int, int] | None = field(default=None, compare=False)

    @property
    def identity(self) -> tuple[str, str | None, str, str | None, int | None, str | None]:
        """What makes two documents the same document: region, unit, kind, period, year and edition."""
        return (self.region, self.unit, self.kind, self.period, self.year, self.edition)

    @property
    def slug(self) -> str:
        # Today's documents (no unit, no edition) keep the {region}-{kind}-{year} IRIs they have always had
        unit = f"-{slugify(self.unit)}" if self.unit else ""
        edition = f"-{slugify(self.edition)}" if self.edition else ""
        return f"{slugify(self.region)}{unit}-{self.kind}-{self.year}{edition}"

    @property
    def described(self) -> str:
        """The identity in words, for messages: "East Midlands, annual update 2023, revised edition"."""
        which = f"annual update {self.year}" if self.kind == "annual-update" else f"three-year plan {self.period}"
        return ", ".join([self.region, *filter(None, [self.unit, which, self.edition and self.edition.lower()])])


# A title page's edition line ("Revised edition", "Second edition", "Version 2", "Revised May 2024") and a
# sub-regional unit's line ("Leicestershire Probation Delivery Unit", "Derbyshire PDU")
_EDITION = re.compile(r"^[ \t]*((?:revised|updated|amended|corrected|first|second|third|fourth|\d+(?:st|nd|rd|th))"
                      r"\s+(?:edition|version)|(?:edition|version)\s+\d+(?:\.\d+)?"
                      r"|(?:revised|updated|amended)\s+(?:in\s+)?(?:" + "|".join(MONTHS) + r")\s+20\d\d)[ \t]*$",
                      re.IGNORECASE | re.MULTILINE)
_UNIT = re.compile(r"^[ \t]*([A-Z][\w'’,&-]*(?:[ \t]+(?:and[ \t]+|&[ \t]+)?[A-Z][\w'’,&-]*){0,5})[ \t]+"
                   r"(?:Probation[ \t]+Delivery[ \t]+Unit|PDU)[ \t]*$", re.MULTILINE)


# The publisher's name as title pages set it, over one line or two ("HM Prison &\nProbation Service")
_PUBLISHER = re.compile(r"\b(?:HM|His Majesty['’]s|Her Majesty['’]s)\s+Prison\s+(?:&|and)\s+Probation\s+Service\b"
                        r"|\bHMPPS\b")


def _title_block(text: str) -> str:
    """The text before the contents page or the first heading: where a title page sits."""
    match = re.search(r"^(Contents|Foreword)\s*$", text, re.MULTILINE | re.IGNORECASE)
    return text[: match.start()] if match else ""


def _find_region(source: SourceText) -> tuple[str, str | None]:
    """The region a document is about: named in its title block, else the one its body names most."""
    title = _NOT_A_REGION.sub(" ", _title_block(source.text))
    named = [(m.start(), region) for region, spellings in REGIONS.items() for s in spellings
             if (m := re.search(rf"\b{re.escape(s)}\b", title, re.IGNORECASE))]
    if named:
        return min(named)[1], None  # the first region a title names is the document's (titles in capitals too)
    body = _NOT_A_REGION.sub(" ", source.text)
    counts = {
        region: sum(len(re.findall(rf"\b{re.escape(s)}\b", body)) for s in spellings)
        for region, spellings in REGIONS.items()
    }
    ranked = sorted(counts.items(), key=lambda item: -item[1])
    best, best_count = ranked[0]
    if best_count == 0:
        raise DocumentError(source.name, "no probation region is named in the text")
    if ranked[1][1] == best_count:
        raise DocumentError(source.name, f"region is ambiguous: {best} and {ranked[1][0]} are named equally often")
    return best, f"no title page: region taken from the body, which names {best} {best_count} times"


_MONTH_YEAR = re.compile(r"\b(" + "|".join(MONTHS) + r")\s+(20\d\d)\b", re.IGNORECASE)


def identify(source: SourceText) -> DocumentInfo:
    """Region, kind, period and year of a document, from its text alone."""
    text = source.text
    notes: list[str] = []
    region, note = _find_region(source)
    if note:
        notes.append(note)
    head = text[:4000]
    is_update = re.search(r"\bannual\s+update\b|\bplan\s+update\b", head, re.IGNORECASE) is not None
    kind = "annual-update" if is_update else "three-year-plan"
    # "2022-25", "2022–25", "2022 to 2025" (GOV.UK titles)
    span = r"(20\d\d)\s*(?:[-–—/]|to)\s*(?:20)?(\d\d)\b"
    period_match = re.search(r"Reducing\s+Reoffending\s+Plan:?\s*" + span, text, re.IGNORECASE)
    if period_match is None:
        period_match = re.search(rf"^\s*{span}\s*$", _title_block(text), re.MULTILINE)
    period = f"{period_match.group(1)}-{period_match.group(2)}" if period_match else None
    year: int | None = None
    if kind == "annual-update":
        stated = re.search(r"Annual\s+Update[\s:,–-]+(20\d\d)\b", text, re.IGNORECASE)
        if stated:
            year = int(stated.group(1))
        else:
            baselines = [int(m.group(2)) for m in re.finditer(r"from \d+(?:\.\d+)?% in " + _MONTH_YEAR.pattern, text,
                                                              re.IGNORECASE)]
            if baselines:
                year = max(baselines)
                notes.append(f"year not stated: taken as {year}, the year of the targets' latest baseline")
    elif period:
        year = int(period[:4])
    if year is None:
        raise DocumentError(source.name, "cannot tell which year the document is for")
    block = _title_block(text)
    edition = _EDITION.search(block)
    unit = _UNIT.search(block)
    publisher = _PUBLISHER.search(block)
    return DocumentInfo(region=region, kind=kind, period=period, year=year,
                        title=_title(region, unit and unit[1], kind, period, year, edition and edition[1]),
                        notes=tuple(notes), unit=unit and unit[1], edition=edition and edition[1].capitalize(),
                        publisher_span=publisher and publisher.span())


def _title(region: str, unit: str | None, kind: str, period: str | None, year: int | None,
           edition: str | None) -> str:
    where = f"{region} {unit} Probation Delivery Unit" if unit else region
    if kind == "annual-update":
        title = f"{where} Reducing Reoffending Plan {period or ''} Annual Update {year}".replace("  ", " ")
    else:
        title = f"{where} Reducing Reoffending Plan {period}"
    return f"{title} ({edition.lower()})" if edition else title


def _with_period(info: DocumentInfo, period: str, note: str) -> DocumentInfo:
    return replace(info, period=period, title=_title(info.region, info.unit, info.kind, period, info.year,
                                                     info.edition), notes=info.notes + (note,))


class DocumentIndex(Generic[T]):
    """Documents seen so far, found by identity and by slug: two identities with one slug (one region, kind and
    year in two plan periods) would share an IRI, so either finds the earlier document."""

    def __init__(self) -> None:
        self._seen: dict[object, tuple[DocumentInfo, T]] = {}

    def add(self, info: DocumentInfo, value: T) -> None:
        self._seen[info.identity] = self._seen[info.slug] = (info, value)

    def find(self, info: DocumentInfo) -> tuple[DocumentInfo, T] | None:
        return self._seen.get(info.identity) or self._seen.get(info.slug)


def plan_cycles() -> list[tuple[str, str, str]]:
    """The HMPPS plan cycles (data/plan-cycles.csv): period, first and last month (YYYY-MM)."""
    import csv

    from rrp_graph.resources import resource

    with resource("data", "plan-cycles.csv").open(encoding="utf-8", newline="") as handle:
        return [(row["period"], row["first_month"], row["last_month"]) for row in csv.DictReader(handle)]


def complete_periods(infos: list[DocumentInfo], texts: list[str] | None = None) -> list[DocumentInfo]:
    """Give an update that states no period its plan cycle, noting how it was found.

    First the cycle other documents of the corpus name for its year (the plans run in national three-year
    cycles, so a cycle stated by any region's document holds for every region's update in it); else the cycle
    of data/plan-cycles.csv that holds all the document's own dates ("By April 2024", "in March 2023"). A
    document neither settles keeps no period: it is never refused for that.
    """
    cycles = sorted({info.period for info in infos if info.period})
    completed = []
    for index, info in enumerate(infos):
        if info.period is None:
            covering = [c for c in cycles if int(c[:4]) <= info.year <= 2000 + int(c[5:])]
            if len(covering) == 1:
                info = _with_period(info, covering[0], f"period not stated: {covering[0]}, the plan cycle other "
                                                       f"documents of the corpus name for {info.year}")
            elif texts is not None:
                info = _period_from_dates(info, texts[index])
        completed.append(info)
    return completed


def _period_from_dates(info: DocumentInfo, text: str) -> DocumentInfo:
    months = {name: number for number, name in enumerate(MONTHS, start=1)}
    dates = sorted(f"{m.group(2)}-{months[m.group(1).lower()]:02d}" for m in _MONTH_YEAR.finditer(text))
    dates = [d for d in dates if d[:4] >= str(info.year - 1)] or dates  # old dates in context cite history
    if not dates:
        return info
    holding = [period for period, first, last in plan_cycles() if first <= dates[0] and dates[-1] <= last]
    if len(holding) != 1:
        return info
    return _with_period(info, holding[0], f"period not stated: {holding[0]}, the HMPPS plan cycle "
                                          f"(data/plan-cycles.csv) that holds the document's own dates "
                                          f"({dates[0]} to {dates[-1]})")
