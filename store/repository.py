"""Shared queries: plans by name, people by any name they go by, actions in plan order."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import select as sa_select
from sqlmodel import Session, col, func, select

from store.models import Action, ActionPerson, ChangeLog, Person, Plan, Section

SUMMARY_FIELD = "section_summary"  # change-log field holding a section's summary of progress


def _fold(text: str) -> str:
    return " ".join(text.replace("’", "'").casefold().split())


def plan_by_name(session: Session, *, name: str) -> Plan | None:
    """The plan called ``name`` (exact first, then ignoring case)."""
    plan = session.exec(select(Plan).where(Plan.name == name)).first()
    if plan is not None:
        return plan
    return session.exec(select(Plan).where(func.lower(Plan.name) == name.lower())).first()


def find_person(session: Session, *, query: str) -> Person | None:
    """The person ``query`` means: their name, an alias or initials, their role title or email.

    Case is ignored. A real person is preferred to a glossary placeholder, and a name to an
    alias, an alias to a role title.
    """
    wanted = _fold(query)
    if not wanted:
        return None
    # Plain rows of the columns matched, not ORM objects: asked on every question, over everyone Chaser knows.
    columns: tuple[Any, ...] = (Person.id, Person.name, Person.email, Person.aliases, Person.role_title)
    people = session.connection().execute(
        sa_select(*columns).order_by(col(Person.placeholder), col(Person.id))
    ).all()
    matchers = (
        lambda p: _fold(p.name) == wanted,
        lambda p: p.email is not None and _fold(p.email) == wanted,
        lambda p: any(_fold(a) == wanted for a in p.aliases),
        lambda p: bool(p.role_title) and _fold(p.role_title) == wanted,
    )
    for matches in matchers:
        found = next((p for p in people if matches(p)), None)
        if found is not None:
            return session.get(Person, found.id)
    return None


def plan_actions(session: Session, *, plan_id: int) -> list[Action]:
    """Every action of a plan in plan order (as the document lists them)."""
    return list(
        session.exec(
            select(Action).where(Action.plan_id == plan_id).order_by(col(Action.position), col(Action.id))
        ).all()
    )


def plan_sections(session: Session, *, plan_id: int) -> list[Section]:
    """A plan's sections in document order."""
    return list(
        session.exec(
            select(Section).where(Section.plan_id == plan_id).order_by(col(Section.position), col(Section.id))
        ).all()
    )


def action_people(session: Session, *, action_id: int) -> list[tuple[Person, str]]:
    """The people an action's lead cell resolves to, lead first: ``[(person, "lead"|"major")]``."""
    rows = session.exec(
        select(Person, ActionPerson)
        .join(ActionPerson, col(ActionPerson.person_id) == Person.id)
        .where(ActionPerson.action_id == action_id)
        .order_by(col(ActionPerson.position))
    ).all()
    return [(person, link.role) for person, link in rows]


def actions_for_person(
    session: Session, *, person_id: int, open_only: bool = True, roles: Sequence[str] = ("lead", "major")
) -> list[Action]:
    """The actions a person leads or has a major role in, by plan and plan order.

    Args:
        session: An open session.
        person_id: The person.
        open_only: Leave out complete actions.
        roles: Which links count; ``("lead",)`` for only the actions they lead.
    """
    query = (
        select(Action)
        .join(ActionPerson, col(ActionPerson.action_id) == Action.id)
        .where(ActionPerson.person_id == person_id, col(ActionPerson.role).in_(list(roles)))
    )
    if open_only:
        query = query.where(Action.status != "complete")
    query = query.order_by(col(Action.plan_id), col(Action.position), col(Action.id))
    seen: set[int] = set()
    out: list[Action] = []
    for action in session.exec(query).all():
        if action.id is not None and action.id not in seen:
            seen.add(action.id)
            out.append(action)
    return out


def section_summaries(session: Session, *, plan_id: int) -> dict[str, str]:
    """The latest summary of progress for each section, as the plan's documents gave them
    (the JAR plan's "Summary Progress Report"), by section number."""
    entries = session.exec(
        select(ChangeLog)
        .where(ChangeLog.plan_id == plan_id, ChangeLog.field == SUMMARY_FIELD)
        .order_by(col(ChangeLog.at), col(ChangeLog.id))
    ).all()
    out: dict[str, str] = {}
    for entry in entries:
        number = entry.description.removeprefix("section ").split(":", 1)[0]
        out[number] = entry.new_value or ""
    return out
