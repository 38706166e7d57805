"""Keep an action that is made of lettered parts (7.2 of 7.2a-f) in step with its parts."""

from __future__ import annotations

from datetime import date, datetime

from sqlmodel import Session, col, select
from sqlmodel.sql.expression import SelectOfScalar

from store.models import Action, ChangeLog
from store.rules import rag, rolled_up_status


def headings_query(plan_id: int) -> SelectOfScalar[int | None]:
    """The ids of a plan's actions that are headings over lettered parts (as a subquery)."""
    return select(col(Action.parent_id)).where(Action.plan_id == plan_id, col(Action.parent_id).is_not(None))


def heading_ids(session: Session, *, plan_id: int) -> set[int]:
    """The ids of a plan's actions that are headings over lettered parts (7.2 over 7.2a-f)."""
    return {pid for pid in session.exec(headings_query(plan_id)) if pid is not None}


def roll_up(session: Session, *, parent_id: int, today: date, now: datetime, source: str) -> bool:
    """Set the parent's status (and completion date) from its parts; returns True if it changed.

    The change is written to the plan's change log with ``source``.
    """
    parent = session.get(Action, parent_id)
    if parent is None:
        return False
    parts = list(session.exec(select(Action).where(col(Action.parent_id) == parent_id)))
    status = rolled_up_status([p.status for p in parts])
    if status is None or status == parent.status:
        return False
    session.add(ChangeLog(plan_id=parent.plan_id, action_id=parent.id, at=now, source=source, field="status",
                          old_value=parent.status, new_value=status,
                          description=f"{parent.ref} status: {parent.status} -> {status} (from its parts)"))
    parent.status = status
    done = [p.completed_on for p in parts if p.completed_on is not None]
    parent.completed_on = max(done) if status == "complete" and done else None
    parent.percent_complete = 100 if status == "complete" else None
    parent.rag = rag(parent, today)
    parent.updated_at = now
    return True


def roll_up_plan(session: Session, *, plan_id: int, today: date, now: datetime, source: str) -> int:
    """Roll up every action of a plan that has parts; returns how many changed."""
    return sum(roll_up(session, parent_id=pid, today=today, now=now, source=source)
               for pid in sorted(heading_ids(session, plan_id=plan_id)))
