"""Pacing outbound chat messages: each platform's per-conversation and overall limits, and the waits
it asks for (429 Retry-After), so a message never goes before the platform allows it."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable


class RateLimiter:
    """In-process pacing per channel: one message per conversation every ``interval`` seconds, at
    most ``overall`` a second on the channel, and no message while the platform asked us to wait.

    Thread-safe: the scheduler, the web app and the inbound worker share one limiter per process.
    """

    def __init__(self, *, sleep: Callable[[float], None] = time.sleep,
                 monotonic: Callable[[], float] = time.monotonic) -> None:
        self._sleep = sleep
        self._now = monotonic
        self._lock = threading.Lock()
        self._next_in_conversation: dict[tuple[str, str], float] = {}
        self._next_on_channel: dict[str, float] = {}
        self._held_until: dict[str, float] = {}

    def wait(self, channel: str, conversation: str, *, interval: float = 0.0, overall: float | None = None) -> float:
        """Block until a message to ``conversation`` on ``channel`` may go, and book its slot.

        Returns:
            The seconds waited.
        """
        with self._lock:
            now = self._now()
            start = max(now, self._held_until.get(channel, 0.0),
                        self._next_in_conversation.get((channel, conversation), 0.0),
                        self._next_on_channel.get(channel, 0.0))
            if interval > 0:
                self._next_in_conversation[(channel, conversation)] = start + interval
            if overall:
                self._next_on_channel[channel] = start + 1.0 / overall
        delay = start - now
        if delay > 0:
            self._sleep(delay)
        return max(delay, 0.0)

    def hold(self, channel: str, seconds: float) -> None:
        """The platform asked us to wait ``seconds`` before the next message on ``channel``."""
        with self._lock:
            until = self._now() + seconds
            self._held_until[channel] = max(self._held_until.get(channel, 0.0), until)
