"""Write the layout corpus as PDFs from generators other than LibreOffice (see make_pdfs.py).

Run from the repository root: ``python tests/data/plans/layouts/make_other_pdfs.py`` (needs
Debian's ``chromium`` and ``pip install reportlab``; neither is needed by the tests, which read the
committed PDFs in ``other_pdfs/``). Each layout of ``layouts_data.py`` and the long plan of
``make_pdfs.py`` is written:

- ``other_pdfs/chromium/NAME.pdf``: as a web-based committee system (ModernGov and the like)
  publishes a paper: an HTML page with the plan as a ``<table>`` whose borders are CSS
  (``border-collapse: collapse``), the header row in a ``<thead>`` that Chromium repeats on each
  page, section headings as shaded rows spanning the table, merged cells as ``rowspan``, a totals
  row in the ``<tfoot>``, landscape A4 by ``@page`` with the meeting in a running header and
  "Page N of M" in the footer, printed by ``chromium --headless --print-to-pdf``.
- ``other_pdfs/reportlab/NAME.pdf``: as a report tool writes one: ReportLab's platypus ``Table``
  with grid lines, ``repeatRows=1``, heading rows and merged cells as ``SPAN``, wrapped
  ``Paragraph`` cells, a page number drawn on each page.
- ``other_pdfs/fpdf2/NAME.pdf``: another report library's table: fpdf2's ``table()`` with cell
  borders, ``repeat_headings``, ``colspan``/``rowspan``, DejaVu Sans. Not the long plan: fpdf2 2.8
  cannot split a row over pages and refuses its action 2.5 ("too high").
- ``other_pdfs/chromium_old/NAME.pdf``: as an older committee system's page printed from the
  browser: ``<table border="1" cellspacing="2">`` (every cell boxed on its own, double lines),
  the header row in the body (not repeated on later pages), portrait, and the browser's own
  header and footer (the date and time printed, the page title, the file's address, "1/3").
- ``other_pdfs/chromium/unruled_york_improvement_2009.pdf``: the York layout as a web page whose
  table has no borders at all, only shaded alternate rows (common on council web pages). Chaser
  refuses it, saying the table has no drawn borders.

Chromium stamps the time it printed, so a re-run writes different bytes with the same content.
"""

from __future__ import annotations

import html
import shutil
import subprocess
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from layouts_data import LAYOUTS  # noqa: E402
from make_layouts import Heading, Layout, sections  # noqa: E402
from make_pdfs import WIDE, long_plan_rows  # noqa: E402

OUT = HERE / "other_pdfs"
LONG_HEADERS = ("Ref", "Action", "Lead officer", "Due date", "Progress update", "RAG")


def long_plan() -> Layout:
    """make_pdfs.py's long plan (48 actions under six headings) as a layout."""
    body = tuple(Heading(item) if isinstance(item, str) else item for item in long_plan_rows())
    return Layout(title="Corporate Improvement Plan 2025: progress report", dated="Position as at 30 June 2025",
                  headers=LONG_HEADERS, body=body, formats=(), source="make_pdfs.py",
                  notes=(("Key: Green on track; Amber at risk; Red off track.",),))


def _weights(headers: tuple[str, ...]) -> list[float]:
    return [3.0 if h.strip().lower() in WIDE else 1.4 for h in headers]


def _spans(rows: list[tuple[str, ...]], columns: tuple[int, ...]) -> dict[tuple[int, int], int]:
    """(row, column) -> rows a merged cell covers, for each run of equal text in a merged column;
    0 for the cells it covers."""
    out: dict[tuple[int, int], int] = {}
    for column in columns:
        start = 0
        for index in range(1, len(rows) + 1):
            if index == len(rows) or rows[index][column] != rows[start][column]:
                if index - start > 1 and rows[start][column]:
                    out[(start, column)] = index - start
                    out.update({(r, column): 0 for r in range(start + 1, index)})
                start = index
    return out


# --- Chromium: HTML as a committee system writes it ---------------------------------------------

_CSS = """
@page { size: A4 landscape; margin: 18mm 14mm;
  @top-right { content: "%(meeting)s"; font: 8pt Arial, sans-serif; }
  @bottom-center { content: "Page " counter(page) " of " counter(pages); font: 8pt Arial, sans-serif; } }
body { font: 10pt Arial, Helvetica, sans-serif; }
h1 { font-size: 16pt; margin: 0 0 4pt; } h2 { font-size: 12pt; margin: 14pt 0 4pt; }
table.plan { border-collapse: collapse; width: 100%%; }
table.plan th, table.plan td { border: 1px solid #000; padding: 3pt 4pt; vertical-align: top; text-align: left; }
table.plan th { background: #d9e2f3; }
table.plan tr.heading td { background: #eeeeee; font-weight: bold; }
table.plan tr { break-inside: avoid; }
"""
# An older committee system's markup: <table border="1" cellspacing="2">, each cell boxed on its
# own with a gap between boxes (double lines); portrait, no @page rules, the header row in the
# <tbody> (so not repeated), printed with the browser's own header and footer (date, title, URL,
# page n/m).
_OLD_CSS = """
body { font: 10pt Arial, Helvetica, sans-serif; }
table.plan { width: 100%; }
table.plan td, table.plan th { vertical-align: top; text-align: left; }
"""
_UNRULED_CSS = """
@page { size: A4 landscape; margin: 18mm 14mm; }
body { font: 10pt Arial, Helvetica, sans-serif; }
table.plan { border-collapse: collapse; width: 100%; }
table.plan th, table.plan td { border: none; padding: 3pt 4pt; vertical-align: top; text-align: left; }
table.plan th { background: #1f3864; color: #fff; }
table.plan tbody tr:nth-child(even) td { background: #f2f2f2; }
"""


def _html_table(layout: Layout, items: list[Heading | tuple[str, ...]], *, tfoot: list[tuple[str, ...]]) -> str:
    e = html.escape
    width = len(layout.headers)
    cols = "".join(f'<col style="width:{w / sum(_weights(layout.headers)) * 100:.1f}%">'
                   for w in _weights(layout.headers))
    out = [f'<table class="plan"><colgroup>{cols}</colgroup><thead><tr>',
           *(f"<th>{e(h)}</th>" for h in layout.headers), "</tr></thead><tbody>"]
    actions = [item for item in items if not isinstance(item, Heading)]
    spans = _spans(actions, layout.merge_down)
    index = 0
    for item in items:
        if isinstance(item, Heading):
            out.append(f'<tr class="heading"><td colspan="{width}">{e(item.text)}</td></tr>')
            continue
        cells = []
        for column, text in enumerate(item):
            span = spans.get((index, column), 1)
            if span == 0:
                continue
            cells.append(f'<td rowspan="{span}">{e(text)}</td>' if span > 1 else f"<td>{e(text)}</td>")
        out.append("<tr>" + "".join(cells) + "</tr>")
        index += 1
    out.append("</tbody>")
    if tfoot:
        out.append("<tfoot>" + "".join("<tr>" + "".join(f"<td>{e(c)}</td>" for c in row) + "</tr>"
                                       for row in tfoot) + "</tfoot>")
    out.append("</table>")
    return "".join(out)


def old_html(layout: Layout) -> str:
    """The page as an older committee system writes it: border="1" cellspacing, no thead."""
    page = layout_html(layout, meeting="", ruled=True)
    page = page.replace('<table class="plan">', '<table class="plan" border="1" cellspacing="2" cellpadding="3">')
    page = page.replace("<thead>", "").replace("</thead><tbody>", "")
    start, end = page.index("<style>") + len("<style>"), page.index("</style>")
    return page[:start] + _OLD_CSS + page[end:]


def layout_html(layout: Layout, *, meeting: str, ruled: bool = True) -> str:
    """The page a committee system renders: title, date line, the plan table(s), a key below."""
    e = html.escape
    totals = [n for n in layout.notes if len(n) > 1]
    key = [n[0] for n in layout.notes if len(n) == 1]
    parts = [f"<h1>{e(layout.title)}</h1><p>{e(layout.dated)}</p>"]
    if layout.table_per_section:
        for heading, rows in sections(layout):
            if heading:
                parts.append(f"<h2>{e(heading)}</h2>")
            parts.append(_html_table(layout, list(rows), tfoot=[]))
    else:
        parts.append(_html_table(layout, list(layout.body), tfoot=totals))
    parts.extend(f"<p>{e(line)}</p>" for line in key)
    css = (_CSS % {"meeting": meeting}) if ruled else _UNRULED_CSS
    return (f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{e(layout.title)}</title>'
            f"<style>{css}</style></head><body>{''.join(parts)}</body></html>")


def chromium_pdf(page: str, target: Path, *, browser_furniture: bool = False) -> None:
    with tempfile.TemporaryDirectory() as work:
        source = Path(work) / "paper.html"
        source.write_text(page, encoding="utf-8")
        furniture = [] if browser_furniture else ["--no-pdf-header-footer"]
        subprocess.run(["chromium", "--headless", "--no-sandbox", "--disable-gpu", *furniture,
                        f"--user-data-dir={work}/profile", f"--print-to-pdf={target}", source.as_uri()],
                       check=True, capture_output=True)


# --- ReportLab: a report tool's table -----------------------------------------------------------


def reportlab_pdf(layout: Layout, target: Path) -> None:
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.lib.units import cm
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    # A Unicode font, as report tools embed (Helvetica has no faces: kirklees's ☺ 😐 ☹ would be lost).
    pdfmetrics.registerFont(TTFont("DejaVuSans", "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"))
    pdfmetrics.registerFont(TTFont("DejaVuSans-Bold", "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"))
    pdfmetrics.registerFontFamily("DejaVuSans", normal="DejaVuSans", bold="DejaVuSans-Bold")
    styles = getSampleStyleSheet()
    for style in styles.byName.values():
        style.fontName = "DejaVuSans-Bold" if "Bold" in getattr(style, "fontName", "") else "DejaVuSans"
    cell, bold = styles["BodyText"], styles["Heading5"]
    page_width = landscape(A4)[0] - 3 * cm
    weights = _weights(layout.headers)
    widths = [page_width * w / sum(weights) for w in weights]

    def table(items: list[Heading | tuple[str, ...]]) -> Table:
        data = [[Paragraph(f"<b>{html.escape(h)}</b>", cell) for h in layout.headers]]
        style = [("GRID", (0, 0), (-1, -1), 0.5, colors.black), ("VALIGN", (0, 0), (-1, -1), "TOP"),
                 ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#d9e2f3"))]
        actions = [item for item in items if not isinstance(item, Heading)]
        spans = _spans(actions, layout.merge_down)
        index = 0
        for item in items:
            row = len(data)
            if isinstance(item, Heading):
                data.append([Paragraph(html.escape(item.text), bold)] + [""] * (len(widths) - 1))
                style += [("SPAN", (0, row), (-1, row)), ("BACKGROUND", (0, row), (-1, row), colors.whitesmoke)]
                continue
            data.append([Paragraph(html.escape(text), cell) if spans.get((index, column), 1) else ""
                         for column, text in enumerate(item)])
            for column in layout.merge_down:
                if spans.get((index, column), 1) > 1:
                    style.append(("SPAN", (column, row), (column, row + spans[(index, column)] - 1)))
            index += 1
        return Table(data, colWidths=widths, repeatRows=1, splitInRow=1, style=TableStyle(style))

    story: list = [Paragraph(html.escape(layout.title), styles["Title"]),  # type: ignore[type-arg]
                   Paragraph(html.escape(layout.dated), styles["Normal"]), Spacer(1, 8)]
    if layout.table_per_section:
        for heading, rows in sections(layout):
            if heading:
                story.append(Paragraph(html.escape(heading), styles["Heading3"]))
            story.append(table(list(rows)))
    else:
        story.append(table(list(layout.body)))
    story.extend([Spacer(1, 8), *(Paragraph(html.escape("  ".join(c for c in n if c)), cell) for n in layout.notes)])

    def number(canvas, doc) -> None:  # type: ignore[no-untyped-def]
        canvas.setFont("Helvetica", 8)
        canvas.drawCentredString(landscape(A4)[0] / 2, 0.8 * cm, f"Page {doc.page}")

    document = SimpleDocTemplate(str(target), pagesize=landscape(A4), leftMargin=1.5 * cm, rightMargin=1.5 * cm,
                                 topMargin=1.5 * cm, bottomMargin=1.5 * cm, title=layout.title,
                                 invariant=True)  # invariant: the same bytes on every run
    document.build(story, onFirstPage=number, onLaterPages=number)


# --- fpdf2: another report library's table ----------------------------------------------------


def fpdf_pdf(layout: Layout, target: Path) -> None:
    from fpdf import FPDF
    from fpdf.fonts import FontFace

    pdf = FPDF(orientation="landscape", format="A4")
    pdf.set_creation_date(datetime(2024, 1, 1, tzinfo=UTC))  # the same bytes on every run
    pdf.add_font("DejaVu", "", "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
    pdf.add_font("DejaVu", "B", "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf")
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.add_page()
    pdf.set_font("DejaVu", "B", 16)
    pdf.multi_cell(0, 9, layout.title, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "", 10)
    pdf.multi_cell(0, 6, layout.dated, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    weights = _weights(layout.headers)

    def table(items: list[Heading | tuple[str, ...]]) -> None:
        actions = [item for item in items if not isinstance(item, Heading)]
        spans = _spans(actions, layout.merge_down)
        with pdf.table(col_widths=tuple(weights), text_align="LEFT", line_height=5, repeat_headings=1,
                       headings_style=FontFace(emphasis="BOLD", fill_color=(217, 226, 243))) as grid:
            header = grid.row()
            for text in layout.headers:
                header.cell(text)
            index = 0
            for item in items:
                row = grid.row()
                if isinstance(item, Heading):
                    row.cell(item.text, colspan=len(layout.headers), style=FontFace(emphasis="BOLD"))
                    continue
                for column, text in enumerate(item):
                    span = spans.get((index, column), 1)
                    if span:
                        row.cell(text, rowspan=span)
                index += 1

    if layout.table_per_section:
        for heading, rows in sections(layout):
            if heading:
                pdf.set_font("DejaVu", "B", 12)
                pdf.multi_cell(0, 8, heading, new_x="LMARGIN", new_y="NEXT")
                pdf.set_font("DejaVu", "", 10)
            table(list(rows))
            pdf.ln(4)
    else:
        table(list(layout.body))
    pdf.ln(3)
    for note in layout.notes:
        pdf.multi_cell(0, 5, "  ".join(c for c in note if c), new_x="LMARGIN", new_y="NEXT")
    pdf.output(str(target))


def main() -> None:
    if shutil.which("chromium") is None:
        sys.exit("chromium not found: apt-get install chromium")
    layouts = {**LAYOUTS, "long_plan": long_plan()}
    for generator in ("chromium", "reportlab"):
        (OUT / generator).mkdir(parents=True, exist_ok=True)
    for name, layout in layouts.items():
        chromium_pdf(layout_html(layout, meeting="Cabinet 15 July 2025 - Agenda item 7"),
                     OUT / "chromium" / f"{name}.pdf")
        reportlab_pdf(layout, OUT / "reportlab" / f"{name}.pdf")
    chromium_pdf(layout_html(LAYOUTS["york_improvement_2009"], meeting="", ruled=False),
                 OUT / "chromium" / "unruled_york_improvement_2009.pdf")
    (OUT / "fpdf2").mkdir(parents=True, exist_ok=True)
    for name, layout in LAYOUTS.items():  # not the long plan: fpdf2 2.8 does not split a row over pages
        fpdf_pdf(layout, OUT / "fpdf2" / f"{name}.pdf")
    (OUT / "chromium_old").mkdir(parents=True, exist_ok=True)
    for name, layout in layouts.items():
        chromium_pdf(old_html(layout), OUT / "chromium_old" / f"{name}.pdf", browser_furniture=True)
    for path in sorted(OUT.glob("*/*.pdf")):
        print(f"wrote {path.relative_to(HERE)} ({path.stat().st_size:,} bytes)")


if __name__ == "__main__":
    main()
