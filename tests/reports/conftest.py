"""Fixtures for the report tests: the fixed plan in a fresh database, and a Chaser standing on 14 June 2006."""

from __future__ import annotations

import pytest
from sqlalchemy.engine import Engine

from bot.bootstrap import Chaser
from store.clock import FixedClock
from store.settings import PlanSchedule, Settings
from tests.reports.builder import TODAY, build_plan


@pytest.fixture
def plan_engine(engine: Engine) -> Engine:
    """The fixed plan on SQLite and PostgreSQL."""
    build_plan(engine)
    return engine


@pytest.fixture
def plan_sqlite(sqlite_engine: Engine) -> Engine:
    """The fixed plan on SQLite only (for tests about rendering, not the store)."""
    build_plan(sqlite_engine)
    return sqlite_engine


def make_chaser(engine: Engine, tmp_path, **settings) -> Chaser:
    """A Chaser on ``engine`` whose clock stands at 09:00 on the fixture's "today"."""
    settings.setdefault("outbox_dir", tmp_path / "outbox")
    settings.setdefault("email_from", "chaser@herefordshire.example")
    # The round opened on Monday 12 Jun; with replies due after two working days, "today" (Wednesday
    # 14 Jun) is past due, so the missing returns are exceptions.
    settings.setdefault("plans", {"default": PlanSchedule(remind_after_days=2)})
    return Chaser(settings=Settings(**settings), engine=engine, clock=FixedClock.on(TODAY))


@pytest.fixture
def chaser(plan_engine: Engine, tmp_path) -> Chaser:
    """A Chaser over the fixed plan, on both databases."""
    return make_chaser(plan_engine, tmp_path)


@pytest.fixture
def sqlite_chaser(plan_sqlite: Engine, tmp_path) -> Chaser:
    """A Chaser over the fixed plan, on SQLite."""
    return make_chaser(plan_sqlite, tmp_path)
