"""Which worker processes which stored message, so several workers (threads, or `chaser serve`
processes on one PostgreSQL database) share the work and no message is read twice.

A worker claims the oldest waiting message whose sender has no older message waiting (so one
person's messages are still read in the order they came, whoever reads them). On PostgreSQL the
candidates are chosen with ``SELECT ... FOR UPDATE SKIP LOCKED``, so two workers claiming at the
same moment pass over each other's rows instead of queueing, and the claim itself is a
session-level advisory lock on the worker's own connection: a row lock cannot outlive the claiming
transaction without blocking the processing's own write to that row, but an advisory lock can, and
PostgreSQL drops it the moment that connection dies, so a message whose worker was killed is free
for another at once. (Exactly once does not rest on the claim: processing still marks the row
``processed`` only if it is ``new``, in the transaction that records the update.)

SQLite has one writer and is the one-process embedded database: there the claims are kept in the
process, and `chaser serve` refuses to share a SQLite file with another `chaser serve`.
"""

from __future__ import annotations

import contextlib
import threading
import weakref
from typing import Any

from sqlalchemy import and_, exists, literal_column, select, text
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.orm import aliased
from sqlmodel import col

from store.models import InboundMessage

CLAIM_LOCK_CLASS = 0x494E4243  # "INBC": the advisory-lock namespace of inbound claims
CANDIDATES = 32  # more than the workers that can hold a claim at once, so one free message is always seen


def _candidates(*, skip_locked: bool, exclude: set[int]) -> Any:
    # 'new' written into the SQL, not bound: a prepared statement's generic plan could not match the
    # partial indexes' predicate (state = 'new') to a parameter, and would scan the whole history.
    new: Any = literal_column("'new'")
    earlier = aliased(InboundMessage)
    older_waiting = exists().where(and_(col(earlier.state) == new,
                                        col(earlier.person_id) == col(InboundMessage.person_id),
                                        col(earlier.id) < col(InboundMessage.id)))
    query = (select(col(InboundMessage.id)).where(col(InboundMessage.state) == new, ~older_waiting)
             .order_by(col(InboundMessage.id)).limit(CANDIDATES))
    if exclude:
        query = query.where(col(InboundMessage.id).not_in(exclude))
    return query.with_for_update(skip_locked=True, of=InboundMessage) if skip_locked else query


class _Local:
    """The claims held in this process (SQLite): a set of message ids under a lock."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.held: set[int] = set()


_LOCAL: weakref.WeakKeyDictionary[Engine, _Local] = weakref.WeakKeyDictionary()
_LOCAL_GUARD = threading.Lock()


def _local(engine: Engine) -> _Local:
    with _LOCAL_GUARD:
        return _LOCAL.setdefault(engine, _Local())


class Claimer:
    """One worker's claims; use it from one thread, and :meth:`close` it when the worker stops.

    Args:
        engine: The database. On PostgreSQL the claimer keeps one connection of its own open (its
            claims live as long as that connection).
    """

    def __init__(self, *, engine: Engine) -> None:
        self.engine = engine
        self.shared = engine.dialect.name == "postgresql"
        self._connection: Connection | None = None

    def _conn(self) -> Connection:
        if self._connection is None or self._connection.closed or self._connection.invalidated:
            self._connection = self.engine.connect()
        return self._connection

    def claim_next(self, *, exclude: set[int] | None = None) -> int | None:
        """Claim the next message to process (the caller must :meth:`release` it); None if none is free.

        Args:
            exclude: Messages not to claim now (tried already and left waiting: the database was busy).
        """
        exclude = exclude or set()
        if not self.shared:
            return self._claim_local(exclude)
        conn = self._conn()
        try:
            with conn.begin():
                for inbound_id in conn.execute(_candidates(skip_locked=True, exclude=exclude)).scalars():
                    if conn.execute(text("SELECT pg_try_advisory_lock(:c, :i)"),
                                    {"c": CLAIM_LOCK_CLASS, "i": inbound_id}).scalar():
                        return int(inbound_id)
        except Exception:
            self.close()  # a broken connection would hold nothing; start afresh next time
            raise
        return None

    def _claim_local(self, exclude: set[int]) -> int | None:
        claims = _local(self.engine)
        with self.engine.connect() as conn:
            ids = list(conn.execute(_candidates(skip_locked=False, exclude=exclude)).scalars())
        with claims.lock:
            for inbound_id in ids:
                if inbound_id not in claims.held:
                    claims.held.add(inbound_id)
                    return int(inbound_id)
        return None

    def release(self, inbound_id: int) -> bool:
        """Give up the claim on ``inbound_id`` (after processing it, or failing to).

        Returns:
            True if the message is still waiting (processing left it ``new``: the database was busy),
            so the caller passes over it until its next sweep rather than claiming it straight back.
        """
        waiting = select(col(InboundMessage.state)).where(col(InboundMessage.id) == inbound_id)
        if not self.shared:
            claims = _local(self.engine)
            with claims.lock:
                claims.held.discard(inbound_id)
            with self.engine.connect() as conn:
                return conn.execute(waiting).scalar() == "new"
        if self._connection is None or self._connection.closed:
            return True  # the connection went, and its claims with it
        try:
            with self._connection.begin():
                self._connection.execute(text("SELECT pg_advisory_unlock(:c, :i)"),
                                         {"c": CLAIM_LOCK_CLASS, "i": inbound_id})
                return self._connection.execute(waiting).scalar() == "new"
        except Exception:
            self.close()
            return True

    def close(self) -> None:
        """Close the claimer's connection (PostgreSQL then drops any claim it still holds)."""
        if self._connection is not None:
            with contextlib.suppress(Exception):  # closing a broken connection: nothing more to release
                self._connection.close()
            self._connection = None
