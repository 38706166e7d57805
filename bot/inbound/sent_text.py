"""What Chaser itself sent in the thread a reply answers: the request (and its reminder), rendered
again from the store in every state its actions have had, and the shapes of Chaser's confirmations.

The email adapter drops any line of a reply that is this text coming back as a quote, so Chaser's own
words ("Due: 30 Apr 2006 | Status: in progress", the example "7.4 complete on 12 June") are never
stored or read as the lead's progress, whatever the lead's mail client or language.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from sqlmodel import Session, col, select

from bot.answer_links import AnswerLinks
from bot.bootstrap import answer_links
from bot.cycle.requests import request_content
from bot.lookup import person_by_email
from bot.messages import RequestContent, plan_title, request_message
from store.db import transaction
from store.models import Action, Delivery, InboundMessage, Request, Update

if TYPE_CHECKING:
    from bot.bootstrap import Chaser

RECENT_REQUESTS = 3  # without a token or thread, the sender's latest requests are what they may quote
# The sentences Chaser's replies are made of (bot.inbound.router and replies): a quoted confirmation
# is never an answer. tests/email/test_sent_text.py renders real confirmations against these.
REPLY_SHAPES = tuple(re.compile(p, re.IGNORECASE) for p in (
    r"^thanks\s*[—–-]+\s*recorded\b",
    r"^thanks\s*[—–-]+\s*you have no open actions\b",
    r"\breply undo to reverse\b",
    r"^thanks\. which action is this about:",
    r"^(is|are) .{1,80} finished, or still in progress\?",
    r"\bis not one of your actions, so i left it alone\.$",
    r"^thanks\. please ask that again\b",
    r"^reply with each ref and its state\.$",
))


@dataclass(frozen=True)
class SentPiece:
    """One rendering of something Chaser sent.

    Attributes:
        body: The text, or the HTML when ``html`` is set.
        html: The body is the HTML alternative.
        ref: The one action this rendering lists (its lines belong to that action), or None for the
            message's frame (greeting, instructions, sign-off) or a rendering of the whole message.
        frame: This rendering lists no action at all: its lines are the message's frame.
    """

    body: str
    html: bool = False
    ref: str | None = None
    frame: bool = False


@dataclass(frozen=True)
class SentText:
    """Everything Chaser sent that a reply may quote back."""

    pieces: tuple[SentPiece, ...] = ()
    addresses: tuple[str, ...] = ()
    names: tuple[str, ...] = ("Chaser",)
    subjects: tuple[str, ...] = ()
    reply_shapes: tuple[re.Pattern[str], ...] = field(default=REPLY_SHAPES)
    refs: tuple[str, ...] = ()


SentLookup = Callable[[str | None, str | None, str], SentText]


def _states(session: Session, action: Action) -> list[Action]:
    """``action`` as it is now and as it was before each recorded update (what earlier messages showed)."""
    variants = [action]
    updates = session.exec(select(Update).where(Update.action_id == action.id).order_by(col(Update.id)))
    for upd in updates:
        before: dict[str, Any] = (upd.extraction or {}).get("previous") or {}
        if not before:
            continue
        changes: dict[str, Any] = {}
        for name in ("status", "percent_complete", "progress"):
            if name in before:
                changes[name] = before[name]
        for name in ("completed_on", "expected_by"):
            if name in before:
                changes[name] = date.fromisoformat(before[name]) if before[name] else None
        if "progress_at" in before:
            changes["progress_at"] = datetime.fromisoformat(before["progress_at"]) if before["progress_at"] else None
        variants.append(action.model_copy(update=changes))
    return variants


def _renderings(content: RequestContent, *, actions: list[Action], ref: str | None, frame: bool = False,
                reminder: bool = False) -> list[SentPiece]:
    pieces = []
    partial = RequestContent(plan=content.plan, round_key=content.round_key, person=content.person,
                             actions=actions, token=content.token, link=content.link)
    for as_reminder in (False, True) if reminder else (False,):
        message = request_message(content=partial, channel="email", key="sent-text", reminder=as_reminder)
        pieces.append(SentPiece(body=message.text, ref=ref, frame=frame))
        if message.html:
            pieces.append(SentPiece(body=message.html, html=True, ref=ref, frame=frame))
    return pieces


def request_pieces(session: Session, *, request: Request, content: RequestContent | None = None,
                   links: AnswerLinks | None = None) -> list[SentPiece]:
    """Every rendering of ``request`` its lead may have received (request and reminder, text and HTML,
    with its one-tap answer links when ``links`` is given, as they were sent; each action in every
    state it has had, since the request may be quoted after a change)."""
    content = content or request_content(session, request=request, links=links)
    if content is None:
        return []
    every = list(session.exec(select(Action).where(col(Action.id).in_(request.action_ids))))
    pieces = _renderings(content, actions=[], ref=None, frame=True, reminder=True)
    pieces += _renderings(content, actions=every, ref=None, reminder=True)
    for action in every:
        for variant in _states(session, action):
            pieces += _renderings(content, actions=[variant], ref=action.ref)
    return pieces


def _thread_requests(session: Session, *, token: str | None, in_reply_to: str | None,
                     sender: str) -> list[Request]:
    found: list[Request] = []
    if token:
        found += session.exec(select(Request).where(Request.token == token.lower()))
    if in_reply_to:
        found += session.exec(select(Request).where(Request.message_id == in_reply_to))
        delivery = session.exec(select(Delivery).where(Delivery.message_id == in_reply_to)).first()
        key = delivery.key.split(":") if delivery is not None else []
        if len(key) >= 2 and key[0] == "reply" and key[1].isdigit():  # our confirmation of an earlier reply
            inbound = session.get(InboundMessage, int(key[1]))
            if inbound is not None and inbound.request_id is not None:
                found += session.exec(select(Request).where(Request.id == inbound.request_id))
        elif len(key) >= 2 and key[0] == "reminder" and key[1].isdigit():
            found += session.exec(select(Request).where(Request.id == int(key[1])))
    person = person_by_email(session, address=sender) if sender else None
    if person is not None:
        found += session.exec(select(Request).where(Request.person_id == person.id)
                              .order_by(col(Request.id).desc()).limit(RECENT_REQUESTS))
    unique: dict[int, Request] = {}
    for request in found:
        if request.id is not None:
            unique.setdefault(request.id, request)
    return list(unique.values())


def sent_text_for(session: Session, *, token: str | None, in_reply_to: str | None, sender: str,
                  email_from: str, links: AnswerLinks | None = None) -> SentText:
    """What Chaser sent in the thread of a reply (found by its token, its In-Reply-To, or its sender)."""
    from bot.cycle.tokens import plus_address

    pieces: list[SentPiece] = []
    addresses = {email_from.lower()}
    subjects: set[str] = set()
    refs: list[str] = []
    for request in _thread_requests(session, token=token, in_reply_to=in_reply_to, sender=sender):
        addresses.add(plus_address(email_from, request.token).lower())
        content = request_content(session, request=request, links=links)
        if content is None:
            continue
        pieces += request_pieces(session, request=request, content=content)
        subjects.add(f"Progress on your actions: {plan_title(content.plan)} ({content.round_key})")
        refs += [a.ref for a in content.actions]
    return SentText(pieces=tuple(pieces), addresses=tuple(sorted(addresses)), subjects=tuple(sorted(subjects)),
                    refs=tuple(dict.fromkeys(refs)))


def sent_lookup(chaser: Chaser) -> SentLookup:
    """The lookup the email adapter calls with (token, In-Reply-To, sender address)."""
    def lookup(token: str | None, in_reply_to: str | None, sender: str) -> SentText:
        with transaction(chaser.engine) as session:
            return sent_text_for(session, token=token, in_reply_to=in_reply_to, sender=sender,
                                 email_from=chaser.settings.email_from, links=answer_links(chaser))
    return lookup
