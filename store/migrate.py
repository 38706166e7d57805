"""Alembic migrations, run programmatically so `chaser init` and first use need no alembic.ini.

Every database command checks the schema is current. That check reads the stored revision with one
query and the shipped head from the migration files' ``revision``/``down_revision`` lines, without
importing Alembic (a fifth of a small command's start-up); Alembic is loaded only when there is
something to apply, or when the files do not form one simple chain.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS = Path(__file__).parent / "migrations"
_REVISION = re.compile(r"^(down_revision|revision)\b[^=]*=\s*['\"]?([\w.-]+|None)['\"]?\s*$", re.MULTILINE)


def alembic_config(engine: Engine | None = None) -> Config:
    """An Alembic config pointing at the packaged migrations (and at ``engine`` if given)."""
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    if engine is not None:
        cfg.attributes["engine"] = engine
    return cfg


def current_revision(engine: Engine) -> str | None:
    """The revision the database is at, or None for an empty database."""
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def head_revision() -> str | None:
    """The newest revision shipped with this version of Chaser."""
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config()).get_current_head()


@cache
def shipped_head() -> str | None:
    """The head revision read from the migration files alone; None unless they form a single chain."""
    revisions, parents = set(), set()
    for path in (MIGRATIONS / "versions").glob("*.py"):
        found = dict(_REVISION.findall(path.read_text(encoding="utf-8")))
        if "revision" in found:
            revisions.add(found["revision"])
            parents.add(found.get("down_revision", "None"))
    heads = revisions - parents
    return heads.pop() if len(heads) == 1 else None


def stored_revision(engine: Engine) -> str | None:
    """The revision recorded in the database, by one query; None when there is none (or no table)."""
    try:
        with engine.connect() as conn:
            rows = conn.execute(text("SELECT version_num FROM alembic_version")).all()
    except DBAPIError:  # no alembic_version table yet: an empty database
        return None
    return rows[0][0] if len(rows) == 1 else None


def upgrade(engine: Engine) -> bool:
    """Bring the schema to the newest revision; returns True if anything was applied."""
    head = shipped_head()
    if head is not None and stored_revision(engine) == head:
        return False  # the common case, decided without importing Alembic
    if current_revision(engine) == head_revision():
        return False
    from alembic import command

    command.upgrade(alembic_config(engine), "head")
    return True
