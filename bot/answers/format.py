"""How answers read: dates like "12 Jun 2006", one compact line per action, counted nouns."""

from __future__ import annotations

from datetime import datetime

from bot.answers.data import ActionRow
from store.wording import STATUS_WORDS
from store.wording import uk_date as day  # "12 Jun 2006"; datetimes shown in London time

TITLE_WIDTH = 70


def short(text: str, width: int = TITLE_WIDTH) -> str:
    """``text`` on one line, cut at a word boundary with an ellipsis when longer than ``width``."""
    flat = " ".join(text.split())
    if len(flat) <= width:
        return flat
    cut = flat[: width - 1].rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:-–") + "…"


def due_words(action: ActionRow) -> str:
    """ "due 30 Apr 2006, revised 31 Jul 2006", or "no due date"."""
    text = f"due {day(action.due)}" if action.due else "no due date"
    if action.expected_by and action.expected_by != action.due:
        text += f", revised {day(action.expected_by)}"
    return text


def action_line(action: ActionRow, updated: datetime | None) -> str:
    """One action in a list: ref, title, lead, due and revised dates, status, last update (``updated``)."""
    parts = [
        f"{action.ref} {short(action.title) or '(untitled)'}",
        f"lead: {action.lead_text or 'not named'}",
        due_words(action),
        STATUS_WORDS.get(action.status, action.status),
        f"updated {day(updated)}" if updated else "no update yet",
    ]
    return "- " + " | ".join(parts)
