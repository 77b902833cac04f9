"""`audit verify`: the audit log's chain against every anchor kept for it, and each photo's
original against the sha256 recorded when it was attached."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from app.core.errors import AnchaError
from app.services import photos
from app.services.workspace import Workspace
from app.storage import audit


@dataclass(frozen=True)
class Verification:
    audit_text: str  # the audit log's report, one line per problem or note
    audit_ok: bool
    bad_photos: list[str]  # one line per missing or altered original

    @property
    def ok(self) -> bool:
        return self.audit_ok and not self.bad_photos


def verify(ws: Workspace, extra_anchors: Sequence[Path] = ()) -> Verification:
    """Check the chain against the anchors kept beside the database (a SQLite file's head file
    and backups; a PostgreSQL office's anchor file) and `extra_anchors` (packages, backups or
    anchor files the user names; each must hold an anchor), then every photo's original."""
    if ws.db.path:
        from app.storage.backup import anchors_for

        anchors = anchors_for(ws.db.path)
    else:
        anchors = audit.anchors_in([ws.db.anchor_path] if ws.db.anchor_path else [])
    for p in extra_anchors:
        if not p.is_file():
            raise AnchaError(f"锚点文件不存在：{p}")
        a = audit.load_anchor(p)
        if a is None:
            raise AnchaError(f"{p} 中没有审计日志锚点（应为安查数据包、备份或锚点文件）")
        anchors.append(a)
    with ws.db.session() as s:
        report = audit.check(s, anchors)
    return Verification(str(report), report.ok, photos.check_all(ws))
