"""Email held for confirmation: untokened mail from a known address is not applied on its From
header alone. The person is asked, at their known address, in a tokened message, to confirm it;
YES applies the held message, anything else discards it."""

from __future__ import annotations

import re
from datetime import datetime

from sqlmodel import Session

from bot import outbox
from bot.cycle.tokens import new_token
from bot.inbound.trust.attribution import CONFIRM_KIND
from bot.messages import reply_message
from store.models import Clarification, InboundMessage, Person

YES = re.compile(r"^\W*(yes|y|confirm(ed)?|yes,? (please|that was me|i sent it))\b[\s\w,.!]{0,40}$", re.IGNORECASE)
QUOTE_CHARS = 600

ASK = ("We received an update from your address that did not carry the reference from one of Chaser's "
       "messages, so it has not been recorded yet. It said:\n\n{quoted}\n\nIf you sent it, reply YES to "
       "record it. If you did not, reply NO and tell the plan's coordinator: someone may be writing in "
       "your name.")


def _quoted(text: str) -> str:
    words = " ".join(text.split())
    if len(words) > QUOTE_CHARS:
        words = words[:QUOTE_CHARS].rsplit(" ", 1)[0] + " …"
    return "\n".join(f"> {line}" for line in (words or "(no text)").splitlines())


def ask_to_confirm(session: Session, *, row: InboundMessage, person: Person, now: datetime) -> None:
    """Keep ``row`` held and put a tokened "reply YES to record it" message in the outbox (same transaction)."""
    assert row.id is not None and person.id is not None
    question = Clarification(person_id=person.id, inbound_id=row.id, kind=CONFIRM_KIND, token=new_token(),
                             created_at=now, payload={"message_id": row.message_id})
    session.add(question)
    session.flush()
    if not person.email:
        return  # nowhere to ask: it stays held, for the coordinator to see
    message = reply_message(person=person, channel="email", recipient=person.email,
                            text=ASK.format(quoted=_quoted(row.body)), key=f"confirm-sender:{question.id}",
                            subject="Chaser: please confirm an update from your address", token=question.token)
    outbox.enqueue(session, message=message, kind="reply", now=now)


def answer_confirmation(session: Session, *, question_id: int, text: str, now: datetime,
                        message_id: str) -> tuple[list[str], int | None]:
    """Resolve "reply YES to record it": the replies, and the held message to process now (or None)."""
    question = session.get(Clarification, question_id)
    if question is None or question.resolved_at is not None or question.inbound_id is None:
        return ["Thanks. That message was dealt with already, so nothing more was recorded."], None
    held = session.get(InboundMessage, question.inbound_id)
    question.resolved_at = now
    if held is None or held.state != "held":
        return ["Thanks. That message was dealt with already, so nothing more was recorded."], None
    if YES.match(text.strip()):
        held.state, held.reason = "new", f"confirmed by the sender in {message_id}"
        return [], held.id
    held.state, held.reason, held.processed_at = "quarantined", "the sender did not confirm it", now
    return ["Thanks — nothing from that message was recorded. If someone else wrote it, please tell the plan's "
            "coordinator."], None
