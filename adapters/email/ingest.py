"""`chaser email ingest FILE|-`: take one message from a file or an MTA pipe, store it, process it, reply."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy.exc import InterfaceError, OperationalError
from sqlmodel import select

from adapters.email.parse import parse_email
from bot.inbound.sent_text import sent_lookup
from bot.inbound.service import process_pending, receive
from bot.outbound import deliver_replies
from store.db import transaction
from store.errors import ChaserError
from store.models import InboundMessage

if TYPE_CHECKING:
    from bot.bootstrap import Chaser


@dataclass
class IngestResult:
    """What happened to the message."""

    message_id: str
    state: str
    reason: str = ""
    duplicate: bool = False
    replies: list[str] = field(default_factory=list)
    recovered: int = 0

    def summary(self) -> str:
        """One line for the message, one per reply sent."""
        if self.duplicate:
            head = f"message {self.message_id}: already received, nothing done"
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


def read_source(source: str) -> bytes:
    """The raw message from a file, or from stdin for ``-``."""
    if source == "-":
        raw = sys.stdin.buffer.read()
    else:
        path = Path(source)
        if not path.is_file():
            raise ChaserError(f"{source}: no such file (give a saved .eml, or - to read the message from stdin)")
        raw = path.read_bytes()
    if not raw.strip():
        raise ChaserError(f"{'stdin' if source == '-' else source}: the message is empty")
    return raw


def ingest_bytes(*, chaser: Chaser, raw: bytes) -> IngestResult:
    """Store, process and answer one raw message."""
    recovered = process_pending(chaser=chaser)  # finish anything a crash left behind, first
    replies_recovered = deliver_replies(chaser=chaser, replies=recovered)
    message = parse_email(raw, received=chaser.clock.now(), sent=sent_lookup(chaser))
    received = receive(chaser=chaser, message=message)
    with transaction(chaser.engine) as session:
        row = session.exec(select(InboundMessage).where(InboundMessage.channel == "email",
                                                        InboundMessage.message_id == message.message_id)).one()
        state, reason = row.state, row.reason
    return IngestResult(message_id=message.message_id, state=state, reason=reason, duplicate=received.duplicate,
                        replies=deliver_replies(chaser=chaser, replies=received.replies),
                        recovered=len(replies_recovered))


def ingest_file(*, chaser: Chaser, source: str) -> IngestResult:
    """`chaser email ingest`: one RFC 5322 message from ``source`` (a path, or ``-`` for stdin)."""
    return ingest_bytes(chaser=chaser, raw=read_source(source))
