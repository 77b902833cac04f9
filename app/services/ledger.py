"""隐患台账: filtered, sorted, paged queries over findings (fast at 200,000 rows)."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import Any, cast

from sqlalchemy import and_, func, select

from app.core.findings import OPEN_STATUSES as core_open_statuses
from app.core.findings import is_overdue
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


OPEN_STATUSES = [s.value for s in core_open_statuses]

# Ledger columns: key, header, column to sort by (each has a (column, id) index).
COLUMNS: list[tuple[str, str, Any]] = [
    ("unit", "被检查单位", Finding.unit_name),
    ("sector", "行业", Finding.sector_id),
    ("title", "隐患名称", Finding.title),
    ("level", "级别", Finding.level),
    ("status", "状态", Finding.status),
    ("found_on", "发现日期", Finding.found_on),
    ("deadline", "整改时限", Finding.deadline),
    ("responsible", "责任人", Finding.responsible),
    ("supervised_by", "挂牌督办", Finding.supervised_by),
]
SORT_COLUMNS = {k: c for k, _, c in COLUMNS}

ROW_FIELDS = (
    Finding.id,
    Finding.unit_name,
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
        return is_overdue(self.status, self.deadline, today)


def _contains(ws: Workspace, word: str) -> Any:
    """Substring test on the search column; instr/strpos beat LIKE on CJK text."""
    fn = func.instr if ws.db.is_sqlite else func.strpos
    return fn(Finding.search_text, word) > 0


def overdue_clause(today: dt.date) -> Any:
    """core.findings.is_overdue as SQL: open and past the deadline."""
    return and_(Finding.status.in_(OPEN_STATUSES), Finding.deadline < today)


def conditions(flt: FindingFilter, ws: Workspace | None = None) -> list[Any]:
    """The WHERE conditions of a filter (shared by the ledger, the statistics and the exports)."""
    today = flt.today or dt.date.today()
    conds: list[Any] = []
    if flt.sector_id:
        conds.append(Finding.sector_id == flt.sector_id)
    if flt.level:
        conds.append(Finding.level == flt.level)
    if flt.status:
        conds.append(Finding.status == flt.status)
    if flt.open_only:
        conds.append(Finding.status.in_(OPEN_STATUSES))
    if flt.overdue:
        conds.append(overdue_clause(today))
    if flt.date_from:
        conds.append(Finding.found_on >= flt.date_from)
    if flt.date_to:
        conds.append(Finding.found_on <= flt.date_to)
    if flt.unit_id:
        conds.append(Finding.unit_id == flt.unit_id)
    for word in flt.text.split():
        if ws is not None:
            conds.append(_contains(ws, word))
        else:
            conds.append(Finding.search_text.contains(word, autoescape=True))
    return conds


def count(ws: Workspace, flt: FindingFilter) -> int:
    q = select(func.count()).select_from(Finding).where(*conditions(flt, ws))
    with ws.db.engine.connect() as conn:
        return int(conn.execute(q).scalar_one())


def page(
    ws: Workspace,
    flt: FindingFilter,
    offset: int,
    limit: int,
    sort: str = "found_on",
    descending: bool = True,
    total: int | None = None,
) -> list[LedgerRow]:
    """Rows [offset, offset+limit) in the chosen order (ties broken by id, so pages are stable).

    Pages in the second half are read backwards from the end, so the last page is as
    quick as the first. Pass `total` (from count) to allow that.
    """
    col = SORT_COLUMNS.get(sort, Finding.found_on)
    reverse = total is not None and offset > total // 2
    desc = descending != reverse
    order = [col.desc(), Finding.id.desc()] if desc else [col.asc(), Finding.id.asc()]
    if reverse:
        assert total is not None
        end = min(total, offset + limit)
        offset, limit = total - end, end - offset
    q = select(*ROW_FIELDS).where(*conditions(flt, ws)).order_by(*order).offset(offset).limit(limit)
    with ws.db.engine.connect() as conn:
        rows = [LedgerRow(*cast(tuple[Any, ...], r)) for r in conn.execute(q)]
    return rows[::-1] if reverse else rows


EXPORT_FIELDS = (
    Finding.unit_name,
    Unit.uscc,
    Finding.sector_id,
    Finding.title,
    Finding.location,
    Finding.description,
    Finding.level,
    Finding.status,
    Finding.discovery,
    Finding.found_on,
    Finding.found_by,
    Finding.deadline,
    Finding.goal,
    Finding.measures,
    Finding.organisation,
    Finding.responsible,
    Finding.funds,
    Finding.materials,
    Finding.contingency,
    Finding.cause,
    Finding.harm,
    Finding.contact,
    Finding.stopped,
    Finding.reported_dept,
    Finding.reported_dept_on,
    Finding.reported_workers_how,
    Finding.reported_workers_on,
    Finding.reported_workers_attendance,
    Finding.supervised_by,
    Finding.supervised_on,
    Finding.supervision_no,
    Finding.accepted_by,
    Finding.accepted_on,
    Finding.assessment,
    Finding.acceptance_note,
    Finding.resume_requested_on,
    Finding.closed_by,
    Finding.closed_on,
    Finding.basis,
    Finding.legal,
    Finding.criterion,
)
EXPORT_KEYS = tuple(c.key for c in EXPORT_FIELDS)  # the names the workbook's columns are read by


def iter_export_rows(ws: Workspace, flt: FindingFilter, batch: int = 5000) -> Any:
    """Plain tuples of EXPORT_FIELDS for every matching finding (no ORM objects: fast)."""
    q = (
        select(*EXPORT_FIELDS)
        .join(Unit, Unit.id == Finding.unit_id)
        .where(*conditions(flt, ws))
        .order_by(Finding.found_on, Finding.id)
        .execution_options(yield_per=batch)
    )
    with ws.db.engine.connect() as conn:
        yield from conn.execute(q)
