"""What a date in a reply is for: when something happened, when it is now expected, or a start.

The words just before a date decide ("Completed 28 02 06", "revised date of July", "slipped to
11 th April", "to be submitted on 25 th May"); a finishing verb just after it also counts ("27 02
06 Completed"). The role then decides which way a missing year is read.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from nlp.dates.finder import DateMention, ScannedDate
from nlp.dates.promise import is_promise
from nlp.records import quick_init
from nlp.status.cues import DATE_FUTURE, PAST_DATE_VERBS
from nlp.tokens import TokenView

# Words that make a date an expectation even when it has passed ("target end Feb 06").
_EXPLICIT_FUTURE = {
    "expected", "expect", "expecting", "due", "target", "deadline", "promised", "planned", "scheduled",
    "aim", "aiming", "until", "till", "realistic", "realistically", "latest", "completion", "estimate",
    "estimated", "forecast", "pencilled", "booked", "now",
}  # fmt: skip
# Words that point forward but, once the date has passed, describe history
# ("Understood to be with Ministers 10.03. 06").
_MODAL_FUTURE = {
    "will", "should", "going", "'ll", "wrap", "finish", "within", "next", "new", "hope", "hoping", "be",
}  # fmt: skip
_STRONG_FUTURE = _EXPLICIT_FUTURE | _MODAL_FUTURE
# "before" points forward unless a past verb tells of work done before then ("signed off before
# Christmas" was signed in the past; "to be done before Christmas" is still ahead).
_WEAK_FUTURE = (set(DATE_FUTURE) | {"by", "revised", "before"}) - _STRONG_FUTURE
_INTRODUCES = {"in", "during", "by", "for"}
_PAST = set(PAST_DATE_VERBS) | {"did", "had", "yesterday", "ago", "last"}
_START = {"begin", "begins", "start", "starts", "starting", "commence", "commences", "commencing", "kick",
          "from", "since", "started", "commenced", "began", "begun"}  # fmt: skip
_START_PREPOSITIONS = {"from", "since"}
_MOVED = {"slipped", "moved", "pushed", "changed", "deferred", "postponed", "back", "delayed", "rescheduled",
          "extended", "brought", "put", "shifted", "slip", "move"}  # fmt: skip
_REVISED = {"revised", "extended", "amended", "reset", "rolled"}
_MOVING = (_MOVED - {"back"}) | {"push", "shift", "bump", "bumped", "rearranged", "rearrange", "moving", "pushing"}
_TARGET_WORDS = {"target", "deadline"}
_REACHED = {"reached", "met", "achieved", "hit", "exceeded", "surpassed", "attained", "beat"}
_MAKES_FUTURE = {"be", "to", "will", "'ll", "being"}
_PASSIVE_PAST = {"was", "were", "had"}
# Someone telling what they did ("we rolled it out … by the end of March"): history, not a plan.
_NARRATORS = {"we", "i", "they", "he", "she"}
# What "new" must describe to point forward ("new date of July"; not "the new provider in April").
_NEW_TIMES = {"date", "dates", "deadline", "target", "timescale", "timescales", "timetable", "end", "completion",
              "go-live", "start", "plan"}  # fmt: skip
_PLANS = {"be", "will", "should", "expect", "expected", "'ll", "going", "hope", "aim"}
# A word just after a date that opens the reply, making it when the work will be done.
_LEADS_A_PLAN = {"will", "should", "shall"}
_DIRECTIONS = {"past": "past", "future": "future", "future_weak": "future"}  # which way a missing year is read
LEFT_WINDOW = 8
RIGHT_WINDOW = 3


@quick_init
@dataclass(frozen=True, slots=True)
class DatedMention:
    """A date with the role it plays in the reply.

    ``past`` (something happened then), ``future`` (expected then, even if that has passed),
    ``future_weak`` (pointing forward, but history once the date has passed), ``start``,
    ``deadline`` (an old deadline: "the 30 June deadline won't be met") or ``neutral``.
    """

    mention: DateMention
    role: str
    now_adjacent: bool  # "end of August now": a revised date
    now_token: int | None
    introduced: bool = False  # "in July", "by July": the date is the point of the phrase
    token_start: int = 0
    promise: bool = False  # said as when the work will be done ("should be done by", "slipped to")

    def is_expected(self, today: date) -> bool:
        """Whether this date can be when the rest of the work is expected."""
        mention = self.mention
        if self.role == "future":
            return True
        if self.role == "future_weak":
            return mention.last >= today
        if self.role == "neutral":
            return mention.first > today or (self.introduced and mention.last >= today)
        return False


def read_dates(
    view: TokenView, scanned: Sequence[ScannedDate], *, start: int, end: int, today: date
) -> list[DatedMention]:
    """Resolve the dates between character ``start`` and ``end`` using the role each one plays."""
    read: list[DatedMention] = []
    # a part of a reply about several actions reads only its own words ("2.1 agreed by members
    # 7th Dec. 2.2 due for completion 26th Jan": the members belong to 2.1)
    floor = view.token_range(start, end)[0] if start else 0
    for item in scanned:
        if item.start < start or item.end > end:
            continue
        first, last = view.token_range(item.start, item.end)
        left = _until_comma(view, view.words_before(first, LEFT_WINDOW, floor=floor))
        right = view.words_after(last, RIGHT_WINDOW)
        relative = item.needs_year or item.atom.relative is not None
        moved = _moved_to(left)
        role = "future" if moved else _role(left, right, relative=relative)
        if item.range_from is not None and _MOVED & set(left):
            role = "future"  # "slipped from 30 June to 14 July": the range's end is the new date
        # a date the work was moved to lies ahead: "slipped to May", said in June, is next May
        direction = "moved" if moved else _DIRECTIONS.get(role, "any")
        if role == "start" and left[:1] == ["since"]:
            direction = "past"  # "running since 1 April": a start already made
        mention = item.resolve(today=today, direction=direction)
        if mention is None:
            continue
        now_token = next((first - 1 - i for i, word in enumerate(left[:3]) if word == "now"), None)
        if now_token is None and right[:1] == ["now"]:
            now_token = last
        introduced = bool(left) and left[0] in _INTRODUCES
        promise = role != "start" and (now_token is not None or is_promise(left, right, item.text))
        read.append(DatedMention(mention, role, now_token is not None, now_token, introduced, first, promise))
    return read


def _until_comma(view: TokenView, left: list[str]) -> list[str]:
    """The words before a date up to the nearest comma: a comma ends the date's phrase."""
    return left[: left.index(",")] if "," in left else left


def _moved_to(left: list[str]) -> bool:
    """Whether the words before a date move the work to it, which makes it the new date (role
    "future"): "timescale revised to December", "extended to March 2007", "moved to the spring",
    "had to push it out to 30 November", "moved the panel to 9 October"."""
    near = left[1:] if left[:1] == ["the"] else left
    if near[:1] in (["to"], ["until"]) and near[1:2] and near[1] in _MOVED | _REVISED:
        return True
    return near[:1] in (["to"], ["until"], ["till"], ["into"]) and bool(_MOVING.intersection(near[1:5]))


def _role(left: list[str], right: list[str], *, relative: bool = False) -> str:
    """Nearest telling word wins; a past verb before "to be" is a plan ("to be submitted on").

    A forward-looking word ("will", "finish") is confirmed as a firm expectation by a "due",
    "expected" or "target" further back. "done by Friday" looks ahead (a date without a year
    after "by"), while "Done by 07. 03. 06" reports the past. (A date the work is moved to is
    "future" before this is asked: :func:`_moved_to`.)
    """
    role = _walk(left)
    if role == "neutral" and right:
        if right[0] == "now":
            return "future"
        if not left and right[0] in _LEADS_A_PLAN:
            return "future"  # "in 2 wks shd be done", "next month will see it finished": said first
        if right[0] in ("deadline", "target", "timescale"):
            return "deadline"
        if any(word in PAST_DATE_VERBS for word in right):
            return "past"
    if (
        role == "past"
        and relative
        and left[:1] == ["by"]
        and not _PASSIVE_PAST.intersection(left[1:6])
        and not _told_by_a_narrator(left)
    ):
        return "future_weak"  # "done by Friday" looks ahead; "officers were briefed by 16 May" does not
    return role


def _walk(left: list[str]) -> str:
    weak_future = modal = False
    for index, word in enumerate(left):
        if word == "going" and left[index + 1 : index + 2] == ["on"]:
            continue  # "on going": still happening, not "going to"
        if word in _START and (index == 0 or word not in _START_PREPOSITIONS):
            return "future_weak" if modal else "start"  # not "slipped from 30 June to 14 July"
        if word in _EXPLICIT_FUTURE:
            if word in _TARGET_WORDS and _REACHED.intersection(left[index + 1 : index + 5]):
                return "past"  # "we met the 90% target at the end of May": reached then
            return "future"
        if word in _MODAL_FUTURE:
            if word == "new" and index and left[index - 1] not in _NEW_TIMES:
                continue  # "changed to the new provider in April": a new thing, not a new date
            modal = True
            continue
        if word in _PAST:
            if modal or any(w in _MAKES_FUTURE for w in left[index + 1 : index + 3]):
                return "future_weak"
            if any(w in _PLANS for w in left[index + 1 :]):
                return "future_weak"
            return "past"
        if word in _WEAK_FUTURE:
            weak_future = True
    return "future_weak" if modal or weak_future else "neutral"


def _told_by_a_narrator(left: list[str]) -> bool:
    """Whether the past verb nearest the date has "we", "I" or "they" just before it ("we rolled it
    out … by", "I sent it by"): someone telling what they did."""
    verb = next((i for i, word in enumerate(left) if word in _PAST), None)
    return verb is not None and left[verb + 1 : verb + 2] != [] and left[verb + 1] in _NARRATORS
