"""enum CHECK constraints; document number counters

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-25

The codes are written out here as they stood when this migration was made (a migration
must mean the same thing forever); the models generate theirs from the core enums, and
tests/test_schema.py fails when the two differ.
"""

from __future__ import annotations

import re

import sqlalchemy as sa
from alembic import op

from app.core.errors import AnchaError

revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None

CHECKS = {
    "findings": {
        "level": ("general", "major"),
        "status": ("pending", "in_progress", "awaiting", "closed"),
        "discovery": ("inspection", "self_report"),
    },
    "inspection_items": {"result": ("unchecked", "pass", "fail", "na")},
}


def _in(column: str, codes: tuple[str, ...]) -> str:
    return f'"{column}" IN (' + ", ".join(f"'{c}'" for c in codes) + ")"


def upgrade() -> None:
    bind = op.get_bind()
    for table, columns in CHECKS.items():
        for column, codes in columns.items():
            bad = bind.execute(
                sa.text(f'SELECT COUNT(*) FROM {table} WHERE NOT ({_in(column, codes)})')
            ).scalar()
            if bad:
                raise AnchaError(
                    f"数据库表 {table} 的 {column} 列有 {bad} 行代码无法识别，请先修正后再升级数据库"
                )
        with op.batch_alter_table(table, schema=None) as batch_op:
            for column, codes in columns.items():
                batch_op.create_check_constraint(f"ck_{table}_{column}", _in(column, codes))

    counters = op.create_table(
        'document_counters',
        sa.Column('kind', sa.String(length=20), nullable=False),
        sa.Column('year', sa.Integer(), nullable=False),
        sa.Column('last', sa.Integer(), nullable=False),
        sa.CheckConstraint('"last" >= 0', name='ck_document_counters_last'),
        sa.PrimaryKeyConstraint('kind', 'year'),
    )
    # Counters kept as settings rows (docno.<kind>.<year>) before this revision move over.
    rows = bind.execute(sa.text("SELECT key, value FROM settings WHERE key LIKE 'docno.%'")).all()
    moved = []
    for key, value in rows:
        m = re.fullmatch(r"docno\.(\w+)\.(\d{4})", key)
        if m and (value or "0").isdigit():
            moved.append({"kind": m.group(1), "year": int(m.group(2)), "last": int(value or "0")})
    if moved:
        op.bulk_insert(counters, moved)
    op.execute("DELETE FROM settings WHERE key LIKE 'docno.%'")


def downgrade() -> None:
    bind = op.get_bind()
    rows = bind.execute(sa.text("SELECT kind, year, last FROM document_counters")).all()
    for kind, year, last in rows:
        bind.execute(
            sa.text("INSERT INTO settings (key, value) VALUES (:k, :v)"),
            {"k": f"docno.{kind}.{year}", "v": str(last)},
        )
    op.drop_table('document_counters')
    for table, columns in CHECKS.items():
        with op.batch_alter_table(table, schema=None) as batch_op:
            for column in columns:
                batch_op.drop_constraint(f"ck_{table}_{column}", type_="check")
