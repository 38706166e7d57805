"""Whether a `chaser serve` is running on this database, so `chaser email ingest` from a mail server
can store the message and leave the processing to the service's inbound worker.

Every running service holds a shared lock for as long as it lives: on PostgreSQL a session-level
advisory lock on a connection of its own; on SQLite an ``flock`` on a file beside the database
file. A lock dies with its process or connection, so a service that crashed is never taken for a
running one (a heartbeat row could be stale). The pipe asks by trying the exclusive lock without
waiting: it fails exactly while some service holds the shared one.
"""

from __future__ import annotations

import fcntl
import os
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.engine import Connection, Engine, make_url

PRESENCE_LOCK_KEY = 0x43485356  # "CHSV": a service is running on this database


def presence_file(engine: Engine) -> Path | None:
    """The SQLite database's presence lock file (``chaser.db.serving``); None for other databases."""
    if engine.dialect.name != "sqlite":
        return None
    database = make_url(engine.url).database
    if not database or database == ":memory:":
        return None
    return Path(database).resolve().with_name(Path(database).name + ".serving")


class ServicePresence:
    """Held by `chaser serve` while its inbound worker runs (see the module's docstring)."""

    def __init__(self, *, engine: Engine) -> None:
        self.engine = engine
        self._connection: Connection | None = None
        self._fd: int | None = None

    def hold(self) -> None:
        """Take the shared lock (waits only while a pipe holds the exclusive one for a moment)."""
        if self.engine.dialect.name == "postgresql":
            conn = self.engine.connect()
            conn.execute(text("SELECT pg_advisory_lock_shared(:k)"), {"k": PRESENCE_LOCK_KEY})
            conn.commit()
            self._connection = conn
            return
        path = presence_file(self.engine)
        if path is not None:
            fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
            fcntl.flock(fd, fcntl.LOCK_SH)
            self._fd = fd

    def release(self) -> None:
        """Let go: from now on a pipe processes its message itself."""
        if self._connection is not None:
            try:
                self._connection.execute(text("SELECT pg_advisory_unlock_shared(:k)"), {"k": PRESENCE_LOCK_KEY})
                self._connection.commit()
            finally:
                self._connection.close()
                self._connection = None
        if self._fd is not None:
            os.close(self._fd)  # closing the descriptor drops the flock
            self._fd = None


def service_running(*, engine: Engine) -> bool:
    """True while some `chaser serve` on this database holds its presence lock."""
    if engine.dialect.name == "postgresql":
        with engine.connect() as conn:
            free = conn.execute(text("SELECT pg_try_advisory_xact_lock(:k)"), {"k": PRESENCE_LOCK_KEY}).scalar()
            conn.rollback()  # a transaction-level lock: gone at once
        return not free
    path = presence_file(engine)
    if path is None or not path.exists():
        return False
    fd = os.open(path, os.O_RDWR)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    finally:
        os.close(fd)
    return False
