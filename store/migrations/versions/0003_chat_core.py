"""chat core: quick answers kept with each inbound message; one-time codes that link chat accounts

Revision ID: 0003
Revises: 0001
"""
from typing import Sequence, Union

import sqlalchemy as sa
import sqlmodel
from alembic import op

import store.types

revision: str = "0003"
down_revision: Union[str, None] = "0001"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    with op.batch_alter_table("inboundmessage", schema=None) as batch_op:
        batch_op.add_column(sa.Column("payload", sa.JSON(), nullable=False, server_default="{}"))
    op.create_table(
        "linkcode",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("channel", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("code_hash", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("created_at", store.types.AwareDateTime(timezone=True), nullable=False),
        sa.Column("expires_at", store.types.AwareDateTime(timezone=True), nullable=False),
        sa.Column("used_at", store.types.AwareDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["person_id"], ["person.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("linkcode", schema=None) as batch_op:
        batch_op.create_index("ix_linkcode_person_id", ["person_id"], unique=False)
        batch_op.create_index("ix_linkcode_code_hash", ["code_hash"], unique=True)


def downgrade() -> None:
    op.drop_table("linkcode")
    with op.batch_alter_table("inboundmessage", schema=None) as batch_op:
        batch_op.drop_column("payload")
