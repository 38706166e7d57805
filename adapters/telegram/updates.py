"""Telegram updates translated into the service's InboundMessage: a private message in words, or a
tap on a request's inline keyboard. Pure translation: no database, no Bot API calls."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import datetime

from telegram import Message, Update

from adapters.telegram.channel import message_ref
from adapters.telegram.keyboard import DETAILS, Tap, read_tap
from bot.inbound import router
from bot.inbound.extractor import refs_in
from bot.ports import InboundMessage, QuickAnswer

CHANNEL = "telegram"
ALLOWED_UPDATES = ("message", "callback_query")  # all Chaser asks Telegram for
DETAILS_PROMPT = ("Details for {ref}: reply to this message with the revised date, how far along it is "
                  "(a percent) and a note, in your own words. For example: \"60% done, now expected by "
                  "30 Sep; waiting on IT\".")
PROMPT_REF = re.compile(r"^Details for (\S+?):")


@dataclass(frozen=True)
class Incoming:
    """One update, as Chaser takes it.

    Attributes:
        update_id: Telegram's id of the update.
        message: What to store and hand the service; None when the update is nothing for Chaser
            (a group chat, a message from a bot), with ``skipped`` saying why.
        callback_id: The callback query to answer (every tap is answered).
        tap: What the tapped button said, when it was one of Chaser's.
        chat_id: The chat the update came from.
    """

    update_id: int
    message: InboundMessage | None
    callback_id: str | None = None
    tap: Tap | None = None
    chat_id: str | None = None
    skipped: str = ""


def raw_json(update: Update) -> str:
    """The update as JSON, kept as evidence."""
    return json.dumps(update.to_dict(), ensure_ascii=False, sort_keys=True)


def prompt_ref(message: Message | None, *, bot_id: int | None) -> str | None:
    """The action ref of a "Details for ..." prompt this message replies to, if it does."""
    if message is None or message.from_user is None or not message.from_user.is_bot:
        return None
    if bot_id is not None and message.from_user.id != bot_id:
        return None
    match = PROMPT_REF.match(message.text or "")
    return match.group(1) if match else None


def about(ref: str, text: str) -> str:
    """The details asked for after a "Details…" tap, with the action's ref put first, so the NLP
    reads them as about that action; left as written when they are not details (a command, UNDO,
    thanks, "no change", a question) or already name the action."""
    plain = text.strip()
    if (not plain or plain.startswith("/") or router.UNDO.match(plain) or router.ACK.match(plain)
            or router.NO_CHANGE.match(plain) or router.is_question(plain) or ref.lower() in refs_in(plain)):
        return text
    return f"{ref}: {text}"


def translate(update: Update, *, now: datetime, bot_id: int | None = None, awaiting: str | None = None) -> Incoming:
    """The InboundMessage for ``update``.

    Args:
        update: The update as python-telegram-bot parsed it.
        now: The time of a tap (a callback query carries no date of its own).
        bot_id: The bot's own user id (a reply to its "Details" prompt names the action).
        awaiting: The ref of an action whose details were asked for in this chat and not yet given.
    """
    if update.callback_query is not None:
        return _tap(update, now=now)
    message = update.message
    if message is None:
        return Incoming(update_id=update.update_id, message=None, skipped="not a message or a tap")
    user = message.from_user
    if user is None or user.is_bot:
        return Incoming(update_id=update.update_id, message=None, skipped="not from a person")
    if message.chat.type != "private":  # requests go to private chats only; group talk is not kept
        return Incoming(update_id=update.update_id, message=None, skipped=f"a {message.chat.type} chat")
    text = (message.text or message.caption or "").replace("\x00", "")
    ref = prompt_ref(message.reply_to_message, bot_id=bot_id) or awaiting
    if ref:
        text = about(ref, text)
    inbound = InboundMessage(channel=CHANNEL, message_id=str(update.update_id), sender=str(user.id), text=text,
                             written_at=message.date, raw=raw_json(update), conversation=str(message.chat.id))
    return Incoming(update_id=update.update_id, message=inbound, chat_id=str(message.chat.id))


def unreadable(update: Update, *, now: datetime) -> Incoming:
    """An update Chaser could not make sense of, kept as evidence (it records nothing), so that it
    is stored and confirmed rather than blocking the updates behind it."""
    user = update.effective_user
    chat = update.effective_chat
    try:
        raw = raw_json(update)
    except Exception:
        raw = json.dumps({"update_id": update.update_id})
    inbound = InboundMessage(channel=CHANNEL, message_id=str(update.update_id), sender=str(user.id) if user else "",
                             text="", written_at=now, raw=raw, conversation=str(chat.id) if chat else None)
    return Incoming(update_id=update.update_id, message=inbound, chat_id=str(chat.id) if chat else None)


def _tap(update: Update, *, now: datetime) -> Incoming:
    query = update.callback_query
    assert query is not None
    tapped = query.message
    chat_id = str(tapped.chat.id) if tapped is not None else str(query.from_user.id)
    thread = message_ref(tapped.chat.id, tapped.message_id) if tapped is not None else None
    tap = read_tap(query.data)
    quick: tuple[QuickAnswer, ...] = ()
    text = ""  # a tap on "Details…" or on a button Chaser did not draw is kept, and records nothing
    if tap is not None and tap.choice != DETAILS:
        quick = (QuickAnswer(action_id=tap.action_id, status=tap.choice),)
        text = f"{tap.ref}: {tap.label}"
    inbound = InboundMessage(channel=CHANNEL, message_id=str(update.update_id), sender=str(query.from_user.id),
                             text=text, written_at=now, raw=raw_json(update), quick=quick, conversation=chat_id,
                             thread=thread)
    return Incoming(update_id=update.update_id, message=inbound, callback_id=query.id, tap=tap, chat_id=chat_id)
