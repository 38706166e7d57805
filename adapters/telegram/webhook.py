"""``POST /telegram/webhook``: updates pushed by Telegram, refused unless they carry the secret token
set with setWebhook; each is stored before Telegram gets its 200 (a non-2xx makes Telegram retry)."""

from __future__ import annotations

import hmac
import json
import logging
from typing import TYPE_CHECKING

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from adapters.telegram.channel import TelegramChannel
from adapters.telegram.intake import TelegramIntake
from adapters.telegram.updates import parse

if TYPE_CHECKING:
    from bot.bootstrap import Chaser

log = logging.getLogger(__name__)
PATH = "/telegram/webhook"
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"  # noqa: S105 (a header name, not a secret)
MAX_BODY = 1_000_000  # bytes; an update is a few kilobytes


def secret_matches(given: str | None, secret: str) -> bool:
    """Does the request carry our secret? Compared in constant time."""
    return hmac.compare_digest((given or "").encode("utf-8"), secret.encode("utf-8"))


def webhook_route(*, chaser: Chaser, channel: TelegramChannel, secret: str) -> Route:
    """The Starlette route that takes Telegram's webhook calls."""
    intake = TelegramIntake(chaser=chaser, channel=channel)

    async def telegram_webhook(request: Request) -> Response:
        if not secret_matches(request.headers.get(SECRET_HEADER), secret):
            log.warning("Telegram webhook: refused a request without the right secret token (from %s)",
                        request.client.host if request.client else "unknown")
            return JSONResponse({"ok": False, "error": "secret token missing or wrong"}, status_code=403)
        body = await request.body()
        if len(body) > MAX_BODY:
            return JSONResponse({"ok": False, "error": "update too large"}, status_code=413)
        try:  # (an update python-telegram-bot cannot read is kept and answered 200: see parse)
            update = parse(json.loads(body), None)
        except Exception as exc:  # answered, not raised: one bad request never stops the service
            log.warning("Telegram webhook: the body is not an update (%s)", type(exc).__name__)
            return JSONResponse({"ok": False, "error": "the body is not a Telegram update"}, status_code=400)
        try:
            await intake.handle(update)
        except Exception:
            log.exception("Telegram webhook: update %s could not be stored; Telegram will retry", update.update_id)
            return JSONResponse({"ok": False, "error": "not stored; retry"}, status_code=500)
        return JSONResponse({"ok": True})

    return Route(PATH, telegram_webhook, methods=["POST"])
