"""The example shipped with Chaser: the 2006 Overall Performance Improvement Plan and its people.

Loading it imports both through the same importers as ``chaser import`` and ``chaser people import``,
then runs one request round, so the outbox holds a request for every lead. Loading it twice changes
nothing new: the import updates in place and the round asks each lead once.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from bot.cycle.round import run_cycle
from store.clock import LONDON
from store.importers.people import import_people_csv
from store.importers.plan_file import import_plan_file
from store.models import Person, Plan, Request, Round

if TYPE_CHECKING:
    from bot.bootstrap import Chaser

PLAN_NAME = "overall-2006"
FOLDER = "example"
# The example's own moment: the Monday the council's coordinator chased this plan (as in
# examples/demo.sh). `chaser serve --example` runs from here on a database holding only the example.
EXAMPLE_TIME = datetime(2006, 6, 12, 9, 0, tzinfo=LONDON)


def only_the_example(engine: Engine) -> bool:
    """Whether the database holds no plan but the example's (it may be empty): only then may the
    example run on its own clock, since a real plan must never be chased as of 2006."""
    with Session(engine) as session:
        names = set(session.exec(select(Plan.name)).all())
    return names <= {PLAN_NAME}


def example_file(name: str) -> Path:
    """A file of the example, installed with the package (``overall-2006.txt``, ``people.csv``)."""
    return Path(str(resources.files("adapters.web").joinpath(FOLDER, name)))


@dataclass(frozen=True)
class ExampleLoaded:
    """What loading the example did, a line each."""

    people: str
    plan: str
    cycle: str


def load_example(*, chaser: Chaser) -> ExampleLoaded:
    """Import the example people and plan, then send one round of requests (to the outbox without SMTP)."""
    now = chaser.clock.now()
    people = import_people_csv(engine=chaser.engine, path=example_file("people.csv"), now=now)
    plan = import_plan_file(engine=chaser.engine, path=example_file("overall-2006.txt"), plan_name=PLAN_NAME, now=now)
    cycle = run_cycle(chaser=chaser, plan_name=PLAN_NAME)
    return ExampleLoaded(people=people.summary(), plan=plan.summary(), cycle=cycle.summary())


def a_lead_request(*, chaser: Chaser) -> tuple[str, int, int] | None:
    """(lead's name, request id, person id) of the newest sent request of the example, for `serve --example`."""
    with Session(chaser.engine) as session:
        found = session.exec(
            select(Person.name, Request.id, Request.person_id)
            .join(Person, col(Person.id) == col(Request.person_id))
            .join(Round, col(Round.id) == col(Request.round_id))
            .join(Plan, col(Plan.id) == col(Request.plan_id))
            .where(Plan.name == PLAN_NAME, Request.state == "sent")
            .order_by(col(Round.opened_at).desc(), col(Request.id))).first()
    if found is None or found[1] is None:
        return None
    return found[0], found[1], found[2]


def coordinator(*, chaser: Chaser) -> Person | None:
    """The first person with the coordinator role (the example's is Tony Geeson)."""
    with Session(chaser.engine, expire_on_commit=False) as session:
        for person in session.exec(select(Person).where(col(Person.placeholder).is_(False))
                                   .order_by(col(Person.id))):
            if "coordinator" in (person.roles or []):
                return person
    return None
