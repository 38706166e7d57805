"""The dashboard's headline figures and its trend, for what the viewer may see.

Overdue, slipped and RAG are counted in SQL by ``store.tallies`` (the rules of ``store.rules``), in the same
statement as the dashboard's sections (``viewmodels.dashboard``); these add them up. The trend
is worked out from each action's dates: an action counts as completed from its completion date (or always, when it
is complete with no date recorded, and from today when that date is later: a plan's "completed June 2006" reads as
30 June), and as overdue on a day when its due date has passed and it was not yet completed then. So the trend's
last point, today, shows the same overdue and complete figures as the headline and the sections' table.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import func
from sqlmodel import Session, col, select

from adapters.web.access import Viewer
from store.models import Plan, Request, Round
from store.tallies import Tally as Counted
from store.tallies import trend_totals

TREND_WEEKS = 8


@dataclass(frozen=True)
class Headline:
    """The four numbers at the top of the dashboard."""

    overdue: int
    slipped: int
    blocked: int
    not_replied: int | None  # None for viewers who do not see the rounds (leads), and before any round
    total: int


@dataclass(frozen=True)
class TrendPoint:
    """One week of the trend."""

    day: date
    completed: int
    overdue: int


def trend_days(today: date, weeks: int = TREND_WEEKS) -> list[date]:
    """The end of each of the last ``weeks`` weeks, ending today: the days the trend counts on."""
    return [today - timedelta(weeks=back) for back in range(weeks - 1, -1, -1)]


def headline(*, session: Session, viewer: Viewer, groups: Sequence[Counted]) -> Headline:
    """Overdue, slipped and blocked actions (from ``groups``, the dashboard's counts of what the viewer may see),
    and leads not yet replied in each plan's newest round."""
    not_replied = None
    if viewer.sees_all and session.exec(select(Round.id).limit(1)).first() is not None:  # (before any round,
        # "0 not replied" would read as everyone having answered; the dashboard says when the first goes instead)
        newest = (select(Round.plan_id, func.max(Round.opened_at).label("opened")).group_by(col(Round.plan_id))
                  .subquery())
        current = select(Round.id).join(newest, (col(Round.plan_id) == newest.c.plan_id)
                                        & (col(Round.opened_at) == newest.c.opened))
        not_replied = int(session.exec(
            select(func.count()).select_from(Request).join(Plan, col(Plan.id) == col(Request.plan_id))
            .where(col(Request.round_id).in_(current), Request.state == "sent", col(Request.replied_at).is_(None))
        ).one())
    return Headline(overdue=sum(t.count for t in groups if t.overdue),
                    slipped=sum(t.count for t in groups if t.slipped),
                    blocked=sum(t.count for t in groups if t.status == "blocked"), not_replied=not_replied,
                    total=sum(t.count for t in groups))


def trend(groups: Sequence[Counted], days: Sequence[date]) -> list[TrendPoint]:
    """Completed and overdue counts on each of ``days`` (the groups were counted with them as ``trend_days``)."""
    return [TrendPoint(day=day, completed=completed, overdue=overdue)
            for day, (completed, overdue) in zip(days, trend_totals(groups, days), strict=True)]
