"""What a date says about the work when no status word does.

Two families of replies tell their news through a date and a verb rather than a status word:

- *a piece of work told as done at a time*: "Library kiosks installed in all branches in April",
  "Post filled 03.04.06", "Refresher training given to all drivers in February". A past verb with
  a date behind today, and nothing still ahead, is a weak completion cue (the trained model and
  the question to the lead settle the rest: it may be one step of a bigger action).
- *a date moved in everyday words*: "we moved it to 12 October", "had to put the date back to
  20th Sept", "pushed out to November". A moving verb before a date still ahead is a weak delay.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from nlp.dates.roles import DatedMention
from nlp.status.cues import PAST_DATE_VERBS, WEAK_DONE
from nlp.status.rules import STATUSES, Cue
from nlp.tokens import TokenView

_STARTS = frozenset({"started", "commenced", "began", "begun", "from", "since", "commence", "start"})
_MOVING = frozenset({"moved", "pushed", "put", "shifted", "bumped", "changed", "rearranged", "rescheduled",
                     "move", "push", "shift", "slid", "gone"})  # fmt: skip
_BACK = frozenset({"to", "until", "till", "into", "back", "out", "for"})
WINDOW = 6


def told_date_cues(
    view: TokenView, dated: Sequence[DatedMention], cues: Sequence[Cue], start: int, today: date
) -> list[Cue]:
    """Weak cues from dates told with a past verb (done) or a moving verb (delayed)."""
    if not dated:
        return []
    taken = {i for c in cues for i in range(c.start, c.end)}
    found = [c for c in _moved(view, dated, start, today) if c.start not in taken]
    if found or any(c.category in STATUSES or c.category == "no_change" for c in cues):
        return found
    if any(d.mention.first > today and d.is_expected(today) for d in dated):
        return []  # something still ahead: not a finish
    for item in reversed(dated):  # the last thing told
        if item.role != "past" or item.mention.last > today:
            continue
        verb = _nearest(view, item.token_start, start, PAST_DATE_VERBS - _STARTS)
        if verb is not None:
            return [Cue("complete", WEAK_DONE, verb, verb + 1, view.clause[verb], view.doc[verb : verb + 1])]
    return []


def _moved(view: TokenView, dated: Sequence[DatedMention], start: int, today: date) -> list[Cue]:
    found = []
    for item in dated:
        if item.role in ("past", "start", "deadline") or item.mention.first <= today:
            continue
        verb = _nearest(view, item.token_start, start, _MOVING)
        if verb is None or not _BACK.intersection(view.lower[verb + 1 : item.token_start]):
            continue
        found.append(Cue("delayed", 2.0, verb, verb + 1, view.clause[verb], view.doc[verb : verb + 1]))
    return found


def _nearest(view: TokenView, token: int, floor: int, verbs: frozenset[str]) -> int | None:
    """The nearest of ``verbs`` before ``token`` in its clause (at most ``WINDOW`` words back)."""
    clause = view.clause[token] if token < len(view.clause) else -1
    for i in range(token - 1, max(floor, token - WINDOW) - 1, -1):
        if view.clause[i] != clause:
            return None
        if view.lower[i] in verbs:
            return i
    return None
