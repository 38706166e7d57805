"""Telegram updates translated into the service's InboundMessage: a private message in words, or a
tap on a request's inline keyboard. Pure translation: no database, no Bot API calls."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from telegram import Bot, Message, Update

from adapters.telegram.channel import message_ref
from adapters.telegram.keyboard import DETAILS, Tap, read_tap
from bot.inbound import router
from bot.inbound.extractor import refs_in
from bot.ports import InboundMessage, QuickAnswer

CHANNEL = "telegram"
# All Chaser asks Telegram for: messages, their edits (answered, never applied), taps, and the
# private chat's status (my_chat_member: the lead blocked or unblocked the bot).
ALLOWED_UPDATES = ("message", "edited_message", "callback_query", "my_chat_member")
GROUP_NOTICE = ("I only talk in private chats, so I don't read or answer anything about the plan here. "
                "Please open a private chat with me{bot} and write there.")
# What a message with no words carried (the first found names it in the answer).
MEDIA = (("photo", "a photo"), ("voice", "a voice message"), ("video_note", "a video message"), ("video", "a video"),
         ("audio", "an audio file"), ("document", "a file"), ("sticker", "a sticker"), ("animation", "a GIF"),
         ("venue", "a place"), ("location", "a location"), ("contact", "a contact"), ("poll", "a poll"),
         ("dice", "a dice roll"))
DETAILS_PROMPT = ("Details for {ref}: reply to this message with the revised date, how far along it is "
                  "(a percent) and a note, in your own words. For example: \"60% done, now expected by "
                  "30 Sep; waiting on IT\".")
PROMPT_REF = re.compile(r"^Details for (\S+?):")
UNPARSED = "unparsed"  # api_kwargs key of an update python-telegram-bot could not read


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
    notice: str = ""  # said once in a group that addressed the bot: talk to me in private
    blocked: bool | None = None  # my_chat_member in the private chat: True blocked, False unblocked


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


def translate(update: Update, *, now: datetime, bot_id: int | None = None, awaiting: str | None = None,
              bot_username: str | None = None) -> Incoming:
    """The InboundMessage for ``update``.

    Args:
        update: The update as python-telegram-bot parsed it.
        now: The time of a tap (a callback query carries no date of its own).
        bot_id: The bot's own user id (a reply to its "Details" prompt names the action).
        awaiting: The ref of an action whose details were asked for in this chat and not yet given.
        bot_username: The bot's username (a group message that mentions it gets a "talk to me in private").
    """
    if update.api_kwargs.get(UNPARSED) is not None:
        return unreadable(update, now=now)
    if update.callback_query is not None:
        return _tap(update, now=now)
    if update.my_chat_member is not None:
        return _membership(update)
    message = update.message or update.edited_message
    if message is None:  # (a channel post, or a kind Chaser did not ask for)
        return Incoming(update_id=update.update_id, message=None, skipped="not a private message or a tap")
    user = message.from_user
    if message.chat.type != "private":  # requests go to private chats only; group talk is never kept or read
        return Incoming(update_id=update.update_id, message=None, skipped=f"a {message.chat.type} chat",
                        chat_id=str(message.chat.id),
                        notice=GROUP_NOTICE.format(bot=f" (@{bot_username})" if bot_username else "")
                        if update.message is not None and addressed(message, bot_id=bot_id,
                                                                    bot_username=bot_username) else "")
    if user is None or user.is_bot:
        return Incoming(update_id=update.update_id, message=None, skipped="not from a person")
    text = (message.text or message.caption or "").replace("\x00", "")
    ref = prompt_ref(message.reply_to_message, bot_id=bot_id) or awaiting
    if ref and update.message is not None and not forwarded(message):
        text = about(ref, text)
    headers = {}
    if update.edited_message is not None:
        headers["edited"] = "an edited message"
    elif (origin := forwarded(message)):
        headers["forwarded"] = origin
    elif not text.strip() and (media := media_of(message)):
        headers["media"] = media
    inbound = InboundMessage(channel=CHANNEL, message_id=str(update.update_id), sender=str(user.id), text=text,
                             written_at=(message.edit_date or message.date) if update.edited_message else message.date,
                             raw=raw_json(update), conversation=str(message.chat.id), headers=headers)
    return Incoming(update_id=update.update_id, message=inbound, chat_id=str(message.chat.id))


def forwarded(message: Message) -> str:
    """Whose message this forwards, in words ("from Jane Jones"); "" when it is not a forward.
    Bot API 7.0 gives ``forward_origin``; older payloads ``forward_from``/``forward_date`` (kept by
    python-telegram-bot in ``api_kwargs``)."""
    origin = message.forward_origin
    legacy = message.api_kwargs
    if origin is None and not any(key in legacy for key in ("forward_date", "forward_from", "forward_from_chat",
                                                            "forward_sender_name")):
        return ""
    user = getattr(origin, "sender_user", None)
    chat = getattr(origin, "sender_chat", None) or getattr(origin, "chat", None)
    name = getattr(origin, "sender_user_name", None)
    if user is not None:
        return f"from {user.full_name}"
    if chat is not None:
        return f"from {chat.title or chat.full_name or 'a chat'}"
    if name:
        return f"from {name}"
    old = legacy.get("forward_from") or legacy.get("forward_from_chat") or {}
    if isinstance(old, dict):
        who = " ".join(str(old.get(k, "")) for k in ("first_name", "last_name")).strip() or old.get("title")
        if who:
            return f"from {who}"
    return "from someone else"


def media_of(message: Message) -> str:
    """What a message with no words carried, in words ("a voice message"); "" for none Chaser knows
    (a service message, say: kept and left unanswered, like any message with nothing to read)."""
    for attribute, words in MEDIA:
        if getattr(message, attribute, None):
            return words
    return ""


def addressed(message: Message, *, bot_id: int | None, bot_username: str | None) -> bool:
    """Was a group message meant for the bot: a command, a mention of it, or a reply to it?"""
    text = message.text or message.caption or ""
    replied = message.reply_to_message
    if replied is not None and replied.from_user is not None and bot_id is not None and replied.from_user.id == bot_id:
        return True
    if text.startswith("/"):  # "/status", or "/status@this_bot" (not a command to another bot)
        command = text.split(maxsplit=1)[0]
        return "@" not in command or bool(bot_username and command.split("@", 1)[1].lower() == bot_username.lower())
    return bool(bot_username and f"@{bot_username.lower()}" in text.lower())


def _membership(update: Update) -> Incoming:
    """The lead blocked (``kicked``) or unblocked (``member``) the bot in their private chat."""
    change = update.my_chat_member
    assert change is not None
    if change.chat.type != "private":  # added to or removed from a group: nothing to do
        return Incoming(update_id=update.update_id, message=None, skipped=f"membership of a {change.chat.type} chat")
    status = change.new_chat_member.status
    blocked = True if status in ("kicked", "left") else False if status == "member" else None
    return Incoming(update_id=update.update_id, message=None, chat_id=str(change.chat.id), blocked=blocked,
                    skipped=f"the bot's status in the private chat is now {status}")


def parse(data: dict[str, Any], bot: Bot | None) -> Update:
    """The Update in ``data``; one python-telegram-bot cannot read (a field it requires is missing,
    as in the Bot API page's own examples) comes back as a bare update with the JSON kept under
    ``api_kwargs["unparsed"]``, to be stored as evidence and confirmed rather than block the rest.

    Raises:
        ValueError: ``data`` has no integer ``update_id`` (not an update at all).
    """
    try:
        update = Update.de_json(data, bot)
    except Exception as exc:
        update_id = data.get("update_id") if isinstance(data, dict) else None
        if not isinstance(update_id, int) or isinstance(update_id, bool):
            raise ValueError("not a Telegram update (no update_id)") from exc
        return Update(update_id=update_id, api_kwargs={UNPARSED: data, "error": f"{type(exc).__name__}: {exc}"})
    if update is None:
        raise ValueError("not a Telegram update")
    return update


def unreadable(update: Update, *, now: datetime) -> Incoming:
    """An update Chaser could not make sense of, kept as evidence (it records nothing), so that it
    is stored and confirmed rather than blocking the updates behind it."""
    user = update.effective_user
    chat = update.effective_chat
    unparsed = update.api_kwargs.get(UNPARSED)
    sender = user.id if user else None
    if isinstance(unparsed, dict):  # who sent it, as far as the JSON says
        inner = next((v for v in unparsed.values() if isinstance(v, dict)), {})
        sender = (inner.get("from") or {}).get("id") if isinstance(inner.get("from"), dict) else None
    try:
        raw = raw_json(update)
    except Exception:
        raw = json.dumps({"update_id": update.update_id})
    inbound = InboundMessage(channel=CHANNEL, message_id=str(update.update_id), sender=str(sender or ""),
                             text="", written_at=now, raw=raw, conversation=str(chat.id) if chat else None,
                             headers={"malformed": "python-telegram-bot could not read this update "
                                                   f"({update.api_kwargs.get('error', 'unknown shape')})"}
                             if unparsed is not None else {})
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
