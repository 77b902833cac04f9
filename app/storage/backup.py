"""Backups of a SQLite database with SQLite's online backup API, and restoring one safely.

A restore never leaves the user without a database: the backup is copied to a temporary
file and synced first, a journal file records the plan, the current database is moved aside
(never overwritten) and the copy renamed into place. A start after an interrupted restore
finds the journal and finishes the job (see `finish_interrupted_restore`).
The photo originals a backup refers to are kept by `app.services.backups`, which uses this module.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from app.core.errors import AnchaError
from app.paths import fsync_dir, private_dir, restrict

if TYPE_CHECKING:
    from app.storage.audit import Anchor

KEEP = 10
MAX_KEEP = 1000
STAMP = "%Y%m%d-%H%M%S"
_NAME = re.compile(r"(\d{8}-\d{6})(?:-(\d+))?")


@dataclass(frozen=True)
class BackupFile:
    path: Path
    taken: dt.datetime
    size: int


def backup_dir(db_path: Path) -> Path:
    return db_path.parent / f"{db_path.stem}-backups"


def check_keep(keep: object) -> int:
    if isinstance(keep, bool) or not isinstance(keep, int) or not 1 <= keep <= MAX_KEEP:
        raise AnchaError(f"保留份数应为 1 到 {MAX_KEEP} 之间的整数，而不是 {keep}")
    return keep


def read_only(path: Path) -> str:
    """A read-only SQLite URI for `path`; "%", "?" and "#" escaped (a folder named "a #1" would
    otherwise open the file "a ", an empty database)."""
    name = path.as_posix().replace("%", "%25").replace("?", "%3f").replace("#", "%23")
    return f"file:{name}?mode=ro"


def _new_file(path: Path) -> None:
    """Create an empty owner-only file (SQLite then writes into it, keeping the mode)."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.close(fd)


def _copy(src: Path, dst: Path) -> None:
    """A consistent, synced copy of `src` even while other connections write to it."""
    tmp = dst.with_name(f".{dst.name}.{os.getpid()}.part")
    tmp.unlink(missing_ok=True)
    _new_file(tmp)
    source = sqlite3.connect(read_only(src), uri=True)
    try:
        target = sqlite3.connect(tmp)
        try:
            source.backup(target)
            ok = target.execute("PRAGMA integrity_check").fetchone()[0]
            target.execute("PRAGMA journal_mode=DELETE")  # one self-contained file
        finally:
            target.close()
    finally:
        source.close()
    if ok != "ok":
        tmp.unlink(missing_ok=True)
        raise AnchaError(f"备份校验失败（{ok}），数据库可能已损坏：{src}")
    with tmp.open("rb+") as fh:
        os.fsync(fh.fileno())
    os.replace(tmp, dst)
    fsync_dir(dst.parent)


def list_backups(db_path: Path) -> list[BackupFile]:
    out = []
    prefix = f"{db_path.stem}-"
    for p in backup_dir(db_path).glob(f"{db_path.stem}-*.db"):
        m = _NAME.fullmatch(p.stem[len(prefix) :])
        if not m:
            continue
        try:
            taken = dt.datetime.strptime(m.group(1), STAMP)
            size = p.stat().st_size
        except (ValueError, OSError):
            continue
        if size:
            out.append((taken, int(m.group(2) or 1), BackupFile(p, taken, size)))
    return [b for *_k, b in sorted(out, key=lambda t: (t[0], t[1]))]


def _reserve(folder: Path, stem: str, now: dt.datetime) -> Path:
    """A backup file name nobody else has taken, even within the same second."""
    base = f"{stem}-{now.strftime(STAMP)}"
    for n in range(1, 10_000):
        dst = folder / (f"{base}.db" if n == 1 else f"{base}-{n}.db")
        try:
            os.close(os.open(dst, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
            return dst
        except FileExistsError:
            continue
    raise AnchaError(f"备份文件夹 {folder} 中同一时刻的备份过多")


def make_backup(db_path: Path, keep: int = KEEP, now: dt.datetime | None = None) -> BackupFile:
    """Back up the database; keep the newest `keep` backups."""
    keep = check_keep(keep)
    if not db_path.exists():
        raise AnchaError(f"数据库文件不存在：{db_path}")
    now = now or dt.datetime.now()
    folder = backup_dir(db_path)
    dst: Path | None = None
    try:
        private_dir(folder)
        dst = _reserve(folder, db_path.stem, now)
        _copy(db_path, dst)
    except sqlite3.DatabaseError as exc:
        if dst is not None:
            dst.unlink(missing_ok=True)
        raise AnchaError(f"无法备份数据库 {db_path}：{exc}") from exc
    except OSError as exc:
        if dst is not None:
            dst.unlink(missing_ok=True)
        raise AnchaError(f"无法写入备份文件夹 {folder}：{exc.strerror}") from exc
    for old in list_backups(db_path)[:-keep]:
        old.path.unlink(missing_ok=True)
    return BackupFile(dst, now.replace(microsecond=0), dst.stat().st_size)


def backup_if_due(
    db_path: Path, max_age: dt.timedelta = dt.timedelta(days=1), keep: int = KEEP
) -> BackupFile | None:
    """The automatic backup on start: only when the newest one is older than `max_age`."""
    return make_backup(db_path, keep) if is_due(db_path, max_age) else None


def is_due(db_path: Path, max_age: dt.timedelta = dt.timedelta(days=1)) -> bool:
    """Whether there is a database and its newest backup is older than `max_age` (or none)."""
    if not db_path.exists() or db_path.stat().st_size == 0:
        return False
    backups = list_backups(db_path)
    return not (backups and dt.datetime.now() - backups[-1].taken < max_age)


# ---- restore -------------------------------------------------------------------------------


def _journal(db_path: Path) -> Path:
    return db_path.with_name(f"{db_path.name}.restore-journal")


def _staged(db_path: Path) -> Path:
    return db_path.with_name(f"{db_path.name}.restoring")


def _sides(path: Path) -> list[Path]:
    return [path.with_name(path.name + ext) for ext in ("-wal", "-shm", "-journal")]


def check_backup_file(source: Path) -> None:
    """`source` is a sound AnCha database, or AnchaError saying why not."""
    if not source.is_file():
        raise AnchaError(f"备份文件不存在：{source}")
    try:
        check = sqlite3.connect(read_only(source), uri=True)
        try:
            ok = check.execute("PRAGMA integrity_check").fetchone()[0]
            check.execute("SELECT version_num FROM alembic_version").fetchone()
        finally:
            check.close()
    except sqlite3.DatabaseError as exc:
        raise AnchaError(f"{source} 不是有效的安查数据库：{exc}") from exc
    if ok != "ok":
        raise AnchaError(f"{source} 已损坏（{ok}），不能用于恢复")


def check_restore_source(db_path: Path, source: Path) -> None:
    """`source` can replace the database at `db_path`, or AnchaError saying why not."""
    check_backup_file(source)
    if source.resolve() == db_path.resolve():
        raise AnchaError("不能用正在使用的数据库恢复它自己")


def restore(db_path: Path, source: Path) -> Path:
    """Replace the database with `source`; the current file is kept aside, never overwritten.

    Works when the current file is damaged or missing. Returns where the previous database
    was moved (which may not exist when there was none).
    """
    source = Path(source)
    check_restore_source(db_path, source)
    finish_interrupted_restore(db_path)
    stamp = dt.datetime.now().strftime(STAMP)
    aside = db_path.with_name(f"{db_path.stem}.before-restore-{stamp}{db_path.suffix}")
    n = 1
    while aside.exists():
        n += 1
        aside = db_path.with_name(f"{db_path.stem}.before-restore-{stamp}-{n}{db_path.suffix}")
    staged = _staged(db_path)
    try:
        # 1. a complete, synced copy of the backup beside the database
        staged.unlink(missing_ok=True)
        _copy(source, staged)
        # 2. the plan, synced: from here on a start finishes the restore
        plan = {"source": str(source), "aside": aside.name, "started": dt.datetime.now().isoformat()}
        journal = _journal(db_path)
        fd = os.open(journal, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(plan, fh, ensure_ascii=False)
            fh.flush()
            os.fsync(fh.fileno())
        fsync_dir(db_path.parent)
    except sqlite3.DatabaseError as exc:
        staged.unlink(missing_ok=True)
        raise AnchaError(f"{source} 无法复制：{exc}") from exc
    except OSError as exc:
        staged.unlink(missing_ok=True)
        raise AnchaError(f"无法在 {db_path.parent} 中准备恢复：{exc.strerror}") from exc
    if db_path.exists():
        _fold_wal(db_path)
    _complete(db_path, plan)
    return aside


def _fold_wal(db_path: Path) -> None:
    """Fold the WAL into the main file so the copy kept aside is complete (when readable)."""
    try:
        conn = sqlite3.connect(db_path)
        try:
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            conn.close()
    except sqlite3.DatabaseError:
        pass  # a damaged file is moved aside as it is


def _complete(db_path: Path, plan: dict[str, str]) -> None:
    """Steps 3-5 of a restore; each is safe to repeat after a crash."""
    aside = db_path.with_name(plan["aside"])
    staged = _staged(db_path)
    if staged.exists():
        if db_path.exists():
            os.replace(db_path, aside)
        for side, kept in zip(_sides(db_path), _sides(aside), strict=True):
            if side.exists():  # an old WAL must never meet the restored file
                os.replace(side, kept)
        os.replace(staged, db_path)
        fsync_dir(db_path.parent)
    restrict(db_path)
    _reset_anchor(db_path, plan)
    _journal(db_path).unlink(missing_ok=True)
    fsync_dir(db_path.parent)


def _reset_anchor(db_path: Path, plan: dict[str, str]) -> None:
    """After a restore the chain is the backup's: anchor its head, and remember when, so
    backups of the replaced history are not held against it."""
    from app.storage import audit

    head = audit.load_anchor(db_path)
    path = db_path.with_name(f"{db_path.stem}.audit-head.json")
    restored = {"at": plan.get("started"), "source": plan.get("source")}
    if head is not None:
        audit.save_anchor(path, head.seq, head.hash, {"restored": restored, "count": head.count})
    else:
        path.unlink(missing_ok=True)


def finish_interrupted_restore(db_path: Path) -> str | None:
    """Finish a restore a crash interrupted; a message when there was one to finish."""
    journal = _journal(db_path)
    if not journal.exists():
        _staged(db_path).unlink(missing_ok=True)  # a copy that never got its journal
        return None
    try:
        plan = json.loads(journal.read_text(encoding="utf-8"))
        if not isinstance(plan, dict) or not isinstance(plan.get("aside"), str):
            raise ValueError("bad journal")
        plan["aside"] = Path(plan["aside"]).name
    except (OSError, ValueError) as exc:
        raise AnchaError(f"恢复记录文件 {journal} 已损坏，请手动检查数据库文件夹") from exc
    try:
        _complete(db_path, plan)
    except OSError as exc:
        raise AnchaError(f"上次从备份恢复时被中断，现在仍无法完成：{exc.strerror}（{db_path}）") from exc
    aside = db_path.with_name(plan["aside"])
    kept = f"，原数据库另存为 {aside}" if aside.exists() else ""
    return f"上次从备份 {plan.get('source', '')} 恢复时被中断，已完成恢复{kept}"


def anchors_for(db_path: Path) -> list[Anchor]:
    """The chain anchors kept for a SQLite database: its head file and its backups."""
    from app.storage import audit

    path = db_path.with_name(f"{db_path.stem}.audit-head.json")
    out: list[audit.Anchor] = []
    data = audit.read_anchor_file(path)
    a = audit.anchor_from(data, "锚点文件 ")
    if a is not None:
        out.append(a)
    since = None
    if data and isinstance(data.get("restored"), dict):
        try:
            since = dt.datetime.fromisoformat(str(data["restored"].get("at")))
        except ValueError:
            since = None
    for b in list_backups(db_path):
        if since is not None and b.taken < since:
            continue  # a backup of the history the restore replaced
        a = audit.load_anchor(b.path)
        if a is not None:
            out.append(a)
    return out
