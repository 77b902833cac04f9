"""文书编号: one counter row per document kind and year, incremented atomically.

`allocate` runs in the caller's session, so a number and whatever records it (an issued-
documents register, say) commit or roll back together. The row is created if missing
(INSERT ... ON CONFLICT DO NOTHING) and then incremented with UPDATE ... RETURNING: the
database serialises concurrent writers on the row, so no two get the same number.
"""

from __future__ import annotations

from sqlalchemy import update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from app.core.errors import ValidationError
from app.storage.models import DocumentCounter


def allocate(s: Session, kind: str, year: int) -> int:
    """The next number of `kind` in `year` (1, 2, ...), taken inside the session's transaction."""
    if not kind or len(kind) > 20:
        raise ValidationError("文书种类", f"种类代码不正确：{kind!r}")
    if not 1900 <= year <= 9999:
        raise ValidationError("文书年份", f"年份不正确：{year}")
    insert = pg_insert if s.get_bind().dialect.name == "postgresql" else sqlite_insert
    s.execute(
        insert(DocumentCounter)
        .values(kind=kind, year=year, last=0)
        .on_conflict_do_nothing(index_elements=["kind", "year"])
    )
    return int(
        s.execute(
            update(DocumentCounter)
            .where(DocumentCounter.kind == kind, DocumentCounter.year == year)
            .values(last=DocumentCounter.last + 1)
            .returning(DocumentCounter.last)
        ).scalar_one()
    )


def last_issued(s: Session, kind: str, year: int) -> int:
    """The last number handed out (0 when none yet)."""
    row = s.get(DocumentCounter, (kind, year))
    return row.last if row else 0
