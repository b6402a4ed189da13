"""Comparable dates beside the months, years and periods the plans state.

The text's own precision is kept (`rrp:deadline "2024-04"^^xsd:gYearMonth`); beside it each value gets the
first and last day it can mean, as `xsd:date`, which every SPARQL engine and OWL reasoner compares (gYearMonth
comparisons differ between engines, and OWL 2 has no gYear datatype). Nothing is narrowed: "2023-24" is read
as the two calendar years, not guessed to be a financial year.

    "2024-04"  -> 2024-04-01 .. 2024-04-30
    "2024"     -> 2024-01-01 .. 2024-12-31
    "2023-24"  -> 2023-01-01 .. 2024-12-31      "2022-25" -> 2022-01-01 .. 2025-12-31
"""

from __future__ import annotations

import calendar
import re
from datetime import date

_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_YEAR = re.compile(r"^(\d{4})$")
_YEARS = re.compile(r"^(\d{4})\s*[-/–]\s*(\d{2}|\d{4})$")


def interval(value: str, kind: str) -> tuple[date, date] | None:
    """The first and last day a stated month (kind "month"), year ("year") or span of years ("span") covers;
    None when the value is not one. The kind comes from how the text was read: "2011-12" is December 2011
    as a gYearMonth and two years as a period."""
    value = value.strip()
    if kind == "month" and (match := _MONTH.match(value)):
        year, month = int(match[1]), int(match[2])
        if 1 <= month <= 12:
            return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])
    elif kind == "year" and (match := _YEAR.match(value)):
        return date(int(match[1]), 1, 1), date(int(match[1]), 12, 31)
    elif kind == "span" and (match := _YEARS.match(value)):
        first = int(match[1])
        last = int(match[2]) if len(match[2]) == 4 else first // 100 * 100 + int(match[2])
        if last < first:
            last += 100
        return date(first, 1, 1), date(last, 12, 31)
    return None
