"""indexes for questions and the dashboard at scale

Revision ID: 0020a
Revises: 0019b
Create Date: 2026-12-02 10:30:00
"""
from typing import Sequence, Union

from alembic import op


revision: str = '0020a'
down_revision: Union[str, None] = '0019b'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_index('ix_action_plan_position', 'action', ['plan_id', 'position', 'id'], unique=False)
    op.create_index('ix_action_plan_status_due', 'action', ['plan_id', 'status', 'due'], unique=False)
    op.create_index('ix_action_plan_lead_text', 'action', ['plan_id', 'lead_text'], unique=False)
    op.create_index('ix_update_action_at', 'update', ['action_id', 'at'], unique=False)
    op.create_index('ix_update_at', 'update', ['at'], unique=False)
    op.create_index('ix_changelog_plan_at', 'changelog', ['plan_id', 'at'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_changelog_plan_at', table_name='changelog')
    op.drop_index('ix_update_at', table_name='update')
    op.drop_index('ix_update_action_at', table_name='update')
    op.drop_index('ix_action_plan_lead_text', table_name='action')
    op.drop_index('ix_action_plan_status_due', table_name='action')
    op.drop_index('ix_action_plan_position', table_name='action')
