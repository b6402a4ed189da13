"""Regional targets parsed into numbers.

"By April 2024, East Midlands will increase the proportion employed six weeks after release
by 4 percentage points from 15% in March 2023" → baseline 15 (2023-03), +4 pp, target 19,
deadline 2024-04, direction increase. "continue to increase … from 28%" and "maintain … at
38%" are targets too; nothing the sentence does not state is filled in, except the target
value of a stated change (baseline + change) and of "maintain at X%" (X).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
          "november", "december")
_MONTH_NUMBER = {name: number for number, name in enumerate(MONTHS, start=1)}
_MONTH_YEAR = r"(?:January|February|March|April|May|June|July|August|September|October|November|December)\s+20\d\d"
_NUMBER = r"\d+(?:\.\d+)?"

_TARGET = re.compile(
    rf"^(?:By\s+(?P<deadline>{_MONTH_YEAR}),\s+)?(?P<region>.+?)\s+will\s+(?:continue\s+to\s+)?"
    rf"(?P<verb>increase|maintain)\s+the\s+proportion\s+(?P<metric>.+?)"
    rf"(?:\s+by\s+(?P<change>{_NUMBER})\s+percentage\s+points?)?"
    rf"\s+(?:from|at)\s+(?P<baseline>{_NUMBER})%"
    rf"(?:,?\s+in\s+(?:the\s+performance\s+year\s+to\s+)?(?P<baseline_date>{_MONTH_YEAR}))?\s*\.?$",
    re.IGNORECASE | re.DOTALL,
)

# metric key (model.METRICS) ← what the wording must contain
_METRIC_PATTERNS = [
    ("employed-weeks", re.compile(r"employed\s+(six|6)\s+weeks", re.I)),
    ("employed-months", re.compile(r"employed\s+(six|6)\s+months", re.I)),
    ("housed-night", re.compile(r"housed\s+on\s+the\s+(first\s+)?night", re.I)),
    ("settled-months", re.compile(r"settled\s+accommodation\s+(three|3)\s+months", re.I)),
    ("sexual-offence", re.compile(r"sexual\s+offence\s+interventions\s+completed", re.I)),
]


@dataclass(frozen=True)
class ParsedTarget:
    metric: str  # a key of model.METRICS
    direction: str  # "increase" | "maintain"
    baseline: Decimal
    baseline_date: str | None  # "2023-03"
    change: Decimal | None
    target: Decimal | None
    deadline: str | None  # "2024-04"
    region_words: str  # the region as the sentence names it


def year_month(text: str | None) -> str | None:
    """'April 2024' → '2024-04'."""
    if not text:
        return None
    month, year = text.split()
    return f"{year}-{_MONTH_NUMBER[month.lower()]:02d}"


def looks_quantified(text: str) -> bool:
    """A target sentence with a percentage: one the parser must understand, not pass over."""
    return "%" in text and re.search(r"\bproportion\b", text, re.I) is not None


def parse_target(text: str) -> ParsedTarget | None:
    """Numbers of a quantified target, or None when the sentence is not one."""
    clean = re.sub(r"\s+", " ", text.replace("**", "")).strip()
    match = _TARGET.match(clean)
    if match is None:
        return None
    metric = next((key for key, pattern in _METRIC_PATTERNS if pattern.search(match["metric"])), None)
    if metric is None:
        return None
    baseline = Decimal(match["baseline"])
    change = Decimal(match["change"]) if match["change"] else None
    direction = match["verb"].lower()
    if change is not None:
        target = baseline + change
    elif direction == "maintain":
        target = baseline
    else:
        target = None
    return ParsedTarget(
        metric=metric,
        direction=direction,
        baseline=baseline,
        baseline_date=year_month(match["baseline_date"]),
        change=change,
        target=target,
        deadline=year_month(match["deadline"]),
        region_words=match["region"],
    )
