"""Alembic environment: uses the engine handed over by store.migrate, or CHASER_DATABASE_URL."""

from __future__ import annotations

import os

from alembic import context
from sqlalchemy import create_engine
from sqlmodel import SQLModel

import store.models  # noqa: F401  (registers the tables)

target_metadata = SQLModel.metadata
config = context.config


def run() -> None:
    engine = config.attributes.get("engine")
    if engine is None:
        engine = create_engine(os.environ.get("CHASER_DATABASE_URL", "sqlite:///./chaser.db"))
    with engine.begin() as connection:
        context.configure(
            connection=connection,
            target_metadata=target_metadata,
            render_as_batch=connection.dialect.name == "sqlite",
            compare_type=True,
        )
        with context.begin_transaction():
            context.run_migrations()


run()
