"""What the NLP layer reads from one reply: plain frozen dataclasses."""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from nlp.records import quick_init

# Below this confidence the reading is a guess: Chaser asks the lead to confirm the status instead of
# recording it (bot.replies). The reader's confidence is calibrated against this line.
ASK_BELOW = 0.5


@quick_init
@dataclass(frozen=True, slots=True)
class Evidence:
    """The span of the reply behind one extracted field (character offsets into the text)."""

    field: str
    start: int
    end: int
    text: str


@quick_init
@dataclass(frozen=True, slots=True)
class ActionExtraction:
    """What the reply says about one named action (``ref`` normalised: ``7.2``, ``7.2a``, ``5a.1``)."""

    ref: str
    text: str
    status: str | None = None
    percent_complete: int | None = None
    completed_on: str | None = None  # "YYYY-MM-DD", or "YYYY-MM" when known only to the month
    expected_by: str | None = None
    evidence: tuple[Evidence, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {
            "ref": self.ref,
            "status": self.status,
            "percent_complete": self.percent_complete,
            "completed_on": self.completed_on,
            "expected_by": self.expected_by,
        }


@quick_init
@dataclass(frozen=True, slots=True)
class Extraction:
    """Everything read from one reply, given the day it was written."""

    text: str
    status: str | None = None
    percent_complete: int | None = None
    completed_on: str | None = None
    expected_by: str | None = None
    dates: tuple[str, ...] = ()
    actions: tuple[ActionExtraction, ...] = ()
    confidence: float = 0.0
    no_change: bool = False
    evidence: tuple[Evidence, ...] = field(default=())

    def to_json(self, id: str | None = None) -> dict[str, Any]:
        """The contract's JSON shape (``chaser extract``)."""
        out: dict[str, Any] = {} if id is None else {"id": id}
        out.update(
            {
                "status": self.status,
                "percent_complete": self.percent_complete,
                "completed_on": self.completed_on,
                "expected_by": self.expected_by,
                "dates": list(self.dates),
                "actions": [a.to_json() for a in self.actions],
                "confidence": round(self.confidence, 3),
            }
        )
        return out


def to_date(value: str | None, *, end_of_month: bool = True) -> date | None:
    """Turn ``YYYY-MM-DD`` or ``YYYY-MM`` into a date; a month alone is its last day by default."""
    if not value:
        return None
    if len(value) == 7:
        year, month = int(value[:4]), int(value[5:7])
        day = calendar.monthrange(year, month)[1] if end_of_month else 1
        return date(year, month, day)
    return date.fromisoformat(value)
