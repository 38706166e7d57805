"""An imported action's starting state: from a Status, RAG or Face column, and its progress text.

Faces (the 2004 plan): a smiling face means "completed or on track"; the straight and sad faces,
which the text export OCR'd as "(1)", "(2)", "①", "(i)", "<u> </u>" and the like, both mean
issues have arisen, so they read as amber / delayed unless the progress text says more.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from nlp.extraction import Extraction, to_date

SMILING = {"©", "☺", "🙂", "😊", "j", "(c)", "c", "smiling", "smile", "happy"}
_STATUS_WORDS = {
    "complete": ("complete", "completed", "done", "achieved", "closed", "finished"),
    "in_progress": ("in progress", "in_progress", "on track", "ongoing", "started", "underway", "open"),
    "delayed": ("delayed", "slipped", "behind", "late", "overdue", "revised", "at risk"),
    "blocked": ("blocked", "on hold", "stalled", "waiting", "dependent", "cannot proceed"),
    "not_started": ("not started", "not_started", "not yet started", "to start", "pending"),
}


def status_word(cell: str) -> str | None:
    """A Status cell in Chaser's vocabulary, or None when it is empty or not understood."""
    text = " ".join(cell.lower().replace("-", " ").split())
    if not text:
        return None
    for status, words in _STATUS_WORDS.items():
        if text in words or any(text.startswith(w) for w in words):
            return status
    return None


def rag_word(cell: str) -> str | None:
    """A RAG cell ("Red", "A", "Green 01/01/2004", "R/A") as ``red``, ``amber`` or ``green``."""
    match = re.match(r"\s*(red|amber|green|r|a|g)\b", cell.lower())
    if not match:
        return None
    return {"r": "red", "a": "amber", "g": "green"}.get(match.group(1), match.group(1))


def face_rag(cell: str) -> str | None:
    """A Face cell as a RAG colour: smiling is green, any other mark amber, empty None."""
    raw = cell.strip()
    if not raw:
        return None
    return "green" if raw.lower() in SMILING else "amber"


@dataclass(frozen=True)
class InitialState:
    """What an action's row says about where it stands."""

    status: str
    rag: str | None = None
    percent_complete: int | None = None
    completed_on: date | None = None
    expected_by: date | None = None
    extraction: dict[str, Any] = field(default_factory=dict)


def initial_state(*, progress: str, status_cell: str, rag_cell: str, face_cell: str, today: date) -> InitialState:
    """Decide the status an imported action starts with.

    An explicit Status column wins; a RAG or Face column sets the colour and, with the progress
    text read by ``nlp.extract`` as of the document's date, the status; with neither, the progress
    text alone decides (no progress at all: not started).
    """
    from nlp import extract  # the NLP layer loads spaCy: only when a plan is imported

    extraction = extract(progress, today=today) if progress.strip() else None
    read = extraction.status if extraction is not None else None
    colour = rag_word(rag_cell) or face_rag(face_cell)
    explicit = status_word(status_cell)
    if explicit:
        status = explicit
    elif colour == "green":
        status = "complete" if read == "complete" else "in_progress"
    elif colour in ("amber", "red"):
        status = read if read in ("blocked", "delayed") else "delayed"
    else:
        status = read or ("in_progress" if progress.strip() else "not_started")
    if extraction is None:
        return InitialState(status=status, rag=colour)
    return InitialState(
        status=status,
        rag=colour,
        percent_complete=extraction.percent_complete,
        completed_on=to_date(extraction.completed_on) if status == "complete" else None,
        expected_by=expected_in_note(extraction, document_date=today),
        extraction=extraction.to_json(),
    )


_HALF_YEAR = timedelta(days=183)
_YEAR = re.compile(r"\b(?:19|20)\d\d\b|\d[./ ]\s?\d{2}\s*$|'\d\d\b|\b[A-Za-z]{3,9}\.?\s+\d{2}\b\s*$")


def expected_in_note(extraction: Extraction, *, document_date: date) -> date | None:
    """The expected date an imported progress note gives, read as of the document's date.

    A plan's progress note mostly tells what has happened. A date written without a year that
    the reader could only place ahead by moving it into the next year, more than half a year
    after the document ("… Assessment Y3 April 11 th & 12 th" in a note dated June 2006 is April
    2006, not April 2007), is an event already past, not a new expected date. ("Due to finish
    in January", in a note dated November, is still next January.)
    """
    expected = to_date(extraction.expected_by)
    if expected is None:
        return None
    said = next((e.text for e in extraction.evidence if e.field == "expected_by"), "")
    if expected.year > document_date.year and expected > document_date + _HALF_YEAR and not _YEAR.search(said):
        try:
            same_day_this_year = expected.replace(year=document_date.year)
        except ValueError:  # 29 February
            same_day_this_year = expected.replace(year=document_date.year, day=28)
        if same_day_this_year <= document_date:
            return None
    return expected
