"""The plan's rules, written down once: overdue, slipped, at risk and RAG.

Reports, answers, the dashboard and the export all call these, so that "overdue" means the
same thing everywhere.

- overdue: not complete, and the original due date has passed (a month-only due date is stored
  as the month's last day, so it falls due at the end of the month).
- slipped: a revised date (expected_by) later than the original due date.
- at risk: delayed, blocked or overdue.
- RAG: red when blocked, or overdue with no revised date still to come; amber when slipped or
  overdue but within a revised date, or delayed (at risk); green when on track or complete.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Protocol

RAG_WORDS = {"red": "Red", "amber": "Amber", "green": "Green"}
RAG_MEANING = {
    "red": "overdue or blocked",
    "amber": "slipped or at risk",
    "green": "on track or complete",
}


class HasState(Protocol):
    """What the rules read from an action."""

    status: str
    due: date | None
    expected_by: date | None


@dataclass(frozen=True)
class Assessment:
    """Everything the rules say about one action on one day."""

    overdue: bool
    slipped: bool
    at_risk: bool
    rag: str
    reason: str


def is_overdue(action: HasState, today: date) -> bool:
    """Not complete and the original due date has passed."""
    return action.status != "complete" and action.due is not None and action.due < today


def is_slipped(action: HasState) -> bool:
    """The revised date is later than the original due date."""
    return action.expected_by is not None and action.due is not None and action.expected_by > action.due


def is_at_risk(action: HasState, today: date) -> bool:
    """Delayed, blocked or overdue."""
    return action.status in ("delayed", "blocked") or is_overdue(action, today)


def assess(action: HasState, today: date) -> Assessment:
    """Apply every rule to ``action`` as of ``today``."""
    overdue = is_overdue(action, today)
    slipped = is_slipped(action)
    at_risk = is_at_risk(action, today)
    if action.status == "complete":
        return Assessment(False, slipped, False, "green", "complete")
    if action.status == "blocked":
        return Assessment(overdue, slipped, True, "red", "blocked")
    revised_ahead = action.expected_by is not None and action.expected_by >= today
    if overdue and not revised_ahead:
        return Assessment(True, slipped, True, "red", "overdue")
    if action.expected_by is not None and action.expected_by < today:
        return Assessment(overdue, slipped, True, "red", "past its revised date")
    if overdue:
        return Assessment(True, slipped, True, "amber", "overdue, within its revised date")
    if slipped:
        return Assessment(False, True, at_risk, "amber", "slipped, within its revised date")
    if action.status == "delayed":
        return Assessment(False, slipped, True, "amber", "delayed")
    return Assessment(False, slipped, at_risk, "green", "on track")


def rag(action: HasState, today: date) -> str:
    """The RAG colour, as a word: ``red``, ``amber`` or ``green``."""
    return assess(action, today).rag


def rag_label(colour: str) -> str:
    """A RAG colour as text that never relies on colour alone: ``Red (overdue or blocked)``."""
    return f"{RAG_WORDS[colour]} ({RAG_MEANING[colour]})"


def rolled_up_status(part_statuses: list[str]) -> str | None:
    """The status of an action made of lettered parts (7.2 of 7.2a-f), from its parts' statuses:
    complete when every part is; blocked or delayed when any part is (the worst wins); not started
    when none has started; otherwise in progress. None when there are no parts."""
    if not part_statuses:
        return None
    statuses = set(part_statuses)
    if statuses == {"complete"}:
        return "complete"
    for worst in ("blocked", "delayed"):
        if worst in statuses:
            return worst
    if statuses == {"not_started"}:
        return "not_started"
    return "in_progress"
