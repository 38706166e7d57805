"""Long polling (getUpdates) with durable offsets: an update is confirmed to Telegram only after the
service has stored it, so a process killed at any moment loses nothing.

Telegram confirms every update below the ``offset`` of the next getUpdates call. This loop asks for
``offset = u + 1`` only once update ``u`` is stored, one update at a time, in order; an update that
cannot be stored stops the batch, and the next call asks for it again. After a restart the loop asks
with no offset, so Telegram resends every unconfirmed update; those already stored are recognised as
duplicates (one row per update_id) and change nothing. python-telegram-bot's ``Updater`` is not used
because it confirms a batch as soon as it has queued it, before any handler has stored it.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import logging
import threading
import warnings
from typing import TYPE_CHECKING

from telegram import Bot, Update
from telegram.error import Conflict, InvalidToken, RetryAfter, TelegramError, TimedOut
from telegram.warnings import PTBUserWarning

from adapters.telegram.channel import TelegramChannel, retry_seconds
from adapters.telegram.client import GET_UPDATES_READ_TIMEOUT
from adapters.telegram.intake import TelegramIntake
from adapters.telegram.updates import ALLOWED_UPDATES, parse

if TYPE_CHECKING:
    from bot.bootstrap import Chaser

log = logging.getLogger(__name__)
MAX_BACKOFF = 60.0
STORE_RETRY_SECONDS = 5.0  # after an update could not be stored (the database is down, say)


class TelegramPoller:
    """The background service ``chaser serve`` runs when Telegram is on and no webhook is set.

    Args:
        chaser: The composition root.
        channel: The Telegram channel (its Bot and event loop).
        poll_timeout: Seconds Telegram holds a getUpdates call open when nothing is waiting.
    """

    def __init__(self, *, chaser: Chaser, channel: TelegramChannel, poll_timeout: int = 25) -> None:
        # getUpdates is asked through the library's raw call on purpose (see _fetch), so its advice to
        # use Bot.get_updates instead is silenced, and only that advice
        warnings.filterwarnings("ignore", message=r"Please use 'Bot\.getUpdates' instead", category=PTBUserWarning)
        self.chaser = chaser
        self.channel = channel
        self.intake = TelegramIntake(chaser=chaser, channel=channel)
        self.poll_timeout = poll_timeout
        self.store_retry_seconds = STORE_RETRY_SECONDS
        self.first_backoff = 1.0  # seconds after a failed getUpdates, doubling to MAX_BACKOFF
        self.offset: int | None = None  # the next update wanted; None asks for every unconfirmed one
        self._stopping = threading.Event()
        self._future: concurrent.futures.Future[None] | None = None
        self._task: asyncio.Task[None] | None = None
        self._wake: asyncio.Event | None = None
        self._polling = False
        self._complained: str | None = None  # the lasting refusal already logged (409, 401)

    def start(self) -> None:
        """Start polling on the channel's event loop."""
        self._stopping.clear()
        self._future = asyncio.run_coroutine_threadsafe(self._run(), self.channel.client.loop)
        log.info("Telegram: long polling started")

    def stop(self, timeout: float = 30.0) -> None:
        """Stop after the update in hand (a long poll waiting for updates is cut short)."""
        self._stopping.set()
        if self._future is None:
            return
        self.channel.client.loop.call_soon_threadsafe(self._interrupt)
        try:
            self._future.result(timeout)
        except (concurrent.futures.CancelledError, concurrent.futures.TimeoutError):
            pass
        except Exception:
            log.exception("Telegram polling ended with an error")
        self._future = None
        log.info("Telegram: long polling stopped")

    def _interrupt(self) -> None:  # on the event loop
        if self._wake is not None:
            self._wake.set()
        if self._polling and self._task is not None:
            self._task.cancel()  # nothing is lost: the updates of a cut poll were not confirmed

    async def _pause(self, seconds: float) -> None:
        assert self._wake is not None
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._wake.wait(), timeout=seconds)

    async def _run(self) -> None:
        self._task, self._wake = asyncio.current_task(), asyncio.Event()
        backoff = self.first_backoff
        while not self._stopping.is_set():
            try:
                self._polling = True
                bot = await self.channel.client.ready()
                updates = await self._fetch(bot)
            except asyncio.CancelledError:
                if self._stopping.is_set():
                    return
                raise
            except TimedOut:
                continue
            except RetryAfter as exc:
                await self._pause(retry_seconds(exc))
                continue
            except Exception as exc:  # Telegram or the network is down, or refused us: wait and ask again
                self._log_failure(exc)
                await self._pause(backoff)
                backoff = min(backoff * 2, MAX_BACKOFF)
                continue
            finally:
                self._polling = False
            backoff = self.first_backoff
            if self._complained is not None:
                log.info("Telegram: getUpdates works again")
                self._complained = None
            await self._take_batch(updates)

    async def _fetch(self, bot: Bot) -> list[Update]:
        """One getUpdates call, each update read on its own: one python-telegram-bot cannot read is
        kept (see :func:`parse`) instead of failing the whole batch again and again (``Bot.get_updates``
        reads the batch as one, so a single odd update would stop polling for good)."""
        data = {"timeout": self.poll_timeout, "offset": self.offset, "allowed_updates": list(ALLOWED_UPDATES)}
        # (Bot.do_api_request with no return type: the library's public call that returns the raw result)
        result = await bot.do_api_request("getUpdates", api_kwargs=data,
                                          read_timeout=GET_UPDATES_READ_TIMEOUT + self.poll_timeout)
        return [parse(item, bot) for item in result]

    async def _take_batch(self, updates: list[Update]) -> None:
        for update in updates:
            if self._stopping.is_set():
                return
            try:
                await self.intake.handle(update)
            except Exception:  # not stored (the database is down?): keep the offset, ask again later
                log.exception("Telegram update %s could not be stored; it will be fetched again", update.update_id)
                await self._pause(self.store_retry_seconds)
                return
            self.offset = update.update_id + 1  # confirmed by the next getUpdates, now that it is stored

    def _log_failure(self, exc: Exception) -> None:
        """One clear line for a refusal that lasts (409, 401), not one per retry; a line per other failure."""
        reason = self.channel.client.redact(str(exc))
        if isinstance(exc, Conflict | InvalidToken):
            if self._complained == reason:
                log.debug("Telegram: getUpdates still refused (%s)", reason)
                return
            self._complained = reason
        if isinstance(exc, Conflict) and "webhook" in reason.lower():
            log.error("Telegram: getUpdates refused (%s): a webhook is set for this bot. Set "
                      "CHASER_TELEGRAM_WEBHOOK_SECRET to receive updates by webhook, or call deleteWebhook "
                      "(without drop_pending_updates) to poll. Retrying quietly until it works.", reason)
        elif isinstance(exc, Conflict):
            log.error("Telegram: getUpdates refused (%s): another process is polling this bot with the same token "
                      "(another `chaser serve`, or another program). Stop it: only one may poll. Retrying quietly "
                      "until it works.", reason)
        elif isinstance(exc, InvalidToken):
            log.error("Telegram: the bot token was refused (%s): check CHASER_TELEGRAM_TOKEN (BotFather's /token "
                      "shows it; /revoke replaces it). Retrying quietly until it works.", reason)
        elif isinstance(exc, TelegramError):
            log.warning("Telegram: getUpdates failed (%s); trying again", reason)
        else:
            log.warning("Telegram: getUpdates failed (%s: %s); trying again", type(exc).__name__, reason)
