"""Delivering outbound messages: pick each person's channel, and send keyed messages exactly once."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from html import escape
from typing import TYPE_CHECKING

from sqlalchemy import update
from sqlmodel import Session, col

from bot import outbox
from bot.lookup import CHAT_ID_FIELDS
from bot.messages import address_of
from bot.ports import Channel, OutboundMessage, SendError
from store.db import transaction
from store.models import Delivery, Person

if TYPE_CHECKING:
    from bot.bootstrap import Chaser

log = logging.getLogger(__name__)

CHAT_CHANNELS = tuple(CHAT_ID_FIELDS)  # in the order a person without a chosen channel is tried
SEND_TRIES = 4  # a message is tried this many times in one go (429s and 5xx), then left for the next run
LONGEST_WAIT = 120.0  # a platform asking for a longer wait than this is retried on the next run instead


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


def send_now(*, chaser: Chaser, message: OutboundMessage, calling: Callable[[bool], None] | None = None) -> str:
    """Send ``message`` on its channel within the platform's limits; returns the platform's id.

    Waits as the channel's declared limits require (one message per conversation every
    ``per_conversation_interval`` seconds, ``overall_per_second`` on the channel) and as a 429 asks
    (``Retry-After``), backs off on 5xx, and tries ``SEND_TRIES`` times in all. ``calling(True)`` runs
    just before each platform call and ``calling(False)`` when the platform refused it: between the
    two the message may be at the platform (see :func:`deliver_once`).

    Raises:
        SendError: The platform refused for good (``permanent``), or kept failing.
    """
    channel = channels(chaser).get(message.channel)
    if channel is None:
        raise SendError(f"channel {message.channel!r} is not configured in this process", permanent=True)
    interval = float(getattr(channel, "per_conversation_interval", 0.0) or 0.0)
    overall = getattr(channel, "overall_per_second", None)
    conversation = message.conversation or message.recipient
    for attempt in range(1, SEND_TRIES + 1):
        chaser.limiter.wait(channel.name, conversation, interval=interval, overall=overall)
        if calling is not None:
            calling(True)
        try:
            return channel.send(message)
        except SendError as exc:
            if calling is not None and exc.answered:
                calling(False)
            wait = exc.retry_after if exc.retry_after is not None else float(2 ** (attempt - 1))
            if exc.permanent or attempt == SEND_TRIES or wait > LONGEST_WAIT:
                raise
            log.info("%s send of %s: %s; retrying in %.1f s", channel.name, message.key, exc.reason, wait)
            chaser.limiter.hold(channel.name, wait)
    raise AssertionError("unreachable")


def email_instead(*, session: Session, message: OutboundMessage, reason: str) -> OutboundMessage | None:
    """The same message by email, for a person a chat platform says it cannot reach (None without an
    address). The text says why, so the person knows to look at their chat account."""
    person = session.get(Person, message.person_id) if message.person_id else None
    if person is None or not person.email or message.channel == "email" or message.replace:
        return None  # (an edit of an earlier chat message has nothing to say by email)
    return with_fallback_note(replace(message, channel="email", recipient=person.email, conversation=None,
                                      replace=None, key=f"{message.key}:email" if message.key else None),
                              tried=message.channel, reason=reason)


def with_fallback_note(message: OutboundMessage, *, tried: str, reason: str) -> OutboundMessage:
    """``message`` (an email) with a closing line saying which chat platform refused it and why: the
    platform's reason may say what to do (a Teams lead without the app is told how to add it)."""
    note = f"(We tried to send this in {tried.title()}, which said: {reason}. It comes by email instead.)"
    html = message.html
    if html is not None:
        paragraph = f"<p>{escape(note)}</p>"
        html = html.replace("</body>", paragraph + "</body>", 1) if "</body>" in html else html + paragraph
    return replace(message, text=f"{message.text.rstrip()}\n\n{note}\n", html=html)


@dataclass(frozen=True)
class Claimed:
    """A Delivery row taken for sending; ``in_doubt_since`` is when its last sender began a platform
    call that never came back (the sender died in it): the message may be at the platform already."""

    row_id: int
    in_doubt_since: datetime | None


def _claim(session: Session, *, key: str, kind: str, message: OutboundMessage, now: datetime,
           lease: timedelta) -> Claimed | None:
    """The Delivery row for ``key`` (created if new, with the message kept for retries), taken for
    sending; None if it was sent already, was given up, the platform asked us to wait (Retry-After)
    until later, or another worker (in this process or another) is sending it now."""
    row = outbox.enqueue(session, message=message, kind=kind, now=now)
    if row.state in ("sent", "rerouted", "gave_up", "used"):
        return None
    wait_until = outbox.not_before(row)
    if wait_until is not None and wait_until > now:
        return None
    # (``failed`` with a call begun: the call ended without an answer, a time-out, so it may have arrived)
    in_doubt = row.call_started_at if row.state in ("sending", "failed") else None
    if not outbox.take(session, row=row, now=now, lease=lease):
        return None
    assert row.id is not None
    return Claimed(row_id=row.id, in_doubt_since=in_doubt)


def _settle_doubt(chaser: Chaser, claimed: Claimed, message: OutboundMessage, kind: str) -> bool:
    """For a message whose last sender died inside the platform call: True if the platform shows it
    arrived (then it is marked sent, not sent again). Otherwise it is sent again and counted: a
    platform that cannot be asked (Telegram, Teams) may show it twice; an email keeps its Message-ID."""
    since = claimed.in_doubt_since
    if since is None or message.replace:
        return False  # (an edit in place is the same edit when repeated)
    channel = channels(chaser).get(message.channel)
    ask = getattr(channel, "delivered", None)
    found: str | None = None
    if ask is not None:
        try:
            found = ask(message, since=since)
        except SendError as exc:  # the platform could not say: sending again is the safer error
            log.warning("%s %s: could not ask %s whether it arrived (%s)", kind, message.key, message.channel,
                        exc.reason)
    if found is not None:
        _mark_sent(chaser, claimed.row_id, platform_id=found)
        log.info("%s %s: its sender died mid-send; %s shows it arrived, so it is not sent again",
                 kind, message.key, message.channel)
        return True
    with transaction(chaser.engine) as session:
        row = session.get(Delivery, claimed.row_id)
        if row is None:
            return False
        row.resent_in_doubt += 1
    log.warning("%s %s: its sender died while %s had it; sending again (%s)", kind, message.key,
                message.channel, "same Message-ID" if message.channel == "email" else "it may show twice")
    return False


def deliver_once(*, chaser: Chaser, message: OutboundMessage, kind: str) -> bool:
    """Send ``message`` unless a message with its key was sent already; True if it went now.

    The Delivery row is written before sending and marked sent after, so a crash in between
    leads to one resend with the same key (and so the same email Message-ID), never to none.
    """
    if not message.key:
        raise ValueError("deliver_once needs a message with a key")
    with transaction(chaser.engine) as session:
        claimed = _claim(session, key=message.key, kind=kind, message=message, now=chaser.clock.now(),
                         lease=timedelta(seconds=chaser.settings.outbox_claim_seconds))
    if claimed is None or _settle_doubt(chaser, claimed, message, kind):
        return False
    row_id = claimed.row_id

    def calling(started: bool) -> None:
        with transaction(chaser.engine) as session:
            session.execute(update(Delivery).where(col(Delivery.id) == row_id)
                            .values(call_started_at=chaser.clock.now() if started else None))

    try:
        platform_id = send_now(chaser=chaser, message=message, calling=calling)
    except SendError as exc:
        if exc.unreachable and message.person_id is not None:
            from bot import reach

            reach.flag(chaser=chaser, channel=message.channel, reason=exc.reason, person_id=message.person_id)
        if exc.permanent:
            with transaction(chaser.engine) as session:
                fallback = email_instead(session=session, message=message, reason=exc.reason)
            if fallback is not None:
                log.warning("%s %s: %s unreachable (%s); sent by email", kind, message.key, message.channel, exc.reason)
                _finish(chaser, row_id, state="rerouted")  # never retried on chat: it went by email
                return deliver_once(chaser=chaser, message=fallback, kind=kind)
        log.warning("could not send %s %s: %s", kind, message.key, exc.reason)
        _failed(chaser, row_id, error=exc.reason, retry_after=exc.retry_after, permanent=exc.permanent)
        return False
    except Exception as exc:
        log.warning("could not send %s %s: %s", kind, message.key, type(exc).__name__)
        _failed(chaser, row_id, error=type(exc).__name__, retry_after=None, permanent=False)
        return False
    _mark_sent(chaser, row_id, platform_id=platform_id)
    return True


def _mark_sent(chaser: Chaser, row_id: int, *, platform_id: str) -> None:
    """The row's message is at the platform, as ``platform_id`` (sent now, or found there after its
    sender died)."""
    with transaction(chaser.engine) as session:
        sent = session.get(Delivery, row_id)
        if sent is not None:
            sent.attempts += 1
            sent.state = "sent"
            sent.message_id = platform_id or ""
            sent.sent_at = chaser.clock.now()
            sent.call_started_at = None


def _failed(chaser: Chaser, row_id: int | None, *, error: str, retry_after: float | None, permanent: bool) -> None:
    with transaction(chaser.engine) as session:
        row = session.get(Delivery, row_id)
        if row is not None:
            outbox.record_failure(session, row=row, error=error, retry_after=retry_after, permanent=permanent,
                                  now=chaser.clock.now(), max_attempts=chaser.settings.outbox_max_attempts)


def _finish(chaser: Chaser, row_id: int | None, *, state: str) -> None:
    with transaction(chaser.engine) as session:
        row = session.get(Delivery, row_id)
        if row is not None:
            row.attempts += 1
            row.state = state


ON_SCREEN = ("web",)  # answers whose confirmation is the page that took them: shown there, never sent


def deliver_replies(*, chaser: Chaser, replies: list[OutboundMessage]) -> list[str]:
    """Send the service's replies once each; returns a line per reply sent. A reply to a web answer
    is not sent: the page that took the answer shows it (it was once emailed, as a failed 'web' send)."""
    sent = []
    for reply in replies:
        if reply.channel in ON_SCREEN:
            continue
        if deliver_once(chaser=chaser, message=reply, kind="reply"):
            sent.append(f"{reply.channel} to {reply.recipient}: {reply.text.splitlines()[0] if reply.text else ''}")
    return sent
