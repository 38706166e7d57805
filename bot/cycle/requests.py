"""Requests for progress: open a round, create one request per eligible lead, send each once."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from sqlalchemy import update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from bot.answer_links import AnswerLinks
from bot.bootstrap import answer_links
from bot.cycle.tokens import new_token
from bot.lookup import actions_by_id, open_actions_by_lead, open_actions_without_lead
from bot.messages import RequestContent, address_of, human_date, request_message
from bot.outbound import channel_for, channels, send_now, with_fallback_note
from bot.ports import SendError, deterministic_message_id
from store.db import transaction
from store.indicator_periods import figures_due
from store.indicators import label
from store.models import Indicator, Person, Plan, Request, Round
from store.settings import QuietHours

if TYPE_CHECKING:
    from bot.bootstrap import Chaser


log = logging.getLogger(__name__)
MAX_ATTEMPTS = 5


@dataclass
class RoundOutcome:
    """What one plan's round did in one run."""

    plan: str
    round_key: str
    sent: list[str] = field(default_factory=list)
    already_sent: int = 0
    deferred: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    reminders: list[str] = field(default_factory=list)
    escalations: list[str] = field(default_factory=list)


def in_quiet_hours(when: datetime, *, tz: str, quiet: QuietHours) -> bool:
    """Is ``when`` inside the quiet hours, in time zone ``tz``?"""
    local: time = when.astimezone(ZoneInfo(tz)).time()
    if quiet.start <= quiet.end:
        return quiet.start <= local < quiet.end
    return local >= quiet.start or local < quiet.end


def is_away(person: Person, today: date) -> bool:
    """Away until (and including) their ``away_until`` date."""
    return person.away_until is not None and today <= person.away_until


def open_round(session: Session, *, plan: Plan, key: str, now: datetime) -> Round:
    """The plan's round ``key``, created if new (safe when two workers race)."""
    found = session.exec(select(Round).where(Round.plan_id == plan.id, Round.key == key)).first()
    if found is not None:
        return found
    assert plan.id is not None
    rnd = Round(plan_id=plan.id, key=key, opened_at=now)
    try:
        with session.begin_nested():
            session.add(rnd)
    except IntegrityError:
        rnd = session.exec(select(Round).where(Round.plan_id == plan.id, Round.key == key)).one()
    return rnd


def create_requests(*, chaser: Chaser, plan: Plan, key: str, outcome: RoundOutcome) -> int:
    """Open the round and add a pending request for each eligible lead who has none yet."""
    now = chaser.clock.now()
    available = channels(chaser)
    with transaction(chaser.engine) as session:
        rnd = open_round(session, plan=plan, key=key, now=now)
        assert plan.id is not None and rnd.id is not None
        asked = set(session.exec(select(Request.person_id).where(Request.round_id == rnd.id)))
        for orphan in open_actions_without_lead(session, plan_id=plan.id):
            written = " ".join(orphan.lead_text.split()) or "blank"
            outcome.skipped.append(f"{orphan.ref}: no one to ask (lead in the plan: {written})")
        by_person = open_actions_by_lead(session, plan_id=plan.id)
        # An indicator owner is asked in the same request as their actions; one with only
        # indicators gets a request of their own (one message per person per round either way).
        for due in figures_due(session, plan_id=plan.id, today=_plan_day(now)):
            if due.indicator.owner_id is not None:
                by_person.setdefault(due.indicator.owner_id, [])
        for unowned in session.exec(select(Indicator).where(Indicator.plan_id == plan.id,
                                                            col(Indicator.owner_id).is_(None))):
            outcome.skipped.append(f"{label(unowned)}: no one to ask for its figures (set an owner with "
                                   f"`chaser indicators set {unowned.code or unowned.key} --plan {plan.name} "
                                   "--owner NAME`)")
        for person_id, actions in by_person.items():
            if person_id in asked:
                continue
            person = session.get(Person, person_id)
            if person is None:
                continue
            today = now.astimezone(ZoneInfo(person.timezone or "Europe/London")).date()
            channel = channel_for(person, available)
            if person.placeholder:
                outcome.skipped.append(f"{person.name}: not yet a contactable person (from the plan's glossary)")
            elif is_away(person, today):
                outcome.skipped.append(f"{person.name}: away until {human_date(person.away_until)}")
            elif channel is None:
                outcome.skipped.append(f"{person.name}: no email address or linked chat account (give one in the "
                                       "people CSV: `chaser people import people.csv`, or Upload people in the "
                                       "web app)")
            else:
                request = Request(round_id=rnd.id, plan_id=plan.id, person_id=person_id, channel=channel,
                                  token=new_token(), action_ids=[a.id for a in actions if a.id is not None],
                                  created_at=now,
                                  expires_at=now + timedelta(days=chaser.settings.request_token_days))
                try:
                    with session.begin_nested():
                        session.add(request)
                        session.flush()
                        request.message_id = deterministic_message_id(
                            f"request:{request.id}", sender=chaser.settings.email_from)
                except IntegrityError:  # another worker asked this person a moment ago
                    continue
        return rnd.id


def _plan_day(when: datetime) -> date:
    """The day a round is for, in the council's time zone (periods end at midnight there)."""
    return when.astimezone(ZoneInfo("Europe/London")).date()


def request_content(session: Session, *, request: Request, links: AnswerLinks | None = None) -> RequestContent | None:
    """What a request says now: its lead's still-open actions, the figures still to give for the
    periods that had ended when the round opened, and (given ``links``) their one-tap links."""
    person = session.get(Person, request.person_id)
    plan = session.get(Plan, request.plan_id)
    rnd = session.get(Round, request.round_id)
    if person is None or plan is None or rnd is None:
        return None
    actions = [a for a in actions_by_id(session, ids=request.action_ids) if a.status != "complete"]
    link = links.page(request_id=request.id, person_id=person.id) if links and request.id and person.id else None
    assert plan.id is not None
    figures = figures_due(session, plan_id=plan.id, owner_id=person.id, today=_plan_day(rnd.opened_at))
    return RequestContent(plan=plan, round_key=rnd.key, person=person, actions=actions, token=request.token,
                          link=link, figures=figures)


def _claim(session: Session, request: Request) -> bool:
    """Take the request for sending; False if another worker took or sent it first."""
    result = session.execute(
        update(Request)
        .where(col(Request.id) == request.id, col(Request.attempts) == request.attempts, col(Request.state) != "sent")
        .values(attempts=request.attempts + 1)
    )
    return bool(result.rowcount)  # type: ignore[attr-defined]


def send_pending(*, chaser: Chaser, round_id: int, respect_quiet_hours: bool, outcome: RoundOutcome) -> None:
    """Send every request of the round not yet sent; each is sent once (a retry reuses its Message-ID)."""
    now = chaser.clock.now()
    with transaction(chaser.engine) as session:
        requests = list(session.exec(select(Request).where(Request.round_id == round_id).order_by(col(Request.id))))
        outcome.already_sent += sum(1 for r in requests if r.state == "sent")
    for request in requests:
        if request.state == "sent" or request.attempts >= MAX_ATTEMPTS:
            continue
        with transaction(chaser.engine) as session:
            content = request_content(session, request=request, links=answer_links(chaser))
            if content is None:
                continue
            if respect_quiet_hours and in_quiet_hours(now, tz=content.person.timezone,
                                                      quiet=chaser.settings.quiet_hours):
                outcome.deferred.append(f"{content.person.name}: quiet hours in {content.person.timezone}")
                continue
            if content.empty:
                continue  # every action completed and every figure given since the round opened: nothing to ask
            if not _claim(session, request):
                continue
        channel_name, note = request.channel, ""
        message = request_message(content=content, channel=channel_name, key=f"request:{request.id}")
        try:
            try:
                platform_id = send_now(chaser=chaser, message=message)
            except SendError as exc:
                if not exc.permanent or channel_name == "email" or not content.person.email:
                    raise
                # The chat platform cannot reach them (no such user, deactivated): email this round.
                note = f" (instead of {channel_name}: {exc.reason})"
                channel_name = "email"
                platform_id = send_now(chaser=chaser, message=with_fallback_note(request_message(
                    content=content, channel="email", key=f"request:{request.id}"), tried=request.channel,
                    reason=exc.reason))
        except Exception as exc:
            reason = exc.reason if isinstance(exc, SendError) else type(exc).__name__
            log.warning("request %s to %s not sent: %s", request.id, content.person.name, reason)
            outcome.failed.append(f"{content.person.name}: {reason}")
            with transaction(chaser.engine) as session:
                session.execute(update(Request).where(col(Request.id) == request.id).values(state="failed"))
            continue
        values: dict[str, object] = {"state": "sent", "sent_at": chaser.clock.now(), "channel": channel_name}
        if channel_name != "email" and platform_id:
            values["message_id"] = platform_id  # the chat message a tap or a thread reply points to
        with transaction(chaser.engine) as session:
            session.execute(update(Request).where(col(Request.id) == request.id).values(**values))
        refs = ", ".join(a.ref for a in content.actions)
        asked_for = [f"{len(content.actions)} open action{'' if len(content.actions) == 1 else 's'} ({refs})"] \
            if content.actions else []
        if content.figures:
            codes = ", ".join(label(f.indicator) for f in content.figures)
            asked_for.append(f"{len(content.figures)} figure{'' if len(content.figures) == 1 else 's'} ({codes})")
        outcome.sent.append(f"{content.person.name} <{address_of(content.person, channel_name)}> "
                            f"by {channel_name}{note}: {'; '.join(asked_for)}")
