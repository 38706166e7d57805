"""Engines and sessions: SQLite (WAL, busy timeout, foreign keys) or PostgreSQL, migrated on first use."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.exc import OperationalError
from sqlmodel import Session, create_engine

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
        from store.migrate import upgrade  # Alembic is imported only by the commands that migrate

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


T = TypeVar("T")
LOCK_TRIES = 4
LOCK_FIRST_WAIT = 0.25  # seconds; doubled each time (SQLite's busy timeout has waited already)


def is_lock_error(exc: BaseException) -> bool:
    """Is this SQLite's "database is locked" (or PostgreSQL's lock/serialisation failure)?"""
    if not isinstance(exc, OperationalError):
        return False
    text = str(exc.orig or exc).lower()
    return "database is locked" in text or "deadlock detected" in text or "could not serialize" in text


def retry_on_lock(work: Callable[[], T], *, tries: int = LOCK_TRIES, first_wait: float = LOCK_FIRST_WAIT) -> T:
    """Run ``work`` (a whole short transaction), again after a brief wait if the database was locked.

    Raises:
        OperationalError: still locked after ``tries`` attempts, or any other database error.
    """
    for attempt in range(tries):
        try:
            return work()
        except OperationalError as exc:
            if not is_lock_error(exc) or attempt == tries - 1:
                raise
            time.sleep(first_wait * 2**attempt)
    raise AssertionError("unreachable")
