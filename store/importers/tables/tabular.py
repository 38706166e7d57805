"""Read plans kept as spreadsheets or Word tables: CSV, XLSX (openpyxl) and DOCX (python-docx).

One action per row. The header row is found by meaning (``store.importers.tables.columns``), so title rows
above it, other wording ("Owner", "Deadline", "Update", "RAG", "Ref") and any column order work.
A row with cells but no action text is an error naming its row: in a spreadsheet every action
has its own row.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Iterable
from datetime import date, datetime
from pathlib import Path
from typing import Any

from store.cell_safety import restore
from store.errors import ImportFileError
from store.importers.indicators.columns import map_indicator_headers
from store.importers.tables.cells import one_line
from store.importers.tables.columns import ColumnMap, map_headers, match_header
from store.importers.tables.limits import MAX_CELL_CHARS
from store.importers.tables.rows import IndicatorTable, RawRow, SourceDocument
from store.importers.tables.text import DATE_LINE, read_text
from store.importers.tables.two_row_header import second_header_row

_HEADER_SEARCH_ROWS = 30


def _cell(value: Any) -> str:
    """A spreadsheet value as the text a council would have typed."""
    if value is None:
        return ""
    if isinstance(value, datetime | date):
        return f"{value.day} {value:%B %Y}"  # UK style, day first: "31 March 2006"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


_NOTE_START = re.compile(r"(?i)^\s*(?:\*|†|note\b|notes\b|key\b|source\b|sources\b|nb\b|n\.b\.|total\b|totals\b|"
                         r"summary\b|count\b|last updated\b|updated\b|as at\b)")
_REF_LIKE = re.compile(r"^\s*[A-Za-z]{0,3}\s*\d+(?:[.\s]\s*\d+)*[a-z]?\.?\s*$")


def _collapse_merged(cells: list[str]) -> list[str]:
    """A row whose cells all hold the same text is one merged cell (a section heading across
    the table): keep the text once, in its first column."""
    filled = [(i, c) for i, c in enumerate(cells) if c.strip()]
    if len(filled) >= 2 and len({one_line(c) for _i, c in filled}) == 1:
        first = filled[0][0]
        return [c if i == first else "" for i, c in enumerate(cells)]
    return cells


def _repeats_header(cells: list[str], columns: ColumnMap) -> bool:
    """Is this row the header again (repeated on each printed page)?

    Only a row whose cell under the action column reads as an action header can be; checking
    that one cell first spares matching every cell of every data row against every header word.
    """
    at = columns.fields["action"]
    if at >= len(cells) or match_header(one_line(cells[at]))[0] != "action":
        return False
    again = map_headers([one_line(c) for c in cells])
    return again is not None and again.fields == columns.fields


def _rows_to_document(
    doc: SourceDocument,
    rows: Iterable[tuple[int, list[str]]],
    *,
    table: int,
    heading: str | None = None,
    label: str = "",
    sheet: str | None = None,
) -> bool:
    """Add one table's rows to ``doc``; False when the table has no plan header.

    Above the header: a one-cell row is the title (the first one) or a dated line; two or three
    cells are glossary lines. Below it: a row repeating the header (one per printed page) is
    skipped; a row of one cell, or one merged across the row, is a section heading for the rows
    under it; notes, keys and totals rows are set aside and reported; every other row is one action.
    """
    columns: ColumnMap | None = None
    header: list[str] = []  # the header row as written
    header_columns: ColumnMap | None = None  # its own columns (before a second header row names them in full)
    second: list[str] | None = None  # a two-row header's second row, once found (skipped when repeated)
    first_below = False  # the next row is the first under the header (where a second header row is)
    indicators: IndicatorTable | None = None  # a table of indicators: every row below its header is one
    noted: tuple[str, str] | None = None  # a one-cell row just set aside as a note (text, its skipped line)
    title_row = ""  # the last one-cell row above the header: a table's own title
    pending = heading
    for number, raw_cells in rows:
        cells = [c if isinstance(c, str) else str(c) for c in raw_cells]
        if indicators is not None:
            if any(c.strip() for c in cells):
                indicators.rows.append((number, cells))
            continue
        if (columns is None or map_headers([one_line(c) for c in cells]) is None) and \
                map_indicator_headers([one_line(c) for c in cells]) is not None:
            above = pending if columns is not None else title_row or heading or doc.title or None
            if columns is None and title_row and doc.title == title_row and not doc.rows:
                doc.title = ""  # the line above titled the indicators, not the plan
            if noted is not None:  # "Key ... indicators" just above: the table's heading, not a note
                doc.skipped.remove(noted[1])
                above = noted[0]
            indicators = IndicatorTable(header=cells, where=number, label=label, heading=above)
            doc.indicator_tables.append(indicators)
            continue
        if any(c.strip() for c in cells):
            noted = None
        if columns is None:
            columns = map_headers([one_line(c) for c in cells])
            filled = [c.strip() for c in cells if c.strip()]
            if columns is None and filled and number > _HEADER_SEARCH_ROWS:
                return False
            if columns is None and len(set(filled)) == 1:
                title_row = one_line(filled[0])
                doc.text_lines.append((number, one_line(filled[0])))
                if not doc.title and not _NOTE_START.match(filled[0]):
                    doc.title = one_line(filled[0])
            elif columns is None and len(filled) in (2, 3):
                doc.glossary_rows.append((number, [c.strip() for c in cells]))
            if columns is not None:
                doc.headers.append((f"{label}row {number}", tuple(one_line(c) for c in cells if c.strip())))
                doc.columns_seen.update(columns.fields)
                header, header_columns, first_below = cells, columns, True
            continue
        if not any(c.strip() for c in cells):
            continue
        if first_below:
            first_below = False
            both = second_header_row(header, cells, columns)
            if both is not None:  # "Timescale" over "Start | End": name each column over both rows
                columns, second = both, [one_line(c) for c in cells]
                doc.headers[-1] = (doc.headers[-1][0], tuple(h for h in both.headers if h.strip()))
                doc.columns_seen.update(columns.fields)
                continue
        if second is not None and [one_line(c) for c in cells] == second:
            continue  # the second header row again, under the header repeated on a new page
        longest = max(len(c) for c in cells)
        if longest > MAX_CELL_CHARS:
            raise ImportFileError(doc.path, f"{'' if sheet else label}a cell holds {longest:,} characters, over the "
                                  f"{MAX_CELL_CHARS:,} a spreadsheet cell may hold", row=number, sheet=sheet)
        if _repeats_header(cells, header_columns or columns):
            doc.skipped.append(f"{label}{doc.unit} {number}: the header row repeated (skipped)")
            continue
        cells = _collapse_merged(cells)
        present = [(i, c) for i, c in enumerate(cells) if c.strip()]
        first_text = one_line(present[0][1])
        if _NOTE_START.match(first_text):
            shown = " | ".join(one_line(c) for _i, c in present)
            shown = shown if len(shown) <= 70 else shown[:69] + "…"
            doc.skipped.append(f"{label}{doc.unit} {number}: not an action, set aside: {shown!r}")
            noted = (first_text, doc.skipped[-1]) if len(present) == 1 else None
            continue
        action_at = columns.fields["action"]
        ref_at = columns.fields.get("ref")
        if len(present) == 1:
            index, text = present[0]
            is_action = index == action_at and ref_at is not None
            is_bare_ref = index == ref_at and _REF_LIKE.match(text)
            if not is_action and not is_bare_ref:
                pending = one_line(text)  # a section heading for the rows below
                continue
        if not columns.get(cells, "action").strip():
            raise ImportFileError(
                doc.path,
                f"{'' if sheet else label}the row has no action text: every row of a spreadsheet is "
                "one action; fill in its action or delete the row",
                line=number if doc.unit == "line" else None,
                row=number if doc.unit == "row" else None,
                field=columns.headers[action_at].strip(),
                sheet=sheet,
            )
        named = {name: one_line(columns.headers[i]) for name, i in columns.fields.items() if i < len(columns.headers)}
        doc.rows.append(
            RawRow(
                where=number,
                cells={name: columns.get(cells, name) for name in columns.fields},
                extra=columns.unmapped(cells),
                heading=pending,
                table=table,
                order=tuple(sorted(columns.fields, key=columns.fields.__getitem__)),
                sheet=sheet,
                headers=named,
            )
        )
        pending = None
    return columns is not None


def _no_table(path: Path) -> ImportFileError:
    return ImportFileError(
        path.name,
        "no plan table found: the header row needs an action column "
        "(e.g. 'Action') and another such as Lead/Owner, Due/Deadline or Ref",
    )


def read_rows(path: Path, rows: list[tuple[int, list[str]]], *, unit: str = "row") -> SourceDocument:
    """One table given as rows of cells (CSV, tab-separated text): the same reading for both."""
    doc = SourceDocument(path=path.name, unit=unit)
    _rows_to_document(doc, rows, table=0)
    if not doc.rows and not doc.indicator_tables:
        raise _no_table(path)
    return doc


def check_quotes(path: Path, text: str, delimiter: str) -> None:
    """Refuse a quote that is never closed: it would swallow every later row into one cell."""
    reader = csv.reader(io.StringIO(text), delimiter=delimiter, strict=True)
    record, line = 0, 0
    try:
        for _ in reader:
            record, line = record + 1, reader.line_num
    except csv.Error as exc:
        if "unexpected end of data" in str(exc):
            raise ImportFileError(path.name, "a quote (\") opens here and is never closed, so every row after it "
                                  "would be read as one cell; close the quote and import again",
                                  line=line + 1, row=record + 1) from None
        # other strictness complaints ("a"b) are tolerated, as spreadsheets write them


def read_csv(path: Path) -> SourceDocument:
    """A CSV plan (comma, semicolon or tab separated)."""
    text = read_text(path)
    # The delimiter is whichever of , ; or tab the header line uses most (csv.Sniffer misreads quotes).
    first_line = text.split("\n", 1)[0]
    delimiter = max(",;\t", key=first_line.count)
    check_quotes(path, text, delimiter)
    try:
        rows = [(n, [restore(cell) for cell in row])
                for n, row in enumerate(csv.reader(io.StringIO(text), delimiter=delimiter), start=1)]
    except csv.Error as exc:
        raise ImportFileError(path.name, f"not a readable CSV file ({exc})") from exc
    return read_rows(path, rows)


def _sheet_rows(sheet: Any) -> list[tuple[int, list[str]]]:
    """A worksheet's rows as text, each merged range's value repeated over every cell it covers
    (a lead merged down several actions leads each of them; a heading merged across the row
    reads as one cell)."""
    values = [[_cell(v) for v in row] for row in sheet.iter_rows(values_only=True)]
    for merged in sheet.merged_cells.ranges:
        top = values[merged.min_row - 1][merged.min_col - 1] if merged.min_row <= len(values) else ""
        for r in range(merged.min_row, min(merged.max_row, len(values)) + 1):
            row = values[r - 1]
            row.extend([""] * (merged.max_col - len(row)))
            for c in range(merged.min_col, merged.max_col + 1):
                row[c - 1] = top
    return list(enumerate(values, start=1))


def read_xlsx(path: Path) -> SourceDocument:
    """An Excel workbook: every sheet with a plan table. When several sheets have one (a sheet
    per section), each sheet's name heads its rows as a section; other sheets are ignored."""
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(path, data_only=True)
    except (zipfile.BadZipFile, OSError, KeyError, ValueError) as exc:
        raise ImportFileError(path.name, f"not a readable .xlsx workbook ({exc})") from exc
    except Exception as exc:  # missing or broken parts: openpyxl raises many kinds
        raise ImportFileError(path.name, f"not a readable .xlsx workbook ({type(exc).__name__})") from None
    doc = SourceDocument(path=path.name, unit="row")
    try:
        plan_sheets, indicator_sheets = [], []
        for sheet in workbook.worksheets:
            probe = SourceDocument(path=path.name, unit="row")
            try:
                _rows_to_document(probe, _sheet_rows(sheet), table=0)
                if probe.rows:
                    plan_sheets.append(sheet)
                elif probe.indicator_tables:
                    indicator_sheets.append(sheet)  # a sheet of indicators heads no section
            except ImportFileError:
                plan_sheets.append(sheet)  # read again below, so the error names its sheet
        read = [s for s in workbook.worksheets if s in plan_sheets or s in indicator_sheets]
        for table, sheet in enumerate(read):
            label = f"sheet {sheet.title!r}: " if len(workbook.worksheets) > 1 else ""
            heading = sheet.title if len(plan_sheets) > 1 or sheet in indicator_sheets else None
            _rows_to_document(doc, _sheet_rows(sheet), table=table, heading=heading, label=label, sheet=sheet.title)
    finally:
        workbook.close()
    if not doc.rows and not doc.indicator_tables:
        raise _no_table(path)
    return doc


def read_docx(path: Path) -> SourceDocument:
    """A Word document: every table whose header means a plan; paragraphs give the title,
    section headings (the paragraph just before a table) and glossary lines."""
    import docx
    from docx.document import Document as DocumentObject
    from docx.opc.exceptions import PackageNotFoundError
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        document: DocumentObject = docx.Document(str(path))
    except (zipfile.BadZipFile, KeyError, ValueError, PackageNotFoundError) as exc:
        raise ImportFileError(path.name, f"not a readable .docx document ({exc})") from exc
    except Exception as exc:  # missing or broken parts: python-docx raises many kinds
        raise ImportFileError(path.name, f"not a readable .docx document ({type(exc).__name__})") from None
    doc = SourceDocument(path=path.name, unit="row")
    last_paragraph: str | None = None
    table_index = 0
    line = 0
    for block in document.iter_inner_content():
        if isinstance(block, Paragraph):
            text = block.text.strip()
            line += 1
            if text:
                doc.text_lines.append((line, text))
                doc.title = doc.title or text
                last_paragraph = text
            continue
        assert isinstance(block, Table)
        # python-docx repeats a merged cell's text in every grid column and row it covers.
        rows = [(n, [cell.text for cell in row.cells]) for n, row in enumerate(block.rows, start=1)]
        # The paragraph above a table heads it, unless it is the document's title or date line.
        heading = last_paragraph
        if heading is not None and ((heading == doc.title and not doc.rows) or DATE_LINE.search(heading)):
            heading = None
        _rows_to_document(doc, rows, table=table_index, heading=heading, label=f"table {table_index + 1}: ")
        table_index += 1
        last_paragraph = None
    if not doc.rows and not doc.indicator_tables:
        raise _no_table(path)
    return doc
