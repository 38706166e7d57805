"""Recognise an indicator table by its header: which column holds the code, the measure, the
baseline, each dated figure and the target, and the date each dated header names.

Councils head these tables in many ways. Seed 000's appendix: "No of PI | PERFORMANCE
MEASUREMENT | Position March 06 | End of April 06 *** | End of May 06 *** | Target March 07*";
Chaser's own CSV: "code, title, unit, polarity, baseline, baseline_date, target, target_date,
owner, frequency" with one column per period ("2006-04", "Apr 2006", "30/04/2006").
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, field
from datetime import date

from nlp.dates import find_dates
from store.importers.tables.columns import squash

# Canonical field -> squashed header wordings (exact match, or a prefix of at least five letters).
FIELDS: dict[str, tuple[str, ...]] = {
    "code": ("code", "noofpi", "pino", "pinumber", "piref", "pi", "kpi", "kpiref", "kpino", "indicatorcode",
             "indicatorref", "indicatorno", "ref", "reference", "no", "id", "bvpi", "nino", "nicode"),
    "title": ("title", "performancemeasurement", "performancemeasure", "measure", "measures", "indicator",
              "indicators", "performanceindicator", "performanceindicators", "indicatortitle", "indicatorname",
              "description", "measuredescription", "kpidescription", "pidescription", "definition"),
    "unit": ("unit", "units", "unitofmeasure", "measuredas"),
    "polarity": ("polarity", "goodperformance", "higherorlower", "direction", "betterif", "higherisbetter"),
    "baseline": ("baseline", "baselinevalue", "base"),
    "baseline_date": ("baselinedate", "baselineperiod", "baselineas", "baselineasat"),
    "target": ("target", "targetvalue"),
    "target_date": ("targetdate", "targetperiod", "targetby"),
    "owner": ("owner", "lead", "leadofficer", "responsibleofficer", "accountable", "responsible", "indicatorowner",
              "dataowner", "officer"),
    "frequency": ("frequency", "reportingfrequency", "reported", "howoften", "period", "periodicity"),
}
_MONTH_WORD = re.compile(r"(?i)\b(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\b")
_ISO_MONTH = re.compile(r"\b((?:19|20)\d\d)-(\d\d)(?:-(\d\d))?\b")
_YEARISH = re.compile(r"\b(?:19|20)\d\d\b|\b\d\d\b")
_BASELINE_WORDS = re.compile(r"(?i)\b(baseline|base)\b")
_TARGET_WORDS = re.compile(r"(?i)\btarget")
_LONGEST_HEADER = 80


@dataclass(frozen=True)
class DatedColumn:
    """A column of figures for one period: where it is, the header as written, the period's last day."""

    index: int
    header: str
    period_end: date
    role: str  # reading | baseline | target


@dataclass(frozen=True)
class IndicatorColumns:
    """How one indicator table's columns map to fields."""

    fields: dict[str, int]
    dated: tuple[DatedColumn, ...]
    headers: tuple[str, ...]
    unreadable: tuple[tuple[int, str], ...] = field(default=())  # dated-looking headers no date was read from

    def get(self, cells: list[str], name: str) -> str:
        """The raw cell for a field, ``""`` when the table has no such column."""
        index = self.fields.get(name)
        return cells[index] if index is not None and index < len(cells) else ""


def month_end(day: date) -> date:
    """The last day of ``day``'s month (a period is known by its last day)."""
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def header_date(text: str) -> date | None:
    """The period a header names, as its last day: "End of April 06 ***" -> 30 Apr 2006,
    "Target March 07*" -> 31 Mar 2007, "2006-04" -> 30 Apr 2006; None when no dated period is named."""
    iso = _ISO_MONTH.search(text)
    if iso:
        year, month = int(iso.group(1)), int(iso.group(2))
        if 1 <= month <= 12:
            return month_end(date(year, month, 1))
        return None
    for mention in find_dates(text.replace("*", " ")):
        if mention.year_given:
            return month_end(mention.last)
    return None


def _field_of(header: str) -> str | None:
    squashed = squash(header)
    if not squashed:
        return None
    for name, wordings in FIELDS.items():
        if squashed in wordings:
            return name
    return None


def looks_dated(header: str) -> bool:
    """Whether a header seems meant to name a period (a month word, or a year), read or not."""
    return bool(_MONTH_WORD.search(header) or re.search(r"\b(?:19|20)\d\d\b", header) or
                (_YEARISH.search(header) and re.search(r"(?i)position|end|as at|outturn|actual|target|q[1-4]", header)))


def map_indicator_headers(cells: list[str]) -> IndicatorColumns | None:
    """A column map when ``cells`` head an indicator table, else None.

    An indicator table has a title column and either a target column or at least one column
    of dated figures; every other header is a known field, a dated column, or kept aside.
    """
    fields: dict[str, int] = {}
    headers = [" ".join(raw.split()) for raw in cells]
    for index, header in enumerate(headers):  # the cheap test first: most rows tried are data
        name = _field_of(header) if len(header) <= _LONGEST_HEADER else None
        if name is not None and name not in fields:
            fields[name] = index
    if "title" not in fields:
        return None
    dated: list[DatedColumn] = []
    unreadable: list[tuple[int, str]] = []
    for index, header in enumerate(headers):
        if not header or index in fields.values():
            continue
        when = header_date(header) if len(header) <= _LONGEST_HEADER else None
        if when is not None:
            role = "target" if _TARGET_WORDS.search(header) else "baseline" if _BASELINE_WORDS.search(header) \
                else "reading"
            dated.append(DatedColumn(index, header, when, role))
        elif looks_dated(header):
            unreadable.append((index, header))
    if not (dated or "target" in fields or "baseline" in fields):
        return None
    return IndicatorColumns(fields=fields, dated=tuple(dated), headers=tuple(headers), unreadable=tuple(unreadable))
