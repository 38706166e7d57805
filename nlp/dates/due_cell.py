"""Read a plan's "By When" / "WHEN" cell: its milestones and the date the action is due by."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from nlp.dates.finder import DateMention, ScannedDate, scan_dates

_TENTATIVE = re.compile(r"\?|\b(?:tbc|tbd|to be (?:confirmed|determined|agreed)|provisional(?:ly)?)\b", re.I)


@dataclass(frozen=True)
class DueCell:
    """What a "By When" cell says.

    Attributes:
        due: the last date the action is due by (the latest milestone); None for "TBC",
            "As agreed under 3.7" and the like.
        milestones: every date the cell names, in the order written, each as the last day it
            covers ("March 2006" -> 31 Mar 2006), without repeats.
        text: the cell as written.
        tentative: the cell hedges ("Mar 09?", "May 2006 TBC", "TBC").
        mentions: the date mentions behind the milestones.
    """

    due: date | None
    milestones: list[date]
    text: str
    tentative: bool
    mentions: list[DateMention] = field(default_factory=list)


def parse_due_cell(text: str, *, today: date | None = None) -> DueCell:
    """Read a due-date cell written the way plans write them.

    A month alone stands for its last day; a date written without a year takes the year of the
    nearest date in the same cell that has one ("June 2006 to Group, and July to Board"), or, when
    ``today`` is given and the cell has none, the next such date after today.

    Args:
        text: the cell, e.g. "Apr 08 Mar 09", "Before end Feb 06", "Mar 09?", "TBC".
        today: optional; only used for dates the cell gives no year for at all.

    Returns:
        The cell's due date, milestones and whether it is tentative.
    """
    scanned = scan_dates(text)
    mentions: list[DateMention] = []
    for index, item in enumerate(scanned):
        mention = _resolve_in_cell(item, scanned, index, today=today)
        if mention is not None:
            mentions.append(mention)
    milestones: list[date] = []
    for mention in mentions:
        if mention.last not in milestones:
            milestones.append(mention.last)
    tentative = any(m.tentative for m in mentions) or bool(_TENTATIVE.search(text))
    return DueCell(
        due=max(milestones) if milestones else None,
        milestones=milestones,
        text=text,
        tentative=tentative,
        mentions=mentions,
    )


def _resolve_in_cell(item: ScannedDate, scanned: list[ScannedDate], index: int, *, today: date | None):
    if not item.needs_year:
        return item.resolve(today=today, direction="future")
    year = _inherited_year(item, scanned, index)
    if year is not None:
        return item.resolve(today=None, year=year)
    return item.resolve(today=today, direction="future") if today else None


def _inherited_year(item: ScannedDate, scanned: list[ScannedDate], index: int) -> int | None:
    """The year of the nearest dated neighbour, moved on a year when the months wrap round."""
    month = item.atom.month
    for neighbour in reversed(scanned[:index]):
        if not neighbour.needs_year and neighbour.atom.span is not None:
            span = neighbour.atom.span
            return span[1].year + (1 if month is not None and month < span[1].month else 0)
    for neighbour in scanned[index + 1 :]:
        if not neighbour.needs_year and neighbour.atom.span is not None:
            span = neighbour.atom.span
            return span[0].year - (1 if month is not None and month > span[0].month else 0)
    return None
