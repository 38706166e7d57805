"""One-tap answers (a button, an inline keyboard, a card submit, a signed web link): each records
exactly one update, through the same path as a reply in words, and is confirmed the same way."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlmodel import Session, col, select

from bot.inbound.replies import Applied, Reading, apply_reading, confirmation
from bot.ports import QUICK_CHOICES, QuickAnswer
from nlp.extraction import Extraction
from store.models import STATUSES, Action, ActionPerson

CHOICE_WORDS = dict(QUICK_CHOICES) | {"not_started": "Not started"}


def to_payload(answers: tuple[QuickAnswer, ...]) -> list[dict[str, Any]]:
    """Quick answers as JSON, as the inbound store keeps them."""
    return [{"action_id": a.action_id, "status": a.status,
             "expected_by": a.expected_by.isoformat() if a.expected_by else None,
             "percent_complete": a.percent_complete, "note": a.note} for a in answers]


def from_payload(items: list[dict[str, Any]]) -> list[QuickAnswer]:
    """Quick answers back from the store."""
    return [QuickAnswer(action_id=int(i["action_id"]), status=i.get("status"),
                        expected_by=date.fromisoformat(i["expected_by"]) if i.get("expected_by") else None,
                        percent_complete=i.get("percent_complete"), note=i.get("note") or "") for i in items]


def problem_with(answer: QuickAnswer) -> str | None:
    """Why a quick answer cannot be recorded as given (a platform payload is outside input)."""
    if answer.status is not None and answer.status not in STATUSES:
        return f"'{answer.status}' is not a status Chaser knows"
    if answer.percent_complete is not None and not 0 <= answer.percent_complete <= 100:
        return f"{answer.percent_complete}% is not between 0 and 100"
    if answer.status is None and answer.expected_by is None and answer.percent_complete is None \
            and not answer.note.strip():
        return "it gave no status, date, percent or note"
    return None


def words_for(answer: QuickAnswer, action: Action) -> str:
    """The lead's answer as words, kept on the action's history ("Done", "Delayed: to 31 Aug 2006 ...")."""
    parts = [CHOICE_WORDS.get(answer.status or "", "")] if answer.status else []
    if answer.expected_by is not None:
        parts.append(f"revised date {answer.expected_by.strftime('%d %b %Y')}")
    if answer.percent_complete is not None:
        parts.append(f"{answer.percent_complete}% done")
    text = ", ".join(p for p in parts if p)
    note = " ".join(answer.note.split())
    text = f"{text}. {note}" if text and note else text or note
    return f"{action.ref}: {text}"


def leads(session: Session, *, person_id: int, action_ids: list[int]) -> dict[int, Action]:
    """The actions among ``action_ids`` that ``person_id`` leads: deny by default."""
    rows = session.exec(select(Action).join(ActionPerson, col(ActionPerson.action_id) == Action.id)
                        .where(ActionPerson.person_id == person_id, ActionPerson.role == "lead",
                               col(Action.id).in_(action_ids)))
    return {a.id: a for a in rows if a.id is not None}


def handle_quick(session: Session, *, work: Any, answers: list[QuickAnswer]) -> tuple[list[str], list[Action]]:
    """Record one update per answer (one per action: a later answer about the same action in the
    same message wins); returns the confirmation and the actions recorded."""
    assert work.person.id is not None
    own = leads(session, person_id=work.person.id, action_ids=[a.action_id for a in answers])
    chosen: dict[int, QuickAnswer] = {}
    notes: list[str] = []
    for answer in answers:
        action = own.get(answer.action_id)
        problem = problem_with(answer)
        if action is None:
            notes.append("One answer was about an action that is not yours, so I left it alone.")
        elif problem:
            notes.append(f"{action.ref} was not recorded: {problem}.")
        else:
            chosen[answer.action_id] = answer
    applied: list[Applied] = []
    for action_id, answer in chosen.items():
        action = own[action_id]
        text = words_for(answer, action)
        reading = Reading(status=answer.status, percent_complete=answer.percent_complete,
                          completed_on=work.written_at.date() if answer.status == "complete" else None,
                          expected_by=answer.expected_by)
        extraction = Extraction(text=text, status=answer.status, percent_complete=answer.percent_complete,
                                expected_by=answer.expected_by.isoformat() if answer.expected_by else None,
                                confidence=1.0)
        applied.append(apply_reading(session, action=action, reading=reading, person=work.person, text=text,
                                     extraction=extraction, channel=work.channel, written_at=work.written_at,
                                     inbound_id=work.inbound_id, now=work.now, kind="quick"))
    if not applied:
        return [" ".join(notes) or "Nothing was recorded."], []
    return [confirmation(applied, notes=notes)], [x.action for x in applied]
