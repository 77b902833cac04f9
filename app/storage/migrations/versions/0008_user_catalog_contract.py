"""user catalog: hazard wording and legal basis of accepted items; area and level of imported notices

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-25
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('user_items') as batch:
        batch.add_column(sa.Column('hazard', sa.Text(), nullable=True))
        batch.add_column(sa.Column('legal', sa.JSON(), nullable=True))
        batch.add_column(sa.Column('legal_missing', sa.Text(), nullable=True))
    with op.batch_alter_table('user_sources') as batch:
        batch.add_column(sa.Column('area', sa.String(length=12), nullable=True))
        batch.add_column(sa.Column('level', sa.String(length=20), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('user_sources') as batch:
        batch.drop_column('level')
        batch.drop_column('area')
    with op.batch_alter_table('user_items') as batch:
        batch.drop_column('legal_missing')
        batch.drop_column('legal')
        batch.drop_column('hazard')
