"""`chaser email ingest FILE|-` in its own process: store one message, process it, reply.

A `chaser serve` on this machine takes the message over its socket (:mod:`adapters.email.pipe`),
calling :func:`store_for_service` itself. Otherwise the pipe comes here (:func:`ingest_here`): while
a `chaser serve` runs elsewhere on the same database (:mod:`bot.inbound.presence`), it only stores
the message with that same function and exits, and the service's inbound worker processes it; so
a burst of replies never waits on the NLP layer's start-up once per message. The modules that only
processing needs are imported by :func:`ingest_bytes` itself, not at the top, to keep that path short.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from sqlalchemy.exc import InterfaceError, OperationalError
from sqlmodel import select

from adapters.email.reading import read_message
from bot.inbound.intake import accept
from bot.inbound.sent_text import sent_lookup
from store.db import transaction
from store.models import InboundMessage

if TYPE_CHECKING:
    from bot.bootstrap import Chaser
    from store.settings import Settings


@dataclass
class IngestResult:
    """What happened to the message."""

    message_id: str
    state: str
    reason: str = ""
    duplicate: bool = False
    replies: list[str] = field(default_factory=list)
    recovered: int = 0
    handed_over: bool = False  # stored for the running service's worker, not processed here
    inbound_id: int | None = None  # the stored row (when only stored: the worker processes it)

    def summary(self) -> str:
        """One line for the message, one per reply sent."""
        if self.duplicate:
            head = f"message {self.message_id}: already received, nothing done"
        elif self.handed_over and self.state == "new":
            head = f"message {self.message_id}: stored; the running service will process it"
        else:
            head = f"message {self.message_id}: {self.state}" + (f" ({self.reason})" if self.reason else "")
        lines = [head] + [f"  replied by {r}" for r in self.replies]
        if self.recovered:
            lines.append(f"  also finished {self.recovered} message(s) left unprocessed earlier")
        return "\n".join(lines)


EX_TEMPFAIL = 75  # sysexits.h: the MTA keeps the message and tries again later


@contextmanager
def temporary_failures() -> Iterator[None]:
    """Turn "the database is unreachable" into exit status 75, so an MTA pipe retries the message
    later instead of bouncing it (nothing was stored, so nothing is lost or repeated)."""
    try:
        yield
    except (OperationalError, InterfaceError) as exc:
        print(f"chaser: error: database unavailable ({type(exc.orig).__name__}); try again later", file=sys.stderr)
        raise SystemExit(EX_TEMPFAIL) from None


def ingest_here(*, settings: Settings, raw: bytes, today: date | None) -> str:
    """Take the message in this process (no service answered on the pipe's socket): store it for a
    service running elsewhere on this database, or store and process it when none runs. Exits 75
    when the database is down, so the MTA retries later."""
    from bot.bootstrap import build
    from bot.inbound.presence import service_running
    from store.clock import FixedClock

    clock = FixedClock.on(today) if today else None
    with temporary_failures():
        # No migration check and no channels for this first look: a running service has done both.
        chaser = build(settings=settings, clock=clock, migrate=False, sends=False)
        if service_running(engine=chaser.engine):
            result = store_for_service(chaser=chaser, raw=raw)  # its inbound worker processes it
        else:
            chaser.engine.dispose()
            result = ingest_bytes(chaser=build(settings=settings, clock=clock), raw=raw)
        return result.summary()


def ingest_bytes(*, chaser: Chaser, raw: bytes) -> IngestResult:
    """Store, process and answer one raw message.

    The new message is stored (and committed) before anything else is done, whatever its bytes;
    only then is it processed, then anything a crash left unprocessed, then the outbox's due
    messages (held-message confirmations, retries) are sent.
    """
    from bot.inbound.service import process_pending, receive
    from bot.outbound import deliver_replies
    from bot.outbox import dispatch

    message = read_message(raw, received=chaser.clock.now(), trusted=chaser.settings.trusted_authserv_ids,
                           sent=sent_lookup(chaser))
    received = receive(chaser=chaser, message=message)
    with transaction(chaser.engine) as session:
        row = session.exec(select(InboundMessage).where(InboundMessage.channel == "email",
                                                        InboundMessage.message_id == message.message_id)).one()
        state, reason = row.state, row.reason
    replies = deliver_replies(chaser=chaser, replies=received.replies)
    recovered = deliver_replies(chaser=chaser, replies=process_pending(chaser=chaser))
    replies += dispatch(chaser=chaser).sent
    return IngestResult(message_id=message.message_id, state=state, reason=reason, duplicate=received.duplicate,
                        replies=replies, recovered=len(recovered))


def store_for_service(*, chaser: Chaser, raw: bytes) -> IngestResult:
    """Store one raw message (once: a re-delivery is recognised) and commit; nothing else.

    For use while a `chaser serve` runs: its inbound worker picks up every stored message that is
    still ``new`` and processes it exactly once (``process_stored``). What can be decided on
    arrival is decided here as always (an automatic reply ignored, a forgery quarantined, an
    untokened message held and its confirmation queued in the outbox).
    """
    message = read_message(raw, received=chaser.clock.now(), trusted=chaser.settings.trusted_authserv_ids,
                           sent=sent_lookup(chaser))
    accepted = accept(chaser=chaser, message=message)
    return IngestResult(message_id=message.message_id, state=accepted.state, reason=accepted.reason,
                        duplicate=accepted.duplicate, handed_over=True, inbound_id=accepted.inbound_id)
