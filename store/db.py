"""Engines and sessions: SQLite (WAL, busy timeout, foreign keys) or PostgreSQL, migrated on first use."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlmodel import Session, create_engine

from store.migrate import upgrade

DEFAULT_URL = "sqlite:///./chaser.db"


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def make_engine(url: str = DEFAULT_URL, *, migrate: bool = True, echo: bool = False) -> Engine:
    """Build an engine for ``url`` and, unless told not to, bring its schema up to date.

    Args:
        url: A SQLAlchemy URL, ``sqlite:///path.db`` or ``postgresql+psycopg://...``.
        migrate: Apply Alembic migrations before returning (idempotent).
        echo: Log SQL (never on in production: statements may carry personal data).
    """
    kwargs: dict[str, Any] = {"echo": echo}
    if url.startswith("sqlite"):
        kwargs["connect_args"] = {"check_same_thread": False, "timeout": 10}
    else:
        kwargs["pool_pre_ping"] = True
    engine = create_engine(url, **kwargs)
    if url.startswith("sqlite"):
        event.listen(engine, "connect", _sqlite_pragmas)
    if migrate:
        upgrade(engine)
    return engine


@contextmanager
def transaction(engine: Engine) -> Iterator[Session]:
    """A session that commits on success and rolls everything back on any error."""
    with Session(engine, expire_on_commit=False) as session:
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise
