"""Outgoing mail: SMTP when CHASER_SMTP_URL is set, else .eml files in the local outbox folder."""

from __future__ import annotations

import logging
import re
import smtplib
import ssl
import threading
import time
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from pathlib import Path
from typing import Protocol
from urllib.parse import unquote, urlsplit

from store.clock import Clock, SystemClock
from store.errors import ChaserError
from store.settings import Settings

log = logging.getLogger(__name__)

TEMPORARY_SMTP_ERRORS = (smtplib.SMTPServerDisconnected, smtplib.SMTPConnectError, ConnectionError, TimeoutError)


class Mailer(Protocol):
    """Anything that can send one email message."""

    def send(self, message: EmailMessage) -> str:
        """Send ``message``; return its Message-ID."""
        ...




def prepare(message: EmailMessage, *, sender: str, clock: Clock) -> str:
    """Fill in From, Date, Message-ID and Auto-Submitted when missing; return the Message-ID."""
    if "From" not in message:
        message["From"] = sender
    if "Date" not in message:
        message["Date"] = format_datetime(clock.now())
    if "Message-ID" not in message:
        message["Message-ID"] = make_msgid(domain=sender.rsplit("@", 1)[-1] or "localhost")
    if "Auto-Submitted" not in message:
        message["Auto-Submitted"] = "auto-generated"
    return str(message["Message-ID"])


@dataclass
class OutboxMailer:
    """Writes each message to ``folder`` as an .eml file named after its Message-ID.

    Sending the same Message-ID twice rewrites the same file, so a retried send leaves one message.
    """

    folder: Path
    sender: str = "chaser@localhost"
    clock: Clock = SystemClock()  # noqa: RUF009  (stateless)

    def send(self, message: EmailMessage) -> str:
        message_id = prepare(message, sender=self.sender, clock=self.clock)
        self.folder.mkdir(parents=True, exist_ok=True)
        name = re.sub(r"[^A-Za-z0-9._-]+", "_", message_id.strip("<>"))
        path = self.folder / f"{name}.eml"
        tmp = path.with_suffix(".eml.tmp")
        tmp.write_bytes(bytes(message))
        tmp.replace(path)  # atomic: a crash never leaves half a message in the outbox
        log.info("mail to %s written to %s", message.get("To", "?"), path)
        return message_id


@dataclass
class SmtpMailer:
    """Sends through an SMTP server: ``smtp://``, ``smtp+starttls://`` or ``smtps://`` URLs.

    One connection is kept open and reused for the next message (a round's fan-out would otherwise
    pay a connection, TLS and login per message), closed after ``per_connection`` messages or
    ``idle_seconds`` without one, and on any error. Threads take turns on it.
    """

    url: str
    sender: str = "chaser@localhost"
    clock: Clock = SystemClock()  # noqa: RUF009
    attempts: int = 3
    backoff_seconds: float = 2.0
    timeout: float = 30.0
    per_connection: int = 100  # messages on one connection (servers cap it too: Postfix 100, Exchange Online 30)
    idle_seconds: float = 30.0  # an older idle connection is closed rather than found dead by the server
    _open: smtplib.SMTP | None = field(default=None, init=False, repr=False)
    _used: int = field(default=0, init=False, repr=False)
    _last: float = field(default=0.0, init=False, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, init=False, repr=False)

    def _connect(self) -> smtplib.SMTP:
        parts = urlsplit(self.url)
        scheme = parts.scheme.lower()
        host = parts.hostname or "localhost"
        if scheme == "smtps":
            smtp: smtplib.SMTP = smtplib.SMTP_SSL(host, parts.port or 465, timeout=self.timeout,
                                                 context=ssl.create_default_context())
        elif scheme in ("smtp", "smtp+starttls"):
            smtp = smtplib.SMTP(host, parts.port or (587 if scheme == "smtp+starttls" else 25), timeout=self.timeout)
            if scheme == "smtp+starttls":
                smtp.starttls(context=ssl.create_default_context())
        else:
            raise ChaserError(
                f"CHASER_SMTP_URL has scheme {scheme!r}: use smtp://, smtp+starttls:// or smtps://"
            )
        if parts.username:
            smtp.login(unquote(parts.username), unquote(parts.password or ""))
        return smtp

    def _connection(self) -> tuple[smtplib.SMTP, bool]:
        """The open connection (and False), or a new one (and True)."""
        if self._open is not None and time.monotonic() - self._last > self.idle_seconds:
            self._close()
        if self._open is not None:
            return self._open, False
        self._open, self._used = self._connect(), 0
        return self._open, True

    def _close(self) -> None:
        smtp, self._open = self._open, None
        if smtp is not None:
            try:
                smtp.quit()
            except (smtplib.SMTPException, OSError):
                smtp.close()

    def send(self, message: EmailMessage) -> str:
        message_id = prepare(message, sender=self.sender, clock=self.clock)
        with self._lock:
            attempt = 1
            while True:
                reused = False
                try:
                    smtp, fresh = self._connection()
                    reused = not fresh
                    smtp.send_message(message)
                except smtplib.SMTPResponseException as exc:
                    self._close()  # (a clean slate for the next message, whatever state the refusal left)
                    if 400 <= exc.smtp_code < 500 and attempt < self.attempts:
                        log.warning("SMTP temporary failure %s; retrying", exc.smtp_code)
                        time.sleep(self.backoff_seconds * attempt)
                        attempt += 1
                        continue
                    raise
                except TEMPORARY_SMTP_ERRORS as exc:
                    self._close()
                    if reused:  # the server had closed the kept connection: a new one, at once, not an attempt
                        log.info("SMTP connection was closed by the server (%s); reconnecting", type(exc).__name__)
                        continue
                    if attempt < self.attempts:
                        log.warning("SMTP connection problem (%s); retrying", type(exc).__name__)
                        time.sleep(self.backoff_seconds * attempt)
                        attempt += 1
                        continue
                    raise
                except BaseException:
                    self._close()
                    raise
                self._used += 1
                self._last = time.monotonic()
                if self._used >= self.per_connection:
                    self._close()
                log.info("mail %s sent to %s", message_id, message.get("To", "?"))
                return message_id


def mailer_from_settings(settings: Settings, *, clock: Clock | None = None) -> Mailer:
    """SMTP if CHASER_SMTP_URL is set, else the outbox folder (the embedded default)."""
    clock = clock or SystemClock()
    if settings.smtp_url is not None:
        return SmtpMailer(url=settings.smtp_url.get_secret_value(), sender=settings.email_from, clock=clock)
    return OutboxMailer(folder=settings.outbox_dir, sender=settings.email_from, clock=clock)
