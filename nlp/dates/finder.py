"""Find every date in free text: ``find_dates`` and the unresolved ``scan_dates`` it is built on."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from nlp.dates.atoms import Atom, from_match
from nlp.dates.calendar import Span
from nlp.dates.grammar import RANGE_JOIN, TENTATIVE_AFTER, date_matches
from nlp.records import quick_init

DIRECTIONS = ("past", "future", "moved", "any")


@quick_init
@dataclass(frozen=True, slots=True)
class DateMention:
    """One date found in text, normalised.

    Attributes:
        text: the words as written ("end Feb 06").
        start: character offset of the mention in the text.
        end: character offset just past the mention.
        value: ``YYYY-MM-DD``, or ``YYYY-MM`` when the mention is a month (or part of one, a
            quarter or a season: the month it ends in).
        first: the first day the mention covers.
        last: the last day the mention covers (a month alone ends on its last day).
        precision: ``day``, ``week``, ``month``, ``quarter``, ``year`` or ``range``.
        tentative: written with a question mark or "TBC" ("Mar 09?").
        start_value: for a range ("Jan – Mar 06"), its first end in the same form as ``value``.
        year_given: False when the year was inferred rather than written.
    """

    text: str
    start: int
    end: int
    value: str
    first: date
    last: date
    precision: str
    tentative: bool = False
    start_value: str | None = None
    year_given: bool = True


@dataclass(slots=True)
class ScannedDate:
    """A date-like span found in text whose year (or relation to today) is still open."""

    atom: Atom
    text: str
    tentative: bool
    range_from: Atom | None = None  # the first end of a range such as "Jan – Mar 06"

    @property
    def start(self) -> int:
        return self.range_from.start if self.range_from else self.atom.start

    @property
    def end(self) -> int:
        return self.atom.end

    @property
    def needs_year(self) -> bool:
        if self.range_from is not None and self.range_from.span is not None:
            return False  # "Oct 2006 – March": the second end takes the first end's year
        return self.atom.build is not None

    def resolve(
        self, *, today: date | None, direction: str = "any", year: int | None = None
    ) -> DateMention | None:
        """Tie the scanned span to the calendar: the year written, inherited (``year``) or inferred."""
        if year is None and self.atom.build is not None and self.range_from and self.range_from.span:
            head_end = self.range_from.span[1]
            wraps = self.atom.month is not None and self.atom.month < head_end.month
            year = head_end.year + (1 if wraps else 0)
        end_span = self.atom.resolve(today=today, direction=direction, year=year)
        if end_span is None:
            return None
        start_span: Span | None = None
        if self.range_from is not None:
            start_span = self._resolve_range_start(end_span, today=today, direction=direction)
            if start_span is None:
                return None
        first = start_span[0] if start_span else end_span[0]
        precision = (
            "range" if start_span or end_span[0] != end_span[1] and end_span[2] == "day" else end_span[2]
        )
        return DateMention(
            text=self.text,
            start=self.start,
            end=self.end,
            value=_value(end_span),
            first=first,
            last=end_span[1],
            precision=precision,
            tentative=self.tentative,
            start_value=_value(start_span) if start_span else None,
            year_given=not self.needs_year or year is not None,
        )

    def _resolve_range_start(self, end_span: Span, *, today: date | None, direction: str) -> Span | None:
        assert self.range_from is not None
        head = self.range_from
        if head.build is None:
            return head.resolve(today=today, direction=direction)
        # "Nov – Feb 07": the first end lies in the year before when its month is later.
        year = end_span[1].year
        if head.month is not None and self.atom.month is not None and head.month > self.atom.month:
            year -= 1
        return head.build(year)


def _value(span: Span) -> str:
    """A day as ``YYYY-MM-DD`` (a week by its first day); anything longer by the month it ends in."""
    first, last, precision = span
    if precision == "day":
        return last.isoformat()
    if precision == "week":
        return first.isoformat()
    return f"{last.year}-{last.month:02d}"  # as strftime("%Y-%m") writes it, in a fifth of the time


def scan_dates(text: str) -> list[ScannedDate]:
    """Every date-like span in ``text``, ranges joined, years not yet decided."""
    atoms = [atom for match in date_matches(text) if (atom := from_match(match, text))]
    scanned: list[ScannedDate] = []
    index = 0
    while index < len(atoms):
        atom = atoms[index]
        following = atoms[index + 1] if index + 1 < len(atoms) else None
        if following is not None and _joins(text, atom, following):
            scanned.append(_scanned(text, following, range_from=atom))
            index += 2
            continue
        scanned.append(_scanned(text, atom))
        index += 1
    return scanned


def _joins(text: str, head: Atom, tail: Atom) -> bool:
    """Two calendar dates joined by a dash, "to" or a slash ("Jan – Mar 06", "June / July 2006")."""
    if head.relative is not None or tail.relative is not None:
        return False
    if head.month is None or tail.month is None:
        return False
    return RANGE_JOIN.match(text[head.end : tail.start]) is not None


def _scanned(text: str, atom: Atom, *, range_from: Atom | None = None) -> ScannedDate:
    start = range_from.start if range_from else atom.start
    tentative = bool(TENTATIVE_AFTER.match(text[atom.end : atom.end + 20]))
    return ScannedDate(atom=atom, text=text[start : atom.end], tentative=tentative, range_from=range_from)


def find_dates(text: str, *, today: date | None = None, direction: str = "any") -> list[DateMention]:
    """Every date in ``text``, in order, normalised.

    Args:
        text: free text (a reply, a progress note, a plan cell).
        today: the day the text was written; needed for words like "next month" and for dates
            written without a year. Without it, such mentions are left out.
        direction: when a year is missing, ``past`` picks the latest occurrence by today (work
            finished), ``future`` the earliest still ahead (work expected), ``any`` the nearest.

    Returns:
        The mentions in text order.
    """
    if direction not in DIRECTIONS:
        raise ValueError(f"direction must be one of {DIRECTIONS}, not {direction!r}")
    mentions = []
    for item in scan_dates(text):
        mention = item.resolve(today=today, direction=direction)
        if mention is not None:
            mentions.append(mention)
    return mentions
