"""``POST /slack/events`` on Chaser's web server: Slack's Events API and interactivity through Bolt's
Starlette adapter, with the (synchronous) Bolt app run off the event loop."""

from __future__ import annotations

import asyncio
import logging
from typing import TYPE_CHECKING

from slack_bolt.adapter.starlette.handler import to_bolt_request, to_starlette_response
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from adapters.slack.channel import SlackChannel
from adapters.slack.listeners import build_app

if TYPE_CHECKING:
    from bot.bootstrap import Chaser

log = logging.getLogger(__name__)
PATH = "/slack/events"
MAX_BODY = 1_000_000  # Slack's payloads are a few kilobytes; anything this large is not from Slack


def events_route(*, chaser: Chaser, channel: SlackChannel) -> Route:
    """The route; without CHASER_SLACK_SIGNING_SECRET it refuses everything (nothing unsigned is taken)."""
    secret = chaser.settings.slack_signing_secret
    if secret is None or not secret.get_secret_value():
        log.warning("CHASER_SLACK_SIGNING_SECRET is not set: %s refuses every request", PATH)

        async def refuse(request: Request) -> Response:
            return JSONResponse({"error": "CHASER_SLACK_SIGNING_SECRET is not set"}, status_code=401)

        return Route(PATH, refuse, methods=["POST"])
    app = build_app(chaser=chaser, channel=channel, signing_secret=secret.get_secret_value())

    async def slack_events(request: Request) -> Response:
        declared = request.headers.get("content-length") or "0"
        if not declared.isdigit() or int(declared) > MAX_BODY:
            return JSONResponse({"error": "request too large or without a valid length"}, status_code=413)
        body = await request.body()
        if len(body) > MAX_BODY:
            return JSONResponse({"error": "request too large"}, status_code=413)
        try:  # Bolt parses the body before it checks the signature: a body it cannot parse is refused here
            bolt_request = to_bolt_request(request, body)
        except ValueError as exc:  # (invalid JSON, invalid UTF-8)
            log.warning("refused a request to %s: the body is not JSON or form data (%s)", PATH, type(exc).__name__)
            return JSONResponse({"error": "the body is not valid JSON or form data"}, status_code=400)
        # Bolt's App is synchronous (signature check, store, ack): run it on a thread, not the loop.
        response = await asyncio.to_thread(app.dispatch, bolt_request)
        if response.status == 401:
            log.warning("refused a request to %s: signature or timestamp not valid (client %s)", PATH,
                        request.client.host if request.client else "unknown")
        return to_starlette_response(response)

    return Route(PATH, slack_events, methods=["POST"])
