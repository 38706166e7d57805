"""What the answerer reads from the store: a plan's sections and actions, people, and updates.

Questions are answered from a light snapshot (plain rows, no ORM objects for the actions), so
a 5,000-action plan is read in a few milliseconds; the rules in :mod:`store.rules` then decide.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from functools import cached_property
from typing import Any

from sqlalchemy import func
from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select

from store.models import Action, ActionPerson, Person, Plan, Section, Update

_LEAD_SPLIT = re.compile(r"\s*(?:[,;/&()+]|\band\b|\bwith\b)\s*", re.IGNORECASE)


@dataclass(slots=True)
class ActionRow:
    """One action, as much of it as an answer shows."""

    id: int
    ref: str
    section_id: int | None
    title: str
    lead_text: str
    status: str
    due: date | None
    expected_by: date | None
    progress_at: datetime | None


@dataclass
class PlanView:
    """One plan, its sections and its actions in plan order."""

    plan: Plan
    sections: list[Section]
    actions: list[ActionRow]

    @cached_property
    def lead_index(self) -> dict[str, set[int]]:
        """Each name in the lead cells (lower-cased) -> the ids of the actions naming it."""
        index: dict[str, set[int]] = defaultdict(set)
        for action in self.actions:
            for part in lead_parts(action.lead_text):
                index[part.lower()].add(action.id)
        return index

    @cached_property
    def lead_names(self) -> list[str]:
        """Each distinct name in the lead cells, as first written."""
        seen: dict[str, str] = {}
        for action in self.actions:
            for part in lead_parts(action.lead_text):
                seen.setdefault(part.lower(), part)
        return list(seen.values())


def lead_parts(lead_text: str) -> list[str]:
    """The names in an action's lead cell: "Tony Geeson (Alan McLaughlin)" -> both names."""
    return [part.strip() for part in _LEAD_SPLIT.split(lead_text) if part and part.strip()]


def load_plans(session: Session) -> list[Plan]:
    """Every plan, by name."""
    return list(session.exec(select(Plan).order_by(col(Plan.name))))


def load_plan_view(session: Session, plan: Plan) -> PlanView:
    """The sections and actions of ``plan``, in plan order."""
    sections = list(
        session.exec(select(Section).where(Section.plan_id == plan.id).order_by(col(Section.position), col(Section.id)))
    )
    columns: tuple[Any, ...] = (Action.id, Action.ref, Action.section_id, Action.title, Action.lead_text, Action.status,
               Action.due, Action.expected_by, Action.progress_at)
    rows = session.execute(
        sa_select(*columns).where(col(Action.plan_id) == plan.id).order_by(col(Action.position), col(Action.id))
    )
    return PlanView(plan=plan, sections=sections, actions=[ActionRow(*row) for row in rows])


def load_people(session: Session) -> list[Person]:
    """Everyone Chaser knows."""
    return list(session.exec(select(Person).order_by(col(Person.name))))


def person_links(session: Session, plan_id: int) -> dict[int, set[int]]:
    """For each person, the ids of the actions of ``plan_id`` their name is linked to."""
    links: dict[int, set[int]] = defaultdict(set)
    rows = session.exec(
        select(ActionPerson.person_id, ActionPerson.action_id)
        .join(Action, col(Action.id) == col(ActionPerson.action_id))
        .where(Action.plan_id == plan_id)
    )
    for person_id, action_id in rows:
        links[person_id].add(action_id)
    return links


def last_update_times(session: Session, action_ids: Iterable[int]) -> dict[int, datetime]:
    """When each action was last updated (its newest update that was not undone)."""
    ids = list(action_ids)
    found: dict[int, datetime] = {}
    for start in range(0, len(ids), 900):
        chunk = ids[start : start + 900]
        rows = session.exec(
            select(Update.action_id, func.max(Update.at))
            .where(col(Update.action_id).in_(chunk), col(Update.undone).is_(False))
            .group_by(col(Update.action_id))
        )
        found.update({action_id: at for action_id, at in rows if at is not None})
    return found


def latest_update(session: Session, action_id: int) -> tuple[Update, Person | None] | None:
    """The newest update on an action that was not undone, and who gave it."""
    row = session.exec(
        select(Update, Person)
        .join(Person, col(Person.id) == col(Update.person_id), isouter=True)
        .where(Update.action_id == action_id, col(Update.undone).is_(False))
        .order_by(col(Update.at).desc(), col(Update.id).desc())
        .limit(1)
    ).first()
    return (row[0], row[1]) if row else None
