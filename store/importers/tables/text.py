"""Read the tab-separated text export of a committee paper into plan-table rows.

The seeds are PDFs turned into text: one table row per line, cells separated by tabs, the
header row repeated on every page, and page furniture ("Updated to 30 06 08", "Appendix 1",
"Reference Documents" lists, section headings) between the pages. A table is open from a
header row whose columns mean a plan (see ``store.importers.tables.columns``) until the next line of plain text;
rows seen while no plan table is open (indexes of initials, performance indicator tables,
document logs) are kept aside for the glossary reader.
"""

from __future__ import annotations

import re
from pathlib import Path

from store.errors import ImportFileError
from store.importers.indicators.columns import map_indicator_headers
from store.importers.tables.cells import cell_text, one_line
from store.importers.tables.columns import ColumnMap, map_headers, map_summary_headers
from store.importers.tables.rows import IndicatorTable, RawRow, SourceDocument

# A cell holding nothing but an action number ("5a 1", "9.1", "5."): the row is shifted one
# column right of its header (section 5 and 9 of the 2006 plan).
BARE_REF = re.compile(r"^\s*\d+[a-z]?(?:[.\s]\s*\d+)?\.?\s*$")
DATE_LINE = re.compile(
    r"(?i)\b(?:updated to|as at|as of|position at|meeting on)\s+"
    r"(\d{1,2}(?:st|nd|rd|th)?[ /.-]+(?:[a-z]+|\d{1,2})[ ,/.-]+\d{2,4})\b"
)
_LOG_DATE = re.compile(r"^\d{1,2}/\d{1,2}/\d{2,4}$")
_LOG_HEADING = re.compile(r"(?i)^(document log|version history|revision history|change log)")
_TITLE_WORDS = re.compile(r"(?i)\b(plan|programme)\b")


def read_text(path: Path) -> str:
    """The file's text: UTF-8 (with or without BOM), else Windows-1252 as older exports use."""
    data = path.read_bytes()
    if not data.strip():
        raise ImportFileError(str(path.name), "the file is empty", line=1)
    if b"\x00" in data[:4096]:
        raise ImportFileError(str(path.name), "this is not a text file: give .txt, .csv, .xlsx or .docx")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _shift_bare_ref(cells: list[str], columns: ColumnMap) -> list[str]:
    index = columns.fields["action"]
    if "ref" in columns.fields or index + 1 >= len(cells) or not BARE_REF.match(cells[index]):
        return cells
    return cells[:index] + [cells[index].strip() + " " + cells[index + 1]] + cells[index + 2 :]


def _title(lines: list[tuple[int, str]], first_table_line: int) -> str:
    """The document's title: its first line if that names a plan, else the nearest plan-like
    heading before the first plan table."""

    def title_like(text: str) -> bool:
        return (
            len(text) <= 130
            and not text.endswith(".")
            and not text.startswith(("-", "•", "*"))
            and not text.lower().startswith(("index", "performance management of"))
            and _TITLE_WORDS.search(text) is not None
        )

    before = [(n, t) for n, t in lines if n < first_table_line]
    if before and title_like(before[0][1]):
        return before[0][1].strip("* ")
    for _n, text in reversed(before):
        if title_like(text):
            return text.strip("* ")
    return ""


def _is_plain_table(lines: list[str]) -> bool:
    """Whether the text is one table saved as tab-separated text (a spreadsheet's "Save as Text"),
    not a committee paper: every line from the plan header on has a tab, or the header has a
    Ref column (which no committee-paper export in the seeds has)."""
    for index, line in enumerate(lines):
        if "\t" not in line:
            continue
        header = map_headers([one_line(cell_text(c)) for c in line.split("\t")])
        if header is None:
            continue
        rest = [item for item in lines[index + 1 :] if item.strip()]
        return "ref" in header.fields or all("\t" in item for item in rest)
    return False


def parse_text(path: Path, text: str) -> SourceDocument:
    """Split tab-separated text into plan-table rows, headings and the lines outside tables.

    A file that is one table saved as text is read exactly as the same table in a CSV file
    (``store.importers.tables.tabular``); a committee paper's export is read line by line below.
    """
    lines = text.splitlines()
    if _is_plain_table(lines):
        from store.importers.tables.tabular import read_rows

        doc = read_rows(path, [(n, line.split("\t")) for n, line in enumerate(lines, start=1)], unit="line")
        for _n, text_line in doc.text_lines:
            doc.doc_dates.extend(match.group(1) for match in DATE_LINE.finditer(text_line))
        return doc
    doc = SourceDocument(path=path.name, unit="line")
    columns: ColumnMap | None = None
    pending_heading: str | None = None
    page_start = False
    table = -1
    first_table_line = 0
    heading: str | None = None
    in_log = False
    summary: ColumnMap | None = None  # an open per-section progress summary table
    indicators: IndicatorTable | None = None  # an open table of performance indicators
    for number, line in enumerate(text.splitlines(), start=1):
        if "\t" not in line:
            stripped = line.strip()
            if stripped:
                doc.text_lines.append((number, stripped))
                columns = summary = indicators = None  # text between pages closes a table until its header repeats
                pending_heading = stripped
                in_log = bool(_LOG_HEADING.match(stripped))
            continue
        cells = line.split("\t")
        header = map_headers([one_line(cell_text(c)) for c in cells])
        if header is not None:
            if not first_table_line:
                first_table_line = number
            if columns is None or header.fields != columns.fields:
                table += 1
                doc.headers.append((f"line {number}", tuple(one_line(cell_text(c)) for c in cells if c.strip())))
                doc.columns_seen.update(header.fields)
            columns, page_start = header, True
            heading, pending_heading = pending_heading, None
            continue
        if indicators is not None:
            if any(c.strip() for c in cells):
                indicators.rows.append((number, cells))
            continue
        if columns is None and summary is None:
            found = map_indicator_headers([one_line(cell_text(c)) for c in cells])
            if found is not None:
                indicators = IndicatorTable(header=cells, where=number, heading=pending_heading)
                doc.indicator_tables.append(indicators)
                pending_heading = None
                continue
        pending_heading = None
        if columns is None and summary is None:
            summary = map_summary_headers([one_line(cell_text(c)) for c in cells])
            if summary is not None:
                continue
        if summary is not None:
            doc.summary_rows.append((number, summary.get(cells, "section"), summary.get(cells, "progress")))
            continue
        if columns is None:
            doc.glossary_rows.append((number, [c.strip() for c in cells]))
            if in_log:  # the document log's "Date of Update" cells date the document
                doc.doc_dates.extend(c.strip() for c in cells if _LOG_DATE.match(c.strip()))
            continue
        cells = _shift_bare_ref(cells, columns)
        if not any(c.strip() for c in cells):
            continue
        doc.rows.append(
            RawRow(
                where=number,
                cells={name: columns.get(cells, name) for name in columns.fields},
                extra=columns.unmapped(cells),
                page_start=page_start,
                heading=heading if page_start else None,
                table=table,
                order=tuple(sorted(columns.fields, key=columns.fields.__getitem__)),
            )
        )
        page_start = False
    if not doc.rows and not doc.indicator_tables:
        raise ImportFileError(
            path.name,
            "no plan table found: a table needs a header row with an action "
            "column (e.g. 'Action to be Taken', 'Action', 'What we will do') and another "
            "such as Lead or By When, followed by rows",
        )
    doc.title = _title(doc.text_lines, first_table_line)
    for _n, text_line in doc.text_lines:
        doc.doc_dates.extend(match.group(1) for match in DATE_LINE.finditer(text_line))
    return doc
