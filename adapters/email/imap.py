"""Polling an IMAP mailbox (CHASER_IMAP_URL) for replies, resuming from the stored (UIDVALIDITY, UID)."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from threading import Event
from time import monotonic
from typing import TYPE_CHECKING
from urllib.parse import unquote, urlsplit

from imap_tools import AND, BaseMailBox, MailBox, MailBoxUnencrypted

from adapters.email.parse import parse_email
from bot.inbound.mailbox import resume_point, store_with_checkpoint
from bot.inbound.sent_text import sent_lookup
from bot.inbound.service import process_inbound
from bot.outbound import deliver_replies
from store.errors import ChaserError

if TYPE_CHECKING:
    from bot.bootstrap import Chaser

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ImapTarget:
    """Where to read: host, port, TLS or not, the account, and the folder."""

    host: str
    port: int
    tls: bool
    user: str
    password: str
    folder: str

    @property
    def name(self) -> str:
        """The checkpoint's key (no password in it)."""
        return f"{self.user}@{self.host}:{self.port}/{self.folder}"


def parse_imap_url(url: str) -> ImapTarget:
    """``imaps://user:pass@host:993/INBOX`` or ``imap://...`` (plain, for a local server)."""
    parts = urlsplit(url)
    if parts.scheme not in ("imap", "imaps"):
        raise ChaserError(f"CHASER_IMAP_URL has scheme {parts.scheme!r}: use imaps:// (or imap:// on a local network)")
    if not parts.hostname or not parts.username:
        raise ChaserError("CHASER_IMAP_URL needs a user and a host: imaps://user:password@host:993/INBOX")
    tls = parts.scheme == "imaps"
    return ImapTarget(host=parts.hostname, port=parts.port or (993 if tls else 143), tls=tls,
                      user=unquote(parts.username), password=unquote(parts.password or ""),
                      folder=unquote(parts.path.lstrip("/")) or "INBOX")


@dataclass
class PollResult:
    """What one poll did."""

    fetched: int = 0
    stored: int = 0
    duplicates: int = 0
    replies: list[str] = field(default_factory=list)


def _connect(target: ImapTarget) -> BaseMailBox:
    box: BaseMailBox = MailBox(target.host, target.port) if target.tls else MailBoxUnencrypted(target.host, target.port)
    return box.login(target.user, target.password, initial_folder=target.folder)


def poll_once(*, chaser: Chaser, url: str) -> PollResult:
    """Fetch every message after the checkpoint; store each with its UID, then process and reply.

    Messages are left unread and in place: the checkpoint, not the \\Seen flag, says what was read,
    so a person reading the mailbox by hand changes nothing.
    """
    target = parse_imap_url(url)
    result = PollResult()
    with _connect(target) as box:
        uidvalidity = int(box.folder.status(target.folder, ["UIDVALIDITY"])["UIDVALIDITY"])
        last = resume_point(chaser=chaser, mailbox=target.name, uidvalidity=uidvalidity)
        for msg in box.fetch(AND(uid=f"{last + 1}:*"), mark_seen=False, bulk=50):
            uid = int(msg.uid or 0)
            if uid <= last:  # "N:*" always returns the newest message, even when it is older than N
                continue
            result.fetched += 1
            try:
                inbound = parse_email(msg.obj.as_bytes(), received=chaser.clock.now(), sent=sent_lookup(chaser))
            except Exception:  # an unreadable message must not block the ones after it
                log.exception("IMAP message uid %s could not be parsed; skipped", uid)
                continue
            stored = store_with_checkpoint(chaser=chaser, mailbox=target.name, uidvalidity=uidvalidity, uid=uid,
                                           message=inbound)
            if stored is None:
                result.duplicates += 1
                continue
            result.stored += 1
            result.replies += deliver_replies(chaser=chaser, replies=process_inbound(chaser=chaser, inbound_id=stored))
    return result


IDLE_SLICE_SECONDS = 5.0  # short IDLE waits, so a stop request is noticed quickly


def wait_for_mail(*, chaser: Chaser, url: str, seconds: float, stop: Event) -> bool:
    """Wait up to ``seconds`` for new mail using IMAP IDLE (or just wait, if the server has no IDLE).

    Returns:
        True if the server announced new mail, False on timeout or stop.
    """
    deadline = monotonic() + seconds
    target = parse_imap_url(url)
    with _connect(target) as box:
        status = box.folder.status(target.folder, ["UIDVALIDITY", "UIDNEXT"])
        last = resume_point(chaser=chaser, mailbox=target.name, uidvalidity=int(status["UIDVALIDITY"]))
        if int(status["UIDNEXT"]) - 1 > last:
            return True  # mail arrived since the last poll, before this wait began
        if "IDLE" not in box.client.capabilities:
            stop.wait(seconds)
            return False
        while not stop.is_set():
            left = deadline - monotonic()
            if left <= 0:
                return False
            responses = box.idle.wait(timeout=min(IDLE_SLICE_SECONDS, left))
            if any(b"EXISTS" in r or b"RECENT" in r for r in responses):
                return True
    return False
