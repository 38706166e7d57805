"""The inbound worker: processes stored messages off the platforms' requests, oldest first, and picks
up anything stored but not processed (after a crash, or stored by another process).

Several worker threads, or several `chaser serve` processes on one PostgreSQL database, share the
work through claims (:mod:`bot.inbound.claims`): each message is read by one of them.
"""

from __future__ import annotations

import contextlib
import logging
import queue
import threading
from typing import TYPE_CHECKING

from sqlmodel import col, select

from bot.inbound.claims import Claimer
from store.db import transaction
from store.models import InboundMessage

if TYPE_CHECKING:
    from bot.bootstrap import Chaser

log = logging.getLogger(__name__)


class InboundWorker:
    """Background threads that process stored inbound messages once each.

    Args:
        chaser: The composition root.
        sweep_seconds: How often, when idle, to look in the store for messages still ``new``.
        threads: How many messages to process at once in this process (on SQLite, one: it has one writer).
    """

    def __init__(self, *, chaser: Chaser, sweep_seconds: float = 5.0, threads: int = 1) -> None:
        self.chaser = chaser
        self.sweep_seconds = sweep_seconds
        self.threads = threads if chaser.engine.dialect.name == "postgresql" else 1
        self._wake: queue.Queue[None] = queue.Queue()
        self._threads: list[threading.Thread] = []
        self._stopping = threading.Event()

    def submit(self, inbound_id: int) -> None:
        """Process ``inbound_id`` soon (it is already stored, so nothing is lost if we stop first).

        Wakes one idle thread, which claims the oldest waiting message: this one, or an older one
        that must be read first.
        """
        del inbound_id  # (the claim finds it, in order, and only if no other worker has it)
        self._wake.put(None)

    def start(self) -> None:
        """Start the threads; they first process whatever was stored and not yet processed."""
        for n in range(self.threads):
            thread = threading.Thread(target=self._run, name=f"chaser-inbound-{n}", daemon=True)
            thread.start()
            self._threads.append(thread)

    def stop(self, timeout: float = 10.0) -> None:
        """Finish the messages in hand, then stop."""
        self._stopping.set()
        for _ in self._threads:
            self._wake.put(None)
        for thread in self._threads:
            thread.join(timeout)

    def pending(self) -> list[int]:
        """Stored messages not yet processed, oldest first."""
        with transaction(self.chaser.engine) as session:
            ids = session.exec(select(InboundMessage.id).where(InboundMessage.state == "new")
                               .order_by(col(InboundMessage.id)))
            return [i for i in ids if i is not None]

    def _run(self) -> None:
        claimer = Claimer(engine=self.chaser.engine)
        busy: set[int] = set()  # left new (the database was busy): tried again after the next wait
        try:
            while not self._stopping.is_set():
                if not self._process_one(claimer, busy):
                    busy.clear()
                    with contextlib.suppress(queue.Empty):
                        self._wake.get(timeout=self.sweep_seconds)
        finally:
            claimer.close()

    def _process_one(self, claimer: Claimer, busy: set[int]) -> bool:
        """Claim and process one message; False when none was free (or the database was unreachable)."""
        from bot.inbound.intake import process_stored

        try:
            inbound_id = claimer.claim_next(exclude=busy)
        except Exception as exc:  # the database is down or restarting: try again on the next sweep
            log.warning("inbound worker: could not claim a message: %s", type(exc).__name__)
            return False
        if inbound_id is None:
            return False
        try:
            process_stored(chaser=self.chaser, inbound_id=inbound_id)
        except Exception:  # one message never stops the worker; it stays "new" for the next sweep
            log.exception("inbound message %s: processing or delivery failed", inbound_id)
        finally:
            if claimer.release(inbound_id):
                busy.add(inbound_id)
        return True
