"""Applying a progress reply to actions: the update as written, the fields read from it, the change log."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlmodel import Session

from bot.messages import STATUS_WORDS, human_date
from nlp.extraction import ActionExtraction, Extraction, to_date
from store.models import Action, ChangeLog, Person, Update
from store.rollup import roll_up
from store.rules import rag

TRACKED = ("status", "percent_complete", "completed_on", "expected_by")
MIN_CONFIDENCE = 0.5  # below this the NLP layer says it is guessing (0.3, 0.45): ask, don't record a status


@dataclass(frozen=True)
class Reading:
    """What a reply says about one action."""

    status: str | None = None
    percent_complete: int | None = None
    completed_on: date | None = None
    expected_by: date | None = None

    @property
    def empty(self) -> bool:
        return self.status is None and self.percent_complete is None and self.expected_by is None \
            and self.completed_on is None


@dataclass
class Applied:
    """The outcome for one action, for the confirmation."""

    action: Action
    update: Update
    unsure: bool = False
    changes: dict[str, Any] = field(default_factory=dict)


def own_part(action: Action, extraction: Extraction) -> ActionExtraction | None:
    """What the reply says about ``action`` by its ref, if it names it. A reply that names the action
    in several places gives one part: every passage as its words, each field from the first passage
    that gives it."""
    parts = [a for a in extraction.actions if a.ref == action.ref.lower()]
    if len(parts) <= 1:
        return parts[0] if parts else None
    first = parts[0]
    return ActionExtraction(
        ref=first.ref, text="\n".join(p.text.strip() for p in parts if p.text.strip()),
        status=next((p.status for p in parts if p.status), None),
        percent_complete=next((p.percent_complete for p in parts if p.percent_complete is not None), None),
        completed_on=next((p.completed_on for p in parts if p.completed_on), None),
        expected_by=next((p.expected_by for p in parts if p.expected_by), None),
        evidence=tuple(e for p in parts for e in p.evidence))


def words_about(action: Action, extraction: Extraction, text: str, *, several: bool) -> str:
    """The lead's words about ``action``: its own part of a reply that covers several actions (so the
    history and reports quote what was said about it), else the whole reply. The whole message is
    kept word for word with the stored inbound message either way."""
    own = own_part(action, extraction) if several else None
    return own.text.strip() if own is not None and own.text.strip() else text


def reading_for(action: Action, extraction: Extraction, *, single: bool) -> Reading:
    """The fields for ``action``: its own part of the reply, else the reply as a whole (when the
    reply is about this action alone or names no per-action detail)."""
    own = own_part(action, extraction)
    if own is not None and (own.status or own.percent_complete is not None or own.completed_on or own.expected_by):
        return Reading(own.status, own.percent_complete, to_date(own.completed_on), to_date(own.expected_by))
    if single or own is not None:
        # A low-confidence status is the reader's guess: keep the dates and figures, ask about the status.
        status = extraction.status if extraction.confidence >= MIN_CONFIDENCE else None
        return Reading(status, extraction.percent_complete,
                       to_date(extraction.completed_on) if status == "complete" else None,
                       to_date(extraction.expected_by))
    return Reading()


def _infer_status(action: Action, reading: Reading) -> str | None:
    """A status the reply implies without naming one (a later date, a percentage)."""
    if reading.status:
        return reading.status
    if reading.completed_on is not None or reading.percent_complete == 100:
        return "complete"
    if reading.expected_by is not None and action.due is not None and reading.expected_by > action.due:
        return "delayed"
    if reading.percent_complete is not None and reading.percent_complete > 0:
        return "in_progress"
    return None


def snapshot(action: Action) -> dict[str, Any]:
    """The tracked fields of an action, as JSON-friendly values (kept so UNDO can restore them)."""
    out: dict[str, Any] = {}
    for name in TRACKED:
        value = getattr(action, name)
        out[name] = value.isoformat() if isinstance(value, date) else value
    out["progress"] = action.progress
    out["progress_at"] = action.progress_at.isoformat() if action.progress_at else None
    out["rag"] = action.rag
    return out


def source_line(person: Person, channel: str, written_at: datetime) -> str:
    """How the change log names a reply: ``reply from Sue Fiennes by email, 14 Jun 2006``."""
    return f"reply from {person.name} by {channel}, {human_date(written_at)}"


def apply_reading(session: Session, *, action: Action, reading: Reading, person: Person, text: str,
                  extraction: Extraction, channel: str, written_at: datetime, inbound_id: int | None,
                  now: datetime, kind: str = "reply") -> Applied:
    """Record the update word for word and change the action as the lead said, flagging surprises."""
    before = snapshot(action)
    status = _infer_status(action, reading)
    new: dict[str, Any] = {}
    if status is not None:
        new["status"] = status
        if status == "complete":
            new["completed_on"] = reading.completed_on or written_at.date()
        elif action.completed_on is not None:
            new["completed_on"] = None
    if reading.percent_complete is not None:
        new["percent_complete"] = reading.percent_complete
    if reading.expected_by is not None and status != "complete":
        new["expected_by"] = reading.expected_by
    flags = []
    if new.get("status") == "complete" and action.status == "blocked":
        flags.append("completed_while_blocked")
    previous_date = action.expected_by or action.due
    if "expected_by" in new and previous_date is not None and new["expected_by"] < previous_date:
        flags.append("date_moved_earlier")
    changes = {k: v for k, v in new.items() if getattr(action, k) != v}
    source = source_line(person, channel, written_at)
    for name, value in changes.items():
        old = getattr(action, name)
        session.add(ChangeLog(plan_id=action.plan_id, action_id=action.id, at=now, source=source, field=name,
                              old_value=_text(old), new_value=_text(value),
                              description=f"{action.ref} {name.replace('_', ' ')}: {_text(old) or '-'} -> "
                                          f"{_text(value) or '-'}"))
        setattr(action, name, value)
    action.progress = text
    action.progress_at = written_at
    action.updated_at = now
    action.rag = rag(action, written_at.date())
    record = extraction.to_json() | {"previous": before}
    assert action.id is not None
    update = Update(action_id=action.id, person_id=person.id, inbound_id=inbound_id, at=written_at,
                    channel=channel, kind=kind, text=text, status=new.get("status"),
                    percent_complete=new.get("percent_complete"), completed_on=new.get("completed_on"),
                    expected_by=new.get("expected_by"), extraction=record, flags=flags)
    session.add(update)
    if action.parent_id is not None and "status" in changes:
        session.flush()
        roll_up(session, parent_id=action.parent_id, today=written_at.date(), now=now, source=source)
    return Applied(action=action, update=update, unsure=status is None and reading.empty, changes=changes)


def _text(value: Any) -> str | None:
    if value is None:
        return None
    return value.isoformat() if isinstance(value, date) else str(value)


def describe(applied: Applied) -> str:
    """``7.4 complete (12 Jun 2006)``, ``7.6 delayed, now expected by 31 Jul 2006``."""
    a, u = applied.action, applied.update
    if u.status is None and u.percent_complete is None and u.expected_by is None:
        return f"{a.ref} noted (status still {STATUS_WORDS.get(a.status, a.status)})"
    parts = [f"{a.ref} {STATUS_WORDS.get(a.status, a.status)}"]
    if a.status == "complete" and a.completed_on:
        parts[0] += f" ({human_date(a.completed_on)})"
    if u.percent_complete is not None and a.status != "complete":
        parts.append(f"{u.percent_complete}% done")
    if u.expected_by is not None:
        parts.append(f"now expected by {human_date(u.expected_by)}")
    return ", ".join(parts)


def confirmation(applied: list[Applied], *, notes: list[str]) -> str:
    """One short message: what was recorded, how to undo it, and any question that remains."""
    recorded = "; ".join(describe(x) for x in applied)
    lines = [f"Thanks — recorded: {recorded}. Reply UNDO to reverse, or send a correction."]
    lines += notes
    unsure = [x.action.ref for x in applied if x.unsure]
    if len(unsure) == 1:
        lines.append(f"Is {unsure[0]} finished, or still in progress?")
    elif unsure:
        lines.append(f"Are {', '.join(unsure[:-1])} and {unsure[-1]} finished, or still in progress? "
                     "Reply with each ref and its state.")
    return "\n".join(lines)
