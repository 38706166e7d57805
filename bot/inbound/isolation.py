"""Keeping one message from stopping the others: a deadline on reading it, a limit on how often a
message that stopped the process is tried again, and the coordinator told when one is set aside."""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

from sqlalchemy import update
from sqlmodel import Session, col

from bot import outbox
from bot.ports import OutboundMessage
from store.db import transaction
from store.models import InboundMessage, Person

if TYPE_CHECKING:
    from bot.bootstrap import Chaser

MAX_READ_ATTEMPTS = 2  # a message that stopped the process twice while being read is set aside


class ReadTimeout(Exception):
    """Reading one message took longer than ``read_timeout_seconds``."""


@contextmanager
def deadline(seconds: float) -> Iterator[None]:
    """Raise :class:`ReadTimeout` in the block after ``seconds`` (main thread, where the OS allows it).

    Elsewhere (the service's worker thread) the block runs unbounded, and the read-attempt limit
    keeps a message that never finishes from being tried again and again after restarts.
    """
    usable = hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
    if not usable:
        yield
        return

    def _expired(_signum: int, _frame: Any) -> None:
        raise ReadTimeout(f"reading took longer than {seconds:g} s")

    previous = signal.signal(signal.SIGALRM, _expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def tell_about_failure(session: Session, *, row: InboundMessage, reason: str, now: datetime) -> None:
    """Tell the coordinators (and the sender, when known) that a message was set aside unread."""
    sender = session.get(Person, row.person_id) if row.person_id else None
    who = sender.name if sender is not None else row.sender or "an unknown sender"
    for person, address in outbox.coordinators(session, besides=None):
        text = (f"Chaser could not read a message from {who} ({row.channel}, {row.message_id}): {reason}. "
                "It is kept word for word and nothing from it was recorded; please read it and update the plan "
                "by hand, or ask them to send it again.")
        outbox.enqueue(session, now=now, kind=outbox.NOTICE_KIND, message=OutboundMessage(
            channel="email", recipient=address, subject=f"Chaser: a message from {who} needs you",
            text=text, person_id=person.id, key=f"failed-inbound:{row.id}:{person.id}", kind=outbox.NOTICE_KIND))
    if sender is not None and sender.email and row.channel == "email":
        outbox.enqueue(session, now=now, kind=outbox.NOTICE_KIND, message=OutboundMessage(
            channel="email", recipient=sender.email, subject="Chaser: your message could not be read",
            text=("Sorry: Chaser could not read your message, so nothing from it was recorded. It is kept, and "
                  "the plan's coordinator has been told."),
            person_id=sender.id, key=f"failed-inbound:{row.id}:sender", kind=outbox.NOTICE_KIND,
            in_reply_to=row.message_id))


def start_reading(chaser: Chaser, inbound_id: int) -> bool:
    """Count an attempt at reading a new message; False if another reader has it in hand now, or (and
    it is set aside) after too many attempts.

    A message that stopped the process while being read (killed, out of memory) would otherwise
    be tried again after every restart and block those behind it. Only a reader's own attempt is
    counted: a start is a compare-and-set that also stamps when it began (``processed_at``, empty
    until then), and while that stamp is younger than twice the read timeout the message is in
    another reader's hands (the MTA pipe, another instance), which is not a crash.
    """
    now = chaser.clock.now()
    lease = timedelta(seconds=2 * chaser.settings.read_timeout_seconds)
    with transaction(chaser.engine) as session:
        row = session.get(InboundMessage, inbound_id)
        if row is None or row.state != "new":
            return True
        started = row.processed_at
        if started is not None and started.tzinfo is None:  # (SQLite gives naive UTC back)
            started = started.replace(tzinfo=UTC)
        if started is not None and started > now - lease:
            return False  # another reader started it moment ago
        if row.read_attempts >= MAX_READ_ATTEMPTS:
            set_aside(session, row=row, now=now, reason=f"reading it did not finish in {row.read_attempts} attempts")
            return False
        claimed = session.execute(update(InboundMessage).where(
            col(InboundMessage.id) == inbound_id, col(InboundMessage.state) == "new",
            col(InboundMessage.read_attempts) == row.read_attempts,
        ).values(read_attempts=row.read_attempts + 1, processed_at=now))
        return bool(claimed.rowcount)  # type: ignore[attr-defined]


def set_aside(session: Session, *, row: InboundMessage, reason: str, now: datetime) -> None:
    """Mark ``row`` failed with the reason, and tell the coordinator (and the sender)."""
    row.state, row.reason, row.processed_at = "failed", reason[:500], now
    tell_about_failure(session, row=row, reason=reason, now=now)
