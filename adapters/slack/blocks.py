"""Block Kit for Chaser's Slack messages: a request's actions with one-tap buttons, and the Details
modal (revised date, percent, note). Pure functions of the service's message types."""

from __future__ import annotations

import json
from typing import Any

from bot.ports import QUICK_CHOICES, ActionPrompt, FigurePrompt, OutboundMessage

QUICK_PREFIX = "chaser_quick_"  # + status: the buttons' action_id
DETAILS_ACTION = "chaser_details"
DETAILS_VIEW = "chaser_details"
ABOUT_BLOCK = "chaser_about_"  # + action id: the section describing an action
# Slack allows 50 blocks in a message: the opening text, two per action, and two lines at the end.
MAX_ACTIONS_WITH_BUTTONS = 23
SECTION_LIMIT = 3000
STATUS_OPTIONS = (*QUICK_CHOICES, ("not_started", "Not started"))
# The modal's inputs: block_id -> action_id (Slack keys view_submission values by both).
FIELDS = {"status": "chaser_status", "expected_by": "chaser_date", "percent": "chaser_percent", "note": "chaser_note"}


def escape(text: str) -> str:
    """Text safe in Slack's mrkdwn: ``&``, ``<`` and ``>`` escaped, as Slack requires."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def button_value(prompt: ActionPrompt, choice: str) -> str:
    """What a button carries back: the action's id, the choice and (for the words) its ref."""
    return f"{prompt.action_id}|{choice}|{prompt.ref}"


def parse_button_value(value: str) -> tuple[int, str, str] | None:
    """``(action_id, choice, ref)`` from a button's value; None if it is not one of ours."""
    parts = value.split("|", 2)
    if len(parts) != 3 or not parts[0].isdigit():
        return None
    return int(parts[0]), parts[1], parts[2]


def intro(message: OutboundMessage) -> str:
    """The message's words before its list of actions (the list, and the figures asked for after it,
    are drawn as blocks instead)."""
    if not message.actions:
        return message.text.strip()
    first = message.actions[0].ref
    lines = message.text.splitlines()
    for n, line in enumerate(lines):
        if line.startswith(f"{first} "):
            return "\n".join(lines[:n]).strip()
    return message.text.strip()


def _action_blocks(prompt: ActionPrompt) -> list[dict[str, Any]]:
    facts = f"Due: {prompt.due} | Status: {prompt.status}"
    about = f"*{escape(prompt.ref)}*  {escape(prompt.title)}\n{escape(facts)}"
    if prompt.last_update:
        about += f"\nLast update: {escape(prompt.last_update)}"
    buttons = [{"type": "button", "action_id": f"{QUICK_PREFIX}{status}", "value": button_value(prompt, status),
                "text": {"type": "plain_text", "text": label}} for status, label in QUICK_CHOICES]
    buttons.append({"type": "button", "action_id": DETAILS_ACTION, "value": button_value(prompt, "details"),
                    "text": {"type": "plain_text", "text": "Details…"},
                    "accessibility_label": f"Give a revised date, percent or note for {prompt.ref}"[:75]})
    return [
        {"type": "section", "block_id": f"{ABOUT_BLOCK}{prompt.action_id}",
         "text": {"type": "mrkdwn", "text": _cut(about, SECTION_LIMIT)}},
        {"type": "actions", "block_id": f"chaser_answer_{prompt.action_id}", "elements": buttons},
    ]


def figure_blocks(figures: tuple[FigurePrompt, ...]) -> list[dict[str, Any]]:
    """The indicators a request asks figures for: one section, each with its period, last figure and target."""
    if not figures:
        return []
    lines = [f"*Your indicators*: reply here with each figure in your own words, e.g. "
             f"\"{escape(figures[0].code)} 201 for {escape(figures[0].period)}\"."]
    for f in figures:
        line = f"*{escape(f.code)}*" + (f"  {escape(f.title)}" if f.title else "")
        line += f": the figure for {escape(f.period)}?"
        facts = " | ".join(x for x in (f"Last: {f.last}" if f.last else "",
                                       f"Target: {f.target}" if f.target else "") if x)
        lines.append(line + (f"\n{escape(facts)}" if facts else ""))
    return [{"type": "section", "block_id": "chaser_figures", "text": {"type": "mrkdwn",
                                                                      "text": _cut("\n".join(lines), SECTION_LIMIT)}}]


def message_blocks(message: OutboundMessage) -> list[dict[str, Any]] | None:
    """Blocks for ``message``: None for plain words (a confirmation, an answer), which go as text."""
    if not message.actions and not message.link:
        return None
    blocks: list[dict[str, Any]] = []
    opening = intro(message)
    if opening:
        blocks.append({"type": "section", "text": {"type": "mrkdwn", "text": _cut(escape(opening), SECTION_LIMIT)}})
    shown = message.actions[:MAX_ACTIONS_WITH_BUTTONS]
    for prompt in shown:
        blocks += _action_blocks(prompt)
    if message.actions:  # (without actions the words above already list the figures)
        blocks += figure_blocks(message.figures)
    rest = message.actions[len(shown):]
    if rest:
        refs = ", ".join(p.ref for p in rest)
        blocks.append({"type": "context", "elements": [{"type": "mrkdwn", "text": _cut(escape(
            f"Also open: {refs}. Reply here in your own words about these, e.g. \"{rest[0].ref} on track\"."),
            SECTION_LIMIT)}]})
    if message.link:
        blocks.append({"type": "context", "elements": [{"type": "mrkdwn",
                                                        "text": f"<{message.link}|Answer on the web instead>"}]})
    return blocks


def details_view(*, action_id: int, ref: str, about: str, conversation: str | None, thread: str | None) -> dict:
    """The Details modal for one action: status, revised date, percent and note, all optional."""
    metadata = json.dumps({"action_id": action_id, "ref": ref, "conversation": conversation, "thread": thread})
    options = [{"text": {"type": "plain_text", "text": label}, "value": status} for status, label in STATUS_OPTIONS]
    return {
        "type": "modal",
        "callback_id": DETAILS_VIEW,
        "private_metadata": metadata,
        "title": {"type": "plain_text", "text": _cut(f"Update {ref}", 24)},
        "submit": {"type": "plain_text", "text": "Record"},
        "close": {"type": "plain_text", "text": "Cancel"},
        "blocks": [
            {"type": "section", "text": {"type": "mrkdwn", "text": _cut(about or f"*{escape(ref)}*", SECTION_LIMIT)}},
            {"type": "input", "block_id": "status", "optional": True,
             "label": {"type": "plain_text", "text": "Status"},
             "element": {"type": "static_select", "action_id": FIELDS["status"], "options": options,
                         "placeholder": {"type": "plain_text", "text": "Leave as it is"}}},
            {"type": "input", "block_id": "expected_by", "optional": True,
             "label": {"type": "plain_text", "text": "Revised date"},
             "element": {"type": "datepicker", "action_id": FIELDS["expected_by"]}},
            {"type": "input", "block_id": "percent", "optional": True,
             "label": {"type": "plain_text", "text": "Percent complete"},
             "element": {"type": "number_input", "action_id": FIELDS["percent"], "is_decimal_allowed": False,
                         "min_value": "0", "max_value": "100"}},
            {"type": "input", "block_id": "note", "optional": True,
             "label": {"type": "plain_text", "text": "Note"},
             "element": {"type": "plain_text_input", "action_id": FIELDS["note"], "multiline": True,
                         "max_length": 2000}},
        ],
    }
