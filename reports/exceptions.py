"""The exceptions report's view-model: what is overdue, slipped, blocked, at risk or unreported, by section.

Section 1 holds one paragraph per exception, built only from stored facts and the lead's own latest
words; section 2 lists changes to the plan since the last report (the change log). Nothing on track
appears.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from reports.action_view import COMPLETED_WHILE_BLOCKED, DATE_MOVED_EARLIER, ActionView, build_action_views
from reports.facts import PlanFacts
from reports.formatting import join_words, plural, times, uk_date
from store.models import ChangeLog

LONDON = ZoneInfo("Europe/London")
STALE_AFTER_DAYS = 28


@dataclass(frozen=True)
class ExceptionItem:
    """One action that needs attention, with the facts as sentences and the lead's words."""

    ref: str
    title: str
    lead: str
    rag: str
    rag_text: str
    kinds: tuple[str, ...]
    facts: tuple[str, ...]
    quote: str


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


def start_of(day: date) -> datetime:
    """Midnight at the start of ``day`` in London, as an aware datetime."""
    return datetime.combine(day, time(0, 0), tzinfo=LONDON)


def section_heading(number: str | None, title: str) -> str:
    """``7. Improved services ...``; actions without a section go under ``Other actions``."""
    if number is None:
        return "Other actions"
    title = " ".join(title.split())
    return f"{number}. {title}" if title else f"Section {number}"


def exception_facts(view: ActionView, *, facts: PlanFacts, today: date, since: date,
                    stale_after_days: int = STALE_AFTER_DAYS) -> tuple[list[str], list[str]]:
    """The exception kinds and the factual sentences for one action (both empty when on track)."""
    kinds: list[str] = []
    sentences: list[str] = []
    assessment = view.assessment
    since_at = start_of(since)
    original = view.original_date
    if view.due_text.strip() and view.due and view.due_text.strip() != uk_date(view.due):
        original = f"{view.due_text.strip()} ({uk_date(view.due)})"
    if assessment.overdue and view.due is not None:
        kinds.append("Overdue")
        sentences.append(f"Overdue against its original date, {original}, by {plural((today - view.due).days, 'day')}.")
    if assessment.slipped and view.expected_by is not None:
        kinds.append("Slipped")
        moved = (f"the date has moved {times(view.times_moved)}" if view.times_moved
                 else "the revised date is recorded in the plan")
        sentences.append(f"Slipped: now expected by {uk_date(view.expected_by)}, later than the original "
                         f"{uk_date(view.due)}; {moved}.")
    if assessment.reason == "past its revised date" and view.expected_by is not None:
        kinds.append("Past revised date")
        sentences.append(f"Not complete, and its revised date of {uk_date(view.expected_by)} has passed.")
    if view.status == "blocked":
        kinds.append("Blocked")
        sentences.append("Reported as blocked.")
    elif view.status == "delayed" and not kinds:
        kinds.append("At risk")
        sentences.append("Reported as delayed.")
    if view.status != "complete":
        _missing_returns(view, facts=facts, today=today, stale_after_days=stale_after_days,
                         kinds=kinds, sentences=sentences)
    for update in view.history:
        if update.at < since_at:
            continue
        if COMPLETED_WHILE_BLOCKED in update.flags:
            kinds.append("Completed while blocked")
            sentences.append(f"Completion was claimed on {uk_date(update.at)} while the action was recorded "
                             "as blocked.")
        if DATE_MOVED_EARLIER in update.flags and kinds:
            sentences.append(f"The expected date was brought forward on {uk_date(update.at)}.")
    return kinds, sentences


def _missing_returns(view: ActionView, *, facts: PlanFacts, today: date, stale_after_days: int,
                     kinds: list[str], sentences: list[str]) -> None:
    round_ = facts.latest_round
    if round_ is not None and view.id in round_.waiting_by_action:
        asked = round_.waiting_by_action[view.id]
        names = join_words([facts.person_name(pid) or "the lead" for pid in asked]) or "the lead"
        kinds.append("No return")
        sentences.append(f"No return received from {names} for the {round_.key} request "
                         f"(sent {uk_date(round_.opened_at)}).")
        return
    if view.last_update_at is not None:
        quiet_days = (today - view.last_update_at.astimezone(LONDON).date()).days
        if quiet_days > stale_after_days:
            kinds.append("No update")
            sentences.append(f"No update received for {quiet_days} days (the last on "
                             f"{uk_date(view.last_update_at)}).")


def describe_change(change: ChangeLog) -> str:
    """A change-log entry as a sentence: its own description, else what changed from what to what."""
    if change.description.strip():
        return " ".join(change.description.split())
    what = change.field.replace("_", " ") or "the plan"
    if change.old_value and change.new_value:
        return f"{what.capitalize()} changed from \u201c{change.old_value}\u201d to \u201c{change.new_value}\u201d."
    if change.new_value:
        return f"{what.capitalize()} set to \u201c{change.new_value}\u201d."
    return f"{what.capitalize()} changed."


def build_exceptions_report(facts: PlanFacts, *, today: date, since: date,
                            stale_after_days: int = STALE_AFTER_DAYS) -> ExceptionsReport:
    """Build the exceptions report from bulk-loaded facts (no queries)."""
    views = build_action_views(facts, today)
    report = ExceptionsReport(
        title=f"{facts.plan.title or facts.plan.name}: exceptions report",
        plan_name=facts.plan.name, as_at=uk_date(today), since=uk_date(since),
    )
    for section, actions in facts.actions_by_section():
        items: list[ExceptionItem] = []
        for action in actions:
            view = views[action.id or 0]
            kinds, sentences = exception_facts(view, facts=facts, today=today, since=since,
                                               stale_after_days=stale_after_days)
            if not kinds:
                continue  # nothing on track appears
            items.append(ExceptionItem(ref=view.ref, title=view.title, lead=view.lead, rag=view.rag,
                                       rag_text=view.rag_text, kinds=tuple(kinds), facts=tuple(sentences),
                                       quote=view.latest_words))
        if items:
            heading = section_heading(section.number if section else None, section.title if section else "")
            report.sections.append(ExceptionSection(heading=heading, items=tuple(items)))
    refs = {a.id: a.ref for a in facts.actions}
    since_at = start_of(since)
    report.changes = [ChangeItem(when=uk_date(c.at), ref=refs.get(c.action_id, ""), text=describe_change(c))
                      for c in facts.changes if c.at >= since_at]
    if facts.latest_round is not None:
        report.round_key = facts.latest_round.key
        report.waiting = [facts.person_name(pid) or f"person {pid}" for pid in facts.latest_round.waiting_person_ids]
    return report
