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
# Faces drawn in a Status or RAG column (a plan typed rather than OCR'd): straight and sad are amber.
_FACES = {
    **dict.fromkeys(("☺", "🙂", "😊", "😀", "☻"), "green"),
    **dict.fromkeys(("😐", "☹", "🙁", "😞", "😟"), "amber"),
}
# Status wordings -> (status, RAG the wording implies). Longer wordings are tried first.
_STATUS_WORDS: dict[str, tuple[str, str | None]] = {
    **dict.fromkeys(("complete", "completed", "done", "achieved", "closed", "finished", "delivered",
                     "implemented"), ("complete", "green")),
    **dict.fromkeys(("on track", "on target", "on schedule"), ("in_progress", "green")),
    **dict.fromkeys(("in progress", "in_progress", "ongoing", "started", "underway", "open"), ("in_progress", None)),
    **dict.fromkeys(("off track", "off target", "behind schedule"), ("delayed", "red")),
    **dict.fromkeys(("at risk", "some slippage", "minor slippage"), ("delayed", "amber")),
    **dict.fromkeys(("delayed", "slipped", "slippage", "behind", "late", "overdue", "revised"), ("delayed", None)),
    **dict.fromkeys(("blocked", "on hold", "stalled", "waiting", "dependent", "cannot proceed", "suspended"),
                    ("blocked", None)),
    # Scales of progress written out (Rotherham's "delayed by less than 3 months" / "will not be met
    # within 3 months of original target date"; Flintshire's good / satisfactory / limited progress),
    # and negations, which must not read as the wording they deny ("Not achieved" is not achieved).
    **dict.fromkeys(("will not be met", "not be met", "will be missed", "not on track", "not on target"),
                    ("delayed", "red")),
    **dict.fromkeys(("not achieved", "not met", "not delivered", "not implemented"), ("delayed", None)),
    **dict.fromkeys(("not complete", "not completed", "incomplete"), ("in_progress", None)),
    **dict.fromkeys(("delayed by less than", "delayed by up to", "slightly delayed", "minor delay"),
                    ("delayed", "amber")),
    "good progress": ("in_progress", "green"),
    "satisfactory progress": ("in_progress", "amber"),
    **dict.fromkeys(("limited progress", "poor progress", "no progress"), ("delayed", "red")),
    **dict.fromkeys(("not started", "not_started", "not yet started", "to start", "pending", "not due",
                     "not yet due"), ("not_started", None)),
}
_BY_LENGTH = sorted(_STATUS_WORDS, key=len, reverse=True)
# A colour at the start of the cell: "Red", "A", "Green 01/01/2004", "R/A", BRAG's "Blue"/"B" (complete).
_COLOUR = re.compile(r"\s*(red|amber|green|blue|r|a|g|b)\b(?![.'’])")
_PERCENT = re.compile(r"^\s*(\d{1,3})(?:\.\d+)?\s*%")


@dataclass(frozen=True)
class CellReading:
    """What one Status, RAG or BRAG cell says, in any dialect; None where it says nothing."""

    status: str | None = None
    rag: str | None = None
    percent: int | None = None


def read_status_cell(cell: str) -> CellReading:
    """Read a Status/RAG/BRAG cell: colours (words or letters, Blue = complete), status wordings
    ("On track", "At risk", "Off track", "Not yet started", "Closed"), percentages and faces.

    A cell may hold a colour and a wording ("Green - on track"); the wording decides the status
    and the colour the RAG. Returns an empty reading when the cell is empty or not understood.
    """
    text = " ".join(re.sub(r"[^a-z0-9%.]+", " ", cell.lower()).split())
    if cell.strip() in _FACES:
        face = _FACES[cell.strip()]
        return CellReading(status="in_progress" if face == "green" else "delayed", rag=face)
    if not text:
        return CellReading()
    percent = _PERCENT.match(text)
    if percent:
        value = min(int(percent.group(1)), 100)
        by_percent = "complete" if value == 100 else "not_started" if value == 0 else "in_progress"
        return CellReading(status=by_percent, rag="green" if value == 100 else None, percent=value)
    status: str | None = None
    implied: str | None = None
    for wording in _BY_LENGTH:
        if text == wording or text.startswith(wording + " ") or (len(wording) > 3 and f" {wording} " in f" {text} "):
            status, implied = _STATUS_WORDS[wording]
            break
    colour_match = _COLOUR.match(text)
    colour: str | None = None
    if colour_match:
        word = colour_match.group(1)
        if word in ("blue", "b"):
            return CellReading(status="complete", rag="green")
        colour = {"r": "red", "a": "amber", "g": "green"}.get(word, word)
    return CellReading(status=status, rag=colour or implied)


def status_word(cell: str) -> str | None:
    """A Status cell in Chaser's vocabulary, or None when it is empty or not understood."""
    return read_status_cell(cell).status


def rag_word(cell: str) -> str | None:
    """A RAG cell ("Red", "A", "Green 01/01/2004", "R/A", "On track") as ``red``, ``amber`` or ``green``."""
    return read_status_cell(cell).rag


def face_rag(cell: str) -> str | None:
    """A Face cell as a RAG colour: smiling is green, any other mark amber, empty None."""
    raw = cell.strip()
    if not raw:
        return None
    return "green" if raw.lower() in SMILING or _FACES.get(raw) == "green" else "amber"


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

    A status read from the Status or RAG cell wins (any dialect: ``read_status_cell``); a RAG or
    Face column sets the colour and, with the progress
    text read by ``nlp.extract`` as of the document's date, the status; with neither, the progress
    text alone decides (no progress at all: not started).
    """
    from nlp import extract  # the NLP layer loads spaCy: only when a plan is imported

    extraction = extract(progress, today=today) if progress.strip() else None
    read = extraction.status if extraction is not None else None
    in_status, in_rag = read_status_cell(status_cell), read_status_cell(rag_cell)
    colour = in_status.rag or in_rag.rag or face_rag(face_cell)
    explicit = in_status.status or in_rag.status
    percent = in_status.percent if in_status.percent is not None else in_rag.percent
    if explicit:
        status = explicit
    elif colour == "green":
        status = "complete" if read == "complete" else "in_progress"
    elif colour in ("amber", "red"):
        status = read if read in ("blocked", "delayed") else "delayed"
    else:
        status = read or ("in_progress" if progress.strip() else "not_started")
    if extraction is None:
        return InitialState(status=status, rag=colour, percent_complete=percent)
    return InitialState(
        status=status,
        rag=colour,
        percent_complete=percent if percent is not None else _read_percent(extraction.percent_complete, status),
        completed_on=to_date(extraction.completed_on) if status == "complete" else None,
        expected_by=expected_in_note(extraction, document_date=today),
        extraction=extraction.to_json(),
    )


def _read_percent(value: int | None, status: str) -> int | None:
    """A percentage the progress words implied ("achieved" reads as 100), kept only when it agrees
    with the status the row's own Status or RAG cell gave."""
    if value == 100 and status != "complete":
        return None
    return value


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
