"""Whether a date ahead is a promise about the work, or only the date of something on the way.

"Should be done by Friday", "slipped to October", "revised date of July", "now to be submitted on
25 May", "w/c 3 July", "in two weeks" and "ETA 30/06" say when the action is now expected to be
finished. "Interviews are on 26 June", "being considered by JMT on 7 July", "fieldwork between 29
September and 19 December" or "report to Cabinet 20 July" name a meeting or an event along the
way: they are not a promise that the action will be done by then, so they give no expected date.
"""

from __future__ import annotations

import re

# Revision words anywhere in the date's phrase: the date is the new one ("slipped to", "now").
_REVISED = frozenset({
    "revised", "slipped", "slip", "moved", "pushed", "deferred", "postponed", "delayed",
    "rescheduled", "rearranged", "re-arranged", "extended", "shifted", "changed", "amended",
    "now", "looking", "promised", "deadline", "eta", "until", "till", "til",
})  # fmt: skip
_DEADLINE_NOUNS = frozenset({"date", "target", "deadline", "timescale", "timetable", "end", "eta"})
# Deadline prepositions count only right before the date: "done by Friday", not "considered by
# the Joint Management Team on 7 July".
_DEADLINE_PREPOSITIONS = frozenset({"by", "before", "within"})
_FILLERS = frozenset({"the", "end", "of", "close", "around", "about", "approx", "early", "mid", "late"})
# Finishing the work, said as a plan ("will be finalised in August", "should wrap up mid July").
_FINISH = frozenset({
    "finish", "finished", "finishing", "complete", "completed", "done", "wrap", "wrapped", "finalised",
    "finalized", "ready", "sorted", "live", "signed", "closed", "concluded", "delivered",
    "implemented", "operational", "achieved", "over", "launched", "issued", "published", "introduced",
    "installed", "opened", "rolled",
})  # fmt: skip
_PLAN = frozenset({"will", "should", "'ll", "be", "to", "going", "expect", "hope", "shld", "would"})
# A body, a meeting or an event: its date is a step on the way, not the end of the work.
_EVENT = frozenset({
    "cabinet", "board", "committee", "smt", "cmb", "jmt", "dmt", "cmt", "clt", "scrutiny", "council",
    "meeting", "meets", "meet", "interviews", "interview", "workshop", "seminar", "event", "conference",
    "fieldwork", "inspection", "visit", "panel", "forum", "group", "consultation", "session",
    "sessions", "training", "lscb", "lsp", "executive", "members", "team", "evaluation", "evaluate",
    "mid-point", "considered", "consideration", "presented", "presenting", "booked", "reporting",
})  # fmt: skip
# Words that make an undisturbed date the expected end of the work.
_EXPECTED = frozenset({
    "expected", "expect", "expecting", "due", "target", "targeted", "completion", "estimate",
    "estimated", "forecast", "realistic", "realistically", "latest", "aim", "aiming", "hope",
    "hoping", "hopefully", "track", "course", "schedule", "launch", "go-live", "live", "rollout",
    "roll-out", "final", "remainder", "rest", "sign-off", "planned",
})  # fmt: skip
_OLD = frozenset({"had", "was", "were", "originally", "initially", "previously"})
# Written forms that are themselves a working deadline.
_DEADLINE_FORMS = re.compile(
    r"^(?:w/?c\b|w\.c\.|wc\b|week\s+commencing|week\s+beginning|in\s|within\s|eta\s|close\s+of\s+play|cop\b|"
    r"end\s+of\s+play|eop\b|eod\b|end\s+of\s+(?:the\s+)?day)",
    re.IGNORECASE,
)


def is_promise(left: list[str], right: list[str], text: str) -> bool:
    """Whether a date, with the words around it, says when the work is now expected to be done.

    Args:
        left: the lower-cased words before the date, nearest first, cut at the nearest comma.
        right: the few lower-cased words after it ("July for the final draft").
        text: the date as written ("w/c 26 June", "in two weeks", "25 th May").
    """
    if _DEADLINE_FORMS.match(text.strip()) or _REVISED.intersection(left):
        return True
    if "new" in left and any(w in _DEADLINE_NOUNS and left[i + 1 : i + 2] == ["new"] for i, w in enumerate(left)):
        return True  # "new date", "new target", not "new manager starts 3 July"
    if "put" in left and any(w in ("back", "off") and left[i + 1 : i + 2] == ["put"] for i, w in enumerate(left)):
        return True  # "put back to 3 July", not "put to Cabinet on 20 July"
    if _OLD.intersection(left):
        return False  # "we had hoped to finish in June": an old hope, not the date now
    leading = [w for w in left if w not in _FILLERS][:1]
    if leading and leading[0] in _DEADLINE_PREPOSITIONS:
        return True
    in_place = "in" in left and any(w == "place" and left[i + 1 : i + 2] == ["in"] for i, w in enumerate(left))
    if (in_place or _FINISH.intersection(left)) and _PLAN.intersection(left):
        return True
    if _EVENT.intersection(left) or _EVENT.intersection(right):
        return False
    return bool(left[:2] == ["be", "will"] or _EXPECTED.intersection(left) or _EXPECTED.intersection(right))
