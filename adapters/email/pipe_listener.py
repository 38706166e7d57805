"""The running service's end of the MTA pipe: a Unix socket on which `chaser email ingest -` hands it a message.

The service stores what it receives with :func:`adapters.email.ingest.store_for_service`, the one
function that stores a piped message whoever runs it, answers ``stored`` and the summary line once
it is committed, and wakes its inbound worker. On any failure it answers nothing but ``not
stored``, and the pipe then takes the message itself as it always has (so a database that is down
still gives the MTA exit status 75). Only processes of the service's own user may connect: the
socket is made 0600 and, where the system tells, the peer's user id is checked as well.
"""

from __future__ import annotations

import logging
import os
import socket
import socketserver
import struct
import threading
from dataclasses import replace
from datetime import date
from typing import TYPE_CHECKING

from adapters.email.pipe import GREETING, socket_path
from store.clock import FixedClock

if TYPE_CHECKING:
    from bot.bootstrap import Chaser

log = logging.getLogger(__name__)
NOT_STORED = b"not stored\n"


class _Handler(socketserver.StreamRequestHandler):
    server: _Server

    def handle(self) -> None:
        if not self.server.same_user(self.request):
            return
        head = self.rfile.readline(100).strip()
        prefix = GREETING + b" today="
        if not head.startswith(prefix):
            return  # not our pipe: say nothing
        day = head[len(prefix):].decode("ascii", errors="replace")
        self.wfile.write(self.server.take(self.rfile.read(), today=None if day == "-" else day))


class _Server(socketserver.ThreadingMixIn, socketserver.UnixStreamServer):
    daemon_threads = True

    def __init__(self, path: str, *, chaser: Chaser) -> None:
        self.chaser = chaser
        super().__init__(path, _Handler)

    def same_user(self, conn: socket.socket) -> bool:
        """False for a process of another user (Linux's SO_PEERCRED; elsewhere the 0600 mode decides)."""
        option = getattr(socket, "SO_PEERCRED", None)
        if option is None:
            return True
        _pid, uid, _gid = struct.unpack("3i", conn.getsockopt(socket.SOL_SOCKET, option, struct.calcsize("3i")))
        return uid == os.getuid()

    def take(self, raw: bytes, *, today: str | None) -> bytes:
        """Store one piped message; the answer for the pipe."""
        from adapters.email.ingest import store_for_service

        try:
            chaser = self.chaser if today is None else replace(
                self.chaser, clock=FixedClock.on(date.fromisoformat(today)))  # the pipe's --today
            if not raw.strip():
                return NOT_STORED  # the pipe refuses an empty message itself
            result = store_for_service(chaser=chaser, raw=raw)
        except Exception:  # the pipe stores it itself, and shows the MTA what is wrong
            log.exception("mail pipe: a message could not be stored here; the pipe takes it itself")
            return NOT_STORED
        if result.inbound_id is not None and result.state == "new" and self.chaser.worker is not None:
            self.chaser.worker.submit(result.inbound_id)
        return b"stored\n" + result.summary().encode("utf-8")


class PipeListener:
    """Listens on :func:`adapters.email.pipe.socket_path` while `chaser serve` runs."""

    def __init__(self, *, chaser: Chaser) -> None:
        self.chaser = chaser
        self.path = socket_path(chaser.settings)
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None

    def start(self) -> bool:
        """Listen (True), or log why not (False: the pipe then stores messages itself, as before)."""
        path = self.path
        if path.exists():
            if _answers(str(path)):
                log.warning("mail pipe: another Chaser already listens on %s; this one does not", path)
                return False
            path.unlink(missing_ok=True)  # left by a service that did not stop cleanly
        try:
            server = _Server(str(path), chaser=self.chaser)
            os.chmod(path, 0o600)
        except OSError as exc:
            log.warning("mail pipe: cannot listen on %s (%s); the pipe will store messages itself", path, exc)
            return False
        self._server = server
        self._thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.5},
                                        name="mail-pipe", daemon=True)
        self._thread.start()
        log.info("mail pipe: listening on %s", path)
        return True

    def stop(self) -> None:
        """Stop listening; from now on the pipe takes messages itself."""
        if self._server is None:
            return
        self._server.shutdown()
        self._server.server_close()
        self.path.unlink(missing_ok=True)
        self._server = None
        if self._thread is not None:
            self._thread.join(timeout=10)
            self._thread = None


def _answers(path: str) -> bool:
    """Whether something accepts connections on the socket at ``path``."""
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as probe:
        try:
            probe.connect(path)
        except OSError:
            return False
    return True
