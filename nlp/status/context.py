"""What the words around a completion cue say about it: a plan ("should be complete by"), one
part of the work ("Phase 1 done", "finished the first phase"), a step that serves work still ahead
("appointed to assess"), the groundwork rather than the deliverable ("terms of reference agreed")
or a meeting on the way ("Meeting to scope training requirements held").

Each function takes the words before or after the cue and answers yes or no; :mod:`nlp.status.rules`
turns a yes into a weaker "in progress" cue.
"""

from __future__ import annotations

import re

from nlp.doc import Span
from nlp.tokens import TokenView

_FUTURE_MARKERS = {
    "will", "should", "to", "be", "expect", "expected", "expecting", "aim", "aiming", "hope", "hoping",
    "due", "would", "could", "shall", "'ll", "going", "intend", "planned", "until", "once", "when", "if",
    "unless", "before", "till",
}  # fmt: skip
_PURPOSE_VERBS = {
    "develop", "deliver", "assess", "review", "consider", "take", "look", "produce", "prepare", "support",
    "lead", "oversee", "scope", "implement", "identify", "improve", "explore", "progress", "monitor",
    "co-ordinate", "coordinate", "ensure", "establish", "draft", "secure", "address", "examine",
    "investigate", "create", "design", "build", "recruit", "manage", "evaluate", "formulate", "inform",
}  # fmt: skip
# What an action needs before its work can start: agreeing it is a step, not the deliverable.
_GROUNDWORK = frozenset({
    "reference", "tor", "brief", "budget", "budgets", "funding", "money", "monies", "resources",
    "resourcing", "post", "posts", "membership", "members", "timetable", "timescales", "timescale", "scope",
    "scoping", "specification", "spec", "milestones", "pid", "dates", "venue", "venues", "consultants",
    "consultant",
})  # fmt: skip
_APPROVALS = frozenset({"approved", "agreed", "endorsed", "confirmed", "ratified", "accepted", "signed", "gained"})
_GROUNDWORK_FILLER = frozenset({"the", "a", "an", "our", "its", "their", "new", "project", "has", "have",
                                "been", "was", "were", "is", "are", "now", "formally"})  # fmt: skip
_PARTS = {"phase", "stage", "part", "tranche", "step", "draft", "round", "wave"}
_MEETINGS = frozenset({"meeting", "discussion", "discussed"})  # one meeting (not "meetings held in all directorates")
_FEW = frozenset({"two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "few", "couple"})
_PART_NUMBERS = frozenset({"one", "two", "three", "four", "i", "ii", "iii", "iv", "a", "b", "c"})
_COUNTED = re.compile(r"^(?:\d{1,2}(?:st|nd|rd|th)|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth)$")
_ORDINALS = frozenset({"first", "second", "third", "1st", "2nd", "3rd", "initial", "early", "opening"})


def meeting_held(view: TokenView, span: Span, start: int) -> bool:
    """A meeting or discussion that took place: a step on the way, whatever it was about."""
    if span.text.lower() not in ("held", "took place", "taken place"):
        return False
    return bool(_MEETINGS.intersection(view.words_before(span.start, 7, floor=start)))


def planned(before: list[str]) -> bool:
    """Whether the words before a completion (nearest first) make it a plan: "should be complete",
    "expect to finish", "to be agreed" — but not the "to" of "delegation to officers has been
    reviewed"."""
    for i, word in enumerate(before):
        if i == 0 and word in ("was", "were"):
            return False  # "the target … was achieved on 11 December": told as done
        if word == "to":
            if i == 0 or (i == 1 and before[0] in ("be", "been", "have", "get")):
                return True
        elif word in _FUTURE_MARKERS:
            return True
        elif word == "then" and i >= 1:
            return True  # "then we're finished" (while "drafted, then approved" is a step done)
    return False


def groundwork(view: TokenView, span: Span, start: int, end: int) -> bool:
    """An approval of the groundwork for an action ("terms of reference agreed", "budget approved",
    "agreed the timetable"), not of what the action delivers: a step on the way."""
    if span[-1].lower_ not in _APPROVALS:
        return False  # "posts appointed to": filling the posts is the work
    before = view.words_before(span.start, 6, floor=start)
    after = view.words_after(span.end, 3) if span.end < end else []
    # "Assessment brief and monthly milestones approved": every part named must be groundwork
    # ("Strategy and budget agreed" approves the deliverable too).
    parts: list[list[str]] = [[]]
    for word in before:
        if word in ("and", "&", "plus"):
            parts.append([])
        else:
            parts[-1].append(word)
    named = [_nearest(part) for part in parts[:2] if part]
    if named and all(_is_groundwork(part) for part in parts[:2] if part) and named[0]:
        return True
    return _nearest(after) in _GROUNDWORK


def _nearest(words: list[str]) -> str:
    """The first word of ``words`` that is not a filler ("the", an amount)."""
    return next((w for w in words if not _filler(w)), "")


def _is_groundwork(words: list[str]) -> bool:
    """Whether the nearest thing named in ``words`` is groundwork, or a sum of money ("£500,000").

    In "membership of the project board" (nearest word first: board, project, the, of, membership)
    the thing named is the word before "of".
    """
    if _nearest(words) in _GROUNDWORK or any(w.startswith(("£", "$", "€")) for w in words[:3]):
        return True
    head = words.index("of") + 1 if "of" in words[:5] else 0
    return bool(head) and _nearest(words[head:]) in _GROUNDWORK


def _filler(word: str) -> bool:
    """Words between an approval and what was approved: articles, amounts ("funding of £50k")."""
    return word in _GROUNDWORK_FILLER or any(ch.isdigit() for ch in word) or word in ("£", "$", "€", "of")


def purpose_follows(view: TokenView, index: int, end: int) -> bool:
    """ "to" and a verb right after a step ("appointed to assess"): the work it serves is still ahead."""
    after = view.words_after(index, 2) if index < end else []
    return len(after) == 2 and after[0] == "to" and after[1] in _PURPOSE_VERBS


def first_part_follows(view: TokenView, index: int, end: int) -> bool:
    """ "finished the first phase", "completed phase 1": one part of the work, not all of it."""
    after = view.words_after(index, 4) if index < end else []
    for i, word in enumerate(after[:3]):
        following = after[i + 1] if i + 1 < len(after) else ""
        if word in ("first", "initial", "1st") and (
            following in _PARTS or following == "of" or following.isdigit() or following in _FEW
        ):
            return True  # "finished the first phase", "completed the first of the reviews", "the first six grants"
        if word in _PARTS and following in ("1", "one", "i", "a"):
            return True
    return False


def part_before(before: list[str]) -> bool:
    """ "Phase 1 done", "Year 2 of 3 completed": one part of the work (nearest word first in
    ``before``), unless it is the last or all of them ("final phase complete", "all stages done")."""
    for i, word in enumerate(before):
        if word == "of" and i + 1 < len(before) and _COUNTED.match(before[i + 1]):
            # "3rd of 5 workshops held", "the second of three visits done": one of several
            return not any(w in ("final", "last") for w in before[i:])
        if word not in _PARTS and word not in ("year", "module", "section"):
            continue
        numbered = i > 0 and (before[i - 1].isdigit() or before[i - 1] in _PART_NUMBERS)
        ordinal = i + 1 < len(before) and before[i + 1] in _ORDINALS
        if numbered or ordinal:
            return not any(w in ("final", "last", "all", "both", "every", "each", "remaining") for w in before[i:])
    return False
