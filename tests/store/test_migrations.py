"""The migrations build exactly the tables the models describe, on SQLite and PostgreSQL, as one
chain of revisions (several branches of work each add a migration: this catches a broken merge)."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlmodel import SQLModel

import store.models  # noqa: F401  (registers the tables)
from store.db import make_engine
from store.migrate import alembic_config, current_revision, head_revision, shipped_head, stored_revision, upgrade


def test_one_line_of_revisions():
    script = ScriptDirectory.from_config(alembic_config())
    assert len(script.get_heads()) == 1, f"several heads: {script.get_heads()}"
    assert len(script.get_bases()) == 1


def test_migrated_schema_matches_the_models(engine):
    assert current_revision(engine) == head_revision()
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": False})
        differences = compare_metadata(context, SQLModel.metadata)
    assert differences == []


def test_the_quick_check_agrees_with_alembic(engine, tmp_path):
    """Start-up reads the head from the files and the stored revision by one query (no Alembic import)."""
    assert shipped_head() == head_revision()
    assert stored_revision(engine) == current_revision(engine) == head_revision()
    assert upgrade(engine) is False  # current: nothing applied
    empty = make_engine(f"sqlite:///{tmp_path / 'empty.db'}", migrate=False)
    assert stored_revision(empty) is None  # no alembic_version table yet
    assert upgrade(empty) is True and stored_revision(empty) == head_revision()
