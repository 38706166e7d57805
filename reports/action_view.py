"""One action as every report sees it: the rules' verdict, its lead, its dates and the lead's latest words."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import cast

from reports.facts import ActionRow, LatestWords, PlanFacts, UpdateFact
from reports.formatting import quotation, status_word, uk_date
from store import rules

COMPLETED_WHILE_BLOCKED = "completed_while_blocked"
DATE_MOVED_EARLIER = "date_moved_earlier"


@dataclass(frozen=True)
class ActionView:
    """Facts about one action, derived once and shared by the reports' view-models."""

    id: int
    ref: str
    title: str
    lead: str
    status: str
    status_text: str
    due: date | None
    due_text: str
    original_date: str  # as the plan wrote it, else the UK date
    expected_by: date | None
    revised: bool  # a revised target exists that differs from the original
    completed_on: date | None
    percent: int | None
    assessment: rules.Assessment
    rag: str
    rag_text: str
    times_moved: int
    latest_words: str  # the quotation, with who and when; empty when nothing was ever said
    progress_date: str
    last_reply_at: datetime | None  # the newest update that is not the plan's import
    recent: tuple[UpdateFact, ...]  # the updates since the report's start date, oldest first
    milestones: tuple[date, ...]  # the plan's own milestone dates (ISO strings that are not dates are left out)

    @property
    def target(self) -> date | None:
        """The date the action is now expected by: the revised date, else the original."""
        return self.expected_by or self.due

    @property
    def label(self) -> str:
        """``7.4 Full SMART Forward Delivery Plan in place``."""
        return f"{self.ref} {self.title}".strip()


def milestone_dates(values: list[str] | None) -> tuple[date, ...]:
    """The milestone dates of an action, sorted; month-only or malformed entries are skipped."""
    out = set()
    for value in values or ():
        try:
            out.add(date.fromisoformat(value))
        except (TypeError, ValueError):
            continue
    return tuple(sorted(out))


def lead_names(facts: PlanFacts, action: ActionRow) -> str:
    """The resolved lead people's names, else the plan's own lead cell."""
    names = [facts.people[pid].name for pid in facts.leads.get(action.id, []) if pid in facts.people]
    return ", ".join(names) if names else action.lead_text


def latest_words(facts: PlanFacts, action: ActionRow, newest: LatestWords | None, lead: str) -> tuple[str, str]:
    """The newest words said about the action, quoted with who and when, and that date as text."""
    if newest is not None:
        if newest.kind == "import":  # the plan document's words, not something the lead said to Chaser
            who = "As recorded in the plan, imported"
        else:
            who = facts.person_name(newest.person_id) or lead or "The lead"
        return quotation(who=who, when=newest.at, text=newest.text), uk_date(newest.at)
    if action.progress.strip():
        return quotation(who="Progress recorded in the plan", when=action.progress_at,
                         text=action.progress), uk_date(action.progress_at)
    return "", ""


def build_action_view(facts: PlanFacts, action: ActionRow, today: date) -> ActionView:
    """Derive an :class:`ActionView` from the bulk-loaded facts (no queries)."""
    # rules.HasState declares settable attributes; assess only reads them, so a read-only row is fine.
    assessment = rules.assess(cast(rules.HasState, action), today)
    lead = lead_names(facts, action)
    words, words_date = latest_words(facts, action, facts.latest_words.get(action.id), lead)
    return ActionView(
        id=action.id,
        ref=action.ref,
        title=" ".join(action.title.split()),
        lead=lead,
        status=action.status,
        status_text=status_word(action.status),
        due=action.due,
        due_text=action.due_text,
        original_date=" ".join(action.due_text.split()) or uk_date(action.due),
        expected_by=action.expected_by,
        revised=action.expected_by is not None and action.expected_by != action.due,
        completed_on=action.completed_on,
        percent=action.percent_complete,
        assessment=assessment,
        rag=assessment.rag,
        rag_text=rules.rag_label(assessment.rag),
        times_moved=facts.times_moved.get(action.id, 0),
        latest_words=words,
        progress_date=words_date,
        last_reply_at=facts.last_reply.get(action.id),
        recent=tuple(facts.recent.get(action.id, ())),
        milestones=milestone_dates(action.milestones),
    )


def build_action_views(facts: PlanFacts, today: date) -> dict[int, ActionView]:
    """Views of every action of the plan, by action id."""
    return {action.id: build_action_view(facts, action, today) for action in facts.actions}
