"""forms: frozen hazard wording and provisions, 双报告 fields, inspectors, issued documents

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-25
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

FINDING_TEXT = ("cause", "harm", "goal", "materials", "organisation", "assessment")


def upgrade() -> None:
    with op.batch_alter_table("inspection_items", schema=None) as b:
        b.add_column(sa.Column("sector_id", sa.String(length=40), nullable=True))
        b.add_column(sa.Column("hazard", sa.Text(), nullable=True))
        b.add_column(sa.Column("legal", sa.JSON(), nullable=True))
        b.add_column(sa.Column("legal_missing", sa.Text(), nullable=True))
    with op.batch_alter_table("inspections", schema=None) as b:
        b.add_column(sa.Column("officers", sa.JSON(), nullable=True))
        b.add_column(sa.Column("site_contact", sa.String(length=100), nullable=True))
        b.add_column(sa.Column("record_no", sa.String(length=100), nullable=True))
    with op.batch_alter_table("findings", schema=None) as b:
        b.add_column(sa.Column("legal", sa.JSON(), nullable=True))
        for name in FINDING_TEXT:
            b.add_column(sa.Column(name, sa.Text(), nullable=True))
        b.add_column(sa.Column("contact", sa.String(length=100), nullable=True))
        b.add_column(sa.Column("stopped", sa.String(length=20), nullable=True))
        b.add_column(sa.Column("reported_workers_attendance", sa.String(length=200), nullable=True))
        b.add_column(sa.Column("resume_requested_on", sa.Date(), nullable=True))
    op.create_table(
        "inspectors",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("name", sa.String(length=50), nullable=False),
        sa.Column("cert_no", sa.String(length=50), nullable=True),
        sa.Column("role", sa.String(length=50), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("name"),
    )
    op.create_table(
        "documents",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("number", sa.String(length=100), nullable=False),
        sa.Column("issued_on", sa.Date(), nullable=False),
        sa.Column("inspection_id", sa.Uuid(), nullable=False),
        sa.Column("order_id", sa.Uuid(), nullable=True),
        sa.Column("sector_id", sa.String(length=40), nullable=True),
        sa.Column("department", sa.String(length=200), nullable=True),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("created_by", sa.String(length=100), nullable=True),
        sa.ForeignKeyConstraint(["inspection_id"], ["inspections.id"]),
        sa.ForeignKeyConstraint(["order_id"], ["documents.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("number"),
    )
    op.create_index("ix_documents_kind", "documents", ["kind"])
    op.create_index("ix_documents_inspection_id", "documents", ["inspection_id"])


def downgrade() -> None:
    op.drop_index("ix_documents_inspection_id", table_name="documents")
    op.drop_index("ix_documents_kind", table_name="documents")
    op.drop_table("documents")
    op.drop_table("inspectors")
    with op.batch_alter_table("findings", schema=None) as b:
        for name in (
            "resume_requested_on",
            "reported_workers_attendance",
            "stopped",
            "contact",
            *reversed(FINDING_TEXT),
            "legal",
        ):
            b.drop_column(name)
    with op.batch_alter_table("inspections", schema=None) as b:
        for name in ("record_no", "site_contact", "officers"):
            b.drop_column(name)
    with op.batch_alter_table("inspection_items", schema=None) as b:
        for name in ("legal_missing", "legal", "hazard", "sector_id"):
            b.drop_column(name)
