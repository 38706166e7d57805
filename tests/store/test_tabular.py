"""CSV, XLSX and DOCX plans, with the contract's headers or a council's own wording and order."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import docx
from openpyxl import Workbook
from sqlalchemy.engine import Engine
from sqlmodel import Session

from store.export import export_csv, export_json
from store.importers import import_plan_file
from store.repository import find_person
from tests.store.conftest import EXPORT_KEYS, NOW, actions_of, export_action

PLANS = Path(__file__).resolve().parents[1] / "data" / "plans"
ROWS = [
    ["Ref", "Owner", "Action", "Deadline", "RAG", "Update"],
    [
        "1.1",
        "Tony Geeson (Alan McLaughlin)",
        "Operate the strengthened scrutiny arrangements",
        "Sep 08",
        "G",
        "Has begun.",
    ],
    ["1.2", "Dean Hogan", "Joint procurement capacity developed", "Mar 09?", "A", "As 4.4"],
    ["2.1", "Gi Cheesman", "Workforce development strategy", "Mar 08 Sep 08", "", ""],
]


def test_csv_with_other_wording_and_order(engine: Engine) -> None:
    result = import_plan_file(engine=engine, path=PLANS / "other_wording.csv", plan_name=None, now=NOW)
    # Named from the title row above the table ("Safeguarding improvement tracker").
    assert result.plan_name == "safeguarding-improvement-tracker" and result.actions == 4 and result.sections == 2
    actions = actions_of(engine, "safeguarding-improvement-tracker")
    first = actions["1.1"]
    assert first.title == "New threshold criteria set and rolled out" and first.lead_text == "Sue Fiennes"
    assert first.due == date(2006, 3, 31) and first.rag == "green" and first.partners == "LSCB"
    assert actions["1.2"].rag == "red" and actions["1.2"].status in ("blocked", "delayed")
    assert actions["2.1"].due_text == "Sep 06?" and actions["2.1"].status == "delayed"  # amber, no progress
    assert actions["2.2"].percent_complete == 50 and actions["2.2"].expected_by == date(2007, 1, 31)
    with Session(engine) as session:
        henry = find_person(session, query="Henry Lewis")
        assert henry is not None and not henry.placeholder


def test_canonical_csv(engine: Engine) -> None:
    import_plan_file(engine=engine, path=PLANS / "canonical.csv", plan_name="canon", now=NOW)
    export = export_json(engine=engine, plan_name="canon", today=date(2006, 6, 14))
    assert export["plans"][0]["sections"] == [
        {"number": "7", "title": "Improved services for children"},
        {"number": "5a", "title": "ICT"},
    ]
    child = export_action(export, "7.2a")
    assert child["parent"] == "7.2" and child["status"] == "complete" and child["rag"] == "green"
    assert export_action(export, "7.2b")["expected_by"] == "2006-05-31"
    # 7.2 is the heading over 7.2a (complete) and 7.2b (in progress): its status follows its parts.
    assert export_action(export, "7.2")["status"] == "in_progress"
    assert export_action(export, "5a.1")["section"] == "5a"


def test_xlsx_plan_with_dates_as_cells(engine: Engine, tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["CAA preparation programme"])
    sheet.append([])
    for row in ROWS:
        sheet.append(row)
    sheet.append(["3.1", "Kevin Lloyd", "Self-assessment", datetime(2009, 1, 31), "G", "Trawl has begun"])
    path = tmp_path / "programme.xlsx"
    book.save(path)
    result = import_plan_file(engine=engine, path=path, plan_name=None, now=NOW)
    assert result.plan_name == "caa-preparation-programme" and result.actions == 4  # its title row
    actions = actions_of(engine, "caa-preparation-programme")
    assert actions["1.2"].due == date(2009, 3, 31) and actions["1.2"].due_text == "Mar 09?"
    assert actions["2.1"].milestones == ["2008-03-31", "2008-09-30"]
    assert actions["3.1"].due == date(2009, 1, 31) and actions["3.1"].due_text == "31 January 2009"
    assert actions["1.1"].rag == "green" and actions["1.2"].rag == "amber"


def test_docx_tables_with_section_headings(engine: Engine, tmp_path: Path) -> None:
    document = docx.Document()
    document.add_heading("Scrutiny improvement plan", 0)
    document.add_paragraph("GLOSSARY")
    document.add_paragraph("HoC Head of Communications")
    document.add_paragraph("Communications")
    table = document.add_table(rows=0, cols=5)
    for cells in (
        ["Action", "Who is responsible", "When we will achieve it", "Progress update", "Ref"],
        ["Team briefing system to be implemented", "HoC", "April 2006", "Now in place", "1.1"],
        ["Communications structure to be upgraded", "HoC", "April 2006", "", "1.2"],
    ):
        row = table.add_row()
        for index, text in enumerate(cells):
            row.cells[index].text = text
    path = tmp_path / "scrutiny.docx"
    document.save(str(path))
    result = import_plan_file(engine=engine, path=path, plan_name=None, now=NOW)
    assert result.plan_name == "scrutiny-improvement-plan" and result.actions == 2
    actions = actions_of(engine, "scrutiny-improvement-plan")
    assert actions["1.1"].due == date(2006, 4, 30) and actions["1.2"].status == "not_started"
    with Session(engine) as session:
        hoc = find_person(session, query="hoc")
        assert hoc is not None and hoc.name == "Head of Communications" and hoc.placeholder


def test_csv_export_reimports_to_the_same_plan(engine: Engine, tmp_path: Path) -> None:
    seeds = Path(__file__).resolve().parents[1] / "data" / "seeds"
    import_plan_file(engine=engine, path=seeds / "004_6d5cee0618331d34.txt", plan_name="caa", now=NOW)
    before = export_json(engine=engine, plan_name="caa", today=date(2008, 7, 1))
    path = tmp_path / "caa.csv"
    path.write_text(export_csv(engine=engine, plan_name="caa"), encoding="utf-8")
    header = path.read_text(encoding="utf-8").splitlines()[0]
    assert header == "section,section_title,ref,action,lead,due,status,progress,expected_by,partners,success_criteria"
    again = import_plan_file(engine=engine, path=path, plan_name="caa", now=NOW)
    assert (again.new, again.changed, again.kept) == (0, 0, 0)
    assert export_json(engine=engine, plan_name="caa", today=date(2008, 7, 1)) == before
    # and into a fresh plan: the same actions, fields and people
    import_plan_file(engine=engine, path=path, plan_name="caa-copy", now=NOW)
    copy = export_json(engine=engine, plan_name="caa-copy", today=date(2008, 7, 1))["plans"][0]
    original = before["plans"][0]
    keys = tuple(k for k in EXPORT_KEYS if k not in ("rag", "completed_on", "percent_complete", "updates"))
    assert copy["sections"] == original["sections"]
    assert [{k: a[k] for k in keys} for a in copy["actions"]] == [{k: a[k] for k in keys} for a in original["actions"]]


def test_semicolon_csv_with_byte_order_mark(engine: Engine, tmp_path: Path) -> None:
    path = tmp_path / "export.csv"
    path.write_bytes("\ufeffRef;Action;Owner;Deadline\n1.1;Do it;Tony Geeson;Mar 08\n".encode())
    result = import_plan_file(engine=engine, path=path, plan_name=None, now=NOW)
    assert result.summary() == (
        "imported plan 'export' from export.csv: 1 sections, 1 actions (1 new, 0 changed), 1 people"
    )
    assert actions_of(engine, "export")["1.1"].due == date(2008, 3, 31)
