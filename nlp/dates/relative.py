"""Dates that need today to be read: "next month", "Friday", "in two weeks", "the 21st", "end of the year".

Each function takes a regex match of :data:`nlp.dates.grammar.DATE_PATTERN` and returns a function
of (today, direction) giving the calendar range.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, timedelta

from nlp.dates.calendar import (
    Relative,
    Span,
    add_months,
    add_working_days,
    month_end,
    month_span,
    pick_weekday,
    quarter_span,
    week_of,
)
from nlp.dates.grammar import NUMBER_WORDS, WEEKDAYS

# Chat spellings of units ("next wk", "end of mth").
_UNITS = {"wk": "week", "mth": "month", "yr": "year"}
# Words after which a short weekday typed in lower case is a day: "done mon", "by fri", "back tues",
# "til weds", "signed off thurs" (phone replies rarely capitalise). "last fri", "next mon" and "this
# thu" need no such word.
_DAY_CUES = frozenset({
    "by", "on", "til", "till", "until", "from", "since", "before", "after", "due", "done", "finished",
    "completed", "complete", "sent", "signed", "off", "back", "submitted", "agreed", "approved", "returned",
    "closed", "held", "started", "starts", "ready", "live", "out", "eta", "latest", "it",
})  # fmt: skip
_PREVIOUS_WORD = re.compile(r"([a-z]+)\W*$", re.IGNORECASE)
_CLAUSE_END = re.compile(r"\s*(?:[.,;!?)]|$)")


def _lower_day_ok(match: re.Match[str]) -> bool:
    """A lower-case short weekday is a day after "last", "next", "this" or "coming", before "week",
    straight after one of :data:`_DAY_CUES`, or at the end of its clause after another word."""
    if match.group("wd_mod") or match.group("wd_week") or match.group("cop"):
        return True
    start = match.start("wd")
    previous = _PREVIOUS_WORD.search(match.string, max(0, start - 20), start)
    if previous is not None and previous.group(1).lower() in _DAY_CUES:
        return True
    # or ending the reply or its clause after a word: "published on the website fri", "sent it thurs."
    # ("wed" there is as likely the verb, and "c'mon" is no Monday)
    return (
        previous is not None
        and start > 0
        and match.string[start - 1].isspace()
        and match.group("wd").lower() != "wed"
        and _CLAUSE_END.match(match.string, match.end()) is not None
    )


def _count(text: str) -> int:
    text = " ".join(text.lower().split())
    return int(text) if text.isdigit() else NUMBER_WORDS[text]


def _endof(match: re.Match[str]) -> Relative:
    which = (match.group("eo_which") or "this").strip().lower()
    unit = _UNITS.get(match.group("eo_unit").lower(), match.group("eo_unit").lower())
    shift = {"next": 1, "last": -1}.get(which, 0)
    financial = bool(match.group("eo_fin")) and match.group("eo_fin").lower().startswith("fin")
    fixed_year = int(match.group("eo_y")) if match.group("eo_y") else None

    def rel(today: date, direction: str) -> Span:
        if unit == "week":
            friday = week_of(today + timedelta(weeks=shift))[0] + timedelta(days=4)
            return friday, friday, "day"
        if unit == "month":
            moved = add_months(today.replace(day=1), shift)
            end = month_end(moved.year, moved.month)
            return end, end, "day"
        if unit == "quarter":
            quarter_end = quarter_span(today.year, (today.month - 1) // 3 + 1)[1]
            end = add_months(quarter_end.replace(day=1), 3 * shift)
            end = month_end(end.year, end.month)
            return end, end, "day"
        year = (fixed_year or today.year) + shift
        if financial:
            year += 0 if fixed_year or today.month <= 3 else 1
            return date(year, 3, 31), date(year, 3, 31), "day"
        return date(year, 12, 31), date(year, 12, 31), "day"

    return rel


def _weekday(match: re.Match[str]) -> Relative | None:
    word = match.group("wd")
    if len(word.rstrip(".")) <= 4 and not word[0].isupper() and not _lower_day_ok(match):
        return None  # "wed", "fri" in lower case are rarely days, unless a word before says so
    weekday = WEEKDAYS[word.lower().rstrip(".")]
    mod = (match.group("wd_mod") or "").lower()
    later = match.group("wd_week")

    def rel(today: date, direction: str) -> Span:
        if later:
            base = pick_weekday(weekday, today=today, direction="future")
            day = base + timedelta(days=-7 if "last" in later.lower() else 7)
        elif mod == "last":
            day = pick_weekday(weekday, today=today, direction="past")
        elif mod == "next":
            # British usage: "next Friday" is the Friday of next week.
            day = week_of(today)[0] + timedelta(days=7 + weekday)
        elif mod or match.group("cop"):
            day = (
                today
                if today.weekday() == weekday
                else pick_weekday(weekday, today=today, direction="future")
            )
        else:
            day = pick_weekday(weekday, today=today, direction=direction)
        return day, day, "day"

    return rel


def _relunit(match: re.Match[str]) -> Relative:
    mod = match.group("ru_mod").lower().split()[-1]
    unit = _UNITS.get(match.group("ru_unit").lower(), match.group("ru_unit").lower())
    shift = {"next": 1, "coming": 1, "last": -1, "past": -1}.get(mod, 0)

    def rel(today: date, direction: str) -> Span:
        if unit in ("week", "fortnight"):
            first = week_of(today)[0] + timedelta(weeks=shift)
            span = 13 if unit == "fortnight" else 6
            return first, first + timedelta(days=span), "week"
        if unit == "month":
            moved = add_months(today.replace(day=1), shift)
            return month_span(moved.year, moved.month)
        if unit == "quarter":
            moved = add_months(today.replace(day=1), 3 * shift)
            return quarter_span(moved.year, (moved.month - 1) // 3 + 1)
        year = today.year + shift
        return date(year, 1, 1), date(year, 12, 31), "year"

    return rel


def _offset(number: str, unit: str, sign: int) -> Relative:
    count = _count(number) * sign
    unit = unit.lower()

    def rel(today: date, direction: str) -> Span:
        if unit.startswith("working"):
            day = add_working_days(today, count)
        elif unit.startswith("day"):
            day = today + timedelta(days=count)
        elif unit.startswith(("week", "wk")):
            day = today + timedelta(weeks=count)
        elif unit.startswith("fortnight"):
            day = today + timedelta(weeks=2 * count)
        else:
            day = add_months(today, count)
        return day, day, "day"

    return rel


def _ordinal(match: re.Match[str]) -> Relative:
    day = int(match.group("od"))

    def rel(today: date, direction: str) -> Span | None:
        def build(index: int) -> Span | None:
            month_start = add_months(today.replace(day=1), index)
            if day > month_end(month_start.year, month_start.month).day:
                return None
            exact = month_start.replace(day=day)
            return exact, exact, "day"

        options = [span for index in (-1, 0, 1) if (span := build(index))]
        if direction == "past":
            options = [s for s in options if s[0] <= today] or options
            return options[-1]
        if direction in ("future", "moved"):
            options = [s for s in options if s[0] >= today] or options
            return options[0]
        return min(options, key=lambda s: abs((s[0] - today).days))

    return rel


_SHIFTS = {"yesterday": -1, "yday": -1, "yest": -1, "last night": -1, "tomorrow": 1, "tmrw": 1, "tomorow": 1}

RELATIVE: dict[str, Callable[[re.Match[str]], Relative | None]] = {
    "endof": _endof,
    "weekday": _weekday,
    "relunit": _relunit,
    "relday": lambda m: (
        lambda today, direction: (
            (d := today + timedelta(days=_SHIFTS.get(" ".join(m.group("relday").lower().split()), 0))),
            d,
            "day",
        )
    ),
    "inn": lambda m: _offset(m.group("in_n"), m.group("in_u"), 1),
    "time": lambda m: _offset(m.group("t_n"), m.group("t_u"), 1),
    "ago": lambda m: _offset(m.group("ago_n"), m.group("ago_u"), -1),
    "ordinal": _ordinal,
}
