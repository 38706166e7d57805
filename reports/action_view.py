"""One action as every report sees it: the rules' verdict, its lead, its dates and the lead's latest words."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import cast

from reports.facts import ActionRow, PlanFacts, UpdateFact
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
    flags: frozenset[str]
    history: tuple[UpdateFact, ...]

    @property
    def target(self) -> date | None:
        """The date the action is now expected by: the revised date, else the original."""
        return self.expected_by or self.due

    @property
    def label(self) -> str:
        """``7.4 Full SMART Forward Delivery Plan in place``."""
        return f"{self.ref} {self.title}".strip()


def times_moved(*, due: date | None, history: tuple[UpdateFact, ...] | list[UpdateFact]) -> int:
    """How many times the expected date changed across the update history (from the original date)."""
    moves = 0
    previous = due
    for update in history:
        if update.expected_by is not None and update.expected_by != previous:
            moves += 1
            previous = update.expected_by
    return moves


def lead_names(facts: PlanFacts, action: ActionRow) -> str:
    """The resolved lead people's names, else the plan's own lead cell."""
    names = [facts.people[pid].name for pid in facts.leads.get(action.id, []) if pid in facts.people]
    return ", ".join(names) if names else action.lead_text


def latest_words(facts: PlanFacts, action: ActionRow, history: tuple[UpdateFact, ...], lead: str) -> tuple[str, str]:
    """The newest words said about the action, quoted with who and when, and that date as text."""
    for update in reversed(history):
        if update.text.strip():
            if update.kind == "import":  # the plan document's words, not something the lead said to Chaser
                who = "As recorded in the plan, imported"
            else:
                who = facts.person_name(update.person_id) or lead or "The lead"
            return quotation(who=who, when=update.at, text=update.text), uk_date(update.at)
    if action.progress.strip():
        return quotation(who="Progress recorded in the plan", when=action.progress_at,
                         text=action.progress), uk_date(action.progress_at)
    return "", ""


def build_action_view(facts: PlanFacts, action: ActionRow, today: date) -> ActionView:
    """Derive an :class:`ActionView` from the bulk-loaded facts (no queries)."""
    history = tuple(facts.updates.get(action.id, ()))
    # rules.HasState declares settable attributes; assess only reads them, so a read-only row is fine.
    assessment = rules.assess(cast(rules.HasState, action), today)
    lead = lead_names(facts, action)
    words, words_date = latest_words(facts, action, history, lead)
    flags = frozenset(flag for update in history for flag in update.flags)
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
        times_moved=times_moved(due=action.due, history=history),
        latest_words=words,
        progress_date=words_date,
        flags=flags,
        history=history,
    )


def build_action_views(facts: PlanFacts, today: date) -> dict[int, ActionView]:
    """Views of every action of the plan, by action id."""
    return {action.id: build_action_view(facts, action, today) for action in facts.actions}
