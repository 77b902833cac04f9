"""到期提醒: the query behind the daily list (rules in app.core.reminders)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import aliased

from app.core.documents import DocKind
from app.core.findings import OPEN_STATUSES, Level
from app.core.reminders import (
    DEADLINE,
    DEFAULT_DAYS,
    DUAL,
    REVIEW,
    Reminder,
    deadline_due,
    horizon,
    is_late,
    missing_reports,
    review_due_on,
    timing,
)
from app.services.workspace import Workspace
from app.storage.models import Document, Finding, Inspection, Unit


def due(ws: Workspace, days: int = DEFAULT_DAYS, today: dt.date | None = None) -> list[Reminder]:
    """Every reminder for today, most urgent first (overdue, then by date)."""
    today = today or dt.date.today()
    last = horizon(today, days)
    open_values = [s.value for s in OPEN_STATUSES]
    out: list[Reminder] = []
    with ws.db.session() as s:
        q = select(Finding.id, Finding.unit_name, Finding.title, Finding.status, Finding.deadline).where(
            Finding.status.in_(open_values), Finding.deadline.is_not(None), Finding.deadline <= last
        )
        for fid, unit, title, status, deadline in s.execute(q):
            if deadline is not None and deadline_due(status, deadline, today, days):
                out.append(
                    Reminder(
                        DEADLINE,
                        deadline,
                        unit or "",
                        title,
                        timing(deadline, today),
                        finding_id=fid,
                        overdue=is_late(deadline, today),
                    )
                )

        q2 = select(
            Finding.id,
            Finding.unit_name,
            Finding.title,
            Finding.level,
            Finding.status,
            Finding.found_on,
            Finding.reported_dept_on,
            Finding.reported_workers_on,
        ).where(
            Finding.level == Level.MAJOR.value,
            Finding.status.in_(open_values),
            or_(Finding.reported_dept_on.is_(None), Finding.reported_workers_on.is_(None)),
        )
        for fid, unit, title, level, status, found_on, dept_on, workers_on in s.execute(q2):
            missing = missing_reports(level, status, dept_on, workers_on)
            if missing:
                note = "未填写" + "、".join(missing)
                out.append(Reminder(DUAL, found_on, unit or "", title, note, finding_id=fid))

        review = aliased(Document)
        q3 = (
            select(Document, Unit.name)
            .join(Inspection, Inspection.id == Document.inspection_id)
            .join(Unit, Unit.id == Inspection.unit_id)
            .outerjoin(review, and_(review.order_id == Document.id, review.kind == DocKind.REVIEW.value))
            .where(Document.kind == DocKind.ORDER.value, review.id.is_(None))
        )
        for doc, unit in s.execute(q3):
            deadlines = [
                dt.date.fromisoformat(e["deadline"]) if e.get("deadline") else None
                for e in doc.payload.get("items", [])
            ]
            day = review_due_on(doc.issued_on, deadlines)
            if day <= last:
                what = f"{doc.number}（{len(deadlines)}项）"
                out.append(
                    Reminder(
                        REVIEW,
                        day,
                        unit,
                        what,
                        timing(day, today),
                        document_id=doc.id,
                        overdue=is_late(day, today),
                    )
                )
    out.sort(key=lambda r: (not r.overdue, r.day or today, r.kind))
    return out
