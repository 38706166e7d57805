"""Each plan layout of the corpus (tests/data/plans/layouts/) imports from every format it is saved
in with the same refs, sections, titles, leads, due dates, progress and status."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path
from typing import NamedTuple

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from store.errors import ImportFileError
from store.importers.plan_file import import_plan_file
from store.models import Action, Plan, Section, Update
from tests.store.conftest import actions_of

LAYOUTS = Path(__file__).resolve().parents[1] / "data" / "plans" / "layouts"
NOW = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)


class Expected(NamedTuple):
    ref: str
    section: str
    title: str  # the start of the title
    lead: str
    due: date | None  # None: no date in the cell ("Ongoing")
    progress: str  # the start of the progress
    status: str
    rag: str | None


def _d(text: str) -> date:
    return date.fromisoformat(text)


EXPECTED: dict[str, tuple[tuple[str, ...], list[Expected]]] = {
    "york_improvement_2009": (
        ("txt", "csv", "xlsx", "docx", "pdf"),
        [
            Expected("1.1", "Customer focus", "Publish customer service standards", "Head of Customer Services",
                     _d("2009-07-31"), "Standards published", "complete", "green"),
            Expected("1.2", "Customer focus", "Introduce a single complaints", "Head of Customer Services",
                     _d("2009-11-30"), "Process drafted", "delayed", "amber"),
            Expected("2.1", "Effective organisation", "Deliver training on the Protocol", "Head of Civic Services",
                     _d("2009-10-31"), "Two of six sessions", "in_progress", "green"),
            Expected("2.2", "Effective organisation", "Agree the workforce development", "Assistant Director HR",
                     _d("2009-08-31"), "Not yet agreed", "delayed", "red"),
        ],
    ),
    "spelthorne_recovery": (
        ("xlsx", "csv", "txt", "pdf"),
        [
            Expected("1.1", "Finance", "Set a balanced budget", "Chief Finance Officer", _d("2025-02-28"),
                     "Budget set by Council", "complete", "green"),
            Expected("1.2", "Finance", "Review the commercial property", "Group Head Assets", _d("2025-06-30"),
                     "Valuations commissioned", "in_progress", "green"),
            Expected("2.1", "Governance", "Refresh the constitution", "Monitoring Officer", _d("2025-05-31"),
                     "Working group has met", "delayed", "amber"),
            Expected("2.2", "Governance", "Member development programme", "Democratic Services Manager",
                     _d("2025-01-31"), "Provider not appointed", "delayed", "red"),
            Expected("2.3", "Governance", "Set up an audit committee", "Monitoring Officer", _d("2025-09-30"), "",
                     "not_started", None),
        ],
    ),
    "north_herts_cpc": (
        ("docx", "xlsx", "pdf"),
        [
            Expected("1.1", "Set out a clear set of priorities", "Agree Council Plan priorities", "Managing Director",
                     _d("2025-03-31"), "Priorities agreed at Cabinet", "complete", "green"),
            # The lead is one merged cell over 1.1 and 1.2: it leads both.
            Expected("1.2", "Set out a clear set of priorities", "Align service plans", "Managing Director",
                     _d("2025-06-30"), "Template out", "in_progress", "green"),
            Expected("2.1", "Strengthen the transformation programme", "Appoint a transformation lead",
                     "Service Director Resources", _d("2024-12-31"), "Recruitment failed twice", "delayed", "red"),
            Expected("2.2", "Strengthen the transformation programme", "Publish a programme plan",
                     "Service Director Resources", _d("2025-04-30"), "Draft plan with the Leader", "delayed",
                     "amber"),
        ],
    ),
    "herefordshire_ofsted_2022": (
        ("docx", "txt", "pdf"),
        [
            Expected("1.1", "Leadership and management", "Establish an Improvement Board", "Chief Executive",
                     _d("2023-01-31"), "Board met monthly", "in_progress", "green"),
            Expected("1.2", "Leadership and management", "Quality assurance framework",
                     "Director of Children's Services", _d("2023-03-31"), "Framework drafted", "delayed", "amber"),
            Expected("2.1", "Front door", "Respond to contacts within one working day", "Head of Service MASH",
                     _d("2023-04-30"), "Timeliness at 78%", "delayed", "red"),
            Expected("2.2", "Front door", "Pathway with midwifery", "Head of Early Help", _d("2023-09-30"),
                     "Pathway drafted", "in_progress", "green"),
        ],
    ),
    "bromsgrove_exceptions": (
        ("txt", "csv", "xlsx", "pdf"),
        [
            Expected("1", "", "Community consultation on the Town Centre", "Head of Planning", _d("2007-11-30"),
                     "Consultation delayed", "delayed", "red"),
            Expected("2", "", "Appoint a developer", "Head of Planning", _d("2008-03-31"), "Shortlist of three",
                     "delayed", "amber"),
            Expected("3", "", "Customer service centre telephone", "Head of Customer Services", _d("2007-12-31"),
                     "Achieved in November", "complete", "green"),
            Expected("4", "", "Spatial project to review car parking", "Head of Street Scene", _d("2008-01-31"),
                     "Report to Cabinet", "in_progress", "green"),
        ],
    ),
    "cheshire_east_ofsted": (
        ("csv", "xlsx", "txt", "pdf"),
        [
            Expected("A1", "", "Refresh the practice standards", "Head of Children in Need", _d("2022-03-31"),
                     "Standards launched", "complete", "green"),
            Expected("A2", "", "Audit of care plans", "Principal Social Worker", _d("2022-06-30"), "40 of 60 audits",
                     "in_progress", None),
            Expected("A3", "", "Recruit permanent team managers", "Director of Children's Social Care",
                     _d("2022-07-31"), "Advert out", "in_progress", None),
            Expected("A4", "", "Care leavers' local offer", "Head of Cared for Children", _d("2022-09-30"), "",
                     "not_started", None),
        ],
    ),
    "bracknell_council_plan": (
        ("txt", "csv", "xlsx", "docx", "pdf"),
        [
            Expected("1.1", "Engaged and healthy communities", "Open the new leisure centre gym",
                     "Assistant Director Leisure", _d("2025-01-31"), "Opened on time", "complete", "green"),
            Expected("1.2", "Engaged and healthy communities", "Deliver the health checks",
                     "Director of Public Health", _d("2025-03-31"), "1,200 checks", "delayed", "amber"),
            Expected("2.1", "Thriving and connected economy", "Adopt the local plan", "Assistant Director Planning",
                     _d("2024-12-31"), "Examination hearings postponed", "delayed", "red"),
            Expected("2.2", "Thriving and connected economy", "Town centre wifi extended", "Head of Digital",
                     _d("2025-06-30"), "Contract signed", "in_progress", "green"),
        ],
    ),
    "kirklees_children_improvement": (
        ("csv", "xlsx", "docx", "pdf"),
        [
            Expected("1.1", "", "Single assessment timescales", "Service Director Family Support",
                     _d("2017-06-30"), "82% in June", "delayed", "amber"),
            Expected("1.2", "", "Return interviews for every missing child", "Head of Safeguarding",
                     _d("2017-05-31"), "All missing episodes", "in_progress", "green"),
            Expected("2.1", "", "Stable social work workforce", "Service Director Resources", _d("2018-03-31"),
                     "Agency use still above 30%", "delayed", "amber"),
        ],
    ),
    # Layouts of plans Chaser had not seen before (README.md: what each one tests).
    "runnymede_best_value": (
        ("xlsx", "docx"),
        [
            Expected("CI001", "Continuous Improvement", "Publish a quarterly lessons-learned digest",
                     "Head of Customer Services", _d("2024-12-31"), "First digest issued", "complete", "green"),
            Expected("CI004", "Continuous Improvement", "Set up a benchmarking group", "Corporate Head of Policy",
                     _d("2025-03-31"), "Terms of reference drafted", "in_progress", None),
            Expected("G003", "Governance", "Review the scheme of delegation", "Monitoring Officer", _d("2025-06-30"),
                     "", "not_started", None),
            Expected("G007", "Governance", "Link the scrutiny work programme", "Democratic Services Manager", None,
                     "Risk register now a standing item", "in_progress", "green"),
        ],
    ),
    "rotherham_year_ahead": (
        ("xlsx", "csv"),
        [
            Expected("1.1", "Places are thriving, safe and clean", "Launch the street safe team patrols",
                     "Head of Community Safety", _d("2023-09-30"), "Patrols started", "complete", "green"),
            Expected("1.2", "Places are thriving, safe and clean", "Install new CCTV software",
                     "Head of Community Safety", _d("2024-03-31"), "Procurement re-run", "delayed", "red"),
            Expected("2.1", "Every child able to fulfil their potential", "Open the family hub", "Head of Early Help",
                     _d("2024-03-31"), "Building works running", "delayed", "amber"),
            Expected("2.2", "Every child able to fulfil their potential", "Run the holiday activities programme",
                     "Head of Youth Services", None, "Summer programme reached", "in_progress", "green"),
        ],
    ),
    "flintshire_improvement_monitoring": (
        ("xlsx", "docx", "csv"),
        [
            # "Timescale: Start | End": the end is the due date; "RAG status: Progress" the RAG.
            Expected("1a", "Housing", "Extend the council house building programme", "Chief Officer Housing",
                     _d("2015-03-31"), "Planning consent granted", "in_progress", "green"),
            Expected("1b", "Housing", "Bring empty homes back into use", "Empty Homes Officer", _d("2016-03-31"),
                     "Eleven homes back in use", "delayed", "amber"),
            Expected("2a", "Living well", "Speed up Disabled Facilities Grants", "Chief Officer Social Services",
                     _d("2014-12-31"), "Average time still above target", "delayed", "red"),
        ],
    ),
    "bcp_best_value_notice": (
        ("docx", "xlsx"),
        [
            # Actions numbered on through the plan keep their numbers under each recommendation.
            Expected("1", "Agree a corporate strategy and a clear set of priorities", "Agree the corporate strategy",
                     "Chief Executive", _d("2023-12-31"), "Draft strategy out", "in_progress", "green"),
            Expected("2", "Agree a corporate strategy and a clear set of priorities", "Align the medium term",
                     "Director of Finance", _d("2024-02-29"), "Budget timetable agreed", "delayed", "amber"),
            Expected("3", "Strengthen governance of council companies", "Review the council companies'",
                     "Monitoring Officer", _d("2024-06-30"), "", "not_started", None),
            Expected("4", "Strengthen governance of council companies", "Set up a shareholder advisory board",
                     "Director of Law and Governance", _d("2023-11-30"), "Board met for the first time", "complete",
                     "green"),
        ],
    ),
    "rbkc_council_plan_actions": (
        ("csv", "xlsx"),
        [
            Expected("SW2", "Safe and well", "Roll out the new youth violence", "Director of Community Safety",
                     _d("2025-12-31"), "Programme running in three wards", "in_progress", "green"),
            Expected("SW5", "Safe and well", "Open the second community wellbeing hub", "Director of Public Health",
                     _d("2026-03-31"), "Lease signed", "delayed", "amber"),
            Expected("HE1", "Homes for everyone", "Complete the stock condition survey",
                     "Director of Housing Management", _d("2025-09-30"), "Survey finished", "complete", "green"),
            Expected("HE3", "Homes for everyone", "Retrofit 200 homes", "Director of Housing Management",
                     _d("2026-06-30"), "Grant bid unsuccessful", "delayed", "red"),
        ],
    ),
}
CASES = [(name, suffix) for name, (formats, _rows) in EXPECTED.items() for suffix in formats]
# The same layouts as PDFs from other generators than LibreOffice (make_other_pdfs.py): a committee
# system's HTML printed by Chromium (chromium_old: an older system's border="1" cellspacing table
# printed from the browser with its own header and footer), and report tools' tables (ReportLab, fpdf2).
GENERATORS = ("chromium", "chromium_old", "reportlab", "fpdf2")
# The layouts saved as PDFs (LibreOffice's and the other generators'): those whose formats list "pdf".
WITH_PDFS = [name for name, (formats, _rows) in EXPECTED.items() if "pdf" in formats]
OTHER_PDFS = [(name, generator) for generator in GENERATORS for name in WITH_PDFS]
# ReportLab 5.1 writes a character beyond U+FFFF into the PDF's text map as a bare code point
# (<1F610>), not as UTF-16, so 😐 reads back as "ὡ": an unknown status, which is left unset.
GENERATOR_FAULTS: dict[tuple[str, str, str], tuple[str, str | None]] = {
    ("reportlab", "kirklees_children_improvement", "1.1"): ("in_progress", None),
}


def test_the_corpus_has_every_layout_in_every_format_it_is_saved_in() -> None:
    files = {p.name for p in LAYOUTS.iterdir() if p.suffix in (".txt", ".csv", ".xlsx", ".docx", ".pdf")}
    others = {"epsom_cpc_draft.csv", "epsom_cpc_draft.docx", "epsom_cpc_draft.pdf", "long_plan.pdf",
              "long_plan_unrepeated.pdf"}  # long_plan*: tests/store/test_pdf_import.py
    assert {f"{name}.{suffix}" for name, suffix in CASES} | others == files
    assert len(EXPECTED) >= 13
    for generator in GENERATORS:  # the other generators' PDFs: every layout, the draft and the long plan
        made = {p.name for p in (LAYOUTS / "other_pdfs" / generator).glob("*.pdf")}
        long = set() if generator == "fpdf2" else {"long_plan.pdf"}  # fpdf2 cannot split a row over pages
        assert {f"{name}.pdf" for name in WITH_PDFS} | {"epsom_cpc_draft.pdf"} | long <= made


@pytest.mark.parametrize(("name", "suffix"), CASES, ids=[f"{n}.{s}" for n, s in CASES])
def test_layout_imports_the_same_from_every_format(engine: Engine, name: str, suffix: str) -> None:
    _imports_as_expected(engine, name, LAYOUTS / f"{name}.{suffix}")


@pytest.mark.parametrize(("name", "generator"), OTHER_PDFS, ids=[f"{g}/{n}.pdf" for n, g in OTHER_PDFS])
def test_layout_imports_the_same_from_pdfs_of_other_generators(sqlite_engine: Engine, name: str,
                                                               generator: str) -> None:
    path = LAYOUTS / "other_pdfs" / generator / f"{name}.pdf"
    faults = {ref: got for (gen, layout, ref), got in GENERATOR_FAULTS.items() if (gen, layout) == (generator, name)}
    _imports_as_expected(sqlite_engine, name, path, faults=faults)
    again = import_plan_file(engine=sqlite_engine, path=path, plan_name="p", now=datetime(2026, 2, 1, tzinfo=UTC))
    assert (again.new, again.changed, again.conflicts) == (0, 0, ())


def _imports_as_expected(engine: Engine, name: str, path: Path,
                         faults: dict[str, tuple[str, str | None]] | None = None) -> None:
    result = import_plan_file(engine=engine, path=path, plan_name="p", now=NOW)
    expected = EXPECTED[name][1]
    actions = actions_of(engine, "p")
    assert sorted(actions) == sorted(e.ref for e in expected)
    assert result.actions == len(expected)
    with Session(engine) as session:
        sections = {s.id: s.title for s in session.exec(select(Section))}
    for want in expected:
        got = actions[want.ref]
        assert sections[got.section_id] == want.section, want.ref
        assert got.title.startswith(want.title), want.ref
        assert got.lead_text == want.lead, want.ref
        assert got.due == want.due, want.ref
        assert got.progress.startswith(want.progress) and (want.progress or not got.progress), want.ref
        assert (got.status, got.rag) == (faults or {}).get(want.ref, (want.status, want.rag)), want.ref


@pytest.mark.parametrize(("name", "suffix"), CASES, ids=[f"{n}.{s}" for n, s in CASES])
def test_reimporting_a_layout_changes_nothing_and_keeps_its_refs(sqlite_engine: Engine, name: str,
                                                                 suffix: str) -> None:
    path = LAYOUTS / f"{name}.{suffix}"
    import_plan_file(engine=sqlite_engine, path=path, plan_name="p", now=NOW)
    before = {ref: a.id for ref, a in actions_of(sqlite_engine, "p").items()}
    again = import_plan_file(engine=sqlite_engine, path=path, plan_name="p", now=datetime(2026, 2, 1, tzinfo=UTC))
    assert (again.new, again.changed, again.conflicts) == (0, 0, ())
    assert {ref: a.id for ref, a in actions_of(sqlite_engine, "p").items()} == before


def test_status_wording_is_kept_as_written(sqlite_engine: Engine) -> None:
    import_plan_file(engine=sqlite_engine, path=LAYOUTS / "north_herts_cpc.docx", plan_name="p", now=NOW)
    import_plan_file(engine=sqlite_engine, path=LAYOUTS / "cheshire_east_ofsted.xlsx", plan_name="c", now=NOW)
    with Session(sqlite_engine) as session:
        first = session.exec(select(Update).join(Action).where(Action.ref == "1.1")).one()
        assert first.extraction["rag_cell"] == "B"  # BRAG's blue: complete
        audit = session.exec(select(Action).where(Action.ref == "A2")).one()
        assert audit.percent_complete == 65
        update = session.exec(select(Update).where(Update.action_id == audit.id)).one()
        assert update.extraction["status_cell"] == "65%"


def test_rows_that_are_not_actions_are_reported(sqlite_engine: Engine) -> None:
    result = import_plan_file(engine=sqlite_engine, path=LAYOUTS / "bromsgrove_exceptions.txt", plan_name="b",
                              now=NOW)
    assert result.notes == (
        "line 6: the header row repeated (skipped)",
        "line 9: not an action, set aside: 'Key: Green = on target; Amber = up to one month behind; Red = over on…'",
        "line 10: not an action, set aside: 'Total | 4 actions | 2 green, 1 amber, 1 red'",
    )
    assert "  note: line 6: the header row repeated (skipped)" in result.summary().splitlines()


def test_refs_given_by_position_are_said_so(sqlite_engine: Engine) -> None:
    result = import_plan_file(engine=sqlite_engine, path=LAYOUTS / "bracknell_council_plan.xlsx", plan_name=None,
                              now=NOW)
    assert result.plan_name == "council-plan-overview"
    assert result.notes == (
        "no ref column (headers 'Activity', 'Responsible officer', 'Completion date', 'Comments', 'RAG'): "
        "refs 1.1, 1.2, 2.1 ... 2.2 given by position, the same on every re-import",
    )
    with Session(sqlite_engine) as session:
        plan = session.exec(select(Plan)).one()
        assert plan.title == "Council Plan Overview Report Quarter 4"  # the full title is kept


@pytest.mark.parametrize("suffix", ["csv", "docx", "pdf", *(f"{g}.pdf" for g in GENERATORS)])
def test_a_table_without_lead_or_due_imports_nothing_unless_partial(engine: Engine, suffix: str) -> None:
    generator, _, suffix = suffix.rpartition(".")
    path = (LAYOUTS / "other_pdfs" / generator if generator else LAYOUTS) / f"epsom_cpc_draft.{suffix}"
    with pytest.raises(ImportFileError) as raised:
        import_plan_file(engine=engine, path=path, plan_name="e", now=NOW)
    assert str(raised.value) == (
        f"epsom_cpc_draft.{suffix}: understood too little to chase this plan: the headers are 'No.', "
        "'Recommendation', 'Action', 'Update'; no lead column (e.g. 'Lead', 'Owner', 'Officer', 'Responsible "
        "officer') and no due column (e.g. 'Due', 'Deadline', 'Target date', 'By when'). Nothing was imported: "
        "rename the column, or give --partial to import without it"
    )
    with Session(engine) as session:
        assert session.exec(select(Plan)).first() is None
    result = import_plan_file(engine=engine, path=path, plan_name="e", now=NOW, partial=True)
    assert result.actions == 2 and result.notes[0].endswith("imported anyway (--partial)")
    assert actions_of(engine, "e")["1"].title == "Hold member workshops on the vision"


def test_dry_run_lists_what_it_would_do_and_writes_nothing(sqlite_engine: Engine) -> None:
    path = LAYOUTS / "york_improvement_2009.csv"
    result = import_plan_file(engine=sqlite_engine, path=path, plan_name="y", now=NOW, dry_run=True)
    assert result.dry_run and result.new == 4
    assert result.changes[:3] == (
        "plan created from york_improvement_2009.csv",
        "york_improvement_2009.csv is dated 30 Sep 2009",  # its "Position as at" line
        "1.1: added from york_improvement_2009.csv (row 5)",
    )
    assert result.summary().splitlines()[-1] == "  dry run: nothing was written"
    with Session(sqlite_engine) as session:
        assert session.exec(select(Plan)).first() is None


def _extra_columns(engine: Engine, ref: str) -> dict[str, str]:
    with Session(engine) as session:
        action = session.exec(select(Action).where(Action.ref == ref)).one()
        first = session.exec(select(Update).where(Update.action_id == action.id)).one()
        return dict(first.extraction.get("columns", {}))


@pytest.mark.parametrize("suffix", ["csv", "xlsx", "docx"])
def test_a_two_row_header_names_each_column_over_both_rows(sqlite_engine: Engine, suffix: str) -> None:
    path = LAYOUTS / f"flintshire_improvement_monitoring.{suffix}"
    result = import_plan_file(engine=sqlite_engine, path=path, plan_name="f", now=NOW)
    # "Timescale" over "Start | End": the end is the due date (checked above), the start is kept as
    # written; "RAG status" over "Progress | Outcome": the second colour is kept too.
    assert _extra_columns(sqlite_engine, "2a") == {"Timescale Start": "June 2014", "RAG status Outcome": "Amber"}
    if suffix == "csv":  # both header rows again on the next page: skipped, said once
        assert result.notes == ("row 9: the header row repeated (skipped)",)


@pytest.mark.parametrize("suffix", ["csv", "xlsx"])
def test_a_key_above_the_plan_and_footnotes_below_it_are_not_actions_or_people(sqlite_engine: Engine,
                                                                               suffix: str) -> None:
    result = import_plan_file(engine=sqlite_engine, path=LAYOUTS / f"rotherham_year_ahead.{suffix}", plan_name="r",
                              now=NOW)
    assert result.people == 3  # the three leads; "Complete", "On track" ... of the key are nobody
    assert result.notes == (
        "row 13: not an action, set aside: '* Target dates are those agreed by Cabinet in July 2023.'",
        "row 14: not an action, set aside: 'Source: directorate returns to the Performance and Intelligence team.'",
    )
    ongoing = actions_of(sqlite_engine, "r")["2.2"]
    assert (ongoing.due, ongoing.due_text) == (None, "Ongoing")


def test_percent_complete_direction_of_travel_and_a_spacer_column(sqlite_engine: Engine) -> None:
    import_plan_file(engine=sqlite_engine, path=LAYOUTS / "rbkc_council_plan_actions.xlsx", plan_name="k", now=NOW)
    actions = actions_of(sqlite_engine, "k")
    assert [actions[ref].percent_complete for ref in ("SW2", "SW5", "HE1", "HE3")] == [60, 20, 100, 15]
    assert _extra_columns(sqlite_engine, "HE3") == {"Issues and risks": "Funding gap", "Direction of travel": "↓"}


def test_a_blank_action_in_a_workbook_names_the_sheet_row_and_column(engine: Engine, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    workbook = load_workbook(LAYOUTS / "rotherham_year_ahead.xlsx")
    workbook.active["C11"] = None  # action 2.1's text
    path = tmp_path / "tracker.xlsx"
    workbook.save(path)
    with pytest.raises(ImportFileError) as raised:
        import_plan_file(engine=engine, path=path, plan_name="r", now=NOW)
    assert str(raised.value) == (
        "tracker.xlsx, sheet 'Action plan', row 11, field 'Action': the row has no action text: every row of a "
        "spreadsheet is one action; fill in its action or delete the row"
    )
    with Session(engine) as session:
        assert session.exec(select(Plan)).first() is None


def test_a_ref_twice_across_sheets_names_both_sheets_and_the_column(sqlite_engine: Engine, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    workbook = load_workbook(LAYOUTS / "spelthorne_recovery.xlsx")
    for sheet in workbook.worksheets:  # refs written in full, "1.1" typed on both sheets by mistake
        for row in range(4, sheet.max_row + 1):
            if sheet.cell(row, 1).value:
                sheet.cell(row, 1).value = f"1.{sheet.cell(row, 1).value}"
    path = tmp_path / "recovery.xlsx"
    workbook.save(path)
    with pytest.raises(ImportFileError) as raised:
        import_plan_file(engine=sqlite_engine, path=path, plan_name="s", now=NOW)
    assert str(raised.value) == (
        "recovery.xlsx, sheet 'Governance', row 4, field 'Action no.': action ref '1.1' appears twice, at rows "
        "4 (sheet 'Finance') and 4: give each action its own ref"
    )
    with Session(sqlite_engine) as session:
        assert session.exec(select(Plan)).first() is None
