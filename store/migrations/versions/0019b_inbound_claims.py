"""inbound claims: partial indexes on the messages still waiting, for several workers' claims

Revision ID: 0019b
Revises: 0006
"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

revision: str = '0019b'
down_revision: Union[str, None] = '0006'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

WAITING = sa.text("state = 'new'")


def upgrade() -> None:
    op.create_index('ix_inboundmessage_waiting', 'inboundmessage', ['id'],
                    postgresql_where=WAITING, sqlite_where=WAITING)
    op.create_index('ix_inboundmessage_waiting_person', 'inboundmessage', ['person_id', 'id'],
                    postgresql_where=WAITING, sqlite_where=WAITING)


def downgrade() -> None:
    op.drop_index('ix_inboundmessage_waiting_person', table_name='inboundmessage')
    op.drop_index('ix_inboundmessage_waiting', table_name='inboundmessage')
