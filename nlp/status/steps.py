"""A step still ahead, said as "to be …" or "will be …" ("first audit to be carried out in the autumn").

Plan notes list the steps taken and then the next one: "Group set up and terms of reference
agreed; first audit to be carried out in the autumn". The last step is still to come, so the
action is not finished, however many "agreed"s come before it. A later finish ("… to be approved
by Cabinet. Approved 8 June. Completed.") still wins.
"""

from __future__ import annotations

from collections.abc import Sequence

from nlp.status.cues import NEGATORS, STRONG
from nlp.status.rules import Cue
from nlp.tokens import TokenView

_LEADS = frozenset({"to", "will", "'ll", "shall", "must", "needs", "need"})
_IRREGULAR = frozenset({
    "done", "held", "drawn", "taken", "made", "given", "sent", "run", "set", "put", "written", "brought",
    "undertaken", "carried", "sought", "built", "begun", "known", "shown", "seen", "led", "met", "paid",
    "kept", "laid", "rolled", "spent", "sold", "told", "found", "chosen",
})  # fmt: skip
# Participles that say something other than "a step is ahead".
_NOT_STEPS = frozenset({
    "delayed", "postponed", "deferred", "needed", "required", "based", "used", "involved", "concerned",
    "interested", "pleased", "expected", "aware", "able", "informed", "confirmed",
})  # fmt: skip
_ROUTINE = frozenset({"annually", "yearly", "regularly", "quarterly", "monthly", "routinely", "each", "every"})
_MORE = frozenset({"further", "more", "additional", "other"})
_PLANNED = frozenset({"planned", "scheduled", "booked", "arranged", "programmed", "to"})
_CHECKS = frozenset({"reviewed", "monitored", "evaluated", "refreshed", "updated", "revisited"})
_LATER = frozenset({"months", "year", "years", "annual", "yearly", "time"})
_WORK_AHEAD = frozenset({
    "evaluation", "consultation", "implementation", "review", "roll-out", "rollout", "training", "analysis",
    "audit", "pilot", "launch", "testing", "recruitment", "phase", "stage", "work", "sign-off", "approval",
    "design",
})  # fmt: skip
_NEGATOR_WORDS = frozenset(n for n in NEGATORS if " " not in n)
# The next stage of the work starting, told in the present: "delivery starts in the autumn", "design
# work starting", "recruitment begins next month".
_STARTS = frozenset({"starts", "starting", "begins", "beginning", "commences", "commencing"})
_STAGES = _WORK_AHEAD | frozenset({"delivery", "build", "construction", "procurement", "installation", "works"})
_AUXILIARIES = frozenset({"is", "are", "was", "were", "been", "be", "has", "have", "had", "now", "fully", "finally",
                          "just", "also", "all", "successfully"})  # fmt: skip
# Words that stand for the whole action ("it is done", "this one is finished", "action complete").
_THE_ACTION = frozenset({"it", "this", "that", "action", "actions", "work", "one", "everything", "which", "yes",
                         "ok", "so", "and", "task", "we", "i"})  # fmt: skip
# Every shape below needs one of these words: "… to follow", "… be <participle>", "further/more …",
# "<stage> starts".
_TRIGGERS = frozenset({"follow", "be", "need", "needs", "left", "go"}) | _MORE | _STARTS
# "spec done, now need to go out to tender": the next step told as a need
_NEED_BEFORE = frozenset({"now", "still", "then", "next"})
# "just the sign-off left", "only the launch to go": the one step still to come
_ONLY = frozenset({"just", "only"})
_GONE = frozenset({"has", "have", "had", "who", "he", "she", "they", "i", "we", "recently"})


def pending_step_cues(view: TokenView, start: int, end: int, cues: Sequence[Cue]) -> list[Cue]:
    """ "remaining" cues for each "to be / will be" + participle between tokens ``start`` and ``end``.

    A step is skipped when negated, when it is routine ("will be reviewed annually") or when a
    completion comes in a later clause.
    """
    if _TRIGGERS.isdisjoint(view.vocab):
        return []  # no "follow", "be" or "further"/"more" …: none of the shapes below can start
    lower = view.lower
    found: list[Cue] = []
    for i in range(start, end - 1):
        if lower[i] == "to" and lower[i + 1] == "follow" and i > start and lower[i - 1] in _WORK_AHEAD:
            # "Evaluation to follow" (but "report to follow" only promises news)
            found.append(Cue("remaining", STRONG, i - 1, i + 2, view.clause[i], view.doc[i - 1 : i + 2]))
            continue
        if lower[i] in _STARTS and i > start and lower[i - 1] in _STAGES and _step_done_before(view, i - 1, cues):
            # "Plan signed off in April; delivery starts in the autumn": a step done, the next ahead
            found.append(Cue("remaining", STRONG, i - 1, i + 1, view.clause[i], view.doc[i - 1 : i + 1]))
            continue
        if lower[i] in ("need", "needs") and i > start and lower[i - 1] in _NEED_BEFORE and lower[i + 1] == "to":
            found.append(Cue("remaining", STRONG, i - 1, i + 2, view.clause[i], view.doc[i - 1 : i + 2]))
            continue
        if (left := _one_step_left(lower, i, start, end)) is not None:
            found.append(Cue("remaining", STRONG, left, i + 1, view.clause[i], view.doc[left : i + 1]))
            continue
        if lower[i] in _MORE and (ahead := _more_work_ahead(lower, i, end)):
            # "further sessions planned", "more visits booked": work still to come
            found.append(Cue("remaining", STRONG, i, ahead, view.clause[i], view.doc[i:ahead]))
            continue
        if i + 2 >= end or lower[i] not in _LEADS or lower[i + 1] != "be":
            continue
        word = lower[i + 2]
        if word in _NOT_STEPS or not (word in _IRREGULAR or (len(word) > 4 and word.endswith("ed"))):
            continue
        if i > start and lower[i - 1] in _NEGATOR_WORDS:
            continue
        if _ROUTINE.intersection(lower[i + 3 : min(end, i + 8)]):
            continue
        if word in _CHECKS and _LATER.intersection(lower[i + 3 : min(end, i + 8)]):
            continue  # "to be reviewed in 12 months": a check on work done, not a step of it
        clause = view.clause[i]
        if any(c.category == "complete" and c.clause > clause for c in cues):
            continue
        found.append(Cue("remaining", STRONG, i, i + 3, clause, view.doc[i : i + 3]))
    return found


def _one_step_left(lower: Sequence[str], index: int, start: int, end: int) -> int | None:
    """Where "just … left" / "only … to go" starts, if the words ending at ``index`` say so."""
    if lower[index] == "left":
        if lower[index - 1] in _GONE:
            return None  # "the officer has left"
    elif not (lower[index] == "go" and lower[index - 1] == "to"):
        return None
    return next((j for j in range(index - 1, max(start, index - 5) - 1, -1) if lower[j] in _ONLY), None)


def _more_work_ahead(lower: Sequence[str], index: int, end: int) -> int | None:
    """The end of "further sessions planned" / "more visits booked" / "other sites to follow" from
    ``index`` (the "further"), if the words there say so."""
    for j in range(index + 2, min(end, index + 4)):
        word = lower[j]
        if word in _PLANNED and (word != "to" or (j + 1 < end and lower[j + 1] == "follow")):
            return j + (2 if word == "to" else 1)
        if not word.isalpha() or word in ("and", "but"):
            return None
    return None


def _step_done_before(view: TokenView, index: int, cues: Sequence[Cue]) -> bool:
    """Whether a step finished is told before token ``index`` ("plan signed off", "the system was
    signed off", "budget approved"), rather than only the lead's verdict on the whole action
    ("Completed.", "This is done")."""
    return any(
        c.category == "complete" and c.end <= index and (c.weight < STRONG or _names_what_was_done(view, c.start))
        for c in cues
    )


def _names_what_was_done(view: TokenView, index: int) -> bool:
    """Whether the words before the completion at token ``index`` name a thing done ("the system
    was signed off") rather than the action itself ("it is done", "all done", "Completed")."""
    i = index - 1
    while i >= 0 and view.lower[i] in _AUXILIARIES:
        i -= 1
    return i >= 0 and view.lower[i].isalpha() and view.lower[i] not in _THE_ACTION
