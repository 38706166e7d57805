"""An injectable clock, so scheduling is tested by moving time, not by sleeping."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
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


def today(clock: Clock, tz: ZoneInfo = LONDON) -> date:
    """The date now in ``tz`` (Europe/London by default)."""
    return clock.now().astimezone(tz).date()
