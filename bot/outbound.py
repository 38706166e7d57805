"""Delivering outbound messages: pick each person's channel, and send keyed messages exactly once."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from bot.messages import address_of
from bot.ports import Channel, OutboundMessage
from store.db import transaction
from store.models import Delivery, Person

if TYPE_CHECKING:
    from bot.bootstrap import Chaser

log = logging.getLogger(__name__)

CHAT_CHANNELS = ("slack", "teams", "telegram")


def channels(chaser: Chaser) -> dict[str, Channel]:
    """The channels this process can send on, as the composition root registered them."""
    return chaser.channels


def channel_for(person: Person, available: dict[str, Channel]) -> str | None:
    """Where requests to ``person`` go: their chosen channel, else their first chat account, else email."""
    choices = [person.channel] if person.channel else []
    choices += [c for c in CHAT_CHANNELS if c not in choices] + ["email"]
    for name in choices:
        if name in available and address_of(person, name):
            return name
    return None


def _claim(session: Session, *, key: str, kind: str, message: OutboundMessage) -> Delivery | None:
    """The pending Delivery row for ``key``, created if new; None if it was already sent."""
    row = session.exec(select(Delivery).where(Delivery.key == key)).first()
    if row is None:
        row = Delivery(key=key, kind=kind, person_id=message.person_id, channel=message.channel)
        try:
            with session.begin_nested():
                session.add(row)
        except IntegrityError:  # another worker created it a moment ago
            row = session.exec(select(Delivery).where(Delivery.key == key)).one()
    return None if row.state == "sent" else row


def deliver_once(*, chaser: Chaser, message: OutboundMessage, kind: str) -> bool:
    """Send ``message`` unless a message with its key was sent already; True if it went now.

    The Delivery row is written before sending and marked sent after, so a crash in between
    leads to one resend with the same key (and so the same email Message-ID), never to none.
    """
    if not message.key:
        raise ValueError("deliver_once needs a message with a key")
    with transaction(chaser.engine) as session:
        row = _claim(session, key=message.key, kind=kind, message=message)
        if row is None:
            return False
        row_id = row.id
    channel = channels(chaser).get(message.channel)
    try:
        if channel is None:
            raise RuntimeError(f"channel {message.channel!r} is not configured in this process")
        platform_id = channel.send(message)
    except Exception as exc:
        log.warning("could not send %s %s: %s", kind, message.key, type(exc).__name__)
        with transaction(chaser.engine) as session:
            failed = session.get(Delivery, row_id)
            if failed is not None:
                failed.attempts += 1
                failed.state = "failed"
        return False
    with transaction(chaser.engine) as session:
        sent = session.get(Delivery, row_id)
        if sent is not None:
            sent.attempts += 1
            sent.state = "sent"
            sent.message_id = platform_id or ""
            sent.sent_at = chaser.clock.now()
    return True


def deliver_replies(*, chaser: Chaser, replies: list[OutboundMessage]) -> list[str]:
    """Send the service's replies once each; returns a line per reply sent."""
    sent = []
    for reply in replies:
        if deliver_once(chaser=chaser, message=reply, kind="reply"):
            sent.append(f"{reply.channel} to {reply.recipient}: {reply.text.splitlines()[0] if reply.text else ''}")
    return sent
