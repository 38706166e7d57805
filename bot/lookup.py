"""The few store queries the update cycle needs: people by address or name, leads and their open actions."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from sqlmodel import Session, col, func, select

from store.models import Action, ActionPerson, Person, Plan
from store.repository import actions_for_person, find_person, plan_by_name
from store.rollup import heading_ids, headings_query
from store.settings import PlanSchedule

CHAT_ID_FIELDS = {"slack": "slack_id", "teams": "teams_id", "telegram": "telegram_id"}


def person_by_email(session: Session, *, address: str) -> Person | None:
    """The person whose email address is ``address`` (case-insensitive), if exactly one."""
    address = address.strip().lower()
    if not address:
        return None
    people = list(session.exec(select(Person).where(func.lower(func.trim(Person.email)) == address)))
    return people[0] if len(people) == 1 else None


def person_by_name(session: Session, *, query: str) -> Person | None:
    """A person by name, alias, role title or email address (the repository's rules)."""
    return find_person(session, query=query)


def person_for_sender(session: Session, *, channel: str, sender: str) -> Person | None:
    """Who sent a message: by email address, chat account id, or (console, web) name."""
    if channel == "email":
        return person_by_email(session, address=sender)
    field = CHAT_ID_FIELDS.get(channel)
    if field is not None:
        return session.exec(select(Person).where(getattr(Person, field) == sender)).first()
    return person_by_name(session, query=sender)


def plans(session: Session, *, plan_name: str | None) -> list[Plan]:
    """All plans, or the one named (an empty list when no plan has that name)."""
    if plan_name is not None:
        plan = plan_by_name(session, name=plan_name)
        return [plan] if plan is not None else []
    return list(session.exec(select(Plan).order_by(col(Plan.id))))


def open_actions_by_lead(session: Session, *, plan_id: int) -> dict[int, list[Action]]:
    """Each lead's open (not complete) actions in a plan, in plan order.

    An action made of lettered parts (7.2 with 7.2a-f) is chased through its parts: the lead is
    asked about each open part, not about the heading that holds them.
    """
    rows = session.exec(
        select(ActionPerson.person_id, Action)
        .join(Action, col(Action.id) == ActionPerson.action_id)
        .where(Action.plan_id == plan_id, ActionPerson.role == "lead", Action.status != "complete")
        .order_by(col(Action.position), col(Action.id))
    )
    parents = heading_ids(session, plan_id=plan_id)
    leads: dict[int, list[Action]] = defaultdict(list)
    for person_id, action in rows:
        if action.id not in parents:
            leads[person_id].append(action)
    return dict(leads)


def open_actions_without_lead(session: Session, *, plan_id: int) -> list[Action]:
    """Open actions of a plan that nobody can be asked about: no lead resolved from the lead cell
    (blank, "tbc", or a body rather than a person). Headings over lettered parts are left out."""
    led = select(ActionPerson.action_id).where(ActionPerson.role == "lead")
    parents = headings_query(plan_id)
    return list(session.exec(
        select(Action).where(Action.plan_id == plan_id, Action.status != "complete",
                             col(Action.id).not_in(led), col(Action.id).not_in(parents))
        .order_by(col(Action.position), col(Action.id))))


def open_actions_of(session: Session, *, person_id: int, plan_id: int | None = None) -> list[Action]:
    """A person's open actions as lead, in one plan or in all of them."""
    actions = actions_for_person(session, person_id=person_id, open_only=True, roles=("lead",))
    return [a for a in actions if plan_id is None or a.plan_id == plan_id]


def actions_by_id(session: Session, *, ids: Sequence[int]) -> list[Action]:
    """Actions by id, in the order given."""
    if not ids:
        return []
    found = {a.id: a for a in session.exec(select(Action).where(col(Action.id).in_(list(ids))))}
    return [found[i] for i in ids if i in found]


def coordinators(session: Session, *, plan: Plan, schedule: PlanSchedule) -> list[Person]:
    """Who hears about a plan's chasing: chaser.toml's coordinator, else the plan's, else the role."""
    if schedule.coordinator:
        person = person_by_name(session, query=schedule.coordinator)
        if person is not None:
            return [person]
    if plan.coordinator_id is not None:
        person = session.get(Person, plan.coordinator_id)
        if person is not None:
            return [person]
    return [p for p in session.exec(select(Person).order_by(col(Person.id))) if "coordinator" in p.roles]
