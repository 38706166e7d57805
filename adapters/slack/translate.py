"""Slack payloads (Events API messages, button taps, the Details modal's submission) translated into
the service's InboundMessage. Pure functions: no SDK objects, no database."""

from __future__ import annotations

import html
import json
import re
from datetime import UTC, date, datetime
from typing import Any

from adapters.slack.blocks import DETAILS_VIEW, FIELDS, QUICK_PREFIX, STATUS_OPTIONS, parse_button_value
from bot.ports import QUICK_CHOICES, InboundMessage, QuickAnswer

CHANNEL = "slack"
QUICK_LABELS = dict(QUICK_CHOICES)
STATUS_LABELS = dict(STATUS_OPTIONS)
_LINK = re.compile(r"<((?:https?|mailto):[^|>]+)(?:\|([^>]+))?>")


class NotAnAnswer(ValueError):
    """A submission Chaser cannot record as given; ``errors`` maps the modal's block to what to fix."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("; ".join(errors.values()))
        self.errors = errors


def slack_time(ts: str | float | None, *, default: datetime) -> datetime:
    """A Slack timestamp ("1149930000.000100", seconds since 1970) as an aware UTC datetime."""
    try:
        return datetime.fromtimestamp(float(ts), tz=UTC) if ts else default
    except (TypeError, ValueError, OverflowError):
        return default


def reply_conversation(channel: str | None) -> str | None:
    """Where answers go: None for the person's DM with the bot (the core then addresses the person,
    and paces answers together with the requests sent there), else the channel itself."""
    return None if not channel or channel.startswith("D") else channel


def message_ref(conversation: str, ts: str) -> str:
    """The platform id Chaser keeps for a Slack message: ``CHANNEL:TS`` (what chat.update needs)."""
    return f"{conversation}:{ts}"


def plain_words(text: str) -> str:
    """The person's words from Slack's message text: links to their labels, entities unescaped."""
    text = _LINK.sub(lambda m: m.group(2) or m.group(1).removeprefix("mailto:"), text)
    return html.unescape(text)


# Kept out of the stored evidence: Slack's legacy verification token, and the short-lived URLs and
# trigger ids that would let whoever reads the store post into the person's conversation.
UNKEPT = ("token", "response_url", "response_urls", "trigger_id")


def _raw(body: dict[str, Any]) -> str:
    """The payload as evidence, without the credentials it carries."""
    return json.dumps({k: v for k, v in body.items() if k not in UNKEPT}, sort_keys=True, ensure_ascii=False)


def from_event(body: dict[str, Any], *, received_at: datetime) -> InboundMessage | None:
    """A person's message in their DM with the bot; None for anything else (bots, edits, deletions,
    channel messages, other events), which Chaser does not take as an answer."""
    event = body.get("event") or {}
    if body.get("type") != "event_callback" or event.get("type") != "message" or not body.get("event_id"):
        return None
    if event.get("subtype") or event.get("bot_id") or event.get("bot_profile") or event.get("channel_type") != "im":
        return None
    user, channel, ts = event.get("user"), event.get("channel"), event.get("ts")
    if not user or not channel or not ts:
        return None
    thread_ts = event.get("thread_ts")
    return InboundMessage(
        channel=CHANNEL, message_id=str(body["event_id"]), sender=str(user),
        text=plain_words(str(event.get("text") or "")), written_at=slack_time(ts, default=received_at),
        raw=_raw(body), conversation=reply_conversation(str(channel)),
        thread=message_ref(channel, thread_ts) if thread_ts and thread_ts != ts else None,
    )


def tapped_message(body: dict[str, Any]) -> tuple[str | None, str | None]:
    """The conversation a tap was in, and the tapped message's id (``CHANNEL:TS``)."""
    container = body.get("container") or {}
    channel = container.get("channel_id") or (body.get("channel") or {}).get("id")
    ts = container.get("message_ts") or (body.get("message") or {}).get("ts")
    return channel, message_ref(channel, ts) if channel and ts else None


def from_button(body: dict[str, Any], *, received_at: datetime) -> InboundMessage | None:
    """A tap on Done / On track / Delayed / Blocked; None if the payload is not such a tap."""
    user = (body.get("user") or {}).get("id")
    action = next((a for a in body.get("actions") or [] if str(a.get("action_id", "")).startswith(QUICK_PREFIX)),
                  None)
    if body.get("type") != "block_actions" or not user or action is None:
        return None
    parsed = parse_button_value(str(action.get("value") or ""))
    if parsed is None or parsed[1] not in QUICK_LABELS or action["action_id"] != f"{QUICK_PREFIX}{parsed[1]}":
        return None
    action_id, status, ref = parsed
    conversation, thread = tapped_message(body)
    action_ts = str(action.get("action_ts") or "")
    return InboundMessage(
        channel=CHANNEL, message_id=f"action:{user}:{action_ts or body.get('trigger_id')}", sender=str(user),
        text=f"{ref}: {QUICK_LABELS[status]}", written_at=slack_time(action_ts, default=received_at),
        raw=_raw(body), conversation=reply_conversation(conversation), thread=thread,
        quick=(QuickAnswer(action_id=action_id, status=status),),
    )


def _value(values: dict[str, Any], block: str) -> dict[str, Any]:
    return (values.get(block) or {}).get(FIELDS[block]) or {}


def details_answer(view: dict[str, Any]) -> tuple[QuickAnswer, dict[str, Any]]:
    """The answer given in the Details modal, and the modal's metadata (action, ref, where it was opened).

    Raises:
        NotAnAnswer: A field is out of range, or nothing at all was given.
    """
    try:
        meta = json.loads(view.get("private_metadata") or "{}")
        action_id = int(meta["action_id"])
    except (ValueError, KeyError, TypeError):
        raise NotAnAnswer({"note": "This form is not one of Chaser's: close it and tap Details… again."}) from None
    values = (view.get("state") or {}).get("values") or {}
    errors: dict[str, str] = {}
    status = (_value(values, "status").get("selected_option") or {}).get("value")
    if status is not None and status not in STATUS_LABELS:
        errors["status"] = "Choose one of the statuses listed."
    expected_by = None
    picked = _value(values, "expected_by").get("selected_date")
    if picked:
        try:
            expected_by = date.fromisoformat(picked)
        except ValueError:
            errors["expected_by"] = "Pick the date from the calendar."
    percent = None
    typed = str(_value(values, "percent").get("value") or "").strip().rstrip("%")
    if typed:
        if not typed.isdigit() or not 0 <= int(typed) <= 100:
            errors["percent"] = "A whole number from 0 to 100, please."
        else:
            percent = int(typed)
    note = " ".join(str(_value(values, "note").get("value") or "").split())
    if not errors and status is None and expected_by is None and percent is None and not note:
        errors["note"] = "Give a status, a revised date, a percent or a note (or press Cancel)."
    if errors:
        raise NotAnAnswer(errors)
    return QuickAnswer(action_id=action_id, status=status, expected_by=expected_by, percent_complete=percent,
                       note=note), meta


def _reading(ref: str, answer: QuickAnswer) -> str:
    parts = [STATUS_LABELS[answer.status]] if answer.status else []
    if answer.expected_by is not None:
        parts.append(f"revised date {answer.expected_by.strftime('%d %b %Y')}")
    if answer.percent_complete is not None:
        parts.append(f"{answer.percent_complete}% done")
    words = ", ".join(parts)
    return f"{ref}: " + (f"{words}. {answer.note}" if words and answer.note else words or answer.note)


def from_submission(body: dict[str, Any], *, received_at: datetime) -> InboundMessage | None:
    """The Details modal's submission; None if it is not our modal.

    Raises:
        NotAnAnswer: The fields cannot be recorded as given (the modal shows why).
    """
    view = body.get("view") or {}
    user = (body.get("user") or {}).get("id")
    ours = body.get("type") == "view_submission" and view.get("callback_id") == DETAILS_VIEW
    if not ours or not user or not view.get("id"):
        return None
    answer, meta = details_answer(view)
    conversation = reply_conversation(meta.get("conversation"))
    return InboundMessage(
        channel=CHANNEL, message_id=f"view:{view['id']}", sender=str(user),
        text=_reading(str(meta.get("ref") or answer.action_id), answer), written_at=received_at, raw=_raw(body),
        conversation=conversation, thread=meta.get("thread") or None, quick=(answer,),
    )
