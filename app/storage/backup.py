"""Backups of a SQLite database with SQLite's online backup API."""

from __future__ import annotations

import datetime as dt
import shutil
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from app.core.errors import AnchaError

KEEP = 10
STAMP = "%Y%m%d-%H%M%S"


@dataclass(frozen=True)
class BackupFile:
    path: Path
    taken: dt.datetime
    size: int


def backup_dir(db_path: Path) -> Path:
    return db_path.parent / f"{db_path.stem}-backups"


def _copy(src: Path, dst: Path) -> None:
    """A consistent copy of `src` even while other connections write to it."""
    tmp = dst.with_suffix(dst.suffix + ".part")
    tmp.unlink(missing_ok=True)
    source = sqlite3.connect(f"file:{src.as_posix()}?mode=ro", uri=True)
    try:
        target = sqlite3.connect(tmp)
        try:
            source.backup(target)
            ok = target.execute("PRAGMA integrity_check").fetchone()[0]
        finally:
            target.close()
    finally:
        source.close()
    if ok != "ok":
        tmp.unlink(missing_ok=True)
        raise AnchaError(f"备份校验失败（{ok}），数据库可能已损坏：{src}")
    tmp.replace(dst)


def list_backups(db_path: Path) -> list[BackupFile]:
    out = []
    for p in sorted(backup_dir(db_path).glob(f"{db_path.stem}-*.db")):
        try:
            taken = dt.datetime.strptime(p.stem[len(db_path.stem) + 1 :], STAMP)
        except ValueError:
            continue
        out.append(BackupFile(p, taken, p.stat().st_size))
    return sorted(out, key=lambda b: b.taken)


def make_backup(db_path: Path, keep: int = KEEP, now: dt.datetime | None = None) -> BackupFile:
    """Back up the database; keep the newest `keep` backups."""
    if not db_path.exists():
        raise AnchaError(f"数据库文件不存在：{db_path}")
    now = now or dt.datetime.now()
    folder = backup_dir(db_path)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        dst = folder / f"{db_path.stem}-{now.strftime(STAMP)}.db"
        _copy(db_path, dst)
    except sqlite3.DatabaseError as exc:
        raise AnchaError(f"无法备份数据库 {db_path}：{exc}") from exc
    except OSError as exc:
        raise AnchaError(f"无法写入备份文件夹 {folder}：{exc.strerror}") from exc
    for old in list_backups(db_path)[:-keep] if keep > 0 else []:
        old.path.unlink(missing_ok=True)
    return BackupFile(dst, now.replace(microsecond=0), dst.stat().st_size)


def backup_if_due(
    db_path: Path, max_age: dt.timedelta = dt.timedelta(days=1), keep: int = KEEP
) -> BackupFile | None:
    """The automatic backup on start: only when the newest one is older than `max_age`."""
    if not db_path.exists() or db_path.stat().st_size == 0:
        return None
    backups = list_backups(db_path)
    if backups and dt.datetime.now() - backups[-1].taken < max_age:
        return None
    return make_backup(db_path, keep)


def restore(db_path: Path, source: Path) -> Path:
    """Replace the database with `source`; the current file is kept aside, never overwritten.

    Returns where the previous database was moved.
    """
    if not source.exists():
        raise AnchaError(f"备份文件不存在：{source}")
    try:
        check = sqlite3.connect(f"file:{source.as_posix()}?mode=ro", uri=True)
        try:
            ok = check.execute("PRAGMA integrity_check").fetchone()[0]
            check.execute("SELECT version_num FROM alembic_version").fetchone()
        finally:
            check.close()
    except sqlite3.DatabaseError as exc:
        raise AnchaError(f"{source} 不是有效的安查数据库：{exc}") from exc
    if ok != "ok":
        raise AnchaError(f"{source} 已损坏（{ok}），不能用于恢复")
    stamp = dt.datetime.now().strftime(STAMP)
    aside = db_path.with_name(f"{db_path.stem}.before-restore-{stamp}{db_path.suffix}")
    if db_path.exists():
        # fold the WAL into the main file so the kept copy is complete
        with sqlite3.connect(db_path) as conn:
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        db_path.replace(aside)
        for ext in ("-wal", "-shm"):
            side = db_path.with_name(db_path.name + ext)
            if side.exists():
                side.replace(aside.with_name(aside.name + ext))
    tmp = db_path.with_name(db_path.name + ".restoring")
    shutil.copyfile(source, tmp)
    tmp.replace(db_path)
    return aside
