"""Read the figures a reply gives for the asker's indicators: "CH141 was 201 at the end of June",
"CH142: 18.5%", "repeat referrals 18.5 for June", "LAC 163".

Here a number is a value, not a percent complete or a date: the reader looks for the first number
after the indicator's name in the same clause (else just before it), skipping numbers inside dates
("30/06/2006", "June 06") and counts of time ("within 12 months"). The period is the date written in
the clause, else the one date the whole reply gives, else none (the caller uses the period it asked
for). A code-shaped word ("CH999") that is none of the asker's indicators is reported, as is an
indicator named with no number beside it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from nlp.dates import find_dates
from nlp.figures.names import CODE_SHAPE, IndicatorName, NameMention, find_names

_NUMBER = re.compile(r"(?<![\w.,/-])(-?\d{1,3}(?:,\d{3})+(?:\.\d+)?|-?\d+(?:\.\d+)?|-?\.\d+)"
                     r"(\s*(?:%|per\s*cent\b|percent\b))?(?![\w/]|[.,]\d)")
_TIME_UNIT = re.compile(r"^\s*(?:working\s+)?(?:days?|weeks?|months?|years?|hours?|mins?|minutes?)\b", re.I)
_PER = re.compile(r"per\s*$", re.I)  # "per 10,000": the unit, not the figure
_CLAUSE_END = re.compile(r"[;\n]|\.(?=\s|$)")


@dataclass(frozen=True)
class Figure:
    """One figure read for one indicator.

    Attributes:
        key: The indicator's key (``IndicatorName.key``).
        name: How the reply named it ("LAC").
        value: The figure, or None when the reply names the indicator with no number beside it.
        percent: Written with a percent sign or "per cent".
        period: The period's date as the reply gives it (``YYYY-MM`` or ``YYYY-MM-DD``), None when it gives none.
        text: The clause the figure was read from, as written.
        start: Where that clause starts in the reply; end: just past it.
    """

    key: str
    name: str
    value: float | None
    percent: bool
    period: str | None
    text: str
    start: int
    end: int


@dataclass(frozen=True)
class FigureReading:
    """Everything the reader found: the figures, and code-shaped words that are none of the asker's."""

    figures: tuple[Figure, ...] = ()
    unknown_codes: tuple[str, ...] = ()
    spans: tuple[tuple[int, int], ...] = field(default=())  # the clauses read as figures (to leave out of the rest)


def _clauses(text: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for match in _CLAUSE_END.finditer(text):
        spans.append((start, match.start()))
        start = match.end()
    spans.append((start, len(text)))
    return [(s, e) for s, e in spans if text[s:e].strip()]


def _numbers(text: str, start: int, end: int, blocked: list[tuple[int, int]]) -> list[re.Match[str]]:
    out = []
    for match in _NUMBER.finditer(text, start, end):
        if any(s <= match.start() < e for s, e in blocked):
            continue
        if _TIME_UNIT.match(text, match.end()) or _PER.search(text[max(0, match.start() - 5):match.start()]):
            continue
        out.append(match)
    return out


def read_figures(text: str, *, indicators: Sequence[IndicatorName], today: date) -> FigureReading:
    """The figures ``text`` gives for ``indicators``, given the day it was written (for "June")."""
    if not indicators:
        return FigureReading()
    dates = find_dates(text, today=today)
    blocked = [(d.start, d.end) for d in dates]
    names = find_names(text, indicators)
    name_spans = [(n.start, n.end) for n in names]
    known_codes = {re.sub(r"[ -]", "", i.code).lower() for i in indicators if i.code}
    unknown, unknown_at = [], []
    for match in CODE_SHAPE.finditer(text):
        code = match.group(1) + match.group(2)
        inside = any(s <= match.start() < e for s, e in name_spans + blocked)
        if not inside and code.lower() not in known_codes and match.group(1).isupper():
            unknown_at.append(match.start())
            if code not in unknown:
                unknown.append(code)
    only_period = dates[0].value if len({d.value for d in dates}) == 1 else None
    figures: list[Figure] = []
    spans: list[tuple[int, int]] = []
    for clause_start, clause_end in _clauses(text):
        in_clause = [n for n in names if clause_start <= n.start < clause_end]
        for index, name in enumerate(in_clause):
            stop = in_clause[index + 1].start if index + 1 < len(in_clause) else clause_end
            begin = in_clause[index - 1].end if index > 0 else clause_start
            after = _numbers(text, name.end, stop, blocked + name_spans)
            before = _numbers(text, begin, name.start, blocked + name_spans) if not after else []
            number = after[0] if after else before[-1] if before else None
            own_dates = [d for d in dates if begin <= d.start < stop]
            period = own_dates[0].value if own_dates else only_period
            figures.append(_figure(text, name, number, period, clause_start, clause_end))
        if in_clause or any(clause_start <= at < clause_end for at in unknown_at):
            spans.append((clause_start, clause_end))
    return FigureReading(tuple(figures), tuple(unknown), tuple(spans))


def _figure(text: str, name: NameMention, number: re.Match[str] | None, period: str | None,
            start: int, end: int) -> Figure:
    value = float(number.group(1).replace(",", "")) if number else None
    percent = bool(number and number.group(2))
    return Figure(key=name.key, name=name.text, value=value, percent=percent, period=period,
                  text=text[start:end].strip(), start=start, end=end)
