"""Working days in England and Wales: no weekends, no bank holidays (the `holidays` package)."""

from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache

import holidays


@lru_cache(maxsize=64)
def _bank_holidays(year: int) -> frozenset[date]:
    # England and Wales share one list today; take the union so a future divergence still counts.
    days: set[date] = set()
    for subdiv in ("ENG", "WLS"):
        days.update(holidays.country_holidays("GB", subdiv=subdiv, years=year).keys())
    return frozenset(days)


def is_bank_holiday(day: date) -> bool:
    """A bank holiday in England or Wales."""
    return day in _bank_holidays(day.year)


def is_working_day(day: date) -> bool:
    """Monday to Friday and not a bank holiday in England and Wales."""
    return day.weekday() < 5 and not is_bank_holiday(day)


def next_working_day(day: date) -> date:
    """``day`` itself if it is a working day, else the next one."""
    while not is_working_day(day):
        day += timedelta(days=1)
    return day


def _weekdays_after(start: date, end: date) -> int:
    """Mondays to Fridays after ``start`` up to and including ``end``, by arithmetic."""
    days = (end - start).days
    weeks, extra = divmod(days, 7)
    count = weeks * 5
    first = (start.weekday() + 1) % 7  # the weekday of the day after start
    count += sum(1 for n in range(extra) if (first + n) % 7 < 5)
    return count


@lru_cache(maxsize=4096)  # reports ask the same question once per action: answer it once
def working_days_between(start: date, end: date) -> int:
    """How many working days fall after ``start`` up to and including ``end`` (0 if end <= start).

    Counted in constant time per year spanned (weekdays by arithmetic, less the bank holidays that
    fall on weekdays), so a round opened twenty years ago costs no more than one opened yesterday.
    """
    if end <= start:
        return 0
    holidays_in_range = sum(1 for year in range(start.year, end.year + 1) for day in _bank_holidays(year)
                            if start < day <= end and day.weekday() < 5)
    return _weekdays_after(start, end) - holidays_in_range
