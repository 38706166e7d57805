"""Read an indicator table's rows into drafts: code, measure, unit, polarity, baseline, target,
owner, frequency and the dated figures, refusing a row that cannot be read with a one-line error.

Where the table does not say:
- the baseline is the earliest dated column (seed 000's "Position March 06"), not a reading;
- the unit and polarity come from the measure's wording (``store.indicator_rules``), the
  polarity else from the target's direction from the baseline;
- the frequency is the spacing of the dated columns (monthly unless they are quarters or years).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from store.errors import ImportFileError
from store.importers.indicators.columns import DatedColumn, IndicatorColumns, header_date, map_indicator_headers
from store.importers.tables.cells import cell_text, one_line
from store.importers.tables.rows import IndicatorTable
from store.indicator_rules import UNIT_WORDS, infer_polarity, infer_unit

NO_CODE = {"", "-", "--", "—", "–", "n/a", "na", "none"}
NO_FIGURE = {"", "-", "--", "—", "–", "n/a", "na", "nk", "n/k", "tbc", "tba", "not known", "not available"}
POLARITY_WORDS = {
    "higher": "higher", "high": "higher", "higher is better": "higher", "up": "higher", "bigger is better": "higher",
    "increase": "higher", "lower": "lower", "low": "lower", "lower is better": "lower", "down": "lower",
    "smaller is better": "lower", "decrease": "lower", "reduce": "lower", "near": "near", "stable": "near",
    "on target": "near", "hold": "near", "maintain": "near",
}
FREQUENCY_WORDS = {"monthly": "monthly", "month": "monthly", "quarterly": "quarterly", "quarter": "quarterly",
                   "annual": "annual", "annually": "annual", "yearly": "annual", "year": "annual"}
_FIGURE = re.compile(r"^[£]?\s*(-?\d[\d,]*(?:\.\d+)?|-?\.\d+)\s*(%|per\s*cent|pc)?\s*\**$", re.IGNORECASE)
_NOTE = re.compile(r"^\s*(\*|†|note|notes|source|key|nb)\b", re.IGNORECASE)


@dataclass
class IndicatorDraft:
    """One indicator as a table gives it."""

    key: str
    code: str
    title: str
    where: int
    place: str  # "line 298", "sheet 'PIs': row 4": where the row is, for the change log
    unit: str
    polarity: str
    polarity_source: str
    unit_given: bool  # the table has a unit column (else the unit was read from the wording)
    baseline: float | None = None
    baseline_on: date | None = None
    target: float | None = None
    target_on: date | None = None
    owner_text: str | None = None  # None: the table has no owner column
    frequency: str = "monthly"
    heading: str | None = None
    readings: list[tuple[date, float, str]] = field(default_factory=list)  # period end, value, cell as written


def title_key(title: str) -> str:
    """The key of an indicator with no code: a slug of its measure (``number-of-looked-after-children``)."""
    return "-".join(re.findall(r"[a-z0-9]+", title.lower()))[:60].strip("-") or "indicator"


def read_figure(text: str) -> float | None:
    """A figure as a table writes it (``175``, ``18.0``, ``17.2%``, ``1,234``); None for a blank or
    "n/a"; raises ValueError for anything else."""
    cell = one_line(cell_text(text)).strip()
    if cell.lower() in NO_FIGURE:
        return None
    match = _FIGURE.match(cell)
    if match is None:
        raise ValueError(cell)
    return float(match.group(1).replace(",", ""))


class _RowReader:
    def __init__(self, path: str, unit: str, table: IndicatorTable, columns: IndicatorColumns) -> None:
        self.path, self.unit, self.table, self.columns = path, unit, table, columns

    def error(self, where: int, problem: str, header: str | None = None) -> ImportFileError:
        label = self.table.label.strip(": ")
        prefix = f"{label}: " if label else ""
        return ImportFileError(self.path, prefix + problem, field=header, line=where if self.unit == "line" else None,
                               row=where if self.unit != "line" else None)

    def figure(self, where: int, cells: list[str], index: int, who: str) -> float | None:
        raw = cells[index] if index < len(cells) else ""
        try:
            return read_figure(raw)
        except ValueError as exc:
            raise self.error(where, f"{who}: {str(exc)!r} is not a figure (write a number such as 18.3, or leave "
                             "it blank); nothing was imported", self.columns.headers[index]) from None

    def when(self, where: int, cells: list[str], name: str) -> date | None:
        raw = one_line(cell_text(self.columns.get(cells, name)))
        if not raw:
            return None
        found = header_date(raw)
        if found is None:
            header = self.columns.headers[self.columns.fields[name]]
            raise self.error(where, f"{raw!r} is not a date (write e.g. 31/03/2007 or March 2007); "
                             "nothing was imported", header)
        return found

    def choice(self, where: int, cells: list[str], name: str, words: dict[str, str]) -> str | None:
        raw = one_line(cell_text(self.columns.get(cells, name))).strip().lower().rstrip(".")
        if not raw:
            return None
        if raw in words:
            return words[raw]
        header = self.columns.headers[self.columns.fields[name]]
        allowed = ", ".join(sorted(set(words.values())))
        raise self.error(where, f"{raw!r} is not a {name} Chaser knows (one of: {allowed}); nothing was imported",
                         header)

    def unit_of(self, where: int, cells: list[str], title: str) -> tuple[str, bool]:
        if "unit" not in self.columns.fields:
            return infer_unit(title), False
        raw = one_line(cell_text(self.columns.get(cells, "unit"))).strip().lower()
        if not raw:
            return infer_unit(title), False
        if raw in UNIT_WORDS:
            return raw, True
        read = infer_unit(raw)
        if read != "number" or raw in ("n", "no", "no.", "count", "numbers"):
            return read, True
        header = self.columns.headers[self.columns.fields["unit"]]
        raise self.error(where, f"{raw!r} is not a unit Chaser knows (number, percent, rate per 10,000, days); "
                         "nothing was imported", header)


def _frequency(dated: list[DatedColumn]) -> str:
    ends = sorted({d.period_end for d in dated if d.role != "target"})
    gaps = [(b.year - a.year) * 12 + b.month - a.month for a, b in zip(ends, ends[1:], strict=False)]
    if gaps and min(gaps) >= 12:
        return "annual"
    if gaps and min(gaps) >= 3:
        return "quarterly"
    return "monthly"


def read_indicator_table(path: str, unit: str, table: IndicatorTable) -> list[IndicatorDraft]:
    """The indicators of one table, in its order.

    Raises:
        ImportFileError: a header names a date that cannot be read, a row's cells are out of line
            with the header, a figure is not a number, a code appears twice.
    """
    columns = map_indicator_headers([one_line(cell_text(c)) for c in table.header])
    assert columns is not None
    reader = _RowReader(path, unit, table, columns)
    for _index, header in columns.unreadable:
        raise reader.error(table.where, f"the column heading {header!r} names no period Chaser can read (write "
                           "e.g. 'End of April 06', 'Apr 2006' or '2006-04'); nothing was imported", header)
    dated = sorted(columns.dated, key=lambda d: d.period_end)
    readings_cols = [d for d in dated if d.role == "reading"]
    baseline_col = next((d for d in dated if d.role == "baseline"), None)
    if baseline_col is None and "baseline" not in columns.fields and readings_cols:
        baseline_col, readings_cols = readings_cols[0], readings_cols[1:]  # the earliest position is the baseline
    target_col = next((d for d in dated if d.role == "target"), None)
    width = len(columns.headers)
    last_header = max(i for i, h in enumerate(columns.headers) if h)
    drafts: list[IndicatorDraft] = []
    seen: dict[str, int] = {}
    for where, cells in table.rows:
        filled = [(i, c) for i, c in enumerate(cells) if c.strip()]
        if len(filled) == 1 and _NOTE.match(filled[0][1]):
            continue  # "* provisional figures": a note under the table
        if any(i > last_header for i, _c in filled):
            beyond = one_line(cell_text(cells[max(i for i, _c in filled)]))
            raise reader.error(where, f"this row has a cell ({beyond[:30]!r}) beyond the table's last column "
                               f"({columns.headers[last_header]!r}): its columns are out of line with the header; "
                               "nothing was imported")
        title = one_line(cell_text(columns.get(cells, "title")))
        code = one_line(cell_text(columns.get(cells, "code")))
        title_header = columns.headers[columns.fields["title"]]
        if not title or _FIGURE.match(title):
            shown = f"holds {title!r}" if title else "is empty"
            raise reader.error(where, f"the {title_header!r} cell {shown}, not a measure: the row's columns are "
                               f"out of line with the header ({width} columns); nothing was imported", title_header)
        code = "" if code.lower() in NO_CODE else code
        key = code or title_key(title)
        if key in seen:
            raise reader.error(where, f"{key} appears twice in the table (first on {unit} {seen[key]}); "
                               "nothing was imported")
        seen[key] = where
        name = code or title
        draft_unit, unit_given = reader.unit_of(where, cells, title)
        draft = IndicatorDraft(key=key, code=code, title=title, where=where, place=f"{table.label}{unit} {where}",
                               unit=draft_unit, unit_given=unit_given,
                               polarity="", polarity_source="", heading=table.heading)
        if "baseline" in columns.fields:
            draft.baseline = reader.figure(where, cells, columns.fields["baseline"], name)
            draft.baseline_on = reader.when(where, cells, "baseline_date") if "baseline_date" in columns.fields \
                else None
        elif baseline_col is not None:
            draft.baseline = reader.figure(where, cells, baseline_col.index, name)
            draft.baseline_on = baseline_col.period_end if draft.baseline is not None else None
        if "target" in columns.fields:
            draft.target = reader.figure(where, cells, columns.fields["target"], name)
        elif target_col is not None:
            draft.target = reader.figure(where, cells, target_col.index, name)
        if "target_date" in columns.fields:
            draft.target_on = reader.when(where, cells, "target_date")
        elif target_col is not None and draft.target is not None:
            draft.target_on = target_col.period_end
        for column in readings_cols:
            value = reader.figure(where, cells, column.index, name)
            if value is not None:
                draft.readings.append((column.period_end, value, one_line(cell_text(cells[column.index]))))
        given = reader.choice(where, cells, "polarity", POLARITY_WORDS) if "polarity" in columns.fields else None
        if given:
            draft.polarity, draft.polarity_source = given, "plan"
        else:
            draft.polarity, draft.polarity_source = infer_polarity(title, draft.baseline, draft.target)
        if "owner" in columns.fields:
            draft.owner_text = one_line(cell_text(columns.get(cells, "owner")))
        frequency = reader.choice(where, cells, "frequency", FREQUENCY_WORDS) if "frequency" in columns.fields \
            else None
        draft.frequency = frequency or _frequency(dated)
        drafts.append(draft)
    return drafts


def read_indicator_tables(path: str, unit: str, tables: list[IndicatorTable]) -> list[IndicatorDraft]:
    """Every indicator of every table in a document; a code in two tables is an error."""
    drafts: list[IndicatorDraft] = []
    keys: dict[str, int] = {}
    for table in tables:
        for draft in read_indicator_table(path, unit, table):
            if draft.key in keys:
                raise ImportFileError(path, f"{draft.key} is in two indicator tables ({unit}s {keys[draft.key]} "
                                      f"and {draft.where}); nothing was imported")
            keys[draft.key] = draft.where
            drafts.append(draft)
    return drafts
