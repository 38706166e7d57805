"""PDF plans: a table over many pages (header repeated or not, a row cut by a page break), and
every kind of PDF that cannot be read refused in one line naming the file, nothing stored lost.
(Each layout of the corpus is checked in PDF too, in test_layouts.py.)"""

from __future__ import annotations

import sys
import zlib
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session, select
from typer.testing import CliRunner

from bot.cli import app
from store.errors import ImportFileError
from store.importers.plan_file import import_plan_file
from store.importers.tables.limits import ImportLimits
from store.models import Plan, Section
from tests.store.conftest import actions_of
from tests.store.pdf_files import pdf_bytes, table_ops, text_ops

LAYOUTS = Path(__file__).resolve().parents[1] / "data" / "plans" / "layouts"
NOW = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)
PLAN = [["Ref", "Action", "Lead", "Due"], ["1.1", "Write the plan", "Sue Fiennes", "March 2026"]]
sys.path.insert(0, str(LAYOUTS))
from make_pdfs import SECTIONS, long_plan_rows  # noqa: E402  (the long plan as it was written)


@pytest.mark.parametrize("name", ["long_plan", "long_plan_unrepeated", "chromium/long_plan", "reportlab/long_plan",
                                  "chromium_old/long_plan"])
def test_a_table_over_many_pages_is_one_plan_with_every_row_whole(sqlite_engine: Engine, name: str) -> None:
    # chromium/, reportlab/ (make_other_pdfs.py): 2.5's row is cut over two or three pages and each
    # part is drawn open at the page break (no line across its end); ReportLab also repeats the
    # header mid-page above the row's first part. chromium_old/: the header on the first page only,
    # the browser's header (date and time, the page's title) above each page.
    path = LAYOUTS / ("other_pdfs/" + name if "/" in name else name)
    result = import_plan_file(engine=sqlite_engine, path=path.with_suffix(".pdf"), plan_name=None, now=NOW)
    written = {row[0]: row for row in long_plan_rows() if not isinstance(row, str)}
    actions = actions_of(sqlite_engine, result.plan_name)
    assert result.plan_name == "corporate-improvement-plan-2025"  # the title, not the running header
    assert (result.sections, result.actions) == (6, 48) and sorted(actions) == sorted(written)
    with Session(sqlite_engine) as session:
        plan = session.exec(select(Plan)).one()
        assert plan.title == "Corporate Improvement Plan 2025: progress report"
        titles = {s.id: s.title for s in session.exec(select(Section))}
    assert sorted(set(titles.values())) == sorted(f"{n}. {s}" for n, s in enumerate(SECTIONS, start=1)) or \
        sorted(set(titles.values())) == sorted(SECTIONS)
    for ref, (_ref, action, lead, due, progress, _rag) in written.items():
        got = actions[ref]
        assert (got.title, got.lead_text, got.progress) == (action, lead, progress), ref
        day, month, year = (int(part) for part in due.split("/"))
        assert got.due == date(year, month, day), ref
    # 2.5's progress is cut by a page break (after the repeated header, or at the top of the page)
    assert actions["2.5"].progress.endswith("Step 15 of the savings programme was reviewed by the board.")
    repeated = [n for n in result.notes if "header row repeated" in n]
    pages = {"long_plan": 9, "chromium/long_plan": 7, "reportlab/long_plan": 9}
    assert repeated == ([f"the header row repeated at the top of {pages[name]} more pages (skipped)"]
                        if name in pages else [])


def test_the_document_date_and_title_come_from_the_lines_above_the_table(sqlite_engine: Engine) -> None:
    result = import_plan_file(engine=sqlite_engine, path=LAYOUTS / "york_improvement_2009.pdf", plan_name=None,
                              now=NOW, dry_run=True)
    assert result.title == "Improvement Plan 2009-10: Key Actions and Milestones"
    assert result.changes[1] == "york_improvement_2009.pdf is dated 30 Sep 2009"


def test_words_cut_at_a_narrow_columns_edge_are_joined_back(sqlite_engine: Engine) -> None:
    # herefordshire_ofsted_2022.pdf is portrait with one-inch columns: "Accountab|le", "Commenta|ry"
    import_plan_file(engine=sqlite_engine, path=LAYOUTS / "herefordshire_ofsted_2022.pdf", plan_name="h", now=NOW)
    actions = actions_of(sqlite_engine, "h")
    assert actions["1.1"].title == "Establish an Improvement Board with an independent chair"
    assert actions["1.2"].lead_text == "Director of Children's Services"
    assert actions["2.1"].progress == "Timeliness at 78%"


def _refused(engine: Engine, path: Path, limits: ImportLimits | None = None) -> str:
    with pytest.raises(ImportFileError) as caught:
        import_plan_file(engine=engine, path=path, plan_name="p", now=NOW, limits=limits)
    message = str(caught.value)
    assert message.startswith(path.name + ": ") and "\n" not in message
    return message


@pytest.fixture
def stored(sqlite_engine: Engine) -> Engine:
    """A plan already imported, which no refused file may touch."""
    import_plan_file(engine=sqlite_engine, path=LAYOUTS / "york_improvement_2009.pdf", plan_name="p", now=NOW)
    return sqlite_engine


def _unchanged(engine: Engine) -> None:
    actions = actions_of(engine, "p")
    assert sorted(actions) == ["1.1", "1.2", "2.1", "2.2"]
    assert actions["1.1"].progress == "Standards published on the intranet in July"


def test_a_file_that_is_not_a_pdf_is_refused(stored: Engine, tmp_path: Path) -> None:
    path = tmp_path / "plan.pdf"
    path.write_text("ref,action,lead,due\n1.1,Write the plan,Sue,March 2026\n", encoding="utf-8")
    assert "not a PDF file (it does not begin with %PDF-)" in _refused(stored, path)
    empty = tmp_path / "empty.pdf"
    empty.write_bytes(b"")
    assert _refused(stored, empty) == "empty.pdf: the file is empty"
    _unchanged(stored)


def test_a_truncated_pdf_is_refused(stored: Engine, tmp_path: Path) -> None:
    data = (LAYOUTS / "york_improvement_2009.pdf").read_bytes()
    path = tmp_path / "cut.pdf"
    path.write_bytes(data[: len(data) // 2])
    assert _refused(stored, path) == ("cut.pdf: the PDF is cut short (it has no end-of-file marker): download or "
                                      "export it again")
    _unchanged(stored)


def test_a_corrupt_pdf_is_refused(stored: Engine, tmp_path: Path) -> None:
    path = tmp_path / "corrupt.pdf"
    path.write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 40 + b"\n%%EOF\n")
    message = _refused(stored, path)
    assert message.startswith("corrupt.pdf: not a readable PDF (") or "no text layer" in message
    _unchanged(stored)


def test_a_password_protected_pdf_is_refused_and_one_only_locked_against_editing_is_read(
        stored: Engine, tmp_path: Path) -> None:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(LAYOUTS / "bromsgrove_exceptions.pdf"))
    writer.encrypt(user_password="secret", owner_password="owner", algorithm="AES-256")
    locked = tmp_path / "locked.pdf"
    with locked.open("wb") as stream:
        writer.write(stream)
    assert _refused(stored, locked) == ("locked.pdf: the PDF is password-protected: save a copy without the "
                                        "password (or export the plan again) and import that")
    _unchanged(stored)
    writer = PdfWriter(clone_from=PdfReader(LAYOUTS / "bromsgrove_exceptions.pdf"))
    writer.encrypt(user_password="", owner_password="owner", algorithm="AES-128", permissions_flag=-3904)
    no_editing = tmp_path / "no_editing.pdf"
    with no_editing.open("wb") as stream:
        writer.write(stream)
    result = import_plan_file(engine=stored, path=no_editing, plan_name="b", now=NOW)
    assert result.actions == 4


def test_a_scan_without_a_text_layer_is_refused_suggesting_ocr(stored: Engine, tmp_path: Path) -> None:
    from PIL import Image

    path = tmp_path / "scan.pdf"
    Image.new("RGB", (300, 400), "white").save(path, "PDF")
    assert _refused(stored, path) == (
        "scan.pdf: it has no text layer (1 image: a scan?), so there is no text to read: export the PDF again "
        "from the original document, or run it through OCR (e.g. ocrmypdf) first")
    _unchanged(stored)


def test_a_pdf_without_a_plan_table_says_what_it_saw(stored: Engine, tmp_path: Path) -> None:
    prose = tmp_path / "minutes.pdf"
    prose.write_bytes(pdf_bytes([text_ops(["Minutes of the Cabinet meeting", "Present: the Leader"])]))
    assert _refused(stored, prose) == (
        "minutes.pdf: no plan table found: 1 page of text (beginning 'Minutes of the Cabinet meeting') but no "
        "table with drawn cell borders. Chaser reads a PDF's tables by their borders, as Word and Excel export a "
        "bordered table; import the .docx, .xlsx or .csv the PDF was made from, or give the table borders and "
        "export it again")
    contacts = tmp_path / "contacts.pdf"
    contacts.write_bytes(pdf_bytes([table_ops([["Name", "Phone"], ["Sue Fiennes", "01234 567890"]])]))
    assert _refused(stored, contacts) == (
        "contacts.pdf: no plan table found: 1 table on 1 page, none with a plan header (the first begins 'Name', "
        "'Phone'); the header row needs an action column (e.g. 'Action') and another such as Lead/Owner, "
        "Due/Deadline or Ref")
    _unchanged(stored)


def test_a_title_wrapped_over_two_lines_is_one_title_and_the_date_line_its_own(sqlite_engine: Engine,
                                                                              tmp_path: Path) -> None:
    title = "Corporate Improvement and Recovery Plan for Housing, Finance, Governance and Customer"
    path = tmp_path / "plan.pdf"
    path.write_bytes(pdf_bytes([text_ops([title, "Services 2026", "as at 1 March 2026"]) + table_ops(PLAN)],
                               compress=True))
    result = import_plan_file(engine=sqlite_engine, path=path, plan_name="p", now=NOW, dry_run=True)
    assert result.actions == 1 and result.title == title + " Services 2026"
    assert result.changes[1] == "plan.pdf is dated 01 Mar 2026"


def test_too_many_pages_is_refused_before_they_are_read(stored: Engine, tmp_path: Path) -> None:
    path = tmp_path / "long.pdf"
    path.write_bytes(pdf_bytes([table_ops(PLAN)] * 5))
    assert _refused(stored, path, ImportLimits(max_pages=4)) == (
        "long.pdf: it has over 4 pages, more than a plan has (CHASER_IMPORT_MAX_PAGES); import the pages that hold "
        "the plan")
    _unchanged(stored)


def test_a_stream_that_unpacks_too_big_is_refused(stored: Engine, tmp_path: Path) -> None:
    bomb = zlib.compress(b"\0" * (3 * 1024 * 1024), 9)  # 3 MB in a few KB
    path = tmp_path / "bomb.pdf"
    path.write_bytes(pdf_bytes([table_ops(PLAN)], raw_streams=[bomb]))
    assert len(path.read_bytes()) < 20_000
    assert _refused(stored, path, ImportLimits(max_unpacked_bytes=1024 * 1024)) == (
        "bomb.pdf: it unpacks to over 1.0 MB (CHASER_IMPORT_MAX_UNPACKED_BYTES); save a smaller copy of the plan")
    _unchanged(stored)


def test_the_command_imports_a_pdf_and_refuses_a_bad_one_in_one_line(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("CHASER_DATABASE_URL", f"sqlite:///{tmp_path / 'c.db'}")
    runner = CliRunner()
    assert runner.invoke(app, ["init"]).exit_code == 0
    result = runner.invoke(app, ["import", str(LAYOUTS / "bracknell_council_plan.pdf"), "--plan", "b"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("imported plan 'b' from bracknell_council_plan.pdf: 2 sections, 4 actions")
    monkeypatch.setenv("CHASER_IMPORT_MAX_PAGES", "3")
    result = runner.invoke(app, ["import", str(LAYOUTS / "long_plan.pdf"), "--plan", "b"])
    assert result.exit_code != 0
    assert "long_plan.pdf: it has over 3 pages" in str(result.output) + str(result.exception)


def test_a_heading_between_the_pages_of_a_table_heads_the_rows_after_it(sqlite_engine: Engine,
                                                                         tmp_path: Path) -> None:
    header = ["Ref", "Action", "Lead", "Due"]
    first = text_ops(["Recovery Plan"]) + table_ops([header, ["1.1", "Set the budget", "Sue Fiennes", "March 2026"]])
    # page 2: a heading line, then the table again without its header; a footnote under it
    second = (text_ops(["Governance"], top=760) + table_ops([["2.1", "Refresh the constitution", "Jane Jones",
                                                                 "May 2026"]], top=720)
              + text_ops(["* dates agreed at Cabinet"], top=600))
    third = table_ops([["2.2", "Train members", "Jane Jones", "June 2026"]], top=740)
    path = tmp_path / "plan.pdf"
    path.write_bytes(pdf_bytes([first, second, third]))
    result = import_plan_file(engine=sqlite_engine, path=path, plan_name="p", now=NOW)
    actions = actions_of(sqlite_engine, "p")
    assert sorted(actions) == ["1.1", "2.1", "2.2"] and result.sections == 2
    with Session(sqlite_engine) as session:
        assert {s.number: s.title for s in session.exec(select(Section))}["2"] == "Governance"
    assert result.notes == ("row 5: not an action, set aside: '* dates agreed at Cabinet'",)


def test_a_table_whose_rows_are_told_apart_by_shading_alone_is_refused(stored: Engine) -> None:
    # A web page's striped table printed by Chromium: no borders, each shaded cell a filled box, so
    # only the shaded rows look ruled. Reading them alone would lose every other row.
    path = LAYOUTS / "other_pdfs" / "chromium" / "unruled_york_improvement_2009.pdf"
    assert _refused(stored, path) == (
        "unruled_york_improvement_2009.pdf: page 1: a table has rows without drawn borders ('2 Introduce a single "
        "complaints process…' lies between its ruled rows: rows told apart by shading alone?), so those rows would "
        "be lost. Chaser reads a PDF's tables by their borders: import the .docx, .xlsx or .csv the PDF was made "
        "from, or give every row borders and export it again")
    _unchanged(stored)


def test_a_running_header_on_every_page_heads_no_section(sqlite_engine: Engine) -> None:
    # Chromium's page: "Cabinet 15 July 2025 - Agenda item 7" in the top margin of each page, above
    # the title; it is not the table's section (a sheet's name that changes per page would be).
    path = LAYOUTS / "other_pdfs" / "chromium" / "cheshire_east_ofsted.pdf"
    result = import_plan_file(engine=sqlite_engine, path=path, plan_name="c", now=NOW)
    assert result.sections == 1 and result.title == "Ofsted ILACS Action Plan: Progress Update"
    with Session(sqlite_engine) as session:
        assert [s.title for s in session.exec(select(Section))] == [""]


def test_a_title_near_the_top_edge_under_a_browsers_header_is_the_title(sqlite_engine: Engine) -> None:
    # Printed from the browser: "12/3/26, 2:19 PM  <page title>" in small type at the top of each page,
    # and the page's own title (larger) just below it, still within the top margin band.
    path = LAYOUTS / "other_pdfs" / "chromium_old" / "york_improvement_2009.pdf"
    result = import_plan_file(engine=sqlite_engine, path=path, plan_name=None, now=NOW, dry_run=True)
    assert result.title == "Improvement Plan 2009-10: Key Actions and Milestones"
    assert result.changes[1] == "york_improvement_2009.pdf is dated 30 Sep 2009"  # not the day it was printed


def test_a_row_cut_by_a_page_break_and_drawn_open_at_it_is_read_whole(sqlite_engine: Engine, tmp_path: Path) -> None:
    # Chromium and ReportLab draw each part of a row cut by a page break with no line across the
    # break: the column lines end there. The part is read, and the row joined back.
    header = ["Ref", "Action", "Lead", "Due"]
    first = text_ops(["Recovery Plan"]) + table_ops([header, ["1.1", "Set the budget", "Sue Fiennes", "March 2026"]],
                                                   open_bottom=True)
    second = table_ops([["", "without reserves", "", ""], ["1.2", "Train members", "Jane Jones", "June 2026"]],
                       top=760, open_top=True)
    path = tmp_path / "plan.pdf"
    path.write_bytes(pdf_bytes([first, second]))
    import_plan_file(engine=sqlite_engine, path=path, plan_name="p", now=NOW)
    actions = actions_of(sqlite_engine, "p")
    assert sorted(actions) == ["1.1", "1.2"]
    assert actions["1.1"].title == "Set the budget without reserves"
