"""office: the register of issued 文书编号 (文书台账)

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-25
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "issued_numbers",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("number", sa.String(length=100), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("counter", sa.String(length=20), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("inspection_id", sa.Uuid(), nullable=True),
        sa.Column("unit_id", sa.Uuid(), nullable=True),
        sa.Column("unit_name", sa.String(length=200), nullable=True),
        sa.Column("issued_on", sa.Date(), nullable=False),
        sa.Column("issued_by", sa.String(length=100), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["inspection_id"], ["inspections.id"]),
        sa.ForeignKeyConstraint(["unit_id"], ["units.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("number", name="uq_issued_numbers_number"),
        sa.UniqueConstraint("counter", "year", "seq", name="uq_issued_numbers_counter_year_seq"),
    )
    op.create_index("ix_issued_numbers_year_kind", "issued_numbers", ["year", "kind"])
    op.create_index("ix_issued_numbers_inspection_id", "issued_numbers", ["inspection_id"])


def downgrade() -> None:
    op.drop_index("ix_issued_numbers_inspection_id", table_name="issued_numbers")
    op.drop_index("ix_issued_numbers_year_kind", table_name="issued_numbers")
    op.drop_table("issued_numbers")
