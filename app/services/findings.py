"""Findings (隐患): create, edit with audit, move through the lifecycle."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, field, fields
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.core import inputs, validation, versions
from app.core.documents import Stopped
from app.core.errors import ConflictError, NotFoundError, PermissionDenied, ValidationError
from app.core.findings import (
    FIVE_FIELDS,
    Action,
    Discovery,
    FindingRecord,
    Level,
    Status,
    check_dates,
    check_text,
    next_status,
)
from app.services.workspace import Workspace
from app.storage import audit
from app.storage.db import write_transaction
from app.storage.models import Finding, Unit

# Fields a user may edit, with their labels (for messages and the audit history).
EDITABLE: dict[str, str] = {
    "title": "隐患名称",
    "location": "部位",
    "description": "隐患描述",
    "level": "隐患级别",
    "discovery": "发现方式",
    "found_on": "发现日期",
    "found_by": "发现人",
    **FIVE_FIELDS,
    "cause": "隐患现状及产生原因",
    "harm": "危害程度和整改难易程度",
    "goal": "治理的目标和任务",
    "materials": "经费和物资",
    "organisation": "负责治理的机构和人员",
    "contact": "联系人及电话",
    "stopped": "停产停业情况",
    "reported_dept": "报告部门",
    "reported_dept_on": "向监管部门报告日期",
    "reported_workers_how": "向职工报告方式",
    "reported_workers_on": "向职工大会/职代会报告日期",
    "reported_workers_attendance": "职工大会/职代会参会情况",
    "supervised_by": "挂牌督办单位",
    "supervised_on": "挂牌督办日期",
    "supervision_no": "督办编号",
    "accepted_by": "验收人",
    "accepted_on": "验收日期",
    "acceptance_note": "验收意见",
    "assessment": "治理情况评估",
    "resume_requested_on": "恢复生产申请日期",
    "closed_by": "销号签字领导",
}
DATE_FIELDS = {
    "found_on",
    "deadline",
    "reported_dept_on",
    "reported_workers_on",
    "supervised_on",
    "accepted_on",
    "resume_requested_on",
}
TEXT_LIMITS = {name[len("finding.") :]: n for name, n in inputs.LIMITS.items() if name.startswith("finding.")}
ACTION_VALUES = {a.value for a in Action}
LABELS = {**EDITABLE, "status": "状态", "criterion": "判定依据", "closed_on": "销号日期"}


@dataclass
class FindingInput:
    unit_id: uuid.UUID
    sector_id: str
    title: str
    found_on: dt.date
    level: str = Level.GENERAL
    discovery: str = Discovery.INSPECTION
    found_by: str | None = None
    location: str | None = None
    description: str | None = None
    basis: str | None = None
    criterion_id: str | None = None
    inspection_id: uuid.UUID | None = None
    inspection_item_id: uuid.UUID | None = None
    item_id: str | None = None
    legal: list[dict[str, str]] = field(default_factory=list)  # provisions breached {"id", "text"}
    extra: dict[str, Any] = field(default_factory=dict)  # any EDITABLE field


_COPIED = [f.name for f in fields(FindingRecord) if f.name not in ("unit_name", "criterion", "legal")]


def record_of(f: Finding) -> FindingRecord:
    """The row as plain data, read inside its session (after a flush, so the stamps are set)."""
    return FindingRecord(
        **{name: getattr(f, name) for name in _COPIED},
        unit_name=f.unit.name if f.unit is not None else (f.unit_name or ""),
        criterion=dict(f.criterion) if f.criterion else None,
        legal=tuple({"id": str(p.get("id", "")), "text": str(p.get("text", ""))} for p in f.legal or ()),
    )


def _coerce(name: str, value: Any) -> Any:
    label = EDITABLE.get(name, name)
    if name in DATE_FIELDS:
        return validation.parse_date(label, value)
    if name == "level":
        return validation.choice(label, value, Level)
    if name == "stopped":
        return None if value in (None, "") else validation.choice(label, value, Stopped)
    if name == "discovery":
        return validation.choice(label, value, Discovery)
    limit = TEXT_LIMITS.get(name) or validation.FINDING_TEXT.get(name, (label, validation.MAX_TEXT))[1]
    return validation.clean_text(label, value, limit)


def _check_consistency(f: Finding) -> None:
    if not f.title:
        raise ValidationError("隐患名称", "不能为空")
    check_dates(f.found_on, f.deadline)
    for name in (
        "reported_dept_on",
        "reported_workers_on",
        "supervised_on",
        "accepted_on",
        "resume_requested_on",
    ):
        day = getattr(f, name)
        if day is not None and f.found_on is not None and day < f.found_on:
            raise ValidationError(EDITABLE[name], f"{day:%Y-%m-%d} 早于发现日期 {f.found_on:%Y-%m-%d}")


def create_finding(ws: Workspace, data: FindingInput) -> FindingRecord:
    title = _coerce("title", data.title)
    if not title:
        raise ValidationError("隐患名称", "不能为空")
    criterion: dict[str, Any] | None = None
    if data.criterion_id:
        cat = ws.catalog
        if not versions.known(cat, data.criterion_id):
            raise ValidationError("判定依据", f"未知的判定标准条款“{data.criterion_id}”")
        # the version in force on the day the hazard was found; a revised standard whose new
        # clause is not linked says so instead of citing the old version as current
        day = data.found_on or dt.date.today()
        cid = data.criterion_id
        if versions.superseded_on(cat, cid, day):
            cid = versions.criteria_on(cat, [cid], day)[0]
        snap = versions.snapshot(cat, cid)
        criterion = {**snap.__dict__, "text": versions.snapshot_text(snap)}
    with ws.db.session() as s:
        unit = s.get(Unit, data.unit_id)
        if unit is None:
            raise ValidationError("被检查单位", "单位不存在")
        f = Finding(
            unit_id=data.unit_id,
            unit_name=unit.name,
            sector_id=data.sector_id,
            title=title,
            level=_coerce("level", data.level),
            status=Status.PENDING.value,
            discovery=_coerce("discovery", data.discovery),
            found_on=_coerce("found_on", data.found_on),
            found_by=_coerce("found_by", data.found_by),
            location=_coerce("location", data.location),
            description=_coerce("description", data.description),
            basis=check_text("依据", data.basis),
            criterion=criterion,
            inspection_id=data.inspection_id,
            inspection_item_id=data.inspection_item_id,
            item_id=data.item_id,
            legal=[{"id": str(p.get("id", "")), "text": str(p.get("text", ""))} for p in data.legal] or None,
        )
        for name, value in data.extra.items():
            if name not in EDITABLE:
                raise ValidationError(name, "不可编辑的字段")
            setattr(f, name, _coerce(name, value))
        _check_consistency(f)
        s.add(f)
        s.flush()
        audit.record(s, "finding", f.id, "create", ws.user, new=f"{Level(f.level).label}：{title}")
        return record_of(f)


def _get(s: Session, finding_id: uuid.UUID) -> Finding:
    f = s.get(Finding, finding_id)
    if f is None:
        raise NotFoundError("隐患记录不存在或已被删除")
    return f


def get_finding(ws: Workspace, finding_id: uuid.UUID) -> FindingRecord:
    with ws.db.session() as s:
        return record_of(_get(s, finding_id))


def _locked(s: Session, finding_id: uuid.UUID) -> Finding:
    """The current row, locked for this transaction (FOR UPDATE on PostgreSQL, BEGIN IMMEDIATE
    on SQLite): every rule below is checked against it, and nobody else changes it before commit."""
    write_transaction(s)
    f = s.execute(
        select(Finding)
        .where(Finding.id == finding_id)
        .with_for_update(of=Finding)
        .execution_options(populate_existing=True)
    ).scalar_one_or_none()
    if f is None:
        raise NotFoundError("隐患记录不存在或已被删除")
    return f


def _who_changed(s: Session, finding_id: uuid.UUID, field: str) -> str:
    """“张三 于 11-25 15:02 ” for the newest audit entry that changed `field` (or the status)."""
    entries = audit.history(s, finding_id)
    for e in reversed(entries):
        if e.field == field or (field == "status" and e.action == "create"):
            when = e.at.replace(tzinfo=dt.UTC).astimezone().strftime("%m-%d %H:%M")
            return f"{e.by or '其他用户'}于{when}"
    return "其他用户"


def _shown(value: Any) -> str:
    text = audit.as_text(value)
    return text if text else "（空）"


def _check_base(s: Session, f: Finding, base: dict[str, Any] | None) -> None:
    """Refuse when a field the user edited was changed by someone else since he read it."""
    for name, seen in (base or {}).items():
        if name == "status":
            if f.status != seen:
                who = _who_changed(s, f.id, "status")
                raise ConflictError(
                    f"这条隐患已被{who}改为“{Status(f.status).label}”"
                    f"（你看到的是“{Status(seen).label}”），操作未执行，已显示最新状态"
                )
            continue
        now = getattr(f, name)
        if name in DATE_FIELDS:
            seen = _coerce(name, seen)
        if (now or None) != (seen or None):
            who = _who_changed(s, f.id, name)
            raise ConflictError(
                f"“{LABELS.get(name, name)}”已被{who}修改为“{_shown(now)}”"
                f"（你看到的是“{_shown(seen)}”），你的修改未保存，已显示最新内容"
            )


def _edit(
    s: Session, finding_id: uuid.UUID, changes: dict[str, Any], base: dict[str, Any] | None = None
) -> tuple[Finding, list[tuple[str, Any, Any]]]:
    """Lock the current row, check it is still what the user saw, apply `changes` (not yet
    audited); raises on bad input or a conflicting change by someone else."""
    f = _locked(s, finding_id)
    _check_base(s, f, base)
    if Status(f.status) is Status.CLOSED:
        raise ValidationError("隐患", "已销号的隐患不能再修改")
    changed: list[tuple[str, Any, Any]] = []
    for name, raw in changes.items():
        if name not in EDITABLE:
            raise ValidationError(name, "不可编辑的字段")
        value = _coerce(name, raw)
        old = getattr(f, name)
        if old != value:
            setattr(f, name, value)
            changed.append((name, old, value))
    _check_consistency(f)
    return f, changed


def update_finding(
    ws: Workspace,
    finding_id: uuid.UUID,
    changes: dict[str, Any],
    base: dict[str, Any] | None = None,
) -> FindingRecord:
    """Apply edits (all or none), one audit entry per changed field.

    `base` holds the values the user saw (field -> value, "status" too): when the current row
    differs in any of them, someone else changed it meanwhile and the save is refused with a
    ConflictError that says who changed what. Old values in the audit come from the locked row.
    """
    with ws.db.session() as s:
        f, changed = _edit(s, finding_id, changes, base)
        for name, old, value in changed:
            audit.record(s, "finding", f.id, "update", ws.user, name, old, value)
        if changed:
            s.flush()  # search_text and updated_at computed from the locked row, in this transaction
        return record_of(f)


def transition(
    ws: Workspace,
    finding_id: uuid.UUID,
    action: Action | str,
    changes: dict[str, Any] | None = None,
    expected_status: Status | str | None = None,
) -> FindingRecord:
    """Apply `changes` (e.g. 验收人, 验收日期) then move the finding; all or nothing.

    The move is checked against the locked current row; with `expected_status` (the status the
    user saw) a hazard someone else has moved meanwhile is refused with who moved it."""
    act = Action(action)
    if act in (Action.ACCEPT, Action.REJECT) and not ws.may("审核销号"):
        raise PermissionDenied(f"{ws.user} 没有“审核销号”角色，不能{act.label}")
    base = {"status": Status(expected_status).value} if expected_status is not None else None
    with ws.db.session() as s:
        f, edits = _edit(s, finding_id, changes or {}, base)
        target = next_status(f, act)
        for name, old, value in edits:
            audit.record(s, "finding", f.id, "update", ws.user, name, old, value)
        old_status = f.status
        f.status = target.value
        if target is Status.CLOSED:
            f.closed_on = f.accepted_on or dt.date.today()
        audit.record(
            s,
            "finding",
            f.id,
            act.value,
            ws.user,
            "status",
            Status(old_status).label,
            target.label,
        )
        s.flush()  # the new updated_at, in the record
        return record_of(f)


@dataclass(frozen=True)
class HistoryEntry:
    """One audited change of a finding, oldest first in `history`."""

    at: dt.datetime  # naive UTC, as stored
    by: str | None
    action: str  # create | update | merge | an Action
    field: str | None
    old: str | None
    new: str | None


def history(ws: Workspace, finding_id: uuid.UUID) -> list[HistoryEntry]:
    with ws.db.session() as s:
        entries = audit.history(s, finding_id)
        return [HistoryEntry(e.at, e.by, e.action, e.field, e.old, e.new) for e in entries]


def describe_entry(e: HistoryEntry) -> str:
    """One history line in Chinese."""
    label = LABELS.get(e.field or "", e.field or "")
    if e.action == "create":
        return f"创建隐患记录（{e.new}）"
    if e.field == "status":
        name = Action(e.action).label if e.action in ACTION_VALUES else e.action
        return f"{name}：{e.old} → {e.new}"
    if e.action == "merge":
        return f"合并导入：{label} {e.old or '（空）'} → {e.new or '（空）'}"
    return f"修改{label}：{e.old or '（空）'} → {e.new or '（空）'}"


def items_with_findings(ws: Workspace, inspection_id: uuid.UUID) -> set[uuid.UUID]:
    """Items of an inspection that already have a finding recorded."""
    with ws.db.engine.connect() as conn:
        rows = conn.execute(
            select(Finding.inspection_item_id).where(
                Finding.inspection_id == inspection_id, Finding.inspection_item_id.is_not(None)
            )
        )
        return {r[0] for r in rows if r[0] is not None}
