"""Counts of actions by state, grouped in SQL, for the dashboard and for "how is section 7 doing?".

The plan's rules (:mod:`store.rules`) read an action's status, due date, revised date and completion
date only. Grouping the actions by those fields in SQL and applying the rules once per group,
weighted by its count, gives exactly the tallies of applying them to every action, while the
database returns one row per distinct combination (bounded by the calendar, not the plan's size).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import Session
from sqlmodel import col

from store.models import Action

_STATE = (col(Action.status), col(Action.due), col(Action.expected_by), col(Action.completed_on))


@dataclass(slots=True)
class StateCount:
    """How many actions share one state (and one value of each ``by`` column)."""

    keys: tuple[Any, ...]
    status: str
    due: date | None
    expected_by: date | None
    completed_on: date | None
    count: int


def state_counts(
    session: Session, *, where: Iterable[ColumnElement[bool]], by: Iterable[Any] = (), joined: Any = None,
    order_by: Iterable[Any] = (),
) -> list[StateCount]:
    """The actions matching every clause of ``where``, counted per state and per value of ``by``.

    Args:
        session: an open session.
        where: WHERE clauses on ``Action`` (plan, section, who may see them).
        by: further columns to group by (e.g. ``Section.number``); their values are ``keys``.
        joined: what to select from when ``by`` names another table (``Action`` joined to it).
        order_by: the order of the groups (by ``by``'s columns).
    """
    keys = tuple(by)
    rows = session.connection().execute(
        select(*keys, *_STATE, func.count()).select_from(Action if joined is None else joined).where(*where)
        .group_by(*keys, *_STATE).order_by(*order_by)
    ).all()
    width = len(keys)
    return [StateCount(tuple(row[:width]), *row[width:]) for row in rows]
