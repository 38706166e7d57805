"""UNDO: reverse the last reply a person had applied, restoring each action as it was."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlmodel import Session, col, select

from bot.inbound.figures import last_figures_inbound, undo_figures
from bot.messages import STATUS_WORDS, human_date
from store.models import Action, ChangeLog, InboundMessage, Person, Update
from store.rollup import roll_up

RESTORABLE = ("status", "percent_complete", "completed_on", "expected_by", "progress", "progress_at", "rag")


def _value(name: str, raw: Any) -> Any:
    if raw is None:
        return None
    if name in ("completed_on", "expected_by"):
        return date.fromisoformat(raw)
    if name == "progress_at":
        return datetime.fromisoformat(raw)
    return raw


def undo_last(session: Session, *, person: Person, now: datetime) -> str:
    """Mark the updates of the person's last applied reply undone and restore the actions."""
    last = session.exec(
        select(Update.inbound_id)
        .join(InboundMessage, col(InboundMessage.id) == Update.inbound_id)
        .where(Update.person_id == person.id, col(Update.undone).is_(False), col(Update.kind) != "import")
        .order_by(col(Update.at).desc(), col(Update.id).desc())
    ).first()
    figures_at = last_figures_inbound(session, person_id=person.id or 0)
    if figures_at is not None and (last is None or figures_at >= last):
        last = figures_at  # the latest reply gave figures (and perhaps updates too): undo all it did
    if last is None:
        return "There is nothing of yours to undo."
    removed = undo_figures(session, inbound_id=last, person=person, now=now)
    updates = list(session.exec(select(Update).where(Update.inbound_id == last, col(Update.undone).is_(False))
                                .order_by(col(Update.id).desc())))
    restored = []
    for upd in updates:
        action = session.get(Action, upd.action_id)
        previous = (upd.extraction or {}).get("previous")
        upd.undone = True
        if action is None or not previous:
            continue
        for name in RESTORABLE:
            if name not in previous:
                continue
            old, new = getattr(action, name), _value(name, previous[name])
            if old != new and name in ("status", "percent_complete", "completed_on", "expected_by"):
                session.add(ChangeLog(plan_id=action.plan_id, action_id=action.id, at=now,
                                      source=f"UNDO from {person.name}", field=name,
                                      old_value=None if old is None else str(old),
                                      new_value=None if new is None else str(new),
                                      description=f"{action.ref} {name.replace('_', ' ')} restored by UNDO"))
            setattr(action, name, new)
        action.updated_at = now
        if action.parent_id is not None:
            session.flush()
            roll_up(session, parent_id=action.parent_id, today=now.date(), now=now,
                    source=f"UNDO from {person.name}")
        restored.append(f"{action.ref} back to {STATUS_WORDS.get(action.status, action.status)}")
    message = session.get(InboundMessage, last)
    when = human_date(updates[0].at) if updates else human_date(message.written_at or message.received_at) \
        if message is not None else ""
    restored += removed
    return f"Undone: your reply of {when}. " + ("; ".join(sorted(restored)) + "." if restored else "")
