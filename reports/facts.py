"""Bulk loading of one plan's facts for the reports: a fixed handful of queries, never one per action."""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import NamedTuple

from sqlalchemy import Text, cast, select
from sqlalchemy.engine import Connection, Engine
from sqlmodel import Session, col

from store.errors import ChaserError
from store.indicator_wording import IndicatorView, plan_indicator_views
from store.models import Action, ActionPerson, ChangeLog, Person, Plan, Request, Round, Section, Update


class UpdateFact(NamedTuple):
    """One update, as the reports need it (undone updates are never loaded).

    A named tuple, not an ORM object: a big plan has tens of thousands of updates, and the flags stay
    as stored JSON text until asked for (almost all are ``[]``).
    """

    action_id: int
    id: int
    at: datetime
    person_id: int | None
    kind: str
    text: str
    status: str | None
    expected_by: date | None
    flags_json: str | None

    @property
    def flags(self) -> tuple[str, ...]:
        """The flags the reply processor set (e.g. ``completed_while_blocked``)."""
        if not self.flags_json or self.flags_json == "[]":
            return ()
        return tuple(json.loads(self.flags_json))


class ActionRow(NamedTuple):
    """The columns of an action that the reports read (the rules need status, due and expected_by)."""

    id: int
    section_id: int | None
    ref: str
    title: str
    lead_text: str
    due: date | None
    due_text: str
    status: str
    expected_by: date | None
    completed_on: date | None
    percent_complete: int | None
    progress: str
    progress_at: datetime | None
    milestones: list[str] | None
    parent_id: int | None = None


UPDATE_COLUMNS = (*(col(c) for c in (
    Update.action_id, Update.id, Update.at, Update.person_id, Update.kind, Update.text, Update.status,
    Update.expected_by)), cast(col(Update.flags), Text))
ACTION_COLUMNS = tuple(col(c) for c in (
    Action.id, Action.section_id, Action.ref, Action.title, Action.lead_text, Action.due, Action.due_text,
    Action.status, Action.expected_by, Action.completed_on, Action.percent_complete, Action.progress,
    Action.progress_at, Action.milestones, Action.parent_id))


@dataclass(frozen=True)
class RoundFact:
    """The newest round of requests and who in it has not replied."""

    key: str
    opened_at: datetime
    waiting_person_ids: tuple[int, ...]
    waiting_by_action: dict[int, tuple[int, ...]]  # action id -> the people asked about it who have not replied


@dataclass
class PlanFacts:
    """Everything the three reports read about one plan, loaded in bulk."""

    plan: Plan
    sections: list[Section]
    actions: list[ActionRow]
    people: dict[int, Person]
    leads: dict[int, list[int]]  # action id -> person ids, lead first
    updates: dict[int, list[UpdateFact]] = field(default_factory=dict)  # action id -> oldest first
    changes: list[ChangeLog] = field(default_factory=list)
    latest_round: RoundFact | None = None
    indicators: list[IndicatorView] = field(default_factory=list)  # in plan order, with their readings

    def actions_by_section(self) -> list[tuple[Section | None, list[ActionRow]]]:
        """Sections in plan order with their actions in plan order; unsectioned actions last."""
        grouped: dict[int | None, list[ActionRow]] = defaultdict(list)
        for action in self.actions:
            grouped[action.section_id].append(action)
        out: list[tuple[Section | None, list[ActionRow]]] = [(s, grouped.get(s.id, [])) for s in self.sections]
        if grouped.get(None):
            out.append((None, grouped[None]))
        return out

    def person_name(self, person_id: int | None) -> str | None:
        """The name of a known person, else None."""
        person = self.people.get(person_id) if person_id is not None else None
        return person.name if person else None


def plan_names(engine: Engine) -> list[str]:
    """The names of every plan, alphabetically."""
    with Session(engine) as session:
        return list(session.execute(select(col(Plan.name)).order_by(col(Plan.name))).scalars())


def resolve_plan(engine: Engine, plan_name: str | None) -> Plan:
    """The plan called ``plan_name``, or the only plan when none is named.

    Raises:
        ChaserError: no plan, an unknown name, or several plans and no name; the message lists the names.
    """
    with Session(engine, expire_on_commit=False) as session:
        plans = list(session.execute(select(Plan).order_by(col(Plan.name))).scalars())
    names = ", ".join(p.name for p in plans)
    if not plans:
        raise ChaserError("no plan has been imported yet: run `chaser import PATH` first")
    if plan_name is None:
        if len(plans) > 1:
            raise ChaserError(f"there are {len(plans)} plans: choose one with --plan (one of: {names})")
        return plans[0]
    for plan in plans:
        if plan.name == plan_name:
            return plan
    raise ChaserError(f"--plan {plan_name!r} is not known: choose one of: {names}")


def load_plan_facts(*, engine: Engine, plan: Plan, changes_since: datetime | None) -> PlanFacts:
    """Load a plan's sections, actions, leads, update history, changes, newest round and indicators in bulk.

    Args:
        engine: The store.
        plan: The plan (from :func:`resolve_plan`).
        changes_since: Load change-log entries at or after this instant (None: all of them).
    """
    with Session(engine, expire_on_commit=False) as session:
        sections = list(session.execute(
            select(Section).where(col(Section.plan_id) == plan.id)
            .order_by(col(Section.position), col(Section.id))).scalars())
        core = session.connection()  # plain rows, without the ORM's per-row work: these are the big queries
        actions = [ActionRow._make(row) for row in core.execute(
            select(*ACTION_COLUMNS).where(col(Action.plan_id) == plan.id)
            .order_by(col(Action.position), col(Action.id)))]
        leads: dict[int, list[int]] = defaultdict(list)
        link_rows = session.execute(
            select(col(ActionPerson.action_id), col(ActionPerson.person_id))
            .join(Action, col(Action.id) == col(ActionPerson.action_id))
            .where(col(Action.plan_id) == plan.id)
            .order_by(col(ActionPerson.action_id), col(ActionPerson.position), col(ActionPerson.role))
        ).all()
        for action_id, person_id in link_rows:
            leads[action_id].append(person_id)
        plan_id = plan.id or 0
        updates = _load_updates(core, plan_id=plan_id)
        change_query = select(ChangeLog).where(col(ChangeLog.plan_id) == plan_id)
        if changes_since is not None:
            change_query = change_query.where(col(ChangeLog.at) >= changes_since)
        changes = list(session.execute(change_query.order_by(col(ChangeLog.at), col(ChangeLog.id))).scalars())
        latest_round = _load_latest_round(session, plan_id=plan_id)
        indicators = plan_indicator_views(session, plan_id=plan_id)
        wanted = {pid for ids in leads.values() for pid in ids}
        wanted |= {u.person_id for history in updates.values() for u in history if u.person_id is not None}
        if latest_round:
            wanted |= set(latest_round.waiting_person_ids)
        people = {p.id or 0: p for p in session.execute(select(Person).where(col(Person.id).in_(wanted))).scalars()}
    return PlanFacts(plan=plan, sections=sections, actions=actions, people=people,
                     leads=dict(leads), updates=updates, changes=changes, latest_round=latest_round,
                     indicators=indicators)


def _load_updates(conn: Connection, *, plan_id: int) -> dict[int, list[UpdateFact]]:
    rows = conn.execute(
        select(*UPDATE_COLUMNS)
        .join(Action, col(Action.id) == col(Update.action_id))
        .where(col(Action.plan_id) == plan_id, col(Update.undone).is_(False))
        .order_by(col(Update.action_id), col(Update.at), col(Update.id))
    ).all()
    out: dict[int, list[UpdateFact]] = defaultdict(list)
    make = UpdateFact._make
    for row in rows:
        update = make(row)
        out[update.action_id].append(update)
    return dict(out)


def _load_latest_round(session: Session, *, plan_id: int) -> RoundFact | None:
    newest = session.execute(
        select(Round).where(col(Round.plan_id) == plan_id)
        .order_by(col(Round.opened_at).desc(), col(Round.id).desc()).limit(1)
    ).scalars().first()
    if newest is None:
        return None
    waiting = session.execute(
        select(col(Request.person_id), col(Request.action_ids))
        .where(col(Request.round_id) == newest.id, col(Request.replied_at).is_(None))
        .order_by(col(Request.person_id))
    ).all()
    by_action: dict[int, list[int]] = defaultdict(list)
    for person_id, action_ids in waiting:
        for action_id in action_ids or ():
            by_action[action_id].append(person_id)
    return RoundFact(
        key=newest.key,
        opened_at=newest.opened_at,
        waiting_person_ids=tuple(r[0] for r in waiting),
        waiting_by_action={aid: tuple(pids) for aid, pids in by_action.items()},
    )
