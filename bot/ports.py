"""What adapters hand the service and what the service hands back: plain dataclasses, no SDK objects."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol


@dataclass(frozen=True)
class Attachment:
    """A file sent with a message (a report's .docx, say)."""

    filename: str
    content: bytes
    mime_type: str = "application/octet-stream"


@dataclass(frozen=True)
class InboundMessage:
    """One message received on any channel, translated from the platform's event.

    Attributes:
        channel: ``email``, ``slack``, ``teams``, ``telegram``, ``console`` or ``web``.
        message_id: The platform's unique id for this message (email Message-ID, Slack event_id,
            Telegram update_id...): the store keeps one row per (channel, message_id).
        sender: Who the platform says sent it (email address, Slack/Teams/Telegram user id,
            console/web person name).
        text: The reply as the person wrote it, quoted text and signatures removed.
        written_at: When it was written (email Date header, chat timestamp), timezone-aware.
        raw: The message exactly as received (kept as evidence).
        token: The per-request reply token, when the channel carries one.
        in_reply_to: The id of the message this answers, when known.
        headers: Channel-specific facts the service may need (e.g. auto-reply markers).
    """

    channel: str
    message_id: str
    sender: str
    text: str
    written_at: datetime
    raw: str = ""
    token: str | None = None
    in_reply_to: str | None = None
    headers: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class OutboundMessage:
    """One message to send to one person on one channel.

    Attributes:
        key: An idempotency key (e.g. ``request:42``); the same key always yields the same
            platform message id where the platform allows it (email Message-ID).
    """

    channel: str
    recipient: str
    subject: str
    text: str
    html: str | None = None
    person_id: int | None = None
    key: str | None = None
    in_reply_to: str | None = None
    attachments: tuple[Attachment, ...] = ()


class Channel(Protocol):
    """An adapter that can deliver an OutboundMessage; returns the platform's message id."""

    name: str

    def send(self, message: OutboundMessage) -> str:
        """Deliver ``message`` once; raise on failure so the caller can retry."""
        ...


def deterministic_message_id(key: str, *, sender: str) -> str:
    """The email Message-ID for the message with idempotency ``key``: a resend is recognisable.

    The service knows a request's Message-ID before it is sent (replies thread on it), so the rule
    lives here, beside the message types, and the email adapter uses it.
    """
    domain = sender.rsplit("@", 1)[-1].strip("> ") or "localhost"
    digest = hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]
    return f"<chaser.{digest}@{domain}>"
