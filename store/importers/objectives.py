"""Follow a "What we want to achieve" objective down its table, across wrapped rows and pages.

In the 2004 plan the objective is one tall cell beside several actions; the text export cut it
into one fragment per row ("A clear understanding of the impact of" / "Council activity on
achieving the Herefordshire" / "Plan ambitions"). "NA", an empty cell and "... contd." (the
objective carried on to a new page) all mean the objective above still holds.
"""

from __future__ import annotations

import re

from store.importers.draft import ActionDraft

_CONTD = re.compile(r"\s*\bcontd\.?\s*$", re.I)
_OPEN_ENDINGS = {"of", "the", "to", "and", "for", "on", "in", "with", "a", "an", "by", "at", "or", "its"}


class ObjectiveTracker:
    """Holds the objective in force while the rows of a table are read in order."""

    def __init__(self) -> None:
        self.current = ""
        self._last_fragment = ""
        self._merged = False
        self._previous_row_had_text = False
        self._actions: list[ActionDraft] = []

    def _continues(self, fragment: str) -> bool:
        if not (self.current and self._previous_row_had_text):
            return False
        last_word = self._last_fragment.rsplit(" ", 1)[-1].lower()
        return fragment[0].islower() or last_word in _OPEN_ENDINGS or self._merged

    def feed(self, cell: str, *, page_start: bool) -> str:
        """Read one row's objective cell; returns the objective that row's action serves."""
        text = " ".join(cell.split())
        if page_start:
            self._previous_row_had_text = False
        if not text or text.upper() in ("NA", "N/A"):
            self._previous_row_had_text = False
            return self.current
        if _CONTD.search(text):
            if not self.current:
                self.current = _CONTD.sub("", text)
                self._actions = []
            self._last_fragment, self._merged, self._previous_row_had_text = text, False, False
            return self.current
        if self._continues(text):
            self.current = f"{self.current} {text}"
            self._merged = True
            for action in self._actions:  # the rows above serve the same, now longer, objective
                action.set("objective", self.current)
        else:
            self.current = text
            self._merged = False
            self._actions = []
        self._last_fragment = text
        self._previous_row_had_text = True
        return self.current

    def attach(self, action: ActionDraft, objective: str) -> None:
        """Record the objective on an action (wrapped fragments seen later are added too)."""
        if objective:
            action.set("objective", objective)
            self._actions.append(action)
