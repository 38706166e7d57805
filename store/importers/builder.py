"""Give plan-table rows their structure: sections, action refs, sub-actions and continuations.

Four ways of numbering are recognised, chosen once per document:

- ``ref``: the table has a Ref column (CSV/XLSX/DOCX exports); rows without a ref but with
  action text are numbered on within their section.
- ``recommendation``: the JAR plan. The Recommendation column opens a section ("1.Ensure
  that ..."); every row with action text under it is an action, numbered ``1.1``, ``1.2``, ...
  in order within its recommendation.
- ``numbered``: the action text starts with its number ("1.1 Identify ...", "5a 1 Develop ...",
  "4.10 Review ..."). Rows "N. Title" with no other cells open section N. Section 5 of the 2006
  plan comes in parts: "5." then "a) Build on ... ICT ..." and later "5." then "b) ...
  accommodation ..."; both parts are section ``5`` (the document's own numbering), its title
  holds both parts, and their actions keep their refs ``5a.1`` ... ``5b.7``;
  "a) ..." or "a. ..." under a numbered action is a sub-action ``7.2a`` with parent ``7.2``,
  including lettered paragraphs inside one cell, whose dates and progress are shared out when
  their cells have one paragraph per letter. A row with no number continues the action above.
- ``sequential``: no numbers at all (the 2004 plan). Sections are the headings above the tables,
  numbered 1, 2, ... in order, and actions are numbered ``1.1``, ``1.2``, ... within them.
"""

from __future__ import annotations

import re

from store.errors import ImportFileError
from store.importers.draft import BULLET_START, TEXT_FIELDS, ActionDraft, PlanDraft, join_wrapped
from store.importers.objectives import ObjectiveTracker
from store.importers.tables.cells import cell_lines, cell_text, has_markup, one_line
from store.importers.tables.rows import RawRow, SourceDocument

NUMBERED = re.compile(r"^\s*(\d+)([a-z])?(?:\s*\.\s*|\s+)(\d+)([a-z])?(?![\d/])\.?\s*(.*)$", re.S)
SECTION = re.compile(r"^\s*(\d+)([a-z])?\s*(?:[.)]|,(?=[A-Za-z]))\s*(?!\d)(.*)$", re.S)
LETTERED = re.compile(r"^\s*\(?([a-z])[).]\s+(\S.*)$", re.S)
BARE_NUMBER = re.compile(r"^\d+$")
NUMBERED_HEADING = re.compile(
    r"(?i)^\s*(?:theme|section|priority|area|part|objective|recommendation|workstream|outcome)?\s*"
    r"(\d+)\s*[.:)\-–]\s*(\S.*)$"
)
SECTION_NUMBER = re.compile(r"^(?:\d+[a-z]?|[A-Z]{1,3}\d*)$")  # "5", "5a", "A", "SW", "B2": a number, not a title
DITTO = {'"', "“", "”", "''", "〃", "ditto", "do", "do."}
_OTHER_FIELDS = tuple(f for f in TEXT_FIELDS if f not in ("action", "objective"))


def normalise_ref(raw: str) -> str:
    """A ref as Chaser writes it: ``5a 1`` -> ``5a.1``, ``7.2 (a)`` -> ``7.2a``, ``3.`` -> ``3``."""
    text = one_line(raw).strip().rstrip(".").replace("(", "").replace(")", "")
    text = re.sub(r"\s*\.\s*", ".", text)
    text = re.sub(r"^(\d+[a-z]?)\s+(\d)", r"\1.\2", text)
    text = re.sub(r"(\d)\s+([a-z])$", r"\1\2", text)
    return text


def section_of(ref: str) -> str:
    """The section a ref belongs to: its leading number (``5a.1`` -> ``5``, ``7.2a`` -> ``7``)."""
    match = re.match(r"\d+", ref)
    return match.group(0) if match else ref.split(".", 1)[0]


def _mode(rows: list[RawRow]) -> str:
    fields = set().union(*(row.cells for row in rows)) if rows else set()
    if "ref" in fields:
        return "ref"
    if "recommendation" in fields:
        return "recommendation"
    if any(NUMBERED.match(one_line(cell_text(row.get("action")))) for row in rows):
        return "numbered"
    return "sequential"


class _Builder:
    def __init__(self, doc: SourceDocument) -> None:
        self.doc = doc
        self.plan = PlanDraft(source=doc.path, title=doc.title, unit=doc.unit)
        self.section: str | None = None
        self.section_part_pending: str | None = None  # "5." seen, waiting for "a) ..."
        self.parent: ActionDraft | None = None  # last numbered action (for lettered rows)
        self.last: ActionDraft | None = None
        self.last_lead = ""
        self.objectives = ObjectiveTracker()
        # Sections come from headings (rows, sheets, paragraphs) or a Section column.
        self.sectioned = any(row.heading for row in doc.rows) or any(row.get("section").strip() for row in doc.rows)
        # Bare refs 1, 2, 3 under headings either start again in each section (York: 1.1, 1.2, 2.1)
        # or are numbered on through the plan (BCP: actions 1-41 under their recommendations);
        # only refs that start again are given their section's number.
        bare = [normalise_ref(row.get("ref")) for row in doc.rows if BARE_NUMBER.match(normalise_ref(row.get("ref")))]
        self.words_in_section_column = any(
            (cell := one_line(row.get("section")).rstrip(".")) and not SECTION_NUMBER.match(cell) for row in doc.rows
        )
        self.refs_restart = len(bare) != len(set(bare)) or _one_heading(doc.rows)

    # -- helpers ------------------------------------------------------------------------------
    def _others_empty(self, row: RawRow) -> bool:
        return not any(row.get(f).strip() for f in _OTHER_FIELDS)

    def _current_section(self) -> str:
        if self.section is None:
            self.section = self.plan.section("1").number
        return self.section

    def _new_action(
        self,
        row: RawRow,
        ref: str,
        section: str,
        title: str,
        parent: ActionDraft | None = None,
        *,
        blank_lead_is_above: bool = False,
    ) -> ActionDraft:
        self.plan.section(section)
        action = ActionDraft(ref=ref, section=section, where=row.where, parent_ref=parent.ref if parent else None,
                             sheet=row.sheet, ref_header=row.headers.get("ref"))
        action.set("action", title)
        for name in _OTHER_FIELDS:
            value = cell_text(row.get(name))
            if name == "face" and not value:
                value = row.get(name).strip()  # an OCR'd face may be markup only: "<u> </u>"
            if value:
                action.set(name, value)
        lead = one_line(action.get("lead"))
        if lead.lower() in DITTO:
            action.set("lead", self.last_lead)
        elif not lead and parent is not None:
            action.set("lead", parent.get("lead"))  # a lettered part is led by its parent's lead
        elif not lead and blank_lead_is_above and self.last is not None and self.last.section == section:
            action.implied_lead = self.last.get("lead") or self.last.implied_lead
        if action.get("lead"):
            self.last_lead = action.get("lead")  # a ditto mark means the last lead written above
        action.extra = {k: cell_text(v) for k, v in row.extra.items() if cell_text(v)}
        self.plan.actions.append(action)
        self.last = action
        return action

    def _continue(self, row: RawRow) -> None:
        if self.last is None:
            return  # text above the first action (a wrapped heading): nothing to attach it to
        # A row cut by a page break carries on its cells' sentences, unless it starts a new list
        # item ("- Final strategy in place ...") or new paragraphs (HTML).
        action_cell = row.get("action")
        fragment = cell_text(action_cell)
        list_item = (
            has_markup(action_cell)
            or bool(BULLET_START.match(fragment))
            or (fragment[:1].isupper() and bool(row.get("due").strip()))
        )  # a sub-item with its own date
        for name in ("action", *_OTHER_FIELDS):
            raw = row.get(name)
            value = cell_text(raw)
            if value and not (name == "milestones_text" and value.upper() in ("NA", "N/A")):
                wrapped = row.page_start and not list_item and not has_markup(raw)
                self.last.append(name, value, page_break=wrapped)
        for key, value in row.extra.items():
            if cell_text(value):
                self.last.extra[key] = (self.last.extra.get(key, "") + "\n" + cell_text(value)).strip()

    # -- modes --------------------------------------------------------------------------------
    def _heading_section(self, heading: str) -> str:
        """The section a heading row, sheet name or paragraph opens: its own number when it
        gives one ("Theme 2: Workforce"), else the next number in order."""
        match = NUMBERED_HEADING.match(heading)
        if match and match.group(2).strip():
            return self.plan.section(match.group(1), match.group(2).strip()).number
        return self.plan.section_by_title(heading).number

    def row_ref(self, row: RawRow) -> None:
        ref = normalise_ref(row.get("ref"))
        title = cell_text(row.get("action"))
        number = one_line(cell_text(row.get("section"))).rstrip(".")
        heading = row.heading if row.heading and _heading_like(row.heading, limit=120) else None
        # A section's title: its own column, else the recommendation it answers (peer challenge
        # and inspection plans), else the heading above.
        named = cell_text(row.get("section_title")) or cell_text(row.get("recommendation"))
        if number and not SECTION_NUMBER.match(number):
            # A Section or Theme column in words ("Places are thriving, safe and clean"): the
            # section's title, numbered in order; a blank cell under it (a theme merged down
            # its actions, saved to CSV) stays in the section above.
            self.section = self._heading_section(number)
        elif number:
            self.section = self.plan.section(number, named).number
        elif self.section is not None and self.words_in_section_column:
            pass
        elif "." in ref:
            self.section = self.plan.section(section_of(ref), named or heading or "").number
        elif heading:
            self.section = self._heading_section(heading)
        elif ref and not self.sectioned:
            self.section = self.plan.section("1").number  # refs 1, 2, 3 with no sections: one list
        if not ref and not title:
            self._continue(row)
            return
        section = self._current_section()
        if not ref:
            ref = f"{section}.{self.plan.count_in(section) + 1}"
        elif BARE_NUMBER.match(ref) and self.sectioned and self.refs_restart:
            ref = f"{section}.{ref}"  # numbered 1, 2, ... again within each section
        parent = None
        match = re.match(r"^(.*\d)([a-z])$", ref)
        if match:
            parent = next((a for a in self.plan.actions if a.ref == match.group(1)), None)
        self._new_action(row, ref, section, title, parent)

    def row_recommendation(self, row: RawRow) -> None:
        rec = one_line(cell_text(row.get("recommendation")))
        if rec and not SECTION.match(rec) and not row.page_start and row.order[:1] == ("recommendation",):
            # An action written a column early (its lead under "Action to be Taken").
            row, rec = row.shifted_right(), ""
        if rec:
            match = SECTION.match(rec)
            if match and match.group(3).strip():
                number = match.group(1) + (match.group(2) or "")
                self.section = self.plan.section(number, match.group(3).strip()).number
            elif self.section is not None:
                current = self.plan.section(self.section)
                current.title = join_wrapped(current.title, rec) if current.title else rec
        title = cell_text(row.get("action"))
        if not title:
            self._continue(row)
            return
        section = self._current_section()
        self._new_action(row, f"{section}.{self.plan.count_in(section) + 1}", section, title,
                         blank_lead_is_above=True)

    def row_sequential(self, row: RawRow) -> None:
        if row.heading and _heading_like(row.heading, limit=120 if self.doc.unit == "row" else 80):
            self.section = self._heading_section(row.heading) if self.doc.unit == "row" \
                else self.plan.section_by_title(row.heading).number
        objective = self.objectives.feed(cell_text(row.get("objective")), page_start=row.page_start)
        title = cell_text(row.get("action"))
        if not title:
            self._continue(row)
            return
        section = self._current_section()
        position = self.plan.count_in(section) + 1
        ref = f"{section}.{position}" if self.sectioned else str(position)  # no sections: 1, 2, 3
        action = self._new_action(row, ref, section, title)
        self.objectives.attach(action, objective)

    def row_numbered(self, row: RawRow) -> None:
        if row.heading:
            match = SECTION.match(row.heading)
            if match and match.group(3).strip():
                number = match.group(1) + (match.group(2) or "")
                self.section = self.plan.section(number, match.group(3).strip()).number
        lines = cell_lines(row.get("action"))
        first = lines[0] if lines else ""
        numbered = NUMBERED.match(first)
        if numbered:
            self._numbered_action(row, numbered, lines)
            return
        section_row = SECTION.match(first) if self._others_empty(row) else None
        if section_row:
            number = section_row.group(1) + (section_row.group(2) or "")
            title = "\n".join([section_row.group(3).strip(), *lines[1:]]).strip()
            self.parent = None
            if title:
                self.section = self.plan.section(number, title).number
                self.section_part_pending = None
            else:
                self.section_part_pending = number
            return
        lettered = LETTERED.match(first)
        if lettered and self.section_part_pending and self._others_empty(row):
            section = self.plan.section(self.section_part_pending)
            part = "\n".join([first, *lines[1:]])  # keep "a) ..." so each part reads as written
            section.title = f"{section.title}\n{part}" if section.title else part
            self.section = section.number
            self.section_part_pending = None
            return
        if lettered and self.parent is not None:
            ref = self.parent.ref + lettered.group(1)
            title = "\n".join([lettered.group(2), *lines[1:]])
            self._new_action(row, ref, self.parent.section, title, self.parent)
            return
        self._continue(row)

    def _numbered_action(self, row: RawRow, match: re.Match[str], lines: list[str]) -> None:
        section = match.group(1)
        ref = f"{section}{match.group(2) or ''}.{match.group(3)}{match.group(4) or ''}"
        self.section_part_pending = None
        if section != self.section:
            self.section = self.plan.section(section).number
        rest = [match.group(5).strip(), *lines[1:]]
        letters = [i for i, line in enumerate(rest) if i > 0 and LETTERED.match(line)]
        if not letters:
            self.parent = self._new_action(row, ref, section, "\n".join(rest).strip())
            return
        # Lettered parts inside the cell (7.2 a) ... c)): each becomes a sub-action.
        parts: list[list[str]] = []
        for index, line in enumerate(rest[letters[0] :], start=letters[0]):
            if index in letters:
                parts.append([line])
            else:
                parts[-1].append(line)
        parent_row = RawRow(where=row.where, cells=dict(row.cells), extra=row.extra, page_start=row.page_start)
        share: dict[str, list[str]] = {}
        for name in _OTHER_FIELDS:
            paragraphs = cell_lines(row.get(name))
            if len(paragraphs) == len(parts):
                share[name], parent_row.cells[name] = paragraphs, ""
            elif len(paragraphs) == len(parts) + 1:
                share[name], parent_row.cells[name] = paragraphs[1:], paragraphs[0]
        parent = self._new_action(parent_row, ref, section, "\n".join(rest[: letters[0]]).strip())
        self.parent = parent
        for index, part in enumerate(parts):
            lettered = LETTERED.match(part[0])
            assert lettered is not None  # parts start at lettered lines by construction
            cells = {name: values[index] for name, values in share.items()}
            child_row = RawRow(where=row.where, cells=cells)
            self._new_action(
                child_row, ref + lettered.group(1), section, "\n".join([lettered.group(2), *part[1:]]), parent
            )


def _one_heading(rows: list[RawRow]) -> bool:
    """Whether the rows fall under one heading at most (one section: refs 1, 2 become 1.1, 1.2)."""
    return len({row.heading for row in rows if row.heading} | {one_line(row.get("section")) for row in rows
                                                                   if row.get("section").strip()}) <= 1


def _heading_like(text: str, *, limit: int = 80) -> bool:
    return len(text) <= limit and not text.endswith((".", ":")) and not text.startswith(("-", "•", "*"))


def _attach_summaries(plan: PlanDraft, doc: SourceDocument) -> None:
    """Give each section its line of a per-section progress summary, when the document has one;
    a row without a number carries on the summary above (cut by a page break)."""
    number: str | None = None
    summaries: dict[str, str] = {}
    for _line, section_cell, summary_cell in doc.summary_rows:
        match = SECTION.match(one_line(cell_text(section_cell)))
        text = cell_text(summary_cell)
        if match and match.group(3).strip():
            number = match.group(1) + (match.group(2) or "")
            summaries[number] = text
        elif number is not None and text:
            summaries[number] = join_wrapped(summaries[number], text) if summaries[number] else text
    for section in plan.sections:
        section.summary = summaries.get(section.number, "")


def build_plan(doc: SourceDocument) -> PlanDraft:
    """Turn a reader's rows into sections and actions; refs must be unique in the file.

    Raises:
        ImportFileError: two rows of the file carry the same action ref.
    """
    builder = _Builder(doc)
    mode = _mode(doc.rows)
    handle = {
        "ref": builder.row_ref,
        "recommendation": builder.row_recommendation,
        "numbered": builder.row_numbered,
        "sequential": builder.row_sequential,
    }[mode]
    for row in doc.rows:
        handle(row)
    builder.plan.refs_from_document = mode != "sequential"
    builder.plan.columns = frozenset().union(*(row.cells for row in doc.rows))
    _attach_summaries(builder.plan, doc)
    seen: dict[str, ActionDraft] = {}
    for action in builder.plan.actions:
        if action.ref in seen:
            first = seen[action.ref]
            where_first = f"{first.where}" if first.sheet == action.sheet else f"{first.where} (sheet {first.sheet!r})"
            raise ImportFileError(
                doc.path,
                f"action ref {action.ref!r} appears twice, at {doc.unit}s "
                f"{where_first} and {action.where}: give each action its own ref",
                line=action.where if doc.unit == "line" else None,
                row=action.where if doc.unit == "row" else None,
                sheet=action.sheet,
                field=action.ref_header,
            )
        seen[action.ref] = action
    if not builder.plan.actions:
        raise ImportFileError(doc.path, "the plan table has no actions: every row's action cell is empty")
    return builder.plan
