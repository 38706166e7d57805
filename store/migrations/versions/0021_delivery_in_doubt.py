"""delivery in doubt: when the platform call began, and how often a send was repeated in doubt

A sender that dies between the platform accepting a message and the commit marking it sent leaves
the row `sending` with `call_started_at` set: the next sender knows the message may already be at
the platform (asks the platform where it can, else sends again and counts it).

Revision ID: 0021
Revises: 0020a
"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

import store.types

revision: str = '0021'
down_revision: Union[str, None] = '0020a'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    with op.batch_alter_table('delivery') as batch_op:
        batch_op.add_column(sa.Column('call_started_at', store.types.AwareDateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('resent_in_doubt', sa.Integer(), nullable=False, server_default='0'))


def downgrade() -> None:
    with op.batch_alter_table('delivery') as batch_op:
        batch_op.drop_column('resent_in_doubt')
        batch_op.drop_column('call_started_at')
