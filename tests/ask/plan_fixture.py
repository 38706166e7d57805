"""A fixed plan in the style of seed 000, built with direct model inserts, for the question tests.

Today is Wednesday 14 June 2006 (this week: Mon 12 - Sun 18 June; next week: 19 - 25 June).
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy.engine import Engine
from sqlmodel import Session

from bot.answers.data import lead_parts
from store.models import Action, ActionPerson, ChangeLog, Person, Plan, Request, Round, Section, Update

TODAY = date(2006, 6, 14)

SECTIONS = [
    ("1", "Herefordshire Connects"),
    ("4", "Review and reconfigure the current political structures"),
    ("6", "Improving services and outcomes for vulnerable adults"),
    ("7", "Improved services and outcomes for children & young people"),
    ("10", "Improving the Council's communications with its customers and staff"),
]

# name, aliases, role title, email, roles
PEOPLE = [
    ("Jenny Hope", [], "Performance Improvement Coordinator", "jenny.hope@herefordshire.example", ["coordinator"]),
    ("Neil Pringle", ["DoCCS"], "Director of Corporate and Customer Services", "neil.pringle@herefordshire.example",
     ["lead", "director"]),
    ("Sue Fisher", ["SF", "DoCS"], "Director of Children's Services", "sue.fisher@herefordshire.example", ["lead"]),
    ("Tony Geeson", ["HoSH"], "Head of Strategic Housing", "tony.geeson@herefordshire.example", ["lead"]),
    ("Paul Jones", ["HoPP"], "Head of Policy and Performance", "paul.jones@herefordshire.example", ["lead"]),
    ("Mark Evans", ["HoITCS"], "Head of ICT and Customer Services", "mark.evans@herefordshire.example", ["lead"]),
]

D = date
# ref, section, parent ref, title, lead cell, due, due text, status, revised date (expected_by)
ACTIONS = [
    ("1.1", "1", None, "Identify the priority areas for service improvement programmes that will deliver "
     "transformational benefits", "DoCCS, HoITCS", D(2006, 2, 28), "February 2006", "complete", None),
    ("1.2", "1", None, "Develop full business cases for each of the identified Service Improvement Programme areas",
     "DoCCS, HoITCS", D(2006, 3, 31), "March 2006", "delayed", D(2006, 7, 31)),
    ("1.3", "1", None, "Develop the costed and timetabled implementation plans, including the ICT Strategy",
     "DoCCS, HoITCS", None, "TBC", "blocked", None),
    ("4.1", "4", None, "Review the political structures in line with corporate priorities", "HoPP",
     D(2006, 6, 16), "16 June 2006", "in_progress", None),
    ("4.2", "4", None, "Strengthen the scrutiny function in managing performance", "HoPP",
     D(2006, 5, 31), "May 2006", "in_progress", None),
    ("6.1", "6", None, "Implement the Adult Social Care Performance Improvement Plan", "DoACS",
     D(2006, 6, 23), "23 June 2006", "in_progress", None),
    ("6.2", "6", None, "Roll out the voice mail pilot across adult social care teams", "HoITCS",
     D(2006, 6, 30), "June 2006", "delayed", D(2006, 7, 31)),
    ("6.3", "6", None, "Open the extra care housing scheme", "Tony Geeson (Alan McLaughlin)",
     D(2006, 5, 31), "May 2006", "not_started", None),
    ("7.1", "7", None, "Preparation of the draft JAR Performance Improvement Action Plan",
     "DoCS, Interim Senior Manager", D(2006, 4, 30), "April 2006", "complete", None),
    ("7.2", "7", None, "Implementation of the JAR Performance Improvement Action Plan",
     "DoCS, Interim Senior Manager", D(2006, 7, 31), "July 2006", "in_progress", None),
    ("7.2a", "7", "7.2", "New threshold criteria set and rolled out", "DoCS", D(2006, 3, 31), "March 2006",
     "complete", None),
    ("7.2e", "7", "7.2", "Ensure that children's social care needs are incorporated in the Herefordshire Connects "
     "rollout", "DoCS", D(2006, 7, 31), "July 2006", "blocked", None),
    ("7.3", "7", None, "Publish the Children and Young People's Plan 2006-08", "DoCS", D(2006, 4, 1),
     "1 st April 2006", "complete", None),
    ("7.4", "7", None, "Full SMART Forward Delivery Plan in place for 2006-07", "DoCS", D(2006, 4, 30),
     "April 2006", "delayed", D(2006, 6, 30)),
    ("7.5", "7", None, "Secure adequate housing provision for families with young children", "DoCS, HoSH",
     D(2006, 5, 31), "May 2006", "in_progress", None),
    ("7.6", "7", None, "Appoint a Move-On Officer to reduce families with young children in temporary "
     "accommodation", "Tony Geeson (Alan McLaughlin)", D(2006, 5, 31), "May 2006", "in_progress", None),
    ("7.7", "7", None, "Children's Centres development programme", "Tony Geeson", D(2006, 6, 21), "21 June 2006",
     "not_started", None),
    ("10.1", "10", None, "Customer feedback survey", "HoPP", D(2006, 6, 28), "28 June 2006", "in_progress", None),
    ("10.2", "10", None, "Relaunch the staff newsletter", "Head of Human Resources", None, "TBC", "not_started", None),
    ("10.3", "10", None, "Intranet redesign", "HoITCS", D(2006, 6, 14), "14 June 2006", "complete", None),
]


def utc(*parts: int) -> datetime:
    """An aware UTC datetime."""
    return datetime(*parts, tzinfo=UTC)  # type: ignore[misc]


# ref, person, at, channel, text, status
UPDATES = [
    ("7.6", "Tony Geeson", utc(2006, 5, 20, 9), "email", "Job description agreed with HR.", "in_progress"),
    ("7.6", "Tony Geeson", utc(2006, 6, 13, 10), "email",
     "Interviews held on Monday; offer made to the preferred candidate, start date end of July.", "in_progress"),
    ("7.4", "Sue Fisher", utc(2006, 6, 12, 8, 30), "slack", "Slipped: revised date end of June.", "delayed"),
    ("6.2", "Mark Evans", utc(2006, 6, 5, 14), "email", "Roll-out delayed, revised date July 2006.", "delayed"),
    ("1.3", "Neil Pringle", utc(2006, 6, 9, 11), "email", "Dependent on OJEU procurement.", "blocked"),
]
# ref, at, field, old, new, description, source
CHANGES = [
    ("7.4", utc(2006, 6, 12, 8, 31), "status", "in_progress", "delayed", "", "slack"),
    ("1.2", utc(2006, 6, 8, 16), "expected_by", None, "2006-07-31", "Revised date set to 31 Jul 2006", "import"),
    ("10.3", utc(2006, 6, 13, 15), "status", "in_progress", "complete", "", "email"),
]
# round key, opened, [(person, refs, replied at)]
ROUNDS = [
    ("2006-W23", utc(2006, 6, 5, 8), [("Sue Fisher", ["7.4"], utc(2006, 6, 6, 9)),
                                       ("Paul Jones", ["4.2"], utc(2006, 6, 6, 10))]),
    ("2006-W24", utc(2006, 6, 12, 8), [
        ("Sue Fisher", ["7.2", "7.2e", "7.4", "7.5"], None),
        ("Tony Geeson", ["6.3", "7.6", "7.7"], utc(2006, 6, 13, 10)),
        ("Paul Jones", ["4.1", "4.2", "10.1"], None),
        ("Mark Evans", ["6.2", "10.3"], utc(2006, 6, 13, 12)),
        ("Neil Pringle", ["1.2", "1.3"], None),
    ]),
]


def build_plan(engine: Engine, *, name: str = "opip", title: str = "Overall Performance Improvement Plan 2006",
               with_people: bool = True) -> None:
    """Insert the fixed plan (and, unless told not to, its people, updates, changes and rounds)."""
    with Session(engine) as session:
        plan = Plan(name=name, title=title, created_at=utc(2006, 1, 10), updated_at=utc(2006, 6, 13))
        session.add(plan)
        session.flush()
        sections = {}
        for position, (number, section_title) in enumerate(SECTIONS):
            sections[number] = Section(plan_id=plan.id, number=number, title=section_title, position=position)
            session.add(sections[number])
        session.flush()
        actions: dict[str, Action] = {}
        for position, (ref, sec, parent, text, lead, due, due_text, status, revised) in enumerate(ACTIONS):
            action = Action(plan_id=plan.id, section_id=sections[sec].id, ref=ref, position=position, title=text,
                            lead_text=lead, due=due, due_text=due_text, status=status, expected_by=revised,
                            parent_id=actions[parent].id if parent else None,
                            completed_on=D(2006, 6, 13) if ref == "10.3" else None)
            session.add(action)
            session.flush()
            actions[ref] = action
        if with_people:
            _people_and_history(session, plan, actions)
        session.commit()


def _people_and_history(session: Session, plan: Plan, actions: dict[str, Action]) -> None:
    people: dict[str, Person] = {}
    for name, aliases, role, email, roles in PEOPLE:
        people[name] = Person(name=name, aliases=aliases, role_title=role, email=email, roles=roles,
                              created_at=utc(2006, 1, 10))
        session.add(people[name])
    session.flush()
    for action in actions.values():
        parts = {p.lower() for p in lead_parts(action.lead_text)}
        for position, person in enumerate(people.values()):
            if parts & {person.name.lower(), *(a.lower() for a in person.aliases)}:
                session.add(ActionPerson(action_id=action.id, person_id=person.id, position=position))
    for ref, who, at, channel, text, status in UPDATES:
        session.add(Update(action_id=actions[ref].id, person_id=people[who].id, at=at, channel=channel, text=text,
                           status=status))
    for ref, at, field, old, new, description, source in CHANGES:
        session.add(ChangeLog(plan_id=plan.id, action_id=actions[ref].id, at=at, field=field, old_value=old,
                              new_value=new, description=description, source=source))
    for key, opened, requests in ROUNDS:
        round_ = Round(plan_id=plan.id, key=key, opened_at=opened)
        session.add(round_)
        session.flush()
        for who, refs, replied in requests:
            session.add(Request(round_id=round_.id, plan_id=plan.id, person_id=people[who].id,
                                token=f"{plan.name}-{key}-{who}", channel="email", state="sent", sent_at=opened,
                                action_ids=[actions[r].id for r in refs], replied_at=replied,
                                reminded_at=utc(2006, 6, 14, 8) if who == "Paul Jones" and replied is None else None,
                                created_at=opened))
