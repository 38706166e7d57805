"""What a date in a reply is for: when something happened, when it is now expected, or a start.

The words just before a date decide ("Completed 28 02 06", "revised date of July", "slipped to
11 th April", "to be submitted on 25 th May"); a finishing verb just after it also counts ("27 02
06 Completed"). The role then decides which way a missing year is read.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from spacy.tokens import Doc

from nlp.cues import DATE_FUTURE, PAST_DATE_VERBS
from nlp.date_finder import DateMention, ScannedDate

_STRONG_FUTURE = {
    "will", "should", "expected", "expect", "expecting", "due", "target", "deadline", "revised", "now",
    "promised", "planned", "scheduled", "aim", "aiming", "until", "till", "realistic", "realistically",
    "latest", "going", "'ll", "wrap", "finish", "completion", "before", "within", "next", "new",
    "hope", "hoping", "estimate", "estimated", "forecast", "pencilled", "booked", "by",
}  # fmt: skip
_WEAK_FUTURE = set(DATE_FUTURE) - _STRONG_FUTURE
_PAST = set(PAST_DATE_VERBS) | {"did", "had", "yesterday", "ago", "last"}
_START = {"begin", "start", "starts", "starting", "commence", "commencing", "kick", "from", "since", "started",
          "commenced", "began", "begun"}  # fmt: skip
_MAKES_FUTURE = {"be", "to", "will", "'ll", "being"}
LEFT_WINDOW = 6
RIGHT_WINDOW = 3


@dataclass(frozen=True)
class DatedMention:
    """A date with the role it plays in the reply: ``past``, ``future``, ``start`` or ``neutral``."""

    mention: DateMention
    role: str
    now_adjacent: bool  # "end of August now": a revised date
    now_token: int | None


def read_dates(
    doc: Doc, clauses: Sequence[int], scanned: Sequence[ScannedDate], *, start: int, end: int, today: date
) -> list[DatedMention]:
    """Resolve the dates between character ``start`` and ``end`` using the role each one plays."""
    read: list[DatedMention] = []
    for item in scanned:
        if item.start < start or item.end > end:
            continue
        span = doc.char_span(item.start, item.end, alignment_mode="expand")
        if span is None:
            continue
        first, last = span.start, span.end
        clause = clauses[min(first, len(clauses) - 1)]
        left = [t for t in reversed(doc[max(0, first - LEFT_WINDOW) : first]) if clauses[t.i] == clause]
        right = [t for t in doc[last : last + RIGHT_WINDOW] if clauses[t.i] == clause]
        role = _role([t.lower_ for t in left], [t.lower_ for t in right])
        direction = {"past": "past", "future": "future", "start": "any"}.get(role, "any")
        mention = item.resolve(today=today, direction=direction)
        if mention is None:
            continue
        now_token = next((t.i for t in left[:2] if t.lower_ == "now"), None)
        if now_token is None and right and right[0].lower_ == "now":
            now_token = right[0].i
        read.append(DatedMention(mention, role, now_token is not None, now_token))
    return read


def _role(left: list[str], right: list[str]) -> str:
    """Nearest telling word wins; a past verb before "to be" is a plan ("to be submitted on")."""
    weak_future = False
    for index, word in enumerate(left):
        if word in _START:
            return "start"
        if word in _STRONG_FUTURE:
            return "future"
        if word in _PAST:
            if any(w in _MAKES_FUTURE for w in left[index + 1 : index + 3]):
                return "future"
            return "past"
        if word in _WEAK_FUTURE:
            weak_future = True
    if right:
        if right[0] == "now":
            return "future"
        if any(word in PAST_DATE_VERBS for word in right):
            return "past"
    return "future" if weak_future else "neutral"
