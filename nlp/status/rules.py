"""Decide an action's status from the cue phrases the matcher found in (part of) a reply.

The rules, in order:

1. A clear delay ("slipped", "revised date", "behind") makes it ``delayed`` and a clear
   dependency ("awaiting sign-off", "on hold") ``blocked`` — unless a later clause says it is
   now complete ("was delayed but is now complete").
2. Otherwise the latest strong cue among complete / in progress / not started wins
   ("Draft done … Completed" is complete; "Needs analysis completed … ongoing programme" is not).
3. Otherwise weak cues are weighed ("Strategy drafted" leans in progress, "LAA approved" complete).

Negation turns a cue round ("not complete yet", "no longer delayed"); "complete" after "should
be" or "expect to" is a plan, not a fact.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from nlp.doc import Span
from nlp.records import quick_init
from nlp.status.context import first_part_follows, groundwork, meeting_held, part_before, planned, purpose_follows
from nlp.status.cues import NEGATORS, PARTIAL, RESOLVED, STRONG
from nlp.tokens import TokenView

_FLIP = {
    "complete": "in_progress",
    "delayed": "in_progress",
    "blocked": "in_progress",
    "in_progress": "delayed",
}
_NEGATOR_WORDS = frozenset(n for n in NEGATORS if " " not in n)
_PARTIAL = frozenset(PARTIAL)
_LABELS: dict[str, tuple[str, float]] = {}  # a cue's label ("complete:3.0") -> its category and weight


def _label(label: str) -> tuple[str, float]:
    category, weight = label.split(":")
    _LABELS[label] = found = (category, float(weight))
    return found

_ROUTINE = frozenset({"quarterly", "monthly", "weekly", "annually", "fortnightly", "regularly", "routinely"})
# What "subject to" waits for ("subject to Member approval at Council"), rather than a rule
# ("subject to the usual checks").
_CONDITIONS = frozenset({
    "approval", "agreement", "decision", "sign-off", "sign", "consent", "confirmation", "funding",
    "ratification", "endorsement", "outcome", "agreeing", "approving",
})  # fmt: skip
_CONDITION = {"until", "till", "once", "when", "pending", "unless", "if", "before"}
# "has been revised" is a new date only when a date was revised ("the timescale has been revised")
_REVISED_THING = frozenset({"been revised", "has been revised", "have been revised"})
_DATE_NOUNS = frozenset({
    "date", "dates", "timescale", "timescales", "timetable", "deadline", "target", "completion", "milestones",
    "schedule",
})  # fmt: skip
_LAST = frozenset({"last", "final"})
_SENDING = frozenset({"sent", "send", "submitted", "gone", "went", "passed", "forwarded", "circulated", "emailed"})
# Delay words that need a time after them ("will now be in March"; not "can now be closed").
_NEEDS_A_TIME = frozenset({"now be", "will now be", "now looking at"})
# Whose absence an away word tells of ("while she's on leave"), and when ("on leave after that")
_SOMEONE_ELSE = frozenset({"she's", "he's", "she", "he", "they're", "her", "his"})
_LATER = frozenset({"after"})
# Words before a completion that make it a guess ("thought it was closed?")
_SUPPOSED = frozenset({"thought", "assumed", "presumed", "supposedly"})
# Words before "off until" that make it a wait ("asked us to hold off until November").
# A delay's words that only say nothing moved: beside a wait, the wait is the news.
_NOT_PROGRESSED = frozenset({
    "not progressed", "hasn't progressed", "has not progressed", "haven't progressed", "have not progressed",
    "not been progressed",
})  # fmt: skip
# Why work has not started when the reason is the team's own time, not a wait on someone else.
_OWN_CAPACITY = frozenset({
    "workload", "workloads", "covering", "absence", "absences", "sickness", "sick", "capacity", "priorities",
    "pressures", "busy", "caseload", "caseloads", "stretched", "short-staffed", "understaffed",
})  # fmt: skip
_HOLD = frozenset({"hold", "holding", "held", "put", "putting", "hang", "hanging"})
# Verbs that move work somewhere ("moved to", "has shifted to"): a delay only when that is a time.
_MOVES = frozenset({
    "moved", "move", "shifted", "pushed", "changed", "deferred", "extended", "revised", "amended", "put",
    "rescheduled", "rearranged", "re-arranged", "bumped", "slipped", "slid", "rolled", "carried", "brought",
})  # fmt: skip
_WHO = frozenset({"them", "us", "him", "her", "me", "you"})
# What a work moved "to" is moved to when it is a new time ("moved to the next meeting", "pushed to
# later in the year"); a date found there counts too. Anything else is a move, not a delay ("help
# desk moved to the new system").
_TIMES = frozenset({
    "next", "later", "date", "after", "week", "weeks", "month", "months", "year", "years", "quarter",
    "q1", "q2", "q3", "q4", "spring", "summer", "autumn", "winter", "term", "meeting", "cycle", "round",
    "following", "end", "beginning", "start", "early", "late", "mid", "tbc", "tba", "tbd", "phase",
})  # fmt: skip
# Words before "completed"/"done" that make it the lead's verdict on the whole action.
_VERDICT_BEFORE = frozenset({
    "is", "are", "was", "were", "been", "be", "has", "have", "had", "now", "all", "it", "this", "that",
    "its", "and", "so", "just", "fully", "finally", "also", "then", "yes", "ok", "action", "work",
    "actions", "one", "totally", "completely", "entirely",
})  # fmt: skip
STATUSES = ("complete", "in_progress", "delayed", "blocked", "not_started", "remaining")


@quick_init
@dataclass(frozen=True)
class Cue:
    """One status cue after negation and tense are taken into account."""

    category: str
    weight: float
    start: int  # token index
    end: int
    clause: int
    span: Span


@quick_init
@dataclass(frozen=True)
class StatusReading:
    """The status read from a stretch of text, how sure we are, and the cue behind it."""

    status: str | None
    confidence: float
    evidence: Span | None
    no_change: bool
    conflict: bool


def read_cues(view: TokenView, start: int, end: int, date_starts: frozenset[int] = frozenset()) -> list[Cue]:
    """The cues between token ``start`` and ``end``, negated or turned into plans where the words say so.

    ``date_starts`` are the token indices where dates begin (for "won't be filled until August").
    """
    cues: list[Cue] = []
    resolvers: set[int] = set()
    # clauses that plan a start ("not due to start until next year"); "no progress possible until
    # the contract is let" is a dependency, not a plan
    not_started_clauses = _not_started_clauses(view)
    negation_floor = start  # where a negator before a cue may stand
    for span in view.cues_within(start, end):
        category, weight = _LABELS.get(span.label_) or _label(span.label_)
        clause = view.clause[span.start]
        # (a cue right after it is still in its scope: "no work done yet")
        before = view.words_before(span.start, 4, floor=negation_floor if span.start > negation_floor else start)
        before = before[: before.index(",")] if "," in before else before  # a comma ends the negation
        if view.lower[span.start] in _NEGATOR_WORDS:
            # "no progress still waiting for planning": the "no" belongs to its own cue
            negation_floor = max(negation_floor, span.end)
        if category == "delayed" and _ROUTINE.intersection(view.words_after(span.end, 6)):
            continue  # "Monitoring reports now go to CMB quarterly": a routine, not a revised date
        if (
            category == "delayed"
            and (moved_to := _moved_to(view, span, end)) is not None
            and not _to_a_time(view, moved_to, end, date_starts)
        ):
            continue  # "help desk moved to the new system": a move, not a new date
        if category == "away" and span.start > start and view.lower[span.start - 1] in _HOLD:
            continue  # "Legal have asked us to hold off until November": a wait, not an absence
        if category == "away" and not _SOMEONE_ELSE.isdisjoint(view.words_before(span.start, 2, floor=start)):
            continue  # "covering for Jo while she's on leave": someone else's absence
        if (
            category == "away"
            and any(word in span.text.lower() for word in ("leave", "off", "away", "office"))
            and not _LATER.isdisjoint(view.words_after(span.end, 2))
        ):
            continue  # "will have it finished by the 23rd, on leave after that": an absence to come
        if (
            category == "blocked"
            and span.text.lower() == "deferred until the"
            and _to_a_time(view, span.end - 1, end, date_starts)
        ):
            category = "delayed"  # "deferred until the new year": a new time, not a wait
        if category == "complete" and before[:1] == ["being"] and before[1:2] != ["as"]:
            # "they're being done together" (but "confirmed as being in place" is done)
            category, weight = "in_progress", 2.0
        if category == "complete" and not _SUPPOSED.isdisjoint(before[:3]):
            continue  # "thought it was closed": a guess, not news
        if category == "complete" and span.text.lower() == "held" and before[:1] in (["is"], ["are"]):
            continue  # "the data is held by the APSE network": kept, not a meeting that took place
        if (
            category == "delayed"
            and span.text.lower() in _NEEDS_A_TIME
            and not _to_a_time(view, span.end, end, date_starts, reach=6)
        ):
            continue  # "This action can now be closed": not a new date
        if (
            category == "delayed"
            and span.text.lower() in _REVISED_THING
            and _DATE_NOUNS.isdisjoint(view.words_before(span.start, 4, floor=start))
            and not _to_a_time(view, span.end, end, date_starts, reach=2)
        ):
            continue  # "The monitoring form has been revised": the form, not the date
        if (
            category == "in_progress"
            and span.text.lower() == "being"
            and not _LAST.isdisjoint(view.words_before(span.start, 3, floor=start))
        ):
            continue  # "…, the last session being held on 12 July": told as past
        if (
            category == "delayed"
            and span.text.lower() in ("now expected", "now due")
            and span.start > start
            and view.lower[span.start - 1] == "("
            and any(c.category == "blocked" and span.start - c.end <= 6 for c in cues)
        ):
            # "Awaiting DCSF guidance (now expected May)": the awaited thing's date, in brackets
            # (while "still waiting on DfES, now expected end of September" is the work's new date)
            continue
        if category == "neutral" and span.text.lower() == "subject to":
            if not _CONDITIONS.intersection(view.words_after(span.end, 4)):
                continue
            category, weight = "blocked", STRONG  # "subject to Member approval"
        if (
            category == "blocked"
            and "able to start" in span.text.lower()
            and not _OWN_CAPACITY.isdisjoint(view.lower[span.end : min(end, span.end + 25)])
        ):
            category = "not_started"  # "not been able to start - SATs week and two staff absences": no wait on others
        if category == "delayed_hint":
            category = "delayed"
        elif category == "for_decision":
            if not _SENDING.isdisjoint(view.words_before(span.start, 8, floor=start)):
                category, weight = "in_progress", 2.0  # "sent it to Mike yesterday for sign off": a step
            elif "with" not in view.words_before(span.start, 6, floor=start):
                continue
            else:
                category, weight = "blocked", STRONG
        elif category == "until" and any(c <= clause for c in not_started_clauses) and (
            span.end in date_starts or _NEGATOR_WORDS.isdisjoint(view.words_before(span.start, 3, floor=start))
        ):
            # "not due to start until next year", "haven't started - it wasn't in my programme until
            # April": a plan, not a delay (while "haven't started - the volunteers can't begin until
            # the council agrees the sites" waits on the council)
            continue
        elif category in ("as_planned", "until"):
            preceding = view.words_before(span.start, 50, floor=start)
            if _NEGATOR_WORDS.isdisjoint(preceding) and "unable" not in preceding:
                continue
            # "did not go as planned" is a delay; "won't be filled until August" too, while
            # "can't go further until the PCT confirm" is a dependency.
            category = "blocked" if category == "until" and span.end not in date_starts else "delayed"
            weight = STRONG
        elif category in _FLIP and not _NEGATOR_WORDS.isdisjoint(before):
            category, weight = _FLIP[category], 2.0
        elif category == "complete" and (len(span) == 1 or weight < STRONG) and planned(before):
            category, weight = "in_progress", 2.0  # "should be complete by the 21st"
        elif category == "complete" and not _PARTIAL.isdisjoint(view.words_before(span.start, 6, floor=start)):
            category, weight = "in_progress", 2.0 if weight >= STRONG else 1.0  # "Initial draft prepared"
        elif category == "complete" and (
            first_part_follows(view, span.end, end) or part_before(view.words_before(span.start, 5, floor=start))
        ):
            category, weight = "in_progress", 2.0  # "We've finished the first phase"
        elif category == "complete" and weight < STRONG and meeting_held(view, span, start):
            category, weight = "in_progress", 1.0  # "Meeting to scope training requirements held 10 03 06"
        elif category == "complete" and weight < STRONG and groundwork(view, span, start, end):
            category, weight = "in_progress", 1.0  # "Terms of reference agreed", "funding approved"
        elif category == "complete" and weight < STRONG and purpose_follows(view, span.end, end):
            category, weight = "in_progress", 1.0  # "working group established to develop a strategy"
        elif category in ("delayed", "blocked") and (resolver := _resolved_after(view, span.end, end)):
            category, weight = "in_progress", 2.0  # "the earlier delay has been resolved"
            resolvers.add(resolver)
        cues.append(Cue(category, weight, span.start, span.end, clause, span))
    # "We were waiting on HR but that's now sorted": "sorted" ends the wait, not the action.
    # "has not progressed - we are waiting for the SHA": the wait is why, so a dependency, not a delay.
    waiting = any(c.category == "blocked" for c in cues)
    return [
        c
        for c in cues
        if not (c.category == "complete" and c.start in resolvers)
        and not (waiting and c.category == "delayed" and c.span.text.lower() in _NOT_PROGRESSED)
    ]


def _moved_to(view: TokenView, cue: Span, end: int) -> int | None:
    """Where the words for what a moving cue ("moved to", "has shifted") moves the work to begin:
    after its own "to" or one that follows it; None for other cues ("now aiming to have …")."""
    index = cue.end
    if index - 2 >= cue.start and view.lower[index - 1] == "to" and view.lower[index - 2] in _MOVES:
        return index
    if index < end and view.lower[index] == "to" and view.lower[index - 1] in _MOVES:
        return index + 1
    return None


def _to_a_time(view: TokenView, index: int, end: int, date_starts: frozenset[int], *, reach: int = 3) -> bool:
    """Whether the words from token ``index`` name a time or a date ("to 3 July", "to the next
    meeting", "to later in the year") rather than a place or a thing ("to the new system")."""
    near = view.lower[index : min(end, index + reach)]
    if near[:1] and near[0] in _WHO:
        return False  # "the festival moved to them last year": to someone, whenever that was
    return (
        any(i in date_starts for i in range(index, index + len(near)))
        or any(any(ch.isdigit() for ch in word) for word in near)  # "deferred to 07/08"
        or not _TIMES.isdisjoint(view.lower[index : min(end, index + reach + 1)])
    )


def _not_started_clauses(view: TokenView) -> set[int]:
    """Clauses that plan a start, worked out once per reply (not once per part of it)."""
    found: set[int] | None = getattr(view, "_not_started", None)
    if found is None:
        found = {
            view.clause[span.start]
            for span in view.cue_spans
            if span.label_.startswith("not_started") and not span.text.lower().startswith("no progress")
        }
        view.__dict__["_not_started"] = found
    return found


def _resolved_after(view: TokenView, index: int, end: int) -> int | None:
    """The token that says a delay or dependency is over, within the next few words, if any."""
    for i in range(index, min(end, index + 10)):
        word = view.lower[i]
        if word in _CONDITION:
            return None  # "on hold until the funding is received": a condition, not news
        if word in _NEGATOR_WORDS:
            return None  # "deferred … as the national guidance has not come out": still waiting
        if word in RESOLVED or (
            word in ("out", "through") and view.lower[i - 1] in ("sorted", "came", "come")
        ):
            return i
    return None


def decide(cues: Sequence[Cue], past_clauses: frozenset[int] = frozenset()) -> StatusReading:
    """The status the cues add up to (see the module docstring for the rules).

    ``past_clauses`` are the clauses told in the past tense ("there were some delays").
    """
    unchanged = {c.clause for c in cues if c.category == "no_change"}
    no_change = bool(unchanged)
    cues = [c for c in cues if c.category in STATUSES]
    if not cues or (no_change and all(c.weight < STRONG and c.clause in unchanged for c in cues)):
        # ("no change since my last update on the draft strategy": "draft" names the work, in the
        # same clause; "Model requested. Nothing to report" still tells of a step)
        return StatusReading(None, 0.9 if no_change else 0.1, None, no_change, False)
    # The categories present (only a delay or a dependency can be dropped below, so for the others
    # this stays exact): a step about a category that is absent is skipped.
    categories = {c.category for c in cues}
    # "Completed yesterday, a week later than planned": the lateness belongs to the completion.
    done_in_clause = (
        {c.clause: c.start for c in reversed(cues) if c.category == "complete" and c.weight >= STRONG}
        if "complete" in categories
        else {}
    )
    if done_in_clause:
        # ("All done apart from the evaluation, now due end Sept": the lateness is the rest's.)
        excepted = [c.start for c in cues if c.category == "remaining"] if "remaining" in categories else []
        cues = [
            c
            for c in cues
            if c.category not in ("delayed", "blocked")
            or not done_in_clause.get(c.clause, c.start) < c.start
            or any(done_in_clause[c.clause] < r < c.start for r in excepted)
        ]
    strong = [c for c in cues if c.weight >= STRONG]
    strong_categories = {c.category for c in strong}
    for problem in ("delayed", "blocked"):
        problems = [c for c in strong if c.category == problem] if problem in strong_categories else []
        if problems:
            last = problems[-1]
            # A later completion outweighs it; a weak one only when the problem is told as past
            # ("There were some delays earlier … but the strategy was approved on Monday").
            later_done = [
                c
                for c in cues
                if c.category == "complete"
                and c.clause > last.clause
                and (c.weight >= STRONG or last.clause in past_clauses)
            ]
            if later_done and "remaining" not in categories:
                return _reading("complete", later_done[-1], strong_categories, no_change)
            return _reading(problem, problems[0], strong_categories, no_change)
    weak_problem = [c for c in cues if c.category == "delayed"] if "delayed" in categories else []
    if weak_problem and not [
        c for c in strong if c.category == "complete" and c.start > weak_problem[-1].start
    ]:
        return _reading("delayed", weak_problem[-1], strong_categories, no_change, base=0.6)
    not_started = [c for c in strong if c.category == "not_started"] if "not_started" in strong_categories else []
    remaining = [c for c in cues if c.category == "remaining"] if "remaining" in categories else []
    if not_started and any(
        c.category == "in_progress" and c.span.label_.startswith("complete") and c.clause < not_started[0].clause
        for c in cues
    ):
        # "Funding agreed (£45,000). Recruitment to commence Jan 08.": groundwork done, the work next
        return _reading("in_progress", not_started[0], strong_categories - {"not_started"}, no_change)
    if not_started and "complete" not in categories:
        # "Not started; planned for September": the step ahead is the whole of the work (while
        # "Specification agreed; build to start in April" has steps behind it: under way).
        return _reading("not_started", not_started[0], strong_categories - {"in_progress", "remaining"}, no_change)
    if remaining:  # "… completed. Further discussion required with …"
        return _reading("in_progress", remaining[-1], strong_categories - {"remaining"}, no_change)
    if strong:
        last = strong[-1]
        if last.category == "complete" and _step_then_more(last, cues):
            # "… assessments completed; presented to CMB and submitted for Cabinet on 20 April":
            # the last step told is still under way.
            return _reading("in_progress", cues[-1], strong_categories, no_change, base=0.6)
        if last.category == "not_started" and any(c.category == "complete" for c in cues[: cues.index(last)]):
            # "Scoping complete; procurement to start in July": steps done, the next one ahead.
            return _reading("in_progress", last, strong_categories - {"not_started"}, no_change)
        return _reading(last.category, last, strong_categories, no_change)
    # Only weak cues: the last clause that has any speaks for the reply ("… draft produced in
    # April. Plan approved by DfES in June"), weighed within that clause.
    last_clause = cues[-1].clause
    totals: dict[str, float] = {}
    for cue in cues:
        if cue.clause == last_clause:
            totals[cue.category] = totals.get(cue.category, 0.0) + cue.weight
    best = max(totals, key=lambda k: (totals[k], k == "in_progress"))
    totals = {c.category: 0.0 for c in cues}
    evidence = [c for c in cues if c.category == best][-1]
    confidence = 0.65 if len(totals) == 1 else 0.5
    return StatusReading(best, confidence, evidence.span, no_change, len(totals) > 1)


def is_step(span: Span) -> bool:
    """Whether a completion cue tells of one step ("assessments completed", "group set up") rather
    than giving the lead's verdict on the action ("Completed.", "This one is finished")."""
    doc = span.doc
    before = doc[span.start - 1].lower_ if span.start > 0 else ""
    return bool(before) and before.isalpha() and before not in _VERDICT_BEFORE


def _step_then_more(done: Cue, cues: Sequence[Cue]) -> bool:
    """A step told as finished ("assessments completed"), then only work under way in later clauses.

    A bare status ("Completed.", "This one is finished") is the lead's verdict and stands.
    """
    if not is_step(done.span):
        return False
    later = [c for c in cues if c.start >= done.end and c.clause > done.clause]
    return bool(later) and all(c.category == "in_progress" for c in later)


def _reading(
    status: str, cue: Cue, strong_categories: set[str], no_change: bool, *, base: float = 0.92
) -> StatusReading:
    conflict = len(strong_categories - {status}) > 0
    return StatusReading(status, base - (0.3 if conflict else 0.0), cue.span, no_change, conflict)
