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


@dataclass
class PlanView:
    """One plan, its sections and its actions in plan order."""

    plan: Plan
    sections: list[Section]
    actions: list[ActionRow]

    @cached_property
    def _lead_cells(self) -> dict[str, set[int]]:
        """Each distinct lead cell -> the ids of the actions with it (plans repeat a few cells often)."""
        cells: dict[str, set[int]] = defaultdict(set)
        for action in self.actions:
            cells[action.lead_text].add(action.id)
        return cells

    @cached_property
    def lead_index(self) -> dict[str, set[int]]:
        """Each name in the lead cells (lower-cased) -> the ids of the actions naming it."""
        index: dict[str, set[int]] = defaultdict(set)
        for cell, ids in self._lead_cells.items():
            for part in lead_parts(cell):
                index[part.lower()] |= ids
        return index

    @cached_property
    def lead_names(self) -> list[str]:
        """Each distinct name in the lead cells, as first written."""
        seen: dict[str, str] = {}
        for cell in self._lead_cells:
            for part in lead_parts(cell):
                seen.setdefault(part.lower(), part)
        return list(seen.values())


@dataclass(frozen=True, slots=True)
class PersonRow:
    """A person, as much as answering needs (plain row: building ORM objects for everyone is slow)."""

    id: int
    name: str
    aliases: list[str]
    role_title: str
    email: str | None
    roles: list[str]


def lead_parts(lead_text: str) -> tuple[str, ...]:
    """The names in an action's lead cell: "Tony Geeson (Alan McLaughlin)" -> both names."""
    return tuple(part.strip() for part in _LEAD_SPLIT.split(lead_text) if part and part.strip())


def load_plans(session: Session) -> list[Plan]:
    """Every plan, by name."""
    return list(session.exec(select(Plan).order_by(col(Plan.name))))


def load_plan_view(session: Session, *, plan: Plan) -> PlanView:
    """The sections and actions of ``plan``, in plan order."""
    sections = list(
        session.exec(select(Section).where(Section.plan_id == plan.id).order_by(col(Section.position), col(Section.id)))
    )
    columns: tuple[Any, ...] = (Action.id, Action.ref, Action.section_id, Action.title, Action.lead_text, Action.status,
               Action.due, Action.expected_by)
    # Core rows, not ORM objects: a 5,000-action plan reads in a few milliseconds.
    rows = session.connection().execute(
        sa_select(*columns).where(col(Action.plan_id) == plan.id).order_by(col(Action.position), col(Action.id))
    ).all()
    return PlanView(plan=plan, sections=sections, actions=[ActionRow(*row) for row in rows])


def load_people(session: Session) -> list[PersonRow]:
    """Everyone Chaser knows, by name."""
    columns: tuple[Any, ...] = (Person.id, Person.name, Person.aliases, Person.role_title, Person.email, Person.roles)
    rows = session.connection().execute(sa_select(*columns).order_by(col(Person.name))).all()
    return [PersonRow(*row) for row in rows]


def person_links(
    session: Session, *, plan_id: int, person_ids: Iterable[int] | None = None
) -> dict[int, set[int]]:
    """For each person (or only ``person_ids``), the ids of the actions of ``plan_id`` linked to them."""
    links: dict[int, set[int]] = defaultdict(set)
    statement = (
        select(ActionPerson.person_id, ActionPerson.action_id)
        .join(Action, col(Action.id) == col(ActionPerson.action_id))
        .where(Action.plan_id == plan_id)
    )
    if person_ids is not None:
        statement = statement.where(col(ActionPerson.person_id).in_(list(person_ids)))
    rows = session.exec(statement)
    for person_id, action_id in rows:
        links[person_id].add(action_id)
    return links


def last_update_times(session: Session, *, action_ids: Iterable[int]) -> dict[int, datetime]:
    """When each action was last updated: its newest update not undone, else its progress date."""
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
        missing = [i for i in chunk if i not in found]
        if missing:  # read only where needed: the snapshot leaves progress dates out
            dated = session.exec(select(Action.id, Action.progress_at).where(col(Action.id).in_(missing)))
            found.update({action_id: at for action_id, at in dated if action_id is not None and at is not None})
    return found


def latest_update(session: Session, *, action_id: int) -> tuple[Update, Person | None] | None:
    """The newest update on an action that was not undone, and who gave it."""
    row = session.exec(
        select(Update, Person)
        .join(Person, col(Person.id) == col(Update.person_id), isouter=True)
        .where(Update.action_id == action_id, col(Update.undone).is_(False))
        .order_by(col(Update.at).desc(), col(Update.id).desc())
        .limit(1)
    ).first()
    return (row[0], row[1]) if row else None
