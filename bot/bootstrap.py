"""The composition root: builds the engine, clock, channels and services, and hands them on by keyword.

This is the one module of the service that knows the adapters: it picks the channels the settings
switch on and registers them, so the rest of ``bot/`` talks only to :class:`bot.ports.Channel`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.engine import Engine

from bot.answer_links import AnswerLinks
from bot.ports import Channel
from bot.rate_limit import RateLimiter
from store.clock import Clock, FileClock, SystemClock
from store.db import make_engine
from store.settings import Settings, load_settings

# Chat adapter packages, registered here and nowhere else (each exposes channel_from_settings,
# routes and services; see bot/ports.py for what a channel does).
CHAT_ADAPTERS: tuple[str, ...] = ("adapters.slack", "adapters.teams", "adapters.telegram")


@dataclass
class Chaser:
    """Everything a command or the service needs, built once per process.

    Attributes:
        channels: The channels this process sends on, by name (``email`` always). Built from the
            settings when not given, so a test may construct ``Chaser`` directly or pass its own.
        worker: The background inbound worker (``chaser serve``); None means process at once.
        limiter: Paces outbound chat messages to each platform's limits.
        sends: False for a command that sends nothing (``ask``, ``report``, ``export``, and the MTA
            pipe storing a message for the running service): no channel is built, so the chat
            platforms' SDKs are never imported.
    """

    settings: Settings
    engine: Engine
    clock: Clock
    extras: dict[str, Any] = field(default_factory=dict)
    channels: dict[str, Channel] = field(default_factory=dict)
    worker: Any = None
    limiter: RateLimiter = field(default_factory=RateLimiter)
    sends: bool = True

    def __post_init__(self) -> None:
        if not self.channels and self.sends:
            self.channels.update(standard_channels(settings=self.settings, clock=self.clock, engine=self.engine))


def standard_channels(*, settings: Settings, clock: Clock, engine: Engine | None = None) -> dict[str, Channel]:
    """The channels the settings switch on: email always (SMTP, or the outbox folder), and each chat
    platform whose credentials are set."""
    from adapters.email.channel import EmailChannel
    from adapters.email.mailer import mailer_from_settings

    mailer = mailer_from_settings(settings, clock=clock)
    found: dict[str, Channel] = {"email": EmailChannel(mailer=mailer, sender=settings.email_from, clock=clock)}
    for platform in chat_platforms():
        channel = platform.channel_from_settings(settings=settings, clock=clock, engine=engine)
        if channel is not None:
            found[channel.name] = channel
    return found


def chat_platforms() -> list[Any]:
    """The chat adapter packages, each with ``channel_from_settings``, ``routes`` and ``services``."""
    import importlib

    found = []
    for name in CHAT_ADAPTERS:
        found.append(importlib.import_module(name))
    return found


def chat_routes(chaser: Chaser) -> list[Any]:
    """The HTTP endpoints of the configured chat channels, for ``chaser serve``'s web server."""
    routes: list[Any] = []
    for platform in chat_platforms():
        routes += platform.routes(chaser)
    return routes


def background_services(chaser: Chaser) -> list[Any]:
    """Long-running parts of the configured chat channels (polling, Socket Mode), each with start/stop."""
    services: list[Any] = []
    for platform in chat_platforms():
        services += platform.services(chaser)
    return services


def answer_links(chaser: Chaser) -> AnswerLinks:
    """The signer of the one-tap links in requests (made once per process; the secret is read lazily)."""
    found = chaser.extras.get("answer_links")
    if not isinstance(found, AnswerLinks):
        from adapters.web.auth import signing_secret

        settings = chaser.settings
        found = AnswerLinks(base_url=settings.link_base(), secret=lambda: signing_secret(settings))
        chaser.extras["answer_links"] = found
    return found


def build(*, settings: Settings | None = None, clock: Clock | None = None, migrate: bool = True,
          sends: bool = True, engine: Engine | None = None) -> Chaser:
    """Build Chaser from settings (read now if not given) and a clock (the real one by default);
    ``sends`` as in :class:`Chaser`; ``engine``: one the caller has already opened on the settings'
    database (it has looked at the database first), else one is opened here."""
    settings = settings or load_settings()
    engine = engine or make_engine(settings.database_url, migrate=migrate)
    if clock is None:  # (CHASER_CLOCK_FILE: a clock a test harness moves; never set in production)
        clock = FileClock(settings.clock_file) if settings.clock_file is not None else SystemClock()
    return Chaser(settings=settings, engine=engine, clock=clock, sends=sends)
