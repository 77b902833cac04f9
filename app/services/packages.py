"""Offline field work: carry records between databases in one package file.

A package is a zip: manifest.json, the records as JSON lines (records/<kind>.jsonl, deflated)
and the photo files (photos/<sha256>.<ext>, stored as they are: JPEG does not deflate). Both
directions stream: export writes rows as the database yields them, import reads one line and
one photo chunk at a time, so a package is limited by the disk, not by memory. Packages of
format 1 (one data.json) still import; their data.json is read whole, as it always was.

Nothing in a package is trusted. Every record passes the same rules as a GUI edit
(app.core.validation: enums, lengths, control characters, dates, the lifecycle), every
reference must point to a record in the package or the database, the archive may hold only
the entries above, each once, with safe names, within the size and compression-ratio limits of
its kind, and each photo the store lacks must match its program-generated name (sha256) and
be an image of the kind its extension names, by the rule for an attached photo
(photos.inspect_image); a photo the store has under that name and size is not read at all.

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

Import runs in two steps. First, with no lock held: the archive's entries are checked and the
photos are hashed, checked and written to a staging folder beside the photo store. Then one
write transaction reads the records in batches: a record equal to the local one stores nothing
and is skipped; the others are validated, and new ones inserted with one INSERT per batch.
Records on both sides that differ wait until the package's audit entries have been read (their
change times decide the merge); those entries are appended to the chain in batches (the chain
lock is taken only from here on), then the differing records are merged and the merge decisions
logged, the staged photos move into the store, and the transaction commits. A bad package
changes nothing: the transaction rolls back and the staging folder is removed.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
import socket
import uuid
import zipfile
import zlib
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import IO, Any, cast

from sqlalchemy import JSON, Date, DateTime, Integer, String, Table, and_, or_, select, text, union_all
from sqlalchemy import inspect as sa_inspect
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from app import __version__
from app.core import validation
from app.core.errors import AnchaError, ValidationError
from app.core.findings import Status
from app.files import atomic_output
from app.paths import fsync_dir, private_dir
from app.services.photos import MAX_FILE_BYTES, inspect_image, photos_dir, stored_file
from app.services.workspace import Workspace
from app.storage import audit
from app.storage.db import write_transaction
from app.storage.models import (
    AuditEntry,
    Base,
    Finding,
    Inspection,
    InspectionItem,
    Photo,
    Unit,
    search_text_of,
    utcnow,
)

FORMAT = 2
FORMATS = (1, 2)  # formats this version imports
MAX_RATIO = 200  # a deflated entry may expand at most this much ...
RATIO_FLOOR = 1024**2  # ... once it is larger than this
MAX_LINE = 4 * 1024**2  # one record as one JSON line
MAX_MANIFEST = 1024**2
MAX_DATA_JSON = 2 * 1024**3  # format 1 reads data.json whole, as its importer always did
BATCH = 1000  # records merged per round trip
CHUNK = 1024**2  # bytes per read or write of a photo
RECORDS_LEVEL = 6  # zlib level of the record entries
ORDER: list[tuple[str, type[Base]]] = [
    ("units", Unit),
    ("inspections", Inspection),
    ("inspection_items", InspectionItem),
    ("findings", Finding),
    ("photos", Photo),
]
KINDS = [k for k, _ in ORDER] + ["audit"]
LABELS = {
    "units": "单位",
    "inspections": "检查",
    "inspection_items": "检查项目",
    "findings": "隐患",
    "photos": "照片",
    "audit": "审计记录",
}


def records_entry(key: str) -> str:
    return f"records/{key}.jsonl"


# ---- export ------------------------------------------------------------------------------------


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


class _Selection:
    """The rows a package carries, as SQL: the period and inspector filters run in the database."""

    def __init__(
        self, dialect: str, date_from: dt.date | None, date_to: dt.date | None, inspector: str | None
    ) -> None:
        self.everything = not (date_from or date_to or inspector)
        insp: list[ColumnElement[bool]] = []
        if date_from:
            insp.append(Inspection.date >= date_from)
        if date_to:
            insp.append(Inspection.date <= date_to)
        if inspector:
            insp.append(_has_inspector(dialect, inspector))
        self.insp_ids = select(Inspection.id).where(*insp)
        self.item_ids = select(InspectionItem.id).where(InspectionItem.inspection_id.in_(self.insp_ids))
        find: ColumnElement[bool] = Finding.inspection_id.in_(self.insp_ids)
        if not inspector:  # findings recorded without an inspection, by the date found
            loose: list[ColumnElement[bool]] = [Finding.inspection_id.is_(None)]
            if date_from:
                loose.append(Finding.found_on >= date_from)
            if date_to:
                loose.append(Finding.found_on <= date_to)
            find = or_(find, and_(*loose))
        self.find_ids = select(Finding.id).where(find)
        self.conds: dict[str, list[ColumnElement[bool]]] = {
            "inspections": insp,
            "inspection_items": [InspectionItem.inspection_id.in_(self.insp_ids)],
            "findings": [find],
            "units": [
                or_(
                    Unit.id.in_(select(Inspection.unit_id).where(*insp)),
                    Unit.id.in_(select(Finding.unit_id).where(find)),
                )
            ],
            "photos": [or_(Photo.inspection_item_id.in_(self.item_ids), Photo.finding_id.in_(self.find_ids))],
        }
        self.photo_ids = select(Photo.id).where(*self.conds["photos"])
        unit_ids = select(Unit.id).where(*self.conds["units"])
        self.conds["audit"] = [
            AuditEntry.entity_id.in_(
                union_all(unit_ids, self.insp_ids, self.item_ids, self.find_ids, self.photo_ids)
            )
        ]

    def query(self, key: str) -> Any:
        if key == "audit":
            cols = [c for c in AuditEntry.__table__.columns if c.key not in ("seq", "prev_hash", "hash")]
            return select(*cols).where(*self.conds["audit"]).order_by(AuditEntry.seq)
        model = dict(ORDER)[key]
        q = select(*model.__table__.columns)
        if self.everything and key != "units":
            return q
        return q.where(*self.conds[key])


def _has_inspector(dialect: str, name: str) -> ColumnElement[bool]:
    """The inspection lists `name` among its inspectors (an element of the JSON list)."""
    if dialect == "postgresql":
        from sqlalchemy import cast
        from sqlalchemy.dialects.postgresql import JSONB

        return cast(Inspection.inspectors, JSONB).contains([name])
    return text(
        "EXISTS (SELECT 1 FROM json_each(inspections.inspectors) WHERE json_each.value = :who)"
    ).bindparams(who=name)  # type: ignore[return-value]


def _plain_value(v: Any) -> Any:
    if isinstance(v, uuid.UUID):
        return str(v)
    if isinstance(v, dt.date | dt.datetime):
        return v.isoformat()
    return v


class _LineWriter:
    """JSON lines into a zip entry, written a megabyte at a time."""

    def __init__(self, out: IO[bytes]) -> None:
        self.out = out
        self.parts: list[bytes] = []
        self.size = self.count = 0

    def add(self, rec: dict[str, Any]) -> None:
        line = (json.dumps(rec, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")
        self.parts.append(line)
        self.size += len(line)
        self.count += 1
        if self.size >= CHUNK:
            self.flush()

    def flush(self) -> None:
        self.out.write(b"".join(self.parts))
        self.parts, self.size = [], 0


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
    photo_dir = photos_dir(ws)
    counts: dict[str, int] = {}
    files: dict[str, None] = {}  # photo files to carry, once each, in order
    skipped = 0
    with (
        atomic_output(path, overwrite) as tmp,
        zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED, compresslevel=RECORDS_LEVEL) as z,
        ws.db.session() as s,
    ):
        sel = _Selection(s.get_bind().dialect.name, date_from, date_to, inspector)
        for key in KINDS:
            q = sel.query(key)
            names = [c.key for c in q.selected_columns]
            name_col = names.index("file_name") if key == "photos" else -1
            with z.open(records_entry(key), "w", force_zip64=True) as out:
                lines = _LineWriter(out)
                for row in s.execute(q, execution_options={"yield_per": 2000}):
                    lines.add({k: _plain_value(v) for k, v in zip(names, row, strict=True)})
                    if name_col >= 0:
                        files[row[name_col]] = None
                lines.flush()
            counts[key] = lines.count
        chain_head = audit.head(s)
        with ThreadPoolExecutor(max_workers=1) as hasher:
            for name in files:
                src = stored_file(photo_dir, name)  # None: a name not made by this program
                if src is None:
                    skipped += 1
                elif src.is_file():
                    info = zipfile.ZipInfo.from_file(src, f"photos/{name}")
                    info.compress_type = zipfile.ZIP_STORED
                    _carry_original(src, z, info, hasher)
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
        z.writestr("manifest.json", json.dumps(manifest, ensure_ascii=False, indent=1))
    return ExportReport(path, counts, skipped)


def _carry_original(src: Path, z: zipfile.ZipFile, info: zipfile.ZipInfo, hasher: ThreadPoolExecutor) -> None:
    """Copy a stored original into the package, hashing it on the way: an original altered on
    this laptop would make every receiver refuse the package, so the export stops here, naming it.
    The hash of each chunk runs on `hasher` while the zip writes it (both release the GIL)."""
    digest = hashlib.sha256()
    with src.open("rb") as fin, z.open(info, "w") as fout:
        while chunk := fin.read(CHUNK):
            hashed = hasher.submit(digest.update, chunk)
            fout.write(chunk)
            hashed.result()
    if digest.hexdigest() != src.name.split(".", 1)[0]:
        raise AnchaError(
            f"照片原始文件“{src.name[:16]}…”已被改动（内容与登记的哈希不符），导出已取消；"
            "可用命令 audit verify 查出它属于哪条记录，重新添加原片后再导出"
        )


# ---- import ------------------------------------------------------------------------------------


@dataclass
class MergeReport:
    inserted: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)
    skipped: dict[str, int] = field(default_factory=dict)
    conflicts: list[str] = field(default_factory=list)
    flagged: list[str] = field(default_factory=list)  # changes dated in the future

    def bump(self, kind: dict[str, int], entity: str, n: int = 1) -> None:
        if n:
            kind[entity] = kind.get(entity, 0) + n

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


FUTURE_TOLERANCE = dt.timedelta(minutes=10)
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
PER_FIELD = {"finding": Finding, "inspection_item": InspectionItem}  # edits audited field by field
ZIP_ERRORS = (zipfile.BadZipFile, OSError, EOFError, zlib.error, NotImplementedError, RuntimeError)
RECORD_NAMES = {records_entry(k) for k in KINDS}


class _Package:
    """An opened package whose entries passed the archive checks."""

    def __init__(self, path: Path) -> None:
        self.name = Path(path).name
        if not Path(path).is_file():
            raise AnchaError(f"文件不存在：{path}")
        try:
            self.z = zipfile.ZipFile(path)
        except (zipfile.BadZipFile, OSError) as exc:
            raise AnchaError(f"{self.name} 不是安查数据包（不是 zip 文件）") from exc
        try:
            self._check_entries()
            self.manifest = self._manifest()
            self.format = self.manifest["format"]
            need = {"data.json"} if self.format == 1 else RECORD_NAMES
            missing = need - self.entries.keys()
            if missing:
                raise AnchaError(f"{self.name}：缺少 {'、'.join(sorted(missing))}，不是安查数据包")
            other = (RECORD_NAMES if self.format == 1 else {"data.json"}) & self.entries.keys()
            if other:  # the records of the other format: not read, so not allowed
                shown = sorted(other)[0]
                raise AnchaError(f"{self.name}：含有不属于数据包的文件“{shown}”，拒绝导入")
            self.data: dict[str, Any] | None = self._data_json() if self.format == 1 else None
        except BaseException:
            self.z.close()
            raise

    def close(self) -> None:
        self.z.close()

    def _check_entries(self) -> None:
        name = self.name
        self.entries: dict[str, zipfile.ZipInfo] = {}
        self.photos: list[zipfile.ZipInfo] = []
        for i in self.z.infolist():
            entry = PurePosixPath(i.filename)
            shown = validation.strip_controls(i.filename)[:80]
            if entry.is_absolute() or ".." in entry.parts or "\\" in i.filename or ":" in i.filename:
                raise AnchaError(f"{name}：含有非法路径“{shown}”，拒绝导入")
            if i.filename in self.entries:
                raise AnchaError(f"{name}：“{shown}”出现了两次（数据包被改动过），拒绝导入")
            self.entries[i.filename] = i
            if i.is_dir():
                continue
            photo = len(entry.parts) == 2 and entry.parts[0] == "photos"
            if photo and validation.PHOTO_NAME.fullmatch(entry.name):
                if i.file_size > MAX_FILE_BYTES:
                    raise AnchaError(
                        f"{name}：照片“{entry.name[:16]}…”过大（{i.file_size // 2**20} MB），拒绝导入"
                    )
                self.photos.append(i)
            elif i.filename not in RECORD_NAMES | {"manifest.json", "data.json"}:
                raise AnchaError(f"{name}：含有不属于数据包的文件“{shown}”，拒绝导入")
            if i.compress_type != zipfile.ZIP_STORED and i.file_size > max(
                RATIO_FLOOR, MAX_RATIO * i.compress_size
            ):
                raise AnchaError(f"{name}：“{shown}”解压后过大（压缩比异常），拒绝导入")
            if i.compress_type == zipfile.ZIP_STORED and i.file_size != i.compress_size:
                raise AnchaError(f"{name}：“{shown}”的大小记录不一致（数据包被改动过），拒绝导入")

    def _read_small(self, entry: str, limit: int) -> Any:
        info = self.entries[entry]
        if info.file_size > limit:
            raise AnchaError(f"{self.name}：{entry} 过大，拒绝导入")
        try:
            return json.loads(self.z.read(info))
        except (json.JSONDecodeError, UnicodeDecodeError, RecursionError) as exc:
            raise AnchaError(f"{self.name}：内容格式错误（不是有效的 JSON）") from exc
        except ZIP_ERRORS as exc:
            raise AnchaError(f"{self.name}：压缩数据已损坏或加密，无法读取") from exc

    def _manifest(self) -> dict[str, Any]:
        if "manifest.json" not in self.entries:
            raise AnchaError(f"{self.name}：缺少 manifest.json，不是安查数据包")
        manifest = self._read_small("manifest.json", MAX_MANIFEST)
        version = manifest.get("format") if isinstance(manifest, dict) else "?"
        if not isinstance(manifest, dict) or isinstance(version, bool) or version not in FORMATS:
            raise AnchaError(
                f"{self.name}：不支持的数据包版本（{validation.strip_controls(str(version))[:20]}）"
            )
        return manifest

    def _data_json(self) -> dict[str, Any]:
        data = self._read_small("data.json", MAX_DATA_JSON)
        if not isinstance(data, dict):
            raise AnchaError(f"{self.name}：不支持的数据包版本（1）")
        return data

    def records(self, key: str) -> Iterator[tuple[int, Any]]:
        """(position, record as parsed JSON) of one kind, streamed."""
        if self.data is not None:
            rows = self.data.get(key, [])
            if not isinstance(rows, list):
                raise AnchaError(f"数据包中“{LABELS[key]}”部分格式错误（应为列表）")
            yield from enumerate(rows, 1)
            return
        n = 0
        try:
            with self.z.open(self.entries[records_entry(key)]) as fh:
                while True:
                    line = fh.readline(MAX_LINE + 1)
                    if not line:
                        return
                    n += 1
                    if len(line) > MAX_LINE:
                        raise AnchaError(f"数据包中第{n}条{LABELS[key]}记录过长，拒绝导入")
                    try:
                        yield n, json.loads(line)
                    except (json.JSONDecodeError, UnicodeDecodeError, RecursionError) as exc:
                        raise AnchaError(
                            f"{self.name}：第{n}条{LABELS[key]}记录格式错误（不是有效的 JSON）"
                        ) from exc
        except ZIP_ERRORS as exc:
            raise AnchaError(f"{self.name}：压缩数据已损坏或加密，无法读取") from exc


def _title(key: str, rec: dict[str, Any], n: int) -> str:
    name = rec.get("name") or rec.get("title") or rec.get("text") or ""
    shown = validation.strip_controls(name)[:20] if isinstance(name, str) else ""
    return f"数据包中第{n}条{LABELS[key]}记录" + (f"（{shown}）" if shown else "") + "："


COLUMNS = {key: {c.key for c in sa_inspect(model).columns} for key, model in ORDER}


def _check_record(key: str, model: type[Base], raw: Any, n: int) -> dict[str, Any]:
    if not isinstance(raw, dict):
        raise AnchaError(f"数据包中第{n}条{LABELS[key]}记录格式错误")
    try:
        return _columns(model, CHECKS[key]({k: v for k, v in raw.items() if k in COLUMNS[key]}, ""))
    except ValidationError as exc:
        raise AnchaError(_title(key, raw, n) + str(exc)) from exc


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


def _check_entry_at(raw: Any, n: int) -> dict[str, Any]:
    """The package's n-th audit entry, checked."""
    if not isinstance(raw, dict):
        raise AnchaError(f"数据包中第{n}条审计记录格式错误")
    try:
        return _check_entry(raw)
    except ValidationError as exc:
        raise AnchaError(f"数据包中第{n}条审计记录：{exc}") from exc


def _chunks(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    chunk = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _stage_photos(pkg: _Package, folder: Path) -> Path | None:
    """Each photo hashed and checked; those the store lacks written to a staging folder."""
    need = [i for i in pkg.photos if not _have(folder, i)]
    if not need:
        return None
    try:
        private_dir(folder.parent)
        private_dir(folder)
        free = shutil.disk_usage(folder).free
    except OSError as exc:
        raise AnchaError(f"无法使用照片文件夹 {folder}：{exc.strerror}") from exc
    size = sum(i.file_size for i in need)
    if size + 64 * 1024**2 > free:
        raise AnchaError(
            f"磁盘空间不足：数据包中的照片需要 {size / 2**30:.1f} GB，"
            f"{folder} 所在磁盘只剩 {free / 2**30:.1f} GB"
        )
    staging = folder / f".import-{uuid.uuid4().hex}"
    # each written file is synced to disk by a helper thread while the next one is read
    syncing: list[Future[None]] = []
    with ThreadPoolExecutor(max_workers=4) as pool:
        try:
            private_dir(staging)
            for info in need:
                name = PurePosixPath(info.filename).name
                out = _copy_checked(pkg, info, name, staging / name)
                syncing.append(pool.submit(_sync_close, out))
                while len(syncing) > 32 or (syncing and syncing[0].done()):
                    syncing.pop(0).result()
            for f in syncing:
                f.result()
        except OSError as exc:
            shutil.rmtree(staging, ignore_errors=True)
            raise AnchaError(f"无法写入照片到 {staging}：{exc.strerror}") from exc
        except BaseException:
            wait(syncing)
            shutil.rmtree(staging, ignore_errors=True)
            raise
    return staging


def _sync_close(fh: IO[bytes]) -> None:
    try:
        os.fsync(fh.fileno())
    finally:
        fh.close()


def _have(folder: Path, info: zipfile.ZipInfo) -> bool:
    """The store has this photo already: its name is its content, so the package's copy is not
    read at all (a copy of another size is damaged and is replaced by the package's)."""
    try:
        return (folder / PurePosixPath(info.filename).name).stat().st_size == info.file_size
    except OSError:
        return False


def _copy_checked(pkg: _Package, info: zipfile.ZipInfo, name: str, target: Path) -> IO[bytes]:
    """Read one photo entry, verify its hash, and write it to `target`.
    Returns the written file, open, for the caller to sync and close."""
    digest = hashlib.sha256()
    out = None
    try:
        with pkg.z.open(info) as src:
            fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o600)
            out = os.fdopen(fd, "wb")
            while chunk := src.read(CHUNK):
                digest.update(chunk)
                out.write(chunk)
        out.flush()
    except ZIP_ERRORS as exc:
        if out is not None:
            out.close()
        if isinstance(exc, OSError) and not isinstance(exc, zipfile.BadZipFile) and exc.errno is not None:
            raise AnchaError(f"无法写入照片到 {target.parent}：{exc.strerror}") from exc
        raise AnchaError(f"数据包中的照片“{name[:16]}…”已损坏") from exc
    try:
        if digest.hexdigest() != name.split(".")[0]:
            raise AnchaError(f"数据包中的照片“{name[:16]}…”内容与文件名不符（被改动过），拒绝导入")
        _check_image(target, name)
    except BaseException:
        if out is not None:
            out.close()
        raise
    return out


def _check_image(path: Path, name: str) -> None:
    """An image of the kind its extension names, by the same rule as an attached photo."""
    shown = f"数据包中的照片“{name[:16]}…”"
    try:
        with path.open("rb") as fp:
            info = inspect_image(fp, name[:16] + "…")
    except ValidationError as exc:
        raise AnchaError(f"{shown}不是有效的图片（{exc.detail}），拒绝导入") from exc
    if info.ext != "." + name.rsplit(".", 1)[-1]:
        raise AnchaError(f"{shown}不是有效的图片（内容（{info.fmt}）与扩展名不符），拒绝导入")


def _publish(staging: Path | None, folder: Path) -> None:
    """Move the staged photos into the store (renames within one folder tree)."""
    if staging is None:
        return
    for f in staging.iterdir():
        os.replace(f, folder / f.name)
    fsync_dir(folder)


def import_package(ws: Workspace, path: Path) -> MergeReport:
    """Merge a package into the database: all of it or, when anything is wrong, none of it."""
    pkg = _Package(path)
    folder = photos_dir(ws)
    staging = None
    try:
        staging = _stage_photos(pkg, folder)
        report = MergeReport()
        with ws.db.session() as s:
            write_transaction(s)  # SQLite: the write lock now, so what is read stays current
            merge = _Merge(s, ws.user, utcnow(), report, pkg)
            for key, model in ORDER:
                for batch in _chunks(pkg.records(key), BATCH):
                    merge.batch(key, model, batch)
            merge.finish()
            _publish(staging, folder)
    finally:
        pkg.close()
        if staging is not None:
            shutil.rmtree(staging, ignore_errors=True)
    return report


class _Entry:
    """A package audit entry seen like a stored one (for change times)."""

    def __init__(self, e: dict[str, Any]) -> None:
        self.entity_id, self.action, self.field, self.at = e["entity_id"], e["action"], e["field"], e["at"]


def _field_times(
    entries: Iterable[Any], out: dict[tuple[uuid.UUID, str], dt.datetime] | None = None
) -> dict[tuple[uuid.UUID, str], dt.datetime]:
    """Newest change time per (record, field); the field "" holds the creation time."""
    out = {} if out is None else out
    for e in entries:
        if e.action == "merge" or e.action == "photo":
            continue  # bookkeeping of earlier merges, not an edit
        key = (e.entity_id, "" if e.action == "create" else (e.field or ""))
        if not key[1] and e.action != "create":
            continue
        if key not in out or e.at > out[key]:
            out[key] = e.at
    return out


REFERENCES = {
    "unit_id": ("units", Unit, "单位"),
    "inspection_id": ("inspections", Inspection, "检查"),
    "inspection_item_id": ("inspection_items", InspectionItem, "检查项目"),
    "finding_id": ("findings", Finding, "隐患"),
}


@dataclass
class _Merge:
    s: Session
    user: str
    now: dt.datetime
    report: MergeReport
    pkg: _Package
    seen: dict[uuid.UUID, str] = field(default_factory=dict)  # package id -> kind
    unit_map: dict[uuid.UUID, uuid.UUID] = field(default_factory=dict)  # package -> local unit id
    merges: list[dict[str, Any]] = field(default_factory=list)  # merge decisions to log
    # records on both sides that differ: merged once the package's change times are read
    pending: list[tuple[str, type[Base], dict[str, Any]]] = field(default_factory=list)
    their_times: dict[tuple[uuid.UUID, str], dt.datetime] = field(default_factory=dict)
    local_times: dict[tuple[uuid.UUID, str], dt.datetime] = field(default_factory=dict)

    def batch(self, key: str, model: type[Base], raws: list[tuple[int, Any]]) -> None:
        """Check, map and merge up to BATCH records of one kind. A record equal to the local
        one field for field stores nothing and is skipped before validation."""
        table = cast(Table, model.__table__)
        pk = table.c.id
        cols = COLUMNS[key]
        quick = {n: _uuid_or_none(raw.get("id")) if isinstance(raw, dict) else None for n, raw in raws}
        wanted = [i for i in quick.values() if i is not None]
        local = {row.id: row._mapping for row in self.s.execute(select(*table.columns).where(pk.in_(wanted)))}
        recs: list[tuple[int, dict[str, Any]]] = []
        for n, raw in raws:
            rid = quick[n]
            row = local.get(rid) if rid is not None else None
            if rid is not None and rid in self.seen:
                raise AnchaError(_title(key, raw, n) + "编号重复")
            if row is not None and _same(raw, row, cols):
                self.seen[rid] = key  # type: ignore[index]
                self.report.bump(self.report.skipped, key)
                continue
            rec = _check_record(key, model, raw, n)
            if rec["id"] in self.seen:
                raise AnchaError(_title(key, raw, n) + "编号重复")
            self.seen[rec["id"]] = key
            recs.append((n, rec))
        if not recs:
            return
        if key == "units":
            self._map_units([r for _, r in recs])
        for _, rec in recs:
            if "unit_id" in rec:
                rec["unit_id"] = self.unit_map.get(rec["unit_id"], rec["unit_id"])
        self._check_references(key, recs)
        ids = [r["id"] for _, r in recs]
        have = set(self.s.execute(select(pk).where(pk.in_(ids)).with_for_update()).scalars())
        new = [r for _, r in recs if r["id"] not in have]
        if new:
            if model is Finding:
                self._denormalise(new)
            groups: dict[frozenset[str], list[dict[str, Any]]] = {}
            for r in new:  # one executemany per set of fields given (the rest take defaults)
                groups.setdefault(frozenset(r), []).append(r)
            for rows in groups.values():
                self.s.execute(table.insert(), rows)
            self.report.bump(self.report.inserted, key, len(new))
        for _, rec in recs:
            if rec["id"] not in have:
                continue
            if model is Photo:  # a photo never changes: same id, same file
                self.report.bump(self.report.skipped, key)
            else:
                self.pending.append((key, model, rec))

    def _map_units(self, recs: list[dict[str, Any]]) -> None:
        """Units known here under another id (same USCC) take the local id."""
        ids = [r["id"] for r in recs]
        have = set(self.s.execute(select(Unit.id).where(Unit.id.in_(ids))).scalars())
        by_uscc = {r["uscc"]: r for r in recs if r.get("uscc") and r["id"] not in have}
        if not by_uscc:
            return
        q = select(Unit.id, Unit.uscc).where(Unit.uscc.in_(list(by_uscc)))
        for local_id, code in self.s.execute(q):
            rec = by_uscc[code]
            self.unit_map[rec["id"]] = local_id
            self.seen[local_id] = "units"
            rec["id"] = local_id

    def _check_references(self, key: str, recs: list[tuple[int, dict[str, Any]]]) -> None:
        """Each reference points to a record in the package (merged already) or the database."""
        wanted: dict[str, set[uuid.UUID]] = {}
        for _, rec in recs:
            for col, (target, _model, _label) in REFERENCES.items():
                ref = rec.get(col)
                if ref is not None and self.seen.get(ref) != target:
                    wanted.setdefault(col, set()).add(ref)
        found: set[uuid.UUID] = set()
        for col, refs in wanted.items():
            model = REFERENCES[col][1]
            found.update(self.s.execute(select(model.id).where(model.id.in_(refs))).scalars())  # type: ignore[attr-defined]
        for n, rec in recs:
            for col, (_target, _model, label) in REFERENCES.items():
                ref = rec.get(col)
                if ref in wanted.get(col, ()) and ref not in found:
                    raise AnchaError(
                        _title(key, rec, n)
                        + f"引用的{label}（{str(ref)[:8]}）既不在数据包中，也不在本数据库中"
                    )

    def _denormalise(self, recs: list[dict[str, Any]]) -> None:
        """A new finding's unit name (the local unit's) and ledger search text."""
        ids = {r["unit_id"] for r in recs}
        names = dict(self.s.execute(select(Unit.id, Unit.name).where(Unit.id.in_(ids))).all())
        for r in recs:
            r["unit_name"] = names.get(r["unit_id"], r.get("unit_name"))
            r["search_text"] = search_text_of(r)

    def _merge(self, key: str, model: type[Base], values: dict[str, Any]) -> None:
        obj: Any = self.s.get(model, values["id"])
        diff = {
            k: (getattr(obj, k), v)
            for k, v in values.items()
            if k not in NOT_MERGED and k in COLUMNS[key] and _norm(getattr(obj, k)) != _norm(v)
        }
        if not diff:
            self.report.bump(self.report.skipped, key)
            return
        entity = model.__tablename__.rstrip("s")
        name = getattr(obj, "name", None) or getattr(obj, "title", None) or str(obj.id)[:8]
        label = f"{LABELS[key]}“{validation.strip_controls(str(name))[:30]}”"
        local_times = self.local_times
        take: dict[str, Any] = {}
        kept_closed: list[str] = []
        closed_here = isinstance(obj, Finding) and obj.status == Status.CLOSED.value
        closed_there = model is Finding and values.get("status") == Status.CLOSED.value
        for k, (mine, theirs) in diff.items():
            if model is Finding and k in CLOSURE_FIELDS and closed_here != closed_there:
                if closed_there:
                    take[k] = theirs
                elif self._theirs_newer(obj, values, k, mine, theirs, local_times):
                    kept_closed.append(k)  # a later edit that would reopen or alter a closure
                continue
            if self._theirs_newer(obj, values, k, mine, theirs, local_times):
                take[k] = theirs
        if take and model is Finding:
            try:
                validation.check_finding({**_plain(obj), **take})
            except ValidationError as exc:
                self.report.conflicts.append(f"{label}：合并后的记录不符合规则（{exc}），保留本机版本")
                take = {}
        logged: set[str] = set()
        for k, (mine, theirs) in diff.items():
            if k in take:
                self._log(entity, obj.id, k, mine, theirs)
                setattr(obj, k, theirs)
            elif not self._logged(obj.id, k, theirs, mine):  # importing again: nothing new
                self._log(entity, obj.id, k, theirs, mine)
                logged.add(k)
        if isinstance(obj, Finding):
            unit = self.s.get(Unit, obj.unit_id)
            if unit is not None:
                obj.unit_name = unit.name
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

    def _log(self, entity: str, rid: uuid.UUID, k: str, old: Any, new: Any) -> None:
        self.merges.append(
            {
                "entity": entity,
                "entity_id": rid,
                "action": "merge",
                "by": self.user,
                "field": k,
                "old": old,
                "new": new,
            }
        )

    def _time(
        self, times: dict[tuple[uuid.UUID, str], dt.datetime], rid: uuid.UUID, k: str, stamp: Any
    ) -> dt.datetime:
        t = times.get((rid, k)) or times.get((rid, "")) or stamp
        return t if isinstance(t, dt.datetime) else dt.datetime.min

    def _theirs_newer(
        self,
        row: Any,
        values: dict[str, Any],
        k: str,
        mine: Any,
        theirs: Any,
        local_times: dict[tuple[uuid.UUID, str], dt.datetime],
    ) -> bool:
        """Whether the package's value of field `k` was changed last (ties broken by value)."""
        if isinstance(row, Finding | InspectionItem):  # edits audited field by field
            mine_t = self._time(local_times, row.id, k, getattr(row, "created_at", None) or row.updated_at)
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

    def finish(self) -> None:
        """Append the package's history, then merge the differing records and log the merge
        decisions after it: the log's last word on a field is always the value the database
        keeps. The chain lock is taken here, not before."""
        per_field = {rec["id"] for key, model, rec in self.pending if model in (Finding, InspectionItem)}
        q = select(AuditEntry.entity_id, AuditEntry.action, AuditEntry.field, AuditEntry.at)
        for chunk in _chunks(per_field, 500):  # local change times, before the package's join them
            _field_times(self.s.execute(q.where(AuditEntry.entity_id.in_(chunk))), self.local_times)
        audit.begin_write(self.s)
        for chunk in _chunks(self.pkg.records("audit"), 2000):
            quick = [_uuid_or_none(raw.get("id")) if isinstance(raw, dict) else None for _, raw in chunk]
            known = [i for i in quick if i is not None]
            have = set(self.s.execute(select(AuditEntry.id).where(AuditEntry.id.in_(known))).scalars())
            fresh = []
            for (n, raw), rid in zip(chunk, quick, strict=True):
                seen = rid is not None and rid in have
                if seen and (not per_field or _uuid_or_none(raw.get("entity_id")) not in per_field):
                    self.report.bump(self.report.skipped, "audit")  # stored already: nothing to read
                    continue
                e = _check_entry_at(raw, n)
                if e["entity_id"] in per_field:
                    _field_times([_Entry(e)], self.their_times)
                if seen or e["id"] in have:
                    self.report.bump(self.report.skipped, "audit")
                    continue
                have.add(e["id"])
                e["entity_id"] = self.unit_map.get(e["entity_id"], e["entity_id"])
                fresh.append(e)
            self.report.bump(self.report.inserted, "audit", audit.append_many(self.s, fresh))
        for key, model, rec in self.pending:
            self._merge(key, model, rec)
            self.s.flush()
        audit.append_many(self.s, self.merges)


def _uuid_or_none(value: Any) -> uuid.UUID | None:
    try:
        return uuid.UUID(value) if isinstance(value, str) else None
    except ValueError:
        return None


def _same(raw: dict[str, Any], row: Any, cols: set[str]) -> bool:
    """The package's record carries the local row's values (as an export writes them)."""
    return all(_plain_value(row[k]) == v for k, v in raw.items() if k in cols and k not in NOT_MERGED)


def _norm(v: Any) -> Any:
    return v.replace(tzinfo=None) if isinstance(v, dt.datetime) else v


def _plain(row: Any) -> dict[str, Any]:
    return {c.key: getattr(row, c.key) for c in sa_inspect(type(row)).columns}
