"""Bulk loading of one plan's facts for the reports: a fixed handful of queries, never one per action.

A plan's update history grows without end (ten updates per action a year), so it is never loaded
whole: SQL hands back, per action, only what the reports print (the newest words, how often the
expected date moved, the last reply's time), and the full rows only of the updates since the
report's start date, streamed in batches.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, NamedTuple

from sqlalchemy import Text, and_, cast, func, or_, select
from sqlalchemy.engine import Connection, Engine
from sqlmodel import Session, col

from store.errors import ChaserError
from store.indicator_wording import IndicatorView, plan_indicator_views
from store.models import Action, ActionPerson, ChangeLog, Person, Plan, Request, Round, Section, Update


class UpdateFact(NamedTuple):
    """One recent update, as the reports need it (undone updates are never loaded).

    A named tuple, not an ORM object: a big plan has tens of thousands of updates a week, and the
    flags stay as stored JSON text until asked for (almost all are ``[]``).
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


class LatestWords(NamedTuple):
    """The newest update of an action that has words in it: who said them, when and what."""

    action_id: int
    at: datetime
    kind: str
    person_id: int | None
    text: str


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


STREAM_BATCH = 2_000  # rows fetched at a time from the big queries
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
    since: datetime | None = None  # the updates in ``recent`` are those at or after this instant
    recent: dict[int, list[UpdateFact]] = field(default_factory=dict)  # action id -> oldest first
    latest_words: dict[int, LatestWords] = field(default_factory=dict)  # action id -> newest words
    times_moved: dict[int, int] = field(default_factory=dict)  # action id -> changes of expected date
    last_reply: dict[int, datetime] = field(default_factory=dict)  # action id -> newest update not an import
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


def load_plan_facts(*, engine: Engine, plan: Plan, since: datetime | None) -> PlanFacts:
    """Load a plan's sections, actions, leads, what the reports need of its updates, changes, newest
    round and indicators.

    Args:
        engine: The store.
        plan: The plan (from :func:`resolve_plan`).
        since: Load whole updates and change-log entries at or after this instant (None: all of them);
            of older updates only the per-action figures in :class:`PlanFacts` are loaded.
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
        link_rows = core.execute(
            select(col(ActionPerson.action_id), col(ActionPerson.person_id))
            .join(Action, col(Action.id) == col(ActionPerson.action_id))
            .where(col(Action.plan_id) == plan.id)
            .order_by(col(ActionPerson.action_id), col(ActionPerson.position), col(ActionPerson.role))
        )
        for action_id, person_id in link_rows:
            leads[action_id].append(person_id)
        plan_id = plan.id or 0
        recent = _load_recent_updates(core, plan_id=plan_id, since=since)
        latest = _load_latest_words(core, plan_id=plan_id)
        change_query = select(ChangeLog).where(col(ChangeLog.plan_id) == plan_id)
        if since is not None:
            change_query = change_query.where(col(ChangeLog.at) >= since)
        changes = list(session.execute(change_query.order_by(col(ChangeLog.at), col(ChangeLog.id))).scalars())
        latest_round = _load_latest_round(session, plan_id=plan_id)
        indicators = plan_indicator_views(session, plan_id=plan_id)
        wanted = {pid for ids in leads.values() for pid in ids}
        wanted |= {u.person_id for history in recent.values() for u in history if u.person_id is not None}
        wanted |= {w.person_id for w in latest.values() if w.person_id is not None}
        if latest_round:
            wanted |= set(latest_round.waiting_person_ids)
        people = {p.id or 0: p for p in session.execute(select(Person).where(col(Person.id).in_(wanted))).scalars()}
        return PlanFacts(plan=plan, sections=sections, actions=actions, people=people, leads=dict(leads),
                         since=since, recent=recent, latest_words=latest,
                         times_moved=_load_times_moved(core, plan_id=plan_id),
                         last_reply=_load_last_replies(core, plan_id=plan_id),
                         changes=changes, latest_round=latest_round, indicators=indicators)


def _standing(plan_id: int) -> tuple[Any, ...]:
    """The conditions for a plan's updates that still stand (an undone update is as if never made)."""
    return col(Action.plan_id) == plan_id, col(Update.undone).is_(False)


def _load_recent_updates(conn: Connection, *, plan_id: int, since: datetime | None) -> dict[int, list[UpdateFact]]:
    query = (select(*UPDATE_COLUMNS).join(Action, col(Action.id) == col(Update.action_id))
             .where(*_standing(plan_id)).order_by(col(Update.action_id), col(Update.at), col(Update.id)))
    if since is not None:
        query = query.where(col(Update.at) >= since)
    out: dict[int, list[UpdateFact]] = defaultdict(list)
    make = UpdateFact._make
    # Streamed (a server-side cursor on PostgreSQL): rows arrive in batches, never all at once.
    for row in conn.execute(query.execution_options(yield_per=STREAM_BATCH)):
        update = make(row)
        out[update.action_id].append(update)
    return dict(out)


def _has_words(text: Any) -> Any:
    """SQL: the text has something besides spaces, tabs and line breaks (Python's ``str.strip`` test)."""
    for blank in ("\n", "\r", "\t"):
        text = func.replace(text, blank, " ")
    return func.length(func.trim(text)) > 0


def _load_latest_words(conn: Connection, *, plan_id: int) -> dict[int, LatestWords]:
    """Each action's newest update with words: one row per action, picked by the database."""
    newest_first = func.row_number().over(partition_by=col(Update.action_id),
                                          order_by=(col(Update.at).desc(), col(Update.id).desc()))
    ranked = (select(col(Update.id).label("id"), newest_first.label("rank"))
              .join(Action, col(Action.id) == col(Update.action_id))
              .where(*_standing(plan_id), _has_words(col(Update.text))).subquery())
    query = (select(col(Update.action_id), col(Update.at), col(Update.kind), col(Update.person_id), col(Update.text))
             .join(ranked, ranked.c.id == col(Update.id)).where(ranked.c.rank == 1))
    make = LatestWords._make
    return {row[0]: make(row) for row in conn.execute(query.execution_options(yield_per=STREAM_BATCH))}


def _load_times_moved(conn: Connection, *, plan_id: int) -> dict[int, int]:
    """How often each action's expected date changed across its updates, starting from its original date."""
    dated = (select(col(Update.action_id).label("action_id"), col(Update.expected_by).label("expected_by"),
                    func.lag(col(Update.expected_by)).over(partition_by=col(Update.action_id),
                                                           order_by=(col(Update.at), col(Update.id))).label("prev"))
             .join(Action, col(Action.id) == col(Update.action_id))
             .where(*_standing(plan_id), col(Update.expected_by).is_not(None)).subquery())
    moved = or_(and_(dated.c.prev.is_(None), or_(col(Action.due).is_(None), dated.c.expected_by != col(Action.due))),
                dated.c.expected_by != dated.c.prev)
    query = (select(dated.c.action_id, func.count()).join(Action, col(Action.id) == dated.c.action_id)
             .where(moved).group_by(dated.c.action_id))
    return {action_id: count for action_id, count in conn.execute(query)}


def _load_last_replies(conn: Connection, *, plan_id: int) -> dict[int, datetime]:
    """When each action's lead last sent an update (imports are the plan document, not a reply)."""
    query = (select(col(Update.action_id), func.max(col(Update.at)))
             .join(Action, col(Action.id) == col(Update.action_id))
             .where(*_standing(plan_id), col(Update.kind) != "import").group_by(col(Update.action_id)))
    return {action_id: at for action_id, at in conn.execute(query)}


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
