"""What adapters hand the service and what the service hands back: plain dataclasses, no SDK objects."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Protocol


@dataclass(frozen=True)
class Attachment:
    """A file sent with a message (a report's .docx, say)."""

    filename: str
    content: bytes
    mime_type: str = "application/octet-stream"


# The one-tap choices every channel offers beside each action, in this order, with their labels.
QUICK_CHOICES: tuple[tuple[str, str], ...] = (
    ("complete", "Done"), ("in_progress", "On track"), ("delayed", "Delayed"), ("blocked", "Blocked"))


@dataclass(frozen=True)
class QuickAnswer:
    """A structured answer about one action: a tapped button (Slack), an inline keyboard (Telegram),
    an Adaptive Card submit (Teams) or a signed one-tap link (web).

    Attributes:
        action_id: The action the answer is about (from the request the button was drawn for).
        status: ``complete``, ``in_progress``, ``delayed``, ``blocked`` or ``not_started``; None when
            only details were given (a revised date, a percent or a note).
        expected_by: A revised date, when given.
        percent_complete: 0-100, when given.
        note: Words typed beside the choice, kept as the lead's words.
    """

    action_id: int
    status: str | None = None
    expected_by: date | None = None
    percent_complete: int | None = None
    note: str = ""


@dataclass(frozen=True)
class ActionPrompt:
    """One open action as a request lists it, for channels that draw buttons beside each action."""

    action_id: int
    ref: str
    title: str
    due: str
    status: str
    last_update: str = ""
    link: str | None = None


@dataclass(frozen=True)
class FigurePrompt:
    """One indicator a request asks its owner to give a figure for (channels draw it beside the actions).

    Attributes:
        code: The indicator's code, or its measure where it has none.
        period: The period asked for, in words ("June 2006").
        last: The latest figure that stands, in words ("196 per 10,000 for May 2006"), "" for none.
        target: The target in words ("220 per 10,000 by 31 Mar 2007"), "" for none.
    """

    indicator_id: int
    code: str
    title: str
    period: str
    last: str = ""
    target: str = ""


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
        raw: The message as received, as text (kept as evidence; readable).
        raw_bytes: The message byte for byte, when the platform gives bytes (email): stored as is.
        token: The per-request reply token, when the channel carries one.
        in_reply_to: The id of the message this answers, when known.
        headers: Channel-specific facts the service may need (e.g. auto-reply markers).
        quick: One-tap answers carried by the message (a button tap, a card submit, a web link):
            each records exactly one update, through the same path as a reply in words.
        conversation: Where an answer goes back (Slack channel, Telegram chat, Teams conversation).
        thread: The platform id of the message the answer was given on (a request to edit in place).
    """

    channel: str
    message_id: str
    sender: str
    text: str
    written_at: datetime
    raw: str = ""
    token: str | None = None
    raw_bytes: bytes | None = None
    in_reply_to: str | None = None
    headers: Mapping[str, str] = field(default_factory=dict)
    quick: tuple[QuickAnswer, ...] = ()
    conversation: str | None = None
    thread: str | None = None


@dataclass(frozen=True)
class OutboundMessage:
    """One message to send to one person on one channel.

    Attributes:
        key: An idempotency key (e.g. ``request:42``); the same key always yields the same
            platform message id where the platform allows it (email Message-ID).
        kind: ``request``, ``reminder``, ``reply`` (confirmation, question back, answer),
            ``escalation``, ``report``, ``invite`` or ``message``.
        actions: The open actions a request or reminder lists, for one-tap buttons.
        figures: The indicators a request or reminder asks their owner to give figures for.
        conversation: The chat conversation to answer in, when it is not the person's direct one.
        replace: The platform id of an earlier message to edit in place (a request after a tap).
        link: The signed web page where the person can answer (the request's "Update..." link).
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
    kind: str = "message"
    actions: tuple[ActionPrompt, ...] = ()
    figures: tuple[FigurePrompt, ...] = ()
    conversation: str | None = None
    replace: str | None = None
    link: str | None = None


class SendError(Exception):
    """A channel could not deliver a message.

    Attributes:
        retry_after: Seconds the platform asked us to wait (429 Retry-After), or a backoff for a
            5xx; None when the channel gives no hint.
        permanent: Retrying cannot help (no such user, account deactivated, bot removed): the
            service falls back to email and says so.
        answered: The platform answered (a refusal, a 429, a 5xx): the message did not arrive. False
            when the call failed without an answer (unreachable, timed out): it may have arrived.
        unreachable: The platform says the person cannot be reached there at all (they blocked the
            bot): the person is flagged, and later messages go another way without trying it.
    """

    def __init__(self, reason: str, *, retry_after: float | None = None, permanent: bool = False,
                 answered: bool = True, unreachable: bool = False) -> None:
        super().__init__(reason)
        self.reason = reason
        self.retry_after = retry_after
        self.permanent = permanent or unreachable
        self.answered = answered
        self.unreachable = unreachable


class Channel(Protocol):
    """An adapter that can deliver an OutboundMessage; returns the platform's message id."""

    name: str

    def send(self, message: OutboundMessage) -> str:
        """Deliver ``message`` once; raise :class:`SendError` (or any error) so the caller can retry."""
        ...


def deterministic_message_id(key: str, *, sender: str) -> str:
    """The email Message-ID for the message with idempotency ``key``: a resend is recognisable.

    The service knows a request's Message-ID before it is sent (replies thread on it), so the rule
    lives here, beside the message types, and the email adapter uses it.
    """
    domain = sender.rsplit("@", 1)[-1].strip("> ") or "localhost"
    digest = hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]
    return f"<chaser.{digest}@{domain}>"
