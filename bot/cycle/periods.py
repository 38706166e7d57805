"""Rounds: which period a day belongs to, its key ("2006-W24", "2006-06"), and when it falls due."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from store.settings import WEEKDAYS, PlanSchedule
from store.working_days import is_working_day, next_working_day

# Fortnights are counted from a fixed Monday so that they never drift across year ends
# (ISO years with 53 weeks would break "odd week numbers").
FORTNIGHT_EPOCH = date(2001, 1, 1)  # a Monday, ISO week 2001-W01


def _monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def period_start(cadence: str, day: date) -> date:
    """The first day of the period that ``day`` falls in."""
    if cadence == "weekly":
        return _monday(day)
    if cadence == "fortnightly":
        weeks = (_monday(day) - FORTNIGHT_EPOCH).days // 7
        return FORTNIGHT_EPOCH + timedelta(weeks=weeks - weeks % 2)
    if cadence == "monthly":
        return day.replace(day=1)
    raise ValueError(f"unknown cadence {cadence!r}: use weekly, fortnightly or monthly")


def round_key(cadence: str, day: date) -> str:
    """The key of the round ``day`` falls in: ISO week (weekly, fortnightly) or ``YYYY-MM`` (monthly)."""
    start = period_start(cadence, day)
    if cadence == "monthly":
        return f"{start.year:04d}-{start.month:02d}"
    year, week, _ = start.isocalendar()
    return f"{year:04d}-W{week:02d}"


def due_day(schedule: PlanSchedule, day: date) -> date:
    """The day the round containing ``day`` is due: the schedule's weekday in the period's first week
    (monthly: its first occurrence in the month), moved past weekends and bank holidays."""
    start = period_start(schedule.cadence, day)
    offset = (WEEKDAYS.index(schedule.day) - start.weekday()) % 7
    return next_working_day(start + timedelta(days=offset))


def due_at(schedule: PlanSchedule, day: date) -> datetime:
    """The moment (aware) the round containing ``day`` is due."""
    return datetime.combine(due_day(schedule, day), schedule.time, tzinfo=ZoneInfo(schedule.timezone))


def is_round_due(schedule: PlanSchedule, now: datetime) -> bool:
    """Has the current period's round fallen due by ``now``?"""
    local = now.astimezone(ZoneInfo(schedule.timezone))
    return now >= due_at(schedule, local.date())


def next_round_at(schedule: PlanSchedule, now: datetime) -> datetime:
    """When the scheduler opens a plan's next round, if none is open for the current period: ``now`` when
    the current one is due already on a working day, else the first working moment it is due (the catch-up
    tick finds it within its interval)."""
    zone = ZoneInfo(schedule.timezone)
    today = now.astimezone(zone).date()
    for ahead in range(0, 70):  # two months cover any cadence's next slot, bank holidays and all
        day = today + timedelta(days=ahead)
        if not is_working_day(day):
            continue
        at = max(due_at(schedule, day), datetime.combine(day, time(0), tzinfo=zone), now)
        if at.astimezone(zone).date() == day:
            return at
    return due_at(schedule, today + timedelta(days=70))  # (not reached: a period is at most a month)
