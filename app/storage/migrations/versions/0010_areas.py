"""areas: a unit's and an inspection's 行政区划代码

Existing rows keep NULL, which means "the inspector's jurisdiction"; nothing else changes.

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-25
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('units', schema=None) as batch_op:
        batch_op.add_column(sa.Column('area_code', sa.String(length=6), nullable=True))
        batch_op.create_index('ix_units_area_code', ['area_code'], unique=False)
    with op.batch_alter_table('inspections', schema=None) as batch_op:
        batch_op.add_column(sa.Column('area_code', sa.String(length=6), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('inspections', schema=None) as batch_op:
        batch_op.drop_column('area_code')
    with op.batch_alter_table('units', schema=None) as batch_op:
        batch_op.drop_index('ix_units_area_code')
        batch_op.drop_column('area_code')
