"""Fixtures for the question tests: the fixed plan on SQLite and PostgreSQL, and a fixed clock."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from types import SimpleNamespace
from typing import Any

import pytest
from sqlalchemy.engine import Engine

from bot.answers.questions import Answer, answer_question
from store.clock import FixedClock
from tests.ask.plan_fixture import TODAY, build_plan
from tests.conftest import BOTH_DATABASES, empty_engine

Ask = Callable[..., Answer]


def _asker(engine: Engine) -> Ask:
    chaser = SimpleNamespace(engine=engine, clock=FixedClock.on(TODAY))

    def ask(question: str, **kwargs: Any) -> Answer:
        return answer_question(chaser=chaser, question=question, **kwargs)

    return ask


@pytest.fixture(scope="module", params=BOTH_DATABASES)
def plan_engine(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    """The fixed plan, built once per module on each database (for tests that only read)."""
    eng = empty_engine(request, tmp_path_factory.mktemp("ask"))
    build_plan(eng)
    try:
        yield eng
    finally:
        eng.dispose()


@pytest.fixture
def ask(plan_engine: Engine) -> Ask:
    """Ask a question of the shared fixed plan, on 14 June 2006."""
    return _asker(plan_engine)


@pytest.fixture
def fresh_ask(engine: Engine) -> Ask:
    """Ask a question of a fresh copy of the fixed plan (for tests that write, such as "more")."""
    build_plan(engine)
    return _asker(engine)
