"""The append-only, hash-chained audit log, and the anchors that pin its head.

Each entry's hash covers its content and the previous entry's hash, so editing, inserting
or deleting an entry in the middle breaks the chain. Deleting entries at the end, or
rewriting entries and recomputing every hash after them, leaves a chain that is valid in
itself: those are caught only against an anchor, a copy of the head (entry number and hash)
kept outside the table: in a file beside the database (updated on every commit), in every
backup (the backup's own chain) and in every package manifest. Any head the chain ever had
stays a prefix of it for ever, so every anchor stays checkable.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

from sqlalchemy import Table, func, select, text
from sqlalchemy.orm import Session

from app.storage.models import AuditEntry, Finding, utcnow

GENESIS = "0" * 64


def as_text(value: object) -> str | None:
    """How a value is written in the log."""
    if value is None:
        return None
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return str(value)


def entry_hash(prev_hash: str, e: AuditEntry) -> str:
    return chain_hash(prev_hash, e.id, e.entity, e.entity_id, e.action, e.field, e.old, e.new, e.at, e.by)


def chain_hash(
    prev_hash: str,
    entry_id: uuid.UUID,
    entity: str,
    entity_id: uuid.UUID,
    action: str,
    field: str | None,
    old: str | None,
    new: str | None,
    at: dt.datetime,
    by: str | None,
) -> str:
    """An entry's hash: its content and the previous entry's hash."""
    payload = json.dumps(
        [
            str(entry_id),
            entity,
            str(entity_id),
            action,
            field,
            old,
            new,
            at.isoformat(timespec="microseconds"),
            by,
        ],
        ensure_ascii=False,
    )
    return hashlib.sha256((prev_hash + payload).encode("utf-8")).hexdigest()


def begin_write(session: Session) -> None:
    """Make the session's transaction a write transaction now, before the head is read.

    Two writers that both read the head and then append would fork the chain. On SQLite the
    transaction starts with BEGIN IMMEDIATE (the write lock, waiting for the busy timeout)
    unless it already wrote something (the driver begins before the first INSERT/UPDATE, so
    a transaction in progress holds the lock). On PostgreSQL a transaction-scoped advisory
    lock lets one writer at a time extend the chain; READ COMMITTED then shows it the newest head.
    """
    if session.info.get("audit_locked"):
        return
    conn = session.connection()
    if conn.dialect.name == "sqlite":
        raw = conn.connection.dbapi_connection
        if raw is not None and not raw.in_transaction:
            conn.exec_driver_sql("BEGIN IMMEDIATE")  # errors come wrapped, like any statement's
    elif conn.dialect.name == "postgresql":
        conn.execute(text("SELECT pg_advisory_xact_lock(727301)"))
    session.info["audit_locked"] = True


def _last_hash(session: Session) -> str:
    begin_write(session)
    last = session.execute(select(AuditEntry.hash).order_by(AuditEntry.seq.desc()).limit(1)).scalar()
    return last or GENESIS


def end_transaction(session: Session) -> None:
    """Forget the cached head and lock when the transaction ends (commit or rollback)."""
    for key in ("audit_last_hash", "audit_locked", "audit_last_entry"):
        session.info.pop(key, None)


def record(
    session: Session,
    entity: str,
    entity_id: uuid.UUID,
    action: str,
    by: str | None,
    field: str | None = None,
    old: object = None,
    new: object = None,
    at: dt.datetime | None = None,
    entry_id: uuid.UUID | None = None,
) -> AuditEntry:
    """Append one entry, chained to the newest one (inside the write lock)."""
    prev = session.info.get("audit_last_hash") or _last_hash(session)
    e = AuditEntry(
        id=entry_id or uuid.uuid4(),
        entity=entity,
        entity_id=entity_id,
        action=action,
        field=field,
        old=as_text(old),
        new=as_text(new),
        at=(at or utcnow()).replace(tzinfo=None),
        by=by,
        prev_hash=prev,
    )
    e.hash = entry_hash(prev, e)
    session.add(e)
    session.info["audit_last_hash"] = e.hash
    session.info["audit_last_entry"] = e
    return e


def append_many(session: Session, entries: Iterable[Mapping[str, Any]], chunk: int = 2000) -> int:
    """Append entries in order, chained as `record` chains one, with one INSERT per `chunk`
    entries (inside the write lock). Each entry has the keys of `record`'s arguments:
    entity, entity_id, action, by, and optionally field, old, new, at and id. Returns the count."""
    prev = session.info.get("audit_last_hash") or _last_hash(session)
    session.flush()  # entries added one by one come first, as they were chained first
    table = cast(Table, AuditEntry.__table__)
    rows: list[dict[str, Any]] = []
    count = 0
    for e in entries:
        row = {
            "id": e.get("id") or uuid.uuid4(),
            "entity": e["entity"],
            "entity_id": e["entity_id"],
            "action": e["action"],
            "field": e.get("field"),
            "old": as_text(e.get("old")),
            "new": as_text(e.get("new")),
            "at": (e.get("at") or utcnow()).replace(tzinfo=None),
            "by": e.get("by"),
            "prev_hash": prev,
        }
        prev = row["hash"] = chain_hash(
            prev,
            row["id"],
            row["entity"],
            row["entity_id"],
            row["action"],
            row["field"],
            row["old"],
            row["new"],
            row["at"],
            row["by"],
        )
        rows.append(row)
        if len(rows) >= chunk:
            session.execute(table.insert(), rows)  # Core executemany: no per-row key fetch
            count, rows = count + len(rows), []
    if rows:
        session.execute(table.insert(), rows)
        count += len(rows)
    if count:
        session.info["audit_last_hash"] = prev
        # the head for the anchor file written after commit
        session.info["audit_last_entry"] = session.execute(
            select(AuditEntry).order_by(AuditEntry.seq.desc()).limit(1)
        ).scalar_one()
    return count


# ---- anchors -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Anchor:
    """A head of the chain seen at some time: entry number, its hash, entries up to it."""

    seq: int
    hash: str
    source: str  # where it was kept, for messages
    count: int | None = None

    def as_dict(self) -> dict[str, Any]:
        return {"seq": self.seq, "hash": self.hash, "count": self.count}


def head(session: Session) -> Anchor | None:
    """The chain's newest entry as an anchor (None for an empty log)."""
    row = session.execute(
        select(AuditEntry.seq, AuditEntry.hash).order_by(AuditEntry.seq.desc()).limit(1)
    ).first()
    if row is None:
        return None
    count = session.execute(select(func.count()).select_from(AuditEntry)).scalar_one()
    return Anchor(row.seq, row.hash, "数据库", count)


def anchor_from(data: object, source: str) -> Anchor | None:
    """An anchor from its JSON form; None when the data is not one."""
    if not isinstance(data, dict):
        return None
    seq, h, count = data.get("seq"), data.get("hash"), data.get("count")
    if not isinstance(seq, int) or not isinstance(h, str) or len(h) != 64:
        return None
    return Anchor(seq, h, source, count if isinstance(count, int) else None)


def save_anchor(path: Path, seq: int, hash_: str, extra: dict[str, Any] | None = None) -> None:
    """Write the head file beside the database (atomically; a lost update is harmless:
    an older head is still a valid anchor)."""
    old = read_anchor_file(path)
    body: dict[str, Any] = {"seq": seq, "hash": hash_, "saved": utcnow().isoformat(timespec="seconds")}
    if old is not None and "restored" in old:
        body["restored"] = old["restored"]
    body.update(extra or {})
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{uuid.uuid4().hex[:6]}")
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(body, fh)
        os.replace(tmp, path)
    except OSError:
        tmp.unlink(missing_ok=True)  # the anchor is a safeguard; never fail a save for it


def read_anchor_file(path: Path) -> dict[str, Any] | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def after_commit(session: Session, anchor_path: Path | None) -> None:
    e = session.info.get("audit_last_entry")
    if anchor_path is not None and isinstance(e, AuditEntry) and e.seq is not None:
        save_anchor(anchor_path, e.seq, e.hash)
    end_transaction(session)


# ---- verification --------------------------------------------------------------------------

CHECKS = {
    "link": "链接检查",
    "hash": "哈希检查",
    "anchor": "锚点检查",
    "guard": "追加保护检查",
    "data": "隐患数据核对",
}


@dataclass(frozen=True)
class Break:
    seq: int
    reason: str
    check: str = "hash"

    def __str__(self) -> str:
        where = f"审计记录第{self.seq}条：" if self.seq else ""
        return f"{CHECKS.get(self.check, self.check)}未通过：{where}{self.reason}"


@dataclass
class VerifyReport:
    count: int = 0
    problems: list[Break] = field(default_factory=list)
    anchors: list[Anchor] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def __str__(self) -> str:
        if self.ok:
            lines = [f"审计日志完整：{self.count} 条记录，哈希链无断裂，与 {len(self.anchors)} 个锚点一致"]
        else:
            lines = [f"审计日志被篡改（共检查 {self.count} 条）："] + [f"- {p}" for p in self.problems]
        return "\n".join(lines + self.notes)


def verify(session: Session, anchors: Sequence[Anchor] = ()) -> tuple[int, Break | None]:
    """Check the chain (and `anchors`); (entries checked, first problem or None)."""
    report = check(session, anchors)
    return report.count, (report.problems[0] if report.problems else None)


def check(session: Session, anchors: Sequence[Anchor] = (), data: bool = True) -> VerifyReport:
    """Every check: the links, each entry's hash, the anchors, the guard triggers, the findings."""
    report = VerifyReport(anchors=list(anchors))
    prev = GENESIS
    by_seq = {a.seq for a in anchors}
    wanted = {a.hash for a in anchors}
    seen_seq: dict[int, str] = {}
    seen_hash: dict[str, tuple[int, int]] = {}
    last_seq = 0
    for e in session.execute(select(AuditEntry).order_by(AuditEntry.seq)).scalars():
        report.count += 1
        if not report.problems:
            if e.prev_hash != prev:
                report.problems.append(
                    Break(e.seq, "与前一条记录的链接断开（记录被删除、插入或调换）", "link")
                )
            elif entry_hash(prev, e) != e.hash:
                report.problems.append(Break(e.seq, "内容与哈希值不符（记录被修改）", "hash"))
        if e.seq in by_seq:
            seen_seq[e.seq] = e.hash
        if e.hash in wanted:
            seen_hash[e.hash] = (e.seq, report.count)
        prev = e.hash
        last_seq = e.seq
    for a in anchors:
        _check_anchor(a, seen_seq, seen_hash, last_seq, report)
    _check_guard(session, report)
    if data:
        _check_findings(session, report)
    return report


def _check_anchor(
    a: Anchor,
    seen_seq: dict[int, str],
    seen_hash: dict[str, tuple[int, int]],
    last_seq: int,
    report: VerifyReport,
) -> None:
    if seen_seq.get(a.seq) == a.hash:
        pos = seen_hash[a.hash][1]
        if a.count is not None and pos != a.count:
            report.problems.append(
                Break(
                    a.seq,
                    f"{a.source}记下此前共 {a.count} 条，现在是 {pos} 条（中间的记录被删除或插入）",
                    "anchor",
                )
            )
        return
    if a.hash in seen_hash:
        seq, _pos = seen_hash[a.hash]
        report.problems.append(
            Break(seq, f"{a.source}记下的第{a.seq}条现编号为第{seq}条（记录编号被改动）", "anchor")
        )
    elif last_seq < a.seq:
        report.problems.append(
            Break(
                a.seq,
                f"{a.source}记下共有第{a.seq}条，现在只到第{last_seq}条（末尾的记录被删除）",
                "anchor",
            )
        )
    else:
        report.problems.append(
            Break(a.seq, f"与{a.source}记下的哈希不符（记录被改写并重算了哈希，或数据库被替换）", "anchor")
        )


def _check_guard(session: Session, report: VerifyReport) -> None:
    dialect = session.get_bind().dialect.name
    if dialect == "sqlite":
        names = set(session.execute(text("SELECT name FROM sqlite_master WHERE type='trigger'")).scalars())
        missing = {"audit_log_no_update", "audit_log_no_delete"} - names
        if missing:
            report.problems.append(
                Break(0, "审计日志的只追加保护触发器被删除：" + "、".join(sorted(missing)), "guard")
            )
    elif dialect == "postgresql":
        state = session.execute(
            text("SELECT tgenabled FROM pg_trigger WHERE tgname = 'audit_log_append_only'")
        ).scalar()
        if state is None:
            report.problems.append(Break(0, "审计日志的只追加保护触发器被删除", "guard"))
        elif state == "D":
            report.problems.append(Break(0, "审计日志的只追加保护触发器被停用", "guard"))


# Fields whose latest logged value must be the finding's current value.
_STATUS_LABELS = {"pending": "待整改", "in_progress": "整改中", "awaiting": "待验收", "closed": "已销号"}
_LEVEL_LABELS = {"general": "一般隐患", "major": "重大事故隐患"}


def _check_findings(session: Session, report: VerifyReport) -> None:
    """A finding changed without an audit entry: its value differs from the log's last word."""
    last: dict[tuple[uuid.UUID, str], tuple[dt.datetime, int, str | None]] = {}
    created: dict[uuid.UUID, str | None] = {}
    q = select(
        AuditEntry.entity_id,
        AuditEntry.action,
        AuditEntry.field,
        AuditEntry.new,
        AuditEntry.at,
        AuditEntry.seq,
    )
    for eid, action, fld, new, at, seq in session.execute(q.where(AuditEntry.entity == "finding")):
        if action == "create":
            created[eid] = new
        elif fld and action != "photo":
            key = (eid, fld)
            if key not in last or (at, seq) >= last[key][:2]:
                last[key] = (at, seq, new)
    fields_by_id: dict[uuid.UUID, list[tuple[str, str | None]]] = {}
    for (eid, fld), (_at, _seq, new) in last.items():
        fields_by_id.setdefault(eid, []).append((fld, new))
    cols = {c.key for c in Finding.__table__.columns} - {
        "unit_name",
        "search_text",
        "updated_at",
        "created_at",
    }
    bad: list[str] = []
    for f in session.execute(select(Finding)).scalars():
        if f.id not in created and f.id not in fields_by_id:
            bad.append(f"“{f.title[:20]}”没有任何审计记录")
            continue
        logged = fields_by_id.get(f.id, [])
        names = {n for n, _ in logged}
        for fld, new in logged:
            now: str | None
            if fld == "status":
                now = _STATUS_LABELS.get(f.status, f.status)
            elif fld in cols:
                now = as_text(getattr(f, fld))
            else:
                continue
            if (now or None) != (new or None) and not (fld == "status" and new == f.status):
                bad.append(f"“{f.title[:20]}”的{fld}")
        if f.id in created and "status" not in names and f.status != "pending":
            bad.append(f"“{f.title[:20]}”的status")
        if f.id in created and "title" not in names and "level" not in names:
            want = f"{_LEVEL_LABELS.get(f.level, f.level)}：{f.title}"
            if created[f.id] not in (None, want):
                bad.append(f"“{f.title[:20]}”的title/level")
    if bad:
        report.problems.append(
            Break(0, f"{len(bad)} 处隐患数据与审计日志不符（未留记录的修改）：" + "；".join(bad[:10]), "data")
        )


def anchors_in(paths: Iterable[Path]) -> list[Anchor]:
    """Anchors from head files, package files (.zip) and backup databases (.db)."""
    out: list[Anchor] = []
    for p in paths:
        a = load_anchor(p)
        if a is not None:
            out.append(a)
    return out


def load_anchor(path: Path) -> Anchor | None:
    """The anchor kept in a head file, a package's manifest or a backup database."""
    import sqlite3
    import zipfile

    name = path.name
    if path.suffix == ".zip":
        try:
            with zipfile.ZipFile(path) as z:
                manifest = json.loads(z.read("manifest.json"))
        except (OSError, KeyError, ValueError, zipfile.BadZipFile):
            return None
        return anchor_from(
            manifest.get("audit_head") if isinstance(manifest, dict) else None, f"数据包 {name} "
        )
    if path.suffix == ".json":
        return anchor_from(read_anchor_file(path), f"锚点文件 {name} ")
    from app.storage.backup import read_only

    try:
        conn = sqlite3.connect(read_only(path), uri=True)
        try:
            row = conn.execute("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1").fetchone()
            count = conn.execute("SELECT count(*) FROM audit_log").fetchone()[0]
        finally:
            conn.close()
    except sqlite3.Error:
        return None
    return Anchor(int(row[0]), str(row[1]), f"备份 {name} ", int(count)) if row else None


def history(session: Session, entity_id: uuid.UUID) -> list[AuditEntry]:
    return list(
        session.execute(
            select(AuditEntry).where(AuditEntry.entity_id == entity_id).order_by(AuditEntry.seq)
        ).scalars()
    )
