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
from store.clock import Clock, SystemClock
from store.db import make_engine
from store.settings import Settings, load_settings


@dataclass
class Chaser:
    """Everything a command or the service needs, built once per process.

    Attributes:
        channels: The channels this process sends on, by name (``email`` always). Built from the
            settings when not given, so a test may construct ``Chaser`` directly or pass its own.
    """

    settings: Settings
    engine: Engine
    clock: Clock
    extras: dict[str, Any] = field(default_factory=dict)
    channels: dict[str, Channel] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not self.channels:
            self.channels.update(standard_channels(settings=self.settings, clock=self.clock))


def standard_channels(*, settings: Settings, clock: Clock) -> dict[str, Channel]:
    """The channels the settings switch on: email always (SMTP, or the outbox folder)."""
    from adapters.email.channel import EmailChannel
    from adapters.email.mailer import mailer_from_settings

    mailer = mailer_from_settings(settings, clock=clock)
    return {"email": EmailChannel(mailer=mailer, sender=settings.email_from, clock=clock)}


def answer_links(chaser: Chaser) -> AnswerLinks:
    """The signer of the one-tap links in requests (made once per process; the secret is read lazily)."""
    found = chaser.extras.get("answer_links")
    if not isinstance(found, AnswerLinks):
        from adapters.web.auth import signing_secret

        settings = chaser.settings
        found = AnswerLinks(base_url=settings.link_base(), secret=lambda: signing_secret(settings))
        chaser.extras["answer_links"] = found
    return found


def build(*, settings: Settings | None = None, clock: Clock | None = None, migrate: bool = True) -> Chaser:
    """Build Chaser from settings (read now if not given) and a clock (the real one by default)."""
    settings = settings or load_settings()
    engine = make_engine(settings.database_url, migrate=migrate)
    return Chaser(settings=settings, engine=engine, clock=clock or SystemClock())
