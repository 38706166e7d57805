"""A throwaway PostgreSQL database for a benchmark run or a test session: created empty (or as a copy
of a template), its URL handed out, and dropped afterwards even if connections are still open."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import create_engine, text


def url_on(admin_url: str, name: str) -> str:
    """The URL of database ``name`` on the server ``admin_url`` points at."""
    return admin_url.rsplit("/", 1)[0] + f"/{name}"


@contextmanager
def temporary_database(admin_url: str, *, prefix: str, template: str | None = None) -> Iterator[str]:
    """Create ``<prefix>_<random>`` (from ``template`` if given), yield its URL, drop it at the end."""
    name = f"{prefix}_{uuid.uuid4().hex[:10]}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else "")))
    try:
        yield url_on(admin_url, name)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
