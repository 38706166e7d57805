"""A fixture for the export tests: the reports' fixed plan, and a second plan with the awkward cases
(lettered parts under a heading, an action outside any section, two leads, an undone update,
words with line breaks, quotes and non-ASCII), and a third plan with no actions at all."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from store.models import Action, ActionPerson, Person, Plan, Section, Update
from tests.reports.builder import TODAY, build_plan

LONDON = ZoneInfo("Europe/London")
__all__ = ["TODAY", "build_export_fixture"]


def build_export_fixture(engine: Engine) -> None:
    """Three plans: ``overall-2006`` (the reports' plan), ``awkward`` and ``empty``."""
    build_plan(engine)
    at = datetime(2006, 6, 12, 9, 30, tzinfo=LONDON)
    with Session(engine) as session:
        people = list(session.exec(select(Person).order_by(Person.id)))  # type: ignore[arg-type]
        awkward = Plan(name="awkward", title="A plan with \u201cquotes\u201d, caf\u00e9s and\nline breaks")
        empty = Plan(name="empty", title="")
        session.add_all([awkward, empty])
        session.flush()
        assert awkward.id is not None and empty.id is not None
        section = Section(plan_id=awkward.id, number="1", title='Section "one" \u2013 caf\u00e9', position=0)
        session.add_all([section, Section(plan_id=empty.id, number="9", title="Nothing here", position=0)])
        session.flush()
        heading = Action(plan_id=awkward.id, section_id=section.id, ref="1.1", position=0, title="A heading",
                         lead_text="DoCS", status="in_progress", due=date(2006, 3, 31), due_text="March 2006",
                         milestones=["2006-03-31", "2006-09"])
        session.add(heading)
        session.flush()
        part = Action(plan_id=awkward.id, section_id=section.id, parent_id=heading.id, ref="1.1a", position=1,
                      title="Part a\nover two lines", lead_text="DoCS / HoPP", status="delayed",
                      expected_by=date(2006, 9, 30), percent_complete=40, partners="PCT, \u00e9cole",
                      success_criteria='"Done" means agreed')
        loose = Action(plan_id=awkward.id, section_id=None, ref="X.1", position=2, title="Outside every section",
                       status="complete", completed_on=date(2006, 5, 1), progress="Finished \u2013 see minutes")
        session.add_all([part, loose])
        session.flush()
        assert part.id is not None and loose.id is not None
        session.add_all([
            ActionPerson(action_id=part.id, person_id=people[2].id or 0, role="lead", position=0),
            ActionPerson(action_id=part.id, person_id=people[0].id or 0, role="lead", position=1),
            Update(action_id=part.id, person_id=people[2].id, at=at, channel="email",
                   text="Slipped\n\nto \u201cSeptember\u201d", status="delayed", expected_by=date(2006, 9, 30),
                   percent_complete=40),
            Update(action_id=part.id, person_id=people[2].id, at=at.replace(hour=10), channel="slack", text="Oops",
                   status="complete", undone=True),
            Update(action_id=loose.id, person_id=None, at=at.replace(day=1), channel="import", kind="import",
                   text="Finished", status="complete", completed_on=date(2006, 5, 1)),
        ])
        session.commit()
