"""A small rule-based stand-in for ``nlp.extract`` so the service's tests do not depend on the NLP
layer's model; the tests use the real ``nlp.extract`` whenever it is installed."""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta

from bot.extractor import refs_in
from nlp.extraction import ActionExtraction, Extraction

MONTHS = {m.lower(): i for i, m in enumerate(calendar.month_name) if m}
WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
STATUS = [
    ("complete", re.compile(r"\b(complete[d]?|done|finished|achieved)\b", re.I)),
    ("blocked", re.compile(r"\b(blocked|on hold|waiting (on|for))\b", re.I)),
    ("delayed", re.compile(r"\b(delayed|slipp(ed|ing)|behind|late)\b", re.I)),
    ("in_progress", re.compile(r"\b(in progress|under way|started|progressing|on track)\b", re.I)),
]


def _date(clause: str, today: date) -> str | None:
    text = clause.lower()
    m = re.search(r"end of (" + "|".join(MONTHS) + r")", text)
    if m:
        month = MONTHS[m.group(1)]
        return f"{today.year + (month < today.month):04d}-{month:02d}"
    m = re.search(r"(\d{1,2})(?:st|nd|rd|th)? (" + "|".join(MONTHS) + r")(?: (\d{4}))?", text)
    if m:
        return date(int(m.group(3) or today.year), MONTHS[m.group(2)], int(m.group(1))).isoformat()
    for i, name in enumerate(WEEKDAYS):
        if re.search(rf"\b(on|last)?\s*{name}\b", text):
            back = (today.weekday() - i) % 7
            return (today - timedelta(days=back)).isoformat()
    return None


def _read(clause: str, today: date) -> tuple[str | None, int | None, str | None, str | None]:
    status = next((s for s, rx in STATUS if rx.search(clause)), None)
    pct = re.search(r"(\d{1,3})\s*%", clause)
    if pct and int(pct.group(1)) < 100 and status == "complete":  # "60% done" is not finished
        status = "in_progress"
    when = _date(clause, today)
    completed = when if status == "complete" else None
    expected = when if status != "complete" else None
    return status, int(pct.group(1)) if pct else None, completed, expected


def simple_extract(text: str, *, today: date) -> Extraction:
    clauses = [c for c in re.split(r"(?<!\d)[.;\n]+|(?<=\d)[.;\n]+(?!\d)", text) if c.strip()]
    actions = []
    for clause in clauses:
        for ref in refs_in(clause):
            status, pct, completed, expected = _read(clause, today)
            actions.append(ActionExtraction(ref=ref, text=clause.strip(), status=status, percent_complete=pct,
                                            completed_on=completed, expected_by=expected))
    status, pct, completed, expected = _read(text, today)
    found = status is not None or pct is not None
    return Extraction(text=text, status=status, percent_complete=pct, completed_on=completed, expected_by=expected,
                      actions=tuple(actions), confidence=0.8 if found else 0.1)
