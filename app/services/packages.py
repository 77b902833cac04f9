"""Offline field work: carry records between databases in one package file.

Nothing in a package is trusted. Before anything is written, every record passes the same
rules as a GUI edit (app.core.validation: enums, lengths, control characters, dates, the
lifecycle), every reference must point to a record in the package or the database, photo
files must be images whose content matches their program-generated name, and the archive
may hold only manifest.json, data.json and photos/<sha256>.<ext>, each once.

Merge rule (by UUID, field by field):
- a record not in the database is inserted; one with the same content is skipped;
- for a record on both sides, each field takes the value changed last. A field's change time
  is its newest audit entry (create/update/transition; a field never edited since creation
  has the creation time; records whose edits are not audited per field use `updated_at`).
  So different fields edited on two laptops both survive;
- equal times: the greater value (as text) wins, on both sides, so both orders converge;
- a change dated more than FUTURE_TOLERANCE after this computer's clock is flagged and
  never wins (a laptop whose clock runs fast cannot override everyone);
- a 已销号 finding is never reopened: when one side is closed, the closure and acceptance
  fields come from the closed side; a later conflicting edit of them is logged and reported;
- every field where the local value differs from the package's gets a "merge" audit entry
  carrying the value kept, so the loser is never lost silently;
- a unit with a new id but a known 统一社会信用代码 is the same unit: its id is mapped;
- audit entries are appended to the local hash chain, keeping their id, time and author;
  entries already present are skipped, so importing the same package twice changes nothing.
The whole import is one transaction: a bad package changes nothing.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import socket
import uuid
import zipfile
import zlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from sqlalchemy import JSON, Date, DateTime, Integer, String, select
from sqlalchemy import inspect as sa_inspect
from sqlalchemy.orm import Session

from app import __version__
from app.core import validation
from app.core.errors import AnchaError, ValidationError
from app.core.findings import Status
from app.files import atomic_output
from app.services.photos import check_image, photos_dir, store_photo_bytes, stored_file
from app.services.workspace import Workspace
from app.storage import audit
from app.storage.models import AuditEntry, Base, Finding, Inspection, InspectionItem, Photo, Unit, utcnow

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


@dataclass
class ExportReport:
    path: Path
    counts: dict[str, int]
    skipped_photos: int = 0

    def __str__(self) -> str:
        parts = "，".join(f"{LABELS[k]} {v}" for k, v in self.counts.items())
        skip = (
            f"；跳过 {self.skipped_photos} 个文件名异常的照片（不是本程序保存的文件）"
            if self.skipped_photos
            else ""
        )
        return f"已导出到 {self.path}：{parts}{skip}"


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
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise AnchaError(f"文件夹不存在：{folder}（请先创建，或另选保存位置）")
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
    photo_dir = photos_dir(ws)
    skipped = 0
    with atomic_output(path, overwrite) as tmp, zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("manifest.json", json.dumps(manifest, ensure_ascii=False, indent=1))
        z.writestr("data.json", json.dumps(data, ensure_ascii=False))
        for p in photos:
            src = stored_file(photo_dir, p.file_name)  # None: a name not made by this program
            if src is None:
                skipped += 1
            elif src.is_file():
                z.write(src, f"photos/{p.file_name}")
    return ExportReport(path, counts, skipped)


@dataclass
class MergeReport:
    inserted: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)
    skipped: dict[str, int] = field(default_factory=dict)
    conflicts: list[str] = field(default_factory=list)
    flagged: list[str] = field(default_factory=list)  # changes dated in the future

    def bump(self, kind: dict[str, int], entity: str) -> None:
        kind[entity] = kind.get(entity, 0) + 1

    @property
    def changed(self) -> int:
        return sum(self.inserted.values()) + sum(self.updated.values())

    def __str__(self) -> str:
        lines = [
            "合并规则：按编号逐字段合并，各字段取最后修改的值（时间相同取固定的一方）；"
            "已销号的隐患不会被重新打开；被替换的内容记入审计日志。"
        ]
        for key in LABELS:
            i, u, k = self.inserted.get(key, 0), self.updated.get(key, 0), self.skipped.get(key, 0)
            if i or u or k:
                lines.append(f"{LABELS[key]}：新增 {i}，更新 {u}，相同跳过 {k}")
        lines.append(
            f"冲突 {len(self.conflicts)} 处"
            + ("：" + "；".join(self.conflicts[:20]) if self.conflicts else "")
        )
        if self.flagged:
            lines.append(
                f"注意：{len(self.flagged)} 处修改的时间晚于本机时间（对方时钟可能不准），未按其时间采用："
                + "；".join(self.flagged[:10])
            )
        return "\n".join(lines)


MAX_RECORDS = 500_000
FUTURE_TOLERANCE = dt.timedelta(minutes=10)
ALLOWED_NAMES = {"manifest.json", "data.json"}
# Fields a merge never takes from the package: keys, bookkeeping, denormalised copies.
NOT_MERGED = {"id", "created_at", "updated_at", "search_text", "unit_name"}
# A 已销号 finding keeps these from its closed side.
CLOSURE_FIELDS = ("status", "accepted_by", "accepted_on", "acceptance_note", "closed_on", "closed_by")
CHECKS = {
    "units": validation.check_unit,
    "inspections": validation.check_inspection,
    "inspection_items": validation.check_inspection_item,
    "findings": validation.check_finding,
    "photos": validation.check_photo,
}
AUDIT_ENTITIES = {"unit", "inspection", "inspection_item", "finding", "photo"}
ZIP_ERRORS = (zipfile.BadZipFile, OSError, EOFError, zlib.error, NotImplementedError, RuntimeError)


def _read(path: Path) -> tuple[dict[str, Any], dict[str, Any], zipfile.ZipFile]:
    name = Path(path).name
    if not Path(path).is_file():
        raise AnchaError(f"文件不存在：{path}")
    try:
        z = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as exc:
        raise AnchaError(f"{name} 不是安查数据包（不是 zip 文件）") from exc
    try:
        infos = z.infolist()
        total = sum(i.file_size for i in infos)
        packed = sum(i.compress_size for i in infos) or 1
        if total > MAX_TOTAL or total / packed > MAX_RATIO:
            raise AnchaError(f"{name}：解压后过大，拒绝导入")
        seen: set[str] = set()
        for i in infos:
            entry = PurePosixPath(i.filename)
            shown = validation.strip_controls(i.filename)[:80]
            if entry.is_absolute() or ".." in entry.parts or "\\" in i.filename or ":" in i.filename:
                raise AnchaError(f"{name}：含有非法路径“{shown}”，拒绝导入")
            if i.filename in seen:
                raise AnchaError(f"{name}：“{shown}”出现了两次（数据包被改动过），拒绝导入")
            seen.add(i.filename)
            if i.is_dir():
                continue
            photo = len(entry.parts) == 2 and entry.parts[0] == "photos"
            if i.filename not in ALLOWED_NAMES and not (
                photo and validation.PHOTO_NAME.fullmatch(entry.name)
            ):
                raise AnchaError(f"{name}：含有不属于数据包的文件“{shown}”，拒绝导入")
        missing = ALLOWED_NAMES - seen
        if missing:
            raise AnchaError(f"{name}：缺少 {'、'.join(sorted(missing))}，不是安查数据包")
        try:
            manifest = json.loads(z.read("manifest.json"))
            data = json.loads(z.read("data.json"))
        except (json.JSONDecodeError, UnicodeDecodeError, RecursionError) as exc:
            raise AnchaError(f"{name}：内容格式错误（不是有效的 JSON）") from exc
        except ZIP_ERRORS as exc:
            raise AnchaError(f"{name}：压缩数据已损坏或加密，无法读取") from exc
        if not isinstance(manifest, dict) or manifest.get("format") != FORMAT or not isinstance(data, dict):
            version = manifest.get("format") if isinstance(manifest, dict) else "?"
            raise AnchaError(f"{name}：不支持的数据包版本（{validation.strip_controls(str(version))[:20]}）")
    except BaseException:
        z.close()
        raise
    return manifest, data, z


def _title(key: str, rec: dict[str, Any], n: int) -> str:
    name = rec.get("name") or rec.get("title") or rec.get("text") or ""
    shown = validation.strip_controls(name)[:20] if isinstance(name, str) else ""
    return f"数据包中第{n}条{LABELS[key]}记录" + (f"（{shown}）" if shown else "") + "："


def _rows(data: dict[str, Any], key: str) -> list[Any]:
    rows = data.get(key, [])
    if not isinstance(rows, list):
        raise AnchaError(f"数据包中“{LABELS[key]}”部分格式错误（应为列表）")
    if len(rows) > MAX_RECORDS:
        raise AnchaError(f"数据包中{LABELS[key]}记录过多（{len(rows)} 条）")
    return rows


def _validated(data: dict[str, Any]) -> tuple[dict[str, list[dict[str, Any]]], list[dict[str, Any]]]:
    """Every record checked and converted, or AnchaError naming the first bad one."""
    out: dict[str, list[dict[str, Any]]] = {}
    ids: set[uuid.UUID] = set()
    for key, model in ORDER:
        cols = {c.key for c in sa_inspect(model).columns}
        recs = []
        for n, raw in enumerate(_rows(data, key), 1):
            if not isinstance(raw, dict):
                raise AnchaError(f"数据包中第{n}条{LABELS[key]}记录格式错误")
            try:
                rec = _columns(model, CHECKS[key]({k: v for k, v in raw.items() if k in cols}, ""))
            except ValidationError as exc:
                raise AnchaError(_title(key, raw, n) + str(exc)) from exc
            if rec["id"] in ids:
                raise AnchaError(_title(key, raw, n) + "编号重复")
            ids.add(rec["id"])
            recs.append(rec)
        out[key] = recs
    entries = []
    for n, raw in enumerate(_rows(data, "audit"), 1):
        if not isinstance(raw, dict):
            raise AnchaError(f"数据包中第{n}条审计记录格式错误")
        try:
            entries.append(_check_entry(raw))
        except ValidationError as exc:
            raise AnchaError(f"数据包中第{n}条审计记录：{exc}") from exc
    return out, entries


def _columns(model: type[Base], rec: dict[str, Any]) -> dict[str, Any]:
    """Fields the core rules do not name (added later) still get the rules of their column type."""
    from app.services.findings import LABELS as FINDING_LABELS

    v = validation
    for col in sa_inspect(model).columns:
        value = rec.get(col.key)
        if col.key not in rec or value is None:
            continue
        label = FINDING_LABELS.get(col.key, col.key) if model is Finding else col.key
        kind = col.type
        if isinstance(kind, String) and isinstance(value, str):
            rec[col.key] = v.clean_text(label, value, kind.length or v.MAX_TEXT * 5)
        elif isinstance(kind, String):
            raise ValidationError(label, "应为文字")
        elif isinstance(kind, JSON):
            rec[col.key] = v.clean_json(label, value)
        elif isinstance(kind, DateTime) and not isinstance(value, dt.datetime):
            rec[col.key] = v.parse_time(label, value)
        elif isinstance(kind, Date) and not isinstance(value, dt.date):
            rec[col.key] = v.parse_date(label, value)
        elif isinstance(kind, Integer) and (isinstance(value, bool) or not isinstance(value, int)):
            raise ValidationError(label, "应为整数")
    return rec


def _check_entry(raw: dict[str, Any]) -> dict[str, Any]:
    v = validation
    entity = v.clean_text("对象", raw.get("entity"), 40, required=True)
    if entity not in AUDIT_ENTITIES:
        raise ValidationError("对象", f"未知的记录类型“{entity}”")
    return {
        "id": v.parse_uuid("编号", raw.get("id")),
        "entity": entity,
        "entity_id": v.parse_uuid("对象编号", raw.get("entity_id")),
        "action": v.clean_text("操作", raw.get("action"), 40, required=True),
        "field": v.clean_text("字段", raw.get("field"), 60),
        "old": v.clean_text("原值", raw.get("old"), 20_000),
        "new": v.clean_text("新值", raw.get("new"), 20_000),
        "at": v.parse_time("时间", raw.get("at")),
        "by": v.clean_text("操作人", raw.get("by"), 100),
    }


def _photo_files(z: zipfile.ZipFile) -> dict[str, bytes]:
    """The package's photo files, each an image whose content matches its name."""
    out: dict[str, bytes] = {}
    for info in z.infolist():
        if info.is_dir() or not info.filename.startswith("photos/"):
            continue
        name = PurePosixPath(info.filename).name
        try:
            raw = z.read(info)
        except ZIP_ERRORS as exc:
            raise AnchaError(f"数据包中的照片“{name[:16]}…”已损坏") from exc
        if hashlib.sha256(raw).hexdigest() != name.split(".")[0]:
            raise AnchaError(f"数据包中的照片“{name[:16]}…”内容与文件名不符（被改动过），拒绝导入")
        try:
            check_image(raw, name)
        except ValidationError as exc:
            raise AnchaError(f"数据包中的照片“{name[:16]}…”不是有效的图片（{exc.detail}），拒绝导入") from exc
        out[name] = raw
    return out


def import_package(ws: Workspace, path: Path) -> MergeReport:
    """Merge a package into the database: all of it or, when anything is wrong, none of it."""
    _manifest, data, z = _read(path)
    try:
        records, entries = _validated(data)
        files = _photo_files(z)
    finally:
        z.close()
    report = MergeReport()
    now = utcnow()
    with ws.db.session() as s:
        audit.begin_write(s)  # one writer from the first read to the commit
        unit_map = _unit_map(s, records["units"])
        for rec in records["units"]:
            rec["id"] = unit_map.get(rec["id"], rec["id"])
        for key in ("inspections", "findings"):
            for rec in records[key]:
                rec["unit_id"] = unit_map.get(rec["unit_id"], rec["unit_id"])
        _check_references(s, records, unit_map)
        ids = [r["id"] for recs in records.values() for r in recs] + list(set(unit_map.values()))
        local = []
        for i in range(0, len(ids), 500):
            local += list(
                s.execute(select(AuditEntry).where(AuditEntry.entity_id.in_(ids[i : i + 500]))).scalars()
            )
        local_times = _field_times(local)
        theirs = [{**e, "entity_id": unit_map.get(e["entity_id"], e["entity_id"])} for e in entries]
        their_times = _field_times(_Entry(e) for e in theirs)
        # the package's history first, then the merge decisions: the log's last word on a
        # field is always the value the database keeps
        existing = set(s.execute(select(AuditEntry.id)).scalars())
        for e in theirs:
            if e["id"] in existing:
                report.bump(report.skipped, "audit")
                continue
            audit.record(
                s,
                e["entity"],
                e["entity_id"],
                e["action"],
                e["by"],
                e["field"],
                e["old"],
                e["new"],
                e["at"],
                e["id"],
            )
            existing.add(e["id"])
            report.bump(report.inserted, "audit")
        merger = _Merge(s, ws.user, now, local_times, their_times, report)
        for key, model in ORDER:
            for rec in records[key]:
                merger.merge(key, model, rec)
        s.flush()
        photo_dir = photos_dir(ws)
        for name, raw in files.items():
            store_photo_bytes(photo_dir, name, raw)
    return report


class _Entry:
    """A package audit entry seen like a stored one (for change times)."""

    def __init__(self, e: dict[str, Any]) -> None:
        self.entity_id, self.action, self.field, self.at = e["entity_id"], e["action"], e["field"], e["at"]


def _field_times(entries: Iterable[Any]) -> dict[tuple[uuid.UUID, str], dt.datetime]:
    """Newest change time per (record, field); the field "" holds the creation time."""
    out: dict[tuple[uuid.UUID, str], dt.datetime] = {}
    for e in entries:
        if e.action == "merge" or e.action == "photo":
            continue  # bookkeeping of earlier merges, not an edit
        key = (e.entity_id, "" if e.action == "create" else (e.field or ""))
        if not key[1] and e.action != "create":
            continue
        if key not in out or e.at > out[key]:
            out[key] = e.at
    return out


def _unit_map(s: Session, units: list[dict[str, Any]]) -> dict[uuid.UUID, uuid.UUID]:
    """Package unit id -> local id, for units known here under another id (same USCC)."""
    out: dict[uuid.UUID, uuid.UUID] = {}
    for rec in units:
        if rec.get("uscc") and s.get(Unit, rec["id"]) is None:
            local = s.execute(select(Unit.id).where(Unit.uscc == rec["uscc"])).scalar_one_or_none()
            if local is not None:
                out[rec["id"]] = local
    return out


REFERENCES = {
    "unit_id": ("units", Unit, "单位"),
    "inspection_id": ("inspections", Inspection, "检查"),
    "inspection_item_id": ("inspection_items", InspectionItem, "检查项目"),
    "finding_id": ("findings", Finding, "隐患"),
}


def _check_references(
    s: Session, records: dict[str, list[dict[str, Any]]], unit_map: dict[uuid.UUID, uuid.UUID]
) -> None:
    """Each reference points to a record in the package or in the database."""
    have = {key: {r["id"] for r in recs} for key, recs in records.items()}
    have["units"] |= set(unit_map.values())
    for key, recs in records.items():
        for n, rec in enumerate(recs, 1):
            for col, (target, model, label) in REFERENCES.items():
                ref = rec.get(col)
                if ref is None or ref in have[target]:
                    continue
                if s.get(model, ref) is None:
                    raise AnchaError(
                        _title(key, rec, n)
                        + f"引用的{label}（{str(ref)[:8]}）既不在数据包中，也不在本数据库中"
                    )
                have[target].add(ref)


@dataclass
class _Merge:
    s: Session
    user: str
    now: dt.datetime
    local_times: dict[tuple[uuid.UUID, str], dt.datetime]
    their_times: dict[tuple[uuid.UUID, str], dt.datetime]
    report: MergeReport

    def merge(self, key: str, model: type[Base], values: dict[str, Any]) -> None:
        row = self.s.get(model, values["id"])
        if row is None:
            obj = model(**values)
            if isinstance(obj, Finding):
                unit = self.s.get(Unit, obj.unit_id)
                obj.unit_name = unit.name if unit else obj.unit_name
            self.s.add(obj)
            self.s.flush()
            self.report.bump(self.report.inserted, key)
            return
        diff = {
            k: (getattr(row, k), v)
            for k, v in values.items()
            if k not in NOT_MERGED and _norm(getattr(row, k)) != _norm(v)
        }
        if not diff or model is Photo:  # a photo never changes: same id, same file
            self.report.bump(self.report.skipped, key)
            return
        entity = model.__tablename__.rstrip("s")
        name = getattr(row, "name", None) or getattr(row, "title", None) or str(row.id)[:8]  # type: ignore[attr-defined]
        label = f"{LABELS[key]}“{validation.strip_controls(str(name))[:30]}”"
        take: dict[str, Any] = {}
        kept_closed: list[str] = []
        closed_here = isinstance(row, Finding) and row.status == Status.CLOSED.value
        closed_there = model is Finding and values.get("status") == Status.CLOSED.value
        for k, (mine, theirs) in diff.items():
            if model is Finding and k in CLOSURE_FIELDS and closed_here != closed_there:
                if closed_there:
                    take[k] = theirs
                elif self._theirs_newer(row, values, k, mine, theirs):
                    kept_closed.append(k)  # a later edit that would reopen or alter a closure
                continue
            if self._theirs_newer(row, values, k, mine, theirs):
                take[k] = theirs
        if take and model is Finding:
            try:
                validation.check_finding({**_plain(row), **take})
            except ValidationError as exc:
                self.report.conflicts.append(f"{label}：合并后的记录不符合规则（{exc}），保留本机版本")
                take = {}
        logged: set[str] = set()
        for k, (mine, theirs) in diff.items():
            if k in take:
                audit.record(self.s, entity, row.id, "merge", self.user, k, mine, theirs)  # type: ignore[attr-defined]
                setattr(row, k, theirs)
            elif not self._logged(row.id, k, theirs, mine):  # type: ignore[attr-defined]  # importing again: nothing new
                audit.record(self.s, entity, row.id, "merge", self.user, k, theirs, mine)  # type: ignore[attr-defined]
                logged.add(k)
        if isinstance(row, Finding):
            unit = self.s.get(Unit, row.unit_id)
            if unit is not None:
                row.unit_name = unit.name
        rest = [k for k in diff if k not in take and k not in kept_closed]
        if take:
            self.report.bump(self.report.updated, key)
            self.report.conflicts.append(f"{label}的{'、'.join(take)}：采用数据包中较新的值")
        else:
            self.report.bump(self.report.skipped, key)
        if logged & set(rest):
            self.report.conflicts.append(f"{label}的{'、'.join(rest)}：保留本机较新的值")
        if logged & set(kept_closed):
            self.report.conflicts.append(
                f"{label}已销号，数据包中较晚的{'、'.join(kept_closed)}修改未采用（已记入审计日志）"
            )

    def _time(
        self, times: dict[tuple[uuid.UUID, str], dt.datetime], rid: uuid.UUID, k: str, stamp: Any
    ) -> dt.datetime:
        t = times.get((rid, k)) or times.get((rid, "")) or stamp
        return t if isinstance(t, dt.datetime) else dt.datetime.min

    def _theirs_newer(self, row: Any, values: dict[str, Any], k: str, mine: Any, theirs: Any) -> bool:
        """Whether the package's value of field `k` was changed last (ties broken by value)."""
        if isinstance(row, Finding | InspectionItem):  # edits audited field by field
            mine_t = self._time(
                self.local_times, row.id, k, getattr(row, "created_at", None) or row.updated_at
            )
            their_t = self._time(
                self.their_times, row.id, k, values.get("created_at") or values.get("updated_at")
            )
        else:  # edits not audited per field: the record's own time
            mine_t = row.updated_at or dt.datetime.min
            their_t = values.get("updated_at") or dt.datetime.min
        if their_t > self.now + FUTURE_TOLERANCE:
            self.report.flagged.append(f"{LABELS[row.__tablename__]}字段 {k}（{their_t:%Y-%m-%d %H:%M}）")
            return False  # not trusted: a clock far ahead never wins
        if their_t != mine_t:
            return bool(their_t > mine_t)
        return (audit.as_text(theirs) or "") > (audit.as_text(mine) or "")  # the same choice on both sides

    def _logged(self, rid: uuid.UUID, k: str, old: Any, new: Any) -> bool:
        """A merge entry recording this exact outcome exists."""
        q = select(AuditEntry.id).where(
            AuditEntry.entity_id == rid,
            AuditEntry.action == "merge",
            AuditEntry.field == k,
            AuditEntry.old == audit.as_text(old),
            AuditEntry.new == audit.as_text(new),
        )
        return self.s.execute(q).first() is not None


def _norm(v: Any) -> Any:
    return v.replace(tzinfo=None) if isinstance(v, dt.datetime) else v


def _plain(row: Any) -> dict[str, Any]:
    return {c.key: getattr(row, c.key) for c in sa_inspect(type(row)).columns}
