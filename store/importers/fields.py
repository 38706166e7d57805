"""Turn an action as read (text per column) into the values of an Action row."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from nlp.dates import parse_due_cell
from store.importers.draft import ActionDraft
from store.importers.status import InitialState, initial_state
from store.importers.tables.cells import one_line

_NOT_GIVEN = {"na", "n/a", "none", "-", "--"}
# Which columns of the file speak for each Action field: a field whose columns the file lacks
# is left as it is on re-import (a CSV export has no "Additional Capacity" column, say).
SOURCES: dict[str, tuple[str, ...]] = {
    "title": ("action",),
    "lead_text": ("lead",),
    "sponsor": ("sponsor",),
    "due": ("due",),
    "due_text": ("due",),
    "milestones": ("due",),
    "partners": ("partners",),
    "additional_capacity": ("additional_capacity",),
    "success_criteria": ("objective", "milestones_text", "success_criteria"),
    "progress": ("progress",),
    "status": ("progress", "status", "rag", "face"),
    "rag": ("rag", "face"),
    "percent_complete": ("percent_complete", "progress"),
    "completed_on": ("completed_on", "progress", "status"),
    "expected_by": ("expected_by", "progress"),
}
_STATE_CELLS = {"progress": "progress", "status_cell": "status", "rag_cell": "rag", "face": "face"}


def _given(text: str) -> str:
    return "" if text.strip().lower() in _NOT_GIVEN else text.strip()


def _percent(text: str) -> int | None:
    match = re.search(r"(\d{1,3})(?:\.\d+)?\s*%?", text)
    if not match:
        return None
    value = int(match.group(1))
    return value if 0 <= value <= 100 else None


def _one_date(text: str, today: date) -> date | None:
    return parse_due_cell(text, today=today).due if text.strip() else None


@dataclass
class ActionValues:
    """The stored fields of one imported action, and notes kept on its import update."""

    values: dict[str, Any]
    state: InitialState
    notes: dict[str, Any] = field(default_factory=dict)
    present: frozenset[str] = frozenset()  # the Action fields this file has columns for

    def state_key(self) -> dict[str, str]:
        """The cells an action's state is read from, as this file gives them."""
        return dict(self.notes.get("state_key", {}))


def action_values(draft: ActionDraft, *, today: date, columns: frozenset[str]) -> ActionValues:
    """The Action columns for ``draft``; ``today`` is the document's date (for dates without a year).

    The due cell keeps its wording in ``due_text``; ``due`` is its latest date and ``milestones``
    every date it names. ``columns`` are the fields the file's table has. "What we want to achieve"
    and "Milestones" (2004 plan) are kept with the
    success criteria, since they say what success looks like.
    """
    due_text = draft.get("due")
    due = parse_due_cell(due_text, today=today) if due_text else None
    success = "\n".join(
        p
        for p in (
            _given(draft.get("objective")),
            _given(draft.get("milestones_text")),
            _given(draft.get("success_criteria")),
        )
        if p
    )
    progress = draft.get("progress")
    state = initial_state(
        progress=progress,
        status_cell=draft.get("status"),
        rag_cell=draft.get("rag"),
        face_cell=draft.get("face"),
        today=today,
    )
    percent = _percent(draft.get("percent_complete")) if draft.get("percent_complete") else state.percent_complete
    values: dict[str, Any] = {
        "title": draft.get("action"),
        "lead_text": ", ".join(line.strip(" ,") for line in draft.get("lead").splitlines() if line.strip(" ,")),
        "sponsor": one_line(draft.get("sponsor")),
        "due": due.due if due else None,
        "due_text": due_text,
        "milestones": [d.isoformat() for d in due.milestones] if due else [],
        "partners": _given(draft.get("partners")),
        "additional_capacity": _given(draft.get("additional_capacity")),
        "success_criteria": success,
        "progress": progress,
        "status": state.status,
        "rag": state.rag,
        "percent_complete": percent,
        "completed_on": _one_date(draft.get("completed_on"), today) or state.completed_on,
        "expected_by": _one_date(draft.get("expected_by"), today) or state.expected_by,
    }
    notes: dict[str, Any] = {
        "source_where": draft.where,
        "state_key": {key: draft.get(cell) for key, cell in _STATE_CELLS.items() if cell in columns},
    }
    if due is not None and due.tentative:
        notes["due_tentative"] = True
    if draft.get("face"):
        notes["face"] = draft.get("face")
    if draft.get("rag"):
        notes["rag_cell"] = draft.get("rag")  # the wording as written: "B", "Amber (some slippage)"
    if draft.get("status"):
        notes["status_cell"] = draft.get("status")
    if draft.get("comments") or draft.extra:
        notes["columns"] = {
            **({"comments": draft.get("comments")} if draft.get("comments") else {}),
            **draft.extra,
        }
    present = frozenset(name for name, cells in SOURCES.items() if columns.intersection(cells))
    return ActionValues(values=values, state=state, notes=notes, present=present)
