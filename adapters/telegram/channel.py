"""The Telegram channel: one OutboundMessage becomes a sendMessage (with the request's inline
keyboard) or, for a request redrawn after a tap, an editMessageText; Bot API errors become SendError."""

from __future__ import annotations

import datetime as dt
import logging
import warnings
from typing import Any

from telegram import Bot, ForceReply, LinkPreviewOptions, Message
from telegram.error import BadRequest, ChatMigrated, Forbidden, InvalidToken, NetworkError, RetryAfter, TelegramError
from telegram.warnings import PTBDeprecationWarning

from adapters.telegram.client import BotClient
from adapters.telegram.keyboard import keyboard
from bot.ports import OutboundMessage, SendError

log = logging.getLogger(__name__)
MAX_TEXT = 4096  # Telegram's limit on one message's text
GONE = ("chat not found", "user is deactivated", "bot was blocked", "bot was kicked", "peer_id_invalid",
        "have no rights to send")
BLOCKED = ("bot was blocked", "user is deactivated", "bot was kicked")  # 403s: this person cannot be reached here
NO_PREVIEW = LinkPreviewOptions(is_disabled=True)
DETAILS_KIND = "details"  # a prompt for the revised date, percent and note: the answer comes as a reply


def message_ref(chat_id: int | str, message_id: int) -> str:
    """The platform id Chaser keeps for a Telegram message: ``<chat id>:<message id>``."""
    return f"{chat_id}:{message_id}"


def parse_ref(ref: str) -> tuple[int, int] | None:
    """``(chat id, message id)`` from :func:`message_ref`'s form; None if it is not one."""
    chat, _, message = ref.rpartition(":")
    try:
        return int(chat), int(message)
    except ValueError:
        return None


def chunks(text: str, limit: int = MAX_TEXT) -> list[str]:
    """``text`` in pieces Telegram accepts, split at line ends where possible."""
    pieces: list[str] = []
    rest = text.strip("\n") or " "
    while len(rest) > limit:
        cut = rest.rfind("\n", 0, limit)
        cut = cut if cut > limit // 2 else limit
        pieces.append(rest[:cut].rstrip("\n"))
        rest = rest[cut:].lstrip("\n")
    return [*pieces, rest]


def retry_seconds(exc: RetryAfter) -> float:
    """The wait a 429 asked for, in seconds (python-telegram-bot gives an int or a timedelta)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PTBDeprecationWarning)
        value: Any = exc.retry_after
    return value.total_seconds() if isinstance(value, dt.timedelta) else float(value)


def send_error(exc: TelegramError, client: BotClient) -> SendError:
    """The SendError the core understands for a Bot API error."""
    reason = client.redact(str(exc))
    if isinstance(exc, RetryAfter):
        return SendError(f"Telegram asked to wait: {reason}", retry_after=retry_seconds(exc))
    if isinstance(exc, Forbidden) and any(word in reason.lower() for word in BLOCKED):
        return SendError(f"Telegram refused: {reason}", unreachable=True)
    if isinstance(exc, Forbidden | ChatMigrated | InvalidToken):
        return SendError(f"Telegram refused: {reason}", permanent=True)
    if isinstance(exc, BadRequest):
        # A request Telegram will never accept as it stands (no such chat, text it refuses).
        return SendError(f"Telegram refused: {reason}", permanent=True)
    # Timeouts and lost connections have no answer (the message may have arrived); 5xx do.
    return SendError(f"Telegram unavailable: {reason}", answered=not isinstance(exc, NetworkError))


class TelegramChannel:
    """Sends Chaser's messages as the bot.

    Args:
        client: The Bot and its event loop.
    """

    name = "telegram"
    per_conversation_interval = 1.0  # Telegram: about one message a second in one chat
    overall_per_second: float | None = 30  # and about 30 a second in all

    def __init__(self, *, client: BotClient) -> None:
        self.client = client

    def send(self, message: OutboundMessage) -> str:
        """Send (or, with ``replace``, edit) one message; returns ``<chat id>:<message id>``.

        Raises:
            SendError: With ``retry_after`` on 429, ``permanent`` when the chat is gone or the bot
                was blocked, plain for timeouts and server errors.
        """
        chat_id = message.conversation or message.recipient
        if not chat_id:
            raise SendError("no Telegram chat to send to (the person has no telegram_id)", permanent=True)
        try:
            return self.client.run(lambda bot: self._deliver(bot, message, chat_id))
        except TelegramError as exc:
            raise send_error(exc, self.client) from None
        except TimeoutError:
            raise SendError("Telegram did not answer in time", answered=False) from None

    async def _deliver(self, bot: Bot, message: OutboundMessage, chat_id: str) -> str:
        markup: Any = keyboard(message.actions)
        if message.kind == DETAILS_KIND:
            markup = ForceReply(input_field_placeholder="e.g. 60% done, now 30 Sep; waiting on IT")
        pieces = chunks(message.text)
        if message.replace:
            edited = await self._edit(bot, message.replace, message.text[:MAX_TEXT] or " ", markup)
            if edited is not None:
                return edited
        sent: Message | None = None
        for n, piece in enumerate(pieces):
            last = n == len(pieces) - 1
            sent = await bot.send_message(chat_id=chat_id, text=piece, reply_markup=markup if last else None,
                                          link_preview_options=NO_PREVIEW)
        assert sent is not None
        return message_ref(sent.chat_id, sent.message_id)

    async def _edit(self, bot: Bot, ref: str, text: str, markup: Any) -> str | None:
        """Edit the message ``ref`` in place; None when it cannot be edited (then a new one is sent)."""
        where = parse_ref(ref)
        if where is None:
            return None
        try:
            await bot.edit_message_text(text=text, chat_id=where[0], message_id=where[1], reply_markup=markup,
                                        link_preview_options=NO_PREVIEW)
        except BadRequest as exc:
            if "not modified" in str(exc).lower():
                return ref  # already shows this (a retry of an edit that went through)
            if any(word in str(exc).lower() for word in GONE):
                raise
            log.info("Telegram message %s could not be edited (%s); sending a new one", ref, exc)
            return None
        return ref

    def invite_link(self, code: str) -> str:
        """The deep link that opens the bot and sends ``/start CODE`` (for the invitation email)."""
        return f"https://t.me/{self.client.username()}?start={code}"

    def invite_hint(self, code: str) -> str:
        """The line the invitation email adds: the deep link, which sends the code with one tap."""
        try:
            link = self.invite_link(code)
        except Exception as exc:  # Telegram unreachable: the email still carries the code to type
            log.warning("Telegram: no deep link for the invitation (%s)", self.client.redact(str(exc)))
            return f"In Telegram, send it to the bot as: /start {code}"
        return f"Or open this link where you use Telegram and press Start (it sends the code for you):\n    {link}"

    def close(self) -> None:
        """Close the connections (the end of ``chaser serve`` or a command)."""
        self.client.close()
