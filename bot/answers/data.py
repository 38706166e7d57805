"""What the answerer reads from the store: a plan's sections and actions, people, and updates.

A question reads only the actions it is about: its section, lead, access and intent are WHERE
clauses (:func:`select_matches`), read as plain rows, not ORM objects; the rules in
:mod:`store.rules` then decide, and only the actions an answer lists are read in full. Counts come
from :mod:`store.tallies`, grouped in SQL.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from functools import cached_property
from typing import Any, NamedTuple

from sqlalchemy import ColumnElement, func
from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select

from store.models import Action, Person, Plan, Section, Update

_LEAD_SPLIT = re.compile(r"\s*(?:[,;/&()+]|\band\b|\bwith\b)\s*", re.IGNORECASE)


@dataclass(slots=True)
class Match:
    """An action as a question matches it: its ref, its lead cell and what the rules read (not its title).

    A long answer lists only its first :data:`bot.answers.model.LIST_LIMIT` actions in full; the others
    are read this far, for their refs.
    """

    id: int
    ref: str
    section_id: int | None
    lead_text: str
    status: str
    due: date | None
    expected_by: date | None


@dataclass(slots=True)
class ActionRow(Match):
    """One action, as much of it as an answer shows."""

    title: str


@dataclass
class PlanView:
    """One plan and its sections; its actions are read on demand, filtered in SQL (see :func:`select_matches`)."""

    session: Session
    plan: Plan
    sections: list[Section]

    @cached_property
    def lead_cells(self) -> list[str]:
        """Each distinct lead cell of the plan (plans repeat a few cells often, so this stays short)."""
        rows = self.session.connection().execute(
            sa_select(col(Action.lead_text)).where(col(Action.plan_id) == self.plan.id).distinct()
        )
        return sorted(cell for (cell,) in rows)

    @cached_property
    def _cell_parts(self) -> dict[str, frozenset[str]]:
        return {cell: frozenset(part.lower() for part in lead_parts(cell)) for cell in self.lead_cells}

    def cells_naming(self, names: frozenset[str]) -> list[str]:
        """The lead cells with a name among ``names`` (lower-cased) in them."""
        return [cell for cell, parts in self._cell_parts.items() if parts & names]

    @cached_property
    def lead_names(self) -> list[str]:
        """Each distinct name in the lead cells, as first written."""
        seen: dict[str, str] = {}
        for cell in self.lead_cells:
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
    """``plan`` and its sections, in plan order (the actions stay in the database until asked for)."""
    sections = list(
        session.exec(select(Section).where(Section.plan_id == plan.id).order_by(col(Section.position), col(Section.id)))
    )
    return PlanView(session=session, plan=plan, sections=sections)


_IN_LIMIT = 900
_MATCH_COLUMNS: tuple[Any, ...] = (Action.id, Action.ref, Action.section_id, Action.lead_text, Action.status,
                                   Action.due, Action.expected_by)


def _rows(session: Session, columns: tuple[Any, ...], *, plan_id: int, where: Iterable[ColumnElement[bool]]) -> Any:
    return session.connection().execute(
        sa_select(*columns).where(col(Action.plan_id) == plan_id, *where).order_by(col(Action.position), col(Action.id))
    ).all()


def select_matches(session: Session, *, plan_id: int, where: Iterable[ColumnElement[bool]] = ()) -> list[Match]:
    """The actions of ``plan_id`` matching every clause of ``where``, in plan order, without their titles.

    The filters run in SQL (on the plan's indexes), so a question reads only the actions it is about,
    as Core rows, not ORM objects.
    """
    return [Match(*row) for row in _rows(session, _MATCH_COLUMNS, plan_id=plan_id, where=where)]


def select_actions(session: Session, *, plan_id: int, where: Iterable[ColumnElement[bool]] = ()) -> list[ActionRow]:
    """As :func:`select_matches`, with each action's title: for the actions an answer lists."""
    return [ActionRow(*row) for row in _rows(session, (*_MATCH_COLUMNS, Action.title), plan_id=plan_id, where=where)]


class RefRow(NamedTuple):
    """An action named only by its ref (and section): all a long list needs of the actions it does not show."""

    id: int
    ref: str
    section_id: int | None


def actions_with_ids(session: Session, *, plan_id: int, ids: Iterable[int]) -> list[RefRow]:
    """The refs of the actions of ``plan_id`` among ``ids`` (ids of other plans, or of no action, are left out),
    in plan order.

    One statement whatever the number of ids: up to :data:`_IN_LIMIT` as an IN list, more by reading
    the plan's refs and keeping those asked for (SQLite allows 999 parameters to a statement).
    """
    wanted = {i for i in ids if isinstance(i, int)}
    columns: tuple[Any, ...] = (Action.id, Action.ref, Action.section_id)
    if len(wanted) <= _IN_LIMIT:
        rows = _rows(session, columns, plan_id=plan_id, where=[col(Action.id).in_(sorted(wanted))])
        return [RefRow(*row) for row in rows]
    return [RefRow(*row) for row in _rows(session, columns, plan_id=plan_id, where=()) if row[0] in wanted]


def load_people(session: Session) -> list[PersonRow]:
    """Everyone Chaser knows, by name."""
    columns: tuple[Any, ...] = (Person.id, Person.name, Person.aliases, Person.role_title, Person.email, Person.roles)
    rows = session.connection().execute(sa_select(*columns).order_by(col(Person.name))).all()
    return [PersonRow(*row) for row in rows]


def last_update_times(
    session: Session, *, plan_id: int, where: Iterable[ColumnElement[bool]] = ()
) -> dict[int, datetime]:
    """When each action of ``plan_id`` matching ``where`` was last updated: its newest update not undone,
    else its progress date. Two statements, however many actions match."""
    chosen = sa_select(col(Action.id)).where(col(Action.plan_id) == plan_id, *where)
    rows = session.exec(
        select(Update.action_id, func.max(Update.at))
        .where(col(Update.action_id).in_(chosen), col(Update.undone).is_(False))
        .group_by(col(Update.action_id))
    )
    found = {action_id: at for action_id, at in rows if at is not None}
    updated = sa_select(col(Update.id)).where(col(Update.action_id) == col(Action.id), col(Update.undone).is_(False))
    dated = session.exec(  # the snapshot leaves progress dates out: read them only where no update is
        select(Action.id, Action.progress_at)
        .where(col(Action.plan_id) == plan_id, *where, col(Action.progress_at).is_not(None), ~updated.exists())
    )
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
