"""执法文书 and 双报告: assemble plain views from the database, issue numbered documents,
and hand the views to the renderers in app/reports."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session, selectinload

from app.core.documents import DocKind, cn_date, deadline_text, is_immediate, review_result
from app.core.errors import AnchaError, NotFoundError, ValidationError
from app.core.findings import Discovery, Level, Status
from app.core.inspections import Result
from app.core.photos import PhotoRecord
from app.reports import views
from app.services import settings
from app.services.photo_meta import taken
from app.services.photos import for_print
from app.services.photos import record as photo_record
from app.services.workspace import Workspace
from app.storage import audit
from app.storage.models import Document, Finding, Inspection, Photo, Unit


def unit_info(u: Unit) -> views.UnitInfo:
    return views.UnitInfo(
        name=u.name,
        uscc=u.uscc or "",
        address=u.address or "",
        principal=u.principal or "",
        phone=u.phone or "",
        industry=u.industry or "",
    )


def _officers(insp: Inspection) -> list[views.Officer]:
    frozen = {o.get("name"): o.get("cert_no", "") for o in (insp.officers or []) if isinstance(o, dict)}
    return [views.Officer(n, frozen.get(n, "") or "") for n in insp.inspectors]


def _issuer(office: settings.Office) -> views.Issuer:
    return views.Issuer(office.department, office.review_body, office.court, office.power_basis)


def _load(s: Session, inspection_id: uuid.UUID) -> Inspection:
    insp = s.execute(
        select(Inspection).where(Inspection.id == inspection_id).options(selectinload(Inspection.items))
    ).scalar_one_or_none()
    if insp is None:
        raise NotFoundError("检查记录不存在或已被删除")
    return insp


def _findings(s: Session, inspection_id: uuid.UUID) -> list[Finding]:
    q = select(Finding).where(Finding.inspection_id == inspection_id)
    return list(s.execute(q.order_by(Finding.created_at, Finding.id)).scalars())


def photo_numbers(s: Session, insp: Inspection) -> list[tuple[int, PhotoRecord, str]]:
    """Every photo of an inspection numbered once (items in order, then findings' own photos),
    with the caption the record prints under it."""
    item_ids = [ii.id for ii in insp.items]
    finding_ids = [f.id for f in _findings(s, insp.id)]
    conds = []
    if item_ids:
        conds.append(Photo.inspection_item_id.in_(item_ids))
    if finding_ids:
        conds.append(Photo.finding_id.in_(finding_ids))
    if not conds:
        return []
    rows = [photo_record(p) for p in s.execute(select(Photo).where(or_(*conds))).scalars()]
    pos: dict[uuid.UUID | None, tuple[int, str]] = {ii.id: (ii.position, ii.text) for ii in insp.items}
    titles: dict[uuid.UUID | None, str] = {f.id: f.title for f in _findings(s, insp.id)}
    big = len(pos) + 1
    rows.sort(key=lambda p: (pos.get(p.inspection_item_id, (big, ""))[0], p.created_at, p.id))
    out = []
    for n, p in enumerate(rows, 1):
        where = pos.get(p.inspection_item_id)
        if where:
            caption = f"照片{n}：第{where[0]}项 {where[1][:24]}"
        else:
            caption = f"照片{n}：{titles.get(p.finding_id, '隐患')[:24]}"
        out.append((n, p, caption))
    return out


def _evidence(numbers: list[tuple[int, PhotoRecord, str]], f: Finding) -> str:
    nos = [
        n
        for n, p, _c in numbers
        if p.finding_id == f.id or (f.inspection_item_id and p.inspection_item_id == f.inspection_item_id)
    ]
    return ("照片" + "、".join(str(n) for n in nos)) if nos else ""


def _document_sector(insp: Inspection, found: list[Finding]) -> str:
    """The sector whose department issues an inspection's documents: the inspection's own."""
    return insp.sector_id


# --- 现场检查记录 ------------------------------------------------------------------


def record_view(ws: Workspace, inspection_id: uuid.UUID, number: str | None = None) -> views.RecordView:
    with ws.db.session() as s:
        insp = _load(s, inspection_id)
        found = _findings(s, insp.id)
        office = settings.office_for(ws, _document_sector(insp, found))
        numbers = photo_numbers(s, insp)
        entries = [
            views.RecordEntry(f.title, f.location or "", _evidence(numbers, f), "")
            for f in found
            if Discovery(f.discovery) is Discovery.INSPECTION
        ]
        # a failed line with no hazard registered yet still appears, in its hazard wording
        covered = {f.inspection_item_id for f in found}
        for ii in insp.items:
            if ii.result == Result.FAIL.value and ii.id not in covered:
                hazard = ii.hazard or f"检查项目“{ii.text}”不符合要求"
                photos = [n for n, p, _c in numbers if p.inspection_item_id == ii.id]
                ev = ("照片" + "、".join(map(str, photos))) if photos else ""
                entries.append(views.RecordEntry(hazard, "", ev, ii.note or ""))
        checked = sum(1 for ii in insp.items if ii.result != Result.UNCHECKED.value)
        return views.RecordView(
            title=office.titles[DocKind.RECORD],
            number=number or insp.record_no or "",
            issuer=_issuer(office),
            unit=unit_info(insp.unit),
            place=insp.place or "",
            date=insp.date,
            officers=_officers(insp),
            site_contact=insp.site_contact or "",
            total=len(insp.items),
            checked=checked,
            entries=entries,
        )


def issue_record(ws: Workspace, inspection_id: uuid.UUID) -> views.RecordView:
    """The record with its 文书编号 (given once, on first printing, then kept)."""
    view = record_view(ws, inspection_id)
    if view.number:
        return view
    with ws.db.session() as s:
        insp = _load(s, inspection_id)
        if not insp.record_no:
            number = settings.next_document_number(
                ws,
                DocKind.RECORD,
                insp.date.year,
                sector_id=insp.sector_id,
                session=s,
                inspection_id=insp.id,
                issued_on=insp.date,
            )
            insp.record_no = number
            audit.record(s, "inspection", insp.id, "update", ws.user, "record_no", None, number)
        number = insp.record_no
    return record_view(ws, inspection_id, number)


# --- 责令限期整改指令书 -------------------------------------------------------------


def _order_payload(ws: Workspace, s: Session, insp: Inspection, issued_on: dt.date) -> dict[str, Any]:
    found = [f for f in _findings(s, insp.id) if Status(f.status) is not Status.CLOSED]
    if not found:
        raise AnchaError("这次检查没有待整改的隐患，不需要责令限期整改指令书")
    items = []
    for f in found:
        legal = [p.get("text", "") for p in (f.legal or []) if p.get("text")]
        missing = ""
        if not legal and f.inspection_item_id:
            ii = next((x for x in insp.items if x.id == f.inspection_item_id), None)
            missing = (ii.legal_missing or "") if ii else ""
        items.append(
            {
                "finding_id": str(f.id),
                "hazard": f.title,
                "location": f.location or "",
                "provisions": legal,
                "provision_missing": missing,
                "deadline": f.deadline.isoformat() if f.deadline else None,
                "immediate": is_immediate(f.found_on, f.deadline),
            }
        )
    return {"inspection_date": insp.date.isoformat(), "issued_on": issued_on.isoformat(), "items": items}


def _order_view(doc: Document, insp: Inspection, office: settings.Office) -> views.OrderView:
    p = doc.payload
    return views.OrderView(
        title=p.get("title") or office.titles[DocKind.ORDER],
        number=doc.number,
        issuer=views.Issuer(
            p.get("department") or office.department,
            p.get("review_body") or office.review_body,
            p.get("court") or office.court,
            p.get("power_basis") or office.power_basis,
        ),
        unit_name=p.get("unit_name") or insp.unit.name,
        inspection_date=dt.date.fromisoformat(p["inspection_date"]),
        issued_on=doc.issued_on,
        entries=[
            views.OrderEntry(
                hazard=e["hazard"],
                location=e.get("location", ""),
                provisions=list(e.get("provisions") or []),
                deadline=dt.date.fromisoformat(e["deadline"]) if e.get("deadline") else None,
                immediate=bool(e.get("immediate")),
                provision_missing=e.get("provision_missing", ""),
            )
            for e in p["items"]
        ],
        officers=[views.Officer(o["name"], o.get("cert_no", "")) for o in p.get("officers", [])]
        or _officers(insp),
    )


def issue_order(
    ws: Workspace, inspection_id: uuid.UUID, issued_on: dt.date | None = None, number: str | None = None
) -> views.OrderView:
    """Issue a 责令限期整改指令书 for an inspection's open hazards: each with its own provision and
    deadline, frozen as printed, so the review can be filled from it later."""
    issued_on = issued_on or dt.date.today()
    with ws.db.session() as s:
        insp = _load(s, inspection_id)
        sector = _document_sector(insp, [])
        payload = _order_payload(ws, s, insp, issued_on)  # refuse before using up a number
    office = settings.office_for(ws, sector)
    if number is not None:
        number = number.strip()
        if not number or len(number) > 100:
            raise ValidationError("文书编号", "不能为空，且不超过100字")
    with ws.db.session() as s:
        number = number or settings.next_document_number(
            ws,
            DocKind.ORDER,
            issued_on.year,
            sector_id=sector,
            session=s,
            inspection_id=inspection_id,
            issued_on=issued_on,
        )
        if s.execute(select(Document.id).where(Document.number == number)).first():
            raise ValidationError("文书编号", f"“{number}”已被使用")
        insp = _load(s, inspection_id)
        payload = _order_payload(ws, s, insp, issued_on)
        payload.update(
            title=office.titles[DocKind.ORDER],
            department=office.department,
            review_body=office.review_body,
            court=office.court,
            power_basis=office.power_basis,
            unit_name=insp.unit.name,
            officers=[{"name": o.name, "cert_no": o.cert_no} for o in _officers(insp)],
        )
        doc = Document(
            kind=DocKind.ORDER.value,
            number=number,
            issued_on=issued_on,
            inspection_id=insp.id,
            sector_id=sector,
            department=office.department,
            payload=payload,
            created_by=ws.user,
        )
        s.add(doc)
        s.flush()
        audit.record(s, "document", doc.id, "create", ws.user, new=f"{payload['title']} {number}")
        return _order_view(doc, insp, office)


@dataclass(frozen=True)
class IssuedOrder:
    id: uuid.UUID
    number: str
    issued_on: dt.date
    inspection_id: uuid.UUID
    items: int


def orders_of(ws: Workspace, inspection_id: uuid.UUID | None = None) -> list[IssuedOrder]:
    with ws.db.session() as s:
        q = select(Document).where(Document.kind == DocKind.ORDER.value)
        if inspection_id is not None:
            q = q.where(Document.inspection_id == inspection_id)
        rows = s.execute(q.order_by(Document.issued_on, Document.created_at)).scalars()
        return [
            IssuedOrder(d.id, d.number, d.issued_on, d.inspection_id, len(d.payload["items"])) for d in rows
        ]


def find_order(ws: Workspace, key: str) -> IssuedOrder:
    """An order by its 文书编号, or the latest order of an inspection given by id (prefix)."""
    key = key.strip()
    orders = orders_of(ws)
    for o in orders:
        if o.number == key:
            return o
    hexkey = key.replace("-", "").lower()
    if hexkey and all(ch in "0123456789abcdef" for ch in hexkey):
        mine = [o for o in orders if o.inspection_id.hex.startswith(hexkey)]
        if len({o.inspection_id for o in mine}) == 1:
            return mine[-1]
    raise NotFoundError(f"找不到责令限期整改指令书“{key}”（请写文书编号，或已开具指令书的检查记录编号）")


def order_view(ws: Workspace, order_id: uuid.UUID) -> views.OrderView:
    with ws.db.session() as s:
        doc = s.get(Document, order_id)
        if doc is None or doc.kind != DocKind.ORDER.value:
            raise NotFoundError("责令限期整改指令书不存在")
        insp = _load(s, doc.inspection_id)
        return _order_view(doc, insp, settings.office_for(ws, doc.sector_id))


# --- 整改复查意见书 ----------------------------------------------------------------


def issue_review(
    ws: Workspace,
    order_id: uuid.UUID,
    review_date: dt.date | None = None,
    results: dict[int, bool] | None = None,
    number: str | None = None,
) -> views.ReviewView:
    """A 整改复查意见书 filled from the order it reviews: its number, date and every item, with
    a result per item (from the hazard's state, or `results`: item number -> rectified)."""
    review_date = review_date or dt.date.today()
    with ws.db.session() as s:
        doc = s.get(Document, order_id)
        if doc is None or doc.kind != DocKind.ORDER.value:
            raise NotFoundError("责令限期整改指令书不存在")
        if review_date < doc.issued_on:
            raise ValidationError(
                "复查日期", f"{review_date:%Y-%m-%d} 早于指令书日期 {doc.issued_on:%Y-%m-%d}"
            )
        items = doc.payload["items"]
        if results and any(k < 1 or k > len(items) for k in results):
            raise ValidationError("复查结果", f"项目序号应在1至{len(items)}之间")
        ids = [uuid.UUID(e["finding_id"]) for e in items]
        states = {f.id: f for f in s.execute(select(Finding).where(Finding.id.in_(ids))).scalars()}
        entries = []
        for i, e in enumerate(items, 1):
            f = states.get(uuid.UUID(e["finding_id"]))
            status = Status(f.status) if f else Status.PENDING
            done = results[i] if results and i in results else status in (Status.AWAITING, Status.CLOSED)
            day = dt.date.fromisoformat(e["deadline"]) if e.get("deadline") else None
            entries.append(
                views.ReviewEntry(
                    hazard=e["hazard"],
                    deadline_text="立即整改" if e.get("immediate") else (cn_date(day) + "前" if day else ""),
                    result=review_result(done, status.label),
                    done=done,
                )
            )
        sector, order_no, order_day = doc.sector_id, doc.number, doc.issued_on
        order_title = doc.payload.get("title", "责令限期整改指令书")
        insp = _load(s, doc.inspection_id)
        unit_name, officers, inspection_id = insp.unit.name, _officers(insp), insp.id
    office = settings.office_for(ws, sector)
    view = views.ReviewView(
        title=office.titles[DocKind.REVIEW],
        number=number or "",
        issuer=_issuer(office),
        unit_name=unit_name,
        order_title=order_title,
        order_number=order_no,
        order_date=order_day,
        review_date=review_date,
        entries=entries,
        officers=officers,
    )
    with ws.db.session() as s:
        number = number or settings.next_document_number(
            ws,
            DocKind.REVIEW,
            review_date.year,
            sector_id=sector,
            session=s,
            inspection_id=inspection_id,
            issued_on=review_date,
        )
        view = replace(view, number=number)
        if s.execute(select(Document.id).where(Document.number == number)).first():
            raise ValidationError("文书编号", f"“{number}”已被使用")
        rev = Document(
            kind=DocKind.REVIEW.value,
            number=number,
            issued_on=review_date,
            inspection_id=inspection_id,
            order_id=order_id,
            sector_id=sector,
            department=office.department,
            payload={"items": [{"hazard": e.hazard, "result": e.result, "done": e.done} for e in entries]},
            created_by=ws.user,
        )
        s.add(rev)
        s.flush()
        audit.record(
            s, "document", rev.id, "create", ws.user, new=f"{view.title} {number}（复查 {order_no}）"
        )
    return view


# --- 双报告 -----------------------------------------------------------------------


def _joined(*parts: str | None, sep: str = "；") -> str:
    return sep.join(p for p in parts if p)


def dual_report_view(ws: Workspace, finding_id: uuid.UUID) -> views.DualReportView:
    from app.core.documents import Stopped

    with ws.db.session() as s:
        f = s.get(Finding, finding_id)
        if f is None:
            raise NotFoundError("隐患记录不存在或已被删除")
        if Level(f.level) is not Level.MAJOR:
            raise AnchaError(f"“{f.title}”是一般隐患，双报告只用于重大事故隐患")
        crit = f.criterion or {}
        stopped = Stopped(f.stopped) if f.stopped else None
        return views.DualReportView(
            unit=unit_info(f.unit),
            title=f.title,
            location=f.location or "",
            description=f.description or "",
            basis=str(crit.get("text") or ""),
            legal="；".join(p.get("text", "") for p in (f.legal or []) if p.get("text")),
            level=Level(f.level).label,
            discovery=_joined(
                Discovery(f.discovery).label, cn_date(f.found_on, ""), f"发现人：{f.found_by or ''}", sep="，"
            ),
            cause=f.cause or "",
            harm=f.harm or "",
            goal=f.goal or "",
            measures=f.measures or "",
            materials=_joined(f"资金：{f.funds}" if f.funds else "", f.materials),
            organisation=_joined(f.organisation, f"责任人：{f.responsible}" if f.responsible else ""),
            deadline=f.deadline,
            contingency=f.contingency or "",
            contact=f.contact or "",
            stopped=stopped.label if stopped else "",
            stopped_any=stopped in (Stopped.PARTIAL, Stopped.FULL),
            supervision="　".join(
                x for x in (f.supervised_by, cn_date(f.supervised_on, ""), f.supervision_no) if x
            ),
            reported_dept=f.reported_dept or "",
            reported_dept_on=f.reported_dept_on,
            workers_how=f.reported_workers_how or "",
            workers_on=f.reported_workers_on,
            workers_attendance=f.reported_workers_attendance or "",
            status=Status(f.status).label,
            accepted_by=f.accepted_by or "",
            accepted_on=f.accepted_on,
            acceptance_note=f.acceptance_note or "",
            assessment=f.assessment or "",
            resume_requested_on=f.resume_requested_on,
            closed_on=f.closed_on,
            closed_by=f.closed_by or "",
        )


def open_major_hazards(ws: Workspace, date_from: dt.date | None, date_to: dt.date | None) -> list[uuid.UUID]:
    with ws.db.session() as s:
        q = select(Finding.id).where(
            Finding.level == Level.MAJOR.value, Finding.status != Status.CLOSED.value
        )
        if date_from:
            q = q.where(Finding.found_on >= date_from)
        if date_to:
            q = q.where(Finding.found_on <= date_to)
        return list(s.execute(q.order_by(Finding.found_on, Finding.id)).scalars())


# --- writing files (GUI and CLI call these) ----------------------------------------


def write_record(ws: Workspace, inspection_id: uuid.UUID, path: Path, overwrite: bool = False) -> Path:
    from app.reports.field_forms_pdf import render_record

    return render_record(issue_record(ws, inspection_id), path, overwrite)


def write_order(
    ws: Workspace,
    inspection_id: uuid.UUID,
    path: Path,
    number: str | None = None,
    overwrite: bool = False,
    issued_on: dt.date | None = None,
) -> tuple[Path, str]:
    from app.reports.field_forms_pdf import render_order
    from app.reports.pdf_base import check_target

    check_target(Path(path), overwrite)  # before a number is used up
    view = issue_order(ws, inspection_id, issued_on, number)
    return render_order(view, path, overwrite), view.number


def write_review(
    ws: Workspace,
    order_id: uuid.UUID,
    path: Path,
    review_date: dt.date | None = None,
    results: dict[int, bool] | None = None,
    number: str | None = None,
    overwrite: bool = False,
) -> tuple[Path, str]:
    from app.reports.field_forms_pdf import render_review
    from app.reports.pdf_base import check_target

    check_target(Path(path), overwrite)
    view = issue_review(ws, order_id, review_date, results, number)
    return render_review(view, path, overwrite), view.number


def write_dual_report(ws: Workspace, finding_id: uuid.UUID, path: Path, overwrite: bool = False) -> Path:
    from app.reports.dual_report_pdf import render_dual_report

    return render_dual_report(dual_report_view(ws, finding_id), path, overwrite)


def write_dual_reports(
    ws: Workspace, finding_ids: list[uuid.UUID], path: Path, overwrite: bool = False, progress: Any = None
) -> Path:
    from app.reports.dual_report_pdf import render_batch

    if not finding_ids:
        raise AnchaError("所选期间没有未销号的重大事故隐患")
    return render_batch([dual_report_view(ws, i) for i in finding_ids], path, overwrite, progress)


# --- the filled checklist record -------------------------------------------------


def inspection_view(ws: Workspace, inspection_id: uuid.UUID) -> views.InspectionView:
    from app.core.checklist_item import ChecklistItem

    cat = ws.catalog
    with ws.db.session() as s:
        insp = _load(s, inspection_id)
        items = [
            ChecklistItem(
                text=ii.text,
                group=ii.group or "其他",
                methods=ii.methods or "",
                basis=ii.basis or "",
                item_id=ii.item_id,
                criteria=list(ii.criteria),
                hazard=ii.hazard or "",
            )
            for ii in insp.items
        ]
        results = [
            Result(ii.result).label if ii.result != Result.UNCHECKED.value else None for ii in insp.items
        ]
        counts = {
            r.label: sum(1 for ii in insp.items if ii.result == r.value)
            for r in (Result.PASS, Result.FAIL, Result.NA, Result.UNCHECKED)
        }
        lines = [
            views.FindingLine(
                title=f.title,
                level=Level(f.level).label,
                major=f.level == Level.MAJOR.value,
                deadline=deadline_text(f.found_on, f.deadline).replace("整改完毕", "") if f.deadline else "",
                status=Status(f.status).label,
            )
            for f in _findings(s, insp.id)
        ]
        pics = []
        numbered = photo_numbers(s, insp)
        # a missing or altered original is named, never printed
        prepared = for_print(ws, [p for _n, p, _c in numbered])
        for (n, p, caption), (original, copy) in zip(numbered, prepared, strict=True):
            pics.append(
                views.PhotoView(
                    number=n,
                    caption=caption,
                    path=copy,
                    width=p.width or 4,
                    height=p.height or 3,
                    missing_name="" if original.ok else p.name,
                    taken=taken(original.path).text() if original.ok else "",
                    problem=original.problem,
                )
            )
        return views.InspectionView(
            unit=unit_info(insp.unit),
            sector=cat.sectors[insp.sector_id].name if insp.sector_id in cat.sectors else insp.sector_id,
            site=cat.site_types[insp.site_type_id].name if insp.site_type_id in cat.site_types else "",
            place=insp.place or "",
            date=insp.date,
            inspectors=list(insp.inspectors),
            items=items,
            results=results,
            notes=[ii.note for ii in insp.items],
            counts=counts,
            findings=lines,
            photos=pics,
        )


def write_inspection(
    ws: Workspace, inspection_id: uuid.UUID, path: Path, overwrite: bool = False, progress: Any = None
) -> Path:
    from app.reports.inspection_pdf import render_inspection

    return render_inspection(inspection_view(ws, inspection_id), path, overwrite, progress)


def render_order_file(ws: Workspace, order_id: uuid.UUID, path: Path, overwrite: bool = False) -> Path:
    """Print an issued order again, exactly as issued (its frozen content and number)."""
    from app.reports.field_forms_pdf import render_order

    return render_order(order_view(ws, order_id), path, overwrite)
