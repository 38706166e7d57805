"""People named by a plan: glossary entries become Person rows, lead cells resolve to them.

A glossary role with no name ("DoCCS Director of Corporate & Customer Services") becomes a
*placeholder* person named after the role, with the initials as an alias; when the real person
arrives (a named index entry with that role, or a row of the people CSV whose aliases match) the
placeholder is merged into them, so "DoCS" leads become the real Director.
"""

from __future__ import annotations

from sqlmodel import Session, select

from store.importers.leads import (
    GlossaryEntry,
    capitals,
    is_alias,
    is_generic,
    is_person_name,
    is_role_title,
    split_lead_cell,
)
from store.models import (
    ActionPerson,
    Clarification,
    Delivery,
    InboundMessage,
    Indicator,
    IndicatorReading,
    Person,
    Plan,
    Request,
    Update,
)


def _key(text: str) -> str:
    return " ".join(text.lower().replace("’", "'").split())


def merge_person(session: Session, *, placeholder: Person, into: Person) -> None:
    """Move a placeholder's aliases, action links, updates and indicators onto the real person.

    The placeholder row is deleted when nothing else refers to it; otherwise it is kept without
    aliases (so it no longer resolves) and stays marked as a placeholder.
    """
    assert placeholder.id is not None and into.id is not None
    if placeholder.id == into.id:
        return
    into.aliases = sorted({*into.aliases, *placeholder.aliases}, key=str.lower)
    if not into.role_title:
        into.role_title = placeholder.role_title
    linked = {ap.action_id for ap in session.exec(select(ActionPerson).where(ActionPerson.person_id == into.id))}
    for link in session.exec(select(ActionPerson).where(ActionPerson.person_id == placeholder.id)).all():
        if link.action_id not in linked:
            session.add(
                ActionPerson(action_id=link.action_id, person_id=into.id, role=link.role, position=link.position)
            )
        session.delete(link)
    for update in session.exec(select(Update).where(Update.person_id == placeholder.id)).all():
        update.person_id = into.id
    for plan in session.exec(select(Plan).where(Plan.coordinator_id == placeholder.id)).all():
        plan.coordinator_id = into.id
    for indicator in session.exec(select(Indicator).where(Indicator.owner_id == placeholder.id)).all():
        indicator.owner_id = into.id  # the indicators a post owns are owned by the person holding it
    for reading in session.exec(select(IndicatorReading).where(IndicatorReading.person_id == placeholder.id)).all():
        reading.person_id = into.id
    session.flush()
    referenced = any(
        session.exec(select(model).where(model.person_id == placeholder.id)).first() is not None
        for model in (Request, InboundMessage, Clarification, Delivery)
    )
    if referenced:
        placeholder.aliases = []
    else:
        session.delete(placeholder)
    session.flush()


class PeopleDirectory:
    """Finds and creates the people a plan names, within one session (one import)."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.people: list[Person] = list(session.exec(select(Person)).all())
        self.bodies: set[str] = set()  # initials of boards, trusts, teams: never a person

    # -- lookups ------------------------------------------------------------------------------
    def by_name(self, name: str) -> Person | None:
        """The person with this name (case-insensitive)."""
        return next((p for p in self.people if _key(p.name) == _key(name)), None)

    def by_alias(self, alias: str) -> Person | None:
        """The person with this alias; a real person wins over a placeholder; exact case first."""
        ranked = sorted(self.people, key=lambda p: p.placeholder)
        for candidates in (
            [p for p in ranked if alias in p.aliases],
            [p for p in ranked if _key(alias) in {_key(a) for a in p.aliases}],
        ):
            if candidates:
                return candidates[0]
        # The plans spell initials loosely ("HITCS" for "HoITCS"): match on capitals when unique.
        loose = [p for p in ranked if any(is_alias(a) and capitals(a) == capitals(alias) for a in p.aliases)]
        return loose[0] if len({p.id for p in loose}) == 1 else None

    def by_role(self, title: str) -> Person | None:
        """A real person (not a placeholder) who holds this role title."""
        return next((p for p in self.people if not p.placeholder and _key(p.role_title) == _key(title)), None)

    # -- creation -----------------------------------------------------------------------------
    def _add(self, person: Person) -> Person:
        self.session.add(person)
        self.session.flush()
        self.people.append(person)
        return person

    def _add_alias(self, person: Person, alias: str) -> None:
        if alias not in person.aliases:
            person.aliases = [*person.aliases, alias]

    def absorb_placeholders(self, person: Person) -> None:
        """Merge into ``person`` every placeholder for their role or sharing their aliases."""
        for other in list(self.people):
            if other is person or not other.placeholder:
                continue
            same_role = person.role_title and _key(other.name) == _key(person.role_title)
            shared_alias = {_key(a) for a in other.aliases} & {_key(a) for a in person.aliases}
            if same_role or shared_alias:
                merge_person(self.session, placeholder=other, into=person)
                self.people.remove(other)

    def add_glossary(self, entries: list[GlossaryEntry]) -> None:
        """Create or update the people and placeholders a glossary names."""
        for entry in entries:
            if entry.name:
                person = self.by_name(entry.name) or self._add(Person(name=entry.name, role_title=entry.title))
                self._add_alias(person, entry.alias)
                if not person.role_title:
                    person.role_title = entry.title
                self.absorb_placeholders(person)
            elif entry.is_role:
                holder = self.by_role(entry.title) or self.by_name(entry.title)
                if holder is None:
                    holder = self._add(Person(name=entry.title, role_title=entry.title, placeholder=True))
                self._add_alias(holder, entry.alias)
            else:
                self.bodies.add(_key(entry.alias))

    def resolve(self, token: str) -> Person | None:
        """The person a name, initials or role in a lead cell means, created if it is a named
        person or a single post; None for bodies and groups ("PCT", "heads of service")."""
        token = token.strip()
        if not token or _key(token) in self.bodies:
            return None
        if is_alias(token):
            return self.by_alias(token)
        found = self.by_name(token) or self.by_role(token)
        if found is not None:
            return found
        if is_person_name(token):
            return self._add(Person(name=token))
        if is_role_title(token) and not is_generic(token):
            return self._add(Person(name=token, role_title=token, placeholder=True))
        first = token.split()[0]
        if is_alias(first) and _key(first) not in self.bodies:
            return self.by_alias(first)  # "HL to sign off"
        return None

    def resolve_cell(self, text: str) -> list[tuple[Person, str]]:
        """The people of a lead cell with their role (``lead`` first, then ``major``), no repeats.

        The first person that resolves is the lead, even when a group is written before them.
        """
        out: list[tuple[Person, str]] = []
        for token, _role in split_lead_cell(text):
            person = self.resolve(token)
            if person is not None and all(person is not p for p, _ in out):
                out.append((person, "lead" if not out else "major"))
        return out
