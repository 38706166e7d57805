"""`chaser email ingest FILE|-` as a mail server runs it: hand the message to the running service, or take it here.

A `chaser serve` on this machine listens on a Unix socket (:mod:`adapters.email.pipe_listener`)
named after ``lock_file`` (``chaser.lock.ingest.sock``). The pipe sends it the raw message and
waits for one line: the service has stored the message with the very function the pipe would use
(``store_for_service``: unique per Message-ID, automatic replies, forgeries and untokened mail
classified on arrival) and committed it. So the pipe, when it hands over, imports neither
SQLAlchemy nor the store's models, only the settings, and exits at once.

When nothing answers on the socket (no service here, a service of another user, a service that
failed to store it), the pipe does exactly what it did before there was a socket
(:func:`adapters.email.ingest.ingest_command`): it stores the message itself for a service running
elsewhere on the same database, or processes it when none runs. A message the service stored just
before the connection broke is recognised there as "already received", so nothing is taken twice.

This module imports nothing outside the standard library at the top: it is the pipe's whole
start-up when a service answers.
"""

from __future__ import annotations

import socket
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from store.errors import ChaserError

if TYPE_CHECKING:
    from store.settings import Settings

SOCKET_SUFFIX = ".ingest.sock"
GREETING = b"chaser-ingest 1"  # the first line the pipe sends: protocol name and version
ANSWER_SECONDS = 120.0  # the longest the pipe waits for the service's answer before taking the message itself


def socket_path(settings: Settings) -> Path:
    """Where the running service listens for messages from the pipe: beside ``lock_file`` (which the
    pipe and the service of one deployment share, as they share the web secret file beside it)."""
    lock = settings.lock_file.expanduser().resolve()
    return lock.with_name(lock.name + SOCKET_SUFFIX)


def read_source(source: str) -> bytes:
    """The raw message from a file, or from stdin for ``-``."""
    if source == "-":
        raw = sys.stdin.buffer.read()
    else:
        path = Path(source)
        if not path.is_file():
            raise ChaserError(f"{source}: no such file (give a saved .eml, or - to read the message from stdin)")
        raw = path.read_bytes()
    if not raw.strip():
        raise ChaserError(f"{'stdin' if source == '-' else source}: the message is empty")
    return raw


def hand_to_service(*, path: Path, raw: bytes, today: date | None, timeout: float = ANSWER_SECONDS) -> str | None:
    """Send ``raw`` to the service listening on ``path``; its one-line summary once it has stored
    the message, or None when no service took it (nothing listens, or it could not store it)."""
    if not path.exists():
        return None
    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as conn:
            conn.settimeout(timeout)
            conn.connect(str(path))
            day = today.isoformat() if today else "-"
            conn.sendall(GREETING + b" today=" + day.encode("ascii") + b"\n" + raw)
            conn.shutdown(socket.SHUT_WR)
            answer = receive_all(conn)
    except OSError:  # refused (a stale socket), not ours to use, timed out, or the service went away
        return None
    status, _, text = answer.decode("utf-8", errors="replace").partition("\n")
    return text if status == "stored" else None


def receive_all(conn: socket.socket) -> bytes:
    """Everything the other side sends until it closes its end."""
    chunks = []
    while chunk := conn.recv(65536):
        chunks.append(chunk)
    return b"".join(chunks)


def ingest(*, source: str, today: date | None) -> str:
    """The whole of `chaser email ingest`: the summary to print (exits 75 when the database is down)."""
    from store.settings import load_settings

    raw = read_source(source)
    settings = load_settings()
    stored = hand_to_service(path=socket_path(settings), raw=raw, today=today)
    if stored is not None:
        return stored
    from adapters.email.ingest import ingest_here

    return ingest_here(settings=settings, raw=raw, today=today)
