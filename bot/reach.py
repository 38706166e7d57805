"""People a chat platform says it cannot reach (a lead who blocked the bot): flagged, so requests go
by email instead of failing on the platform, and the plan's coordinators are told once, by name."""

from __future__ import annotations

import logging
from datetime import datetime
from typing import TYPE_CHECKING

from sqlmodel import Session, select

from bot import outbox
from bot.lookup import CHAT_ID_FIELDS
from bot.messages import human_date
from bot.ports import OutboundMessage
from store.db import transaction
from store.models import Person

if TYPE_CHECKING:
    from bot.bootstrap import Chaser

log = logging.getLogger(__name__)
PLATFORMS = {"slack": "Slack", "teams": "Teams", "telegram": "Telegram"}
NOTICE_KIND = outbox.NOTICE_KIND  # (never itself the subject of a notice)


def _person(session: Session, *, channel: str, account: str) -> Person | None:
    field = CHAT_ID_FIELDS.get(channel)
    if field is None or not account:
        return None
    return session.exec(select(Person).where(getattr(Person, field) == account)).first()


def _notices(session: Session, *, person: Person, channel: str, reason: str, now: datetime) -> list[OutboundMessage]:
    platform = PLATFORMS.get(channel, channel)
    instead = (f"Chaser will send their requests by email, to {person.email}, until they write to the bot again."
               if person.email else "They have no email address in Chaser either: please contact them another way.")
    text = (f"Chaser can no longer reach {person.name} in {platform}: {reason} "
            f"({human_date(now, person.timezone or 'Europe/London')}).\n{instead}")
    notices = []
    for coordinator, address in outbox.coordinators(session, besides=person.id):
        notice = OutboundMessage(channel="email", recipient=address, person_id=coordinator.id,
                                 subject=f"Chaser: {person.name} cannot be reached in {platform}", text=text,
                                 key=f"unreachable:{channel}:{person.id}:{coordinator.id}:{now.isoformat()}",
                                 kind=NOTICE_KIND)
        outbox.enqueue(session, message=notice, kind=NOTICE_KIND, now=now)
        notices.append(notice)
    return notices


def flag(*, chaser: Chaser, channel: str, reason: str, account: str = "", person_id: int | None = None) -> str | None:
    """Mark the person (by their ``channel`` account or id) unreachable on ``channel`` and tell the
    coordinators, unless they were flagged already; their name if this flagged them now."""
    from bot.outbound import deliver_once  # (outbound imports this module)

    now = chaser.clock.now()
    with transaction(chaser.engine) as session:
        person = session.get(Person, person_id) if person_id else _person(session, channel=channel, account=account)
        if person is None or channel in (person.unreachable or {}):
            return None
        person.unreachable = {**(person.unreachable or {}), channel: reason}
        notices = _notices(session, person=person, channel=channel, reason=reason, now=now)
        name = person.name
    log.warning("%s: %s cannot be reached there (%s); requests go by email", channel, name, reason)
    for notice in notices:
        deliver_once(chaser=chaser, message=notice, kind=NOTICE_KIND)
    return name


def clear(*, chaser: Chaser, channel: str, account: str) -> str | None:
    """The person can be reached on ``channel`` again (they unblocked the bot); their name if they were flagged."""
    with transaction(chaser.engine) as session:
        person = _person(session, channel=channel, account=account)
        if person is None or channel not in (person.unreachable or {}):
            return None
        person.unreachable = {k: v for k, v in (person.unreachable or {}).items() if k != channel}
        name = person.name
    log.info("%s: %s can be reached there again", channel, name)
    return name
