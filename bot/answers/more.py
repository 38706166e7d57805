"""Short answers for chat: the first few lines, and the rest when the same person says "more".

The rest is kept in the Clarification table (kind ``ask_more``), so "more" works across
processes and restarts; a new question replaces any rest still waiting.
"""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session, col, select

from bot.answers.data import PersonRow
from bot.answers.listing import LIST_LIMIT
from bot.answers.model import EXAMPLES, Answer
from store.models import Clarification

KIND = "ask_more"
BRIEF_LINES = 5


def _waiting(session: Session, person: PersonRow) -> list[Clarification]:
    return list(
        session.exec(
            select(Clarification)
            .where(Clarification.person_id == person.id, Clarification.kind == KIND,
                   col(Clarification.resolved_at).is_(None))
            .order_by(col(Clarification.created_at).desc(), col(Clarification.id).desc())
        )
    )


def shorten(session: Session, *, answer: Answer, person: PersonRow, now: datetime) -> Answer:
    """The answer cut to :data:`BRIEF_LINES` lines, the rest (and the answer's closing line) kept for "more"."""
    for old in _waiting(session, person):
        old.resolved_at = now
        session.add(old)
    if len(answer.lines) <= BRIEF_LINES:
        return answer
    shown, rest = answer.lines[:BRIEF_LINES], answer.lines[BRIEF_LINES:]
    session.add(Clarification(
        person_id=person.id or 0, kind=KIND, created_at=now,
        payload={"summary": answer.summary, "lines": rest, "intent": answer.intent, "filters": answer.filters,
                 "actions": answer.actions, "footer": answer.footer},
    ))
    footer = f'Reply "more" for the other {len(rest)}.'
    if answer.cut_from:  # the list was already cut: say so, or "the other 45" reads as all there is
        footer = f'Reply "more" for the next {len(rest)} (I list the first {LIST_LIMIT} of {answer.cut_from:,}).'
    return Answer(intent=answer.intent, filters=answer.filters, actions=answer.actions, summary=answer.summary,
                  lines=shown, footer=footer, cut_from=answer.cut_from)


def more(session: Session, *, person: PersonRow | None, now: datetime) -> Answer:
    """The rest of this person's last shortened answer, or a note that there is none."""
    waiting = _waiting(session, person) if person is not None else []
    if not waiting:
        return Answer(intent="more", summary="There's nothing more to show. Ask me a question, for example "
                                             f"{EXAMPLES[0]} or {EXAMPLES[1]}")
    latest = waiting[0]
    for item in waiting:
        item.resolved_at = now
        session.add(item)
    payload = latest.payload
    return Answer(intent="more", filters=dict(payload.get("filters", {})), actions=list(payload.get("actions", [])),
                  summary=f"The rest ({len(payload['lines'])} more) of: {payload['summary']}",
                  lines=list(payload["lines"]), footer=str(payload.get("footer") or ""))
