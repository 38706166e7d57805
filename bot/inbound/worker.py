"""The inbound worker: processes stored messages off the platforms' requests, in arrival order,
and picks up anything stored but not processed (after a crash, or stored by another process)."""

from __future__ import annotations

import logging
import queue
import threading
from typing import TYPE_CHECKING

from sqlmodel import col, select

from store.db import transaction
from store.models import InboundMessage

if TYPE_CHECKING:
    from bot.bootstrap import Chaser

log = logging.getLogger(__name__)


class InboundWorker:
    """A background thread that processes stored inbound messages once each.

    Args:
        chaser: The composition root.
        sweep_seconds: How often, when idle, to look in the store for messages still ``new``.
    """

    def __init__(self, *, chaser: Chaser, sweep_seconds: float = 5.0) -> None:
        self.chaser = chaser
        self.sweep_seconds = sweep_seconds
        self._queue: queue.Queue[int | None] = queue.Queue()
        self._thread: threading.Thread | None = None
        self._stopping = threading.Event()

    def submit(self, inbound_id: int) -> None:
        """Process ``inbound_id`` soon (it is already stored, so nothing is lost if we stop first)."""
        self._queue.put(inbound_id)

    def start(self) -> None:
        """Start the thread; it first processes whatever was stored and not yet processed."""
        self._thread = threading.Thread(target=self._run, name="chaser-inbound", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 10.0) -> None:
        """Finish the message in hand, then stop."""
        self._stopping.set()
        self._queue.put(None)
        if self._thread is not None:
            self._thread.join(timeout)

    def pending(self) -> list[int]:
        """Stored messages not yet processed, oldest first."""
        with transaction(self.chaser.engine) as session:
            ids = session.exec(select(InboundMessage.id).where(InboundMessage.state == "new")
                               .order_by(col(InboundMessage.id)))
            return [i for i in ids if i is not None]

    def _run(self) -> None:
        from bot.inbound.intake import process_stored

        for inbound_id in self.pending():
            self._queue.put(inbound_id)
        while not self._stopping.is_set():
            try:
                item = self._queue.get(timeout=self.sweep_seconds)
            except queue.Empty:
                for found in self.pending():
                    self._queue.put(found)
                continue
            if item is None:
                break
            try:
                process_stored(chaser=self.chaser, inbound_id=item)
            except Exception:  # one message never stops the worker; it stays "new" for the next sweep
                log.exception("inbound message %s: processing or delivery failed", item)
