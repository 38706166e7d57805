"""The Word versions, opened with python-docx: headings, tables, cells, bold revised dates, RAG shading."""

from __future__ import annotations

import io
import zipfile

import pytest
from docx import Document
from docx.oxml.ns import qn

from reports.docx_writer import table_xml
from reports.render import render_report

RAG_WORDS = ("Red (overdue or blocked)", "Amber (slipped or at risk)", "Green (on track or complete)")


def _open(chaser, kind):
    return Document(io.BytesIO(render_report(chaser=chaser, kind=kind, plan_name=None, fmt="docx", since=None)))


def _fill(cell) -> str | None:
    shd = cell._tc.tcPr.find(qn("w:shd")) if cell._tc.tcPr is not None else None
    return shd.get(qn("w:fill")) if shd is not None else None


def test_progress_docx_has_one_table_per_section(sqlite_chaser):
    doc = _open(sqlite_chaser, "progress")
    assert [p.text for p in doc.paragraphs if p.style.name == "Heading 1"][0].startswith("2. The Herefordshire")
    assert len(doc.tables) == 5
    header = [c.text for c in doc.tables[0].rows[0].cells]
    assert header == ["Ref", "Action", "Lead", "Original date", "Revised date", "Status", "RAG", "%", "Latest progress"]
    rows = {row.cells[0].text: row.cells for table in doc.tables for row in table.rows[1:]}
    assert len(rows) == 18
    cells = rows["7.4"]
    assert [c.text for c in cells[:8]] == ["7.4", "Full SMART Forward Delivery Plan in place for 2006-07",
                                           "Sue Fiennes", "April 2006", "28 Jun 2006", "Delayed",
                                           "Amber (slipped or at risk)", "40%"]
    assert cells[4].paragraphs[0].runs[0].bold is True
    assert cells[8].text.startswith("Sue Fiennes, 14 Jun 2006: \u201cAlthough a first draft")
    assert _fill(cells[6]) == "FCE5CD"
    assert all(r[6].text in RAG_WORDS for r in rows.values())
    assert rows["2.2"][4].text == ""


def test_summary_docx_table(sqlite_chaser):
    doc = _open(sqlite_chaser, "summary")
    table = doc.tables[0]
    assert [c.text for c in table.rows[0].cells] == ["Section", "Summary progress to date", "Next milestones", "RAG"]
    assert len(table.rows) == 6
    seven = table.rows[5].cells
    assert seven[0].text == "7. Improved services and outcomes for children & young people"
    assert seven[2].text == "7.4: 28 Jun 2006 (revised); 7.6: 30 Sep 2006"
    assert [r.text for r in seven[2].paragraphs[0].runs if r.bold] == ["28 Jun 2006"]
    assert seven[3].text == "Red (overdue or blocked): 1 red, 1 amber, 2 green"
    assert _fill(seven[3]) == "F4CCCC"


def test_exceptions_docx_paragraphs(sqlite_chaser):
    doc = _open(sqlite_chaser, "exceptions")
    headings = [p.text for p in doc.paragraphs if p.style.name.startswith("Heading")]
    assert headings[:2] == ["1. Exceptions", "2. The Herefordshire Community Strategy (HCS) 2006 - 2020 and the "
                                               "associated Local Area Agreement (LAA) 2006-09"]
    assert "2. Changes to the plan" in headings
    bullets = [p.text for p in doc.paragraphs if p.style.name == "List Bullet"]
    assert len(bullets) == 12 + 2
    assert bullets[0].startswith("2.2 Develop the action plan to implement the HCS and the LAA (lead: Tom Harvey, "
                                 "Jane Jones). RAG: Red (overdue or blocked).")
    assert not any(b.startswith(("2.1 ", "5a.1 ", "7.5 ")) for b in bullets)


def test_exceptions_docx_marks_revised_targets_in_bold(sqlite_chaser):
    doc = _open(sqlite_chaser, "exceptions")
    paragraph = next(p for p in doc.paragraphs if p.text.startswith("7.4 "))
    assert "Slipped: now expected by 28 Jun 2006, later than the original 30 Apr 2006" in paragraph.text
    assert [r.text for r in paragraph.runs if r.bold] == [
        "7.4 Full SMART Forward Delivery Plan in place for 2006-07", "RAG: Amber (slipped or at risk).", "28 Jun 2006"]
    assert paragraph.runs[-1].italic and paragraph.runs[-1].text.startswith(" Sue Fiennes, 14 Jun 2006:")


def test_the_streamed_body_is_in_place_of_its_markers(sqlite_chaser):
    data = render_report(chaser=sqlite_chaser, kind="progress", plan_name=None, fmt="docx", since=None)
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        xml = package.read("word/document.xml").decode("utf-8")
        assert package.testzip() is None
    assert "chaser-stream-" not in xml
    body = Document(io.BytesIO(data)).element.body
    kinds = [child.tag.rsplit("}", 1)[1] for child in body]
    assert kinds[-1] == "sectPr"  # the section properties stay last
    # Each section: its heading, then its table straight after it.
    heading_then_table = [kinds[i + 1] for i, child in enumerate(body)
                          if child.tag == qn("w:p") and child.find(qn("w:pPr")) is not None
                          and child.find(qn("w:pPr")).find(qn("w:pStyle")) is not None
                          and child.find(qn("w:pPr")).find(qn("w:pStyle")).get(qn("w:val")) == "Heading1"]
    assert heading_then_table == ["tbl"] * 5


def test_a_table_row_with_the_wrong_number_of_cells_is_refused():
    with pytest.raises(ValueError, match="2 cells for 3 columns"):
        list(table_xml(["a", "b", "c"], [(["x", "y"], None, None)], (1, 2, 3)))
