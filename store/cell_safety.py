"""Spreadsheet formula injection: cells a spreadsheet would run as formulas are neutralised.

Following OWASP's CSV-injection guidance, a cell that begins with ``=``, ``+``, ``-``, ``@``, a
tab or a carriage return gets a leading single quote, so Excel, LibreOffice and Google Sheets show
it as text ("=HYPERLINK(...)" stays words, ``=cmd|' /C calc'!A0`` never runs). The importer takes
the quote off again (:func:`restore`), so ``chaser export --format csv`` re-imports to the same plan.
"""

from __future__ import annotations

TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def _starts_like_a_formula(text: str) -> bool:
    """Starts with a trigger, or with quotes before one (so a value that already began with a
    quote keeps it through neutralise-then-restore)."""
    return text.lstrip("'")[:1] in TRIGGERS and bool(text.lstrip("'"))


def neutralise(value: object) -> str:
    """``value`` as text that no spreadsheet will evaluate."""
    text = "" if value is None else str(value)
    if text[:1] in TRIGGERS or (text[:1] == "'" and _starts_like_a_formula(text)):
        return "'" + text
    return text


def restore(text: str) -> str:
    """Undo :func:`neutralise` on a cell read back from a CSV file Chaser wrote."""
    if text[:1] == "'" and _starts_like_a_formula(text[1:]):
        return text[1:]
    return text
