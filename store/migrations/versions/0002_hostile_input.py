"""hostile input: raw message bytes, the outbox payload and retries, session generations, confirm tokens

Revision ID: 0002
Revises: 0005
"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

import store.types

revision: str = '0002'
down_revision: Union[str, None] = '0005'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    with op.batch_alter_table('inboundmessage', schema=None) as batch_op:
        batch_op.add_column(sa.Column('raw_bytes', sa.LargeBinary(), nullable=True))
        batch_op.add_column(sa.Column('read_attempts', sa.Integer(), nullable=False, server_default='0'))
    with op.batch_alter_table('delivery', schema=None) as batch_op:
        batch_op.add_column(sa.Column('payload', sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column('next_attempt_at', store.types.AwareDateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('last_error', sa.Text(), nullable=False, server_default=''))
    with op.batch_alter_table('person', schema=None) as batch_op:
        batch_op.add_column(sa.Column('session_generation', sa.Integer(), nullable=False, server_default='0'))
    with op.batch_alter_table('clarification', schema=None) as batch_op:
        batch_op.add_column(sa.Column('token', sa.String(), nullable=True))
        batch_op.create_index(batch_op.f('ix_clarification_token'), ['token'], unique=True)


def downgrade() -> None:
    with op.batch_alter_table('clarification', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_clarification_token'))
        batch_op.drop_column('token')
    with op.batch_alter_table('person', schema=None) as batch_op:
        batch_op.drop_column('session_generation')
    with op.batch_alter_table('delivery', schema=None) as batch_op:
        batch_op.drop_column('last_error')
        batch_op.drop_column('next_attempt_at')
        batch_op.drop_column('payload')
    with op.batch_alter_table('inboundmessage', schema=None) as batch_op:
        batch_op.drop_column('read_attempts')
        batch_op.drop_column('raw_bytes')
