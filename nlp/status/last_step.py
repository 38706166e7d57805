"""The one step of an action still to come, named as such ("only the sign-off left", "the last
session is booked for 29 June", "all done apart from the launch on 1 August").

When a reply says everything else is done and names the date of the last step, that date is when
the action will be finished: an expected date, although a meeting or event on the way ("report to
Cabinet 20 July") otherwise gives none.
"""

from __future__ import annotations

from nlp.tokens import TokenView

_MARKERS = frozenset({"remaining", "remains", "outstanding", "except", "apart", "bar"})
_TIMES = frozenset({
    "week", "month", "year", "time", "quarter", "night", "monday", "tuesday", "wednesday", "thursday", "friday",
    "saturday", "sunday", "summer", "autumn", "winter", "spring", "term", "meeting", "few", "couple",
})  # fmt: skip
_STEPS = frozenset({
    "step", "stage", "bit", "piece", "part", "session", "sessions", "workshop", "event", "visit", "visits",
    "sign-off", "sign", "hurdle", "one", "item", "task", "element", "cohort",
})  # fmt: skip
# "left" as in "has left": someone going, not work remaining
_LEFT_AFTER = frozenset({"has", "have", "had", "who", "he", "she", "they", "i", "we", "just", "recently"})
_TRIGGERS = _MARKERS | {"last", "final", "left"}  # the words each rule below starts from


def last_step_marker(view: TokenView, start: int, end: int) -> int | None:
    """The token that says the rest of the action is one step still to come, if any."""
    if _TRIGGERS.isdisjoint(view.vocab):
        return None
    words = view.lower
    for i in range(start, end):
        word = words[i]
        after = words[i + 1] if i + 1 < end else ""
        before = words[i - 1] if i > start else ""
        if word in _MARKERS and not (word == "bar" and after not in ("the", "a", "one")):
            return i
        if word == "last" and after not in _TIMES and before != "at":  # not "last week", "at last"
            return i
        if word == "final" and after in _STEPS:
            return i
        if word == "left" and before not in _LEFT_AFTER and i > start:
            return i
    return None
