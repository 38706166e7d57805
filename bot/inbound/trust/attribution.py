"""Who sent a message and whether to believe it: reply tokens, their expiry, and untokened email.

A reply token proves the message answers something Chaser sent to that person. Email without one
proves nothing by its From header alone: it is applied only when a trusted receiving server vouches
for the sender's domain (DMARC or aligned DKIM passed); otherwise it is held, and the person is
asked at their known address to confirm it ("reply YES to record it").
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlmodel import Session, col, select

from bot.inbound.strangers import LINKABLE
from bot.lookup import person_for_sender
from bot.ports import InboundMessage as Inbound
from store.models import Clarification, Person, Request

CONFIRM_KIND = "confirm_sender"


@dataclass(frozen=True)
class Attribution:
    """The sender, what their message answers, and what stops it being applied (empty: nothing)."""

    person: Person | None
    request: Request | None = None
    confirming: Clarification | None = None  # the "reply YES to record it" question this answers
    problem: str = ""  # quarantine
    hold: str = ""  # keep, and ask the person to confirm

    @property
    def tokened(self) -> bool:
        """Did a valid token show that the message answers something Chaser sent this person?"""
        return (self.request is not None or self.confirming is not None) and not self.problem


def token_expired(expires_at: datetime | None, *, now: datetime, arrival: datetime | None,
                  grace: timedelta) -> bool:
    """Expiry is judged by when the message was received, never by its own Date header.

    A message a trusted server received before the expiry (its Received header), but which reached
    Chaser later because a queue held it, still counts for ``grace`` after the expiry.
    """
    if expires_at is None or now <= expires_at:
        return False
    return not (arrival is not None and arrival <= expires_at and now <= expires_at + grace)


def _arrival(message: Inbound) -> datetime | None:
    value = message.headers.get("trusted_arrival")
    try:
        return datetime.fromisoformat(value) if value else None
    except ValueError:
        return None


def vouched(message: Inbound) -> bool:
    """A trusted server says DMARC or aligned DKIM passed for the From address's domain."""
    domain = message.sender.rpartition("@")[2].lower()
    domains = {d for d in message.headers.get("vouched_domains", "").split(",") if d}
    return bool(domain) and domain in domains


def attribute(session: Session, *, message: Inbound, now: datetime, grace: timedelta) -> Attribution:
    """Who sent ``message`` and what it answers; a problem quarantines it, a hold asks first."""
    sender = person_for_sender(session, channel=message.channel, sender=message.sender)
    if message.token:
        token = message.token.lower()
        request = session.exec(select(Request).where(Request.token == token)).first()
        confirming = None
        if request is None:
            confirming = session.exec(select(Clarification).where(Clarification.token == token)).first()
            if confirming is None:
                return Attribution(sender, problem="reply token not known (forged or mistyped)")
        owner = request.person_id if request is not None else confirming.person_id  # type: ignore[union-attr]
        if sender is None or sender.id != owner:
            return Attribution(sender, problem=f"sender {message.sender!r} is not the person the request went to")
        if request is not None and token_expired(request.expires_at, now=now, arrival=_arrival(message), grace=grace):
            return Attribution(sender, problem="reply token expired (judged by when the message was received)")
        if confirming is not None and confirming.resolved_at is not None:
            return Attribution(sender, problem="this confirmation was answered already")
        return Attribution(sender, request=request, confirming=confirming)
    if sender is None and message.channel in LINKABLE:
        return Attribution(None)  # a chat account not yet linked: processing explains, or links a code
    if sender is None:
        return Attribution(None, problem=f"unknown sender {message.sender!r}")
    if message.channel == "email" and not vouched(message):
        return Attribution(sender, hold="no reply reference, and no trusted mail server vouches for the sender")
    return Attribution(sender)


def open_confirmations(session: Session, *, person_id: int) -> list[Clarification]:
    """The person's held messages still waiting for a YES."""
    return list(session.exec(select(Clarification).where(
        Clarification.person_id == person_id, Clarification.kind == CONFIRM_KIND,
        col(Clarification.resolved_at).is_(None))))
