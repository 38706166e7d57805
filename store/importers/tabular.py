"""Read plans kept as spreadsheets or Word tables: CSV, XLSX (openpyxl) and DOCX (python-docx).

One action per row. The header row is found by meaning (``store.importers.columns``), so title rows
above it, other wording ("Owner", "Deadline", "Update", "RAG", "Ref") and any column order work.
A row with cells but no action text is an error naming its row: in a spreadsheet every action
has its own row.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterable
from datetime import date, datetime
from pathlib import Path
from typing import Any

from store.cell_safety import restore
from store.errors import ImportFileError
from store.importers.cells import one_line
from store.importers.columns import ColumnMap, map_headers
from store.importers.limits import MAX_CELL_CHARS
from store.importers.rows import RawRow, SourceDocument
from store.importers.text import read_text

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


def _rows_to_document(
    doc: SourceDocument,
    rows: Iterable[tuple[int, list[str]]],
    *,
    table: int,
    heading: str | None = None,
    label: str = "",
) -> bool:
    """Add one table's rows to ``doc``; False when the table has no plan header."""
    columns: ColumnMap | None = None
    first = True
    for number, cells in rows:
        if columns is None:
            columns = map_headers([one_line(c) for c in cells])
            if columns is None and any(c.strip() for c in cells) and number > _HEADER_SEARCH_ROWS:
                return False
            if columns is None and len([c for c in cells if c.strip()]) in (2, 3):
                doc.glossary_rows.append((number, [c.strip() for c in cells]))
            continue
        if not any(c.strip() for c in cells):
            continue
        longest = max(len(c) for c in cells)
        if longest > MAX_CELL_CHARS:
            raise ImportFileError(doc.path, f"{label}a cell holds {longest:,} characters, over the "
                                  f"{MAX_CELL_CHARS:,} a spreadsheet cell may hold", row=number)
        if not columns.get(cells, "action").strip():
            raise ImportFileError(
                doc.path,
                f"{label}the row has no action text: every row of a spreadsheet is "
                "one action; fill in its action or delete the row",
                row=number,
                field=columns.headers[columns.fields["action"]].strip(),
            )
        doc.rows.append(
            RawRow(
                where=number,
                cells={name: columns.get(cells, name) for name in columns.fields},
                extra=columns.unmapped(cells),
                heading=heading if first else None,
                table=table,
                order=tuple(sorted(columns.fields, key=columns.fields.__getitem__)),
            )
        )
        first = False
    return columns is not None


def _no_table(path: Path) -> ImportFileError:
    return ImportFileError(
        path.name,
        "no plan table found: the header row needs an action column "
        "(e.g. 'Action') and another such as Lead/Owner, Due/Deadline or Ref",
    )


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
    doc = SourceDocument(path=path.name, unit="row", title=path.stem)
    check_quotes(path, text, delimiter)
    try:
        rows = [(n, [restore(cell) for cell in row])
                for n, row in enumerate(csv.reader(io.StringIO(text), delimiter=delimiter), start=1)]
    except csv.Error as exc:
        raise ImportFileError(path.name, f"not a readable CSV file ({exc})") from exc
    if not _rows_to_document(doc, rows, table=0) or not doc.rows:
        raise _no_table(path)
    return doc


def read_xlsx(path: Path) -> SourceDocument:
    """An Excel workbook: the first sheet with a plan table (other sheets are ignored)."""
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # missing or broken parts: openpyxl raises many kinds
        raise ImportFileError(path.name, f"not a readable .xlsx workbook ({type(exc).__name__}: {exc})"[:300]) \
            from None
    doc = SourceDocument(path=path.name, unit="row", title=path.stem)
    try:
        for table, sheet in enumerate(workbook.worksheets):
            rows = ((n, [_cell(v) for v in row]) for n, row in enumerate(sheet.iter_rows(values_only=True), 1))
            if _rows_to_document(doc, rows, table=table, label=f"sheet {sheet.title!r}: ") and doc.rows:
                doc.title = sheet.title if len(workbook.worksheets) > 1 else path.stem
                return doc
    finally:
        workbook.close()
    raise _no_table(path)


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
        rows = [(n, [cell.text for cell in row.cells]) for n, row in enumerate(block.rows, start=1)]
        _rows_to_document(doc, rows, table=table_index, heading=last_paragraph, label=f"table {table_index + 1}: ")
        table_index += 1
        last_paragraph = None
    if not doc.rows:
        raise _no_table(path)
    return doc
