"""Telegram: requests with inline keyboards, replies in words and taps, through python-telegram-bot.

The composition root (bot/bootstrap.py) registers this package: ``channel_from_settings`` gives the
channel when ``CHASER_TELEGRAM_TOKEN`` is set, ``services`` the long-polling loop ``chaser serve``
runs, and ``routes`` the webhook when ``CHASER_TELEGRAM_WEBHOOK_SECRET`` is set instead.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # python-telegram-bot is imported only when Telegram is switched on (it is slow to load)
    from sqlalchemy.engine import Engine

    from adapters.telegram.channel import TelegramChannel
    from bot.bootstrap import Chaser
    from store.clock import Clock
    from store.settings import Settings

__all__ = ["channel_from_settings", "routes", "services"]


def channel_from_settings(*, settings: Settings, clock: Clock, engine: Engine | None = None) -> TelegramChannel | None:
    """The Telegram channel, or None when no token is set."""
    token = settings.telegram_token.get_secret_value().strip() if settings.telegram_token else ""
    if not token:
        return None
    from adapters.telegram.channel import TelegramChannel
    from adapters.telegram.client import BotClient

    return TelegramChannel(client=BotClient(token=token, api_url=settings.telegram_api_url or None))


def _channel(chaser: Chaser) -> TelegramChannel | None:
    channel = chaser.channels.get("telegram")
    if channel is None:
        return None
    from adapters.telegram.channel import TelegramChannel

    return channel if isinstance(channel, TelegramChannel) else None


def _webhook_secret(chaser: Chaser) -> str:
    secret = chaser.settings.telegram_webhook_secret
    return secret.get_secret_value() if secret is not None else ""


def routes(chaser: Chaser) -> list[Any]:
    """``POST /telegram/webhook`` when a webhook secret is set (else none: updates are polled)."""
    from adapters.telegram.webhook import webhook_route

    channel, secret = _channel(chaser), _webhook_secret(chaser)
    if channel is None or not secret:
        return []
    return [webhook_route(chaser=chaser, channel=channel, secret=secret)]


def services(chaser: Chaser) -> list[Any]:
    """The long-polling loop, unless updates come by webhook."""
    from adapters.telegram.polling import TelegramPoller

    channel = _channel(chaser)
    if channel is None or _webhook_secret(chaser):
        return []
    return [TelegramPoller(chaser=chaser, channel=channel, poll_timeout=chaser.settings.telegram_poll_seconds)]
