"""Inspections: start one with a frozen checklist, record results, turn failures into findings."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Collection
from dataclasses import fields, replace

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from app.core import versions
from app.core.errors import NotFoundError, ValidationError
from app.core.findings import FindingRecord, Level, check_text
from app.core.inspections import InspectionLine, InspectionRecord, Result, parse_inspectors
from app.services import settings
from app.services.checklists import ChecklistItem, citation_sources, legal_of, snapshot
from app.services.findings import FindingInput, record_of
from app.services.workspace import Workspace
from app.storage import audit
from app.storage.models import Finding, Inspection, InspectionItem, Setting, Unit

_LINE_COPIED = [f.name for f in fields(InspectionLine) if f.name not in ("criteria", "legal")]
_HEAD_COPIED = [
    f.name for f in fields(InspectionRecord) if f.name not in ("unit_name", "inspectors", "officers", "items")
]


def line_of(ii: InspectionItem) -> InspectionLine:
    """A line as plain data, read inside its session."""
    return InspectionLine(
        **{name: getattr(ii, name) for name in _LINE_COPIED},
        criteria=tuple(ii.criteria or ()),
        legal=tuple(dict(p) for p in ii.legal or ()),
    )


def inspection_of(insp: Inspection) -> InspectionRecord:
    """An inspection and its lines (loaded with it) as plain data, read inside its session."""
    return InspectionRecord(
        **{name: getattr(insp, name) for name in _HEAD_COPIED},
        unit_name=insp.unit.name,
        inspectors=tuple(insp.inspectors or ()),
        officers=tuple(dict(o) for o in insp.officers or ()),
        items=tuple(line_of(ii) for ii in insp.items),
    )


def start_inspection(
    ws: Workspace,
    unit_id: uuid.UUID,
    date: dt.date,
    inspectors: str | list[str],
    sector_id: str,
    items: list[ChecklistItem],
    site_type_id: str | None = None,
    template_name: str | None = None,
    place: str | None = None,
    site_contact: str | None = None,
) -> InspectionRecord:
    """Create an inspection holding its own copy of every checklist item: text, basis, hazard
    wording, provisions and sector, so it prints the same after the catalog changes.

    Catalog items cite the notices of the unit's area (its own, else the inspector's
    jurisdiction) in force on the inspection date, and link the criteria versions in force then."""
    from app.services import jurisdiction

    names = parse_inspectors(inspectors)
    officers = settings.officers_of(ws, names)
    if not items:
        raise ValidationError("检查清单", "没有检查项目")
    if date > dt.date.today() + dt.timedelta(days=1):
        raise ValidationError("检查日期", f"{date:%Y-%m-%d} 晚于今天")
    with ws.db.session() as s:
        if s.get(Unit, unit_id) is None:
            raise ValidationError("被检查单位", "单位不存在")
        insp = Inspection(
            unit_id=unit_id,
            date=date,
            inspectors=names,
            sector_id=sector_id,
            site_type_id=site_type_id,
            template_name=template_name,
            place=check_text("检查场所", place, 300),
            site_contact=check_text("现场负责人", site_contact, 100),
            officers=officers,
            created_by=ws.user,
            area_code=jurisdiction.unit_area(ws, s.get(Unit, unit_id)),
        )
        s.add(insp)
        s.flush()
        sources = citation_sources(ws, unit_id, date)
        for pos, it in enumerate(items, start=1):
            it = _complete(ws, it, sector_id, sources)
            s.add(
                InspectionItem(
                    inspection_id=insp.id,
                    position=pos,
                    item_id=it.item_id,
                    group=it.group,
                    text=it.text,
                    methods=it.methods,
                    basis=it.basis,
                    criteria=versions.criteria_on(ws.catalog, it.criteria, date),
                    sector_id=it.sector_id,
                    hazard=it.hazard or None,
                    legal=list(it.legal),
                    legal_missing=it.legal_missing or None,
                )
            )
        audit.record(s, "inspection", insp.id, "create", ws.user, new=f"{len(items)}项")
    return get_inspection(ws, insp.id)


def _complete(
    ws: Workspace, it: ChecklistItem, sector_id: str, sources: Collection[str] | None = None
) -> ChecklistItem:
    """A template saved before items had hazard wording and provisions gets them from the
    catalog; every line keeps its own item's sector (a 消防 item in a 燃气 template stays 消防);
    with `sources`, the basis cites only those notices."""
    cat_item = ws.catalog.items.get(it.item_id or "")
    if cat_item is not None and sources is not None:
        it = replace(it, basis=ws.catalog.basis_text(cat_item, sources))
    if cat_item is not None and (not it.hazard or not it.legal or not it.sector_id):
        fresh = snapshot(ws.catalog, cat_item)
        it = replace(
            it,
            hazard=it.hazard or fresh.hazard,
            legal=it.legal or fresh.legal,
            legal_missing=it.legal_missing or fresh.legal_missing,
            sector_id=it.sector_id or fresh.sector_id,
        )
    if not it.sector_id:
        it = replace(it, sector_id=sector_id)
    return it


def get_inspection(ws: Workspace, inspection_id: uuid.UUID) -> InspectionRecord:
    with ws.db.session() as s:
        insp = s.execute(
            select(Inspection).where(Inspection.id == inspection_id).options(selectinload(Inspection.items))
        ).scalar_one_or_none()
        if insp is None:
            raise NotFoundError("检查记录不存在或已被删除")
        return inspection_of(insp)


def set_result(
    ws: Workspace, item_id: uuid.UUID, result: Result | str | None = None, note: str | None = None
) -> InspectionLine:
    """Record one item's result and/or note; every change is audited."""
    with ws.db.session() as s:
        ii = s.get(InspectionItem, item_id)
        if ii is None:
            raise NotFoundError("检查项目不存在")
        if result is not None:
            new = Result(result).value
            if new != ii.result:
                audit.record(
                    s,
                    "inspection_item",
                    ii.id,
                    "update",
                    ws.user,
                    "result",
                    Result(ii.result).label,
                    Result(new).label,
                )
                ii.result = new
        if note is not None:
            clean = check_text("备注", note, 2000)
            if clean != ii.note:
                audit.record(s, "inspection_item", ii.id, "update", ws.user, "note", ii.note, clean)
                ii.note = clean
        s.flush()  # the new updated_at, in the line returned
        return line_of(ii)


def result_counts(ws: Workspace, inspection_id: uuid.UUID) -> dict[str, int]:
    with ws.db.session() as s:
        rows = s.execute(
            select(InspectionItem.result, func.count())
            .where(InspectionItem.inspection_id == inspection_id)
            .group_by(InspectionItem.result)
        ).all()
    return {r: n for r, n in rows}


def finding_draft(ws: Workspace, item_id: uuid.UUID) -> FindingInput:
    """A finding pre-filled from a failed item; 重大 proposed when it links to a criterion."""
    with ws.db.session() as s:
        ii = s.get(InspectionItem, item_id)
        if ii is None:
            raise NotFoundError("检查项目不存在")
        insp = ii.inspection
        known = [c for c in ii.criteria if versions.known(ws.catalog, c)]
        criteria = criteria_in_force(ws, known, insp.date)
        return FindingInput(
            unit_id=insp.unit_id,
            sector_id=item_sector(ws, ii, insp),
            title=hazard_of(ws, ii),
            description=ii.note,
            found_on=insp.date,
            found_by="、".join(insp.inspectors),
            level=Level.MAJOR if criteria else Level.GENERAL,
            basis=ii.basis,
            criterion_id=criteria[0] if criteria else None,
            inspection_id=insp.id,
            inspection_item_id=ii.id,
            item_id=ii.item_id,
            legal=legal_of_item(ws, ii),
            extra={"deadline": insp.date + dt.timedelta(days=30)},
        )


def criteria_in_force(ws: Workspace, criteria: list[str], day: dt.date) -> list[str]:
    """`criteria` with the clauses of the standard version in force on `day` first (an item may
    link clauses of several versions of one standard, e.g. 121号 and AQ 3067—2026)."""
    cat = ws.catalog

    def live(cid: str) -> bool:
        if versions.is_pending(cid):  # the version in force, its clause not yet linked
            return True
        std_id = cat.criteria[cid].standard_id
        current = cat.version_on(cat.family_of(std_id), day)
        return current is not None and current.id == std_id

    return sorted(criteria, key=lambda c: not live(c))


def item_sector(ws: Workspace, ii: InspectionItem, insp: Inspection) -> str:
    """The sector a failed line files its hazard under: the line's own, never the template's."""
    if ii.sector_id:
        return ii.sector_id
    cat_item = ws.catalog.items.get(ii.item_id or "")
    return cat_item.sector_id if cat_item is not None else insp.sector_id


def hazard_of(ws: Workspace, ii: InspectionItem) -> str:
    """The hazard wording of a failed line (frozen; the catalog's for lines frozen before it
    existed). A line without one (custom or imported) proposes the inspector's note, else
    nothing: the inspector writes the 隐患名称 himself."""
    if ii.hazard:
        return ii.hazard
    cat_item = ws.catalog.items.get(ii.item_id or "")
    wording = (getattr(cat_item, "hazard", "") or "") if cat_item is not None else ""
    return wording or (ii.note or "")


def legal_of_item(ws: Workspace, ii: InspectionItem) -> list[dict[str, str]]:
    if ii.legal:
        return list(ii.legal)
    cat_item = ws.catalog.items.get(ii.item_id or "")
    return legal_of(ws.catalog, cat_item) if cat_item is not None else []


def findings_of(ws: Workspace, inspection_id: uuid.UUID) -> list[FindingRecord]:
    with ws.db.session() as s:
        q = select(Finding).where(Finding.inspection_id == inspection_id)
        return [record_of(f) for f in s.execute(q.order_by(Finding.created_at)).scalars()]


BACKFILL_KEY = "backfill.hazard_wording.v1"
OLD_TITLE = "不符合："


def backfill_wording(ws: Workspace) -> int:
    """Once per database, after the upgrade that added hazard wording: lines frozen before it
    get their item's hazard wording, provisions and sector from the catalog, and findings named
    "不符合：" + the compliant text get the hazard wording and their item's sector (audited).
    Returns the number of findings changed."""
    with ws.db.session() as s:
        if s.get(Setting, BACKFILL_KEY) is not None:
            return 0
        bare = (InspectionItem.hazard.is_(None), InspectionItem.item_id.is_not(None))
        lines = list(s.execute(select(InspectionItem).where(*bare)).scalars())
        olds = list(
            s.execute(
                select(Finding).where(Finding.item_id.is_not(None), Finding.title.startswith(OLD_TITLE))
            ).scalars()
        )
        changed = 0
        if lines or olds:
            cat = ws.catalog
            for ii in lines:
                item = cat.items.get(ii.item_id or "")
                if item is not None and item.hazard:
                    ii.hazard = item.hazard
                    ii.legal = ii.legal or legal_of(cat, item)
                    ii.legal_missing = ii.legal_missing or item.legal_missing or None
                    ii.sector_id = ii.sector_id or item.sector_id
            for f in olds:
                item = cat.items.get(f.item_id or "")
                if item is None or not item.hazard:
                    continue
                who = "程序升级"
                audit.record(s, "finding", f.id, "update", who, "title", f.title, item.hazard)
                f.title = item.hazard
                if f.sector_id != item.sector_id:
                    audit.record(s, "finding", f.id, "update", who, "sector_id", f.sector_id, item.sector_id)
                    f.sector_id = item.sector_id
                if not f.legal:
                    f.legal = legal_of(cat, item) or None
                changed += 1
        s.add(Setting(key=BACKFILL_KEY, value=dt.date.today().isoformat()))
    return changed
