"""Socket Mode: the same Bolt app over Slack's WebSocket (CHASER_SLACK_APP_TOKEN), for councils whose
Chaser cannot take requests from the internet. Slack's connection vouches for each request."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from slack_bolt.adapter.socket_mode import SocketModeHandler

from adapters.slack.channel import SlackChannel
from adapters.slack.listeners import build_app

if TYPE_CHECKING:
    from bot.bootstrap import Chaser

log = logging.getLogger(__name__)


class SocketModeService:
    """A background service (start/stop) that keeps the Socket Mode connection open."""

    def __init__(self, *, chaser: Chaser, channel: SlackChannel, app_token: str) -> None:
        if not app_token.startswith("xapp-"):
            raise ValueError("CHASER_SLACK_APP_TOKEN must be an app-level token (it starts with xapp-)")
        self.app = build_app(chaser=chaser, channel=channel, signing_secret=None)
        self.handler = SocketModeHandler(self.app, app_token=app_token, web_client=channel.client)

    def start(self) -> None:
        """Connect (apps.connections.open, then the WebSocket); reconnects by itself when dropped."""
        self.handler.connect()
        log.info("Slack Socket Mode connected")

    def stop(self) -> None:
        """Close the connection."""
        self.handler.close()
