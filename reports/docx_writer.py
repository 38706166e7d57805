"""Word (.docx) versions of the reports, from the same view-models as the templates.

python-docx makes the frame: styles, page set-up, properties, headings, short paragraphs and the
indicators' pictures. The bulk (tables and long lists, one row or item per action) is written as
WordprocessingML strings and streamed into ``word/document.xml`` when the document is saved
(:class:`WordDocument`), never held as a tree: python-docx keeps every element of a document as an
lxml object, which for the progress report of a 50,000-action plan was 1.2 GB and half its time.
"""

from __future__ import annotations

import io
import uuid
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Inches, Mm, Pt

from reports.action_view import ActionView
from reports.exceptions import ExceptionItem, ExceptionsReport
from reports.indicator_chart import png as trend_png
from reports.indicator_report import IndicatorExceptions, IndicatorTable, measured, travel, who
from reports.progress import ProgressReport, percent_text, revised_text
from reports.summary import SummaryReport
from store.indicator_wording import IndicatorView

RAG_FILL = {"red": "F4CCCC", "amber": "FCE5CD", "green": "D9EAD3"}  # as in the HTML; the word is always there
RAG_KEY = "RAG: Red (overdue or blocked), Amber (slipped or at risk), Green (on track or complete)."
HEADER_FILL = "E7E6E6"
# Text as XML character data in one pass: &, < and > escaped, and the characters XML 1.0 cannot carry dropped.
XML_TEXT = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;",
                          **dict.fromkeys([*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0xFFFE, 0xFFFF])})
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
    return _run(part.text, f"<w:rPr>{props}</w:rPr>" if props else "")


def _run(text: str, rpr: str = "") -> str:
    return f'<w:r>{rpr}<w:t xml:space="preserve">{text.translate(XML_TEXT)}</w:t></w:r>'


def paragraph_xml(parts: CellSpec, *, style: str | None = None, bold: bool = False) -> str:
    """One ``<w:p>`` paragraph of runs."""
    ppr = f'<w:pPr><w:pStyle w:val="{style}"/></w:pPr>' if style else ""
    if isinstance(parts, str):  # most cells: one plain run
        return f"<w:p>{ppr}{_run(parts, '<w:rPr><w:b/></w:rPr>' if bold else '') if parts else ''}</w:p>"
    return f"<w:p>{ppr}{''.join(run_xml(r) for r in parts if r.text)}</w:p>"


def _cell_open(width: int, fill: str | None = None) -> str:
    shd = f'<w:shd w:val="clear" w:color="auto" w:fill="{fill}"/>' if fill else ""
    return f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>{shd}</w:tcPr>'


def _cell_xml(spec: CellSpec, width: int, *, fill: str | None = None, bold: bool = False) -> str:
    return f"{_cell_open(width, fill)}{paragraph_xml(spec, bold=bold)}</w:tc>"


def table_xml(columns: Sequence[str], rows: Iterable[Row], widths: Sequence[int]) -> Iterator[str]:
    """A "Table Grid" table with a bold, shaded header row that repeats on each page, a row at a time."""
    grid = "".join(f'<w:gridCol w:w="{w}"/>' for w in widths)
    header = "".join(_cell_xml(c, w, fill=HEADER_FILL, bold=True) for c, w in zip(columns, widths, strict=True))
    yield ('<w:tbl><w:tblPr><w:tblStyle w:val="TableGrid"/><w:tblW w:w="0" w:type="auto"/>'
           '<w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="1" w:lastColumn="0" '
           f'w:noHBand="0" w:noVBand="1"/></w:tblPr><w:tblGrid>{grid}</w:tblGrid>'
           f'<w:tr><w:trPr><w:tblHeader/></w:trPr>{header}</w:tr>')
    opens = [_cell_open(w) for w in widths]  # the same for every row but the RAG cell's shading
    for cells, rag, rag_index in rows:
        if len(cells) != len(widths):
            raise ValueError(f"a table row has {len(cells)} cells for {len(widths)} columns")
        tcs = [opens[i] + paragraph_xml(spec) for i, spec in enumerate(cells)]
        if rag and rag_index is not None:
            tcs[rag_index] = _cell_open(widths[rag_index], RAG_FILL[rag]) + paragraph_xml(cells[rag_index])
        yield f"<w:tr>{'</w:tc>'.join(tcs)}</w:tc></w:tr>"
    yield "</w:tbl>"


def _append(doc: Any, elements: list[Any]) -> None:
    # python-docx finds the body's sectPr by scanning every child: look it up once per call, not once
    # per element (quadratic on a long document).
    body = doc.element.body
    sect = body.sectPr
    for element in elements:
        if sect is not None:
            sect.addprevious(element)
        else:
            body.append(element)


class WordDocument:
    """A python-docx document whose bulk is streamed into ``word/document.xml`` when it is saved.

    :meth:`stream` leaves a placeholder paragraph (a random marker) where the WordprocessingML it is
    given belongs; :meth:`save` lets python-docx write the package, then copies it, writing each
    placeholder's XML in its place as it is generated. The document body is never built as a tree.
    """

    FLUSH = 1 << 16  # characters gathered before each write to the zip

    def __init__(self, title: str, *, landscape: bool = False) -> None:
        self.doc = _new_document(title, landscape=landscape)
        self._marker = f"chaser-stream-{uuid.uuid4().hex}-"
        self._streams: list[Iterable[str]] = []

    def stream(self, xml: Iterable[str]) -> None:
        """Put ``xml`` (body-level WordprocessingML: ``<w:p>``, ``<w:tbl>``, in pieces) here, at save time."""
        self.doc.add_paragraph(f"{self._marker}{len(self._streams)}")
        self._streams.append(xml)

    def save(self) -> bytes:
        """The .docx file's bytes."""
        frame = io.BytesIO()
        self.doc.save(frame)
        out = io.BytesIO()
        with zipfile.ZipFile(frame) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
            for info in source.infolist():
                if info.filename != "word/document.xml":
                    target.writestr(info, source.read(info))
                    continue
                with target.open(info.filename, "w", force_zip64=True) as part:
                    self._write_body(source.read(info).decode("utf-8"), part)
        return out.getvalue()

    def _write_body(self, frame: str, part: Any) -> None:
        pending: list[str] = []
        size = 0
        start = 0
        for index, xml in enumerate(self._streams):
            at = frame.index(f"{self._marker}{index}<", start)
            opened, closed = frame.rindex("<w:p>", start, at), frame.index("</w:p>", at) + len("</w:p>")
            for piece in (frame[start:opened], *xml):
                pending.append(piece)
                size += len(piece)
                if size >= self.FLUSH:
                    part.write("".join(pending).encode("utf-8"))
                    pending, size = [], 0
            start = closed
        pending.append(frame[start:])
        part.write("".join(pending).encode("utf-8"))


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


def exceptions_docx(report: ExceptionsReport) -> WordDocument:
    """The exceptions report as a Word document."""
    word = WordDocument(report.title)
    doc = word.doc
    counts = report.rag_counts()
    doc.add_paragraph(f"As at {report.as_at}. Changes since {report.since}.")
    doc.add_paragraph(f"{report.count} exception{'' if report.count == 1 else 's'}: {counts['red']} Red, "
                      f"{counts['amber']} Amber, {counts['green']} Green. Nothing on track is listed.")
    doc.add_heading("1. Exceptions", level=1)
    for section in report.sections:
        doc.add_heading(section.heading, level=2)
        word.stream(paragraph_xml(_exception_parts(item), style="ListBullet") for item in section.items)
    if not report.sections:
        doc.add_paragraph("No exceptions: every action is on track or complete.")
    if report.round_key:
        waiting = ", ".join(report.waiting) if report.waiting else "everyone has replied"
        doc.add_paragraph(f"Not yet replied to round {report.round_key}: {waiting}.")
    doc.add_heading("2. Changes to the plan", level=1)
    word.stream(paragraph_xml(f"{c.when}{', ' + c.ref if c.ref else ''}: {c.text}", style="ListBullet")
                for c in report.changes)
    if not report.changes:
        doc.add_paragraph(f"No changes to the plan since {report.since}.")
    if report.indicators:
        _indicator_exceptions(word, report.indicators)
    return word


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


def _indicator_exceptions(word: WordDocument, indicators: IndicatorExceptions) -> None:
    doc = word.doc
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
        word.stream(paragraph_xml(f"{v.name}{who(v)}: {measured(v)}", style="ListBullet") for v in indicators.amber)


def _indicator_table(word: WordDocument, table: IndicatorTable) -> None:
    """The indicators' table, then each one's trend chart with its numbers."""
    doc = word.doc
    doc.add_heading("Indicators", level=1)
    rows: list[Row] = [([v.code or "-", v.title, v.latest_with_period, v.target_with_date, v.rag_text,
                         v.direction_text], v.rag, 4) for v in table.rows]
    word.stream(table_xml(table.columns, rows, INDICATOR_WIDTHS))
    doc.add_paragraph(table.key)
    doc.add_heading("Indicator trends", level=2)
    doc.add_paragraph("Each chart shows the readings (solid line), the trajectory from the baseline (dashed) and "
                      "the target (dotted); the figures are given under it.")
    elements: list[Any] = []
    for view in table.rows:
        elements += [_element(paragraph_xml(view.name, bold=True)), *_trend(doc, view)]
    _append(doc, elements)


def summary_docx(report: SummaryReport) -> WordDocument:
    """The weekly summary as a Word document."""
    word = WordDocument(report.title, landscape=True)
    doc = word.doc
    doc.add_paragraph(f"As at {report.as_at}. This week: since {report.since}.")
    doc.add_heading("What changed since last week", level=1)
    word.stream(paragraph_xml(line, style="ListBullet") for line in report.changes)
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
    word.stream(table_xml(["Section", "Summary progress to date", "Next milestones", "RAG"], rows, SUMMARY_WIDTHS))
    doc.add_paragraph("Revised targets are shown in bold. " + RAG_KEY)
    if report.indicators:
        _indicator_table(word, report.indicators)
    return word


def _progress_row(a: ActionView) -> Row:
    cells: list[CellSpec] = [a.ref, a.title, a.lead, a.original_date, [Part(revised_text(a), True)], a.status_text,
                             a.rag_text, percent_text(a), a.latest_words]
    return cells, a.rag, 6


def progress_docx(report: ProgressReport) -> WordDocument:
    """The full progress report as a Word document (landscape, one table per section, each row made as it is
    written)."""
    word = WordDocument(report.title, landscape=True)
    doc = word.doc
    doc.add_paragraph(f"As at {report.as_at}. Revised targets are shown in bold. {RAG_KEY}")
    for section in report.sections:
        doc.add_heading(section.heading, level=1)
        word.stream(table_xml(report.columns, (_progress_row(a) for a in section.rows), PROGRESS_WIDTHS))
    if report.indicators:
        _indicator_table(word, report.indicators)
    return word


def write_docx(report: ExceptionsReport | SummaryReport | ProgressReport) -> bytes:
    """Render any report's view-model as .docx bytes."""
    if isinstance(report, ExceptionsReport):
        word = exceptions_docx(report)
    elif isinstance(report, SummaryReport):
        word = summary_docx(report)
    else:
        word = progress_docx(report)
    return word.save()
