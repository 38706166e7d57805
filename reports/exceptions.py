"""The exceptions report's view-model: what is overdue, slipped, blocked, at risk or unreported, by section.

Section 1 holds one paragraph per exception, built only from stored facts and the lead's own latest
words; section 2 lists changes to the plan since the last report (the change log). Nothing on track
appears.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from reports.action_view import COMPLETED_WHILE_BLOCKED, DATE_MOVED_EARLIER, ActionView, build_action_views
from reports.facts import PlanFacts
from reports.formatting import LONDON, join_words, plural, section_heading, start_of, times, uk_date
from reports.indicator_report import IndicatorExceptions, build_indicator_exceptions
from store.models import ChangeLog
from store.working_days import working_days_between

STALE_AFTER_DAYS = 28
SHORT_VALUE = 80  # change-log values up to this long are quoted in full, old and new
LONG_VALUE = 300  # a longer new value is quoted alone; longer still, only the description is given


@dataclass(frozen=True)
class Span:
    """Part of a sentence; ``strong`` marks a revised target (bold where the format allows)."""

    text: str
    strong: bool = False


Sentence = tuple[Span, ...]


def sentence(*parts: str | Span) -> Sentence:
    """A sentence from plain strings and marked spans."""
    return tuple(p if isinstance(p, Span) else Span(p) for p in parts)


@dataclass(frozen=True)
class ExceptionItem:
    """One action that needs attention, with the facts as sentences and the lead's words."""

    ref: str
    title: str
    lead: str
    rag: str
    rag_text: str
    kinds: tuple[str, ...]
    sentences: tuple[Sentence, ...]
    quote: str

    @property
    def facts(self) -> tuple[str, ...]:
        """The sentences as plain text."""
        return tuple("".join(span.text for span in sent) for sent in self.sentences)

    @property
    def spans(self) -> tuple[Span, ...]:
        """All the sentences as one run of spans, separated by spaces."""
        out: list[Span] = []
        for index, sent in enumerate(self.sentences):
            if index:
                out.append(Span(" "))
            out.extend(sent)
        return tuple(out)


@dataclass(frozen=True)
class ExceptionSection:
    """A plan section with at least one exception."""

    heading: str
    items: tuple[ExceptionItem, ...]


@dataclass(frozen=True)
class ChangeItem:
    """One change to the plan, from the change log."""

    when: str
    ref: str
    text: str


@dataclass
class ExceptionsReport:
    """The whole exceptions report, ready for any template."""

    title: str
    plan_name: str
    as_at: str
    since: str
    sections: list[ExceptionSection] = field(default_factory=list)
    changes: list[ChangeItem] = field(default_factory=list)
    waiting: list[str] = field(default_factory=list)
    round_key: str = ""
    indicators: IndicatorExceptions = field(default_factory=IndicatorExceptions)

    @property
    def count(self) -> int:
        """How many exceptions in all."""
        return sum(len(s.items) for s in self.sections)

    def rag_counts(self) -> dict[str, int]:
        """Exceptions per RAG colour."""
        counts = {"red": 0, "amber": 0, "green": 0}
        for section in self.sections:
            for item in section.items:
                counts[item.rag] += 1
        return counts


def exception_facts(view: ActionView, *, facts: PlanFacts, today: date, since: date,
                    stale_after_days: int = STALE_AFTER_DAYS,
                    reply_grace_days: int = 0) -> tuple[list[str], list[Sentence]]:
    """The exception kinds and the factual sentences for one action (both empty when on track)."""
    kinds: list[str] = []
    sentences: list[Sentence] = []
    assessment = view.assessment
    since_at = start_of(since)
    original = view.original_date
    if view.original_date and view.due and view.original_date != uk_date(view.due):
        original = f"{view.original_date} ({uk_date(view.due)})"
    if assessment.overdue and view.due is not None:
        kinds.append("Overdue")
        sentences.append(sentence(f"Overdue against its original date, {original}, by "
                                  f"{plural((today - view.due).days, 'day')}."))
    if assessment.slipped and view.expected_by is not None:
        kinds.append("Slipped")
        moved = (f"the date has moved {times(view.times_moved)}" if view.times_moved
                 else "the revised date is recorded in the plan")
        sentences.append(sentence("Slipped: now expected by ", Span(uk_date(view.expected_by), strong=True),
                                  f", later than the original {uk_date(view.due)}; {moved}."))
    if assessment.reason == "past its revised date" and view.expected_by is not None:
        kinds.append("Past revised date")
        sentences.append(sentence("Not complete, and its revised date of ",
                                  Span(uk_date(view.expected_by), strong=True), " has passed."))
    if view.status == "blocked":
        kinds.append("Blocked")
        sentences.append(sentence("Reported as blocked."))
    elif view.status == "delayed" and not kinds:
        kinds.append("At risk")
        sentences.append(sentence("Reported as delayed."))
    if view.status != "complete":
        _missing_returns(view, facts=facts, today=today, stale_after_days=stale_after_days,
                         reply_grace_days=reply_grace_days, kinds=kinds, sentences=sentences)
    for update in view.recent:
        if update.at < since_at:
            continue
        if COMPLETED_WHILE_BLOCKED in update.flags:
            kinds.append("Completed while blocked")
            sentences.append(sentence(f"Completion was claimed on {uk_date(update.at)} while the action was "
                                      "recorded as blocked."))
        if DATE_MOVED_EARLIER in update.flags and kinds:
            sentences.append(sentence(f"The expected date was brought forward on {uk_date(update.at)}."))
    return kinds, sentences


def _missing_returns(view: ActionView, *, facts: PlanFacts, today: date, stale_after_days: int,
                     reply_grace_days: int, kinds: list[str], sentences: list[Sentence]) -> None:
    round_ = facts.latest_round
    # A return is missing once the lead has had the plan's reply time (its reminder is due), not before.
    overdue_return = round_ is not None and working_days_between(
        round_.opened_at.astimezone(LONDON).date(), today) >= reply_grace_days
    if round_ is not None and overdue_return and view.id in round_.waiting_by_action:
        asked = round_.waiting_by_action[view.id]
        names = join_words([facts.person_name(pid) or "the lead" for pid in asked]) or "the lead"
        kinds.append("No return")
        sentences.append(sentence(f"No return received from {names} for the {round_.key} request "
                                  f"(sent {uk_date(round_.opened_at)})."))
        return
    # Only a lead's own returns count: an import is the plan document, not an update received.
    last_reply = view.last_reply_at
    if last_reply is not None:
        quiet_days = (today - last_reply.astimezone(LONDON).date()).days
        if quiet_days > stale_after_days:
            kinds.append("No update")
            sentences.append(sentence(f"No update received for {quiet_days} days (the last on "
                                      f"{uk_date(last_reply)})."))


def describe_change(change: ChangeLog, ref: str = "") -> str:
    """A change-log entry as a sentence: its description (without a leading ``ref:``), with short values."""
    text = " ".join(change.description.split())
    if ref and text.startswith(f"{ref}: "):
        text = text[len(ref) + 2:]
    what = change.field.replace("_", " ") or "the plan"
    old, new = (change.old_value or "").strip(), (change.new_value or "").strip()
    if not text:
        text = f"{what} changed" if old or not new else f"{what} set"
    text = text[0].upper() + text[1:]
    if change.field.startswith("indicator:"):  # a reading: the description already gives the figure in its unit
        return text.rstrip(".") + "."
    if old and new and len(old) <= SHORT_VALUE and len(new) <= SHORT_VALUE:
        return f"{text.rstrip('.')}: from \u201c{old}\u201d to \u201c{new}\u201d."
    if new and len(new) <= LONG_VALUE:
        joiner = ": now" if change.description.strip() else " to"
        return f"{text.rstrip('.')}{joiner} \u201c{new}\u201d."
    return text.rstrip(".") + "."


def build_exceptions_report(facts: PlanFacts, *, today: date, since: date,
                            stale_after_days: int = STALE_AFTER_DAYS, reply_grace_days: int = 0) -> ExceptionsReport:
    """Build the exceptions report from bulk-loaded facts (no queries)."""
    views = build_action_views(facts, today)
    report = ExceptionsReport(
        title=f"{facts.plan.title or facts.plan.name}: exceptions report",
        plan_name=facts.plan.name, as_at=uk_date(today), since=uk_date(since),
    )
    # A heading made of lettered parts (7.2 of 7.2a-f) is reported through its parts, not twice.
    headings = {a.parent_id for a in facts.actions if a.parent_id is not None}
    for section, actions in facts.actions_by_section():
        items: list[ExceptionItem] = []
        for action in actions:
            if action.id in headings:
                continue
            view = views[action.id]
            kinds, sentences = exception_facts(view, facts=facts, today=today, since=since,
                                               stale_after_days=stale_after_days, reply_grace_days=reply_grace_days)
            if not kinds:
                continue  # nothing on track appears
            items.append(ExceptionItem(ref=view.ref, title=view.title, lead=view.lead, rag=view.rag,
                                       rag_text=view.rag_text, kinds=tuple(kinds), sentences=tuple(sentences),
                                       quote=view.latest_words))
        if items:
            heading = section_heading(section.number if section else None, section.title if section else "")
            report.sections.append(ExceptionSection(heading=heading, items=tuple(items)))
    refs = {a.id: a.ref for a in facts.actions}
    since_at, until = start_of(since), start_of(today + timedelta(days=1))
    report.changes = []
    for change in facts.changes:
        if since_at <= change.at < until:
            ref = refs.get(change.action_id, "") if change.action_id else ""
            report.changes.append(ChangeItem(when=uk_date(change.at), ref=ref, text=describe_change(change, ref)))
    report.indicators = build_indicator_exceptions(facts.indicators)
    if facts.latest_round is not None:
        report.round_key = facts.latest_round.key
        report.waiting = [facts.person_name(pid) or f"person {pid}" for pid in facts.latest_round.waiting_person_ids]
    return report
