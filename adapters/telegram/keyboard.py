"""The inline keyboard drawn under a request (one row of quick answers per action), and the
callback data its buttons carry back: which action, and which answer."""

from __future__ import annotations

import re
from dataclasses import dataclass

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.ports import QUICK_CHOICES, ActionPrompt

DETAILS = "details"
DETAILS_LABEL = "Details…"
# Short codes keep callback data inside Telegram's 64 bytes: "q:<action id>:<code>:<ref>".
CODES = {"complete": "c", "in_progress": "p", "delayed": "d", "blocked": "b", DETAILS: "x"}
CHOICES = {code: choice for choice, code in CODES.items()}
LABELS = dict(QUICK_CHOICES) | {DETAILS: DETAILS_LABEL}
MAX_DATA_BYTES = 64
MAX_BUTTON_ROWS = 40  # two rows per action: a request offers buttons for its first 20 actions
DATA = re.compile(r"^q:(\d{1,12}):([a-z]):(.{0,40})$", re.DOTALL)


@dataclass(frozen=True)
class Tap:
    """What a button said: the action, the choice (a status, or ``details``), and the action's ref."""

    action_id: int
    choice: str
    ref: str

    @property
    def label(self) -> str:
        """The button's words ("Done", "Details…")."""
        return LABELS[self.choice]


def callback_data(*, action_id: int, choice: str, ref: str) -> str:
    """The data one button carries (the ref is cut short if it would not fit)."""
    data = f"q:{action_id}:{CODES[choice]}:{ref}"
    while len(data.encode("utf-8")) > MAX_DATA_BYTES:
        data = data[:-1]
    return data


def read_tap(data: str | None) -> Tap | None:
    """The tap a button's data describes; None for data Chaser did not draw (refused, not guessed)."""
    match = DATA.match(data or "")
    if match is None or match.group(2) not in CHOICES:
        return None
    return Tap(action_id=int(match.group(1)), choice=CHOICES[match.group(2)], ref=match.group(3))


def keyboard(actions: tuple[ActionPrompt, ...]) -> InlineKeyboardMarkup | None:
    """Per action, two rows: ``<ref> Done | On track`` and ``Delayed | Blocked | Details…``."""
    rows: list[list[InlineKeyboardButton]] = []
    for action in actions:
        if len(rows) + 2 > MAX_BUTTON_ROWS:
            break  # Telegram caps a keyboard's size; the text invites a reply in words for the rest

        def button(choice: str, label: str, a: ActionPrompt = action) -> InlineKeyboardButton:
            return InlineKeyboardButton(label, callback_data=callback_data(action_id=a.action_id, choice=choice,
                                                                           ref=a.ref))

        rows.append([button("complete", f"{action.ref}: Done"), button("in_progress", "On track")])
        rows.append([button("delayed", "Delayed"), button("blocked", "Blocked"), button(DETAILS, DETAILS_LABEL)])
    return InlineKeyboardMarkup(rows) if rows else None
