"""Fixtures for the store tests: the seed plans, imported once per module on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from store.importers import import_plan_file
from store.models import Action, Plan
from tests.conftest import BOTH_DATABASES, empty_engine

SEEDS = Path(__file__).resolve().parents[1] / "data" / "seeds"
SEED_000 = SEEDS / "000_1d9b646d0b83632c.txt"
SEED_001 = SEEDS / "001_b46cc8812e60abd1.txt"
SEED_003 = SEEDS / "003_e99ab489f3fb571e.txt"
SEED_004 = SEEDS / "004_6d5cee0618331d34.txt"
NOW = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)
# The fields of one action in `chaser export --format json` (the contract's shape).
EXPORT_KEYS = (
    "ref",
    "section",
    "parent",
    "title",
    "lead",
    "lead_people",
    "due",
    "due_text",
    "milestones",
    "status",
    "rag",
    "progress",
    "completed_on",
    "expected_by",
    "percent_complete",
    "partners",
    "success_criteria",
    "updates",
)
PLAN_NAMES = {"000": "overall-2006", "001": "jar-2006", "003": "improvement-2004", "004": "caa-2008"}


@pytest.fixture(scope="module", params=BOTH_DATABASES)
def seeded(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    """A database holding the four seed plans (names in PLAN_NAMES), imported once per module."""
    eng = empty_engine(request, tmp_path_factory.mktemp("seeded"))
    for key, path in (("000", SEED_000), ("001", SEED_001), ("003", SEED_003), ("004", SEED_004)):
        import_plan_file(engine=eng, path=path, plan_name=PLAN_NAMES[key], now=NOW)
    try:
        yield eng
    finally:
        eng.dispose()


def actions_of(engine: Engine, plan: str) -> dict[str, Action]:
    """A plan's actions by ref."""
    with Session(engine) as session:
        plan_row = session.exec(select(Plan).where(Plan.name == plan)).one()
        return {a.ref: a for a in session.exec(select(Action).where(Action.plan_id == plan_row.id))}


def export_action(export: dict[str, Any], ref: str) -> dict[str, Any]:
    """One action of a one-plan JSON export."""
    return next(a for a in export["plans"][0]["actions"] if a["ref"] == ref)
