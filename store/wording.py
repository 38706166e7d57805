"""How Chaser writes statuses and dates for people, once for every channel, report and page."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

LONDON = ZoneInfo("Europe/London")

STATUS_WORDS = {
    "complete": "Complete",
    "in_progress": "In progress",
    "delayed": "Delayed",
    "blocked": "Blocked",
    "not_started": "Not started",
}


def status_word(status: str | None, *, lower: bool = False) -> str:
    """A status from the contract's vocabulary as words: ``In progress`` (or ``in progress``)."""
    if not status:
        return ""
    word = STATUS_WORDS.get(status, status.replace("_", " ").capitalize())
    return word.lower() if lower else word


def uk_date(value: date | datetime | None, tz: ZoneInfo = LONDON) -> str:
    """``12 Jun 2006``, day first; an aware datetime shows as its date in ``tz``; None is empty."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = value.astimezone(tz).date()
    return f"{value.day:02d} {value:%b %Y}"


def plural(count: int, singular: str, plural_form: str | None = None) -> str:
    """``1 action``, ``2 actions``, ``1,050 actions``."""
    return f"{count:,} {singular if count == 1 else (plural_form or singular + 's')}"
