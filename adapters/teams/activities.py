"""Inbound Teams activities -> conversation references and :class:`bot.ports.InboundMessage` (pure translation)."""

from __future__ import annotations

import html
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
MENTION = re.compile(r"<at[^>]*>(.*?)</at>", re.IGNORECASE | re.DOTALL)
BREAK = re.compile(r"<br\s*/?>|</(?:p|div|li|h[1-6]|tr)>", re.IGNORECASE)
TAG = re.compile(r"</?[a-zA-Z][^<>]*>")  # an HTML tag (so "7.4 < 50%" is left alone)
MAX_NOTE = 2000
READ = ("message", "installationUpdate", "conversationUpdate")
# Invoke activities are answered, never read: Chaser's cards use Action.Submit, which arrives as a
# message. An Action.Execute (Universal Actions) invoke gets an answer Teams shows on the card.
INVOKE_NOT_READ = ("Chaser did not record this. Use the buttons on your latest request from Chaser, "
                   "or reply to it in your own words.")


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


def invoke_answer(data: dict[str, Any]) -> dict[str, Any]:
    """The body of the HTTP 200 that answers an ``invoke`` (Teams waits for it; nothing is recorded).

    ``adaptiveCard/action`` expects an AdaptiveCardInvokeResponse: a message Teams shows on the card.
    """
    if data.get("name") == "adaptiveCard/action":
        return {"statusCode": 200, "type": "application/vnd.microsoft.activity.message", "value": INVOKE_NOT_READ}
    return {}


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
        # Reactions, typing, invokes and edits or deletions of a message already received: acknowledged,
        # nothing recorded. An edit is not a second answer: the first was read and confirmed, and the
        # lead corrects it by writing again (or UNDO), as on the other channels.
        return Reading()
    try:
        activity: Any = ActivityTypeAdapter.validate_python(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        field = ".".join(str(part) for part in first.get("loc", ()))
        raise BadActivity(f"activity field {field or '?'}: {first.get('msg', 'invalid')}") from exc
    sender = activity.from_
    aad = (sender.aad_object_id or "") if sender is not None else ""
    conversation = activity.conversation
    kind = getattr(conversation, "conversation_type", None)
    # Deny by default: only a 1:1 chat is personal (older activities name no type, only isGroup).
    personal = kind == "personal" or (kind is None and not getattr(conversation, "is_group", False))
    reference = None
    if aad and personal and activity.type in ("message", "installationUpdate", "conversationUpdate"):
        reference = ConversationReference(aad_object_id=aad, user_id=sender.id, conversation_id=conversation.id,
                                          service_url=activity.service_url, tenant_id=tenant_of(data),
                                          reachable=True)
    action = str(getattr(activity, "action", None) or "add").lower()
    if activity.type == "installationUpdate" and action.startswith("remove"):
        # Only an uninstall from the person's own chat makes them unreachable; removing the app from
        # a team or group chat says nothing about their personal chat with the bot.
        return Reading(removed=aad or None) if personal else Reading()
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
    text = _words(data) if not quick else _tap_words(activity.value, quick)
    return InboundMessage(
        channel=CHANNEL,
        # Teams activity ids are unique within a conversation only: the conversation makes them unique.
        message_id=f"{activity.conversation.id}|{activity.id}",
        sender=aad, text=text, written_at=written,
        raw=json.dumps(data, ensure_ascii=False, sort_keys=True),
        quick=quick, conversation=activity.conversation.id,
        thread=activity.reply_to_id if quick else None)


def _words(data: dict[str, Any]) -> str:
    """The lead's words as plain text: the bot's @mention dropped, other mentions kept as the name,
    any HTML (Teams may send the rich-text form) reduced to its text, and entities such as
    ``&nbsp;`` and ``&amp;`` decoded; one line per paragraph."""
    raw = data.get("text")
    if not isinstance(raw, str) or not raw.strip():
        raw = next((str(a.get("content") or "") for a in data.get("attachments") or []
                    if isinstance(a, dict) and a.get("contentType") == "text/html"), "")
    bot = _bot_mentions(data)

    def mention(match: re.Match[str]) -> str:
        name = html.unescape(TAG.sub("", match.group(1))).strip()
        return " " if match.group(0) in bot or name.lower() in bot else f" {name} "

    text = MENTION.sub(mention, raw)
    text = html.unescape(TAG.sub(" ", BREAK.sub("\n", text)))
    lines = (" ".join(line.split()) for line in text.splitlines())
    return "\n".join(line for line in lines if line)


def _bot_mentions(data: dict[str, Any]) -> set[str]:
    """How the bot is mentioned: each mention entity naming the recipient, and its name (lower case)."""
    recipient = _object(data.get("recipient"))
    bot_id = str(recipient.get("id") or "")
    found = {str(recipient.get("name") or "").strip().lower()} - {""}
    for entity in data.get("entities") or []:
        if not isinstance(entity, dict) or entity.get("type") != "mention":
            continue
        mentioned = _object(entity.get("mentioned"))
        if bot_id and mentioned.get("id") == bot_id and isinstance(entity.get("text"), str):
            found.add(entity["text"])
    return found


def _object(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


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
