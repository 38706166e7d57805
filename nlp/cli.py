"""``chaser extract``: one reply to one JSON object, or JSON lines in and out.

Each input line is handled on its own: a line that is not valid JSON, or lacks a usable
``text`` or ``today``, gives ``{"id": ..., "error": "line N: ..."}`` and the stream carries on.
"""

from __future__ import annotations

import json
import re
from datetime import date, datetime
from typing import Any, TextIO
from zoneinfo import ZoneInfo

from store.errors import ChaserError

LONDON = ZoneInfo("Europe/London")
_ID = re.compile(r'"id"\s*:\s*("(?:[^"\\]|\\.)*"|-?\d+)')


def extract_one(text: str, *, today: date) -> dict[str, Any]:
    """The contract's JSON object for one reply (no ``id``)."""
    from nlp import extract

    return extract(text, today=today).to_json()


def extract_jsonl(stdin: TextIO, stdout: TextIO) -> int:
    """Read ``{"id", "text", "today"}`` lines from ``stdin``; write one JSON object per line.

    Args:
        stdin: JSON lines; ``today`` (``YYYY-MM-DD``) is optional and defaults to today in London.
        stdout: where the results go, one line per non-blank input line, flushed as it goes.

    Returns:
        The number of lines that could not be read (each was reported in the output).

    Raises:
        ChaserError: when the input itself cannot be read (not text, or the stream fails).
    """
    failures = 0
    try:
        for number, line in enumerate(stdin, start=1):
            if not line.strip():
                continue
            result = _one_line(line, number)
            failures += "error" in result
            stdout.write(json.dumps(result, ensure_ascii=False) + "\n")
            stdout.flush()
    except (UnicodeDecodeError, OSError) as exc:
        raise ChaserError(f"extract --jsonl: cannot read the input: {exc}") from exc
    return failures


def _one_line(line: str, number: int) -> dict[str, Any]:
    """The output object for one input line; problems become ``{"id", "error"}``."""
    record_id: Any = None
    try:
        record = json.loads(line.strip())
    except json.JSONDecodeError as exc:
        problem = f"line {number}: not valid JSON ({exc.msg} at character {exc.pos + 1})"
        return {"id": _salvage_id(line), "error": problem}
    if not isinstance(record, dict):
        return {"id": None, "error": f"line {number}: expected a JSON object with id, text and today"}
    record_id = record.get("id")
    text = record.get("text")
    if not isinstance(text, str):
        return {"id": record_id, "error": f"line {number}: field 'text' must be a string"}
    try:
        today = _today(record.get("today"))
    except ValueError as exc:
        return {"id": record_id, "error": f"line {number}: field 'today': {exc}"}
    try:
        result = extract_one(text, today=today)
    except Exception as exc:  # noqa: BLE001 - one bad reply must never stop the stream
        return {
            "id": record_id,
            "error": f"line {number}: could not read this reply ({type(exc).__name__}: {exc})",
        }
    return {"id": record_id, **result}


def _salvage_id(line: str) -> Any:
    """The ``id`` of a broken line when it can still be seen, so the caller can match the error up."""
    match = _ID.search(line)
    if match is None:
        return None
    try:
        return json.loads(match.group(1))
    except json.JSONDecodeError:
        return None


def _today(value: Any) -> date:
    if value is None or value == "":
        return datetime.now(LONDON).date()
    if not isinstance(value, str):
        raise ValueError("write it as YYYY-MM-DD, e.g. 2006-06-14")
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"{value!r} is not a date: write it as YYYY-MM-DD, e.g. 2006-06-14") from None
