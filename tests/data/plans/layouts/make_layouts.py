"""Write the plan-layout corpus: each layout in every format it can be saved in.

Run from the repository root: ``python tests/data/plans/layouts/make_layouts.py``. The .txt and
.csv files are written as a council's spreadsheet saves them; the .xlsx and .docx files are built
with openpyxl and python-docx with the layout's merged cells, sheets and tables, and their
timestamps are fixed so the files are the same on every run. Where each layout comes from is in
README.md beside this script and in ``LAYOUTS[...].source``.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
FIXED = dt.datetime(2024, 1, 1, 12, 0, 0)


@dataclass(frozen=True)
class Heading:
    """A section heading row between actions (or a sheet / table title, per format)."""

    text: str


@dataclass(frozen=True)
class Layout:
    """One plan layout: its table, and how each format lays it out."""

    title: str
    dated: str  # a line under the title: "Position as at 30 June 2023"
    headers: tuple[str, ...]
    body: tuple[Heading | tuple[str, ...], ...]
    formats: tuple[str, ...]
    source: str
    notes: tuple[tuple[str, ...], ...] = ()  # key / totals rows below the table
    repeat_header_every: int = 0  # text and CSV: the header again every N actions (a page)
    sheet_per_section: bool = False  # XLSX: a sheet per section, named by its heading
    table_per_section: bool = False  # DOCX: a table per section, its heading a paragraph above
    merge_down: tuple[int, ...] = ()  # columns whose repeated text is one merged cell (XLSX, DOCX)
    text_headings_plain: bool = False  # text: headings as plain lines, not rows of one cell
    extra: dict[str, str] = field(default_factory=dict)
    # A key or legend table between the title block and the plan (its rows as written).
    above: tuple[tuple[str, ...], ...] = ()
    # A second header row under ``headers`` (two-row headers): a group header such as "Timescale"
    # over "Start | End" is written once, the cells it spans to its right left blank in ``headers``
    # (merged across in XLSX and DOCX); a header with nothing under it is merged down.
    subheaders: tuple[str, ...] = ()


def sections(layout: Layout) -> list[tuple[str | None, list[tuple[str, ...]]]]:
    """The body split at headings: (heading, rows)."""
    out: list[tuple[str | None, list[tuple[str, ...]]]] = []
    for item in layout.body:
        if isinstance(item, Heading):
            out.append((item.text, []))
        else:
            if not out:
                out.append((None, []))
            out[-1][1].append(item)
    return out


def _blank_repeats(rows: list[tuple[str, ...]], columns: tuple[int, ...]) -> list[list[str]]:
    """Rows as a merged cell saves them to CSV/text: its text in the top row only."""
    out = []
    for index, row in enumerate(rows):
        cells = list(row)
        for column in columns:
            if index and rows[index - 1][column] == row[column]:
                cells[column] = ""
        out.append(cells)
    return out


def table_rows(layout: Layout) -> list[list[str]]:
    """The layout as rows of cells, as a spreadsheet holds it (title, date, header, body, notes)."""
    width = len(layout.headers)
    rows: list[list[str]] = [[layout.title] + [""] * (width - 1), [layout.dated] + [""] * (width - 1)]
    rows.extend(list(row) + [""] * (width - len(row)) for row in layout.above)
    rows.append(list(layout.headers))
    if layout.subheaders:
        rows.append(list(layout.subheaders))
    count = 0
    body_rows: list[tuple[str, ...]] = [r for r in layout.body if not isinstance(r, Heading)]
    blanked = iter(_blank_repeats(body_rows, layout.merge_down))
    for item in layout.body:
        if isinstance(item, Heading):
            rows.append([item.text] + [""] * (width - 1))
            continue
        if layout.repeat_header_every and count and count % layout.repeat_header_every == 0:
            rows.append(list(layout.headers))
            if layout.subheaders:
                rows.append(list(layout.subheaders))
        rows.append(next(blanked))
        count += 1
    rows.extend(list(note) + [""] * (width - len(note)) for note in layout.notes)
    return rows


def write_text(layout: Layout, path: Path) -> None:
    headings = {item.text for item in layout.body if isinstance(item, Heading)}
    lines = []
    for row in table_rows(layout):
        filled = [c for c in row if c]
        if len(filled) == 1 and row[0] in (layout.title, layout.dated):
            lines.append(row[0])  # the title lines above the table have no tabs
        elif len(filled) == 1 and row[0] in headings and layout.text_headings_plain:
            lines.append(row[0])  # a heading typed as a line of its own
        else:
            lines.append("\t".join(row))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def write_csv(layout: Layout, path: Path) -> None:
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(table_rows(layout))
    path.write_text(out.getvalue(), encoding="utf-8")


def _merge_runs(values: list[str]) -> list[tuple[int, int]]:
    """Runs (first, last) of equal, non-empty neighbouring values."""
    runs, start = [], 0
    for index in range(1, len(values) + 1):
        if index == len(values) or values[index] != values[start]:
            if index - 1 > start and values[start]:
                runs.append((start, index - 1))
            start = index
    return runs


def write_xlsx(layout: Layout, path: Path) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    workbook.remove(workbook.active)
    width = len(layout.headers)
    parts = sections(layout) if layout.sheet_per_section else [(None, [r for r in layout.body])]
    for heading, rows in parts:
        sheet = workbook.create_sheet((heading or "Action plan")[:31])
        sheet.append([layout.title])
        sheet.append([layout.dated])
        for row in layout.above:
            sheet.append(list(row))
        sheet.append(list(layout.headers))
        for cell in sheet[sheet.max_row]:
            cell.font = Font(bold=True)
        if layout.subheaders:
            sheet.append(list(layout.subheaders))
            _merge_header(sheet, layout)
        body: list[tuple[str, ...]] = []
        for item in rows:
            if isinstance(item, Heading):
                sheet.append([item.text] + [""] * (width - 1))
                sheet.merge_cells(start_row=sheet.max_row, start_column=1, end_row=sheet.max_row, end_column=width)
                body = []
                continue
            sheet.append(list(item))
            body.append(item)
            first_row = sheet.max_row - len(body) + 1
            for column in layout.merge_down:
                for start, end in _merge_runs([r[column] for r in body]):
                    if end == len(body) - 1 and end > start:
                        for merged in list(sheet.merged_cells.ranges):
                            if merged.min_col == column + 1 and merged.min_row == first_row + start:
                                sheet.merged_cells.remove(merged)
                        sheet.merge_cells(
                            start_row=first_row + start,
                            start_column=column + 1,
                            end_row=first_row + end,
                            end_column=column + 1,
                        )
        for note in layout.notes:
            sheet.append(list(note))
    workbook.properties.created = workbook.properties.modified = FIXED
    workbook.save(path)
    _fix_zip_times(path)


def _header_spans(layout: Layout) -> tuple[list[tuple[int, int]], list[int]]:
    """A two-row header's merges: (first, last) columns of each group header, and the columns
    whose header has nothing under it (merged down over both rows)."""
    across, down = [], []
    for index, text in enumerate(layout.headers):
        if not text:
            continue
        last = index
        while last + 1 < len(layout.headers) and not layout.headers[last + 1]:
            last += 1
        if last > index:
            across.append((index, last))
        elif not layout.subheaders[index]:
            down.append(index)
    return across, down


def _merge_header(sheet: Any, layout: Layout) -> None:
    across, down = _header_spans(layout)
    top = sheet.max_row - 1
    for first, last in across:
        sheet.merge_cells(start_row=top, start_column=first + 1, end_row=top, end_column=last + 1)
    for column in down:
        sheet.merge_cells(start_row=top, start_column=column + 1, end_row=top + 1, end_column=column + 1)


def write_docx(layout: Layout, path: Path) -> None:
    import docx

    document = docx.Document()
    document.add_heading(layout.title, level=1)
    document.add_paragraph(layout.dated)
    width = len(layout.headers)
    if layout.above:  # the key as a small table of its own above the plan
        key = document.add_table(rows=0, cols=max(len(row) for row in layout.above))
        key.style = "Table Grid"
        for row in layout.above:
            for cell, text in zip(key.add_row().cells, row, strict=False):
                cell.text = text

    def new_table() -> docx.table.Table:
        table = document.add_table(rows=2 if layout.subheaders else 1, cols=width)
        table.style = "Table Grid"
        for cell, text in zip(table.rows[0].cells, layout.headers, strict=True):
            cell.text = text
        if layout.subheaders:
            for cell, text in zip(table.rows[1].cells, layout.subheaders, strict=True):
                cell.text = text
            across, down = _header_spans(layout)
            for first, last in across:
                table.cell(0, first).merge(table.cell(0, last))
            for column in down:
                table.cell(0, column).merge(table.cell(1, column))
        return table

    def fill(table: docx.table.Table, rows: list[Heading | tuple[str, ...]]) -> None:
        body: list[tuple[int, tuple[str, ...]]] = []
        for item in rows:
            cells = table.add_row().cells
            if isinstance(item, Heading):
                merged = cells[0].merge(cells[-1])
                merged.text = item.text
                body = []
                continue
            for column, (cell, text) in enumerate(zip(cells, item, strict=True)):
                above = body[-1][1][column] if body else None
                if column in layout.merge_down and above == text and text:
                    top = table.cell(body[-1][0], column)
                    top.merge(cell)  # the merged cell keeps the top cell's text
                else:
                    cell.text = text
            body.append((len(table.rows) - 1, item))

    if layout.table_per_section:
        for heading, rows in sections(layout):
            if heading:
                document.add_heading(heading, level=2)
            fill(new_table(), list(rows))
    else:
        fill(new_table(), list(layout.body))
    for note in layout.notes:
        document.add_paragraph(" ".join(c for c in note if c))
    document.core_properties.created = document.core_properties.modified = FIXED
    document.save(str(path))
    _fix_zip_times(path)


def _fix_zip_times(path: Path) -> None:
    """Rewrite the archive with fixed member times, so a re-run writes the same bytes."""
    with zipfile.ZipFile(path) as source:
        members = [(info.filename, source.read(info.filename)) for info in source.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in sorted(members):
            if name == "docProps/core.xml":  # openpyxl stamps the time of saving
                data = re.sub(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*", rb"\g<1>2024-01-01T12:00:00Z", data)
            info = zipfile.ZipInfo(name, date_time=FIXED.timetuple()[:6])
            info.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(info, data)


WRITERS = {"txt": write_text, "csv": write_csv, "xlsx": write_xlsx, "docx": write_docx}


def main() -> None:
    from layouts_data import LAYOUTS  # the corpus itself, kept apart from the writers

    for name, layout in LAYOUTS.items():
        for suffix in layout.formats:
            WRITERS[suffix](layout, HERE / f"{name}.{suffix}")
            print(f"wrote {name}.{suffix}")


if __name__ == "__main__":
    import sys

    sys.path.insert(0, str(HERE))
    sys.modules.setdefault("make_layouts", sys.modules[__name__])  # one Heading class, not two
    main()
