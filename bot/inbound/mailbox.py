"""IMAP checkpoints: (UIDVALIDITY, last UID) per mailbox, advanced in the same transaction as each stored message."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlmodel import select

from bot.inbound.service import store_inbound
from bot.ports import InboundMessage as Inbound
from store.db import transaction
from store.models import MailboxCheckpoint

if TYPE_CHECKING:
    from bot.bootstrap import Chaser


@dataclass(frozen=True)
class Checkpoint:
    """Where reading a mailbox resumes."""

    uidvalidity: int
    last_uid: int


def resume_point(*, chaser: Chaser, mailbox: str, uidvalidity: int) -> int:
    """The last UID read from ``mailbox``; 0 (read everything again) if it is new or its UIDVALIDITY
    changed — then the Message-ID dedup keeps re-read messages from being processed twice."""
    with transaction(chaser.engine) as session:
        row = session.exec(select(MailboxCheckpoint).where(MailboxCheckpoint.mailbox == mailbox)).first()
        if row is None or row.uidvalidity != uidvalidity:
            return 0
        return row.last_uid


def store_with_checkpoint(*, chaser: Chaser, mailbox: str, uidvalidity: int, uid: int,
                          message: Inbound) -> int | None:
    """Store one fetched message and move the checkpoint past it, atomically.

    Returns:
        The stored message's id, or None if it was a duplicate (the checkpoint still moves on).
    """
    with transaction(chaser.engine) as session:
        row = store_inbound(session, chaser=chaser, message=message)
        point = session.exec(select(MailboxCheckpoint).where(MailboxCheckpoint.mailbox == mailbox)).first()
        if point is None:
            point = MailboxCheckpoint(mailbox=mailbox, uidvalidity=uidvalidity, last_uid=0)
        if point.uidvalidity != uidvalidity:
            point.uidvalidity, point.last_uid = uidvalidity, 0
        point.last_uid = max(point.last_uid, uid)
        point.updated_at = chaser.clock.now()
        session.add(point)
        return row.id if row is not None else None


def checkpoint(*, chaser: Chaser, mailbox: str) -> Checkpoint | None:
    """The stored checkpoint, if any."""
    with transaction(chaser.engine) as session:
        row = session.exec(select(MailboxCheckpoint).where(MailboxCheckpoint.mailbox == mailbox)).first()
        return Checkpoint(row.uidvalidity, row.last_uid) if row else None
