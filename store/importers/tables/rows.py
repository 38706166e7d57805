"""What a reader hands the plan builder: table rows by field, headings and glossary lines."""

from __future__ import annotations

from dataclasses import dataclass, field, replace


@dataclass
class RawRow:
    """One table row, its cells keyed by canonical field (raw text, HTML fragments allowed).

    Attributes:
        where: Line (text files) or row number (CSV, XLSX, DOCX) for error messages.
        cells: Canonical field -> cell as written.
        extra: Cells under headers Chaser has no field for, keyed by the header as written.
        page_start: The first row after a (repeated) header: where a cell cut by a page
            break carries on.
        heading: A section heading that stood just before this row's table, if any.
        table: Which table of the document the row came from (0, 1, ...).
        order: The table's fields in column order (to mend a row shifted by one column).
        sheet: The worksheet the row is on (XLSX), for messages.
        headers: Each field's column heading as written, for messages.
    """

    where: int
    cells: dict[str, str]
    extra: dict[str, str] = field(default_factory=dict)
    page_start: bool = False
    heading: str | None = None
    table: int = 0
    order: tuple[str, ...] = ()
    sheet: str | None = None
    headers: dict[str, str] = field(default_factory=dict)

    def get(self, name: str) -> str:
        """The raw cell for a field, ``""`` when absent."""
        return self.cells.get(name, "")

    def shifted_right(self) -> RawRow:
        """The row with every cell moved one column right (its cells started a column early)."""
        cells = {self.order[i + 1]: self.cells.get(name, "") for i, name in enumerate(self.order[:-1])}
        cells[self.order[0]] = ""
        return replace(self, cells=cells)


@dataclass
class IndicatorTable:
    """A table of performance indicators found beside (or instead of) the plan table.

    Attributes:
        header: The header row's cells as written.
        where: The header's line or row number.
        rows: Each row below the header with its line or row number, cells as written.
        heading: The text just above the table ("Key children's safeguarding performance indicators").
        label: Where the table is, for messages ("sheet 'PIs': ", "table 3: "), "" for the only one.
    """

    header: list[str]
    where: int
    rows: list[tuple[int, list[str]]] = field(default_factory=list)
    heading: str | None = None
    label: str = ""


@dataclass
class SourceDocument:
    """Everything a reader found in a file, before the builder gives it structure.

    Attributes:
        path: The file, as named in messages.
        title: The document's title, if one could be found.
        rows: Plan-table rows in document order.
        text_lines: Lines outside plan tables, with their line numbers (glossaries live here).
        glossary_rows: Tab-separated rows outside plan tables (the JAR plan's index of initials).
        doc_dates: Wordings of the document's own dates ("Updated to 30 06 08", "as at 24th
            March 2006", a document log's dates); the latest dates the document.
        summary_rows: Rows of a per-section progress summary (the JAR plan's "Summary Progress
            Report"): line, section cell, summary cell.
        unit: What ``RawRow.where`` counts: ``line`` or ``row``.
        headers: Each plan table's header row as written, with where it was found.
        columns_seen: The canonical fields the plan tables' headers were mapped to.
        skipped: Rows read but set aside (repeated headers, notes, totals), one line each.
        indicator_tables: Tables of performance indicators (store.importers.indicators reads them).
    """

    path: str
    title: str = ""
    rows: list[RawRow] = field(default_factory=list)
    text_lines: list[tuple[int, str]] = field(default_factory=list)
    glossary_rows: list[tuple[int, list[str]]] = field(default_factory=list)
    doc_dates: list[str] = field(default_factory=list)
    summary_rows: list[tuple[int, str, str]] = field(default_factory=list)
    unit: str = "line"
    headers: list[tuple[str, tuple[str, ...]]] = field(default_factory=list)
    columns_seen: set[str] = field(default_factory=set)
    skipped: list[str] = field(default_factory=list)
    indicator_tables: list[IndicatorTable] = field(default_factory=list)
