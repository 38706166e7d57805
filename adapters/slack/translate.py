"""Slack payloads (Events API messages, button taps, the Details modal's submission) translated into
the service's InboundMessage. Pure functions: no SDK objects, no database."""

from __future__ import annotations

import json
import re
from datetime import UTC, date, datetime
from typing import Any

from adapters.slack.blocks import DETAILS_VIEW, FIELDS, QUICK_PREFIX, STATUS_OPTIONS, parse_button_value
from bot.ports import QUICK_CHOICES, InboundMessage, QuickAnswer

CHANNEL = "slack"
QUICK_LABELS = dict(QUICK_CHOICES)
STATUS_LABELS = dict(STATUS_OPTIONS)
# Slack's markup in a message's text: <@U123|name>, <#C123|name>, <!here>, <!subteam^S1|@team>,
# <!date^1392734382^{date}|fallback>, <https://...|label>, <mailto:...|label> (the label is optional).
_MARKUP = re.compile(r"<([@#!]?)([^<>|]*)(?:\|([^<>]*))?>")
# The subtypes of a person's own message: plain, with a file, sent to the DM from a thread, and /me.
PERSONS_SUBTYPES = {None, "", "file_share", "thread_broadcast", "me_message"}


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


def _shown(match: re.Match[str]) -> str:
    """What Slack's client shows for one piece of markup."""
    sigil, target, label = match.group(1), match.group(2), match.group(3)
    if sigil == "@":  # a person: their name when Slack gives it, else their member id
        return "@" + (label or target)
    if sigil == "#":  # a channel
        return "#" + (label or target)
    if sigil == "!":  # @here, @channel, a user group, a date (its fallback words)
        if label:
            return label if label.startswith("@") or not target.startswith("subteam^") else "@" + label
        word = target.split("^", 1)[0]
        return "@" + (target.split("^", 1)[1] if word == "subteam" and "^" in target else word)
    return label or target.removeprefix("mailto:")  # a link: its label, else the address


def plain_words(text: str) -> str:
    """The person's words from Slack's message text, as Slack's client shows them: mentions, channels,
    dates and links as their names or labels, and Slack's escaping (&amp; &lt; &gt;) undone last."""
    text = _MARKUP.sub(_shown, text)
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def _element_words(element: dict[str, Any]) -> str:
    kind = element.get("type")
    if kind == "text":
        return str(element.get("text") or "")
    if kind == "link":
        return str(element.get("text") or element.get("url") or "").removeprefix("mailto:")
    if kind == "user":
        return "@" + str(element.get("user_id") or "")
    if kind == "usergroup":
        return "@" + str(element.get("usergroup_id") or "")
    if kind == "channel":
        return "#" + str(element.get("channel_id") or "")
    if kind == "broadcast":
        return "@" + str(element.get("range") or "here")
    if kind == "emoji":
        return f":{element.get('name', '')}:"
    if kind == "date":
        return str(element.get("fallback") or "")
    if "elements" in element:  # a section, list item, quote or preformatted block inside another
        return "".join(_element_words(e) for e in element.get("elements") or [])
    return str(element.get("text") or element.get("fallback") or "")


def rich_text_words(blocks: list[dict[str, Any]] | None) -> str:
    """The words of a message's ``rich_text`` blocks (what Slack's composer sends), for a message whose
    ``text`` is empty; other blocks (a bot's sections) are not a person's words."""
    lines: list[str] = []
    for block in blocks or []:
        if not isinstance(block, dict) or block.get("type") != "rich_text":
            continue
        for part in block.get("elements") or []:
            kind = part.get("type")
            if kind == "rich_text_list":
                bullet = "{n}. " if part.get("style") == "ordered" else "• "
                for n, item in enumerate(part.get("elements") or [], start=int(part.get("offset") or 0) + 1):
                    lines.append("  " * int(part.get("indent") or 0) + bullet.format(n=n) + _element_words(item))
            elif kind == "rich_text_quote":
                lines += ["> " + line for line in _element_words(part).split("\n")]
            else:
                lines.append(_element_words(part).rstrip("\n"))
    return "\n".join(lines).strip()


def message_words(message: dict[str, Any]) -> str:
    """A person's message as they wrote it: its text, or its rich_text blocks when the text is empty."""
    text = str(message.get("text") or "")
    return plain_words(text) if text.strip() else rich_text_words(message.get("blocks"))


# Kept out of the stored evidence: Slack's legacy verification token, and the short-lived URLs and
# trigger ids that would let whoever reads the store post into the person's conversation.
UNKEPT = ("token", "response_url", "response_urls", "trigger_id")


def _raw(body: dict[str, Any]) -> str:
    """The payload as evidence, without the credentials it carries."""
    return json.dumps({k: v for k, v in body.items() if k not in UNKEPT}, sort_keys=True, ensure_ascii=False)


def _a_persons(message: dict[str, Any]) -> bool:
    """Is ``message`` a person's own (not a bot's, not Chaser's, not a channel join or topic change)?"""
    return (message.get("subtype") in PERSONS_SUBTYPES and bool(message.get("user"))
            and not message.get("bot_id") and not message.get("bot_profile"))


def _edit(event: dict[str, Any]) -> dict[str, Any] | None:
    """The edited message of a ``message_changed`` event when its author changed its words; None for
    Slack's own changes (a link preview added, a language detected: no ``edited``), for bots' and
    Chaser's edits (a request redrawn after a tap), and for an edit that leaves the words as they were."""
    message = event.get("message") or {}
    edited = message.get("edited") or {}
    before = event.get("previous_message") or {}
    if not _a_persons(message) or not edited or edited.get("user", message.get("user")) != message.get("user"):
        return None
    if before and message_words(before) == message_words(message):
        return None
    return message


def from_event(body: dict[str, Any], *, received_at: datetime) -> InboundMessage | None:
    """A person's message in their DM with the bot, or their edit of one; None for anything else (bots,
    Chaser's own messages, deletions, channel messages, other events), which is not an answer.

    An edit (its own ``event_id``, written when it was edited) is marked as one: the service keeps
    it and answers it by the rule every platform shares (each message is read once, when it arrives:
    send the correction as a new message, or UNDO). A deleted message changes nothing recorded.
    """
    event = body.get("event") or {}
    if body.get("type") != "event_callback" or event.get("type") != "message" or not body.get("event_id"):
        return None
    if event.get("channel_type") != "im":
        return None
    message: dict[str, Any] | None = event
    written = event.get("ts")
    if event.get("subtype") == "message_changed":
        message = _edit(event)
        written = ((message or {}).get("edited") or {}).get("ts") or event.get("ts")
    elif not _a_persons(event):
        message = None
    if message is None:
        return None
    # (an edited message's own ts: in ``message``, as Slack's docs show it, else in ``previous_message``
    # (bolt-python's fixture has none in ``message``))
    ts = message.get("ts") or (event.get("previous_message") or {}).get("ts")
    user, channel = message.get("user"), event.get("channel")
    if not user or not channel or not ts:
        return None
    thread_ts = message.get("thread_ts")
    return InboundMessage(
        channel=CHANNEL, message_id=str(body["event_id"]), sender=str(user),
        text=message_words(message), written_at=slack_time(written, default=received_at),
        raw=_raw(body), conversation=reply_conversation(str(channel)),
        thread=message_ref(channel, thread_ts) if thread_ts and thread_ts != ts else None,
        headers={"edited": "an edited message"} if event.get("subtype") == "message_changed" else {},
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
