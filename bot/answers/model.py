"""The answer to a question: a one-line summary, a compact list, and the contract's JSON shape."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

EXAMPLES = (
    '"what\'s overdue in section 7?"',
    '"what\'s due in the next two weeks?"',
)
CAN_ANSWER = (
    "I can tell you what is overdue, due soon (this week, next week, the next two weeks, this month, "
    "by a date), at risk, slipping, blocked, not started, complete or without a due date; how one "
    "action is going (by its ref); who hasn't replied to the current round; who has the most overdue "
    "actions; what changed since a date; and how the performance indicators are doing (\"how is CH141 doing?\", "
    "\"which indicators are off target?\"). Narrow any of these by section, plan or lead."
)


@dataclass(frozen=True)
class Answer:
    """What Chaser says back.

    Attributes:
        intent: what the question was read as (see :mod:`nlp.questions.intents`).
        filters: the filters applied, resolved against the plan (JSON values).
        actions: the matching refs, in plan order.
        summary: the one-line summary.
        lines: the compact list under it.
        footer: a closing line (an offer of "more", a note on words not understood, how to see the rest
            of a list that was cut).
        cut_from: how many lines the list had before it was cut to the first
            :data:`bot.answers.listing.LIST_LIMIT` (0: not cut).
    """

    intent: str
    filters: dict[str, Any] = field(default_factory=dict)
    actions: list[str] = field(default_factory=list)
    summary: str = ""
    lines: list[str] = field(default_factory=list)
    footer: str = ""
    cut_from: int = 0

    @property
    def text(self) -> str:
        """The answer for a person: summary, list, footer."""
        return "\n".join([self.summary, *self.lines, *([self.footer] if self.footer else [])])

    def to_json(self) -> dict[str, Any]:
        """``{"intent", "filters", "actions", "answer"}``, as in the contract."""
        return {"intent": self.intent, "filters": self.filters, "actions": list(self.actions), "answer": self.text}


def help_answer(intent: str = "unknown", *, lead_in: str = "I didn't understand that question.") -> Answer:
    """What Chaser can answer, with two examples: the reply to any question it cannot read."""
    return Answer(
        intent=intent,
        summary=f"{lead_in} {CAN_ANSWER}".strip(),
        lines=[f"For example: {EXAMPLES[0]} or {EXAMPLES[1]}"],
    )
