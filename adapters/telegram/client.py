"""One python-telegram-bot ``Bot`` per process, on its own event loop thread, callable from sync code.

The service is synchronous and python-telegram-bot is async: the scheduler, the inbound worker and
the CLI call :meth:`BotClient.run` from their threads; the polling loop runs as a task on the same
event loop and calls the service off it (``asyncio.to_thread``), so the loop is never held by a
database call and one connection pool serves every call.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import logging
import os
import threading
from collections.abc import Awaitable, Callable
from typing import TypeVar

from telegram import Bot
from telegram.request import HTTPXRequest

T = TypeVar("T")
DEFAULT_API_URL = "https://api.telegram.org/bot"
CALL_TIMEOUT = 60.0  # seconds a synchronous caller waits for one Bot API call
GET_UPDATES_READ_TIMEOUT = 10.0  # seconds beyond a long poll's own timeout before its read is given up
# Loggers that may print request URLs, which carry the token (httpx logs each request at INFO).
URL_LOGGERS = ("httpx", "telegram.Bot", "telegram.ext.Updater", "telegram.request.HTTPXRequest")


class RedactToken(logging.Filter):
    """Replaces the bot token in log records with ``<token>``: secrets are never logged."""

    def __init__(self, token: str) -> None:
        super().__init__()
        self.token = token

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if self.token in message:
            record.msg, record.args = message.replace(self.token, "<token>"), ()
        return True


class BotClient:
    """The Bot and the event loop it runs on, started on first use and stopped by :meth:`close`.

    Args:
        token: The bot token from BotFather (never logged).
        api_url: The Bot API base the token is appended to (default Telegram's own).
    """

    def __init__(self, *, token: str, api_url: str | None = None) -> None:
        # python-telegram-bot 22 gives waits (RetryAfter.retry_after) as timedeltas when this is set,
        # as its next major version will; otherwise every 429 warns that ints are deprecated.
        os.environ.setdefault("PTB_TIMEDELTA", "true")
        self.token = token
        self.api_url = api_url or DEFAULT_API_URL
        self._lock = threading.Lock()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._bot: Bot | None = None
        self._username: str | None = None
        self.bot_id: int | None = None  # the bot's own user id, known after the first call
        redact = RedactToken(token)
        for name in URL_LOGGERS:
            logger = logging.getLogger(name)
            if not any(isinstance(f, RedactToken) and f.token == token for f in logger.filters):
                logger.addFilter(redact)

    def redact(self, text: str) -> str:
        """``text`` with the token blanked (for error messages that may quote a URL)."""
        return text.replace(self.token, "<token>")

    @property
    def loop(self) -> asyncio.AbstractEventLoop:
        """The client's event loop, started if needed."""
        with self._lock:
            if self._loop is None:
                ready = threading.Event()
                loop = asyncio.new_event_loop()

                def run() -> None:
                    asyncio.set_event_loop(loop)
                    loop.call_soon(ready.set)
                    loop.run_forever()

                self._thread = threading.Thread(target=run, name="telegram-bot", daemon=True)
                self._thread.start()
                ready.wait(10)
                self._loop = loop
            return self._loop

    def bot(self) -> Bot:
        """The Bot (only to be used on :attr:`loop`)."""
        if self._bot is None:
            # Sends use a pool of several connections; the long poll has its own single connection.
            self._bot = Bot(self.token, base_url=self.api_url,
                            request=HTTPXRequest(connection_pool_size=8, read_timeout=20.0, pool_timeout=10.0),
                            get_updates_request=HTTPXRequest(connection_pool_size=1,
                                                             read_timeout=GET_UPDATES_READ_TIMEOUT))
        return self._bot

    async def ready(self) -> Bot:
        """The Bot, initialised (on the loop): the first call asks getMe, which checks the token
        and gives the bot's username and id."""
        bot = self.bot()
        if self._username is None:
            await bot.initialize()
            self._username, self.bot_id = bot.username, bot.id
        return bot

    def submit(self, call: Callable[[Bot], Awaitable[T]]) -> concurrent.futures.Future[T]:
        """Start ``call(bot)`` on the loop; the future gives its result."""
        async def wrapped() -> T:
            return await call(await self.ready())

        return asyncio.run_coroutine_threadsafe(wrapped(), self.loop)

    def run(self, call: Callable[[Bot], Awaitable[T]], *, timeout: float = CALL_TIMEOUT) -> T:
        """Run ``call(bot)`` on the loop and wait for its result (from any thread but the loop's)."""
        if threading.current_thread() is self._thread:
            raise RuntimeError("BotClient.run called on its own event loop: await the call instead")
        return self.submit(call).result(timeout)

    @property
    def known_username(self) -> str | None:
        """The bot's username if getMe has answered already (None before: never waits)."""
        return self._username

    def username(self) -> str:
        """The bot's username (from getMe, asked once)."""
        if self._username is None:
            self.run(lambda bot: asyncio.sleep(0))
        return self._username or ""

    def close(self) -> None:
        """Close the HTTP connections and stop the loop."""
        with self._lock:
            loop, thread, bot = self._loop, self._thread, self._bot
            self._loop = self._thread = self._bot = None
        if loop is None:
            return
        if bot is not None:
            try:
                asyncio.run_coroutine_threadsafe(bot.shutdown(), loop).result(10)
            except Exception:  # closing connections that are already gone
                logging.getLogger(__name__).debug("Bot shutdown failed", exc_info=True)
        loop.call_soon_threadsafe(loop.stop)
        if thread is not None:
            thread.join(10)
        loop.close()
