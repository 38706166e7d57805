"""The web app under uvicorn on a free 127.0.0.1 port, in a thread, for the browser tests."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import uvicorn
from sqlalchemy.engine import Engine

from adapters.web import create_app
from bot.bootstrap import Chaser
from store.clock import Clock
from store.settings import Settings


@contextmanager
def live_chaser(*, engine: Engine, tmp_path: Path, clock: Clock) -> Iterator[tuple[str, Chaser]]:
    """Serve a Chaser on ``engine``, its links pointing at the port it listens on; yields (url, chaser)."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    url = f"http://127.0.0.1:{sock.getsockname()[1]}"
    settings = Settings(database_url=f"sqlite:///{tmp_path / 'chaser.db'}", outbox_dir=tmp_path / "outbox",
                        public_url=url, smtp_url=None)
    chaser = Chaser(settings=settings, engine=engine, clock=clock)
    server = uvicorn.Server(uvicorn.Config(create_app(chaser=chaser), log_level="warning", lifespan="off"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            pytest.fail("uvicorn did not start")
        time.sleep(0.05)
    try:
        yield url, chaser
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()
