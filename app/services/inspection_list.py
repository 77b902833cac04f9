"""The inspection list: newest inspections with their progress, in one query per batch."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from sqlalchemy import case, func, select

from app.core.inspections import Result
from app.services.workspace import Workspace
from app.storage.models import Finding, Inspection, InspectionItem, Unit


@dataclass(frozen=True)
class InspectionRow:
    """One line of the inspection list, with its progress."""

    id: uuid.UUID
    date: dt.date
    unit_id: uuid.UUID
    unit: str
    sector_id: str
    site_type_id: str | None
    inspectors: list[str]
    template_name: str | None
    place: str | None
    total: int
    done: int  # items with a result
    failed: int
    findings: int

    @property
    def complete(self) -> bool:
        return self.total > 0 and self.done == self.total


def inspection_rows(ws: Workspace, limit: int = 1000, text: str = "") -> list[InspectionRow]:
    """The newest inspections with their item counts and number of findings.

    Counts are taken for the listed inspections only, so the list stays quick however many
    inspections the database holds.
    """
    q = (
        select(
            Inspection.id,
            Inspection.date,
            Inspection.unit_id,
            Unit.name,
            Inspection.sector_id,
            Inspection.site_type_id,
            Inspection.inspectors,
            Inspection.template_name,
            Inspection.place,
        )
        .join(Unit, Unit.id == Inspection.unit_id)
        .order_by(Inspection.date.desc(), Inspection.created_at.desc())
        .limit(limit)
    )
    for word in text.split():
        q = q.where(Unit.name.contains(word, autoescape=True))
    with ws.db.engine.connect() as conn:
        heads = conn.execute(q).all()
        ids = [h[0] for h in heads]
        counts: dict[uuid.UUID, tuple[int, int, int]] = {}
        found: dict[uuid.UUID, int] = {}
        for chunk in (ids[i : i + 1000] for i in range(0, len(ids), 1000)):  # one scan of findings
            for iid, total, done, failed in conn.execute(
                select(
                    InspectionItem.inspection_id,
                    func.count(),
                    func.sum(case((InspectionItem.result != Result.UNCHECKED.value, 1), else_=0)),
                    func.sum(case((InspectionItem.result == Result.FAIL.value, 1), else_=0)),
                )
                .where(InspectionItem.inspection_id.in_(chunk))
                .group_by(InspectionItem.inspection_id)
            ):
                counts[iid] = (int(total), int(done or 0), int(failed or 0))
            for iid, n in conn.execute(
                select(Finding.inspection_id, func.count())
                .where(Finding.inspection_id.in_(chunk))
                .group_by(Finding.inspection_id)
            ):
                if iid is not None:
                    found[iid] = int(n)
    rows = []
    for iid, day, unit_id, unit, sector, site, inspectors, template, place in heads:
        total, done, failed = counts.get(iid, (0, 0, 0))
        rows.append(
            InspectionRow(
                id=iid,
                date=day,
                unit_id=unit_id,
                unit=unit,
                sector_id=sector,
                site_type_id=site,
                inspectors=list(inspectors or []),
                template_name=template,
                place=place,
                total=total,
                done=done,
                failed=failed,
                findings=found.get(iid, 0),
            )
        )
    return rows
