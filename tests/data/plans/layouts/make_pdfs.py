"""Write the PDF copies of the layout corpus with LibreOffice, as a council exports its papers.

Run from the repository root after ``make_layouts.py``: ``python tests/data/plans/layouts/make_pdfs.py``
(needs ``soffice``: ``apt-get install libreoffice-writer-nogui libreoffice-calc-nogui``). The tests read
the committed PDFs and never need LibreOffice. LibreOffice stamps each PDF with the time it was made,
so a re-run writes different bytes with the same text and tables.

- A layout with a .docx is typed up in Word by the council: the page turned landscape, the table
  across the page with wider columns for the action and progress text, its header row repeated on
  each page, "Page N of M" in the footer. ``herefordshire_ofsted_2022`` is exported as it stands
  (portrait, six one-inch columns), so words too wide for a column are cut at its edge.
- A layout only in .xlsx is printed from Excel: borders round the table, text wrapped, columns
  widened, landscape and fitted to the page width, the header row printed on each page, the sheet
  name in the page header and "Page N of M" in the footer.
- ``long_plan`` (here only as .pdf) is a plan table over several pages: 48 actions under six heading
  rows, a progress cell long enough to be cut by a page break, a running header on every page;
  ``long_plan_unrepeated`` is the same table with its header row on the first page only.
"""

from __future__ import annotations

import math
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
DOCX = ("york_improvement_2009", "bracknell_council_plan", "kirklees_children_improvement", "north_herts_cpc",
        "epsom_cpc_draft")
AS_IS = ("herefordshire_ofsted_2022",)
XLSX = ("spelthorne_recovery", "bromsgrove_exceptions", "cheshire_east_ofsted")
WIDE = ("action", "milestone", "what we will do", "key action", "activity", "task", "progress", "update",
        "comments", "commentary", "position statement", "latest position", "recommendation")


def _weights(headers: list[str]) -> list[float]:
    return [3.0 if h.strip().lower() in WIDE else 1.4 for h in headers]


def _landscape(document) -> None:  # type: ignore[no-untyped-def]
    from docx.enum.section import WD_ORIENT
    from docx.shared import Cm

    for section in document.sections:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Cm(29.7), Cm(21.0)
        for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
            setattr(section, side, Cm(1.8))


def _page_numbers(paragraph) -> None:  # type: ignore[no-untyped-def]
    """ "Page N of M" with Word's PAGE and NUMPAGES fields."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    def field(code: str) -> None:
        for kind in ("begin", None, "end"):
            run = paragraph.add_run()
            if kind is None:
                text = OxmlElement("w:instrText")
                text.set(qn("xml:space"), "preserve")
                text.text = code
                run._r.append(text)
            else:
                char = OxmlElement("w:fldChar")
                char.set(qn("w:fldCharType"), kind)
                run._r.append(char)

    paragraph.add_run("Page ")
    field("PAGE")
    paragraph.add_run(" of ")
    field("NUMPAGES")


def _repeat_header(table) -> None:  # type: ignore[no-untyped-def]
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    properties = table.rows[0]._tr.get_or_add_trPr()
    mark = OxmlElement("w:tblHeader")
    mark.set(qn("w:val"), "true")
    properties.append(mark)


def _widen(table, width_cm: float) -> None:  # type: ignore[no-untyped-def]
    """Spread the table over the page, the grid and every cell (LibreOffice follows the grid)."""
    from docx.oxml.ns import qn
    from docx.shared import Cm

    headers = [cell.text for cell in table.rows[0].cells]
    weights = _weights(headers)
    widths = [Cm(width_cm * w / sum(weights)) for w in weights]
    table.autofit = False
    for column, width in zip(table._tbl.tblGrid.findall(qn("w:gridCol")), widths, strict=True):
        column.set(qn("w:w"), str(int(width.twips)))
    for row in table.rows:
        for index, cell in enumerate(row.cells):
            cell.width = widths[index]


def council_docx(source: Path, target: Path, *, repeat: bool = True, running_header: str = "") -> None:
    """The layout's .docx as a council would type it up for a committee paper."""
    import docx

    document = docx.Document(str(source))
    _landscape(document)
    for table in document.tables:
        _widen(table, 26.0)
        if repeat:
            _repeat_header(table)
    footer = document.sections[0].footer.paragraphs[0]
    _page_numbers(footer)
    if running_header:
        document.sections[0].header.paragraphs[0].text = running_header
    document.save(str(target))


def council_xlsx(source: Path, target: Path) -> None:
    """The layout's .xlsx as a council prints it to PDF."""
    from openpyxl import load_workbook
    from openpyxl.styles import Alignment, Border, Side
    from openpyxl.utils import get_column_letter

    thin = Side(style="thin")
    workbook = load_workbook(source)
    for sheet in workbook.worksheets:
        header_row = 3  # title, date, then the header (make_layouts.write_xlsx)
        headers = [str(c.value or "") for c in sheet[header_row]]
        last = max(r for r in range(header_row, sheet.max_row + 1)
                   if sum(1 for c in sheet[r] if c.value not in (None, "")) > 1 or
                   any(m.min_row == r for m in sheet.merged_cells.ranges))
        notes = [r for r in range(header_row + 1, sheet.max_row + 1) if str(sheet.cell(r, 1).value or "")
                 .lower().startswith(("key", "total"))]
        last = min([last, *[n - 1 for n in notes]])
        for index, weight in enumerate(_weights(headers), start=1):
            sheet.column_dimensions[get_column_letter(index)].width = 14 * weight
        for row in sheet.iter_rows(min_row=header_row, max_row=last, max_col=len(headers)):
            for cell in row:
                cell.border = Border(left=thin, right=thin, top=thin, bottom=thin)
                cell.alignment = Alignment(wrap_text=True, vertical="top")
            # Excel sizes a row to its wrapped text when it is edited; a script must say so.
            lines = max(math.ceil(len(str(c.value or "")) * 1.2 / (14 * w)) or 1
                        for c, w in zip(row, _weights(headers), strict=False))
            sheet.row_dimensions[row[0].row].height = 15 * lines + 3
        sheet.page_setup.orientation = "landscape"
        sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
        sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
        sheet.sheet_properties.pageSetUpPr.fitToPage = True
        sheet.print_title_rows = f"{header_row}:{header_row}"
        if len(workbook.worksheets) > 1:
            sheet.oddHeader.center.text = "&A"  # the sheet's name (its theme) above each page
        sheet.oddFooter.center.text = "Page &P of &N"
    workbook.save(target)


SECTIONS = ("Leadership and governance", "Finance and resources", "Housing and homelessness",
            "Customer services", "Workforce", "Climate and environment")
LEADS = ("Chief Executive", "Director of Finance", "Director of Housing", "Head of Customer Services",
         "Head of HR", "Head of Sustainability")
RAGS = ("Green", "Amber", "Red", "Complete")


def long_plan_rows() -> list[tuple[str, ...] | str]:
    """The long plan's body: a heading per section and eight actions under each."""
    body: list[tuple[str, ...] | str] = []
    for s, section in enumerate(SECTIONS, start=1):
        body.append(f"{s}. {section}")
        for a in range(1, 9):
            progress = f"Progress on {s}.{a}: work is under way with partners and the next report is due."
            if (s, a) == (2, 5):  # long enough for a page break to cut it
                progress = " ".join(f"Step {n} of the savings programme was reviewed by the board." for n in
                                    range(1, 16))
            due = f"{28 if a == 2 else 30}/{a + 3:02d}/2025"  # April to November
            body.append((f"{s}.{a}", f"Action {s}.{a} for {section.lower()}: deliver the agreed improvement",
                         LEADS[s - 1], due, progress, RAGS[(s + a) % 4]))
    return body


def long_plan_docx(target: Path, *, repeat: bool) -> None:
    import docx

    document = docx.Document()
    document.add_heading("Corporate Improvement Plan 2025: progress report", level=1)
    document.add_paragraph("Position as at 30 June 2025")
    headers = ("Ref", "Action", "Lead officer", "Due date", "Progress update", "RAG")
    table = document.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, headers, strict=True):
        cell.text = text
    for item in long_plan_rows():
        cells = table.add_row().cells
        if isinstance(item, str):
            cells[0].merge(cells[-1]).text = item
            continue
        for cell, text in zip(cells, item, strict=True):
            cell.text = text
    document.add_paragraph("Key: Green on track; Amber at risk; Red off track.")
    document.save(str(target))
    council_docx(target, target, repeat=repeat, running_header="Cabinet 15 July 2025 - Appendix A")


def convert(source: Path, target: Path) -> None:
    with tempfile.TemporaryDirectory() as out:
        subprocess.run(["soffice", "--headless", "--convert-to", "pdf", "--outdir", out, str(source)],
                       check=True, capture_output=True)
        shutil.move(str(Path(out) / (source.stem + ".pdf")), target)


def main() -> None:
    if shutil.which("soffice") is None:
        sys.exit("soffice not found: apt-get install libreoffice-writer-nogui libreoffice-calc-nogui")
    with tempfile.TemporaryDirectory() as work_dir:
        work = Path(work_dir)
        for name in DOCX:
            council_docx(HERE / f"{name}.docx", work / f"{name}.docx")
            convert(work / f"{name}.docx", HERE / f"{name}.pdf")
        for name in AS_IS:
            convert(HERE / f"{name}.docx", HERE / f"{name}.pdf")
        for name in XLSX:
            council_xlsx(HERE / f"{name}.xlsx", work / f"{name}.xlsx")
            convert(work / f"{name}.xlsx", HERE / f"{name}.pdf")
        long_plan_docx(work / "long_plan.docx", repeat=True)
        convert(work / "long_plan.docx", HERE / "long_plan.pdf")
        long_plan_docx(work / "long_plan_unrepeated.docx", repeat=False)
        convert(work / "long_plan_unrepeated.docx", HERE / "long_plan_unrepeated.pdf")
    for path in sorted(HERE.glob("*.pdf")):
        print(f"wrote {path.name} ({path.stat().st_size:,} bytes)")


if __name__ == "__main__":
    main()
