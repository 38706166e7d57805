"""The transactional outbox: outbound messages stored with the work that decided them, sent after.

A confirmation, a clarifying question or a notice is written as a ``Delivery`` row, message and
all, in the same transaction as the processing that produced it: a crash after that commit, or a
failed send, leaves the row for :func:`dispatch` to send later. Retries back off (and never come
sooner than a platform's ``Retry-After``); after ``outbox_max_attempts`` the row is given up and the
plan's coordinator is told.
"""

from __future__ import annotations

import base64
import logging
from dataclasses import asdict, dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from sqlalchemy import update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, or_, select

from bot.ports import ActionPrompt, Attachment, OutboundMessage
from store.db import transaction
from store.models import Delivery, Person

if TYPE_CHECKING:
    from bot.bootstrap import Chaser

log = logging.getLogger(__name__)

FIRST_WAIT = timedelta(minutes=1)
# How long a message taken for sending stays with its sender: if the sender dies before marking it
# sent or failed, another sends it after this (once more, with the same key and Message-ID).
SENDING_LEASE = timedelta(minutes=10)  # CHASER_OUTBOX_CLAIM_SECONDS in the service
LONGEST_WAIT = timedelta(hours=6)
NOTICE_KIND = "notice"  # a notice about a message given up is never itself the subject of a notice


def to_payload(message: OutboundMessage) -> dict[str, Any]:
    """The message as JSON (attachments in base64)."""
    data = asdict(message)
    data["attachments"] = [{"filename": a.filename, "mime_type": a.mime_type,
                            "content": base64.b64encode(a.content).decode("ascii")} for a in message.attachments]
    return data


def from_payload(data: dict[str, Any]) -> OutboundMessage:
    """The message stored by :func:`to_payload`."""
    names = set(OutboundMessage.__dataclass_fields__)
    values = {k: v for k, v in data.items() if k in names}  # ("not_before" is the outbox's own note)
    values["attachments"] = tuple(Attachment(filename=a["filename"], mime_type=a["mime_type"],
                                             content=base64.b64decode(a["content"]))
                                  for a in values.get("attachments", []))
    values["actions"] = tuple(ActionPrompt(**a) for a in values.get("actions", []))
    return OutboundMessage(**values)


def backoff(attempts: int) -> timedelta:
    """How long to wait after ``attempts`` failures: 1, 3, 9, 27 minutes..., at most 6 hours."""
    return min(FIRST_WAIT * 3 ** max(attempts - 1, 0), LONGEST_WAIT)


def enqueue(session: Session, *, message: OutboundMessage, kind: str, now: datetime) -> Delivery:
    """Store ``message`` to be sent, in the caller's transaction; the existing row if its key is known."""
    if not message.key:
        raise ValueError("an outbox message needs a key")
    row = session.exec(select(Delivery).where(Delivery.key == message.key)).first()
    if row is not None:
        if row.payload is None and row.state != "sent":
            row.payload = to_payload(message)
        return row
    row = Delivery(key=message.key, kind=kind, person_id=message.person_id, channel=message.channel,
                   payload=to_payload(message), created_at=now, next_attempt_at=now)
    try:
        with session.begin_nested():
            session.add(row)
            session.flush()
    except IntegrityError:  # another worker stored it a moment ago
        row = session.exec(select(Delivery).where(Delivery.key == message.key)).one()
    return row


def take(session: Session, *, row: Delivery, now: datetime, lease: timedelta = SENDING_LEASE) -> bool:
    """Take ``row`` for sending (state ``sending`` until ``now`` + :data:`SENDING_LEASE`), unless another
    worker took it first: a compare-and-set on the state and attempts it was read with, so two
    senders (threads, or `chaser serve` processes sharing PostgreSQL) never both send it.

    Returns:
        True if this caller now sends it; commit before sending, so others see the claim.
    """
    if row.state == "sending" and row.next_attempt_at is not None and row.next_attempt_at > now:
        return False  # another sender holds it, and its lease has not run out
    taken = session.execute(update(Delivery).where(
        col(Delivery.id) == row.id, col(Delivery.state) == row.state, col(Delivery.attempts) == row.attempts,
        or_(col(Delivery.state) != "sending", col(Delivery.next_attempt_at) <= now),
    ).values(state="sending", next_attempt_at=now + lease, call_started_at=None))
    if not taken.rowcount:  # type: ignore[attr-defined]
        return False
    session.refresh(row)
    return True


def record_failure(session: Session, *, row: Delivery, error: str, retry_after: float | None, permanent: bool,
                   now: datetime, max_attempts: int) -> None:
    """Count a failed attempt and schedule the next one; give up at the limit (or at once if permanent)."""
    row.attempts += 1
    row.last_error = error[:500]
    wait = backoff(row.attempts)
    if retry_after is not None:
        wait = max(wait, timedelta(seconds=retry_after))
        if row.payload is not None:
            row.payload = {**row.payload, "not_before": (now + timedelta(seconds=retry_after)).isoformat()}
    row.next_attempt_at = now + wait
    if permanent or row.attempts >= max_attempts:
        row.state = "gave_up"
        if row.kind != NOTICE_KIND:
            _tell_coordinators(session, row=row, now=now)
    else:
        row.state = "failed"


def not_before(row: Delivery) -> datetime | None:
    """The earliest time the platform allowed another try (its Retry-After), if it set one."""
    value = (row.payload or {}).get("not_before")
    return datetime.fromisoformat(value) if value else None


def coordinators(session: Session, *, besides: int | None) -> list[tuple[Person, str]]:
    """The coordinators to tell about ``besides`` (never that person themself), by id, each with
    their email address (those without one cannot be told)."""
    return [(p, p.email) for p in session.exec(select(Person).order_by(col(Person.id)))
            if "coordinator" in p.roles and p.email and p.id != besides]


def _tell_coordinators(session: Session, *, row: Delivery, now: datetime) -> None:
    person = session.get(Person, row.person_id) if row.person_id else None
    who = person.name if person is not None else "someone"
    subject = str((row.payload or {}).get("subject") or row.kind)
    for coordinator, address in coordinators(session, besides=row.person_id):
        text = (f"Chaser could not send a {row.kind} to {who} ({row.channel}) after {row.attempts} attempts "
                f"and has stopped trying. The last error was: {row.last_error or 'unknown'}.\n"
                f"Subject: {subject}\nPlease contact {who} another way.")
        notice = OutboundMessage(channel="email", recipient=address, subject=f"Chaser: could not reach {who}",
                                 text=text, person_id=coordinator.id, key=f"gave-up:{row.key}:{coordinator.id}",
                                 kind=NOTICE_KIND)
        enqueue(session, message=notice, kind=NOTICE_KIND, now=now)
        log.warning("gave up sending %s %s; told coordinator %s", row.kind, row.key, coordinator.id)


@dataclass
class Dispatched:
    """What one pass of the dispatcher did."""

    sent: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    gave_up: list[str] = field(default_factory=list)


def due(session: Session, *, now: datetime, channels: list[str]) -> list[int]:
    """Ids of the stored messages whose (next) attempt is due, on channels this process can send on
    (a ``sending`` row is due only when its sender's lease ran out: the sender died mid-send)."""
    rows = session.exec(select(Delivery.id).where(
        # ("sending" whose lease ran out: its sender died between taking it and marking it)
        col(Delivery.state).in_(["pending", "failed", "sending"]), col(Delivery.payload).is_not(None),
        col(Delivery.channel).in_(channels),
        or_(col(Delivery.next_attempt_at).is_(None), col(Delivery.next_attempt_at) <= now),
    ).order_by(col(Delivery.id)))
    return [i for i in rows if i is not None]


def dispatch(*, chaser: Chaser) -> Dispatched:
    """Send every due message in the outbox once (the scheduler calls this every minute)."""
    from bot.outbound import deliver_once

    result = Dispatched()
    with transaction(chaser.engine) as session:
        ids = due(session, now=chaser.clock.now(), channels=list(chaser.channels))
    for row_id in ids:
        with transaction(chaser.engine) as session:
            row = session.get(Delivery, row_id)
            if row is None or row.payload is None or row.state not in ("pending", "failed", "sending"):
                continue
            message, kind = from_payload(row.payload), row.kind
        if deliver_once(chaser=chaser, message=message, kind=kind):
            first = message.text.splitlines()[0] if message.text else ""
            result.sent.append(f"{message.channel} to {message.recipient}: {first}")
            continue
        with transaction(chaser.engine) as session:
            state = session.get(Delivery, row_id)
            if state is not None and state.state == "sent":
                continue  # (it had arrived: its sender died before marking it, and the platform said so)
            (result.gave_up if state is not None and state.state == "gave_up" else result.failed).append(
                message.key or "")
    return result
