"""Shared fixtures: an engine on SQLite and, where the server is up, on the local PostgreSQL."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import Engine

from benchmarks.pg import temporary_database
from store.db import make_engine

PG_ADMIN_URL = os.environ.get("CHASER_TEST_PG_ADMIN", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")


def _pg_available() -> bool:
    try:
        eng = create_engine(PG_ADMIN_URL)
        with eng.connect():
            pass
        eng.dispose()
        return True
    except Exception:
        return False


@pytest.fixture(scope="session")
def pg_url() -> Iterator[str]:
    """A fresh PostgreSQL database for this test session, dropped afterwards."""
    if not _pg_available():
        if os.environ.get("CI"):
            pytest.fail("PostgreSQL is not reachable at 127.0.0.1:5432, and CI needs it")
        pytest.skip("PostgreSQL is not reachable at 127.0.0.1:5432")
    with temporary_database(PG_ADMIN_URL, prefix="chaser_test") as url:
        yield url


def _wipe(engine: Engine) -> None:
    from sqlmodel import SQLModel

    import store.models  # noqa: F401

    with engine.begin() as conn:
        if engine.dialect.name == "postgresql":
            names = ", ".join(f'"{t.name}"' for t in SQLModel.metadata.sorted_tables)
            conn.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
        else:
            for table in reversed(SQLModel.metadata.sorted_tables):
                conn.execute(table.delete())


BOTH_DATABASES = ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]


def empty_engine(request: pytest.FixtureRequest, folder: Path) -> Engine:
    """A migrated, empty database for a fixture parametrised with BOTH_DATABASES: SQLite in
    ``folder``, or this session's PostgreSQL database, wiped."""
    if request.param == "sqlite":
        return make_engine(f"sqlite:///{folder / 'chaser.db'}")
    eng = make_engine(request.getfixturevalue("pg_url"))
    _wipe(eng)
    return eng


@pytest.fixture(params=BOTH_DATABASES)
def engine(request: pytest.FixtureRequest, tmp_path) -> Iterator[Engine]:
    """A migrated, empty database: SQLite in a temp file, and the local PostgreSQL."""
    eng = empty_engine(request, tmp_path)
    try:
        yield eng
    finally:
        eng.dispose()


@pytest.fixture
def sqlite_engine(tmp_path) -> Iterator[Engine]:
    """A migrated, empty SQLite database (for tests that need not run on both)."""
    eng = make_engine(f"sqlite:///{tmp_path / 'chaser.db'}")
    try:
        yield eng
    finally:
        eng.dispose()
