"""Word (.docx) versions of the reports, from the same view-models as the templates (python-docx).

Headings go through python-docx; the bulk (tables and the exceptions' paragraphs) is written as
WordprocessingML and parsed once per table, because building 45,000 cells through python-docx's
object API takes seconds on a 5,000-action plan.
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any
from xml.sax.saxutils import escape

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Inches, Mm, Pt

from reports.exceptions import ExceptionItem, ExceptionsReport
from reports.indicator_chart import png as trend_png
from reports.indicator_report import IndicatorExceptions, IndicatorTable, measured, travel, who
from reports.progress import ProgressReport, percent_text, revised_text
from reports.summary import SummaryReport
from store.indicator_wording import IndicatorView

RAG_FILL = {"red": "F4CCCC", "amber": "FCE5CD", "green": "D9EAD3"}  # as in the HTML; the word is always there
RAG_KEY = "RAG: Red (overdue or blocked), Amber (slipped or at risk), Green (on track or complete)."
HEADER_FILL = "E7E6E6"
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")  # characters XML 1.0 cannot carry
# Column widths in twentieths of a point, for A4 landscape with 0.75 inch margins (about 14,600 in all).
PROGRESS_WIDTHS = (800, 2700, 1400, 1200, 1200, 1100, 1500, 600, 4100)
SUMMARY_WIDTHS = (3200, 6000, 2700, 2700)
INDICATOR_WIDTHS = (1100, 4600, 2200, 2500, 2000, 2200)


@dataclass(frozen=True)
class Part:
    """A run of text; bold for revised targets."""

    text: str
    bold: bool = False
    italic: bool = False
    fill: str | None = None


CellSpec = str | Sequence[Part]
Row = tuple[Sequence[CellSpec], str | None, int | None]  # cells, RAG colour, index of the RAG cell


def run_xml(part: Part) -> str:
    """One ``<w:r>`` run."""
    props = ("<w:b/>" if part.bold else "") + ("<w:i/>" if part.italic else "")
    if part.fill:
        props += f'<w:shd w:val="clear" w:color="auto" w:fill="{part.fill}"/>'
    rpr = f"<w:rPr>{props}</w:rPr>" if props else ""
    text = escape(NOT_XML.sub("", part.text))
    return f'<w:r>{rpr}<w:t xml:space="preserve">{text}</w:t></w:r>'


def paragraph_xml(parts: CellSpec, *, style: str | None = None, bold: bool = False) -> str:
    """One ``<w:p>`` paragraph of runs."""
    runs = [Part(parts, bold)] if isinstance(parts, str) else list(parts)
    ppr = f'<w:pPr><w:pStyle w:val="{style}"/></w:pPr>' if style else ""
    return f"<w:p>{ppr}{''.join(run_xml(r) for r in runs if r.text)}</w:p>"


def _cell_xml(spec: CellSpec, width: int, *, fill: str | None = None, bold: bool = False) -> str:
    shd = f'<w:shd w:val="clear" w:color="auto" w:fill="{fill}"/>' if fill else ""
    return f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>{shd}</w:tcPr>{paragraph_xml(spec, bold=bold)}</w:tc>'


def table_xml(columns: Sequence[str], rows: Sequence[Row], widths: Sequence[int]) -> str:
    """A "Table Grid" table with a bold, shaded header row that repeats on each page."""
    grid = "".join(f'<w:gridCol w:w="{w}"/>' for w in widths)
    header = "".join(_cell_xml(c, w, fill=HEADER_FILL, bold=True) for c, w in zip(columns, widths, strict=True))
    body = []
    for cells, rag, rag_index in rows:
        tcs = "".join(_cell_xml(spec, w, fill=RAG_FILL[rag] if rag and i == rag_index else None)
                      for i, (spec, w) in enumerate(zip(cells, widths, strict=True)))
        body.append(f"<w:tr>{tcs}</w:tr>")
    return (f'<w:tbl {nsdecls("w")}><w:tblPr><w:tblStyle w:val="TableGrid"/><w:tblW w:w="0" w:type="auto"/>'
            f'<w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="1" w:lastColumn="0" '
            f'w:noHBand="0" w:noVBand="1"/></w:tblPr><w:tblGrid>{grid}</w:tblGrid>'
            f'<w:tr><w:trPr><w:tblHeader/></w:trPr>{header}</w:tr>{"".join(body)}</w:tbl>')


def append_xml(doc: Any, xml: str) -> None:
    """Append a parsed element to the document body, before its final section properties."""
    _append(doc, [parse_xml(xml)])


def append_paragraphs(doc: Any, paragraphs: Sequence[str]) -> None:
    """Append many ``<w:p>`` strings with one parse."""
    if paragraphs:
        _append(doc, list(parse_xml(f'<w:body {nsdecls("w")}>{"".join(paragraphs)}</w:body>')))


def _append(doc: Any, elements: list[Any]) -> None:
    # python-docx finds the body's sectPr by scanning every child: look it up once per call, not once
    # per element, or a 20,000-action report takes minutes (quadratic) instead of seconds.
    body = doc.element.body
    sect = body.sectPr
    for element in elements:
        if sect is not None:
            sect.addprevious(element)
        else:
            body.append(element)


def _new_document(title: str, *, landscape: bool = False) -> Any:
    doc = Document()
    style = doc.styles["Normal"]
    style.font.name = "Arial"
    style.font.size = Pt(10)
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)  # A4: the council's paper
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = section.page_height, section.page_width
        for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
            setattr(section, side, Inches(0.75))
    doc.core_properties.title = title
    doc.core_properties.author = "Chaser"
    doc.add_heading(title, level=0)
    return doc


def _exception_parts(item: ExceptionItem) -> list[Part]:
    """One exception's paragraph: ref and title in bold, the lead, the RAG shaded, the facts, the words."""
    parts = [Part(f"{item.ref} {item.title}", bold=True), Part(f" (lead: {item.lead}). " if item.lead else ". "),
             Part(f"RAG: {item.rag_text}.", bold=True, fill=RAG_FILL[item.rag]), Part(" ")]
    parts += [Part(span.text, bold=span.strong) for span in item.spans]
    if item.quote:
        parts.append(Part(" " + item.quote, italic=True))
    return parts


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
        append_paragraphs(doc, [paragraph_xml(_exception_parts(item), style="ListBullet") for item in section.items])
    if not report.sections:
        doc.add_paragraph("No exceptions: every action is on track or complete.")
    if report.round_key:
        waiting = ", ".join(report.waiting) if report.waiting else "everyone has replied"
        doc.add_paragraph(f"Not yet replied to round {report.round_key}: {waiting}.")
    doc.add_heading("2. Changes to the plan", level=1)
    append_paragraphs(doc, [paragraph_xml(f"{c.when}{', ' + c.ref if c.ref else ''}: {c.text}", style="ListBullet")
                            for c in report.changes])
    if not report.changes:
        doc.add_paragraph(f"No changes to the plan since {report.since}.")
    if report.indicators:
        _indicator_exceptions(doc, report.indicators)
    return doc


def _trend(doc: Any, view: IndicatorView) -> list[Any]:
    """The indicator's trend chart as a picture paragraph (its numbers as the alternative text), and a caption
    with the same numbers; as elements to append in one go (python-docx's own calls rescan the body each time)."""
    inline = doc.part.new_pic_inline(io.BytesIO(trend_png(view)), Inches(2.5), None)
    inline.docPr.set("title", f"Trend of {view.label}")
    inline.docPr.set("descr", f"Trend of {view.figures}")
    picture = parse_xml(f'<w:p {nsdecls("w")}><w:r><w:drawing/></w:r></w:p>')
    picture.find(qn("w:r")).find(qn("w:drawing")).append(inline)
    return [picture, _element(paragraph_xml([Part(view.figures, italic=True)]))]


def _element(xml: str) -> Any:
    return parse_xml(f'<w:body {nsdecls("w")}>{xml}</w:body>')[0]


def _indicator_exceptions(doc: Any, indicators: IndicatorExceptions) -> None:
    doc.add_heading("3. Indicators off track", level=1)
    doc.add_paragraph(f"{indicators.count_line} {indicators.how_listed}")
    elements: list[Any] = []
    for view in indicators.red:
        parts = [Part(view.name, bold=True), Part(f"{who(view)}. "),
                 Part(f"RAG: {view.rag_text}.", bold=True, fill=RAG_FILL["red"]),
                 Part(f" {measured(view)} {travel(view)}")]
        if view.words:
            parts.append(Part(" " + view.words, italic=True))
        elements += [_element(paragraph_xml(parts, style="ListBullet")), *_trend(doc, view)]
    _append(doc, elements)
    if not indicators.red:
        doc.add_paragraph("No indicator is off track.")
    if indicators.amber:
        doc.add_paragraph("Short of their trajectory, within the tolerance (Amber):")
        append_paragraphs(doc, [paragraph_xml(f"{v.name}{who(v)}: {measured(v)}", style="ListBullet")
                                for v in indicators.amber])


def _indicator_table(doc: Any, table: IndicatorTable) -> None:
    """The indicators' table, then each one's trend chart with its numbers."""
    doc.add_heading("Indicators", level=1)
    rows: list[Row] = [([v.code or "-", v.title, v.latest_with_period, v.target_with_date, v.rag_text,
                         v.direction_text], v.rag, 4) for v in table.rows]
    append_xml(doc, table_xml(table.columns, rows, INDICATOR_WIDTHS))
    doc.add_paragraph(table.key)
    doc.add_heading("Indicator trends", level=2)
    doc.add_paragraph("Each chart shows the readings (solid line), the trajectory from the baseline (dashed) and "
                      "the target (dotted); the figures are given under it.")
    elements: list[Any] = []
    for view in table.rows:
        elements += [_element(paragraph_xml(view.name, bold=True)), *_trend(doc, view)]
    _append(doc, elements)


def summary_docx(report: SummaryReport) -> Any:
    """The weekly summary as a Word document."""
    doc = _new_document(report.title, landscape=True)
    doc.add_paragraph(f"As at {report.as_at}. This week: since {report.since}.")
    doc.add_heading("What changed since last week", level=1)
    append_paragraphs(doc, [paragraph_xml(line, style="ListBullet") for line in report.changes])
    doc.add_heading("Who has not replied", level=1)
    doc.add_paragraph(report.not_replied)
    doc.add_heading("Summary progress by section", level=1)
    rows: list[Row] = []
    for row in report.rows:
        milestones: list[Part] = []
        for index, m in enumerate(row.milestones):
            milestones += [Part(("; " if index else "") + f"{m.ref}: "), Part(m.when, m.revised),
                           Part(" (revised)" if m.revised else "")]
        rows.append(([row.heading, " ".join(row.progress), milestones or "None to come",
                      f"{row.rag_text}: {row.rag_counts}"], row.rag, 3))
    append_xml(doc, table_xml(["Section", "Summary progress to date", "Next milestones", "RAG"], rows, SUMMARY_WIDTHS))
    doc.add_paragraph("Revised targets are shown in bold. " + RAG_KEY)
    if report.indicators:
        _indicator_table(doc, report.indicators)
    return doc


def progress_docx(report: ProgressReport) -> Any:
    """The full progress report as a Word document (landscape, one table per section)."""
    doc = _new_document(report.title, landscape=True)
    doc.add_paragraph(f"As at {report.as_at}. Revised targets are shown in bold. {RAG_KEY}")
    for section in report.sections:
        doc.add_heading(section.heading, level=1)
        rows: list[Row] = [
            ([a.ref, a.title, a.lead, a.original_date, [Part(revised_text(a), True)], a.status_text, a.rag_text,
              percent_text(a), a.latest_words], a.rag, 6)
            for a in section.rows]
        append_xml(doc, table_xml(report.columns, rows, PROGRESS_WIDTHS))
    if report.indicators:
        _indicator_table(doc, report.indicators)
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
