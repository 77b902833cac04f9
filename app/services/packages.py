"""Offline field work: carry records between databases in one package file.

Merge rule (by UUID):
- a record not in the database is inserted;
- a record present with the same content is skipped;
- a record present with different content is a conflict: the version changed last
  (`updated_at`) wins, a tie keeps the local one; every differing field of the losing
  version is written to the audit log (action "merge"), so nothing is lost silently;
- a unit with a new id but a known 统一社会信用代码 is the same unit: its id is mapped;
- audit entries are appended to the local hash chain, keeping their id, time and author;
  entries already present are skipped, so importing the same package twice changes nothing.
The whole import is one transaction: a bad package changes nothing.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import socket
import tempfile
import uuid
import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from sqlalchemy import Date, DateTime, Uuid, or_, select
from sqlalchemy import inspect as sa_inspect
from sqlalchemy.orm import Session

from app import __version__
from app.core.errors import AnchaError
from app.services.workspace import Workspace
from app.storage import audit
from app.storage.models import AuditEntry, Base, Finding, Inspection, InspectionItem, Photo, Unit

FORMAT = 1
MAX_TOTAL = 2 * 1024**3
MAX_RATIO = 200
ORDER: list[tuple[str, type[Base]]] = [
    ("units", Unit),
    ("inspections", Inspection),
    ("inspection_items", InspectionItem),
    ("findings", Finding),
    ("photos", Photo),
]
LABELS = {
    "units": "单位",
    "inspections": "检查",
    "inspection_items": "检查项目",
    "findings": "隐患",
    "photos": "照片",
    "audit": "审计记录",
}


def _dump(row: Any) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for col in sa_inspect(type(row)).columns:
        v = getattr(row, col.key)
        if isinstance(v, uuid.UUID):
            v = str(v)
        elif isinstance(v, dt.date | dt.datetime):
            v = v.isoformat()
        out[col.key] = v
    return out


def _load(model: type[Base], data: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for col in sa_inspect(model).columns:
        if col.key not in data:
            continue
        v = data[col.key]
        if v is not None:
            if isinstance(col.type, Uuid):
                v = uuid.UUID(str(v))
            elif isinstance(col.type, DateTime):
                v = dt.datetime.fromisoformat(v)
            elif isinstance(col.type, Date):
                v = dt.date.fromisoformat(v)
        out[col.key] = v
    return out


@dataclass
class ExportReport:
    path: Path
    counts: dict[str, int]

    def __str__(self) -> str:
        parts = "，".join(f"{LABELS[k]} {v}" for k, v in self.counts.items())
        return f"已导出到 {self.path}：{parts}"


def export_package(
    ws: Workspace,
    path: Path,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    inspector: str | None = None,
    overwrite: bool = False,
) -> ExportReport:
    path = Path(path)
    if path.exists() and not overwrite:
        raise AnchaError(f"文件已存在：{path}（如需覆盖请使用 --force）")
    with ws.db.session() as s:
        q = select(Inspection)
        if date_from:
            q = q.where(Inspection.date >= date_from)
        if date_to:
            q = q.where(Inspection.date <= date_to)
        insps = [i for i in s.execute(q).scalars() if not inspector or inspector in (i.inspectors or [])]
        insp_ids = {i.id for i in insps}
        items = [ii for ii in s.execute(select(InspectionItem)).scalars() if ii.inspection_id in insp_ids]
        fq = select(Finding)
        finds = [
            f
            for f in s.execute(fq).scalars()
            if f.inspection_id in insp_ids
            or (
                not inspector
                and f.inspection_id is None
                and (not date_from or f.found_on >= date_from)
                and (not date_to or f.found_on <= date_to)
            )
        ]
        unit_ids = {i.unit_id for i in insps} | {f.unit_id for f in finds}
        units = [u for u in s.execute(select(Unit)).scalars() if u.id in unit_ids]
        item_ids = {ii.id for ii in items}
        find_ids = {f.id for f in finds}
        photos = [
            p
            for p in s.execute(select(Photo)).scalars()
            if p.inspection_item_id in item_ids or p.finding_id in find_ids
        ]
        ids = insp_ids | item_ids | find_ids | unit_ids | {p.id for p in photos}
        entries = [
            e for e in s.execute(select(AuditEntry).order_by(AuditEntry.seq)).scalars() if e.entity_id in ids
        ]
        data = {
            "units": [_dump(u) for u in units],
            "inspections": [_dump(i) for i in insps],
            "inspection_items": [_dump(i) for i in items],
            "findings": [_dump(f) for f in finds],
            "photos": [_dump(p) for p in photos],
            "audit": [
                {k: v for k, v in _dump(e).items() if k not in ("seq", "prev_hash", "hash")} for e in entries
            ],
        }
        chain_head = audit.head(s)
    counts = {k: len(v) for k, v in data.items()}
    manifest = {
        "format": FORMAT,
        "app": f"安查 {__version__}",
        "host": socket.gethostname(),
        "created": dt.datetime.now().isoformat(timespec="seconds"),
        "filters": {
            "from": date_from.isoformat() if date_from else None,
            "to": date_to.isoformat() if date_to else None,
            "inspector": inspector,
        },
        "counts": counts,
        # the exporting database's audit chain head: `audit verify --anchor` checks against it
        "audit_head": chain_head.as_dict() if chain_head else None,
    }
    photo_dir = ws.files_dir / "photos"
    folder = path.parent if str(path.parent) else Path(".")
    fd, tmp = tempfile.mkstemp(prefix=".ancha-", suffix=".zip", dir=folder)
    os.close(fd)
    try:
        with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as z:
            z.writestr("manifest.json", json.dumps(manifest, ensure_ascii=False, indent=1))
            z.writestr("data.json", json.dumps(data, ensure_ascii=False))
            for p in photos:
                src = photo_dir / p.file_name
                if src.is_file():
                    z.write(src, f"photos/{p.file_name}")
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    return ExportReport(path, counts)


@dataclass
class MergeReport:
    inserted: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)
    skipped: dict[str, int] = field(default_factory=dict)
    conflicts: list[str] = field(default_factory=list)

    def bump(self, kind: dict[str, int], entity: str) -> None:
        kind[entity] = kind.get(entity, 0) + 1

    @property
    def changed(self) -> int:
        return sum(self.inserted.values()) + sum(self.updated.values())

    def __str__(self) -> str:
        lines = [
            "合并规则：按编号合并；内容不同时以最后修改的版本为准（相同时保留本机），被替换的内容记入审计日志。"
        ]
        for key in LABELS:
            i, u, k = self.inserted.get(key, 0), self.updated.get(key, 0), self.skipped.get(key, 0)
            if i or u or k:
                lines.append(f"{LABELS[key]}：新增 {i}，更新 {u}，相同跳过 {k}")
        lines.append(
            f"冲突 {len(self.conflicts)} 处"
            + ("：" + "；".join(self.conflicts[:20]) if self.conflicts else "")
        )
        return "\n".join(lines)


def _read(path: Path) -> tuple[dict[str, Any], dict[str, Any], zipfile.ZipFile]:
    if not Path(path).is_file():
        raise AnchaError(f"文件不存在：{path}")
    try:
        z = zipfile.ZipFile(path)
    except zipfile.BadZipFile as exc:
        raise AnchaError(f"{Path(path).name} 不是安查数据包（不是 zip 文件）") from exc
    infos = z.infolist()
    total = sum(i.file_size for i in infos)
    packed = sum(i.compress_size for i in infos) or 1
    if total > MAX_TOTAL or total / packed > MAX_RATIO:
        z.close()
        raise AnchaError(f"{Path(path).name}：解压后过大，拒绝导入")
    for i in infos:
        name = PurePosixPath(i.filename)
        if name.is_absolute() or ".." in name.parts or "\\" in i.filename:
            z.close()
            raise AnchaError(f"{Path(path).name}：含有非法路径“{i.filename}”，拒绝导入")
    try:
        manifest = json.loads(z.read("manifest.json"))
        data = json.loads(z.read("data.json"))
    except KeyError as exc:
        z.close()
        raise AnchaError(f"{Path(path).name}：缺少 {exc.args[0]}，不是安查数据包") from exc
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        z.close()
        raise AnchaError(f"{Path(path).name}：内容格式错误（{exc}）") from exc
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT or not isinstance(data, dict):
        z.close()
        version = manifest.get("format") if isinstance(manifest, dict) else "?"
        raise AnchaError(f"{Path(path).name}：不支持的数据包版本（{version}）")
    return manifest, data, z


def _differences(row: Any, incoming: dict[str, Any]) -> dict[str, tuple[Any, Any]]:
    skip = {"updated_at", "created_at", "search_text"}
    return {k: (getattr(row, k), v) for k, v in incoming.items() if k not in skip and getattr(row, k) != v}


def import_package(ws: Workspace, path: Path) -> MergeReport:
    _manifest, data, z = _read(path)
    report = MergeReport()
    try:
        with ws.db.session() as s:
            unit_map: dict[uuid.UUID, uuid.UUID] = {}
            for key, model in ORDER:
                for raw in data.get(key, []):
                    try:
                        values = _load(model, raw)
                    except (ValueError, TypeError, AttributeError) as exc:
                        raise AnchaError(f"数据包中{LABELS[key]}记录格式错误：{exc}") from exc
                    if "unit_id" in values and values["unit_id"] in unit_map:
                        values["unit_id"] = unit_map[values["unit_id"]]
                    _merge(s, ws, key, model, values, report, unit_map)
            s.flush()
            existing = set(s.execute(select(AuditEntry.id)).scalars())
            for raw in data.get("audit", []):
                e = _load(AuditEntry, raw)
                if e["id"] in existing:
                    report.bump(report.skipped, "audit")
                    continue
                entity_id = unit_map.get(e["entity_id"], e["entity_id"])
                audit.record(
                    s,
                    e["entity"],
                    entity_id,
                    e["action"],
                    e.get("by"),
                    e.get("field"),
                    e.get("old"),
                    e.get("new"),
                    at=e["at"],
                    entry_id=e["id"],
                )
                report.bump(report.inserted, "audit")
            photo_dir = ws.files_dir / "photos"
            for info in z.infolist():
                if info.filename.startswith("photos/") and not info.is_dir():
                    target = photo_dir / PurePosixPath(info.filename).name
                    if not target.exists():
                        photo_dir.mkdir(parents=True, exist_ok=True)
                        target.write_bytes(z.read(info))
    finally:
        z.close()
    return report


def _merge(
    s: Session,
    ws: Workspace,
    key: str,
    model: type[Base],
    values: dict[str, Any],
    report: MergeReport,
    unit_map: dict[uuid.UUID, uuid.UUID],
) -> None:
    row: Any = s.get(model, values["id"])
    if row is None and model is Unit and values.get("uscc"):
        row = s.execute(select(Unit).where(or_(Unit.uscc == values["uscc"]))).scalar_one_or_none()
        if row is not None:
            unit_map[values["id"]] = row.id
            values = {**values, "id": row.id}
    if row is None:
        obj = model(**values)
        s.add(obj)
        s.flush()
        report.bump(report.inserted, key)
        return
    diff = _differences(row, values)
    if not diff:
        report.bump(report.skipped, key)
        return
    local_t = getattr(row, "updated_at", None)
    theirs_t = values.get("updated_at")
    theirs_win = local_t is not None and theirs_t is not None and theirs_t > local_t
    name = getattr(row, "name", None) or getattr(row, "title", None) or str(row.id)[:8]
    fields = "、".join(diff)
    if theirs_win:
        for k, (old, new) in diff.items():
            setattr(row, k, new)
            audit.record(s, model.__tablename__.rstrip("s"), row.id, "merge", ws.user, k, old, new)
        if "updated_at" in values:
            row.updated_at = values["updated_at"]
        report.bump(report.updated, key)
        report.conflicts.append(f"{LABELS[key]}“{name}”的{fields}：采用数据包中较新的版本")
    else:
        logged = False
        for k, (mine, theirs) in diff.items():  # keep ours; the package's values go to the log
            old, new = audit.as_text(theirs), audit.as_text(mine)
            seen = s.execute(
                select(AuditEntry.id).where(
                    AuditEntry.entity_id == row.id,
                    AuditEntry.action == "merge",
                    AuditEntry.field == k,
                    AuditEntry.old == old,
                    AuditEntry.new == new,
                )
            ).first()
            if seen is None:  # importing the same package again adds nothing
                audit.record(s, model.__tablename__.rstrip("s"), row.id, "merge", ws.user, k, theirs, mine)
                logged = True
        report.bump(report.skipped, key)
        if logged:
            report.conflicts.append(f"{LABELS[key]}“{name}”的{fields}：保留本机较新的版本")
