"""Scheduled delivery: email a report to everyone with the schedule's roles, once per person and period.

Each message is claimed in the Delivery table under a unique key
(``report:exceptions:overall-2006:2006-W23:person-7``) before it is sent, so a job that fires twice, or
two instances that fire together, send one message. The body is HTML with a plain-text alternative;
the Word version is attached.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.utils import formataddr
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from sqlalchemy import select, update
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col

from bot.cycle.periods import round_key
from bot.ports import Attachment, OutboundMessage
from reports.facts import resolve_plan
from reports.process import build_elsewhere
from store.access import sees_everything
from store.clock import today as clock_today
from store.db import transaction
from store.models import Delivery, Person, Plan
from store.settings import ReportSchedule

if TYPE_CHECKING:
    from bot.bootstrap import Chaser

log = logging.getLogger(__name__)

# Roles that may read a whole plan; a lead sees only their own actions, so never gets a whole report.
# A claim left "pending" this long was lost in a crash; it may be retried (the Message-ID is the same).
STALE_CLAIM = timedelta(hours=1)
DOCX_TYPE = ("application", "vnd.openxmlformats-officedocument.wordprocessingml.document")


@dataclass(frozen=True)
class Rendered:
    """One plan's report in the formats an email carries."""

    title: str
    as_at: str
    text: str
    html: str
    docx: bytes | None


def delivery_key(*, kind: str, plan_name: str, period: str, person_id: int) -> str:
    """The Delivery table's unique key for one report to one person in one period."""
    return f"report:{kind}:{plan_name}:{period}:person-{person_id}"


def recipients(engine: Engine, roles: list[str]) -> list[Person]:
    """People with any of ``roles`` who may read a whole plan and have an email address, by name."""
    wanted = set(roles)
    with Session(engine, expire_on_commit=False) as session:
        people = list(session.execute(select(Person).order_by(col(Person.name))).scalars())
    chosen = []
    for person in people:
        if person.placeholder or not wanted.intersection(person.roles):
            continue
        if not sees_everything(person.roles):
            log.warning("report not sent to %s: leads see only their own actions", person.name)
            continue
        if not person.email:
            log.warning("report not sent to %s: no email address", person.name)
            continue
        chosen.append(person)
    return chosen


def claim(engine: Engine, *, key: str, kind: str, person_id: int, now: datetime) -> bool:
    """Claim the right to send ``key``; False when it was sent, or another run is sending it."""
    try:
        with transaction(engine) as session:
            existing = session.execute(select(Delivery).where(col(Delivery.key) == key)).scalars().first()
            if existing is None:
                session.add(Delivery(key=key, kind=kind, person_id=person_id, channel="email", state="pending",
                                     attempts=1, created_at=now))
                return True
            stale = existing.state == "pending" and existing.created_at < now - STALE_CLAIM
            retry = existing.state == "failed" or stale
            if not retry:
                return False
            claimed = session.execute(
                update(Delivery)
                .where(col(Delivery.id) == existing.id, col(Delivery.attempts) == existing.attempts,
                       col(Delivery.state) == existing.state)
                .values(state="pending", attempts=existing.attempts + 1, created_at=now)
            )
            return bool(claimed.rowcount)  # type: ignore[attr-defined]
    except IntegrityError:
        return False  # another instance inserted the same key first


def finish(engine: Engine, *, key: str, state: str, message_id: str = "", now: datetime) -> None:
    """Record how a claimed delivery ended: ``sent`` or ``failed``."""
    values: dict[str, object] = {"state": state}
    if state == "sent":
        values.update(message_id=message_id, sent_at=now)
    with transaction(engine) as session:
        session.execute(update(Delivery).where(col(Delivery.key) == key).values(**values))


def compose(*, person: Person, rendered: Rendered, key: str, attachment_name: str) -> OutboundMessage:
    """The email: plain text, an HTML alternative, and the Word version attached."""
    attachments: tuple[Attachment, ...] = ()
    if rendered.docx is not None:
        attachments = (Attachment(filename=attachment_name, content=rendered.docx, mime_type="/".join(DOCX_TYPE)),)
    return OutboundMessage(channel="email", recipient=formataddr((person.name, person.email or "")),
                           subject=f"{rendered.title}, {rendered.as_at}", text=rendered.text, html=rendered.html,
                           person_id=person.id, key=key, attachments=attachments)


def _plans(engine: Engine, plan_name: str | None) -> list[Plan]:
    if plan_name is not None:
        return [resolve_plan(engine, plan_name)]
    with Session(engine, expire_on_commit=False) as session:
        return list(session.execute(select(Plan).order_by(col(Plan.name))).scalars())


def deliver_scheduled(*, chaser: Chaser, schedule: ReportSchedule) -> int:
    """Email the scheduled report (one per plan, or the schedule's plan) to everyone with its roles.

    Args:
        chaser: The composition root (settings, engine, clock).
        schedule: The report schedule from chaser.toml.

    Returns:
        How many messages were sent now (0 when every one was already sent this period).
    """
    engine = chaser.engine
    today = clock_today(chaser.clock, ZoneInfo(schedule.timezone))
    period = round_key(schedule.cadence, today)
    people = recipients(engine, schedule.roles)
    mailer = chaser.channels["email"]
    sent = 0
    for plan in _plans(engine, schedule.plan):
        keys = {p.id: delivery_key(kind=schedule.kind, plan_name=plan.name, period=period, person_id=p.id or 0)
                for p in people}
        claimed = [p for p in people
                   if claim(engine, key=keys[p.id], kind=f"report:{schedule.kind}", person_id=p.id or 0,
                            now=chaser.clock.now())]
        if not claimed:
            continue
        # Built in the report process, out of the scheduler's thread (reports.process says why).
        built = build_elsewhere(engine=engine, settings=chaser.settings, kind=schedule.kind, plan_name=plan.name,
                                today=today, formats=("txt", "html", "docx") if "docx" in schedule.formats
                                else ("txt", "html"))
        rendered = Rendered(title=built.title, as_at=built.as_at, text=built.content["txt"].decode(),
                            html=built.content["html"].decode(), docx=built.content.get("docx"))
        for person in claimed:
            key = keys[person.id]
            message = compose(person=person, rendered=rendered, key=key,
                              attachment_name=f"{schedule.kind}-{plan.name}-{period}.docx")
            try:
                message_id = mailer.send(message)
            except Exception:  # one failed send must not stop the others; it is retried next run
                log.exception("report %s could not be sent", key)
                finish(engine, key=key, state="failed", now=chaser.clock.now())
                continue
            finish(engine, key=key, state="sent", message_id=message_id, now=chaser.clock.now())
            sent += 1
    return sent
