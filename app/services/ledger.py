"""隐患台账: filtered, sorted, paged queries over findings (fast at 200,000 rows)."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, and_, func, or_, select

from app.core.findings import Status
from app.services.workspace import Workspace
from app.storage.models import Finding, Unit


@dataclass
class FindingFilter:
    sector_id: str | None = None
    level: str | None = None
    status: str | None = None
    overdue: bool = False
    open_only: bool = False
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    unit_id: uuid.UUID | None = None
    text: str = ""
    today: dt.date | None = None

    def describe(self) -> str:
        parts = []
        for label, value in (
            ("行业", self.sector_id),
            ("级别", self.level),
            ("状态", self.status),
            ("起", self.date_from),
            ("止", self.date_to),
            ("关键词", self.text),
        ):
            if value:
                parts.append(f"{label}：{value}")
        if self.overdue:
            parts.append("仅逾期")
        return "；".join(parts) or "全部"


# Ledger columns: key, header, SQL expression to sort by.
COLUMNS: list[tuple[str, str, Any]] = [
    ("unit", "被检查单位", Unit.name),
    ("sector", "行业", Finding.sector_id),
    ("title", "隐患名称", Finding.title),
    ("level", "级别", Finding.level),
    ("status", "状态", Finding.status),
    ("found_on", "发现日期", Finding.found_on),
    ("deadline", "整改时限", Finding.deadline),
    ("responsible", "责任人", Finding.responsible),
    ("supervised_by", "挂牌督办", Finding.supervised_by),
]

ROW_FIELDS = (
    Finding.id,
    Unit.name,
    Finding.sector_id,
    Finding.title,
    Finding.level,
    Finding.status,
    Finding.found_on,
    Finding.deadline,
    Finding.responsible,
    Finding.supervised_by,
)


@dataclass(frozen=True)
class LedgerRow:
    id: uuid.UUID
    unit: str
    sector_id: str
    title: str
    level: str
    status: str
    found_on: dt.date
    deadline: dt.date | None
    responsible: str | None
    supervised_by: str | None

    def overdue(self, today: dt.date) -> bool:
        return self.deadline is not None and self.status != Status.CLOSED.value and self.deadline < today


def _where(flt: FindingFilter) -> list[Any]:
    today = flt.today or dt.date.today()
    conds: list[Any] = []
    if flt.sector_id:
        conds.append(Finding.sector_id == flt.sector_id)
    if flt.level:
        conds.append(Finding.level == flt.level)
    if flt.status:
        conds.append(Finding.status == flt.status)
    if flt.open_only:
        conds.append(Finding.status != Status.CLOSED.value)
    if flt.overdue:
        conds.append(and_(Finding.status != Status.CLOSED.value, Finding.deadline < today))
    if flt.date_from:
        conds.append(Finding.found_on >= flt.date_from)
    if flt.date_to:
        conds.append(Finding.found_on <= flt.date_to)
    if flt.unit_id:
        conds.append(Finding.unit_id == flt.unit_id)
    for word in flt.text.split():
        like = f"%{word}%"
        conds.append(
            or_(
                Finding.title.like(like),
                Finding.location.like(like),
                Finding.responsible.like(like),
                Unit.name.like(like),
            )
        )
    return conds


def _base(flt: FindingFilter, *cols: Any) -> Select[Any]:
    q = select(*cols).select_from(Finding).join(Unit, Unit.id == Finding.unit_id)
    conds = _where(flt)
    return q.where(*conds) if conds else q


def count(ws: Workspace, flt: FindingFilter) -> int:
    if not flt.text.split():  # no unit name needed: count without the join
        q = select(func.count()).select_from(Finding)
        conds = _where(flt)
        q = q.where(*conds) if conds else q
    else:
        q = _base(flt, func.count())
    with ws.db.engine.connect() as conn:
        return int(conn.execute(q).scalar_one())


def page(
    ws: Workspace,
    flt: FindingFilter,
    offset: int,
    limit: int,
    sort: str = "found_on",
    descending: bool = True,
) -> list[LedgerRow]:
    """Rows [offset, offset+limit) in the chosen order (ties broken by id, so pages are stable)."""
    col = dict((k, c) for k, _, c in COLUMNS).get(sort, Finding.found_on)
    order = [col.desc() if descending else col.asc(), Finding.id]
    q = _base(flt, *ROW_FIELDS).order_by(*order).offset(offset).limit(limit)
    with ws.db.engine.connect() as conn:
        return [LedgerRow(*r) for r in conn.execute(q)]


def iter_findings(ws: Workspace, flt: FindingFilter, batch: int = 2000) -> Any:
    """Every matching finding with its unit, oldest first, streamed in batches (for export)."""
    q = (
        select(Finding, Unit)
        .join(Unit, Unit.id == Finding.unit_id)
        .where(*_where(flt))
        .order_by(Finding.found_on, Finding.id)
        .execution_options(yield_per=batch)
    )
    with ws.db.session() as s:
        yield from s.execute(q).tuples()
