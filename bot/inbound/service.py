"""The service's front door: store every inbound message first, then process it, once, from the store."""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from sqlalchemy import update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from bot import outbox
from bot.inbound import figures, isolation, quick, router, strangers
from bot.inbound.extractor import extract
from bot.inbound.figure_replies import handle_figures
from bot.inbound.trust import held
from bot.inbound.trust.attribution import attribute
from bot.inbound.trust.sanity import believable_date, readable_part, storable, storable_json
from bot.messages import answered_request, plan_title, reply_message
from bot.ports import InboundMessage as Inbound
from bot.ports import OutboundMessage
from store.db import is_lock_error, retry_on_lock, transaction
from store.models import InboundMessage, Person, Plan, Request, Round

if TYPE_CHECKING:
    from bot.bootstrap import Chaser

log = logging.getLogger(__name__)
CHAT_CHANNELS = ("slack", "teams", "telegram", "console", "web")
OUTBOX_CHANNELS = ("email", "slack", "teams", "telegram")  # replies sent by a channel (not shown on screen)
# Messages that are not the person's own words as written (an adapter says so in a header): kept,
# answered, and never read as progress. Header -> (route, answer).
NOT_OWN_WORDS: dict[str, tuple[str, str]] = {
    "edited": ("edited", "I saw that you edited a message. Each message is read once, when it arrives, so the edit "
                         "changed nothing that was recorded. If your update has changed, send the correction as a new "
                         "message (or reply UNDO to reverse the last thing recorded)."),
    "forwarded": ("forwarded", "That message was forwarded ({about}), so I haven't recorded it as your update: "
                               "it may be someone else's words. If it is your progress, send it to me again in "
                               "your own words (you can copy its text)."),
    "media": ("no_words", "Thanks, but I can only read words, so nothing was recorded from {about}. Please write your "
                          "update as a message, for example \"7.4 complete on 12 June\" or \"7.6 delayed to the end "
                          "of July\"."),
}
SET_ASIDE = {route: answer for route, answer in NOT_OWN_WORDS.values()}
_IN_HAND: set[int] = set()  # inbound ids being read by a thread of this process
_IN_HAND_LOCK = threading.Lock()


def _payload(message: Inbound) -> dict[str, Any]:
    """What a chat message carries besides its words: quick answers, where to answer, what was tapped."""
    out: dict[str, Any] = {}
    if message.quick:
        out["quick"] = quick.to_payload(message.quick)
    if message.conversation:
        out["conversation"] = message.conversation
    if message.thread:
        out["thread"] = message.thread
    return dict(storable_json(out))


def store_inbound(session: Session, *, chaser: Chaser, message: Inbound) -> InboundMessage | None:
    """Store ``message`` (state new, or already held/quarantined/ignored); None if it was stored before."""
    seen = session.exec(select(InboundMessage).where(InboundMessage.channel == message.channel,
                                                     InboundMessage.message_id == storable(message.message_id))).first()
    if seen is not None:
        return None
    now = chaser.clock.now()
    who = attribute(session, message=message, now=now, grace=timedelta(hours=chaser.settings.mail_grace_hours))
    person = who.person
    if person is not None and not who.problem and message.channel in (person.unreachable or {}):
        # They wrote from that platform, so it reaches them again (unblocked, though Telegram did not say).
        person.unreachable = {k: v for k, v in (person.unreachable or {}).items() if k != message.channel}
    row = InboundMessage(channel=message.channel, message_id=storable(message.message_id),
                         sender=storable(message.sender),
                         person_id=person.id if person else None,
                         request_id=who.request.id if who.request else None,
                         written_at=believable_date(message.written_at, now=now, settings=chaser.settings),
                         received_at=now, raw=storable(message.raw), raw_bytes=message.raw_bytes,
                         body=storable(message.text), payload=_payload(message))
    auto = message.headers.get("auto_reply") or message.headers.get("bounce")
    # the adapter could not read it safely: unparseable (malformed) or unreadable headers (quarantine)
    malformed = message.headers.get("malformed") or message.headers.get("quarantine")
    if malformed:
        row.state, row.reason = "quarantined", malformed
    elif auto:
        row.state, row.reason = "ignored", auto
        away = message.headers.get("away_until")
        if away and person is not None and who.tokened:  # never untokened, forged or mismatched
            person.away_until = date.fromisoformat(away)
            row.reason += f"; away until {away}"
    elif who.problem:
        row.state, row.reason = "quarantined", who.problem
    elif person is not None and (aside := _not_own_words(message)) is not None:
        row.payload = {**row.payload, "only": aside[0], "about": aside[1]}  # answered, never read as progress
    elif not message.text.strip() and not message.quick:
        row.state, row.reason = "ignored", "no text once quoting and signature were removed"
    elif who.hold and router.UNDO.match(message.text):
        row.state, row.reason = "quarantined", "UNDO without Chaser's reply reference is never applied"
    elif who.hold and person is not None and (harmless := _harmless_route(session, person=person, text=message.text)):
        # A question (or a thank-you) changes nothing, and the answer goes to the person's own
        # address, not to whoever forged the From header: answered without confirming, and read as
        # nothing else even if a question of ours is open.
        row.payload = {**row.payload, "only": harmless}
    elif who.hold:
        row.state, row.reason = "held", who.hold + "; asked the person to confirm"
    elif who.confirming is not None:
        row.reason = f"confirm:{who.confirming.id}"
    if row.state not in ("new", "held"):
        row.processed_at = now
    if row.state != "new":
        log.info("inbound %s %s: %s (%s)", message.channel, message.message_id, row.state, row.reason)
    try:
        with session.begin_nested():
            session.add(row)
            session.flush()
    except IntegrityError:  # stored by a concurrent worker
        return None
    if row.state == "held" and person is not None:
        held.ask_to_confirm(session, row=row, person=person, now=now)
    return row


def _not_own_words(message: Inbound) -> tuple[str, str] | None:
    """(route, what it was) when the adapter says the message is an edit, a forward or words-less media."""
    for header, (route, _) in NOT_OWN_WORDS.items():
        if message.headers.get(header):
            return route, str(message.headers[header])
    return None


def store_new(*, chaser: Chaser, message: Inbound) -> tuple[int | None, str, str]:
    """Store ``message`` in a short transaction of its own: its id, state and the state's reason, or
    (None, "", "") for a duplicate. Tried again briefly if another writer (a large import's batch)
    holds the lock."""

    def store() -> tuple[int | None, str, str]:
        with transaction(chaser.engine) as session:
            row = store_inbound(session, chaser=chaser, message=message)
            return (row.id, row.state, row.reason) if row is not None else (None, "", "")

    return retry_on_lock(store)


@dataclass(frozen=True)
class Received:
    """The outcome of taking one message: was it new, and what to send back."""

    duplicate: bool
    replies: list[OutboundMessage]


def receive(*, chaser: Chaser, message: Inbound) -> Received:
    """Store then process one message (a duplicate is recognised and changes nothing)."""
    row_id = store_new(chaser=chaser, message=message)[0]
    if row_id is None:
        log.info("duplicate %s message %s ignored", message.channel, message.message_id)
        return Received(duplicate=True, replies=[])
    return Received(duplicate=False, replies=process_inbound(chaser=chaser, inbound_id=row_id))


def handle_inbound(*, chaser: Chaser, message: Inbound) -> list[OutboundMessage]:
    """Store then process one message; the replies to deliver (none for a duplicate)."""
    return receive(chaser=chaser, message=message).replies


def process_pending(*, chaser: Chaser) -> list[OutboundMessage]:
    """Process every stored message still new (after a crash or restart), oldest first, each under a
    claim so that workers in this or another process never read the same one."""
    from bot.inbound.claims import Claimer

    claimer = Claimer(engine=chaser.engine)
    replies: list[OutboundMessage] = []
    busy: set[int] = set()  # left new (the database was busy): for the next sweep, not straight back
    try:
        while (inbound_id := claimer.claim_next(exclude=busy)) is not None:
            try:
                replies += process_inbound(chaser=chaser, inbound_id=inbound_id)
            finally:
                if claimer.release(inbound_id):
                    busy.add(inbound_id)
    finally:
        claimer.close()
    return replies


def _prepare(chaser: Chaser, inbound_id: int) -> tuple[router.Work, str] | None:
    """Read the stored message and decide its route (no writes)."""
    with transaction(chaser.engine) as session:
        row = session.get(InboundMessage, inbound_id)
        if row is None or row.state != "new" or row.person_id is None:
            return None
        person = session.get(Person, row.person_id)
        if person is None:
            return None
        request = session.get(Request, row.request_id) if row.request_id else _tapped_request(
            session, person_id=person.id or 0, thread=(row.payload or {}).get("thread"))
        waiting, asked = (request, True) if request else _waiting_request(session, person_id=person.id or 0)
        pending = router.pending_clarification(session, person_id=row.person_id, now=chaser.clock.now())
        text, cut = readable_part(row.body.strip(), limit=chaser.settings.reply_read_chars)
        work = router.Work(inbound_id=inbound_id, person=person, channel=row.channel, text=text,
                           written_at=row.written_at or row.received_at, now=chaser.clock.now(), request=waiting,
                           payload=dict(row.payload or {}))
        if cut:
            work.payload["cut"] = chaser.settings.reply_read_chars
        if row.reason.startswith("confirm:"):
            work.payload["confirm"] = int(row.reason.split(":", 1)[1])
            return work, "confirm"
        owned = figures.owned_indicators(session, person_id=person.id or 0, request=waiting) or \
            figures.owned_indicators(session, person_id=person.id or 0, request=None)
        if work.payload.get("quick"):  # (a web form's figures come as words beside its quick answers)
            day = work.written_at.astimezone(ZoneInfo(person.timezone or "Europe/London")).date()
            work.figures = figures.read_reply(work.text, indicators=owned, today=day) if owned else None
            return work, "quick"
        route = work.payload.get("only") or router.classify(text=work.text, person=person, pending=pending,
                                                            has_request=asked)
        earlier = pending.payload if pending is not None and pending.kind == "which_actions" else None
    tz = ZoneInfo(work.person.timezone or "Europe/London")
    local_day = work.written_at.astimezone(tz).date()
    if route == "question" and owned and not router.is_question(work.text) and \
            figures.read_reply(work.text, indicators=owned, today=local_day) is not None:
        route = "progress"  # a director giving their figures out of the blue ("LAC 163") is not asking
    if route in ("progress", "clarification") and owned:
        work.figures = figures.read_reply(work.text, indicators=owned, today=local_day)
    if route in ("progress", "clarification"):
        # The words about actions: the reply without the clauses read as figures (201 is not a percent).
        words = work.figures.rest if work.figures is not None else work.text
        work.extraction = extract(chaser, text=words, today=local_day)
    if earlier:
        when = datetime.fromisoformat(earlier["written_at"]).astimezone(tz)
        work.earlier = extract(chaser, text=earlier.get("text", ""), today=when.date())
    if route == "question":
        work.answer = _answer(chaser, work)
    return work, route


def _harmless_route(session: Session, *, person: Person, text: str) -> str | None:
    """``question`` or ``ack`` when an untokened message is one of those (nothing to apply), else None."""
    _, asked = _waiting_request(session, person_id=person.id or 0)
    route = router.classify(text=text.strip(), person=person, pending=None, has_request=asked)
    return route if route in ("question", "ack") else None


def _tapped_request(session: Session, *, person_id: int, thread: str | None) -> Request | None:
    """The chat request a tap (or a reply in its thread) was made on, by its platform message id,
    answered before or not, so every tap on it redraws it; None when it was on another message."""
    if not thread:
        return None
    return session.exec(select(Request).where(Request.person_id == person_id, Request.message_id == thread)).first()


def _waiting_request(session: Session, *, person_id: int) -> tuple[Request | None, bool]:
    """Without a token (chat, or a fresh email): the request still waiting for this person's answer,
    and whether any is waiting.

    When requests from two plans are waiting, the message is tied to neither: the refs it names
    decide, and a reply that names none gets the clarifying question, never a guess.
    """
    waiting = list(session.exec(select(Request).where(Request.person_id == person_id, Request.state == "sent",
                                                      col(Request.replied_at).is_(None))
                                .order_by(col(Request.id).desc())))
    if len({r.plan_id for r in waiting}) > 1:
        return None, True
    return (waiting[0] if waiting else None), bool(waiting)


def _answer(chaser: Chaser, work: router.Work) -> str:
    from bot.answers import answer_question  # (imported when a question comes: it loads the parser)

    answer = answer_question(chaser=chaser, question=work.text, plan_name=None, asker=work.person.name,
                             brief=work.channel in CHAT_CHANNELS)
    return str(answer.text)


def _apply(session: Session, work: router.Work, route: str) -> list[str]:
    if route in SET_ASIDE:  # an edit, a forward, a photo with no words: answered, nothing recorded
        return [SET_ASIDE[route].format(about=work.payload.get("about", ""))]
    if route == "confirm":
        texts, release = held.answer_confirmation(session, question_id=work.payload["confirm"], text=work.text,
                                                  now=work.now, message_id=str(work.inbound_id))
        work.payload["release"] = release
        return texts
    if route == "quick":
        texts, recorded = quick.handle_quick(session, work=work, answers=quick.from_payload(work.payload["quick"]))
        router.mark_replied(session, work=work, plan_ids={a.plan_id for a in recorded})
        work.recorded = recorded
        if work.figures is not None:
            work.figures.rest = ""  # the quick answers are the rest, recorded above
            texts += handle_figures(session, work=work)
        return texts
    if route == "ack":  # a thank-you: kept in the store, nothing recorded; no email back (no loops)
        return ["You're welcome."] if work.channel in CHAT_CHANNELS else []
    if route == "undo":
        return router.handle_undo(session, work=work)
    if route == "question":
        return [work.answer or ""]
    if route == "clarification":
        pending = router.pending_clarification(session, person_id=work.person.id or 0, now=work.now)
        if pending is not None and pending.kind == "figure":
            said = figures.answer_figure_question(session, pending=pending, person=work.person, text=work.text,
                                                  channel=work.channel, written_at=work.written_at,
                                                  inbound_id=work.inbound_id, now=work.now)
            if said is not None:
                return [said]
        if pending is not None:
            answered = router.handle_clarification(session, work=work, pending=pending)
            if answered is not None:
                return answered
            pending.resolved_at = work.now  # not an answer: drop the question, read it afresh
        route = router.classify(text=work.text, person=work.person, pending=None, has_request=work.request is not None)
        if route == "question" and work.figures is None:
            return ["Thanks. Please ask that again now that the earlier question is closed."]
    if route == "no_change":
        return router.handle_no_change(session, work=work)
    if work.figures is not None:
        return handle_figures(session, work=work)
    assert work.extraction is not None
    return router.handle_progress(session, work=work, text=work.text, extraction=work.extraction,
                                  inbound_id=work.inbound_id)


def process_inbound(*, chaser: Chaser, inbound_id: int) -> list[OutboundMessage]:
    """Process one stored message exactly once; returns the replies to deliver.

    The replies are also written to the outbox in the same transaction as the processing, so a
    crash or a failed send never loses them (see :mod:`bot.outbox`). In one process, a message is
    read by one thread at a time: the worker, the start-up sweep and the IMAP loop's sweep may all
    find it ``new``, and a second reader would count as a crashed attempt (two set it aside).
    """
    with _IN_HAND_LOCK:
        if inbound_id in _IN_HAND:
            return []  # another thread of this process is reading it now
        _IN_HAND.add(inbound_id)
    try:
        return _process(chaser=chaser, inbound_id=inbound_id)
    finally:
        with _IN_HAND_LOCK:
            _IN_HAND.discard(inbound_id)


def _process(*, chaser: Chaser, inbound_id: int) -> list[OutboundMessage]:
    try:
        if strangers.is_stranger(chaser, inbound_id=inbound_id):
            return strangers.process_stranger(chaser=chaser, inbound_id=inbound_id)
        if not isolation.start_reading(chaser, inbound_id):
            return []
        with isolation.deadline(chaser.settings.read_timeout_seconds):
            prepared = _prepare(chaser, inbound_id)
        if prepared is None:
            return []
        work, route = prepared
        # A short write transaction, tried again briefly if another writer holds the lock.
        replies = retry_on_lock(lambda: _record(chaser, work=work, route=route))
        release = work.payload.get("release")
        return replies + (process_inbound(chaser=chaser, inbound_id=release) if release else [])
    except Exception as exc:  # one bad message never stops the service
        if is_lock_error(exc):  # busy, not broken: left new for the next sweep, the attempt not counted
            log.warning("inbound message %s: database busy; left for the next sweep", inbound_id)
            with transaction(chaser.engine) as session:
                session.execute(update(InboundMessage).where(col(InboundMessage.id) == inbound_id,
                                                             col(InboundMessage.read_attempts) > 0)
                                .values(read_attempts=InboundMessage.read_attempts - 1, processed_at=None))
            return []
        log.exception("inbound message %s could not be processed", inbound_id)
        with transaction(chaser.engine) as session:
            row = session.get(InboundMessage, inbound_id)
            if row is not None:
                isolation.set_aside(session, row=row, reason=f"{type(exc).__name__}: {exc}", now=chaser.clock.now())
        return []


def _record(chaser: Chaser, *, work: router.Work, route: str) -> list[OutboundMessage]:
    """Claim the message, apply it and write its replies to the outbox: one transaction."""
    work.notes.clear()  # (a retry after a lock starts afresh)
    work.recorded.clear()
    with transaction(chaser.engine) as session:
        claimed = session.execute(update(InboundMessage)
                                  .where(col(InboundMessage.id) == work.inbound_id, col(InboundMessage.state) == "new")
                                  .values(state="processed", reason=route, processed_at=chaser.clock.now()))
        if not claimed.rowcount:  # type: ignore[attr-defined]
            return []  # another worker processed it
        texts = _apply(session, work, route)
        if work.payload.get("cut"):
            note = (f"(Your message was long, so I read only its first {work.payload['cut']:,} characters; "
                    "the whole message is kept.)")
            texts = [f"{texts[0]}\n{note}", *texts[1:]] if texts else [note]
        return _replies(session, chaser=chaser, work=work, texts=texts)


def _replies(session: Session, *, chaser: Chaser, work: router.Work, texts: list[str]) -> list[OutboundMessage]:
    row = session.get(InboundMessage, work.inbound_id)
    assert row is not None
    subject, token = "Chaser: your update", None
    if work.request is not None:
        plan, rnd = session.get(Plan, work.request.plan_id), session.get(Round, work.request.round_id)
        if plan is not None and rnd is not None:
            subject = f"Re: Progress on your actions: {plan_title(plan)} ({rnd.key})"
        token = work.request.token
    recipient = row.sender if row.channel in ("email", "slack", "teams", "telegram") else None
    conversation = (row.payload or {}).get("conversation")
    replies = [reply_message(person=work.person, channel=row.channel, recipient=recipient, text=text,
                             key=f"reply:{work.inbound_id}:{n}", subject=subject, token=token,
                             in_reply_to=row.message_id if row.channel == "email" else None,
                             conversation=conversation)
               for n, text in enumerate(texts) if text]
    thread = (row.payload or {}).get("thread")
    if work.recorded and thread and work.request is not None:
        edited = answered_request(session, request=work.request, recorded=work.recorded, channel=row.channel,
                                  key=f"edit:{work.inbound_id}", replace=thread, conversation=conversation)
        if edited is not None:
            replies.insert(0, edited)
    for reply in replies:  # the transactional outbox: sent after the commit, retried if that fails
        if reply.channel in OUTBOX_CHANNELS and reply.key:
            outbox.enqueue(session, message=reply, kind="reply", now=chaser.clock.now())
    return replies
