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
    for span in view.cues_within(start, end):
        category, weight = _LABELS.get(span.label_) or _label(span.label_)
        clause = view.clause[span.start]
        before = view.words_before(span.start, 4, floor=start)
        before = before[: before.index(",")] if "," in before else before  # a comma ends the negation
        if category == "delayed" and _ROUTINE.intersection(view.words_after(span.end, 6)):
            continue  # "Monitoring reports now go to CMB quarterly": a routine, not a revised date
        if category == "neutral" and span.text.lower() == "subject to":
            if not _CONDITIONS.intersection(view.words_after(span.end, 4)):
                continue
            category, weight = "blocked", STRONG  # "subject to Member approval"
        if category == "delayed_hint":
            category = "delayed"
        elif category == "for_decision":
            if "with" not in view.words_before(span.start, 6, floor=start):
                continue
            category, weight = "blocked", STRONG
        elif category == "until" and clause in not_started_clauses:
            continue  # "not due to start until next year" is a plan, not a delay
        elif category in ("as_planned", "until"):
            if _NEGATOR_WORDS.isdisjoint(view.words_before(span.start, 50, floor=start)):
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
    return [c for c in cues if not (c.category == "complete" and c.start in resolvers)]


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
        if word in RESOLVED or (
            word in ("out", "through") and view.lower[i - 1] in ("sorted", "came", "come")
        ):
            return i
    return None


def decide(cues: Sequence[Cue], past_clauses: frozenset[int] = frozenset()) -> StatusReading:
    """The status the cues add up to (see the module docstring for the rules).

    ``past_clauses`` are the clauses told in the past tense ("there were some delays").
    """
    no_change = any(c.category == "no_change" for c in cues)
    cues = [c for c in cues if c.category in STATUSES]
    if not cues:
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
