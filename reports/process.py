"""Reports built in a process of their own, so building a big one never holds the interpreter that the
scheduler, the inbound workers and the web app share.

Python runs one thread at a time in a process: a report built in the web app's thread pool took the
interpreter from the scheduler's thread, and a 2.3 s scheduler tick took 40 s (issue 20; measured by
``python -m benchmarks.scheduler_contention``, see docs/performance.md). Here the report is built
and rendered by a long-lived child process (started on first use, and again if it dies) reading the
same database; the calling thread only waits for the bytes, which leaves the interpreter to the others.
"""

from __future__ import annotations

import atexit
import logging
import multiprocessing
import threading
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy.engine import Engine

from store.settings import Settings

log = logging.getLogger(__name__)
PROCESSES = 1  # one report at a time: a second core stays with the service (the machines are small)

_pool: ProcessPoolExecutor | None = None
_pool_lock = threading.Lock()
_engines: dict[str, Engine] = {}  # in the child: one engine per database, kept between reports


@dataclass(frozen=True)
class Built:
    """A report rendered in one or more formats."""

    title: str
    as_at: str  # the report's own "as at" wording
    content: dict[str, bytes]


def _build_with(engine: Engine, settings: Settings, kind: str, plan_name: str | None, today: date,
                since: date | None, formats: tuple[str, ...]) -> Built:
    """Build the report once and render it in each format."""
    from reports.render import build_report, render_view

    report = build_report(engine=engine, kind=kind, plan_name=plan_name, today=today, since=since, settings=settings)
    return Built(title=report.title, as_at=report.as_at, content={fmt: render_view(report, fmt) for fmt in formats})


def _build(url: str, *args: Any) -> Built:
    """(In the child.) :func:`_build_with` on the database at ``url`` (its engine kept for the next)."""
    from store.db import make_engine

    engine = _engines.get(url)
    if engine is None:
        engine = _engines[url] = make_engine(url, migrate=False)
    return _build_with(engine, *args)


def _executor() -> ProcessPoolExecutor:
    global _pool
    with _pool_lock:
        if _pool is None:
            # spawn: a fresh interpreter, not a fork of a process whose other threads hold locks
            _pool = ProcessPoolExecutor(max_workers=PROCESSES, mp_context=multiprocessing.get_context("spawn"))
        return _pool


def _discard(broken: ProcessPoolExecutor) -> None:
    global _pool
    with _pool_lock:
        if _pool is broken:
            _pool = None
    broken.shutdown(wait=False, cancel_futures=True)


def shutdown() -> None:
    """Stop the report process (at exit; the next report starts another)."""
    global _pool
    with _pool_lock:
        pool, _pool = _pool, None
    if pool is not None:
        pool.shutdown(wait=True, cancel_futures=True)


atexit.register(shutdown)


def build_elsewhere(*, engine: Engine, settings: Settings, kind: str, plan_name: str | None, today: date,
                    since: date | None = None, formats: tuple[str, ...]) -> Built:
    """Build ``kind`` for ``plan_name`` in the report process and wait for it.

    An in-memory SQLite database cannot be opened from another process: that report is built here.

    Raises:
        ChaserError: an unknown kind, format or plan (raised in the child, passed on unchanged).
    """
    args: tuple[Any, ...] = (settings, kind, plan_name, today, since, formats)
    if engine.url.get_backend_name() == "sqlite" and engine.url.database in (None, "", ":memory:"):
        return _build_with(engine, *args)
    url = engine.url.render_as_string(hide_password=False)
    for attempt in (1, 2):
        pool = _executor()
        try:
            return pool.submit(_build, url, *args).result()
        except BrokenProcessPool:  # the child died (killed, out of memory): start another, once
            log.warning("the report process stopped; starting another (attempt %d)", attempt)
            _discard(pool)
    raise RuntimeError("the report process stopped twice while building one report")
