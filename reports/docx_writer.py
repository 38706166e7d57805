"""Word (.docx) versions of the reports, from the same view-models as the templates (python-docx).

Tables are filled by walking their XML rows directly: python-docx's ``table.cell()`` and ``row.cells``
rescan the whole table on every call, which is quadratic on a 5,000-action plan.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt
from docx.table import Table, _Cell

from reports.exceptions import ExceptionsReport
from reports.progress import ProgressReport, percent_text, revised_text
from reports.summary import SummaryReport

RAG_FILL = {"red": "F4CCCC", "amber": "FCE5CD", "green": "D9EAD3"}  # as in the HTML; the word is always there
RAG_KEY = "RAG: Red (overdue or blocked), Amber (slipped or at risk), Green (on track or complete)."


@dataclass(frozen=True)
class Part:
    """A run of text in a cell; bold for revised targets."""

    text: str
    bold: bool = False


CellSpec = str | Sequence[Part]


def _shade(element: Any, fill: str) -> None:
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)
    element.append(shd)


def _set_cell(cell: _Cell, spec: CellSpec, *, bold: bool = False, rag: str | None = None) -> None:
    paragraph = cell.paragraphs[0]
    parts = [Part(spec, bold)] if isinstance(spec, str) else list(spec)
    for part in parts:
        if part.text:
            paragraph.add_run(part.text).bold = part.bold or bold
    if rag:
        _shade(cell._tc.get_or_add_tcPr(), RAG_FILL[rag])


def add_table(doc: Any, columns: Sequence[str], rows: Sequence[tuple[Sequence[CellSpec], str | None, int | None]]
              ) -> Table:
    """A grid table with a repeating bold header row.

    Args:
        doc: The document.
        columns: The column headings.
        rows: Each row's cells, its RAG colour (or None) and the index of the RAG cell (or None).
    """
    table = doc.add_table(rows=len(rows) + 1, cols=len(columns))
    table.style = "Table Grid"
    trs = table._tbl.tr_lst
    header = trs[0]
    tr_pr = header.get_or_add_trPr()
    repeat = OxmlElement("w:tblHeader")
    repeat.set(qn("w:val"), "true")
    tr_pr.append(repeat)
    for tc, heading in zip(header.tc_lst, columns, strict=True):
        _set_cell(_Cell(tc, table), heading, bold=True)
    for tr, (cells, rag, rag_index) in zip(trs[1:], rows, strict=True):
        for index, (tc, spec) in enumerate(zip(tr.tc_lst, cells, strict=True)):
            _set_cell(_Cell(tc, table), spec, rag=rag if index == rag_index else None)
    return table


def _new_document(title: str, *, landscape: bool = False) -> Any:
    doc = Document()
    style = doc.styles["Normal"]
    style.font.name = "Arial"
    style.font.size = Pt(10)
    if landscape:
        section = doc.sections[0]
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = section.page_height, section.page_width
    doc.add_heading(title, level=0)
    return doc


def _rag_run(paragraph: Any, colour: str, text: str) -> None:
    run = paragraph.add_run(text)
    run.bold = True
    _shade(run._r.get_or_add_rPr(), RAG_FILL[colour])


def exceptions_docx(report: ExceptionsReport) -> Any:
    """The exceptions report as a Word document."""
    doc = _new_document(report.title)
    counts = report.rag_counts()
    doc.add_paragraph(f"As at {report.as_at}. Changes since {report.since}.")
    doc.add_paragraph(f"{report.count} exception{'' if report.count == 1 else 's'}: {counts['red']} Red, "
                      f"{counts['amber']} Amber, {counts['green']} Green. Nothing on track is listed.")
    doc.add_heading("1. Exceptions", level=1)
    for section in report.sections:
        doc.add_heading(section.heading, level=2)
        for item in section.items:
            paragraph = doc.add_paragraph(style="List Bullet")
            paragraph.add_run(f"{item.ref} {item.title}").bold = True
            paragraph.add_run(f" (lead: {item.lead}). ")
            _rag_run(paragraph, item.rag, f"RAG: {item.rag_text}.")
            paragraph.add_run(" " + " ".join(item.facts))
            if item.quote:
                paragraph.add_run(" " + item.quote).italic = True
    if not report.sections:
        doc.add_paragraph("No exceptions: every action is on track or complete.")
    if report.round_key:
        waiting = ", ".join(report.waiting) if report.waiting else "everyone has replied"
        doc.add_paragraph(f"Not yet replied to round {report.round_key}: {waiting}.")
    doc.add_heading("2. Changes to the plan", level=1)
    for change in report.changes:
        where = f", {change.ref}" if change.ref else ""
        doc.add_paragraph(f"{change.when}{where}: {change.text}", style="List Bullet")
    if not report.changes:
        doc.add_paragraph(f"No changes to the plan since {report.since}.")
    return doc


def summary_docx(report: SummaryReport) -> Any:
    """The weekly summary as a Word document."""
    doc = _new_document(report.title, landscape=True)
    doc.add_paragraph(f"As at {report.as_at}. This week: since {report.since}.")
    doc.add_heading("What changed since last week", level=1)
    for line in report.changes:
        doc.add_paragraph(line, style="List Bullet")
    doc.add_heading("Who has not replied", level=1)
    doc.add_paragraph(report.not_replied)
    doc.add_heading("Summary progress by section", level=1)
    rows: list[tuple[Sequence[CellSpec], str | None, int | None]] = []
    for row in report.rows:
        milestones: list[Part] = []
        for index, m in enumerate(row.milestones):
            milestones += [Part(("; " if index else "") + f"{m.ref}: "), Part(m.when, m.revised),
                           Part(" (revised)" if m.revised else "")]
        rows.append(([row.heading, " ".join(row.progress), milestones or "None to come",
                      f"{row.rag_text}: {row.rag_counts}"], row.rag, 3))
    add_table(doc, ["Section", "Summary progress to date", "Next milestones", "RAG"], rows)
    doc.add_paragraph("Revised targets are shown in bold. " + RAG_KEY)
    return doc


def progress_docx(report: ProgressReport) -> Any:
    """The full progress report as a Word document (landscape, one table per section)."""
    doc = _new_document(report.title, landscape=True)
    doc.add_paragraph(f"As at {report.as_at}. Revised targets are shown in bold. {RAG_KEY}")
    for section in report.sections:
        doc.add_heading(section.heading, level=1)
        rows: list[tuple[Sequence[CellSpec], str | None, int | None]] = [
            ([a.ref, a.title, a.lead, a.original_date, [Part(revised_text(a), True)], a.status_text, a.rag_text,
              percent_text(a), a.latest_words], a.rag, 6)
            for a in section.rows]
        add_table(doc, report.columns, rows)
    return doc


def write_docx(report: ExceptionsReport | SummaryReport | ProgressReport) -> bytes:
    """Render any report's view-model as .docx bytes."""
    if isinstance(report, ExceptionsReport):
        doc = exceptions_docx(report)
    elif isinstance(report, SummaryReport):
        doc = summary_docx(report)
    else:
        doc = progress_docx(report)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()
