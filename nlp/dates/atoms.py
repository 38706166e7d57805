"""Turn one match of :data:`nlp.dates.grammar.DATE_PATTERN` into an unresolved date atom.

An atom knows its span and how to become a calendar range: either it is complete (the year was
written), or it needs a year (``build(year)``), or it needs today (``relative(today, direction)``).
Matches that are numbers rather than dates ("May" the verb, "3/4" a fraction, "06/07" a financial
year) give no atom.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from nlp.dates.calendar import (
    Relative,
    Span,
    YearBuilder,
    add_months,
    month_end,
    month_span,
    part_of_month,
    pick_year,
    quarter_span,
    safe_day,
)
from nlp.dates.grammar import MONTHS, SEASONS
from nlp.dates.relative import RELATIVE

# Words after which a bare month name ("May", "March") is a date, not a verb.
_MONTH_CUES = {
    "in", "by", "since", "until", "till", "end", "early", "mid", "late", "of", "from", "to", "before",
    "after", "during", "for", "and", "or", "next", "last", "this", "on", "/", "-", "–", "at", "around",
    "about", "approx", "circa", "beginning", "start", "middle",
}  # fmt: skip
_COUNTED = re.compile(
    r"\s+(?:of\b|out\b|schools?|staff|people|cases?|posts?|sites?|teams?|files?|children|famil(?:y|ies)"
    r"|actions?|returns?|visits?|sessions?|workshops?|events?|meetings?|reviews?|audits?|members?)",
    re.IGNORECASE,
)
_SCORED = re.compile(r"\b(?:scored?|scoring|rated?|rating|marks?)\s*(?:of\s*)?$", re.IGNORECASE)
_ORDINAL_CUES = {"by", "on", "before", "until", "till", "from", "since", "after", "for", "w/c", "wc", "w/b"}
# A share of a measure just before "within 30 days" ("96% of invoices paid within 30 days").
_MEASURE_BEFORE = re.compile(r"(?:%|\bper\s?cent)\s+of\s+(?:[a-z'-]+\s+){1,5}$", re.IGNORECASE)
# Nouns an ordinal counts when it is not a day of the month ("the 2nd floor", "a 3rd party").
_ORDINAL_NOUN = re.compile(
    r"\s+(?:floors?|sector|party|parties|tier|line|phase|stage|round|year|years|time|draft|version|"
    r"edition|wave|cohort|meeting|session|quarter|half|place|generation|class|reading|option|priority|"
    r"visit|attempt|term|level|grade|item|point|step|part|module|workshop|tranche|set|week|month|"
    r"anniversary|school|team|person|report|review|payment|instalment|batch|intake|cycle)\b",
    re.IGNORECASE,
)
_PREV_WORD = re.compile(r"([\w/–-]+)\W*$")
# A finish told with its day ("4.4a complete 1/3.", "signed off 2/4"): what a small d/m after it
# is, when nothing follows that makes it a fraction of something ("done 2/3 of the visits").
_DATED_FINISH = re.compile(
    r"\b(?i:complete|completed|done|finished|signed\s+off|agreed|approved|adopted)(?:\s+(?i:by)\s+(?:the\s+)?[A-Z][\w&]*"
    r"(?:\s+[A-Z][\w&]*){0,3})?\s+$"
)
_RANGE_NEXT = re.compile(
    r"\.?\s*(?:-|–|/|to)\s*(?:\d{1,2}\s*(?:st|nd|rd|th)?\s+)?(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)",
    re.I,
)


@dataclass(slots=True)
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


def _month_of_year(start: int, end: int, month: int, which: str, part: str | None) -> Atom:
    shift = {"next": 1, "last": -1}.get(which, 0)

    def rel(today: date, direction: str) -> Span:
        year = today.year + shift
        return part_of_month(year, month, part) if part else month_span(year, month)

    return Atom(start, end, relative=rel, month=month)


_NOW_AFTER = re.compile(r"\s+now\b", re.IGNORECASE)
_CLAUSE_END_AFTER = re.compile(r"\s*(?:[.,;!?)]|$|\s(?:now|instead|at\s+the\s+earliest|latest)\b)", re.IGNORECASE)
# The words before a lower-case "may" or "march" that make it the month (with the clause ending after it).
_LOWER_VERB_MONTH_CUES = {"to", "until", "till", "til", "by", "in", "end", "mid", "early", "late", "since", "from",
                          "before", "after", "during", "of"}


def _bare_month_ok(text: str, word: str, start: int) -> bool:
    """A month with no day or year: "May"/"March" only as dates, not verbs; abbreviations capitalised."""
    lower = word.lower().rstrip(".")
    if _RANGE_NEXT.match(text, start + len(word)):
        return True  # "Mar- May 06": the first end of a range
    if lower in ("may", "march", "mar") or len(lower) <= 4:
        if not word[0].isupper():
            # phone-typed "slipped to july", "til aug", "will be july now"; but never "may" or
            # "march" (verbs)
            previous = _PREV_WORD.search(text, max(0, start - 40), start)
            cued = previous is not None and previous.group(1).lower() in _MONTH_CUES | {"til", "due", "w/c"}
            if lower in ("may", "march", "mar"):
                # the verbs, unless a date's word comes before and the clause ends after: "pushed
                # back to march, consultant off sick", "til may now" (not "to march on", "by may be")
                return (cued and previous is not None and previous.group(1).lower() in _LOWER_VERB_MONTH_CUES
                        and _CLAUSE_END_AFTER.match(text, start + len(word)) is not None)
            return cued or _NOW_AFTER.match(text, start + len(word)) is not None
        if lower in ("may", "march", "mar"):
            previous = _PREV_WORD.search(text, max(0, start - 40), start)
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
        if _COUNTED.match(text, end) or _SCORED.search(text, max(0, start - 40), start):
            return None  # "8/10 schools visited", "scored 7/10": counts and scores
        return _day_slash_month(start, end, g("dm_d"), g("dm_m"), text)
    if kind == "day_month":
        first = int(g("dr_d")) if g("dr_d") else None
        return _day_atom(start, end, int(g("d1")), _month(g("m1")), _year(g("y1")), first)
    if kind == "month_day":
        return _month_day(match, start, end, text)
    if kind == "month":
        if not g("y3") and not g("mod") and not _bare_month_ok(text, g("m3"), match.start("m3")):
            return None
        if g("m3_rel"):  # "May next year", "March this year"
            return _month_of_year(start, end, _month(g("m3")), g("m3_rel").lower(), _part(g("mod")))
        return _month_atom(start, end, _month(g("m3")), _year(g("y3")), _part(g("mod")))
    if kind == "wc":
        return _week_commencing(match, start, end)
    return _relative_atom(match, start, end, text)


def _numeric(start: int, end: int, parts: list[int]) -> Atom | None:
    day, month, year = parts
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    return _day_atom(start, end, day, month, _year(str(year)))


def _day_slash_month(start: int, end: int, day_text: str, month_text: str, text: str) -> Atom | None:
    day, month = int(day_text), int(month_text)
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    if len(day_text) == 2 and len(month_text) == 2 and month == (day + 1) % 100:
        return None  # "06/07": a financial year
    if ((day, month) == (24, 7) or month <= 4 and day < month) and not _DATED_FINISH.search(
        text, max(0, start - 30), start
    ):
        return None  # "3/4" is a fraction and "open 24/7" a phrase; "complete 1/3." is a day
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


def _relative_atom(match: re.Match[str], start: int, end: int, text: str) -> Atom | None:
    g = match.group
    kind = match.lastgroup
    if kind == "quarter":
        quarter = (
            int(g("q") or g("qn"))
            if g("q") or g("qn")
            else {"first": 1, "second": 2, "third": 3, "final": 4}.get(
                g("qw").lower(), int(g("qw")[0]) if g("qw")[0].isdigit() else 1
            )
        )
        if g("fy"):  # "Q1 2006/07" or "Q1 06/07": the financial year that starts in April 2006
            start_year = int(g("fy"))
            first = date(start_year if start_year > 99 else 2000 + start_year, 4, 1)
            begin = add_months(first, 3 * (quarter - 1))
            end_day = month_end(add_months(begin, 2).year, add_months(begin, 2).month)
            return Atom(start, end, span=(begin, end_day, "quarter"))
        year = _year(g("qy"))
        if year:
            return Atom(start, end, span=quarter_span(year, quarter))
        return Atom(start, end, build=lambda y: quarter_span(y, quarter))
    if kind == "season":
        return _season(match, start, end, text)
    if kind == "xmas":
        return Atom(start, end, build=lambda y: (date(y, 12, 25), date(y, 12, 25), "day"), month=12)
    if kind == "inn" and _MEASURE_BEFORE.search(text, max(0, start - 50), start):
        return None  # "96% of invoices paid within 30 days": a standard of a measure, not a date
    if kind == "ordinal" and _ORDINAL_NOUN.match(text, end):
        return None  # "the 2nd floor", "the 3rd sector", "the 1st phase": counting, not a day
    if kind == "ordinal" and not match.group("od_the"):
        previous = _PREV_WORD.search(text, max(0, start - 40), start)
        if not (previous and previous.group(1).lower() in _ORDINAL_CUES):
            return None  # "1st draft" is not a date; "by 30th" is
    if kind == "endyear":
        year = int(g("ey"))
        return Atom(start, end, span=(date(year, 12, 31), date(year, 12, 31), "day"))
    relative = RELATIVE[kind](match) if kind in RELATIVE else None
    return Atom(start, end, relative=relative) if relative else None


# A date moved to a season ("slipped to the summer", "put back until the autumn"), or a season as
# a deadline ("by the autumn").
_SEASON_MOVED = re.compile(
    r"\b(?:moved|slipped|slip|pushed(?:\s+back)?|put\s+back|deferred|postponed|delayed|rescheduled|back|"
    r"until|till|til)\s+(?:to\s+|into\s+|until\s+|till\s+)?(?:the\s+)?$"
    r"|\b(?:by|before)\s+the\s+$",  # a deadline: "now expected by the autumn"
    re.I,
)
_SEASON_AFTER = re.compile(
    # what may follow a season that is a time: the end of the clause, "now", or the reason for the move
    # ("postponed to the spring because of our reorganisation")
    r"\s*(?:now|instead|at\s+the\s+earliest|because|due\s+to|owing\s+to|as|following|pending|when|while|"
    r"so|and|but|at\s+the\s+latest)\b|\s*(?:[.,;!)–—-]|$)",
    re.I,
)


def _season_as_time(text: str, start: int, end: int) -> bool:
    """A season in lower case is a time when a date is moved to it or it is a deadline, and
    nothing follows that makes it a kind of work ("slipped to the summer.", "– summer now", "by
    the autumn"; not "the summer scheme"). Other lower-case seasons ("planned for the autumn")
    stay words, as the labelled replies have them."""
    after = _SEASON_AFTER.match(text, end)
    if after is None:
        return False
    return after.group(0).strip().lower() in ("now", "instead") or bool(
        _SEASON_MOVED.search(text, max(0, start - 30), start)
    )


def _season(match: re.Match[str], start: int, end: int, text: str) -> Atom | None:
    g = match.group
    name = g("sn")
    year = _year(g("sy"))
    if year is None and not g("smod") and not name[0].isupper() and not _season_as_time(text, start, end):
        return None  # "the summer scheme", "winter gritting": a kind of work, not a time
    first_month, last_month = SEASONS[name.lower()]

    def build(y: int) -> Span:
        last_year = y + 1 if last_month < first_month else y
        return date(y, first_month, 1), month_end(last_year, last_month), "range"

    return Atom(start, end, span=build(year)) if year else Atom(start, end, build=build)
