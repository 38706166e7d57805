"""Dates a reply cannot mean: a completion before the plan existed, or in the future, is asked
about rather than recorded (a replayed or forged message, or a slip of the keyboard)."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlmodel import Session, func, select

from bot.messages import human_date
from store.models import Action, Plan

# A plan is written up to a year before its first deadline; work finished before that is not its work.
LEAD_TIME = timedelta(days=366)
FUTURE_SLACK = timedelta(days=1)  # time zones: "today" where the lead is may be tomorrow here


def plan_began(session: Session, *, plan_id: int) -> date | None:
    """The earliest day the plan can have existed: its import, or a year before its first due date."""
    plan = session.get(Plan, plan_id)
    if plan is None:
        return None
    first_due = session.exec(select(func.min(Action.due)).where(Action.plan_id == plan_id)).one()
    began = plan.created_at.date()
    return min(began, first_due - LEAD_TIME) if first_due is not None else began


def completion_problem(session: Session, *, action: Action, completed_on: date | None, now: datetime) -> str | None:
    """Why ``completed_on`` cannot be right for ``action`` (None when it can)."""
    if completed_on is None:
        return None
    if completed_on > (now + FUTURE_SLACK).date():
        return f"{human_date(completed_on)} is in the future"
    began = plan_began(session, plan_id=action.plan_id)
    if began is not None and completed_on < began:
        return f"{human_date(completed_on)} is before the plan began"
    return None
