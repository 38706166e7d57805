"""The Slack channel: posts a message in a person's DM (conversations.open, chat.postMessage), edits one
in place (chat.update), and turns Slack's refusals into SendError for the core to pace and retry."""

from __future__ import annotations

import json
import logging
import threading
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackClientError

from adapters.slack.blocks import escape, message_blocks
from bot.ports import OutboundMessage, SendError

log = logging.getLogger(__name__)

SLACK_API = "https://slack.com/api/"
TIMEOUT_SECONDS = 10
METADATA_EVENT = "chaser_delivery"  # message metadata event type: the payload's "key" is the delivery key
HISTORY_LOOKBACK = 100  # latest messages of a DM searched for a message a dead sender may have posted
TEXT_LIMIT = 39000  # chat.postMessage truncates text after 40,000 characters
# Errors that retrying cannot mend: the person or conversation is gone, or Slack will never accept
# this message. The core falls back to email for these. Each with what it means, for the round's
# summary and the coordinator (Slack's codes as its Web API documents them).
GONE = {
    "user_not_found": "no such member in the workspace",
    "users_not_found": "no such member in the workspace",
    "account_inactive": "the account is deactivated, or Chaser's app was removed from the workspace",
    "user_disabled": "the account is deactivated",
    "channel_not_found": "Slack cannot find the conversation",
    "is_archived": "the conversation is archived",
    "cannot_dm_bot": "the Slack member id is a bot's, not a person's",
    "messages_tab_disabled": "the Messages tab of Chaser's Slack app is turned off",
    "not_in_channel": "Chaser is not in that conversation",
    "user_is_restricted": "the account is a guest Chaser may not message",
}
REFUSED = {
    "message_not_found": "the message to edit is gone",
    "cant_update_message": "the message cannot be edited",
    "edit_window_closed": "the message is too old to edit",
    "invalid_blocks": "Slack refused the message's layout",
    "msg_too_long": "the message is too long for Slack",
    "no_text": "the message has no text",
    "invalid_arguments": "Slack refused the call's arguments",
    "too_many_attachments": "the message has too many attachments",
}
# Slack refuses Chaser's bot token itself: nothing will go until the token is replaced.
TOKEN_REFUSED = {"invalid_auth", "token_revoked", "not_authed", "token_expired", "not_allowed_token_type"}
BOT_KEY_REFUSED = "Slack refused Chaser's bot token"


def _metadata(message: OutboundMessage) -> dict[str, Any] | None:
    """The message metadata that names Chaser's delivery key: how :meth:`SlackChannel.delivered` knows
    a message it is unsure of is already in the conversation."""
    return {"event_type": METADATA_EVENT, "event_payload": {"key": message.key}} if message.key else None


def web_client(*, token: str, base_url: str | None) -> WebClient:
    """The Web API client Chaser uses: no retry handlers of its own (the core paces and retries, so
    slack_sdk must neither sleep behind its back nor resend a message that may have arrived)."""
    base = (base_url or SLACK_API).rstrip("/") + "/"
    return WebClient(token=token, base_url=base, timeout=TIMEOUT_SECONDS, retry_handlers=[])


def send_error(exc: SlackApiError) -> SendError:
    """What a Slack API error means for the core: wait (429), retry later (5xx), or give up (gone)."""
    response = exc.response
    status = getattr(response, "status_code", 0)
    code = str((response.data or {}).get("error", "")) if isinstance(response.data, dict) else ""
    if status == 429 or code == "ratelimited":
        headers = {k.lower(): v for k, v in (response.headers or {}).items()}
        after = headers.get("retry-after")
        after = after[0] if isinstance(after, list) else after
        try:
            seconds = float(after) if after is not None else 1.0
        except ValueError:
            seconds = 1.0
        return SendError(f"Slack rate limit (429), retry after {seconds:g} s", retry_after=seconds)
    details = _details(response.data)
    if code in TOKEN_REFUSED:
        return SendError(f"Slack: {code} ({BOT_KEY_REFUSED})", permanent=True)
    if code in GONE:
        return SendError(f"Slack: {code} ({GONE[code]})", permanent=True)
    if code in REFUSED:
        return SendError(f"Slack: {code} ({REFUSED[code]}{': ' + details if details else ''})", permanent=True)
    if status >= 500:
        return SendError(f"Slack API error {status}")
    return SendError(f"Slack: {code or f'HTTP {status}'}" + (f" ({details})" if details else ""))


def _details(data: Any) -> str:
    """Slack's own words about an error (``response_metadata.messages``, "[ERROR] must be less than
    3001 characters [json-pointer:/blocks/0/text/text]"), the first two, without the prefix."""
    if not isinstance(data, dict):
        return ""
    said = (data.get("response_metadata") or {}).get("messages") or data.get("errors") or []
    words = [str(m).removeprefix("[ERROR] ").removeprefix("[WARN] ") for m in said if isinstance(m, str)]
    return "; ".join(words[-2:])[:300]


@dataclass
class SlackChannel:
    """Sends OutboundMessages as Slack DMs with Block Kit buttons.

    Attributes:
        client: The slack_sdk WebClient (its base URL is CHASER_SLACK_API_URL when set).
        per_conversation_interval: Slack allows about one message a second in a conversation.
        overall_per_second: No workspace-wide pace beyond that: a 429 says when to slow down.
    """

    client: WebClient
    name: str = "slack"
    per_conversation_interval: float = 1.0
    overall_per_second: float | None = None
    _dms: dict[str, str] = field(default_factory=dict)  # user id -> DM channel id (stable in Slack)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _token_refused: SendError | None = None  # set once Slack refuses the bot token: nothing more is tried

    def send(self, message: OutboundMessage) -> str:
        """Post (or, with ``replace``, edit) ``message``; returns ``CHANNEL:TS``, the message's Slack id.

        Raises:
            SendError: With ``retry_after`` on 429, ``permanent`` when the user or DM is gone.
        """
        self._check_token()
        blocks = message_blocks(message)
        text = escape(message.text.strip())[:TEXT_LIMIT] or escape(message.subject)
        try:
            if message.replace:
                channel, _, ts = message.replace.partition(":")
                if not channel or not ts:
                    raise SendError(f"not a Slack message id: {message.replace!r}", permanent=True)
                self.client.chat_update(channel=channel, ts=ts, text=text, blocks=blocks or [])
                return message.replace
            channel = message.conversation or self._dm(message.recipient)
            sent = self.client.chat_postMessage(channel=channel, text=text, blocks=blocks,
                                                unfurl_links=False, unfurl_media=False, metadata=_metadata(message))
            return f"{sent['channel']}:{sent['ts']}"
        except SlackApiError as exc:
            error = self._refusal(send_error(exc))
            if error.permanent:
                self._forget(message.recipient)
            raise error from None
        except (SlackClientError, OSError, json.JSONDecodeError) as exc:  # unreachable, timed out, not JSON
            raise SendError(f"Slack API unreachable: {type(exc).__name__}", answered=False) from None

    def delivered(self, message: OutboundMessage, *, since: datetime) -> str | None:
        """``CHANNEL:TS`` of ``message`` if Slack already holds it, found by the delivery key Chaser
        posts as message metadata, among the conversation's latest messages (conversations.history
        with include_all_metadata; a sender that died mid-send asks this before sending again).
        ``since`` (when that send began) is not used as ``oldest``: the service's clock may differ
        from Slack's, and the message, if it came, is among the latest whatever the clocks say.

        Raises:
            SendError: Slack could not be asked (429, 5xx, unreachable).
        """
        if not message.key:
            return None
        self._check_token()
        try:
            channel = message.conversation or self._dm(message.recipient)
            found: Any = self.client.conversations_history(channel=channel, limit=HISTORY_LOOKBACK,
                                                            include_all_metadata=True)
        except SlackApiError as exc:
            raise self._refusal(send_error(exc)) from None
        except (SlackClientError, OSError, json.JSONDecodeError) as exc:
            raise SendError(f"Slack API unreachable: {type(exc).__name__}", answered=False) from None
        for posted in found.get("messages") or []:
            metadata = posted.get("metadata") or {}
            if metadata.get("event_type") == METADATA_EVENT and \
                    (metadata.get("event_payload") or {}).get("key") == message.key:
                return f"{channel}:{posted.get('ts')}"
        return None

    def _dm(self, user: str) -> str:
        """The DM conversation with ``user`` (opened once, then remembered)."""
        if not user.startswith(("U", "W")):
            raise SendError(f"{user!r} is not a Slack user id (they start with U or W)", permanent=True)
        with self._lock:
            known = self._dms.get(user)
        if known:
            return known
        opened: Any = self.client.conversations_open(users=user)
        channel = str(opened["channel"]["id"])
        with self._lock:
            self._dms[user] = channel
        return channel

    def _check_token(self) -> None:
        """Refuse at once, without asking Slack, once Slack has refused the bot token."""
        with self._lock:
            refused = self._token_refused
        if refused is not None:
            raise SendError(refused.reason, permanent=True)

    def _refusal(self, error: SendError) -> SendError:
        """``error``, noting (and logging, once per process, without the token) a refused bot token."""
        if BOT_KEY_REFUSED not in error.reason:
            return error
        with self._lock:
            first = self._token_refused is None
            self._token_refused = self._token_refused or error
        if first:
            log.error("%s: reinstall the Slack app and set CHASER_SLACK_BOT_TOKEN to its new bot token; until "
                      "Chaser restarts with it, Slack messages go by email instead", error.reason)
        return error

    def _forget(self, user: str) -> None:
        with self._lock:
            self._dms.pop(user, None)

    def lookup_by_email(self, address: str) -> str | None:
        """The Slack user id for a workspace-verified email address (users.lookupByEmail); None when
        no active, human member of the workspace has it.

        Raises:
            SendError: Slack refused (429 with ``retry_after``) or could not be reached.
        """
        try:
            found: Any = self.client.users_lookupByEmail(email=address)
        except SlackApiError as exc:
            if isinstance(exc.response.data, dict) and exc.response.data.get("error") == "users_not_found":
                return None
            raise self._refusal(send_error(exc)) from None
        except (SlackClientError, OSError, json.JSONDecodeError) as exc:
            raise SendError(f"Slack API unreachable: {type(exc).__name__}") from None
        user = found.get("user") or {}
        if user.get("deleted") or user.get("is_bot") or not user.get("id"):
            return None
        return str(user["id"])

    def open_modal(self, *, trigger_id: str, view: dict[str, Any]) -> None:
        """Open a modal (the Details form) for the person who just tapped."""
        self.client.views_open(trigger_id=trigger_id, view=view)
