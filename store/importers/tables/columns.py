"""Map a table's headers to Chaser's fields by meaning, not position.

Each canonical field has a list of the ways councils head that column. A header cell is
squashed (lower case, letters and digits only, so "People/P artners" and "People/ Partners"
both become ``peoplepartners``) and compared with every synonym: an exact match wins, then a
synonym the header starts with ("RESPONSIBLE OFFICER (and others with a major role)"), then a
close spelling (difflib), which absorbs OCR damage such as "hat we will do".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache

# Canonical field -> squashed synonyms. Order inside a list does not matter.
SYNONYMS: dict[str, tuple[str, ...]] = {
    "section": ("section", "sectionnumber", "sectionno", "theme", "area"),
    "section_title": ("sectiontitle", "sectionname", "themetitle"),
    "recommendation": ("recommendation", "recommendations", "jarrecommendation"),
    "ref": (
        "ref",
        "reference",
        "actionref",
        "actionno",
        "actionnumber",
        "no",
        "id",
        "item",
        "itemno",
        "number",
        "refno",
    ),
    "action": (
        "action",
        "actions",
        "actiontobetaken",
        "actiontobetakenby",
        "whatwewilldo",
        "task",
        "activity",
        "actiondescription",
        "keyaction",
        "keyactions",
        "milestone",
        "deliverable",
        "deliverables",
        "activities",
        "tasks",
        "agreedaction",
        "agreedactions",
        "highlevelactivity",
        "highlevelactivities",
        "keyactivity",
        "keyactivities",
        "keydeliverable",
        "keydeliverables",
    ),
    "lead": (
        "lead",
        "leads",
        "leadofficer",
        "responsibleofficer",
        "whoisresponsible",
        "owner",
        "actionowner",
        "responsible",
        "responsibility",
        "accountable",
        "leadresponsibility",
        "responsibleperson",
        "officer",
        "leadmember",
        "who",
        "accountableofficer",
        "leadofficers",
        "leaddirectorate",  # not the sponsor's "lead director"
        "leadservice",
        "leadteam",
        "leadorganisation",
        "responsibledirectorate",
    ),
    "due": (
        "bywhen",
        "when",
        "whenwewillachieveit",
        "due",
        "duedate",
        "deadline",
        "targetdate",
        "timescale",
        "timescales",
        "date",
        "completiondate",
        "datedue",
        "targetcompletiondate",
        "implementationdate",
        "targetimplementationdate",
        "timeline",
        "timelines",
        "indicativetimeline",
        "indicativetimescale",
        "timeframe",
        "targettimescale",
        "deliverydate",
        "targetquarter",
        # the end of a two-row "Timescale: Start | End" header (its start is kept, not the due date)
        "end",
        "enddate",
        "timescaleend",
        "targetend",
        "plannedend",
    ),
    "status": ("status", "currentstatus", "progressstatus", "actionstatus", "deliverystatus"),
    "rag": ("rag", "ragstatus", "ragrating", "rating", "redambergreen", "brag", "bragstatus", "bragrating"),
    "face": ("face", "faces", "smiley"),
    "progress": (
        "progresstodate",
        "progress",
        "progressupdate",
        "update",
        "updates",
        "latestprogress",
        "latestupdate",
        "commentary",
        "summaryprogresstodate",
        "progressreport",
        "latestposition",
        "position",
        "positionstatement",
        "currentposition",
        "comments",
        "progresscomments",
    ),
    "expected_by": (
        "expectedby",
        "reviseddate",
        "revisedtarget",
        "reviseddeadline",
        "revisedduedate",
        "forecast",
        "forecastdate",
        "newdate",
    ),
    "completed_on": ("completedon", "datecompleted", "completeddate", "actualcompletion"),
    "percent_complete": ("percentcomplete", "complete", "percent", "pctcomplete", "percentagecomplete"),
    "partners": (
        "peoplepartners",
        "partners",
        "people",
        "withtheseresources",
        "keypartners",
        "partnersinvolved",
        "otherswithamajorrole",
    ),
    "additional_capacity": (
        "additionalcapacityrequirement",
        "additionalcapacity",
        "capacity",
        "additionalresources",
        "resourcesrequired",
        "additionalcapacityrequirements",
    ),
    "success_criteria": (
        "targetsuccesscriteria",
        "successcriteria",
        "target",
        "targets",
        "measureofsuccess",
        "outcome",
        "outcomes",
        "successmeasures",
    ),
    "objective": ("whatwewanttoachieve", "objective", "objectives", "aim", "aims"),
    "milestones_text": ("milestones", "keymilestones"),
    "sponsor": ("sponsor", "executivesponsor", "leaddirector"),
    "comments": (
        "notes",
        "othercomments",
        "relevantprogrammesprojectsothercomments",
        "relevantprogrammesprojects",
        "remarks",
    ),
}

# Headers that are never a plan column, whatever they resemble ("Date of Update" in a document log;
# "Timescale: Start", which would otherwise read as the due date, is kept as a column of its own).
_NEVER = ("dateofupdate", "descriptionofchange", "pagesaffected", "version", "start", "timescalestart",
          "plannedstart", "datestarted")
_PLAN_SIGNS = {"lead", "due", "ref", "progress", "status", "rag", "face"}
_MIN_PREFIX = 5  # a synonym must be at least this long to match as the start of a longer header
_MIN_RATIO = 0.84
_LONGEST_HEADER = 80  # squashed; a longer cell is data, not a column heading


def squash(text: str) -> str:
    """Lower case, letters and digits only: the form headers are compared in."""
    return re.sub(r"[^a-z0-9]", "", text.lower())


def _score(header: str, synonym: str) -> float:
    if header == synonym:
        return 1.0
    if len(synonym) >= _MIN_PREFIX and header.startswith(synonym):
        # Prefer the longest synonym that the header starts with.
        return 0.9 + min(len(synonym), 40) / 1000
    # Cheap bounds first: most cells tested are data, far longer than any header.
    if 2 * min(len(header), len(synonym)) / (len(header) + len(synonym)) < _MIN_RATIO:
        return 0.0
    matcher = SequenceMatcher(None, header, synonym)
    if matcher.real_quick_ratio() < _MIN_RATIO or matcher.quick_ratio() < _MIN_RATIO:
        return 0.0
    ratio = matcher.ratio()
    return ratio if ratio >= _MIN_RATIO else 0.0


@lru_cache(maxsize=4096)
def match_header(cell: str) -> tuple[str | None, float]:
    """The canonical field a single header cell means, with a score (0 when it means none)."""
    header = squash(cell)
    if len(header) > _LONGEST_HEADER:
        return None, 0.0
    if not header or any(header.startswith(n) for n in _NEVER):
        return None, 0.0
    best: tuple[str | None, float] = (None, 0.0)
    for field, synonyms in SYNONYMS.items():
        for synonym in synonyms:
            score = _score(header, synonym)
            if score > best[1]:
                best = (field, score)
    return best


@dataclass(frozen=True)
class ColumnMap:
    """Which column index holds which field, and the headers as written."""

    fields: dict[str, int]
    headers: tuple[str, ...]

    def get(self, cells: list[str], field: str) -> str:
        """The raw cell for ``field`` in a row, or ``""`` when the table has no such column."""
        index = self.fields.get(field)
        if index is None or index >= len(cells):
            return ""
        return cells[index]

    def unmapped(self, cells: list[str]) -> dict[str, str]:
        """Cells under headers that map to no field, keyed by header, so nothing is silently lost."""
        used = set(self.fields.values())
        out = {}
        for index, header in enumerate(self.headers):
            if index not in used and header.strip() and index < len(cells) and cells[index].strip():
                out[header.strip()] = cells[index]
        return out


def map_headers(cells: list[str]) -> ColumnMap | None:
    """A column map when ``cells`` is the header row of a plan table, else None.

    A plan table must have an action column and one that only a plan has (lead, due date, ref,
    progress, status or RAG), and most of its non-empty header cells must be recognised (so a
    data row is never taken for a header).
    """
    scored: list[tuple[float, str, int]] = []
    non_empty = 0
    for index, cell in enumerate(cells):
        if not cell.strip():
            continue
        non_empty += 1
        field, score = match_header(cell)
        if field is not None:
            scored.append((score, field, index))
    fields: dict[str, int] = {}
    for _score_value, field, index in sorted(scored, key=lambda item: -item[0]):
        if field not in fields and index not in fields.values():
            fields[field] = index
    if "action" not in fields or not fields.keys() & _PLAN_SIGNS or len(fields) < 0.6 * non_empty:
        return None
    return ColumnMap(fields=fields, headers=tuple(cells))


def map_summary_headers(cells: list[str]) -> ColumnMap | None:
    """A column map when ``cells`` head a per-section progress summary ("Recommendation |
    Summary Progress to date"): a section or recommendation column and a progress column only."""
    named = [c for c in cells if c.strip()]
    found = {match_header(c)[0]: i for i, c in enumerate(cells) if c.strip()}
    section = "recommendation" if "recommendation" in found else "section"
    if len(named) != 2 or section not in found or "progress" not in found:
        return None
    return ColumnMap(fields={"section": found[section], "progress": found["progress"]}, headers=tuple(cells))
