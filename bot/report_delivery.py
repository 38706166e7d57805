"""Scheduled delivery: email a report to everyone with the schedule's roles, once per person and period.

Each message goes through the outbox (:func:`bot.outbound.deliver_once`) under a unique key
(``report:exceptions:overall-2006:2006-W23:person-7``), so a job that fires twice, or two instances
that fire together, send one message, and a failed send is retried with the outbox's back-off (and
the coordinator told if it is given up), like every other message. The report is built only when
someone is still to receive it. The body is HTML with a plain-text alternative; the Word version is
attached.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from email.utils import formataddr
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.engine import Engine
from sqlmodel import Session, col

from bot.cycle.periods import round_key
from bot.outbound import deliver_once
from bot.ports import Attachment, OutboundMessage
from reports.facts import resolve_plan
from reports.process import build_elsewhere
from store.access import sees_everything
from store.clock import today as clock_today
from store.models import Delivery, Person, Plan
from store.settings import ReportSchedule

if TYPE_CHECKING:
    from bot.bootstrap import Chaser

log = logging.getLogger(__name__)

# A delivery in these states is not tried again this period (bot.outbox's states).
FINISHED = ("sent", "rerouted", "gave_up", "used")
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


def undelivered(engine: Engine, keys: list[str]) -> set[str]:
    """Those of ``keys`` still to send this period: never tried, or tried and failed (the outbox's
    dispatcher retries those too; whichever comes first takes the row, the other skips it)."""
    with Session(engine) as session:
        done = set(session.execute(select(col(Delivery.key)).where(
            col(Delivery.key).in_(keys), col(Delivery.state).in_(FINISHED))).scalars())
    return set(keys) - done


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
    sent = 0
    for plan in _plans(engine, schedule.plan):
        keys = {p.id: delivery_key(kind=schedule.kind, plan_name=plan.name, period=period, person_id=p.id or 0)
                for p in people}
        waiting = undelivered(engine, list(keys.values()))
        if not waiting:
            continue
        # Built in the report process, out of the scheduler's thread (reports.process says why).
        built = build_elsewhere(engine=engine, settings=chaser.settings, kind=schedule.kind, plan_name=plan.name,
                                today=today, formats=("txt", "html", "docx") if "docx" in schedule.formats
                                else ("txt", "html"))
        rendered = Rendered(title=built.title, as_at=built.as_at, text=built.content["txt"].decode(),
                            html=built.content["html"].decode(), docx=built.content.get("docx"))
        for person in people:
            if keys[person.id] not in waiting:
                continue
            message = compose(person=person, rendered=rendered, key=keys[person.id],
                              attachment_name=f"{schedule.kind}-{plan.name}-{period}.docx")
            # (one failed send does not stop the others: it is logged, counted and retried)
            sent += deliver_once(chaser=chaser, message=message, kind=f"report:{schedule.kind}")
    return sent
