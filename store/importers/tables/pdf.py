"""Read plans published as PDF committee papers: the ruled tables of the text layer (pdfplumber).

Word and Excel export a table with borders as drawn lines, which pdfplumber's "lines" strategy
turns back into rows and cells. Pages are read one at a time and let go of. A table that runs on
over pages is one table: a part at the top of a page with the same columns as the table that
ended the page before carries it on (its repeated header row is skipped as in the other formats),
and a row cut by the page break is joined back. Lines outside tables are the title, dated lines
and headings; page furniture ("Page 3 of 12", running headers and footers) is dropped. The rows
then go through the same reading as Word and Excel tables (``tabular._rows_to_document``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path

from store.errors import ImportFileError
from store.importers.tables.cells import one_line
from store.importers.tables.columns import ColumnMap, map_headers
from store.importers.tables.limits import ImportLimits
from store.importers.tables.pdf_page import Margin, Part, page_blocks, same_columns
from store.importers.tables.pdf_safety import check_pdf_file, check_pdf_streams, open_pdf
from store.importers.tables.rows import SourceDocument
from store.importers.tables.tabular import _rows_to_document
from store.importers.tables.text import DATE_LINE

_FURNITURE = re.compile(r"(?i)^(?:page\s+\d+(?:\s*(?:of|/)\s*\d+)?|\d+\s*(?:of|/)\s*\d+|[-–]?\s*\d{1,4}\s*[-–]?)$"
                        r"|\bpage\s+\d+\s+of\s+\d+\b")


@dataclass
class _Table:
    """A table, perhaps over several pages, with the paragraph that heads it."""

    parts: list[Part] = field(default_factory=list)


def read_pdf(path: Path, limits: ImportLimits) -> SourceDocument:
    """A PDF committee paper: every ruled table whose header means a plan, as in a Word document.

    Raises:
        ImportFileError: not a PDF, cut short, password-protected, over the page or unpacked-size
            limit, without a text layer (a scan), or with no plan table.
    """
    check_pdf_file(path)
    doc = SourceDocument(path=path.name, unit="row")
    tables: list[_Table] = []
    seen_text: set[tuple[str, bool]] = set()  # lines seen, and whether in a margin
    counts = {"pages": 0, "chars": 0, "images": 0, "ruled": 0}
    last: Part | None = None  # the last table part: a part with the same columns may carry it on
    pending: list[str] = []  # paragraphs since the last table
    with open_pdf(path) as pdf:
        from pdfminer.pdfpage import PDFPage
        from pdfplumber.page import Page

        try:
            page_objects = list(islice(PDFPage.create_pages(pdf.doc), limits.max_pages + 1))
        except Exception as exc:  # a broken page tree
            raise ImportFileError(path.name, f"not a readable PDF ({type(exc).__name__})") from None
        if len(page_objects) > limits.max_pages:
            raise ImportFileError(path.name, f"it has over {limits.max_pages:,} pages, more than a plan has "
                                  "(CHASER_IMPORT_MAX_PAGES); import the pages that hold the plan")
        check_pdf_streams(path, pdf.doc, limits)
        for number, page_object in enumerate(page_objects, start=1):
            page = Page(pdf, page_object, page_number=number)
            try:
                blocks = page_blocks(page, counts, name=path.name)
            except ImportFileError:
                raise
            except Exception as exc:  # a broken page: pdfminer raises many kinds
                raise ImportFileError(path.name, f"page {number} is not readable ({type(exc).__name__}); "
                                      "export the PDF again") from None
            finally:
                page.close()
            for _top, block in blocks:
                if isinstance(block, str):
                    margin = isinstance(block, Margin)
                    if _FURNITURE.search(block) or (block, False) in seen_text or (margin and block in
                                                                                    {text for text, _ in seen_text}):
                        continue  # a page number, or a running header or footer seen on an earlier page
                    # (A browser prints the page's title above it: the same line in the page is its title.)
                    seen_text.add((str(block), margin))
                    pending.append(block)
                    doc.text_lines.append((len(doc.text_lines) + 1, str(block)))
                    if not isinstance(block, Margin):
                        doc.title = doc.title or block
                    continue
                if last is not None and same_columns(last, block) and (not pending or not _opens_table(block)):
                    # The table carries on; lines between its parts that are not page furniture are
                    # read as rows of one cell, as in the other formats (a heading, or a note set aside).
                    lines = [text for text in pending if not isinstance(text, Margin)]
                    if lines:
                        blank = [""] * (len(block.edges) - 2)
                        tables[-1].parts.append(Part(page=block.page, rows=[[text, *blank] for text in lines],
                                                      single=[True] * len(lines), edges=block.edges))
                    tables[-1].parts.append(block)
                else:
                    block.heading = _heading(pending, doc)
                    tables.append(_Table(parts=[block]))
                pending, last = [], block
    if counts["chars"] == 0:
        images = counts["images"]
        scan = f" ({images} image{'s' if images != 1 else ''}: a scan?)" if images else ""
        raise ImportFileError(path.name, f"it has no text layer{scan}, so there is no text to read: export the PDF "
                              "again from the original document, or run it through OCR (e.g. ocrmypdf) first")
    _running_headers_head_nothing(tables)
    for index, table in enumerate(tables):
        label = f"table {index + 1}: " if len(tables) > 1 else ""
        rows = list(enumerate(_joined_rows(table), start=1))
        _rows_to_document(doc, rows, table=index, heading=table.parts[0].heading, label=label)
    if not doc.rows and not doc.indicator_tables:
        raise _no_table(path, doc, tables, counts)
    repeated = [note for note in doc.skipped if note.endswith("the header row repeated (skipped)")]
    if len(repeated) > 1:  # a header on every page of a long table: one note, not one a page
        at = doc.skipped.index(repeated[0])
        doc.skipped = [note for note in doc.skipped if note not in repeated]
        doc.skipped.insert(at, f"the header row repeated at the top of {len(repeated)} more pages (skipped)")
    return doc


def _heading(pending: list[str], doc: SourceDocument) -> str | None:
    """The paragraph that heads a table: the nearest above it since the last table, other than
    the document's title and its dated lines (as a Word paragraph above a table does)."""
    for text in reversed(pending):
        if (text == doc.title and not doc.rows) or DATE_LINE.search(text):
            continue
        return text
    return None


def _running_headers_head_nothing(tables: list[_Table]) -> None:
    """A line in the page margin heads the table below it only when it changes from table to
    table (a sheet's name printed above each page), not when it is the same over the document
    (the meeting and agenda item a committee system prints above every page)."""
    margins = {table.parts[0].heading for table in tables if isinstance(table.parts[0].heading, Margin)}
    if len(margins) < 2:
        for table in tables:
            if isinstance(table.parts[0].heading, Margin):
                table.parts[0].heading = None



def _opens_table(part: Part) -> bool:
    """Does this table part start with a header row of its own (a new table, not the last one
    carried on)?"""
    first = next((row for row in part.rows if any(c.strip() for c in row)), None)
    return first is not None and map_headers([one_line(c) for c in first]) is not None


def _joined_rows(table: _Table) -> list[list[str]]:
    """A table's rows over all its pages, each row cut by a page break joined back together."""
    first = table.parts[0]
    rows = list(first.rows)
    header = next((found for found in (map_headers([one_line(c) for c in row]) for row in rows[:30]) if found), None)
    last = len(rows) - 1  # the row the page ended with
    for part in table.parts[1:]:
        body = list(zip(part.rows, part.single, strict=True))
        if header is not None and body and _is_header(body[0][0], header):
            rows.append(body.pop(0)[0])  # the header repeated on each page: skipped (and said) as elsewhere
        if header is not None and body and last >= 0 and _cut_by_page(rows[last], body[0], header):
            carried = body.pop(0)[0]
            rows[last] = [_join(a, b) for a, b in zip(rows[last], carried, strict=True)]
        rows.extend(cells for cells, _single in body)
        if body:  # a page of nothing but the rest of a row (a row over three pages) leaves it the last
            last = len(rows) - 1
    return rows


def _is_header(cells: list[str], header: ColumnMap) -> bool:
    again = map_headers([one_line(c) for c in cells])
    return again is not None and again.fields == header.fields


def _cut_by_page(previous: list[str], row: tuple[list[str], bool], header: ColumnMap) -> bool:
    """Is the first row on a page the rest of the row the page before ended with?

    A heading row (one cell across the table) never is. With a ref column: a row without a ref
    under a row with one. Without: a row whose action cell is empty or carries on a sentence
    (starts in lower case).
    """
    cells, single = row
    if single or not any(c.strip() for c in cells) or sum(1 for c in previous if c.strip()) < 2 \
            or _is_header(previous, header):
        return False
    ref_at = header.fields.get("ref")
    if ref_at is not None:
        return not cells[ref_at].strip() and bool(previous[ref_at].strip())
    action = cells[header.fields["action"]].strip()
    return not action or action[:1].islower()


def _join(before: str, after: str) -> str:
    if not before.strip() or not after.strip():
        return before + after
    return f"{before} {after}"


def _no_table(path: Path, doc: SourceDocument, tables: list[_Table], counts: dict[str, int]) -> ImportFileError:
    """Say what was seen: ruled tables without a plan header, or no ruled table at all."""
    pages = f"{counts['pages']} page{'s' if counts['pages'] != 1 else ''}"
    if not tables:
        start = doc.text_lines[0][1] if doc.text_lines else ""
        start = start if len(start) <= 60 else start[:59] + "…"
        return ImportFileError(
            path.name,
            f"no plan table found: {pages} of text (beginning {start!r}) but no table with drawn cell borders. "
            "Chaser reads a PDF's tables by their borders, as Word and Excel export a bordered table; import the "
            ".docx, .xlsx or .csv the PDF was made from, or give the table borders and export it again",
        )
    first = next((row for row in tables[0].parts[0].rows if any(c.strip() for c in row)), [])
    shown = ", ".join(repr(one_line(c)) for c in first if c.strip())
    return ImportFileError(
        path.name,
        f"no plan table found: {len(tables)} table{'s' if len(tables) != 1 else ''} on {pages}, none with a plan "
        f"header (the first begins {shown}); the header row needs an action column (e.g. 'Action') and another "
        "such as Lead/Owner, Due/Deadline or Ref",
    )
