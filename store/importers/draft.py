"""A plan as read from a file, before it meets the database: sections and actions with text fields."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

# Fields an action keeps as text while it is being read (canonical names from store.importers.tables.columns).
TEXT_FIELDS = (
    "action",
    "lead",
    "due",
    "progress",
    "partners",
    "additional_capacity",
    "success_criteria",
    "status",
    "rag",
    "face",
    "expected_by",
    "completed_on",
    "percent_complete",
    "sponsor",
    "objective",
    "milestones_text",
    "comments",
)
BULLET_START = re.compile(r"^\s*(?:[-•–]\s|\(?[a-z]\)\s|[a-z]\.\s)")
_EDGE_PUNCT = ".,;:()[]\"'"


@dataclass
class SectionDraft:
    """A section (or JAR recommendation) as read."""

    number: str
    title: str = ""
    summary: str = ""


@dataclass
class ActionDraft:
    """One action as read: its ref, where it sits, and each field's text as written."""

    ref: str
    section: str
    where: int
    parent_ref: str | None = None
    text: dict[str, str] = field(default_factory=dict)
    extra: dict[str, str] = field(default_factory=dict)
    # A lead cell left blank under a recommendation (the JAR plan) is read as the lead above:
    # the cell stays blank as written, and this is who it resolves to.
    implied_lead: str = ""
    sheet: str | None = None  # the worksheet it was read from (XLSX), for messages
    ref_header: str | None = None  # its ref column's heading as written, for messages

    def get(self, name: str) -> str:
        """A field's text, ``""`` when the file gave none."""
        return self.text.get(name, "")

    def set(self, name: str, value: str) -> None:
        """Set a field, tidying surrounding space."""
        self.text[name] = value.strip()

    def append(self, name: str, fragment: str, *, page_break: bool) -> None:
        """Add a continuation fragment to a field.

        A fragment that carries on a cell cut by a page break joins with a space, and words the
        text export repeated on both sides of the break are dropped ("… communications" +
        "communications strategy"). Any other continuation, or one that starts a list item,
        goes on a new line.
        """
        fragment = fragment.strip()
        if not fragment:
            return
        current = self.get(name)
        if not current:
            self.text[name] = fragment
        elif page_break and not BULLET_START.match(fragment):
            self.text[name] = join_wrapped(current, fragment)
        else:
            self.text[name] = current + "\n" + fragment


def _bare(word: str) -> str:
    return word.strip(_EDGE_PUNCT).lower()


def join_wrapped(before: str, after: str) -> str:
    """Join two halves of a cell cut by a page break, dropping the words repeated at the cut.

    The text export repeats up to a few words on both pages; the last repeated word may stop at
    a hyphen on the first page ("the agreed non" + "agreed non-negotiables, including ...").
    """
    head = before.split(" ")
    tail = after.split(" ")
    for size in range(min(5, len(head), len(tail)), 0, -1):
        left = [_bare(w) for w in head[-size:]]
        right = [_bare(w) for w in tail[:size]]
        if not left[-1]:
            continue
        if left[:-1] == right[:-1] and (left[-1] == right[-1] or right[-1].startswith(left[-1] + "-")):
            return " ".join(head[:-size] + tail)
    return before + " " + after


@dataclass
class PlanDraft:
    """Everything the importer will store for one file."""

    source: str
    title: str = ""
    sections: list[SectionDraft] = field(default_factory=list)
    actions: list[ActionDraft] = field(default_factory=list)
    unit: str = "line"
    columns: frozenset[str] = frozenset()  # the canonical fields the file's tables have
    refs_from_document: bool = True  # False when refs were given by position (no numbers at all)

    def section(self, number: str, title: str = "") -> SectionDraft:
        """The section with this number, added (in order of first mention) if new."""
        for section in self.sections:
            if section.number == number:
                if title and not section.title:
                    section.title = title
                return section
        section = SectionDraft(number=number, title=title)
        self.sections.append(section)
        return section

    def section_by_title(self, title: str) -> SectionDraft:
        """The section with this title (case-insensitive), numbered 1, 2, ... if new."""
        for section in self.sections:
            if section.title.lower() == title.lower():
                return section
        return self.section(str(len(self.sections) + 1), title)

    def count_in(self, number: str) -> int:
        """How many top-level actions a section has so far."""
        return sum(1 for a in self.actions if a.section == number and a.parent_ref is None)
