"""Dates the way councils write them: the public face of the date layer.

``find_dates`` finds every date in free text; ``parse_due_cell`` reads a plan's "By When" cell.
Both are pure Python (no spaCy), so importers and the question answerer can use them cheaply.
"""

from __future__ import annotations

from nlp.dates.due_cell import DueCell, parse_due_cell
from nlp.dates.finder import DateMention, ScannedDate, find_dates, scan_dates

__all__ = ["DateMention", "DueCell", "ScannedDate", "find_dates", "parse_due_cell", "scan_dates"]
