"""``POST /api/messages``: every activity's Bot Framework token is checked before anything is read or stored."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from adapters.teams.activities import BadActivity, Reading, invoke_answer, parse, read, tenant_of
from adapters.teams.auth import BotFrameworkAuth, KeysUnavailable, TokenRefused
from adapters.teams.book import ConversationBook
from adapters.teams.config import TeamsConfig
from bot.ports import InboundMessage

log = logging.getLogger(__name__)
MAX_BODY = 256 * 1024  # Teams activities are a few kB; a card submit with a long note is well under this


class MessagesEndpoint:
    """The Bot Framework messaging endpoint.

    Args:
        config: The Teams settings, or None when Teams is not configured (then every request is refused).
        book: Where conversation references are kept.
        take: The service's intake: stores the message durably, then processes it (``bot.inbound.intake.take``).
        auth: The token validator (built from ``config`` when not given).
    """

    def __init__(self, *, config: TeamsConfig | None, book: ConversationBook | None,
                 take: Callable[[InboundMessage], Any], auth: BotFrameworkAuth | None = None) -> None:
        self._config = config
        self._book = book
        self._take = take
        self._auth = auth or (BotFrameworkAuth(config) if config is not None else None)

    async def handle(self, request: Request) -> Response:
        """Check, read and hand on one activity; 200 once it is stored, 401 for any token problem."""
        if self._config is None or self._auth is None or self._book is None:
            return JSONResponse({"error": "Microsoft Teams is not configured on this server"}, status_code=401)
        declared = request.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > MAX_BODY:
            return JSONResponse({"error": "activity too large"}, status_code=413)
        body = await request.body()
        if len(body) > MAX_BODY:
            return JSONResponse({"error": "activity too large"}, status_code=413)
        try:
            data = parse(body)
        except BadActivity as exc:
            return JSONResponse({"error": str(exc)}, status_code=400)
        try:
            await asyncio.to_thread(self._auth.validate, request.headers.get("authorization"), activity=data)
        except KeysUnavailable as exc:
            log.error("Teams: cannot check tokens: %s", exc)
            return JSONResponse({"error": "cannot check the token now"}, status_code=503)
        except TokenRefused as exc:
            log.warning("Teams: refused a request to /api/messages: %s", exc)
            return JSONResponse({"error": "unauthorized"}, status_code=401)
        if tenant_of(data) != self._config.tenant_id:
            log.warning("Teams: refused an activity from another tenant")
            return JSONResponse({"error": "this app serves one tenant only"}, status_code=403)
        try:
            reading = read(data)
        except BadActivity as exc:
            log.warning("Teams: unreadable activity %s: %s", data.get("id"), exc)
            return JSONResponse({"error": str(exc)}, status_code=400)
        await asyncio.to_thread(self._handle, reading)
        if data.get("type") == "invoke":
            return JSONResponse(invoke_answer(data), status_code=200)
        return Response(status_code=200)

    def _handle(self, reading: Reading) -> None:
        assert self._book is not None
        if reading.removed:
            self._book.unreachable(reading.removed, reason="the app was removed")
        if reading.reference is not None:
            self._book.remember(reading.reference)
        if reading.message is not None:
            self._take(reading.message)
