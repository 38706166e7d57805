"""Counts of actions by status and RAG, worked out in SQL, for the dashboard and "how is section 7 doing?".

The plan's rules (:mod:`store.rules`) are written here once more as SQL expressions, so that the
database counts per section, status and RAG and returns a handful of rows instead of one per action.
``tests/store/test_tallies.py`` checks on SQLite and PostgreSQL that these expressions give exactly
what ``store.rules`` gives, for every combination of status, due date and revised date around today.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, and_, case, func, or_, select
from sqlalchemy.orm import Session
from sqlmodel import col

from store.models import Action

_STATUS, _DUE, _REVISED, _DONE_ON = col(Action.status), col(Action.due), col(Action.expected_by), col(
    Action.completed_on)


def overdue_sql(today: date) -> ColumnElement[bool]:
    """:func:`store.rules.is_overdue` in SQL: not complete, and the original due date has passed."""
    return and_(_STATUS != "complete", _DUE.is_not(None), today > _DUE)


def slipped_sql() -> ColumnElement[bool]:
    """:func:`store.rules.is_slipped` in SQL: a revised date later than the original due date."""
    return and_(_REVISED.is_not(None), _DUE.is_not(None), _REVISED > _DUE)


def rag_sql(today: date) -> ColumnElement[str]:
    """:func:`store.rules.assess`'s RAG in SQL, in the same order of tests."""
    overdue = overdue_sql(today)
    return case(
        (_STATUS == "complete", "green"),
        (_STATUS == "blocked", "red"),
        (and_(overdue, or_(_REVISED.is_(None), today > _REVISED)), "red"),
        (and_(_REVISED.is_not(None), today > _REVISED), "red"),
        (overdue, "amber"),
        (slipped_sql(), "amber"),
        (_STATUS == "delayed", "amber"),
        else_="green",
    )


def completed_by_sql(day: date) -> ColumnElement[bool]:
    """Complete on ``day``: complete, and completed on or before it (or complete with no date recorded)."""
    return and_(_STATUS == "complete", or_(_DONE_ON.is_(None), day >= _DONE_ON))


@dataclass(frozen=True, slots=True)
class Tally:
    """How many actions share a status, RAG, overdue and slipped (and one value of each ``by`` column).

    ``trend`` has, for each of the ``trend_days`` asked for, how many of them were complete by that day
    and how many overdue on it (due before it and not complete by it).
    """

    keys: tuple[Any, ...]
    status: str
    rag: str
    overdue: bool
    slipped: bool
    count: int
    trend: tuple[tuple[int, int], ...] = ()


def tallies(
    session: Session, *, where: Iterable[ColumnElement[bool]], today: date, by: Sequence[Any] = (),
    joined: Any = None, order_by: Iterable[Any] = (), trend_days: Sequence[date] = (),
) -> list[Tally]:
    """The actions matching every clause of ``where``, counted per status, RAG, overdue and slipped, in one
    statement (one pass over the actions, whatever else is asked).

    Args:
        session: an open session.
        where: WHERE clauses on ``Action`` (plan, section, who may see them).
        today: the day the rules are applied on.
        by: further columns to group by first (e.g. ``Section.number``); their values are ``keys``.
        joined: what to select from when ``by`` names another table (``Action`` joined to it).
        order_by: the order of the groups.
        trend_days: days on which to count, within each group, the actions complete by then and overdue then
            (complete by a day from ``today`` on: complete now, whatever its completion date).
    """
    state = (_STATUS, rag_sql(today), overdue_sql(today), slipped_sql())
    trend = []
    for day in trend_days:
        # from today on, every complete action counts as complete, its completion date even when later (a plan's
        # "completed June 2006" is read as 30 June): the trend's last point then agrees with the headline
        done = completed_by_sql(day) if day < today else _STATUS == "complete"
        trend += [func.sum(case((done, 1), else_=0)), func.sum(case((and_(_DUE.is_not(None), day > _DUE, ~done), 1),
                                                                     else_=0))]
    rows = session.connection().execute(
        select(*by, *state, func.count(), *trend).select_from(Action if joined is None else joined).where(*where)
        .group_by(*by, *state).order_by(*order_by)
    ).all()
    width = len(by)
    return [Tally(tuple(row[:width]), row[width], row[width + 1], bool(row[width + 2]), bool(row[width + 3]),
                  row[width + 4], tuple((int(row[at]), int(row[at + 1]))
                                        for at in range(width + 5, width + 5 + 2 * len(trend_days), 2)))
            for row in rows]


def trend_totals(groups: Iterable[Tally], days: Sequence[date]) -> list[tuple[int, int]]:
    """For each of ``days`` (the ``trend_days`` the groups were counted with): complete by then and overdue then,
    over all the groups."""
    totals = [[0, 0] for _ in days]
    for group in groups:
        for total, (completed, overdue) in zip(totals, group.trend, strict=True):
            total[0] += completed
            total[1] += overdue
    return [(completed, overdue) for completed, overdue in totals]
