"""Taking one Telegram update, for the polling loop and the webhook alike: store it through the
service (before its offset is confirmed, or the webhook answered), answer a tap, ask for details."""

from __future__ import annotations

import asyncio
import logging
import threading
import time
from typing import TYPE_CHECKING

from telegram import Update
from telegram.error import TelegramError

from adapters.telegram.channel import DETAILS_KIND, TelegramChannel
from adapters.telegram.keyboard import DETAILS
from adapters.telegram.updates import DETAILS_PROMPT, Incoming, translate, unreadable
from bot import reach
from bot.inbound.intake import take
from bot.outbound import deliver_once
from bot.ports import OutboundMessage

if TYPE_CHECKING:
    from bot.bootstrap import Chaser

log = logging.getLogger(__name__)
DETAILS_WAIT = 3600.0  # seconds a "Details…" tap makes the chat's next message about that action


class TelegramIntake:
    """Hands updates to the service, one at a time, in Telegram's order.

    Args:
        chaser: The composition root.
        channel: The Telegram channel (its Bot answers taps).
    """

    def __init__(self, *, chaser: Chaser, channel: TelegramChannel) -> None:
        self.chaser = chaser
        self.channel = channel
        self._awaiting: dict[str, tuple[str, float]] = {}  # chat id -> (action ref, until)
        self._lock = threading.Lock()

    def _awaiting_ref(self, update: Update) -> str | None:
        chat = update.effective_chat
        if chat is None or update.callback_query is not None:
            return None
        with self._lock:
            found = self._awaiting.pop(str(chat.id), None)
        return found[0] if found and found[1] > time.monotonic() else None

    async def handle(self, update: Update) -> bool:
        """Store ``update`` and have it processed; answer a tap. True if it was new.

        Raises:
            Exception: When the update could not be stored: the caller must not confirm it
                (the polling loop keeps its offset; the webhook answers 500 so Telegram retries).
        """
        now = self.chaser.clock.now()
        if self.channel.client.bot_id is None:  # (the webhook's first update: the bot's own id and name)
            try:
                await asyncio.wrap_future(self.channel.client.submit(lambda bot: asyncio.sleep(0)))
            except Exception as exc:  # Telegram unreachable: the update is still taken
                log.info("Telegram: getMe failed (%s)", self.channel.client.redact(str(exc)))
        try:
            incoming = translate(update, now=now, bot_id=self.channel.client.bot_id,
                                 awaiting=self._awaiting_ref(update), bot_username=self.channel.client.known_username)
        except Exception:  # one odd update is kept as evidence, never a block on the ones behind it
            log.exception("Telegram update %s could not be read; kept as it came", update.update_id)
            incoming = unreadable(update, now=now)
        if incoming.message is None:
            log.info("Telegram update %s not taken: %s", update.update_id, incoming.skipped)
            if incoming.blocked is not None and incoming.chat_id:
                await asyncio.to_thread(self._membership, incoming)
            if incoming.notice and incoming.chat_id:
                await asyncio.to_thread(self._tell_group, incoming)
            return False
        accepted = await asyncio.to_thread(take, chaser=self.chaser, message=incoming.message)
        if accepted.duplicate:
            log.info("Telegram update %s was stored before: not taken again", update.update_id)
        if incoming.callback_id is not None:
            await self._answer_tap(incoming, duplicate=accepted.duplicate)
        if incoming.tap is not None and incoming.tap.choice == DETAILS and incoming.chat_id:
            with self._lock:
                self._awaiting[incoming.chat_id] = (incoming.tap.ref, time.monotonic() + DETAILS_WAIT)
            await asyncio.to_thread(self._ask_details, incoming)
        return not accepted.duplicate

    async def _answer_tap(self, incoming: Incoming, *, duplicate: bool) -> None:
        """answerCallbackQuery, always: the person's app shows a spinner until the tap is answered."""
        tap, text = incoming.tap, None
        if tap is None:
            text = "That button is out of date: please reply in words instead."
        elif duplicate:
            text = None
        elif tap.choice == DETAILS:
            text = f"Please write the details for {tap.ref} in your next message."
        else:
            text = f"Received: {tap.ref} {tap.label}. Recording it now."
        query_id = incoming.callback_id
        assert query_id is not None
        try:
            await asyncio.wrap_future(self.channel.client.submit(
                lambda bot: bot.answer_callback_query(query_id, text=text)))
        except TelegramError as exc:  # an old query (over 15 minutes) cannot be answered; the tap still counts
            log.info("Telegram callback query of update %s not answered: %s", incoming.update_id,
                     self.channel.client.redact(str(exc)))

    def _membership(self, incoming: Incoming) -> None:
        """The lead blocked the bot (flagged unreachable, coordinators told) or unblocked it."""
        assert incoming.chat_id is not None
        if incoming.blocked:
            reach.flag(chaser=self.chaser, channel="telegram", account=incoming.chat_id,
                       reason="they blocked Chaser's bot in Telegram")
        else:
            reach.clear(chaser=self.chaser, channel="telegram", account=incoming.chat_id)

    def _tell_group(self, incoming: Incoming) -> None:
        """Once per update, in a group that addressed the bot: nothing is read here, talk in private."""
        assert incoming.chat_id is not None
        notice = OutboundMessage(channel="telegram", recipient=incoming.chat_id, subject="", text=incoming.notice,
                                 kind="notice", key=f"telegram-group:{incoming.chat_id}:{incoming.update_id}",
                                 conversation=incoming.chat_id)
        deliver_once(chaser=self.chaser, message=notice, kind="notice")  # (a failure here bothers no coordinator)

    def _ask_details(self, incoming: Incoming) -> None:
        """Ask, once per tap, for the revised date, percent and note (sent as a reply-to prompt)."""
        assert incoming.tap is not None and incoming.message is not None and incoming.chat_id is not None
        prompt = OutboundMessage(channel="telegram", recipient=incoming.message.sender, subject="Details",
                                 text=DETAILS_PROMPT.format(ref=incoming.tap.ref), kind=DETAILS_KIND,
                                 key=f"telegram-details:{incoming.update_id}", conversation=incoming.chat_id)
        deliver_once(chaser=self.chaser, message=prompt, kind="reply")
