"""How the reports write dates, statuses, counts and quotations for people (UK style, day first)."""

from __future__ import annotations

from datetime import date, datetime, time

from store.wording import LONDON, STATUS_WORDS, plural, status_word, uk_date

__all__ = ["LONDON", "STATUS_WORDS", "plural", "status_word", "uk_date"]

NUMBER_WORDS = ("no", "once", "twice")


def times(count: int) -> str:
    """``once``, ``twice``, ``3 times``."""
    return NUMBER_WORDS[count] if count < len(NUMBER_WORDS) else f"{count} times"


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


def start_of(day: date) -> datetime:
    """Midnight at the start of ``day`` in London, as an aware datetime."""
    return datetime.combine(day, time(0, 0), tzinfo=LONDON)


def section_heading(number: str | None, title: str) -> str:
    """``7. Improved services ...``; actions without a section go under ``Other actions``."""
    if number is None:
        return "Other actions"
    title = " ".join(title.split())
    return f"{number}. {title}" if title else f"Section {number}"
