"""Microsoft Teams: the Bot Framework endpoint in, proactive messages and Adaptive Cards out (Teams SDK)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sqlalchemy.engine import Engine

from adapters.teams.book import ConversationBook
from adapters.teams.channel import TeamsChannel
from adapters.teams.config import teams_config
from adapters.teams.token import ConnectorTokens
from store.clock import Clock
from store.settings import Settings

if TYPE_CHECKING:
    from starlette.routing import BaseRoute

    from bot.bootstrap import Chaser


def channel_from_settings(*, settings: Settings, clock: Clock, engine: Engine | None = None) -> TeamsChannel | None:
    """The Teams channel, or None unless CHASER_TEAMS_APP_ID, _APP_PASSWORD and _TENANT_ID are all set."""
    config = teams_config(settings)
    if config is None:
        return None
    if engine is None:
        from store.db import make_engine

        engine = make_engine(settings.database_url, migrate=False)
    return TeamsChannel(config=config, book=ConversationBook(engine=engine, clock=clock),
                        tokens=ConnectorTokens(config, now=clock.now))


def routes(chaser: Chaser) -> list[BaseRoute]:
    """``POST /api/messages``, mounted whether or not Teams is configured: unconfigured, it refuses everything."""
    from starlette.routing import Route

    from adapters.teams.endpoint import MessagesEndpoint
    from bot.inbound.intake import take

    config = teams_config(chaser.settings)
    book = ConversationBook(engine=chaser.engine, clock=chaser.clock) if config is not None else None

    def hand_on(message: Any) -> None:
        take(chaser=chaser, message=message)

    return [Route("/api/messages", MessagesEndpoint(config=config, book=book, take=hand_on).handle, methods=["POST"])]


def services(chaser: Chaser) -> list[object]:
    """Teams pushes activities to the endpoint: nothing runs in the background."""
    return []
