"""The dashboard's headline figures and its trend, read from the store for what the viewer may see.

Overdue, slipped and RAG are counted in SQL by ``store.tallies`` (the rules of ``store.rules``). The trend
is worked out from each action's dates: an action counts as completed from its completion date (or always, when it
is complete with no date recorded), and as overdue on a day when its due date has passed and it was
not yet completed then.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import func
from sqlmodel import Session, col, select

from adapters.web.access import Viewer, visible_actions
from store.models import Plan, Request, Round
from store.tallies import tallies, trend_counts

TREND_WEEKS = 8


@dataclass(frozen=True)
class Headline:
    """The four numbers at the top of the dashboard."""

    overdue: int
    slipped: int
    blocked: int
    not_replied: int | None  # None for viewers who do not see the rounds (leads)
    total: int


@dataclass(frozen=True)
class TrendPoint:
    """One week of the trend."""

    day: date
    completed: int
    overdue: int


def headline(*, session: Session, viewer: Viewer, today: date) -> Headline:
    """Overdue, slipped and blocked actions, and leads not yet replied in each plan's newest round."""
    counts = tallies(session, where=[visible_actions(viewer)], today=today)
    not_replied = None
    if viewer.sees_all:
        newest = (select(Round.plan_id, func.max(Round.opened_at).label("opened")).group_by(col(Round.plan_id))
                  .subquery())
        current = select(Round.id).join(newest, (col(Round.plan_id) == newest.c.plan_id)
                                        & (col(Round.opened_at) == newest.c.opened))
        not_replied = int(session.exec(
            select(func.count()).select_from(Request).join(Plan, col(Plan.id) == col(Request.plan_id))
            .where(col(Request.round_id).in_(current), Request.state == "sent", col(Request.replied_at).is_(None))
        ).one())
    return Headline(overdue=sum(t.count for t in counts if t.overdue),
                    slipped=sum(t.count for t in counts if t.slipped),
                    blocked=sum(t.count for t in counts if t.status == "blocked"), not_replied=not_replied,
                    total=sum(t.count for t in counts))


def trend(*, session: Session, viewer: Viewer, today: date, weeks: int = TREND_WEEKS) -> list[TrendPoint]:
    """Completed and overdue counts at the end of each of the last ``weeks`` weeks, ending today."""
    days = [today - timedelta(weeks=back) for back in range(weeks - 1, -1, -1)]
    counts = trend_counts(session, where=[visible_actions(viewer)], days=days)
    return [TrendPoint(day=day, completed=completed, overdue=overdue)
            for day, (completed, overdue) in zip(days, counts, strict=True)]
