"""The four seed plans import with every action right, on SQLite and PostgreSQL."""

from __future__ import annotations

from collections import Counter
from datetime import date

from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from store.export import export_json
from store.models import Action, ChangeLog, Person, Section, Update
from store.repository import action_people, find_person, plan_by_name, section_summaries
from tests.store.conftest import EXPORT_KEYS, actions_of, export_action

TODAY = date(2006, 6, 14)


def _people(engine: Engine, action: Action) -> list[tuple[str, str]]:
    assert action.id is not None
    with Session(engine) as session:
        return [(p.name, role) for p, role in action_people(session, action_id=action.id)]


def _sections(engine: Engine, plan: str) -> dict[str, str]:
    with Session(engine) as session:
        plan_row = plan_by_name(session, name=plan)
        assert plan_row is not None
        return {s.number: s.title for s in session.exec(select(Section).where(Section.plan_id == plan_row.id))}


# -- 000: the Overall Performance Improvement Plan 2006 ---------------------------------------------
def test_000_counts_per_section(seeded: Engine) -> None:
    actions = actions_of(seeded, "overall-2006")
    counts = Counter(a.ref.split(".")[0] for a in actions.values())
    assert counts == {"1": 6, "2": 4, "3": 4, "4": 4, "5a": 6, "5b": 7, "6": 7, "7": 11, "8": 6, "9": 2, "10": 6}
    sections = _sections(seeded, "overall-2006")
    assert list(sections) == [str(n) for n in range(1, 11)]  # the document's ten sections
    assert sections["6"] == "Improving services and outcomes for vulnerable adults"
    part_a, part_b = sections["5"].split("\n")  # section 5 comes in two parts, a) ICT and b) accommodation
    assert part_a.startswith("a) Build on the investment") and "ICT" in part_a
    assert part_b.startswith("b) Build on the investment") and "accommodation" in part_b
    with Session(seeded) as session:
        plan = plan_by_name(session, name="overall-2006")
        assert plan is not None
        section_5 = session.exec(select(Section).where(Section.plan_id == plan.id, Section.number == "5")).one()
        in_5 = session.exec(select(Action.ref).where(Action.section_id == section_5.id)).all()
    assert sorted(in_5) == [f"5a.{n}" for n in range(1, 7)] + [f"5b.{n}" for n in range(1, 8)]


def test_000_page_break_continuations_join_without_repeats(seeded: Engine) -> None:
    actions = actions_of(seeded, "overall-2006")
    assert actions["1.6"].title == "Herefordshire Connects – communications strategy"
    assert actions["1.6"].progress == "Revised draft prepared and implementation started."
    assert actions["1.6"].additional_capacity == "Support of ICT for electronic communications aspects"
    assert actions["3.2"].title.startswith("Implement a corporate-directed network of skilled policy, planning")
    assert "agreed non-negotiables, including" in actions["3.3"].title
    assert actions["8.5"].title == "Develop and implement new Disability Equality Scheme and action plan"


def test_000_lettered_sub_actions_of_7_2(seeded: Engine) -> None:
    actions = actions_of(seeded, "overall-2006")
    parent = actions["7.2"]
    assert parent.title == "Implementation of the JAR Performance Improvement Action Plan"
    letters = [ref for ref in actions if ref.startswith("7.2") and ref != "7.2"]
    assert sorted(letters) == ["7.2a", "7.2b", "7.2c", "7.2d", "7.2e", "7.2f"]
    assert all(actions[ref].parent_id == parent.id for ref in letters)
    assert actions["7.2a"].title == "New threshold criteria set and rolled out"
    assert actions["7.2a"].due == date(2006, 3, 31) and actions["7.2a"].due_text == "March 2006"
    assert actions["7.2b"].due == date(2006, 2, 28)
    assert actions["7.2c"].progress.startswith("Confirmed as being in place in the DfES consultant's June report")
    assert actions["7.2d"].due == date(2006, 4, 30)
    assert actions["7.2f"].due_text == "TBD in July following discussion with the IPC"
    assert actions["7.2a"].lead_text == "DoCS, Interim Senior Manager"  # parts are led by the parent's lead
    assert "Adequate arrangements for safeguarding children operating by April 2006." in parent.success_criteria


def test_000_sub_items_under_6_1_and_numbering_5a(seeded: Engine) -> None:
    actions = actions_of(seeded, "overall-2006")
    assert actions["6.1a"].title == "Improvement proposal" and actions["6.1a"].due == date(2006, 4, 30)
    assert actions["6.1b"].title == "Full Improvement Plan - first draft"
    assert actions["5a.1"].title == "Develop and implement the Corporate ICT Strategy"
    assert actions["5a.1"].lead_text == "HITCS" and actions["5a.1"].due == date(2006, 6, 30)
    assert actions["5b.1"].due == date(2006, 4, 20) and actions["5b.1"].due_text == "20 th April 2006"
    assert actions["9.1"].title.startswith("Agree timetable for achieving Investors In People")


def test_000_dates_progress_and_html(seeded: Engine) -> None:
    actions = actions_of(seeded, "overall-2006")
    assert "signed on 23/03/06" in actions["2.1"].progress
    assert actions["2.1"].due == date(2006, 3, 31)
    assert actions["1.3"].due is None and actions["1.3"].due_text == "TBC"
    assert actions["6.3"].milestones[-1] == "2006-10-31"  # the "- Final strategy" item after the page break
    assert "\n- Final strategy in place and operational" in actions["6.3"].title
    assert actions["6.5"].due_text == "September 2006\nApril 2006"  # <p> paragraphs become lines
    assert "<" not in actions["7.5"].progress and actions["7.5"].progress.count("\n") == 4
    assert actions["7.1"].due == date(2006, 4, 30)


def test_000_leads_resolve_through_the_glossary(seeded: Engine) -> None:
    actions = actions_of(seeded, "overall-2006")
    assert _people(seeded, actions["1.1"]) == [
        ("Director of Corporate & Customer Services", "lead"),
        ("Head of Information, Technology & Customer Services", "major"),
    ]
    # "HITCS" is the plan's loose spelling of HoITCS
    assert _people(seeded, actions["5a.1"]) == [("Head of Information, Technology & Customer Services", "lead")]
    assert _people(seeded, actions["4.1"]) == [("Chief Executive", "lead"), ("Leader", "major")]
    with Session(seeded) as session:
        doccs = find_person(session, query="doccs")
        assert doccs is not None and doccs.placeholder and doccs.role_title == doccs.name
        # DoCS is Sue Fiennes: the JAR plan's index names her as Director of Children's Services
        docs = find_person(session, query="DoCS")
        assert docs is not None and docs.name == "Sue Fiennes" and not docs.placeholder


def test_000_status_from_progress(seeded: Engine) -> None:
    actions = actions_of(seeded, "overall-2006")
    assert actions["1.3"].status == "blocked"  # "Dependent on OJEU procurement ..."
    assert actions["4.1"].status == "not_started" and actions["4.1"].progress == ""
    assert actions["1.1"].status == "complete" and actions["1.1"].completed_on == date(2006, 2, 14)


# -- 001: the JAR Performance Improvement Action Plan -------------------------------------------------
def test_001_recommendations_are_sections(seeded: Engine) -> None:
    actions = actions_of(seeded, "jar-2006")
    counts = Counter(a.ref.split(".")[0] for a in actions.values())
    assert len(counts) == 17
    assert counts["1"] == 23 and counts["2"] == 13 and counts["4"] == 10 and counts["17"] == 3
    sections = _sections(seeded, "jar-2006")
    assert sections["1"].startswith("Ensure that appropriate criteria are set for the involvement")
    assert sections["8"] == "Improve access to Occupational Therapy Services."
    assert sections["12"].startswith("Improve action planning to deliver strategic aims and objectives and, in")
    assert len(actions) == 178  # the Summary Progress Report, IEG6 return and priorities map add none


def test_001_first_action_and_ditto_leads(seeded: Engine) -> None:
    actions = actions_of(seeded, "jar-2006")
    first = actions["1.1"]
    assert first.title == "Discussion paper to be prepared"
    assert first.lead_text == "SF (ISM)" and first.due == date(2005, 12, 31) and first.due_text == "Dec 05"
    assert _people(seeded, first) == [("Sue Fiennes", "lead"), ("Interim Senior Manager", "major")]
    assert actions["1.2"].lead_text == ""  # left blank in the plan, as written...
    # ...and read, as the JAR plan means it, as the lead above, so the action is still chased.
    assert _people(seeded, actions["1.2"]) == [("Sue Fiennes", "lead"), ("Interim Senior Manager", "major")]
    with Session(seeded) as s:
        added = s.exec(select(ChangeLog).where(ChangeLog.action_id == actions["1.2"].id,
                                               ChangeLog.field == "action")).one()
    assert added.description.endswith("lead left blank: taken as the lead above (SF (ISM))")
    assert actions["1.3"].lead_text == "SF (ISM)"  # a ditto mark: the lead written above
    assert actions["2.3"].lead_text == "SF (ISM)"  # a curly ditto mark
    assert actions["2.13"].milestones == ["2006-06-30", "2006-09-30", "2006-12-31", "2007-03-31"]
    assert actions["2.13"].due == date(2007, 3, 31)


def test_001_index_of_initials(seeded: Engine) -> None:
    with Session(seeded) as session:
        sue = find_person(session, query="SF")
        assert sue is not None and sue.name == "Sue Fiennes"
        assert sue.role_title == "Director of Children's Services" and {"SF", "DoCS"} <= set(sue.aliases)
        henry = find_person(session, query="head of children's social care")
        assert henry is not None and henry.name == "Henry Lewis"
        ism = find_person(session, query="ISM")
        assert ism is not None and ism.placeholder and ism.name == "Interim Senior Manager"
        assert find_person(session, query="PCT") is None  # a body, not a person
        names = set(session.exec(select(Person.name)).all())
    assert {"Dr S Stuckie", "Lorna Selfe", "Jon Ralph"} <= names


def test_001_summary_progress_report_is_kept_per_recommendation(seeded: Engine) -> None:
    with Session(seeded) as session:
        plan = plan_by_name(session, name="jar-2006")
        assert plan is not None and plan.id is not None
        summaries = section_summaries(session, plan_id=plan.id)
    assert len(summaries) == 17
    assert summaries["8"] == "Required action completed."
    assert summaries["1"].startswith("Work in progress. Most items completed.")
    assert "to agree ongoing, regular review and evaluation" in summaries["6"]  # joined across the page
    assert summaries["17"].startswith("Weekly reporting to cabinet member")  # written "17,Strengthen ..."


# -- 003: the 2004 Improvement Plan (faces, no refs) -------------------------------------------------
def test_003_sections_are_headings_and_refs_by_order(seeded: Engine) -> None:
    sections = _sections(seeded, "improvement-2004")
    assert sections == {
        "1": "Leadership and vision",
        "2": "Performance management",
        "3": "Organisational development and learning",
    }
    actions = actions_of(seeded, "improvement-2004")
    assert actions["1.1"].title == "Produce a Corporate Plan" and actions["1.1"].lead_text == "Chief Executive"
    assert actions["1.1"].due == date(2003, 1, 31)
    assert Counter(a.ref.split(".")[0] for a in actions.values()) == {"1": 8, "2": 21, "3": 20}


def test_003_objectives_span_rows(seeded: Engine) -> None:
    actions = actions_of(seeded, "improvement-2004")
    objective = "A clear understanding of the impact of Council activity on achieving the Herefordshire Plan ambitions"
    assert all(actions[f"1.{n}"].success_criteria == objective for n in (1, 2, 3, 4))
    assert actions["3.8"].success_criteria.startswith("Timely communication of significant information to all staff")
    assert actions["1.8"].success_criteria.startswith("Elimination of prejudice")  # "contd." on the next page
    assert "Autumn 2004 Staff Opinion Survey target" in actions["1.8"].success_criteria


def test_003_faces_set_status_and_rag(seeded: Engine) -> None:
    actions = actions_of(seeded, "improvement-2004")
    assert actions["1.1"].rag == "green" and actions["1.1"].status in ("complete", "in_progress")
    assert actions["1.5"].rag == "amber" and actions["1.5"].status in ("delayed", "blocked")  # face "(1)"
    assert actions["2.18"].rag == "amber"  # the face OCR'd as "<u> </u>"
    assert actions["2.21"].rag == "amber"  # "①"
    with Session(seeded) as session:
        update = session.exec(select(Update).where(Update.action_id == actions["2.20"].id)).one()
    assert update.kind == "import" and update.extraction["face"] == "(i)"


# -- 004: the CAA preparation programme 2008 ----------------------------------------------------------
def test_004_dates_milestones_and_tentative(seeded: Engine) -> None:
    actions = actions_of(seeded, "caa-2008")
    assert actions["1.3"].due_text == "Apr 08 Mar 09"
    assert actions["1.3"].milestones == ["2008-04-30", "2009-03-31"] and actions["1.3"].due == date(2009, 3, 31)
    assert actions["4.3"].due_text == "Mar 09?" and actions["4.3"].due == date(2009, 3, 31)
    assert actions["4.7"].due is None and actions["4.7"].due_text == "To be determined under 4.6"
    with Session(seeded) as session:
        added = session.exec(
            select(ChangeLog).where(ChangeLog.action_id == actions["4.3"].id, ChangeLog.field == "action")
        ).one()
    assert "tentative" in added.description and "line 123" in added.description


def test_004_leads_with_others_in_parentheses(seeded: Engine) -> None:
    actions = actions_of(seeded, "caa-2008")
    assert actions["4.12"].lead_text.startswith("Tony Geeson (Alan McLaughlin, Committee Services")
    assert _people(seeded, actions["4.12"]) == [("Tony Geeson", "lead"), ("Alan McLaughlin", "major")]
    assert _people(seeded, actions["3.1"])[:3] == [
        ("Deputy Chief Executive", "lead"),
        ("Michael Hainge", "major"),
        ("Jennifer Watkins", "major"),
    ]
    assert actions["1.4"].title == "Place-based mandatory satisfaction survey"  # "survey" repeated at the break
    assert actions["1.4"].lead_text == "Tony Cramp (Martin Heuter, heads of service)"
    assert Counter(a.ref.split(".")[0] for a in actions.values()) == {
        "1": 5,
        "2": 3,
        "3": 8,
        "4": 20,
        "5": 4,
        "6": 5,
        "7": 4,
        "8": 1,
    }


def test_export_json_shape(seeded: Engine) -> None:
    export = export_json(engine=seeded, plan_name="overall-2006", today=TODAY)
    assert [p["name"] for p in export["plans"]] == ["overall-2006"]
    plan = export["plans"][0]
    assert plan["sections"][0] == {"number": "1", "title": plan["sections"][0]["title"]}
    action = export_action(export, "7.2a")
    assert set(action) == set(EXPORT_KEYS)
    assert action["parent"] == "7.2" and action["section"] == "7" and action["due"] == "2006-03-31"
    assert action["lead_people"] == ["Sue Fiennes", "Interim Senior Manager"]
    assert action["updates"][0]["channel"] == "import" and action["updates"][0]["text"] == "Achieved on Schedule"
    assert action["rag"] in ("red", "amber", "green")
    assert export_action(export, "1.3")["rag"] == "red"  # blocked
    assert [a["ref"] for a in plan["actions"]][:3] == ["1.1", "1.2", "1.3"]


def test_imported_progress_is_dated_by_the_document_not_the_import(seeded: Engine) -> None:
    """000's document log says 13/06/06 and 004 is "Updated to 30 06 08": the progress words date from then."""
    from datetime import UTC, datetime

    for plan, written in (("overall-2006", datetime(2006, 6, 13, 11, 0, tzinfo=UTC)),
                          ("caa-2008", datetime(2008, 6, 30, 11, 0, tzinfo=UTC))):
        action = actions_of(seeded, plan)["2.1"]
        assert action.progress_at == written
        with Session(seeded) as s:
            first = s.exec(select(Update).where(Update.action_id == action.id)).first()
        assert first is not None and first.kind == "import" and first.at == written


def test_a_past_event_in_an_imported_note_is_not_a_new_expected_date(seeded: Engine) -> None:
    """000 (dated 13/06/06), 8.1: "… Equality Impact Assessment Y3 April 11 th & 12 th" was April 2006."""
    action = actions_of(seeded, "overall-2006")["8.1"]
    assert "April 11 th" in (action.progress or "")
    assert action.expected_by is None
