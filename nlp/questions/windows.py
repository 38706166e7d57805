"""Time windows in questions: "this week", "the next two weeks", "by the end of July", "since Monday".

The meaning, written down once:

- "this week" / "next week": Monday to Sunday of that week.
- "the next N days/weeks/months", "the next fortnight", "within N weeks": today up to and
  including today + N days/weeks (months: the same day N months on).
- "this month" / "next month" / "in July": the whole calendar month.
- "today", "tomorrow": that day.
- "by 30 June", "by/before/until the end of July", "by Friday": today up to and including that
  day; "before 30 June" stops the day before.
- "since Monday", "since 1 June", "since last week", "in the last 7 days": changes from the
  start of that day (a week counts from its Monday).

Explicit dates are read by :func:`nlp.dates.find_dates` (day first, the year inferred forward
for windows and backward for "since"); the window arithmetic is here.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

from nlp.dates import find_dates
from nlp.questions.vocab import MONTH_WORDS, WEEKDAY_WORDS

_MONTH_OR_DAY = re.compile(r"\b(" + "|".join((*MONTH_WORDS, *WEEKDAY_WORDS)) + r")\b")


def _label(words: str) -> str:
    """The window's words for people: "by the end of July" (month and day names capitalised)."""
    return _MONTH_OR_DAY.sub(lambda m: m.group().capitalize(), words.strip())


@dataclass(frozen=True)
class Window:
    """A span of days, both ends included, with the words that named it."""

    start: date
    end: date
    label: str

    def __post_init__(self) -> None:
        object.__setattr__(self, "label", _label(self.label))


@dataclass(frozen=True)
class Found:
    """A window or a "since" date found in a question, and the characters it used."""

    window: Window | None
    since: date | None
    start: int
    end: int


_RELATIVE = re.compile(
    r"\b(?P<this>this|the current|current|next|this coming) (?P<span>week|month)\b"
    r"|\b(?:in |during |over |within )?(?:the )?(?:next|coming|following|within) (?:(?P<n>\d+) )?"
    r"(?P<unit>days?|weeks?|months?|fortnight)\b"
    r"|\bwithin (?P<n2>\d+) (?P<unit2>days?|weeks?|months?)\b"
    r"|\b(?P<day>today|tomorrow)\b"
)
_SINCE_LAST = re.compile(r"\b(?:in |over |during )?the (?:last|past) (?:(\d+) )?(days?|weeks?|months?|fortnight)\b")
_BOUND = re.compile(r"\b(?P<kw>by|before|until|till|up to|no later than|since|from|after)\b (?P<rest>.*)")
_IN_MONTH = re.compile(rf"\b(?:in|during|for) (?P<month>{'|'.join(MONTH_WORDS)})(?: (?P<year>\d{{4}}))?\b")


def _add_months(day: date, months: int) -> date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _month_window(year: int, month: int, label: str) -> Window:
    return Window(date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1]), label)


def _monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def _relative(match: re.Match[str], today: date) -> Window:
    label = match.group().strip()
    if match.group("day"):
        day = today if match.group("day") == "today" else today + timedelta(days=1)
        return Window(day, day, label)
    if match.group("span"):
        ahead = 1 if match.group("this") == "next" else 0
        if match.group("span") == "week":
            monday = _monday(today) + timedelta(weeks=ahead)
            return Window(monday, monday + timedelta(days=6), label)
        first = _add_months(today.replace(day=1), ahead)
        return _month_window(first.year, first.month, label)
    count = int(match.group("n") or match.group("n2") or 1)
    unit = match.group("unit") or match.group("unit2")
    if unit.startswith("fortnight"):
        return Window(today, today + timedelta(days=14 * count), label)
    if unit.startswith("day"):
        return Window(today, today + timedelta(days=count), label)
    if unit.startswith("week"):
        return Window(today, today + timedelta(weeks=count), label)
    return Window(today, _add_months(today, count), label)


def _bound(keyword: str, rest: str, today: date) -> tuple[date | None, date | None, int]:
    """(window end, since date, characters of ``rest`` used) for "by X" or "since X"."""
    looking_back = keyword in ("since", "from", "after")
    mentions = find_dates(rest, today=today, direction="past" if looking_back else "future")
    if not mentions or mentions[0].start > 4:
        return None, None, 0
    mention = mentions[0]
    if looking_back:
        since = mention.first if mention.precision != "week" else _monday(mention.first)
        return None, since + timedelta(days=1) if keyword == "after" else since, mention.end
    end = mention.last
    if keyword == "before" and mention.precision == "day" and "end" not in mention.text:
        end -= timedelta(days=1)
    return end, None, mention.end


def find_window(text: str, *, today: date) -> Found | None:
    """The first time window or "since" date in normalised question ``text``, if any."""
    match = _SINCE_LAST.search(text)
    if match:
        count, unit = int(match.group(1) or 1), match.group(2)
        days = {"d": 1, "w": 7, "f": 14}.get(unit[0])
        back = today - timedelta(days=count * days) if days else _add_months(today, -count)
        return Found(None, back, match.start(), match.end())
    for bound in _BOUND.finditer(text):
        keyword = bound.group("kw")
        end, since, used = _bound(keyword, bound.group("rest"), today)
        if since is not None:
            return Found(None, since, bound.start(), bound.start("rest") + used)
        if end is not None:
            label = text[bound.start() : bound.start("rest") + used]
            return Found(Window(today, end, label), None, bound.start(), bound.start("rest") + used)
    match = _RELATIVE.search(text)
    if match:
        return Found(_relative(match, today), None, match.start(), match.end())
    match = _IN_MONTH.search(text)
    if match:
        month = MONTH_WORDS.index(match.group("month")) + 1
        year = int(match.group("year") or (today.year if month >= today.month else today.year + 1))
        return Found(_month_window(year, month, match.group().strip()), None, match.start(), match.end())
    mentions = find_dates(text, today=today, direction="future")
    if mentions:
        first = mentions[0]
        return Found(Window(first.first, first.last, first.text), None, first.start, first.end)
    return None
