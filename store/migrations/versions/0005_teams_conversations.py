"""teams conversation references

Revision ID: 0005
Revises: 0003
Create Date: 2026-12-02 06:45:00
"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
import sqlmodel
import store.types


revision: str = '0005'
down_revision: Union[str, None] = '0003'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_table('teamsconversation',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('aad_object_id', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('user_id', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('conversation_id', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('service_url', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('tenant_id', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('reachable', sa.Boolean(), nullable=False),
    sa.Column('unreachable_reason', sa.Text(), nullable=False),
    sa.Column('created_at', store.types.AwareDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', store.types.AwareDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('aad_object_id')
    )


def downgrade() -> None:
    op.drop_table('teamsconversation')
