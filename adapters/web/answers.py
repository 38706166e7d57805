"""The one-tap answer pages' data: the round a signed link opens, and the quick answers a form gives.

A link names one request (one lead, one round). Everything here is read for that lead only: the
actions listed are the request's actions that this person still leads and that are still open.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlmodel import Session, col, select

from bot.answer_links import AnswerLinks
from bot.messages import due_words, plan_title
from bot.ports import QUICK_CHOICES, InboundMessage, QuickAnswer
from store.indicator_periods import figures_due, period_words
from store.indicator_rules import format_value
from store.indicators import label
from store.models import Action, ActionPerson, Indicator, IndicatorReading, Person, Plan, Request, Round, Update
from store.models import InboundMessage as StoredInbound

CHOICES = dict(QUICK_CHOICES)
NOTE_LIMIT = 2000


class LinkProblem(Exception):
    """A one-tap link that cannot be used: ``invalid`` (altered or unknown) or ``expired``."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class OpenAction:
    """One of the lead's open actions, as the answer page shows it."""

    id: int
    ref: str
    title: str
    due: str
    status: str
    expected_by: date | None
    percent_complete: int | None


@dataclass(frozen=True)
class OpenFigure:
    """One indicator whose figure the round asks this owner for."""

    id: int
    code: str  # its code, or its measure where it has none
    title: str  # its measure ("" when ``code`` is the measure)
    period: str  # "June 2006"
    last: str  # "196 per 10,000 for May 2006", "" for none


@dataclass(frozen=True)
class AnswerRound:
    """What one signed link opens: the lead, the round and their open actions in it."""

    request_id: int
    person_name: str
    token: str
    plan_title: str
    round_key: str
    expires_at: datetime | None
    actions: list[OpenAction]
    figures: list[OpenFigure] = field(default_factory=list)
    completed: list[OpenAction] = field(default_factory=list)  # the request's actions this lead has finished

    def action(self, action_id: int) -> OpenAction | None:
        """One of this round's open actions, or None (unknown, someone else's, or already complete)."""
        return next((a for a in self.actions if a.id == action_id), None)

    def completed_action(self, action_id: int) -> OpenAction | None:
        """One of this request's actions that is complete now (answered Done, here or elsewhere), or None."""
        return next((a for a in self.completed if a.id == action_id), None)


def load_round(*, session: Session, links: AnswerLinks, token: str, now: datetime) -> AnswerRound:
    """The round a link opens, checked: genuine signature, the request's own lead, not expired.

    Raises:
        LinkProblem: ``invalid`` or ``expired``.
    """
    ids = links.read(token)
    if ids is None:
        raise LinkProblem("invalid")
    request_id, person_id = ids
    request = session.get(Request, request_id)
    person = session.get(Person, person_id)
    if request is None or person is None or request.person_id != person_id:
        raise LinkProblem("invalid")
    if request.expires_at is not None and now > request.expires_at:
        raise LinkProblem("expired")
    plan, rnd = session.get(Plan, request.plan_id), session.get(Round, request.round_id)
    led = select(ActionPerson.action_id).where(ActionPerson.person_id == person_id, ActionPerson.role == "lead")
    rows = session.exec(select(Action).where(col(Action.id).in_(request.action_ids), col(Action.id).in_(led))
                        .order_by(col(Action.position), col(Action.id)))
    listed = [OpenAction(id=a.id or 0, ref=a.ref, title=" ".join(a.title.split()), due=due_words(a),
                         status=a.status, expected_by=a.expected_by, percent_complete=a.percent_complete)
              for a in rows]
    actions = [a for a in listed if a.status != "complete"]
    completed = [a for a in listed if a.status == "complete"]
    opened = (rnd.opened_at if rnd else now).astimezone(ZoneInfo("Europe/London")).date()
    figures = [OpenFigure(id=d.indicator.id or 0, code=label(d.indicator), title=d.indicator.title if d.indicator.code
                          else "", period=period_words(d.period_end, d.indicator.frequency),
                          last=f"{format_value(d.last.value, d.indicator.unit)} for "
                          f"{period_words(d.last.period_end, d.indicator.frequency)}" if d.last else "")
               for d in figures_due(session, plan_id=request.plan_id, owner_id=person_id, today=opened)]
    return AnswerRound(request_id=request_id, person_name=person.name, token=request.token,
                       plan_title=plan_title(plan) if plan else "", round_key=rnd.key if rnd else "",
                       expires_at=request.expires_at, actions=actions, figures=figures, completed=completed)


class FormProblem(ValueError):
    """A field of the answer form that cannot be used; the message names the action and the field."""


def _date(value: str, ref: str) -> date | None:
    if not value.strip():
        return None
    try:
        return date.fromisoformat(value.strip())
    except ValueError as exc:
        raise FormProblem(f"{ref}: the revised date {value!r} is not a date (use the date picker, or YYYY-MM-DD)") \
            from exc


def _percent(value: str, ref: str) -> int | None:
    if not value.strip():
        return None
    if not value.strip().isdigit() or not 0 <= int(value) <= 100:
        raise FormProblem(f"{ref}: percent complete must be a whole number from 0 to 100, not {value!r}")
    return int(value)


def quick_answers(*, form: dict[str, str], answer_round: AnswerRound) -> list[QuickAnswer]:
    """One QuickAnswer per action the form says something about (a choice, a date, a percent or a note).

    Fields are ``status-<id>``, ``expected_by-<id>``, ``percent-<id>`` and ``note-<id>``; ids not among
    the lead's open actions in this round are refused, never applied.

    Raises:
        FormProblem: a field that cannot be read, or an action that is not on this page.
    """
    mentioned = {key.split("-", 1)[1] for key in form if "-" in key and key.split("-", 1)[0] in
                 ("status", "expected_by", "percent", "note")}
    answers = []
    for raw_id in sorted(mentioned):
        action = answer_round.action(int(raw_id)) if raw_id.isdigit() else None
        if action is None:
            raise FormProblem("That form names an action that is not one of yours in this round.")
        status = form.get(f"status-{raw_id}", "").strip() or None
        if status is not None and status not in CHOICES:
            raise FormProblem(f"{action.ref}: {status!r} is not one of the choices")
        note = " ".join(form.get(f"note-{raw_id}", "").split())[:NOTE_LIMIT]
        answer = QuickAnswer(action_id=action.id, status=status,
                             expected_by=_date(form.get(f"expected_by-{raw_id}", ""), action.ref),
                             percent_complete=_percent(form.get(f"percent-{raw_id}", ""), action.ref), note=note)
        if answer.status or answer.expected_by or answer.percent_complete is not None or answer.note:
            answers.append(answer)
    return answers


_FIGURE = re.compile(r"^-?\d[\d,]*(?:\.\d+)?$|^-?\.\d+$")


def figure_words(*, form: dict[str, str], answer_round: AnswerRound) -> str:
    """The figures the form gives, as the owner would write them ("CH141 201 for June 2006"), for the
    service to read like a reply in words.

    Raises:
        FormProblem: a figure that is not a number, or an indicator not asked for on this page.
    """
    said = []
    for key, raw in sorted(form.items()):
        if not key.startswith("figure-") or not raw.strip():
            continue
        figure = next((f for f in answer_round.figures if str(f.id) == key.split("-", 1)[1]), None)
        if figure is None:
            raise FormProblem("That form names an indicator that is not one of yours in this round.")
        value = raw.strip().rstrip("%").strip()
        if not _FIGURE.match(value):
            raise FormProblem(f"{figure.code}: {raw.strip()!r} is not a figure (write a number such as 201 or 18.5)")
        said.append(f"{figure.code} {value} for {figure.period}")
    return "; ".join(said)


def reading(answers: list[QuickAnswer], answer_round: AnswerRound) -> str:
    """The answers as a person would read them ("7.4: Done; 7.5: On track, 40% done")."""
    parts = []
    for answer in answers:
        action = answer_round.action(answer.action_id)
        bits = [CHOICES.get(answer.status or "", "")]
        if answer.expected_by:
            bits.append(f"revised date {answer.expected_by.strftime('%d %b %Y')}")
        if answer.percent_complete is not None:
            bits.append(f"{answer.percent_complete}% done")
        if answer.note:
            bits.append(answer.note)
        parts.append(f"{action.ref if action else answer.action_id}: {', '.join(b for b in bits if b)}")
    return "; ".join(parts)


def inbound(*, form_id: str, answers: list[QuickAnswer], answer_round: AnswerRound, form: dict[str, Any],
            now: datetime, figures: str = "") -> InboundMessage:
    """The message handed to the service: one per confirmed form (its id makes a double submit one answer);
    its words end with the figures given, which the service reads as a reply's."""
    words = "; ".join(part for part in (reading(answers, answer_round), figures) if part)
    return InboundMessage(
        channel="web", message_id=f"answer:{form_id}", sender=answer_round.person_name,
        text=words, written_at=now, token=answer_round.token, quick=tuple(answers),
        raw=json.dumps({k: v for k, v in form.items() if k != "csrf_token"}, sort_keys=True, ensure_ascii=False),
    )


@dataclass(frozen=True)
class Outcome:
    """What the service did with a confirmed form: its state and the updates it recorded."""

    state: str
    reason: str
    recorded: list[tuple[str, str]]  # (ref, the words kept on the action's history)
    figures: list[str] = field(default_factory=list)  # "CH141 201 per 10,000 for June 2006"


def outcome(*, session: Session, message_id: str) -> Outcome | None:
    """The stored message for ``message_id`` and the updates recorded from it, or None if never stored."""
    row = session.exec(select(StoredInbound).where(StoredInbound.channel == "web",
                                                   StoredInbound.message_id == message_id)).first()
    if row is None:
        return None
    recorded = [(ref, text) for ref, text in session.exec(
        select(Action.ref, Update.text).join(Action, col(Action.id) == col(Update.action_id))
        .where(Update.inbound_id == row.id).order_by(col(Update.id)))]
    figures = [f"{label(ind)} {format_value(r.value, ind.unit)} for {period_words(r.period_end, ind.frequency)}"
               for r, ind in session.exec(select(IndicatorReading, Indicator)
                                          .join(Indicator, col(Indicator.id) == IndicatorReading.indicator_id)
                                          .where(IndicatorReading.inbound_id == row.id)
                                          .order_by(col(IndicatorReading.id)))]
    return Outcome(state=row.state, reason=row.reason, recorded=recorded, figures=figures)
