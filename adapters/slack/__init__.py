"""Slack: requests as DMs with one-tap buttons, answers by Events API / interactivity or Socket Mode.

The composition root (bot/bootstrap.py) uses the three functions below; see docs/slack.md.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from adapters.slack.channel import SlackChannel, web_client
from store.clock import Clock
from store.settings import Settings

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine

    from bot.bootstrap import Chaser

__all__ = ["SlackChannel", "channel_from_settings", "routes", "services"]


def channel_from_settings(*, settings: Settings, clock: Clock, engine: Engine | None = None) -> SlackChannel | None:
    """The Slack channel when CHASER_SLACK_BOT_TOKEN is set (None otherwise)."""
    if settings.slack_bot_token is None or not settings.slack_bot_token.get_secret_value():
        return None
    return SlackChannel(client=web_client(token=settings.slack_bot_token.get_secret_value(),
                                          base_url=settings.slack_api_url))


def routes(chaser: Chaser) -> list[Any]:
    """``POST /slack/events`` (Events API and interactivity), unless Socket Mode is on."""
    from adapters.slack.http import events_route

    channel = chaser.channels.get("slack")
    if not isinstance(channel, SlackChannel) or chaser.settings.slack_app_token is not None:
        return []
    return [events_route(chaser=chaser, channel=channel)]


def services(chaser: Chaser) -> list[Any]:
    """Socket Mode's connection, when CHASER_SLACK_APP_TOKEN is set."""
    from adapters.slack.socket_mode import SocketModeService

    channel = chaser.channels.get("slack")
    if not isinstance(channel, SlackChannel) or chaser.settings.slack_app_token is None:
        return []
    return [SocketModeService(chaser=chaser, channel=channel,
                              app_token=chaser.settings.slack_app_token.get_secret_value())]
