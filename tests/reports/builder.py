"""A fixed plan for the report tests: seed 000's sections 2, 3, 5, 6 and 7, with updates worded as in seed 002.

Everything is inserted directly through the models, with fixed dates, so the reports are deterministic.
"Today" is Wednesday 14 June 2006.
"""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy.engine import Engine
from sqlmodel import Session

from store.models import Action, ActionPerson, ChangeLog, Person, Plan, Request, Round, Section, Update

LONDON = ZoneInfo("Europe/London")
TODAY = date(2006, 6, 14)
PLAN_NAME = "overall-2006"

PEOPLE = [  # name, aliases, roles, email
    ("Sue Fiennes", ["DoCS"], ["lead", "director"], "sue.fiennes@herefordshire.example"),
    ("Jane Jones", ["DoCCS"], ["lead", "coordinator"], "jane.jones@herefordshire.example"),
    ("Tom Harvey", ["HoPP"], ["lead"], "tom.harvey@herefordshire.example"),
    ("Ian Brown", ["HITCS"], ["lead"], "ian.brown@herefordshire.example"),
    ("Sarah Green", ["DoACS"], ["lead"], "sarah.green@herefordshire.example"),
    ("Paul Rees", ["HoSCA"], ["lead"], "paul.rees@herefordshire.example"),
    ("Dave Miles", ["DoR"], ["lead"], "dave.miles@herefordshire.example"),
    ("Neil Pringle", ["CE"], ["chief_executive"], "neil.pringle@herefordshire.example"),
    ("Roger Phillips", ["Leader"], ["chief_executive"], None),  # no address: cannot be emailed
]

SECTIONS = [
    ("2", "The Herefordshire Community Strategy (HCS) 2006 - 2020 and the associated Local Area Agreement (LAA) "
          "2006-09"),
    ("3", "Robustly and consistently implement the performance management framework"),
    ("5", "Enhance capacity through the effective use of ICT and accommodation"),
    ("6", "Improving services and outcomes for vulnerable adults"),
    ("7", "Improved services and outcomes for children & young people"),
]

# ref, section, title, lead cell, people, due, due_text, status, expected_by, completed_on, percent, plan progress
ACTIONS = [
    ("2.1", "2", "Conclude the LAA, incorporating the LPSA2G, so it is operational from 1 April 2006",
     "DoCCS, HoPP", ["Jane Jones", "Tom Harvey"], date(2006, 3, 31), "March 2006", "complete", None,
     date(2006, 3, 23), 100, "Negotiations concluded successfully. Agreement with Govt. signed on 23/03/06"),
    ("2.2", "2", "Develop the action plan to implement the HCS and the LAA", "DoCCS, HoPP",
     ["Tom Harvey", "Jane Jones"], date(2006, 4, 30), "April 2006", "in_progress", None, None, None,
     "Drafting commenced"),
    ("2.3", "2", "Council and other Partnership members approve the HCS", "DoCCS, HoPP", ["Tom Harvey"],
     date(2006, 7, 31), "July 2006", "in_progress", None, None, 50, "Strategy drafted"),
    ("3.1", "3", "Develop and implement a more robust performance improvement and management framework",
     "DoR, DoCCS, HoPP", ["Tom Harvey"], date(2006, 5, 31), "May 2006", "delayed", date(2006, 6, 19), None, 60,
     "Outline proposals drafted"),
    ("3.2", "3", "Implement a corporate-directed network of skilled policy, planning and performance staff",
     "HoPP", ["Tom Harvey"], date(2006, 5, 31), "May 2006", "blocked", None, None, None, "JD & PS drafted"),
    ("3.3", "3", "All managers' SRD objectives and targets for 2006-07 to reflect the agreed non-negotiables",
     "HoPP", ["Tom Harvey"], date(2006, 5, 31), "May 2006", "complete", None, date(2006, 5, 26), 100,
     "Initial non-negotiables to CMB in May 2006."),
    ("5a.1", "5", "Develop and implement the Corporate ICT Strategy", "HITCS", ["Ian Brown"], date(2006, 6, 30),
     "June 2006", "in_progress", None, None, 80, "Draft strategy has been prepared and being finalised"),
    ("5a.2", "5", "Continue the rollout of the new corporate voice and data network", "HITCS", ["Ian Brown"],
     date(2006, 4, 30), "April 2006", "delayed", date(2006, 7, 31), None, None, "Data Centres fitted out"),
    ("5a.4", "5", "Ensure the authority's e-Government programme is managed through Directorates", "HITCS",
     ["Ian Brown"], date(2006, 4, 30), "April 2006", "complete", None, date(2006, 6, 6), 100, ""),
    ("5a.6", "5", "Ensure a robust succession strategy for the programmes carried out under Herefordshire in "
     "Touch", "HITCS", ["Ian Brown"], date(2006, 2, 28), "February 2006", "in_progress", date(2006, 7, 31), None,
     None, "e-Gateway continues to deliver new sites"),
    ("5b.1", "5", "Cabinet to confirm approach to acquiring / developing the Plough Lane site", "DoR",
     ["Dave Miles"], date(2006, 4, 20), "20th April 2006", "in_progress", None, None, None, ""),
    ("6.1", "6", "Adult Social Care Performance Improvement Plan", "DoACS, HoSCA", ["Paul Rees", "Sarah Green"],
     date(2006, 6, 30), "June 2006", "delayed", None, None, None, "New senior management structure determined"),
    ("6.2", "6", "Assessment of future social care needs and services for older people", "DoACS",
     ["Sarah Green"], date(2006, 8, 31), "August 2006", "in_progress", None, None, 30, "Assessment brief agreed"),
    ("6.3", "6", "Develop and implement the Older People's Strategy", "DoACS", ["Sarah Green"],
     date(2006, 7, 31), "July / August 2006", "in_progress", None, None, None, "Project scoped"),
    ("7.1", "7", "Preparation of the draft JAR Performance Improvement Action Plan", "DoCS, Interim Senior Manager",
     ["Sue Fiennes"], date(2006, 4, 30), "April 2006", "complete", None, date(2006, 4, 28), 100,
     "Revised, simplified draft approved"),
    ("7.4", "7", "Full SMART Forward Delivery Plan in place for 2006-07", "DoCS", ["Sue Fiennes"],
     date(2006, 4, 30), "April 2006", "delayed", date(2006, 6, 28), None, 40,
     "Priorities identified in the plan to inform the action plan."),
    ("7.5", "7", "Secure adequate housing provision for families with young children", "DoCS, HoSH",
     ["Sue Fiennes"], None, "", "in_progress", None, None, None, "Homelessness Prevention Service now in place."),
    ("7.6", "7", "Recruit and retain permanent qualified social workers for the Duty Team", "DoCS",
     ["Sue Fiennes"], date(2006, 9, 30), "September 2006", "blocked", None, None, None, ""),
]

# ref, when (London), person, status, expected_by, flags, text
UPDATES = [
    ("2.2", datetime(2006, 6, 12, 10, 5), "Tom Harvey", "in_progress", None, [],
     "The LAA element has been approved by the Partnership Board and submitted to Government. The action plan "
     "for the HCS is still being developed to ensure that it includes clear targets and the key actions and "
     "milestones towards. This will be discussed at both the next CMB and joint CMB and Cabinet meetings."),
    ("2.3", datetime(2006, 6, 5, 14, 0), "Tom Harvey", "in_progress", None, [],
     "Strategy drafted; consultation with partners closes at the end of June."),
    ("3.1", datetime(2006, 5, 22, 9, 30), "Tom Harvey", "delayed", date(2006, 6, 5), [],
     "Launch of the new cycle put back to early June."),
    ("3.1", datetime(2006, 6, 13, 16, 40), "Tom Harvey", "delayed", date(2006, 6, 19), [],
     "The launch of the agreed new performance improvement cycle has been delayed because the assumptions and "
     "ground rules for the commissioning of three-year proposals have substantially to be based on a "
     "fundamentally re-worked Medium-Term Financial Strategy. A revised timetable is being prepared with the "
     "Director of Resources and will be put to CMB to consider on 19 June."),
    ("3.2", datetime(2006, 6, 9, 11, 15), "Tom Harvey", "blocked", None, [],
     "Job description and person specification finalised for Improvement Manager post in Environment and the "
     "joint post for Corporate and Customer Services, Resources and HR. Placement/recruitment, as appropriate to "
     "go ahead immediately after a satisfactory Job Evaluation is determined."),
    ("5a.1", datetime(2006, 6, 12, 9, 45), "Ian Brown", "in_progress", None, [],
     "Draft strategy finalised; going to CMB on 27 June."),
    ("5a.2", datetime(2006, 6, 12, 9, 50), "Ian Brown", "delayed", date(2006, 7, 31), [],
     "Voice mail pilot has completed, but roll-out has been delayed - revised date of July 2006"),
    ("5a.4", datetime(2006, 5, 10, 15, 0), "Ian Brown", "blocked", None, [],
     "Waiting on ODPM acceptance of the IEG6 statement before we can close this."),
    ("5a.4", datetime(2006, 6, 6, 8, 55), "Ian Brown", "complete", None, ["completed_while_blocked"],
     "IEG6 accepted by ODPM. This one is done."),
    ("5a.6", datetime(2006, 6, 12, 9, 52), "Ian Brown", "in_progress", date(2006, 7, 31), [],
     "Future sustainability of the e-gateway is being addressed at the moment. Expected completion date for "
     "this is July."),
    ("5b.1", datetime(2006, 4, 21, 12, 0), "Dave Miles", "in_progress", None, [],
     "Cabinet did not take report on 20th April as planned. Paper now to be submitted to Cabinet on 25th May."),
    ("6.1", datetime(2006, 6, 2, 10, 0), "Paul Rees", "delayed", None, [],
     "No draft of an overall improvement plan for adult social care yet produced. Now promised before the end of "
     "June."),
    ("6.2", datetime(2006, 5, 15, 10, 0), "Sarah Green", "in_progress", None, [],
     "Assessment brief and monitoring arrangements agreed."),
    ("7.4", datetime(2006, 5, 17, 17, 20), "Sue Fiennes", "delayed", date(2006, 5, 31), [],
     "Forward Delivery Plan will follow the end of May."),
    ("7.4", datetime(2006, 6, 14, 9, 12), "Sue Fiennes", "delayed", date(2006, 6, 28), [],
     "Although a first draft has now been prepared of the Forward Delivery Plan 2006-07 for the Children and "
     "Young People's Plan, it is not yet fit for purpose. The JAR Group decided on 14 June that a rapid "
     "timetable must be agreed when it next meets, on 28 June."),
    ("7.5", datetime(2006, 6, 1, 12, 30), "Sue Fiennes", "in_progress", None, [],
     "Homelessness Prevention Service now in place. Children's Centres development on track."),
    ("7.6", datetime(2006, 6, 13, 8, 30), "Sue Fiennes", "blocked", None, [],
     "Agency Staff are covering most gaps, which is highly cost-ineffective. The biggest issue appears to be "
     "starting salaries; we cannot proceed until the pay review is decided."),
]

# who, refs asked about, replied (London) or None
ROUND_KEY = "2006-W24"
REQUESTS = [
    ("Sue Fiennes", ["7.4", "7.5", "7.6"], datetime(2006, 6, 14, 9, 12)),
    ("Tom Harvey", ["2.2", "2.3", "3.1", "3.2"], datetime(2006, 6, 12, 10, 5)),
    ("Ian Brown", ["5a.1", "5a.2", "5a.6"], datetime(2006, 6, 12, 9, 45)),
    ("Sarah Green", ["6.2", "6.3"], None),
    ("Paul Rees", ["6.1"], datetime(2006, 6, 12, 11, 0)),
]

# when (London), ref or None, field, old, new, description
CHANGES = [
    (datetime(2006, 5, 2, 9, 0), None, "title", "", "", "Plan re-issued after the April review."),
    (datetime(2006, 6, 7, 14, 0), "7.1", "title", None, None,
     "Paragraphs 7.1 and 7.2 have been amended in the C&YP section: new material from the now approved JAR "
     "Performance Improvement Plan."),
    (datetime(2006, 6, 7, 14, 1), "7.4", "success_criteria", None,
     "Specific key children's safeguarding performance indicators included in the appendices", ""),
]


def at(when: datetime) -> datetime:
    """A naive London wall-clock time as an aware datetime."""
    return when.replace(tzinfo=LONDON)


def build_plan(engine: Engine) -> Plan:
    """Insert the fixed plan, people, updates, round and change log; return the plan."""
    with Session(engine, expire_on_commit=False) as session:
        people = {}
        for name, aliases, roles, email in PEOPLE:
            people[name] = Person(name=name, aliases=aliases, roles=roles, email=email)
            session.add(people[name])
        plan = Plan(name=PLAN_NAME, title="Overall Performance Improvement Plan 2006", source="seed 000",
                    coordinator_id=None)
        session.add(plan)
        session.flush()
        sections = {}
        for position, (number, title) in enumerate(SECTIONS):
            sections[number] = Section(plan_id=plan.id, number=number, title=title, position=position)
            session.add(sections[number])
        session.flush()
        actions = {}
        for position, row in enumerate(ACTIONS):
            ref, section, title, lead, names, due, due_text, status, expected, done, pct, progress = row
            action = Action(plan_id=plan.id, section_id=sections[section].id, ref=ref, position=position,
                            title=title, lead_text=lead, due=due, due_text=due_text, status=status,
                            expected_by=expected, completed_on=done, percent_complete=pct, progress=progress,
                            milestones=[due.isoformat()] if due else [])
            session.add(action)
            actions[ref] = (action, names)
        session.flush()
        for action, names in actions.values():
            for index, name in enumerate(names):
                session.add(ActionPerson(action_id=action.id, person_id=people[name].id,
                                         role="lead" if index == 0 else "major", position=index))
        for ref, when, name, status, expected, flags, text in UPDATES:
            action = actions[ref][0]
            session.add(Update(action_id=action.id, person_id=people[name].id, at=at(when), channel="email",
                               kind="reply", text=text, status=status, expected_by=expected, flags=flags))
            action.progress, action.progress_at = text, at(when)
        round_ = Round(plan_id=plan.id, key=ROUND_KEY, opened_at=at(datetime(2006, 6, 12, 9, 0)))
        session.add(round_)
        session.flush()
        for name, refs, replied in REQUESTS:
            session.add(Request(round_id=round_.id, plan_id=plan.id, person_id=people[name].id,
                                token=f"token-{people[name].id}", state="sent",
                                action_ids=[actions[r][0].id for r in refs],
                                sent_at=at(datetime(2006, 6, 12, 9, 0)),
                                replied_at=at(replied) if replied else None))
        for when, ref, field, old, new, description in CHANGES:
            session.add(ChangeLog(plan_id=plan.id, action_id=actions[ref][0].id if ref else None, at=at(when),
                                  source="import", field=field, old_value=old, new_value=new,
                                  description=description))
        session.commit()
        return plan
