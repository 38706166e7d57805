"""Who may see what: coordinators and directors see every action, a lead only their own (deny by default)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import ColumnElement, true
from sqlmodel import Session, col, select

from store.access import sees_everything
from store.models import Action, ActionPerson, Person

# Roles that see every plan and every action; anyone else sees only actions they lead or have a major role in.


@dataclass(frozen=True)
class Viewer:
    """The signed-in person, as the access rules need them."""

    person_id: int
    name: str
    roles: tuple[str, ...]

    @property
    def sees_all(self) -> bool:
        """True for coordinators and directors."""
        return sees_everything(self.roles)


def load_viewer(*, session: Session, person_id: int) -> Viewer | None:
    """The viewer for a signed-in person id, or None when that person no longer exists."""
    person = session.get(Person, person_id)
    if person is None or person.id is None or person.placeholder:
        return None
    return Viewer(person_id=person.id, name=person.name, roles=tuple(person.roles or ()))


def visible_actions(viewer: Viewer) -> ColumnElement[bool]:
    """A WHERE clause on ``Action`` that keeps only the actions ``viewer`` may see."""
    if viewer.sees_all:
        return true()
    mine = select(ActionPerson.action_id).where(ActionPerson.person_id == viewer.person_id)
    return col(Action.id).in_(mine)


def can_see_action(*, session: Session, viewer: Viewer, action_id: int) -> bool:
    """Whether ``viewer`` may open the action page of ``action_id``."""
    found = session.exec(select(Action.id).where(Action.id == action_id, visible_actions(viewer))).first()
    return found is not None


def can_update_action(*, session: Session, viewer: Viewer, action_id: int) -> bool:
    """Whether ``viewer`` may send an update on ``action_id``: its lead (as the service applies updates)."""
    link = session.get(ActionPerson, (action_id, viewer.person_id))
    return link is not None and link.role == "lead"
