"""Calendar arithmetic for date mentions: month ends, weeks, quarters and picking a year.

Pure functions over :class:`datetime.date`; no parsing here.
"""

from __future__ import annotations

import calendar
from collections.abc import Callable
from datetime import date, timedelta

Span = tuple[date, date, str]  # (first, last, precision)
YearBuilder = Callable[[int], Span | None]
Relative = Callable[[date, str], Span | None]  # (today, direction) -> range

# How far a "finished" date may lie after today (a reply written a day early), and how far an
# "expected" date may lie before today (an expectation already slipping) before the year flips.
PAST_SLACK = timedelta(days=7)
FUTURE_SLACK = timedelta(days=14)


_DAYS = (0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def days_in_month(year: int, month: int) -> int:
    """``calendar.monthrange(year, month)[1]`` (the same error for a month outside 1-12) without
    working out the weekday the month starts on, which it also does."""
    if not 1 <= month <= 12:
        raise calendar.IllegalMonthError(month)
    return 29 if month == 2 and calendar.isleap(year) else _DAYS[month]


def month_end(year: int, month: int) -> date:
    """The last day of ``month`` in ``year``."""
    return date(year, month, days_in_month(year, month))


def safe_day(year: int, month: int, day: int) -> date:
    """``date(year, month, day)`` with the day clamped to the month ("31 02 06" -> 28 Feb)."""
    return date(year, month, min(day, days_in_month(year, month)))


def add_months(day: date, months: int) -> date:
    """``day`` moved by whole months, clamped to the target month's length."""
    index = day.year * 12 + day.month - 1 + months
    return safe_day(index // 12, index % 12 + 1, day.day)


def month_span(year: int, month: int) -> Span:
    """The whole of one month."""
    return date(year, month, 1), month_end(year, month), "month"


def week_of(day: date) -> Span:
    """Monday to Sunday of the week containing ``day``."""
    monday = day - timedelta(days=day.weekday())
    return monday, monday + timedelta(days=6), "week"


def quarter_span(year: int, quarter: int) -> Span:
    """A calendar quarter (Q1 is January to March)."""
    first_month = 3 * (quarter - 1) + 1
    return date(year, first_month, 1), month_end(year, first_month + 2), "quarter"


def part_of_month(year: int, month: int, part: str) -> Span:
    """ "early", "mid", "late", "beginning", "end", "first half" or "second half" of a month."""
    end = month_end(year, month)
    if part == "end":
        return end, end, "day"
    bounds = {
        "early": (1, 10),
        "beginning": (1, 7),
        "mid": (11, 15),
        "late": (21, end.day),
        "first half": (1, 15),
        "second half": (16, end.day),
    }[part]
    return date(year, month, bounds[0]), date(year, month, bounds[1]), "range"


def add_working_days(day: date, count: int) -> date:
    """``day`` moved by ``count`` working days (Monday to Friday), backwards when negative."""
    step = 1 if count >= 0 else -1
    remaining = abs(count)
    while remaining:
        day += timedelta(days=step)
        if day.weekday() < 5:
            remaining -= 1
    return day


def pick_year(build: YearBuilder, *, today: date, direction: str) -> Span | None:
    """Choose the year for a date written without one.

    ``past``: the latest occurrence that has begun by today (a week's slack);
    ``future``: the earliest that has not ended more than a fortnight ago;
    ``moved``: the earliest that has not ended (a date moved to: "slipped to May" in June is next May);
    ``any``: the occurrence nearest today.
    """
    candidates = [span for year in (today.year - 1, today.year, today.year + 1) if (span := build(year))]
    if not candidates:
        return None
    if direction == "past":
        started = [span for span in candidates if span[0] <= today + PAST_SLACK]
        return started[-1] if started else candidates[0]
    if direction in ("future", "moved"):
        slack = FUTURE_SLACK if direction == "future" else timedelta(0)
        pending = [span for span in candidates if span[1] >= today - slack]
        return pending[0] if pending else candidates[-1]
    return min(candidates, key=lambda span: _distance(span, today))


def pick_weekday(weekday: int, *, today: date, direction: str) -> date:
    """The named weekday nearest today in the given direction (never today itself)."""
    back = (today.weekday() - weekday) % 7 or 7
    ahead = (weekday - today.weekday()) % 7 or 7
    if direction == "past":
        return today - timedelta(days=back)
    if direction in ("future", "moved"):
        return today + timedelta(days=ahead)
    return today - timedelta(days=back) if back < ahead else today + timedelta(days=ahead)


def _distance(span: Span, today: date) -> int:
    if span[0] <= today <= span[1]:
        return 0
    return min(abs((span[0] - today).days), abs((span[1] - today).days))
