"""Reading tables: HTML cells, headers by meaning, refs, page-break joins, glossaries and lead cells."""

from __future__ import annotations

from pathlib import Path

import pytest

from store.importers.builder import build_plan, normalise_ref
from store.importers.draft import join_wrapped
from store.importers.leads import is_person_name, is_role_title, parse_glossary, split_lead_cell
from store.importers.tables.cells import cell_lines, cell_text
from store.importers.tables.columns import map_headers, match_header
from store.importers.tables.text import parse_text


def test_html_cells_become_lines() -> None:
    raw = (
        "<p>7.2 Implementation</p> <p>a) New <i>threshold</i> criteria</p>"
        '<ul style="list-style-type: none"> - simpler reports</ul> &amp; more'
    )
    assert cell_lines(raw) == [
        "7.2 Implementation",
        "a) New threshold criteria",
        "- simpler reports",
        "& more",
    ]
    assert cell_text("<u> </u>") == ""
    assert cell_text("plain  text\twith   spaces") == "plain text with spaces"
    assert cell_text("5 < 6 and 7 > 3") == "5 < 6 and 7 > 3"  # not markup: left alone


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("Action to be Taken", "action"),
        ("ACTION", "action"),
        ("What we will do", "action"),
        ("hat we will do", "action"),  # OCR damage in the 2004 plan
        ("Lead", "lead"),
        ("RESPONSIBLE OFFICER (and others with a major role)", "lead"),
        ("Who is responsible", "lead"),
        ("Owner", "lead"),
        ("By When", "due"),
        ("WHEN", "due"),
        ("When we will achieve it", "due"),
        ("Deadline", "due"),
        ("Progress to date", "progress"),
        ("Progress to Date", "progress"),
        ("PROGRESS", "progress"),
        ("Progress update", "progress"),
        ("Update", "progress"),
        ("People/ Partners", "partners"),
        ("People/P artners", "partners"),
        ("With these resources", "partners"),
        ("Additional Capacity/ Requirement", "additional_capacity"),
        ("Additional Capacity Requirement", "additional_capacity"),
        ("Target/Success Criteria", "success_criteria"),
        ("SUCCESS CRITERIA", "success_criteria"),
        ("What we want to achieve", "objective"),
        ("Milestones", "milestones_text"),
        ("Face", "face"),
        ("RAG", "rag"),
        ("Ref", "ref"),
        ("Recommendation", "recommendation"),
        ("Status", "status"),
        ("RELEVANT PROGRAMMES/ PROJECTS & OTHER COMMENTS", "comments"),
    ],
)
def test_headers_map_by_meaning(header: str, field: str) -> None:
    assert match_header(header)[0] == field


def test_plan_table_needs_an_action_column() -> None:
    assert map_headers(["Recommendation", "Summary Progress to date", ""]) is None
    assert map_headers(["No of PI", "PERFORMANCE MEASUREMENT", "Position March 06", "Target March 07*"]) is None
    assert map_headers(["Version", "Status", "Date of Update", "Description of Change", "Pages affected"]) is None
    columns = map_headers(["Ref", "Owner", "Action", "Deadline", "RAG", "Update"])
    assert columns is not None and columns.fields == {
        "ref": 0,
        "lead": 1,
        "action": 2,
        "due": 3,
        "rag": 4,
        "progress": 5,
    }
    assert map_headers(["Action", "Owner"]) is not None
    assert map_headers(["Action", "Notes", "Colour", "Size"]) is None
    # a data row is never taken for a header
    assert map_headers(["1.1 Identify the priority areas", "DoCCS, HoITCS", "February 2006", "Achieved"]) is None


@pytest.mark.parametrize(
    ("raw", "ref"),
    [
        ("5a 1", "5a.1"),
        ("1.1", "1.1"),
        ("7.2 (a)", "7.2a"),
        ("7.2a", "7.2a"),
        ("3.", "3"),
        (" 4 . 10 ", "4.10"),
    ],
)
def test_refs_are_normalised(raw: str, ref: str) -> None:
    assert normalise_ref(raw) == ref


def test_page_break_joins_drop_repeated_words() -> None:
    assert join_wrapped("Herefordshire Connects – communications", "communications strategy") == (
        "Herefordshire Connects – communications strategy"
    )
    assert join_wrapped("to reflect the agreed non", "agreed non-negotiables, including") == (
        "to reflect the agreed non-negotiables, including"
    )
    assert join_wrapped("users have been migrated onto", "the new network") == (
        "users have been migrated onto the new network"
    )


def test_lead_cells_split_into_lead_and_major_roles() -> None:
    assert split_lead_cell("SF (ISM)") == [("SF", "lead"), ("ISM", "major")]
    assert split_lead_cell("DoCCS, HoPP") == [("DoCCS", "lead"), ("HoPP", "major")]
    assert split_lead_cell("Tony Geeson (Alan McLaughlin, Committee Services, PCT)") == [
        ("Tony Geeson", "lead"),
        ("Alan McLaughlin", "major"),
        ("Committee Services", "major"),
        ("PCT", "major"),
    ]
    assert split_lead_cell("Head of HR Head of Performance Management") == [
        ("Head of HR", "lead"),
        ("Head of Performance Management", "major"),
    ]
    assert split_lead_cell("Deputy Chief Executive") == [("Deputy Chief Executive", "lead")]


def test_people_roles_and_bodies_are_told_apart() -> None:
    assert is_person_name("Tony Geeson") and is_person_name("Wendy Huxley-Marko") and is_person_name("Dr S Stuckie")
    assert not is_person_name("Committee Services") and not is_person_name("Deputy Chief Executive")
    assert is_role_title("Director of Corporate & Customer Services")
    assert is_role_title("Training Officer, Children's Services")
    assert not is_role_title("Chief Executive's Management Team")
    assert not is_role_title("Children and Young Peoples Partnership Board")
    assert not is_role_title("heads of service")


def test_glossary_and_index_of_initials(tmp_path: Path) -> None:
    text = (
        "Intro\n\nAction to be Taken\tLead\tBy When\n1.1 Do it\tSF (ISM)\tMarch 2006\n\n"
        "Index to initials\n\nSF\tSue Fiennes\tDirector of Children's Services\n\n"
        "ISM Interim Senior Manager\n"
        "- PCT Herefordshire Primary Care Trust\n\nGLOSSARY\n\n"
        "DoCCS Director of Corporate & Customer Services\n\n"
        "Document Log\n"
    )
    doc = parse_text(tmp_path / "plan.txt", text)
    entries = {e.alias: e for e in parse_glossary(doc)}
    assert entries["SF"].name == "Sue Fiennes" and entries["SF"].title == "Director of Children's Services"
    assert entries["ISM"].is_role and not entries["PCT"].is_role
    assert entries["DoCCS"].title == "Director of Corporate & Customer Services"
    assert "Document" not in entries


def test_numbered_text_plan_structure(tmp_path: Path) -> None:
    text = "\n".join(
        [
            "Action to be Taken\tLead\tBy When\tProgress to date",
            "1. First section\t\t\t",
            "1.1 Do a thing\tDoCS\tMarch 2006\tDone",
            "<p>1.2 Parent</p> <p>a) part one</p> <p>b) part two</p>\tHoC\t<p>May 2006</p> <p>June 2006</p>\t",
            "c) part three\t\tJuly 2006\t",
            "",
            "Updated to 30 06 08",
            "",
            "Action to be Taken\tLead\tBy When\tProgress to date",
            "carries on\t\t\tand more",
        ]
    )
    draft = build_plan(parse_text(tmp_path / "plan.txt", text))
    refs = {a.ref: a for a in draft.actions}
    assert list(refs) == ["1.1", "1.2", "1.2a", "1.2b", "1.2c"]
    assert refs["1.2a"].get("due") == "May 2006" and refs["1.2b"].get("due") == "June 2006"
    assert refs["1.2c"].parent_ref == "1.2" and refs["1.2c"].get("lead") == "HoC"
    assert refs["1.2c"].get("action") == "part three carries on" and refs["1.2c"].get("progress") == "and more"
    assert draft.sections[0].title == "First section"
