"""The append-only, hash-chained audit log."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import uuid
from dataclasses import dataclass

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from app.storage.models import AuditEntry, utcnow

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
    payload = json.dumps(
        [
            str(e.id),
            e.entity,
            str(e.entity_id),
            e.action,
            e.field,
            e.old,
            e.new,
            e.at.isoformat(timespec="microseconds"),
            e.by,
        ],
        ensure_ascii=False,
    )
    return hashlib.sha256((prev_hash + payload).encode("utf-8")).hexdigest()


def _last_hash(session: Session) -> str:
    if session.get_bind().dialect.name == "postgresql":
        # one writer at a time extends the chain
        session.execute(text("SELECT pg_advisory_xact_lock(727301)"))
    last = session.execute(select(AuditEntry.hash).order_by(AuditEntry.seq.desc()).limit(1)).scalar()
    return last or GENESIS


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
    """Append one entry, chained to the newest one."""
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
    return e


@dataclass(frozen=True)
class Break:
    seq: int
    reason: str

    def __str__(self) -> str:
        return f"审计记录第{self.seq}条：{self.reason}"


def verify(session: Session) -> tuple[int, Break | None]:
    """Check the whole chain; (entries checked, first broken link or None)."""
    prev = GENESIS
    count = 0
    for e in session.execute(select(AuditEntry).order_by(AuditEntry.seq)).scalars():
        count += 1
        if e.prev_hash != prev:
            return count, Break(e.seq, "与前一条记录的链接断开（记录被删除或插入）")
        if entry_hash(prev, e) != e.hash:
            return count, Break(e.seq, "内容与哈希值不符（记录被修改）")
        prev = e.hash
    return count, None


def history(session: Session, entity_id: uuid.UUID) -> list[AuditEntry]:
    return list(
        session.execute(
            select(AuditEntry).where(AuditEntry.entity_id == entity_id).order_by(AuditEntry.seq)
        ).scalars()
    )
