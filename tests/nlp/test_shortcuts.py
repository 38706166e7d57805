"""The reader's shortcuts read exactly what the full work reads, on every text in the repository
(``benchmarks.nlp_golden.texts``) and on generated edge cases.

- the date scan tries DATE_PATTERN only where a date can begin: it finds what the pattern's own
  ``finditer`` finds;
- ``find_percent`` skips a reader without its words (``tests/nlp/test_percent_gate.py``);
- ``find_refs`` skips a text without a digit: no reference pattern matches there;
- calendar helpers give what ``calendar.monthrange`` and ``strftime`` give.
"""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from benchmarks.nlp_golden import texts
from nlp.dates.grammar import _FIRST_PREFIXES, _FIRST_WORDS, DATE_PATTERN, MONTHS, SEASONS, WEEKDAYS, date_matches
from nlp.refs import REF_PATTERN, find_refs


def _found(matches: object) -> list[tuple[tuple[int, int], str | None, tuple[str | None, ...]]]:
    return [(m.span(), m.lastgroup, m.groups()) for m in matches]  # type: ignore[attr-defined]


def _agree(text: str) -> None:
    assert _found(date_matches(text)) == _found(DATE_PATTERN.finditer(text)), text


def test_the_scan_finds_what_the_pattern_finds_in_every_text() -> None:
    count = 0
    for _, text, _ in texts():
        _agree(text)
        count += 1
    assert count > 6000


# Words and pieces the grammar is made of, their near misses, and characters that case-insensitive
# matching treats as letters of the pattern ("ſ" is "s", "ı" is "i", the Kelvin sign is "k").
_WORDS = sorted(
    _FIRST_WORDS | set(_FIRST_PREFIXES) | set(MONTHS) | set(WEEKDAYS) | set(SEASONS)
    | {"of", "to", "until", "and", "ago", "time", "days", "working", "weeks", "fortnight", "months", "year",
       "quarter", "half", "morning", "afternoon", "evening", "play", "business", "day", "on", "fy", "st", "nd",
       "rd", "th", "commencing", "beginning", "starting", "financial", "calendar", "current", "past", "about",
       "another", "around", "tbc", "provisional", "s", "there", "them", "then", "an", "ending",
       "mayor", "marching", "decide", "secondly", "within", "couple", "few", "ſept", "ſpring", "thırd",
       "wee\u212a", "MAY", "Jan", "Q", "W", "C", "EOD", "COB", "Xmas", "todays", "springtime", "Christmastide",
       "mayé", "éjan", "_jan", "x"}
)
_PIECES = st.one_of(
    st.sampled_from(_WORDS),
    st.sampled_from(_WORDS).map(str.capitalize),
    st.integers(min_value=0, max_value=2100).map(str),
    st.sampled_from(["06", "2006", "'06", "31", "1st", "2nd", "3rd", "4th", "q1", "Q4", "w/c", "w.c.", "c.o.p",
                     "co.p", "cop", "12th", "0", "٣"]),
)
_GLUE = st.sampled_from([" ", " ", " ", "", "/", ".", "-", "–", ",", ", ", "\n", "'", "~", "_", "%", "?", ": ",
                         " - ", " to ", "£", "(", ")", "  "])


@settings(max_examples=3000, deadline=None)
@given(parts=st.lists(st.tuples(_PIECES, _GLUE), min_size=1, max_size=12))
def test_the_scan_finds_what_the_pattern_finds_in_generated_text(parts: list[tuple[str, str]]) -> None:
    _agree("".join(piece + glue for piece, glue in parts))


# What can follow a date's first word: put after each word of the vocabulary (and its near misses),
# these make a date begin at that word if the grammar lets it.
_TAILS = [
    "", " 5th June 2006", " 5 June", " the 5th", " end of the month", " week of 3 May", " of June", "-June",
    " June", " 12", "/06", ".c. 12 June", "/c 12/6", " 2006", " 06", " Monday", " next week", " quarter 2006",
    " half of 2007", " few days ago", " couple of weeks", " weeks' time", " 3 weeks", " days ago", " week",
    " year", " morning", " today", " of play Friday", " on Friday", ".o.p. Monday", ".p Monday", " coming Tuesday",
    " of 2006", " of the financial year", " the end of May", " very end of June", "-March", " 1st", " th",
    " nd", " of the week", " 2006/07", " fy 2006-07", "1", "3", " Xmas", " spring", " springs", " of weeks ago",
    " of days' time",
]


def test_every_word_before_every_tail() -> None:
    for word in _WORDS:
        for form in (word, word.capitalize(), word.upper()):
            for tail in _TAILS:
                for before in ("", "by ", "x", "1", "(", "w/"):
                    _agree(before + form + tail)


def test_every_first_word_is_tried() -> None:
    # each alternative of the grammar starts with a digit or one of these words: spot-check a few
    # whose first word is easy to forget
    for text in ("the end of the month", "a few days ago", "in a couple of weeks", "close of play Friday",
                 "c.o.b. Monday", "eod Friday", "very early March", "Q3 2006", "final quarter",
                 "todays date", "springtime 2007", "Christmastide", "w/c 12 June", "this coming Monday"):
        assert _found(date_matches(text)), text
        _agree(text)
    assert re.fullmatch(r"[a-z ]+", " ".join(_FIRST_WORDS))


def test_a_month_is_written_as_strftime_writes_it() -> None:
    from datetime import date

    from nlp.dates.finder import _value

    for year in (1, 5, 99, 999, 1000, 1999, 2006, 2039, 9999):
        for month in (1, 9, 10, 12):
            day = date(year, month, 1)
            assert _value((day, day, "month")) == day.strftime("%Y-%m")


def test_days_in_month_is_monthrange() -> None:
    import calendar

    import pytest

    from nlp.dates.calendar import days_in_month

    for year in (1, 1900, 1999, 2000, 2004, 2006, 2100, 9999):
        for month in range(1, 13):
            assert days_in_month(year, month) == calendar.monthrange(year, month)[1]
    for month in (0, 13, -1):
        with pytest.raises(calendar.IllegalMonthError):
            days_in_month(2006, month)


def test_no_reference_without_a_digit() -> None:
    for _, text, _ in texts():
        if not re.search(r"\d", text):
            assert REF_PATTERN.search(text) is None, text
    for text in ("Action six done", "Re: item a)", "refs b and c", "points a) & b)", "Action one point two"):
        assert REF_PATTERN.search(text) is None and find_refs(text) == []
    # and the check does not hide a reference written with any digit
    assert [m.ref for m in find_refs("Action 6 done; 7.2a and b) late; 5a 1 started")] == ["6", "7.2a", "7.2b", "5a.1"]
