"""Outgoing mail: SMTP when CHASER_SMTP_URL is set, else .eml files in the local outbox folder."""

from __future__ import annotations

import logging
import re
import smtplib
import ssl
import time
from dataclasses import dataclass
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
    """Sends through an SMTP server: ``smtp://``, ``smtp+starttls://`` or ``smtps://`` URLs."""

    url: str
    sender: str = "chaser@localhost"
    clock: Clock = SystemClock()  # noqa: RUF009
    attempts: int = 3
    backoff_seconds: float = 2.0
    timeout: float = 30.0

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

    def send(self, message: EmailMessage) -> str:
        message_id = prepare(message, sender=self.sender, clock=self.clock)
        for attempt in range(1, self.attempts + 1):
            try:
                with self._connect() as smtp:
                    smtp.send_message(message)
                log.info("mail %s sent to %s", message_id, message.get("To", "?"))
                return message_id
            except smtplib.SMTPResponseException as exc:
                if 400 <= exc.smtp_code < 500 and attempt < self.attempts:
                    log.warning("SMTP temporary failure %s; retrying", exc.smtp_code)
                    time.sleep(self.backoff_seconds * attempt)
                    continue
                raise
            except TEMPORARY_SMTP_ERRORS as exc:
                if attempt < self.attempts:
                    log.warning("SMTP connection problem (%s); retrying", type(exc).__name__)
                    time.sleep(self.backoff_seconds * attempt)
                    continue
                raise
        raise AssertionError("unreachable")


def mailer_from_settings(settings: Settings, *, clock: Clock | None = None) -> Mailer:
    """SMTP if CHASER_SMTP_URL is set, else the outbox folder (the embedded default)."""
    clock = clock or SystemClock()
    if settings.smtp_url is not None:
        return SmtpMailer(url=settings.smtp_url.get_secret_value(), sender=settings.email_from, clock=clock)
    return OutboxMailer(folder=settings.outbox_dir, sender=settings.email_from, clock=clock)
