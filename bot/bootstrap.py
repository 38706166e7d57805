"""The composition root: builds the engine, clock and services, and hands them on by keyword."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.engine import Engine

from store.clock import Clock, SystemClock
from store.settings import Settings, load_settings
from store.db import make_engine


@dataclass
class Chaser:
    """Everything a command or the service needs, built once per process."""

    settings: Settings
    engine: Engine
    clock: Clock
    extras: dict[str, Any] = field(default_factory=dict)


def build(*, settings: Settings | None = None, clock: Clock | None = None, migrate: bool = True) -> Chaser:
    """Build Chaser from settings (read now if not given) and a clock (the real one by default)."""
    settings = settings or load_settings()
    engine = make_engine(settings.database_url, migrate=migrate)
    return Chaser(settings=settings, engine=engine, clock=clock or SystemClock())
