"""Turn one match of :data:`nlp.date_grammar.DATE_PATTERN` into an unresolved date atom.

An atom knows its span and how to become a calendar range: either it is complete (the year was
written), or it needs a year (``build(year)``), or it needs today (``relative(today, direction)``).
Matches that are numbers rather than dates ("May" the verb, "3/4" a fraction, "06/07" a financial
year) give no atom.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from nlp.date_calendar import (
    Span,
    YearBuilder,
    add_months,
    add_working_days,
    month_end,
    month_span,
    part_of_month,
    pick_weekday,
    pick_year,
    quarter_span,
    safe_day,
    week_of,
)
from nlp.date_grammar import MONTHS, NUMBER_WORDS, SEASONS, WEEKDAYS

Relative = Callable[[date, str], Span | None]

# Words after which a bare month name ("May", "March") is a date, not a verb.
_MONTH_CUES = {
    "in", "by", "since", "until", "till", "end", "early", "mid", "late", "of", "from", "to", "before",
    "after", "during", "for", "and", "or", "next", "last", "this", "on", "/", "-", "–", "at", "around",
    "about", "approx", "circa", "beginning", "start", "middle",
}  # fmt: skip
_PREV_WORD = re.compile(r"([\w/–-]+)\W*$")
_RANGE_NEXT = re.compile(
    r"\.?\s*(?:-|–|/|to)\s*(?:\d{1,2}\s*(?:st|nd|rd|th)?\s+)?(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)",
    re.I,
)


@dataclass
class Atom:
    """A date-like span not yet tied to a calendar year or to today."""

    start: int
    end: int
    span: Span | None = None  # complete: the year was written
    build: YearBuilder | None = None  # needs a year
    relative: Relative | None = None  # needs today and a direction
    month: int | None = None  # the month written, for year inheritance in ranges and cells

    def resolve(self, *, today: date | None, direction: str, year: int | None = None) -> Span | None:
        """The calendar range, given today (or a year inherited from a neighbour)."""
        if self.span is not None:
            return self.span
        if self.build is not None:
            if year is not None:
                return self.build(year)
            return pick_year(self.build, today=today, direction=direction) if today else None
        if self.relative is not None and today is not None:
            return self.relative(today, direction)
        return None


def _year(text: str | None) -> int | None:
    if not text:
        return None
    digits = int(text.strip("'"))
    return digits if digits >= 100 else (2000 + digits if digits < 70 else 1900 + digits)


def _month(text: str) -> int:
    return MONTHS[text.lower().rstrip(".")]


def _count(text: str) -> int:
    text = " ".join(text.lower().split())
    return int(text) if text.isdigit() else NUMBER_WORDS[text]


def _day_atom(
    start: int, end: int, day: int, month: int, year: int | None, first_day: int | None = None
) -> Atom:
    def build(y: int) -> Span | None:
        last = safe_day(y, month, day)
        if first_day is not None:
            return safe_day(y, month, first_day), last, "day"  # "26-30 June": days, shown by the last
        return last, last, "day"

    if year is not None:
        return Atom(start, end, span=build(year), month=month)
    return Atom(start, end, build=build, month=month)


def _month_atom(start: int, end: int, month: int, year: int | None, part: str | None) -> Atom:
    def build(y: int) -> Span:
        return part_of_month(y, month, part) if part else month_span(y, month)

    if year is not None:
        return Atom(start, end, span=build(year), month=month)
    return Atom(start, end, build=build, month=month)


def _bare_month_ok(text: str, word: str, start: int) -> bool:
    """A month with no day or year: "May"/"March" only as dates, not verbs; abbreviations capitalised."""
    lower = word.lower().rstrip(".")
    if _RANGE_NEXT.match(text, start + len(word)):
        return True  # "Mar- May 06": the first end of a range
    if lower in ("may", "march", "mar") or len(lower) <= 4:
        if not word[0].isupper():
            return False
        if lower in ("may", "march", "mar"):
            previous = _PREV_WORD.search(text, 0, start)
            return bool(previous and previous.group(1).lower() in _MONTH_CUES)
    return True


def _part(mod: str | None) -> str | None:
    if not mod:
        return None
    words = re.sub(r"^(?:the\s+)?(?:very\s+)?", "", mod.lower()).rstrip(" -")
    for key in ("first half", "second half", "early", "mid", "late", "end", "beginning", "start", "begin"):
        if words.startswith(key):
            return {"start": "beginning", "begin": "beginning"}.get(key, key)
    return "mid" if words.startswith("middle") else None


def from_match(match: re.Match[str], text: str) -> Atom | None:
    """The atom for one regex match, or None when the match is not really a date."""
    kind = match.lastgroup
    g = match.group
    start, end = match.start(), match.end()
    if kind == "iso":
        y, m, d = (int(part) for part in g("iso").split("-"))
        return _day_atom(start, end, d, m, y)
    if kind == "num":
        return _numeric(start, end, [int(part) for part in re.findall(r"\d+", g("num"))])
    if kind == "dm":
        return _day_slash_month(start, end, g("dm_d"), g("dm_m"))
    if kind == "day_month":
        first = int(g("dr_d")) if g("dr_d") else None
        return _day_atom(start, end, int(g("d1")), _month(g("m1")), _year(g("y1")), first)
    if kind == "month_day":
        return _month_day(match, start, end, text)
    if kind == "month":
        if not g("y3") and not g("mod") and not _bare_month_ok(text, g("m3"), match.start("m3")):
            return None
        return _month_atom(start, end, _month(g("m3")), _year(g("y3")), _part(g("mod")))
    if kind == "wc":
        return _week_commencing(match, start, end)
    return _relative_atom(match, start, end)


def _numeric(start: int, end: int, parts: list[int]) -> Atom | None:
    day, month, year = parts
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    return _day_atom(start, end, day, month, _year(str(year)))


def _day_slash_month(start: int, end: int, day_text: str, month_text: str) -> Atom | None:
    day, month = int(day_text), int(month_text)
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    if len(day_text) == 2 and len(month_text) == 2 and month == (day + 1) % 100:
        return None  # "06/07": a financial year
    if month <= 4 and day < month or (day, month) == (24, 7):
        return None  # "3/4" is a fraction, "24/7" a phrase
    return _day_atom(start, end, day, month, None)


def _month_day(match: re.Match[str], start: int, end: int, text: str) -> Atom | None:
    g = match.group
    month, number = _month(g("m2")), g("d2")
    year = _year(g("y2"))
    if not g("s2") and year is None and len(number) == 2:
        return _month_atom(start, end, month, _year(number), None)  # "Mar 09", "June 10": month and year
    return _day_atom(start, end, int(number), month, year)


def _week_commencing(match: re.Match[str], start: int, end: int) -> Atom | None:
    g = match.group
    if g("wc_num"):
        parts = [int(part) for part in re.findall(r"\d+", g("wc_num"))]
        day, month = parts[0], parts[1]
        year = _year(str(parts[2])) if len(parts) > 2 else None
    else:
        day, month, year = int(g("wc_d")), _month(g("wc_m")), _year(g("wc_y"))
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return None

    def build(y: int) -> Span:
        first = safe_day(y, month, day)
        return first, first + timedelta(days=6), "week"

    return (
        Atom(start, end, span=build(year), month=month)
        if year
        else Atom(start, end, build=build, month=month)
    )


def _relative_atom(match: re.Match[str], start: int, end: int) -> Atom | None:
    g = match.group
    kind = match.lastgroup
    if kind == "quarter":
        quarter = (
            int(g("q"))
            if g("q")
            else {"first": 1, "second": 2, "third": 3, "final": 4}.get(
                g("qw").lower(), int(g("qw")[0]) if g("qw")[0].isdigit() else 1
            )
        )
        year = _year(g("qy"))
        if year:
            return Atom(start, end, span=quarter_span(year, quarter))
        return Atom(start, end, build=lambda y: quarter_span(y, quarter))
    if kind == "season":
        return _season(match, start, end)
    if kind == "endyear":
        year = int(g("ey"))
        return Atom(start, end, span=(date(year, 12, 31), date(year, 12, 31), "day"))
    relative = _RELATIVE[kind](match) if kind in _RELATIVE else None
    return Atom(start, end, relative=relative) if relative else None


def _season(match: re.Match[str], start: int, end: int) -> Atom | None:
    g = match.group
    name = g("sn")
    year = _year(g("sy"))
    if year is None and not g("smod") and not name[0].isupper():
        return None
    first_month, last_month = SEASONS[name.lower()]

    def build(y: int) -> Span:
        last_year = y + 1 if last_month < first_month else y
        return date(y, first_month, 1), month_end(last_year, last_month), "range"

    return Atom(start, end, span=build(year)) if year else Atom(start, end, build=build)


def _endof(match: re.Match[str]) -> Relative:
    which = (match.group("eo_which") or "this").strip().lower()
    unit = match.group("eo_unit").lower()
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
    if len(word.rstrip(".")) <= 4 and not word[0].isupper():
        return None  # "wed", "fri" in lower case are rarely days
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
    unit = match.group("ru_unit").lower()
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
        elif unit.startswith("week"):
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
        if direction == "future":
            options = [s for s in options if s[0] >= today] or options
            return options[0]
        return min(options, key=lambda s: abs((s[0] - today).days))

    return rel


_RELATIVE: dict[str, Callable[[re.Match[str]], Relative | None]] = {
    "endof": _endof,
    "weekday": _weekday,
    "relunit": _relunit,
    "relday": lambda m: (
        lambda today, direction: (
            (d := today + timedelta(days={"yesterday": -1, "tomorrow": 1}.get(m.group("relday").lower(), 0))),
            d,
            "day",
        )
    ),
    "inn": lambda m: _offset(m.group("in_n"), m.group("in_u"), 1),
    "time": lambda m: _offset(m.group("t_n"), m.group("t_u"), 1),
    "ago": lambda m: _offset(m.group("ago_n"), m.group("ago_u"), -1),
    "ordinal": _ordinal,
}
