"""What each page shows, read from the store: dashboard tallies, action lists and an action's evidence trail.

Every query goes through ``access.visible_actions``, so a page can only ever show what its viewer may see.
RAG, overdue and slipped come from ``store.rules``, the same rules the reports and answers use.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import func, outerjoin
from sqlmodel import Session, col, select

from adapters.web import figures
from adapters.web.access import Viewer, can_update_action, visible_actions
from store.models import RAGS, STATUSES, Action, ActionPerson, InboundMessage, Person, Plan, Section, Update
from store.rules import assess
from store.tallies import tallies


@dataclass
class Tally:
    """Counts for one section (or a whole plan): by status, by RAG, and how many are overdue."""

    number: str
    title: str
    statuses: dict[str, int] = field(default_factory=lambda: dict.fromkeys(STATUSES, 0))
    rags: dict[str, int] = field(default_factory=lambda: dict.fromkeys(RAGS, 0))
    overdue: int = 0
    total: int = 0

    def add(self, *, status: str, rag: str, overdue: bool, count: int = 1) -> None:
        """Count ``count`` actions in the same state."""
        self.statuses[status] = self.statuses.get(status, 0) + count
        self.rags[rag] += count
        self.overdue += int(overdue) * count
        self.total += count


@dataclass
class PlanTally:
    """One plan on the dashboard: a tally per section and one for the plan."""

    plan_id: int
    name: str
    title: str
    sections: list[Tally]
    total: Tally


@dataclass(frozen=True)
class ActionRow:
    """One action as the lists show it."""

    id: int
    ref: str
    title: str
    section: str
    lead: str
    due: date | None
    due_text: str
    expected_by: date | None
    slipped: bool
    status: str
    rag: str
    rag_reason: str
    overdue: bool
    last_update: datetime | None


@dataclass(frozen=True)
class UpdateView:
    """One update in an action's history: the words as given, who, when, how, and what Chaser read."""

    at: datetime
    person: str
    channel: str
    kind: str
    text: str
    status: str | None
    percent_complete: int | None
    completed_on: date | None
    expected_by: date | None
    flags: list[str]
    undone: bool
    extraction: dict[str, Any]


@dataclass(frozen=True)
class ActionDetail:
    """Everything the action page shows."""

    row: ActionRow
    plan: Plan
    section_title: str
    action: Action
    people: list[tuple[str, str]]
    updates: list[UpdateView]
    can_update: bool


def visible_plans(*, session: Session, viewer: Viewer) -> list[Plan]:
    """The plans ``viewer`` may see: all of them for coordinators and directors, else those with their actions."""
    query = select(Plan).order_by(Plan.name)
    if not viewer.sees_all:
        query = query.where(col(Plan.id).in_(select(Action.plan_id).where(visible_actions(viewer))))
    return list(session.exec(query))


@dataclass
class Dashboard:
    """The dashboard: each plan's tallies, the headline figures and the trend."""

    plans: list[PlanTally]
    headline: figures.Headline
    trend: list[figures.TrendPoint]


def dashboard(*, session: Session, viewer: Viewer, today: date) -> Dashboard:
    """Per plan and per section: counts by status and RAG, and the overdue count, of the visible actions; with
    the headline figures and the trend.

    One statement counts them all (``store.tallies``, grouped by plan, section, status and RAG, with the trend's
    weekly counts summed per group): a few rows per section, not one per action, and one pass over the actions.
    """
    plans = visible_plans(session=session, viewer=viewer)
    days = figures.trend_days(today)
    joined = outerjoin(Action, Section, col(Action.section_id) == col(Section.id))
    groups = tallies(
        session, where=[visible_actions(viewer)], today=today, joined=joined, trend_days=days,
        by=(col(Action.plan_id), col(Section.position), col(Section.id), col(Section.number), col(Section.title)),
        order_by=(col(Action.plan_id), col(Section.position), col(Section.id)),
    )
    by_plan: dict[int, list[Any]] = defaultdict(list)
    for group in groups:
        by_plan[group.keys[0]].append(group)
    result = []
    for plan in plans:
        sections: dict[str, Tally] = {}
        total = Tally(number="", title="All sections")
        for group in by_plan.get(plan.id or 0, []):
            _plan, _position, section_id, number, title = group.keys
            number, title = (number, title) if section_id is not None else ("", "(no section)")
            tally = sections.setdefault(number, Tally(number=number, title=title))
            for target in (tally, total):
                target.add(status=group.status, rag=group.rag, overdue=group.overdue, count=group.count)
        assert plan.id is not None
        result.append(PlanTally(plan_id=plan.id, name=plan.name, title=plan.title, sections=list(sections.values()),
                                total=total))
    return Dashboard(plans=result, headline=figures.headline(session=session, viewer=viewer, groups=groups),
                     trend=figures.trend(groups, days))


def plans_never_chased(*, session: Session) -> list[Plan]:
    """The plans no round of requests has gone out for yet (a plan just uploaded, say), by name."""
    from store.models import Round

    return list(session.exec(select(Plan).where(col(Plan.id).not_in(select(Round.plan_id))).order_by(Plan.name)))


def _lead_names(session: Session, plan_id: int, action_ids: list[int] | None = None) -> dict[int, list[str]]:
    query = (
        select(ActionPerson.action_id, Person.name)
        .join(Person, col(Person.id) == col(ActionPerson.person_id))
        .join(Action, col(Action.id) == col(ActionPerson.action_id))
        .where(Action.plan_id == plan_id, ActionPerson.role == "lead")
        .order_by(col(ActionPerson.position))
    )
    if action_ids is not None:
        query = query.where(col(ActionPerson.action_id).in_(action_ids))
    names: dict[int, list[str]] = defaultdict(list)
    for action_id, name in session.exec(query):
        names[action_id].append(name)
    return names


def _last_updates(session: Session, plan_id: int, action_ids: list[int] | None = None) -> dict[int, datetime]:
    query = (
        select(Update.action_id, func.max(Update.at))
        .join(Action, col(Action.id) == col(Update.action_id))
        .where(Action.plan_id == plan_id, col(Update.undone).is_(False))
        .group_by(col(Update.action_id))
    )
    if action_ids is not None:
        query = query.where(col(Update.action_id).in_(action_ids))
    return {action_id: at for action_id, at in session.exec(query) if at is not None}


def _row(action: Action, section: Section | None, leads: list[str], last: datetime | None, today: date) -> ActionRow:
    verdict = assess(action, today)
    latest = max((when for when in (last, action.progress_at) if when is not None), default=None)
    assert action.id is not None
    return ActionRow(
        id=action.id, ref=action.ref, title=action.title, section=section.number if section else "",
        lead=", ".join(leads) or action.lead_text, due=action.due, due_text=action.due_text,
        expected_by=action.expected_by, slipped=verdict.slipped, status=action.status, rag=verdict.rag,
        rag_reason=verdict.reason, overdue=verdict.overdue, last_update=latest,
    )


def plan_actions(
    *, session: Session, viewer: Viewer, plan_id: int, today: date, section: str | None = None,
    status: str | None = None, rag: str | None = None,
) -> tuple[Plan, list[Section], list[ActionRow]] | None:
    """A plan's visible actions, optionally filtered; None when the plan is unknown or none of it is visible."""
    plan = session.get(Plan, plan_id)
    if plan is None or plan.id not in {p.id for p in visible_plans(session=session, viewer=viewer)}:
        return None
    query = (
        select(Action, Section)
        .join(Section, col(Action.section_id) == col(Section.id), isouter=True)
        .where(Action.plan_id == plan_id, visible_actions(viewer))
        .order_by(col(Section.position), col(Action.position), col(Action.id))
    )
    if section:
        query = query.where(Section.number == section)
    if status:
        query = query.where(Action.status == status)
    leads = _lead_names(session, plan_id)
    last = _last_updates(session, plan_id)
    rows = [_row(a, s, leads.get(a.id or 0, []), last.get(a.id or 0), today) for a, s in session.exec(query)]
    if rag:
        rows = [row for row in rows if row.rag == rag]
    sections = list(session.exec(select(Section).where(Section.plan_id == plan_id).order_by(col(Section.position))))
    return plan, sections, rows


def action_detail(*, session: Session, viewer: Viewer, action_id: int, today: date) -> ActionDetail | None:
    """An action's fields and full update history; None when unknown or not visible to ``viewer``."""
    found = session.exec(
        select(Action, Section)
        .join(Section, col(Action.section_id) == col(Section.id), isouter=True)
        .where(Action.id == action_id, visible_actions(viewer))
    ).first()
    if found is None:
        return None
    action, section = found
    plan = session.get(Plan, action.plan_id)
    assert plan is not None
    people = [
        (name, role)
        for name, role in session.exec(
            select(Person.name, ActionPerson.role)
            .join(ActionPerson, col(ActionPerson.person_id) == col(Person.id))
            .where(ActionPerson.action_id == action_id)
            .order_by(col(ActionPerson.position))
        )
    ]
    updates = [
        UpdateView(
            at=update.at, person=name or "(unknown sender)", channel=update.channel, kind=update.kind,
            text=update.text, status=update.status, percent_complete=update.percent_complete,
            completed_on=update.completed_on, expected_by=update.expected_by, flags=list(update.flags or []),
            undone=update.undone, extraction=dict(update.extraction or {}),
        )
        for update, name in session.exec(
            select(Update, Person.name)
            .join(Person, col(Person.id) == col(Update.person_id), isouter=True)
            .where(Update.action_id == action_id)
            .order_by(col(Update.at).desc(), col(Update.id).desc())
        )
    ]
    leads = [name for name, role in people if role == "lead"]
    last = _last_updates(session, action.plan_id, [action_id]).get(action_id)
    return ActionDetail(
        row=_row(action, section, leads, last, today), plan=plan, section_title=section.title if section else "",
        action=action, people=people, updates=updates,
        can_update=can_update_action(session=session, viewer=viewer, action_id=action_id),
    )


def inbound_state(*, session: Session, channel: str, message_id: str) -> str | None:
    """What the service did with a stored message: ``processed``, ``failed``, ``quarantined``... or None."""
    return session.exec(select(InboundMessage.state).where(InboundMessage.channel == channel,
                                                           InboundMessage.message_id == message_id)).first()
