"""Read one stretch of a reply (the whole reply, or the part about one action) into fields."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from operator import attrgetter

from nlp.dates.calendar import PAST_SLACK
from nlp.dates.finder import ScannedDate
from nlp.dates.roles import DatedMention, read_dates
from nlp.doc import Span
from nlp.extraction import Evidence
from nlp.percent import PercentMention, find_percent
from nlp.records import quick_init
from nlp.status.blend import blend
from nlp.status.cues import PAST_MARKERS, STRONG
from nlp.status.features import date_shapes, status_features
from nlp.status.last_step import last_step_marker
from nlp.status.model import load_model
from nlp.status.partners import partner_decision_cues
from nlp.status.rules import Cue, decide, is_step, read_cues
from nlp.status.steps import pending_step_cues
from nlp.status.targets import target_reached_cues
from nlp.status.told_dates import told_date_cues
from nlp.tokens import TokenView

_NOT_COMPLETE = ("in_progress", "delayed", "blocked", "not_started")
# The status model learnt from replies of up to about 80 words. On a stretch far longer (a pasted
# table, a 10 MB paste) its word counts run away with it, so there the rules read alone.
MODEL_MAX_TOKENS = 400
_WORD = re.compile(r"[A-Za-z]{2,}")
_FAR = timedelta(days=183)
# Work that starting later leaves ahead ("implementation starts in September").
_WORK = {
    "implementation", "roll-out", "rollout", "roll", "work", "works", "programme", "project", "pilot", "build",
    "delivery", "reports", "reporting", "training", "phase", "stage", "construction", "monitoring",
}  # fmt: skip
# A reply that opens with a bare "not yet" (and nothing it negates).
_NOT_YET = re.compile(r"^\W*(?:(?:no|nope|nah)\W+)?not\s+yet\s*(?:[-–—.,;:!]|$)", re.IGNORECASE)
_START = attrgetter("start")
_OTHER_PART = {"phase", "stage", "part", "rest", "remainder", "second", "balance", "tranche", "element"}


@quick_init
@dataclass(frozen=True, slots=True)
class Reading:
    """The fields read from one stretch of text."""

    status: str | None
    percent_complete: int | None
    completed_on: str | None
    expected_by: str | None
    dates: tuple[str, ...]
    confidence: float
    no_change: bool
    evidence: tuple[Evidence, ...] = field(default=())


STRONG_READING = 0.9  # the confidence of a reading from a strong cue with nothing against it
# "Away" words that in a plan note are a step taken ("draft forwarded to DCS"), not a note that the
# update is elsewhere
_HANDED_ON = frozenset({"forwarded to", "passed this to", "passed it to"})
_WAS = frozenset({"been", "was", "were"})
# A share of people ("31% of staff have completed it"): after a clear "done", the take-up of the result
_UPTAKE = re.compile(
    r"\bof\s+(?:all\s+|our\s+|the\s+)?(?:staff|employees|users|residents|tenants|customers|members|people|"
    r"pupils|parents|managers|councillors|officers|households)\b",
    re.IGNORECASE,
)


# ... or a count of those who took part in what was delivered ("the relaunch is done - 22 of the
# 25 pubs signed up"; not "14 of the 18 members have completed the induction", the work itself)
_TAKEN_UP = re.compile(
    r"[^.;!?\n]{0,80}?\b(?:signed\s+up|attended|responded|registered|joined|took\s+part|enrolled|opted\s+in|"
    r"turned\s+up)\b",
    re.IGNORECASE,
)


def _taken_up(text: str, verdict: Span | None, count_start: int) -> bool:
    """Whether the count at ``count_start`` tells who took part in what the verdict says is done,
    set apart from it by punctuation ("the relaunch is done - 22 of 25 pubs signed up"; not "done
    9 of 12 schools signed up", a count of the work)."""
    if verdict is None or verdict.end_char > count_start:
        return False
    return any(mark in text[verdict.end_char : count_start] for mark in "-–—:;.,") and bool(
        _TAKEN_UP.match(text, count_start)
    )


def read_segment(
    view: TokenView,
    scanned: Sequence[ScannedDate],
    *,
    start: int,
    end: int,
    today: date,
) -> Reading:
    """Status, percent, dates and confidence for the characters ``start``..``end`` of the reply."""
    tok_start, tok_end = view.token_range(start, end)
    dated, cues, percent = segment_cues(view, scanned, start=start, end=end, today=today)
    words = view.text[start:end]
    past_clauses = (
        frozenset(view.clause[i] for i in range(tok_start, tok_end) if view.lower[i] in PAST_MARKERS)
        if not PAST_MARKERS.isdisjoint(view.vocab)
        else frozenset()
    )
    verdict = decide(cues, past_clauses)
    status, confidence = verdict.status, verdict.confidence
    if (
        status == "complete"
        and percent
        and percent.value < 100
        and verdict.confidence >= STRONG_READING
        and (_UPTAKE.search(percent.text) or _taken_up(view.text, verdict.evidence, start + percent.start))
    ):
        # "Short answer: done. The module went live on 1 November. 31% of staff have completed it so
        # far": how many have used what was delivered, not how far the work is
        percent = None
    if status == "complete" and percent and percent.value < 100:
        status = "in_progress"  # "40% complete", "3 of 4 workshops held"
    if (
        status == "complete"
        and verdict.evidence is not None
        and _more_to_come(verdict.evidence, dated, view, today)
    ):
        status = "in_progress"  # "the first phase is live and the second phase is due in December"
    elif (
        status == "complete"
        and confidence < STRONG_READING
        and any(d.role.startswith("future") and d.mention.first > today for d in dated)
    ):
        # only weak words for done ("the measure we agreed") and work told as ahead ("we hope to
        # award the contract before the end of January"): not finished
        status = "in_progress"
    evidence: list[Evidence] = []
    if verdict.evidence is not None:
        ev = verdict.evidence
        low, high = ev.start_char, ev.end_char
        evidence.append(Evidence("status", low, high, ev.doc.text[low:high]))  # the span's text

    percent_value = percent.value if percent else None
    if percent:
        evidence.append(
            Evidence("percent_complete", start + percent.start, start + percent.end, percent.text)
        )

    future = [
        d
        for d in dated
        if d.is_expected(today)
        and d.mention.precision != "year"
        # a month named without a year and without "due"/"expected" is not read as next year's
        and (d.role == "future" or d.mention.year_given or d.mention.last <= today + _FAR)
    ]
    away = any(c.category == "away" for c in cues)  # an out-of-office note says nothing of the work
    strong_status = any(c.weight >= STRONG and c.category not in ("away", "no_change") for c in cues)
    if status is not None and confidence < STRONG_READING and any(
        c.category == "away"
        and c.span.text.lower() not in _HANDED_ON
        # "Sorry, I've been on leave. … Analysis is under way": an apology, then the news; and "…
        # put back … the modelling has not begun … I'll let you know if that moves again": several
        # strong words that disagree are still news, not a note that the update is elsewhere
        and not (strong_status and (_told_as_past(view, c.span) or verdict.conflict))
        for c in cues
    ):
        # "I'll send a full update after the team meeting on Friday": only weak words beside the
        # note that the update is elsewhere (a strong one, "done", still counts)
        status, confidence = None, 0.1
    if status is None and not verdict.no_change and percent is not None:
        # No status words: an explicit figure is good evidence, also beside an absence ("off sick
        # this wk but the draft's 90% there"), if less sure there
        status = "complete" if percent.value == 100 else "in_progress"
        confidence = 0.6 if away else 0.8
        evidence.append(Evidence("status", start + percent.start, start + percent.end, percent.text))
    elif status is None and not verdict.no_change and not away:
        # No status words and no figure: a date alone is a guess.
        if future:
            status, confidence = "in_progress", 0.45
        elif len(_WORD.findall(words)) >= 3 and "?" not in words:
            # Something was reported, with no word for done, stuck or late: most likely under
            # way, but the bot should check.
            status, confidence = "in_progress", 0.3

    if (status is None or confidence < 0.5) and not verdict.no_change and _NOT_YET.match(words):
        # "Not yet.", "Not yet - on my list for next month": the work has not begun
        status, confidence = "not_started", 0.6
    if not away:
        model = load_model()
        probabilities = None
        if model is not None and tok_end - tok_start <= MODEL_MAX_TOKENS:
            shapes = date_shapes(dated, today) if dated else []
            probabilities = model.probabilities(status_features(view, tok_start, tok_end, cues, shapes))
        blended = blend(status, confidence, probabilities)
        status, confidence = blended.status, blended.confidence
    completed_on = expected_by = None
    if status != "complete" and percent_value == 100:
        percent_value = None  # "All actions complete apart from the evaluation": not all of it
    if status == "complete":
        percent_value = 100 if percent_value is None else percent_value
        # "signed off just before Christmas" was done some day before it, not on it
        on = [d for d in dated if not (d.token_start and view.lower[d.token_start - 1] == "before")]
        # a completion lies in the past (a date told as past, or neutral and not ahead): "set up,
        # first meeting 21 June" was not done on 21 June
        done = [
            d for d in on
            if (d.role == "past" or (d.role == "neutral" and d.mention.first <= today + PAST_SLACK))
            and d.mention.precision != "year" and d.mention.first <= today
        ]
        # "in place from April 2006": with nothing else to go on, the start is when it was done
        started = [d for d in on if d.role == "start" and d.mention.first <= today + PAST_SLACK]
        # ("Agreed at DMT 15.02.06, implemented from 01.03.06": the last step, a start, is the finish)
        chosen = _latest(done + [d for d in started if d.mention.last <= today]) or _latest(started)
        # "achieved by end of May", said in June: a deadline met is when it was done
        chosen = chosen or _latest([d for d in on if d.mention.precision != "year" and d.mention.last <= today])
        if chosen and chosen.mention.precision != "day":
            # "finished in January: the last laptop went out on 25/1": the day within the month
            within = [
                d for d in on
                if d.mention.precision in ("day", "week") and chosen.mention.first <= d.mention.first
                and d.mention.last <= chosen.mention.last and d.mention.first <= today
            ]
            chosen = _latest(within) or chosen
        if chosen:
            completed_on = chosen.mention.value
            evidence.append(_date_evidence("completed_on", chosen))
    elif status in _NOT_COMPLETE:
        # Only a promise or a revision says when the rest is expected; the date of a meeting on
        # the way does not ("interviews are on 26 June"). Once a reply says the work is late,
        # the date ahead it gives is the new one ("slipped … final report will be November").
        promised = [d for d in future if d.promise]
        marker = last_step_marker(view, tok_start, tok_end) if status == "in_progress" and not promised else None
        if marker is not None:
            # "only the sign-off left, at DMT on 5 July": the last step's date is the finish
            promised = [d for d in future if d.token_start > marker and d.role != "start"]
        chosen = _latest(future if status == "delayed" else promised)
        if chosen:
            expected_by = chosen.mention.value
            evidence.append(_date_evidence("expected_by", chosen))
    dates = tuple(_date_values(dated)) if dated else ()
    return Reading(
        status=status,
        percent_complete=percent_value,
        completed_on=completed_on,
        expected_by=expected_by,
        dates=dates,
        confidence=confidence,
        no_change=verdict.no_change and status is None,
        evidence=tuple(evidence),
    )


def segment_cues(
    view: TokenView, scanned: Sequence[ScannedDate], *, start: int, end: int, today: date
) -> tuple[list[DatedMention], list[Cue], PercentMention | None]:
    """The dates, the status cues (in order) and the share of the work in characters ``start``..``end``."""
    tok_start, tok_end = view.token_range(start, end)
    # (most stretches give no date: then the date steps are skipped)
    dated = read_dates(view, scanned, start=start, end=end, today=today) if scanned else []
    date_starts = frozenset([item.token_start for item in dated]) if dated else frozenset()
    cues = read_cues(view, tok_start, tok_end, date_starts)
    if dated:
        in_dates = {i for item in dated for i in range(*view.token_range(item.mention.start, item.mention.end))}
        # "award late July": a word inside a date is part of the date, not a status
        cues = [c for c in cues if c.start not in in_dates]
        cues += _revised_date_cues(view, dated)
    cues += pending_step_cues(view, tok_start, tok_end, cues)
    # a target reached outweighs a weak reading of the same word ("we met the 90% target": "met")
    reached = target_reached_cues(view, tok_start, tok_end)
    if reached:
        strong_at = {c.start for c in cues if c.weight >= STRONG}
        reached = [c for c in reached if c.start not in strong_at]
        reached_at = {r.start for r in reached}
        cues = [c for c in cues if c.start not in reached_at] + reached
    cues += partner_decision_cues(view, tok_start, tok_end, cues)
    cues += told_date_cues(view, dated, cues, tok_start, today)
    percent = find_percent(view.text[start:end])
    if percent is not None:
        # "4/6 done": the figure was read as a share of the work, so it is not also 4 June
        low, high = start + percent.start, start + percent.end
        dated = [d for d in dated if not (d.mention.start < high and d.mention.end > low)]
    if percent is not None and percent.value < 100:
        # "70% done": the "done" is part of the figure, not a claim that the work is finished.
        low, high = start + percent.start, start + percent.end
        cues = [c for c in cues if not (c.category == "complete" and low <= c.span.start_char < high)]
    cues.sort(key=_START)
    return dated, cues, percent


def _told_as_past(view: TokenView, span: Span) -> bool:
    """Whether an away cue tells of an absence that is over ("I've been on leave", "was off sick")."""
    return span.text.lower().startswith("been") or (span.start > 0 and view.lower[span.start - 1] in _WAS)


def _revised_date_cues(view: TokenView, dated: Sequence[DatedMention]) -> list[Cue]:
    """ "end of August now", "now 21 July": a date given with "now" is a revised one (a weak delay)."""
    cues = []
    for item in dated:
        if item.now_adjacent and item.now_token is not None and item.role.startswith("future"):
            token = item.now_token
            cues.append(
                Cue("delayed", 2.0, token, token + 1, view.clause[token], view.doc[token : token + 1])
            )
    return cues


def _more_to_come(cue: Span, dated: Sequence[DatedMention], view: TokenView, today: date) -> bool:
    """A date still ahead after the completion cue: in the same clause ("the first phase is live
    and the second is due in December"), or in a later clause about another part of the work
    ("Phase 1 complete; phase 2 due end of July")."""
    clauses = view.clause
    for d in dated:
        if not (d.mention.first > today and d.token_start >= cue.end):
            continue
        if is_step(cue) and (d.role != "start" or _WORK & _clause_words_before(view, d.token_start)):
            # "Steering group set up, first meeting 21 June", "Policy agreed - implementation
            # starts in September": the next step is ahead (while in "Recruitment complete, new
            # manager starts 3 July" the start is the result)
            return True
        if not (d.role.startswith("future") or d.promise):
            continue
        clause = clauses[d.token_start]
        if clause == clauses[cue.start]:
            return True
        words = view.clause_words[clause]
        # A deadline form ahead ("Planning is done, the event itself is w/c 26 June") is for the rest.
        if (d.role == "future" and words & _OTHER_PART) or (d.promise and d.role != "future"):
            return True
    return False


def _clause_words_before(view: TokenView, index: int) -> set[str]:
    """The words of token ``index``'s clause that come before it."""
    clause, words = view.clause[index], set()
    while index > 0 and view.clause[index - 1] == clause:
        index -= 1
        words.add(view.lower[index])
    return words


def _latest(items: Sequence[DatedMention]) -> DatedMention | None:
    return max(items, key=lambda d: (d.mention.last, d.mention.start)) if items else None


def _date_evidence(name: str, item: DatedMention) -> Evidence:
    mention = item.mention
    return Evidence(name, mention.start, mention.end, mention.text)


def _date_values(dated: Sequence[DatedMention]) -> list[str]:
    values: list[str] = []
    for item in dated:
        for value in (item.mention.start_value, item.mention.value):
            if value and value not in values:
                values.append(value)
    return values
