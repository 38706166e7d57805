"""First run: the one-time setup link `chaser serve` prints on an empty database, and the first coordinator.

The setup token is signed with the web secret. It is good only while Chaser knows no people, so it
works once: the setup page's first coordinator closes it for good.
"""

from __future__ import annotations

from itsdangerous import BadSignature, URLSafeSerializer
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, func, select

from store.db import transaction
from store.models import Person

SALT = "chaser-setup"
NAME_LIMIT = 120


class SetupProblem(ValueError):
    """Something on the setup form that cannot be used; the message names the field."""


def people_count(*, engine: Engine) -> int:
    """How many real (not placeholder) people Chaser knows."""
    with Session(engine) as session:
        return int(session.exec(select(func.count()).select_from(Person)
                                .where(col(Person.placeholder).is_(False))).one())


def setup_token(secret: str) -> str:
    """The token in the setup link."""
    return str(URLSafeSerializer(secret, salt=SALT).dumps("first-coordinator"))


def setup_token_ok(secret: str, token: str) -> bool:
    """Whether ``token`` is this installation's setup token."""
    try:
        return URLSafeSerializer(secret, salt=SALT).loads(token) == "first-coordinator"
    except BadSignature:
        return False


def check_fields(*, name: str, email: str) -> tuple[str, str]:
    """The name and email, tidied.

    Raises:
        SetupProblem: a blank or over-long name, or an email address without an @.
    """
    name, email = " ".join(name.split()), email.strip()
    if not name:
        raise SetupProblem("Your name: write the name people know you by.")
    if len(name) > NAME_LIMIT:
        raise SetupProblem(f"Your name: at most {NAME_LIMIT} characters, please.")
    local, _, domain = email.partition("@")
    if not local or "." not in domain or " " in email or len(email) > 254:
        raise SetupProblem("Your email address: write it in full, like j.smith@council.gov.uk.")
    return name, email


def create_first_coordinator(*, engine: Engine, name: str, email: str) -> int | None:
    """Add the first coordinator; None when someone else finished setup first (nothing written).

    Raises:
        SetupProblem: a field that cannot be used.
    """
    name, email = check_fields(name=name, email=email)
    with transaction(engine) as session:
        if session.exec(select(Person.id).where(col(Person.placeholder).is_(False))).first() is not None:
            return None
        person = Person(name=name, email=email, roles=["coordinator"], role_title="Plan coordinator")
        session.add(person)
        session.flush()
        return person.id
