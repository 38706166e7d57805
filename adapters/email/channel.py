"""The email channel: turns an OutboundMessage into a MIME message and hands it to the mailer."""

from __future__ import annotations

import smtplib
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import format_datetime

from adapters.email.mailer import Mailer
from bot.cycle.tokens import footer_token, plus_address
from bot.ports import OutboundMessage, SendError, deterministic_message_id
from store.clock import Clock


@dataclass
class EmailChannel:
    """Sends text with an HTML alternative, threading headers and a tokened Reply-To."""

    mailer: Mailer
    sender: str
    clock: Clock
    name: str = "email"

    def build(self, message: OutboundMessage) -> EmailMessage:
        """The MIME message for ``message`` (exposed so tests can look at headers)."""
        if not message.recipient:
            raise ValueError(f"no email address to send {message.subject!r} to")
        mail = EmailMessage()
        mail["From"] = self.sender
        mail["To"] = message.recipient
        mail["Subject"] = message.subject
        mail["Date"] = format_datetime(self.clock.now())
        if message.key:
            mail["Message-ID"] = deterministic_message_id(message.key, sender=self.sender)
        token = footer_token(message.text)
        if token:
            # The reply goes to chaser+TOKEN@..., so attribution survives a stripped footer.
            mail["Reply-To"] = plus_address(self.sender, token)
        if message.in_reply_to:
            mail["In-Reply-To"] = message.in_reply_to
            mail["References"] = message.in_reply_to
        mail["Auto-Submitted"] = "auto-generated"
        mail["X-Auto-Response-Suppress"] = "All"  # ask Exchange not to answer with out-of-office notes
        mail.set_content(message.text)
        if message.html:
            mail.add_alternative(message.html, subtype="html")
        for attachment in message.attachments:
            maintype, _, subtype = attachment.mime_type.partition("/")
            mail.add_attachment(attachment.content, maintype=maintype, subtype=subtype or "octet-stream",
                                filename=attachment.filename)
        return mail

    def send(self, message: OutboundMessage) -> str:
        """Send once; returns the Message-ID (the same one on a retry of the same key).

        Raises:
            SendError: The SMTP server answered with a refusal the mailer's own retries did not get
                past (the message did not go; the core retries it later). Other errors pass as they are.
        """
        try:
            return self.mailer.send(self.build(message))
        except smtplib.SMTPResponseException as exc:
            detail = exc.smtp_error.decode("utf-8", "replace") if isinstance(exc.smtp_error, bytes) else exc.smtp_error
            raise SendError(f"SMTP server refused the message: {exc.smtp_code} {detail}"[:300]) from None
