"""How the reports write dates, statuses, counts and quotations for people (UK style, day first)."""

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
NUMBER_WORDS = ("no", "once", "twice")


def uk_date(day: date | datetime | None) -> str:
    """``12 Jun 2006``; an aware datetime is shown as its date in Europe/London; None is empty."""
    if day is None:
        return ""
    if isinstance(day, datetime):
        day = day.astimezone(LONDON).date()
    return f"{day.day:02d} {day:%b %Y}"


def status_word(status: str | None) -> str:
    """A status from the contract's vocabulary, as words."""
    if not status:
        return ""
    return STATUS_WORDS.get(status, status.replace("_", " ").capitalize())


def times(count: int) -> str:
    """``once``, ``twice``, ``3 times``."""
    return NUMBER_WORDS[count] if count < len(NUMBER_WORDS) else f"{count} times"


def plural(count: int, singular: str, plural_form: str | None = None) -> str:
    """``1 action``, ``2 actions``."""
    return f"{count} {singular if count == 1 else (plural_form or singular + 's')}"


def quotation(*, who: str, when: date | datetime | None, text: str) -> str:
    """The lead's words, word for word, with who and when: ``Sue Fiennes, 14 Jun 2006: “...”``."""
    words = " ".join(text.split())
    prefix = f"{who}, {uk_date(when)}" if when else who
    return f"{prefix}: \u201c{words}\u201d"


def join_words(items: list[str]) -> str:
    """``a``, ``a and b``, ``a, b and c``."""
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]
