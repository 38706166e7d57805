"""An injectable clock, so scheduling is tested by moving time, not by sleeping."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Protocol
from zoneinfo import ZoneInfo

LONDON = ZoneInfo("Europe/London")


class Clock(Protocol):
    """Anything that tells the time."""

    def now(self) -> datetime:
        """The current time, timezone-aware."""
        ...


class SystemClock:
    """The real time."""

    def now(self) -> datetime:
        return datetime.now(UTC)


@dataclass
class FixedClock:
    """A clock that only moves when told to (tests, and ``--today``)."""

    current: datetime = field(default_factory=lambda: datetime(2006, 6, 12, 9, 0, tzinfo=LONDON))

    def __post_init__(self) -> None:
        if self.current.tzinfo is None:
            raise ValueError("FixedClock needs an aware datetime")

    def now(self) -> datetime:
        return self.current

    def advance(self, delta: timedelta) -> None:
        """Move the clock forward."""
        self.current = self.current + delta

    def set(self, when: datetime) -> None:
        """Move the clock to ``when``."""
        if when.tzinfo is None:
            raise ValueError("FixedClock needs an aware datetime")
        self.current = when

    @classmethod
    def on(cls, day: date, at: time = time(9, 0), tz: ZoneInfo = LONDON) -> FixedClock:
        """A clock standing at ``at`` o'clock, London time, on ``day``."""
        return cls(datetime.combine(day, at, tzinfo=tz))


@dataclass(frozen=True)
class ShiftedClock:
    """The real time moved back (or on) by a fixed amount: it ticks like the system clock.

    `chaser serve --example` runs the shipped 2006 plan on one, started at the example's own
    moment, so its dashboard, reports and rounds read as they did that week.
    """

    offset: timedelta

    @classmethod
    def starting_at(cls, when: datetime) -> ShiftedClock:
        """A clock that reads ``when`` now and moves on from there."""
        if when.tzinfo is None:
            raise ValueError("ShiftedClock needs an aware datetime")
        return cls(offset=datetime.now(UTC) - when)

    def now(self) -> datetime:
        return (datetime.now(UTC) - self.offset).astimezone(LONDON)


@dataclass
class FileClock:
    """A clock read from a file that another process moves: for tests and benchmarks only.

    ``CHASER_CLOCK_FILE`` makes `chaser serve` (and every command) use it, so a harness can run
    several real instances through days of schedules in minutes. The file holds one ISO 8601
    datetime with its offset; the harness replaces it atomically (write elsewhere, then rename).
    Waits by this clock (:func:`wait`) look at it every ``poll_seconds`` of real time.
    """

    path: Path
    poll_seconds: float = 0.02

    def now(self) -> datetime:
        text = self.path.read_text(encoding="utf-8").strip()
        when = datetime.fromisoformat(text)
        if when.tzinfo is None:
            raise ValueError(f"{self.path}: the clock file needs a datetime with its offset, not {text!r}")
        return when

    @staticmethod
    def write(path: Path, when: datetime) -> None:
        """Move the clock in ``path`` to ``when`` (atomically, so a reader never sees half a line)."""
        part = path.with_name(path.name + ".part")
        part.write_text(when.isoformat(), encoding="utf-8")
        part.replace(path)


def wait(clock: Clock, seconds: float, stop: threading.Event) -> bool:
    """Wait ``seconds`` by ``clock`` (real time for the system clock), or until ``stop`` is set.

    Returns:
        True if ``stop`` was set.
    """
    poll = getattr(clock, "poll_seconds", None)
    if poll is None:
        return stop.wait(max(seconds, 0.0))
    until = clock.now() + timedelta(seconds=seconds)
    while not stop.wait(poll):
        if clock.now() >= until:
            return False
    return True


def today(clock: Clock, tz: ZoneInfo = LONDON) -> date:
    """The date now in ``tz`` (Europe/London by default)."""
    return clock.now().astimezone(tz).date()
