"""Inbound Teams activities -> conversation references and :class:`bot.ports.InboundMessage` (pure translation)."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from microsoft_teams.api.activities import ActivityTypeAdapter
from pydantic import ValidationError

from adapters.teams.cards import DATE_FIELD, NOTE_FIELD, PERCENT_FIELD, input_id
from bot.ports import QUICK_CHOICES, InboundMessage, QuickAnswer
from store.teams_conversations import ConversationReference

CHANNEL = "teams"
LABELS = dict(QUICK_CHOICES)
MENTION = re.compile(r"<at[^>]*>.*?</at>", re.IGNORECASE | re.DOTALL)
MAX_NOTE = 2000
READ = ("message", "installationUpdate", "conversationUpdate")


class BadActivity(ValueError):
    """The body is not an activity this endpoint can read (the message names the field at fault)."""


@dataclass(frozen=True)
class Reading:
    """What one activity means to Chaser.

    Attributes:
        reference: The sender's personal conversation, to remember (install or a message in a 1:1 chat).
        removed: The app was uninstalled by this user (their conversation is no longer reachable).
        message: A message to hand to the service, or None (installs and other events).
    """

    reference: ConversationReference | None = None
    removed: str | None = None
    message: InboundMessage | None = None


def parse(body: bytes) -> dict[str, Any]:
    """The activity JSON object; BadActivity if it is not one."""
    try:
        data = json.loads(body)
    except (ValueError, UnicodeDecodeError) as exc:
        raise BadActivity(f"body is not JSON ({exc})") from exc
    if not isinstance(data, dict) or not isinstance(data.get("type"), str):
        raise BadActivity("body is not an activity (no 'type')")
    return data


def tenant_of(data: dict[str, Any]) -> str:
    """The tenant an activity comes from (conversation.tenantId, else channelData.tenant.id)."""
    conversation = data.get("conversation") or {}
    tenant = conversation.get("tenantId") if isinstance(conversation, dict) else None
    if not tenant:
        channel_data = data.get("channelData") or {}
        tenant = ((channel_data.get("tenant") or {}).get("id")) if isinstance(channel_data, dict) else None
    return str(tenant or "")


def read(data: dict[str, Any]) -> Reading:
    """Translate one (already authenticated) activity; BadActivity names the field at fault."""
    if data.get("type") not in READ:
        return Reading()  # reactions, typing, edits, invokes...: acknowledged, nothing to record
    try:
        activity: Any = ActivityTypeAdapter.validate_python(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        field = ".".join(str(part) for part in first.get("loc", ()))
        raise BadActivity(f"activity field {field or '?'}: {first.get('msg', 'invalid')}") from exc
    sender = activity.from_
    aad = (sender.aad_object_id or "") if sender is not None else ""
    conversation = activity.conversation
    personal = (getattr(conversation, "conversation_type", None) or "personal") == "personal"
    reference = None
    if aad and personal and activity.type in ("message", "installationUpdate", "conversationUpdate"):
        reference = ConversationReference(aad_object_id=aad, user_id=sender.id, conversation_id=conversation.id,
                                          service_url=activity.service_url, tenant_id=tenant_of(data),
                                          reachable=True)
    if activity.type == "installationUpdate" and getattr(activity, "action", "add").startswith("remove"):
        return Reading(removed=aad or None)
    if activity.type != "message" or not aad or not personal:
        # Only the personal chat is read: an answer in a team channel or group chat would show plan
        # data to everyone there (the app is installed in personal scope only, so these are strays).
        return Reading(reference=reference)
    return Reading(reference=reference, message=_message(activity, data=data, aad=aad))


def _message(activity: Any, *, data: dict[str, Any], aad: str) -> InboundMessage:
    written = activity.timestamp or activity.local_timestamp
    if not isinstance(written, datetime) or written.tzinfo is None:
        raise BadActivity("activity field timestamp: missing or without a time zone")
    quick = _quick(activity.value) if isinstance(activity.value, dict) else ()
    text = " ".join(MENTION.sub(" ", activity.text or "").split()) if not quick else _tap_words(activity.value, quick)
    return InboundMessage(
        channel=CHANNEL,
        # Teams activity ids are unique within a conversation only: the conversation makes them unique.
        message_id=f"{activity.conversation.id}|{activity.id}",
        sender=aad, text=text, written_at=written,
        raw=json.dumps(data, ensure_ascii=False, sort_keys=True),
        quick=quick, conversation=activity.conversation.id,
        thread=activity.reply_to_id if quick else None)


def _quick(value: dict[str, Any]) -> tuple[QuickAnswer, ...]:
    """A card submit's answer: {action_id, status} plus that action's date, percent and note inputs."""
    try:
        action_id = int(value.get("action_id"))  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return ()
    status = value.get("status")
    if status not in LABELS:
        status = None
    expected = _date(value.get(input_id(DATE_FIELD, action_id)))
    percent = _percent(value.get(input_id(PERCENT_FIELD, action_id)))
    note = str(value.get(input_id(NOTE_FIELD, action_id)) or "").strip()[:MAX_NOTE]
    if status is None and expected is None and percent is None and not note:
        return ()
    return (QuickAnswer(action_id=action_id, status=status, expected_by=expected, percent_complete=percent,
                        note=note),)


def _date(value: Any) -> date | None:
    try:
        return date.fromisoformat(str(value).strip()[:10]) if value else None
    except ValueError:
        return None


def _percent(value: Any) -> int | None:
    try:
        number = float(str(value).strip()) if value not in (None, "") else None
    except ValueError:
        return None
    return int(round(number)) if number is not None and 0 <= number <= 100 else None


def _tap_words(value: dict[str, Any], quick: tuple[QuickAnswer, ...]) -> str:
    """The human reading of a submit, kept as the lead's words: "7.4: Delayed, revised date 2026-12-24"."""
    answer = quick[0]
    ref = str(value.get("ref") or answer.action_id)[:40]
    parts = [LABELS[answer.status]] if answer.status else []
    if answer.expected_by:
        parts.append(f"revised date {answer.expected_by.strftime('%d %b %Y')}")
    if answer.percent_complete is not None:
        parts.append(f"{answer.percent_complete}% complete")
    words = f"{ref}: {', '.join(parts) or 'details'}"
    return f"{words}. {answer.note}" if answer.note else words
