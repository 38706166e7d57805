"""Sending to Teams: one OutboundMessage -> one activity posted (or updated) through the Teams SDK's ApiClient."""

from __future__ import annotations

import asyncio
import concurrent.futures
import logging
import re
from collections.abc import Coroutine
from typing import Any

import httpx
from microsoft_teams.api import ApiClient
from microsoft_teams.api.activities import MessageActivityInput
from microsoft_teams.common import ClientOptions

from adapters.teams.book import ConversationBook
from adapters.teams.cards import message_card
from adapters.teams.config import TeamsConfig
from adapters.teams.token import ConnectorTokens
from bot.ports import OutboundMessage, SendError

log = logging.getLogger(__name__)
ADD_APP = ("add the Chaser app in Microsoft Teams (Apps > Built for your org > Chaser > Add) "
           "and you will get these requests there")
ADMIN = ("a Teams administrator must allow the Chaser app for them (Teams admin centre > Teams apps > "
         "Permission policies)")
# Bot Connector error codes (Teams docs, "Status codes from bot conversational APIs") that say this
# person cannot be reached in Teams, with the reason and what would fix it.
UNREACHABLE = {
    "BotDisabledByAdmin": ("the Teams administrator has disabled the Chaser app", ADMIN),
    "ConversationBlockedByUser": ("they have blocked the Chaser bot in Teams",
                                  "they can unblock it in their chat with Chaser"),
    "BotNotInConversationRoster": ("the Chaser app is no longer installed for them", ADD_APP),
    "ForbiddenOperationException": ("the Chaser app is not installed for them", ADD_APP),
    "ConversationNotFound": ("their chat with Chaser no longer exists", ADD_APP),
}
# 403/404 codes about the bot's own set-up or one message, not about the person: refused, not flagged.
NOT_ABOUT_THE_PERSON = ("InvalidBotApiHost", "NotEnoughPermissions", "ActivityNotFoundInConversation")
BACKOFF = {429: 5.0, 412: 2.0}  # seconds when the connector gives no Retry-After
SERVER_BACKOFF = 10.0


def _run(coroutine: Coroutine[Any, Any, str]) -> str:
    """Run the SDK's coroutine from the synchronous service (in a helper thread if a loop is running here)."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(coroutine)
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


class TeamsChannel:
    """Proactive messages to Teams users in their personal chat with the bot.

    Requests and reminders go as an Adaptive Card (the quick choices beside each action); other
    messages as plain text. ``replace`` updates the earlier card in place.
    """

    name = "teams"
    per_conversation_interval = 0.5  # Teams allows 60 messages per 30 seconds in one conversation
    overall_per_second: float | None = 30.0  # and about 50 a second per bot per tenant

    def __init__(self, *, config: TeamsConfig, book: ConversationBook, tokens: ConnectorTokens) -> None:
        self._config = config
        self._book = book
        self._tokens = tokens

    def send(self, message: OutboundMessage) -> str:
        """Deliver ``message``; the Teams activity id. SendError(permanent=True) means: use email instead."""
        reference = self._book.get(message.recipient)
        if reference is None:
            raise SendError(f"no Teams conversation with this person yet: {ADD_APP}", permanent=True)
        if not reference.reachable:
            reason = reference.unreachable_reason or ""
            raise SendError(f"not reachable in Teams ({reason}): {_fix_for(reason)}", permanent=True)
        if not self._config.service_url_allowed(reference.service_url):
            raise SendError("stored Teams serviceUrl is no longer on the allowlist", permanent=True)
        conversation = message.conversation or reference.conversation_id
        activity = self._activity(message)
        try:
            return _run(self._deliver(reference.service_url, conversation, activity, replace=message.replace))
        except httpx.HTTPStatusError as exc:
            raise self._failure(exc.response, recipient=message.recipient, replacing=bool(message.replace)) from None
        except httpx.TransportError as exc:
            raise SendError(f"Teams connector unreachable ({type(exc).__name__})", retry_after=SERVER_BACKOFF,
                            answered=False) from None

    @staticmethod
    def _activity(message: OutboundMessage) -> MessageActivityInput:
        if message.actions or message.kind in ("request", "reminder") or message.replace:
            return MessageActivityInput().add_card(message_card(message))
        return MessageActivityInput(text=message.text).with_text_format("plain")

    async def _deliver(self, service_url: str, conversation: str, activity: MessageActivityInput, *,
                       replace: str | None) -> str:
        api = ApiClient(service_url, ClientOptions(timeout=20.0), token_provider=self._tokens)
        try:
            conversations = api.conversations
            if replace:
                try:
                    await conversations.update_activity(conversation, replace, activity)
                    return replace
                except httpx.HTTPStatusError as exc:
                    if exc.response.status_code != 404:
                        raise
                    log.info("Teams: card to replace is gone; posting a new one")
            sent = await conversations.create_activity(conversation, activity)
            return sent.id
        finally:
            await api.http.http.aclose()

    def _failure(self, response: httpx.Response, *, recipient: str, replacing: bool) -> SendError:
        status = response.status_code
        code, said = _connector_error(response)
        named = f"{status} {code}" if code else str(status)
        retry_after = _retry_after(response.headers.get("Retry-After"))
        if status in BACKOFF or status >= 500:
            default = BACKOFF.get(status, SERVER_BACKOFF)
            return SendError(f"Teams connector answered {named}",
                             retry_after=retry_after if retry_after is not None else default)
        if status == 401:
            self._tokens.forget()
            return SendError(f"Teams connector refused the bot token ({named}); a new one will be fetched",
                             retry_after=1)
        if status in (403, 404) and code not in NOT_ABOUT_THE_PERSON:
            # The person cannot be reached in Teams until they write to the bot again: say why, and
            # what would fix it, so the email sent instead tells them (and the log tells the coordinator).
            reason, fix = UNREACHABLE.get(code) or (
                ("the bot was removed or blocked", ADD_APP) if status == 403 else
                ("the conversation no longer exists", ADD_APP))
            self._book.unreachable(recipient, reason=f"{reason} ({named})")
            return SendError(f"not reachable in Teams: {reason} ({named}); {fix}", permanent=True)
        detail = f": {said}" if said else ""
        return SendError(f"Teams connector refused the message ({named}{detail})", permanent=True)


def _fix_for(reason: str) -> str:
    """What would make a person reachable again, from the reason stored when Teams refused."""
    return next((fix for said, fix in UNREACHABLE.values() if reason.startswith(said)), ADD_APP)


def _connector_error(response: httpx.Response) -> tuple[str, str]:
    """The Bot Connector's ``{"error": {"code", "message"}}``, if the body has one (short, for logs)."""
    try:
        error = response.json().get("error")
    except (ValueError, AttributeError):
        return "", ""
    if not isinstance(error, dict):
        return "", ""
    code = re.sub(r"[^A-Za-z0-9_.-]", "", str(error.get("code") or ""))[:60]
    return code, " ".join(str(error.get("message") or "").split())[:200]


def _retry_after(value: str | None) -> float | None:
    try:
        return max(0.0, float(value)) if value else None
    except ValueError:
        return None
