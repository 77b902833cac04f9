"""文书编号: one counter row per document kind and year, incremented atomically.

`allocate` runs in the caller's session, so a number and whatever records it (an issued-
documents register, say) commit or roll back together. The row is created if missing
(INSERT ... ON CONFLICT DO NOTHING) and then incremented with UPDATE ... RETURNING: the
database serialises concurrent writers on the row, so no two get the same number.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from app.core.documents import TITLES, DocKind
from app.core.errors import ValidationError
from app.storage.models import DocumentCounter, Inspection, IssuedNumber

if TYPE_CHECKING:
    from app.services.workspace import Workspace

DOC_KINDS = {k.value for k in DocKind}


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


def register(
    s: Session,
    number: str,
    kind: str,
    counter: str,
    year: int,
    seq: int,
    inspection_id: uuid.UUID | None,
    issued_on: dt.date | None,
    by: str | None,
) -> IssuedNumber:
    """Enter an allocated number in the register (文书台账), in the allocating transaction.

    The unique constraints on the number and on (counter, year, seq) make a second issue of
    the same number fail the whole transaction instead of printing it twice."""
    unit_id = unit_name = None
    if inspection_id is not None:
        insp = s.get(Inspection, inspection_id)
        if insp is not None:
            unit_id = insp.unit_id
            unit_name = insp.unit.name if insp.unit else None
    row = IssuedNumber(
        number=number,
        kind=kind,
        counter=counter,
        year=year,
        seq=seq,
        inspection_id=inspection_id,
        unit_id=unit_id,
        unit_name=unit_name,
        issued_on=issued_on or dt.date.today(),
        issued_by=by,
    )
    s.add(row)
    s.flush()
    return row


@dataclass(frozen=True)
class RegisterEntry:
    """One line of the 文书台账."""

    number: str
    kind: str  # record | order | review
    kind_label: str
    year: int
    seq: int
    issued_on: dt.date
    unit_name: str
    inspection_id: uuid.UUID | None
    issued_by: str


def register_entries(
    s: Session, year: int | None = None, kind: str | None = None, limit: int | None = None
) -> list[RegisterEntry]:
    """The register, oldest first (by year, kind, number sequence)."""
    q = select(IssuedNumber)
    if year is not None:
        q = q.where(IssuedNumber.year == year)
    if kind is not None:
        q = q.where(IssuedNumber.kind == kind)
    q = q.order_by(IssuedNumber.year, IssuedNumber.kind, IssuedNumber.counter, IssuedNumber.seq)
    if limit is not None:
        q = q.limit(limit)
    return [
        RegisterEntry(
            number=r.number,
            kind=r.kind,
            kind_label=TITLES.get(DocKind(r.kind), r.kind) if r.kind in DOC_KINDS else r.kind,
            year=r.year,
            seq=r.seq,
            issued_on=r.issued_on,
            unit_name=r.unit_name or "",
            inspection_id=r.inspection_id,
            issued_by=r.issued_by or "",
        )
        for r in s.execute(q).scalars()
    ]


def document_register(ws: Workspace, year: int | None = None, kind: str | None = None) -> list[RegisterEntry]:
    """The 文书台账 of a year (all years when None), optionally one document kind."""
    if kind is not None and kind not in DOC_KINDS:
        raise ValidationError("文书种类", f"应为 {'、'.join(sorted(DOC_KINDS))} 之一：{kind}")
    with ws.db.session() as s:
        return register_entries(s, year, kind)


def export_register(
    ws: Workspace, path: Path, year: int | None = None, kind: str | None = None, overwrite: bool = True
) -> int:
    """Write the 文书台账 to an Excel file; the number of documents listed."""
    from app.reports.register_xlsx import write_register

    entries = document_register(ws, year, kind)
    what = TITLES.get(DocKind(kind), "") if kind else "执法文书"
    title = f"{what}台账（{year}年）" if year else f"{what}台账"
    write_register(entries, path, title, overwrite)
    return len(entries)
