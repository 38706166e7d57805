"""Chasing: one reminder after N working days without a reply, then one private note to the coordinator."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from sqlmodel import Session, col, select

from bot.bootstrap import answer_links
from bot.cycle.requests import RoundOutcome, in_quiet_hours, is_away, request_content
from bot.lookup import coordinators
from bot.messages import escalation_message, human_date, request_message
from bot.outbound import channel_for, channels, deliver_once
from store.db import transaction
from store.indicators import label
from store.models import Action, Person, Plan, Request, Round, Update
from store.settings import PlanSchedule
from store.working_days import working_days_between

if TYPE_CHECKING:
    from bot.bootstrap import Chaser

FLAG_WORDS = {
    "completed_while_blocked": "marked complete while it was blocked",
    "date_moved_earlier": "a date moved earlier",
}


def flagged_updates(session: Session, *, plan_id: int, since: datetime) -> list[dict[str, str]]:
    """Updates recorded since ``since`` that carry a flag for the coordinator."""
    rows = session.exec(
        select(Update, Action)
        .join(Action, col(Action.id) == Update.action_id)
        .where(Action.plan_id == plan_id, col(Update.at) >= since, col(Update.undone).is_(False))
        .order_by(col(Update.at))
    )
    out = []
    for upd, action in rows:
        if not upd.flags:
            continue
        person = session.get(Person, upd.person_id) if upd.person_id else None
        out.append({
            "ref": action.ref,
            "person": person.name if person else "unknown",
            "at": human_date(upd.at),
            "why": "; ".join(FLAG_WORDS.get(f, f) for f in upd.flags),
            "text": " ".join(upd.text.split())[:300],
        })
    return out


def _today(now: datetime) -> datetime:
    return now.astimezone(ZoneInfo("Europe/London"))


def send_reminders(*, chaser: Chaser, rnd: Round, schedule: PlanSchedule, respect_quiet_hours: bool,
                   outcome: RoundOutcome) -> None:
    """One reminder per unanswered request once ``remind_after_days`` working days have passed."""
    now = chaser.clock.now()
    today = _today(now).date()
    with transaction(chaser.engine) as session:
        waiting = list(session.exec(select(Request).where(
            Request.round_id == rnd.id, Request.state == "sent",
            col(Request.replied_at).is_(None), col(Request.reminded_at).is_(None))))
    for request in waiting:
        assert request.sent_at is not None
        if working_days_between(_today(request.sent_at).date(), today) < schedule.remind_after_days:
            continue
        with transaction(chaser.engine) as session:
            content = request_content(session, request=request, links=answer_links(chaser))
        if content is None or content.empty or is_away(content.person, today):
            continue
        if respect_quiet_hours and in_quiet_hours(now, tz=content.person.timezone, quiet=chaser.settings.quiet_hours):
            continue
        message = request_message(content=content, channel=request.channel, key=f"reminder:{request.id}",
                                  reminder=True, in_reply_to=request.message_id or None)
        if deliver_once(chaser=chaser, message=message, kind="reminder"):
            outcome.reminders.append(content.person.name)
        with transaction(chaser.engine) as session:
            row = session.get(Request, request.id)
            if row is not None and row.reminded_at is None:
                row.reminded_at = now


def send_escalation(*, chaser: Chaser, plan: Plan, rnd: Round, schedule: PlanSchedule,
                    outcome: RoundOutcome) -> None:
    """Once per round, after ``escalate_after_days`` working days: tell the coordinator, privately,
    who has not replied (and which updates were flagged)."""
    now = chaser.clock.now()
    today = _today(now).date()
    with transaction(chaser.engine) as session:
        requests = list(session.exec(select(Request).where(Request.round_id == rnd.id, Request.state == "sent")))
        sent_days = [_today(r.sent_at).date() for r in requests if r.sent_at is not None]
        if not sent_days or working_days_between(min(sent_days), today) < schedule.escalate_after_days:
            return
        missing, late = [], []
        for r in requests:
            if r.replied_at is not None or r.sent_at is None:
                continue
            if working_days_between(_today(r.sent_at).date(), today) < schedule.escalate_after_days:
                continue
            content = request_content(session, request=r)
            if content is None:
                continue
            late.append(r.id)
            missing.append({
                "name": content.person.name,
                "refs": ", ".join([a.ref for a in content.actions] + [label(f.indicator) for f in content.figures])
                or "(all since completed)",
                "away": human_date(content.person.away_until) if is_away(content.person, today) else "",
                "reminded": human_date(r.reminded_at),
            })
        assert plan.id is not None
        flagged = flagged_updates(session, plan_id=plan.id, since=rnd.opened_at)
        targets = coordinators(session, plan=plan, schedule=schedule)
    if not missing and not flagged:
        return
    available = channels(chaser)
    for person in targets:
        channel = channel_for(person, available)
        if channel is None:
            outcome.failed.append(f"coordinator {person.name}: no address on any configured channel")
            continue
        message = escalation_message(person=person, plan=plan, round_key=rnd.key, channel=channel,
                                     sent_on=human_date(min(sent_days)), days=schedule.escalate_after_days,
                                     missing=missing, flagged=flagged, key=f"escalation:{rnd.id}:{person.id}")
        if deliver_once(chaser=chaser, message=message, kind="escalation"):
            outcome.escalations.append(f"{person.name} ({len(missing)} not replied, {len(flagged)} flagged)")
    with transaction(chaser.engine) as session:
        for request_id in late:
            row = session.get(Request, request_id)
            if row is not None and row.escalated_at is None:
                row.escalated_at = now
