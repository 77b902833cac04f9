"""Backups that hold everything needed to restore the records: the database and its photo originals.

The database is copied by `storage.backup` (SQLite's online backup API). The originals its photo
table names are kept in one store beside the backups, `<db>-backups/photos/<sha256>.<ext>`, shared
by all backups: an original is named by its content and never changes, so it is stored once and a
new backup copies only what the store lacks. A copy is a real copy, not a hard link: a link shares
the bytes with the original, so damage to the original would be damage to the backup.

Each original is hashed as it is copied and the copy read back before it is renamed into place, so
an altered or missing original never enters the store; the backup names it in one line. Pruning
old backups deletes the store's originals that no remaining backup refers to. A restore first
brings back the originals the backup refers to (never over an existing file), then swaps the
database with `storage.backup.restore` (journal, current file moved aside).
"""

from __future__ import annotations

import datetime as dt
import errno
import hashlib
import os
import sqlite3
import stat
import threading
import uuid
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path

from app.core.errors import AnchaError
from app.core.validation import PHOTO_NAME
from app.files import place_new
from app.paths import fsync_dir, private_dir, private_file, restrict
from app.services.photos import CHUNK, MAX_FILE_BYTES, photos_dir_in, sha256_of
from app.services.workspace import files_dir_for
from app.storage import backup
from app.storage.backup import KEEP, BackupFile
from app.storage.models import Photo

ProgressFn = Callable[[int, int], None]
STORE = "photos"
LOCK = ".photos.lock"
LOCK_WAIT_S = 600.0  # another program's backup of the same database finishes first
COPY_WORKERS = 4


def photo_store(db_path: Path) -> Path:
    """The originals kept for the backups of the database at `db_path`."""
    return backup.backup_dir(db_path) / STORE


def photos_folder(db_path: Path) -> Path:
    """Where the program keeps the originals of the database at `db_path`."""
    return photos_dir_in(files_dir_for(db_path))


@dataclass(frozen=True)
class PhotoRef:
    file_name: str  # <sha256>.<ext> when made by this program
    sha256: str
    label: str  # the name the inspector knows it by, for messages

    def line(self, reason: str) -> str:
        return f"照片“{self.label}”（{self.sha256[:12]}…）：{reason}"


def photo_refs(db_file: Path) -> list[PhotoRef]:
    """The photo files a database file refers to, each once; AnchaError when it cannot be read."""
    table = Photo.__tablename__
    try:
        conn = sqlite3.connect(backup.read_only(db_file), uri=True)
        try:
            found = conn.execute("SELECT 1 FROM sqlite_master WHERE type='table' AND name=?", (table,))
            if not found.fetchone():
                return []  # a database from before its first upgrade
            rows = conn.execute(
                f"SELECT file_name, sha256, original_name FROM {table} ORDER BY created_at, file_name"
            ).fetchall()
        finally:
            conn.close()
    except sqlite3.Error as exc:
        raise AnchaError(f"无法读取 {db_file.name} 中的照片记录：{exc}") from exc
    refs: dict[str, PhotoRef] = {}
    for name, digest, original in rows:
        name, digest = str(name or ""), str(digest or "")
        refs.setdefault(name, PhotoRef(name, digest, str(original or name)[:60]))
    return list(refs.values())


def _name_problem(ref: PhotoRef) -> str:
    """Why a photo row cannot be copied by its name ("" when it can)."""
    if not PHOTO_NAME.fullmatch(ref.file_name):
        return "登记的文件名不是本程序生成的"
    if ref.file_name.split(".")[0] != ref.sha256:
        return "登记的校验值与文件名不符"
    return ""


# --- copying one original, checked -----------------------------------------------------------


class _WriteFailed(Exception):
    """The destination folder cannot be written (full disk, no permission): stop copying."""

    def __init__(self, folder: Path, exc: OSError) -> None:
        super().__init__(str(exc))
        self.folder = folder
        self.exc = exc

    def text(self) -> str:
        if self.exc.errno == errno.ENOSPC:
            why = "磁盘空间不足"
        elif isinstance(self.exc, PermissionError):
            why = "没有写入权限"
        else:
            why = self.exc.strerror or str(self.exc)
        return f"无法写入 {self.folder}：{why}"


def _copy_checked(src: Path, folder: Path, name: str, digest: str, overwrite: bool) -> str:
    """Copy `src` to folder/name through a synced temporary file; "" when done, else why not.

    The bytes are hashed as they are read and the copy is read back: only a copy whose content has
    the recorded sha256 is renamed into place (over nothing when not `overwrite`). A failed write
    raises _WriteFailed; nothing half-written is left under any name."""
    try:
        st = src.stat()
    except FileNotFoundError:
        return "原片缺失"
    except OSError as exc:
        return f"无法读取原片（{exc.strerror}）"
    if not stat.S_ISREG(st.st_mode):
        return "原片不是普通文件（可能是文件夹）"
    if st.st_size > MAX_FILE_BYTES:  # no photo is this large: not copied only to be refused
        return "原片与登记的校验值不符（文件过大，已被改动或损坏）"
    try:
        fin = src.open("rb")
    except OSError as exc:
        return f"无法读取原片（{exc.strerror}）"
    tmp = folder / f".{name}.{uuid.uuid4().hex}.part"
    h = hashlib.sha256()
    try:
        with fin:
            try:
                with private_file(tmp) as fout:
                    while True:
                        try:
                            chunk = fin.read(CHUNK)
                        except OSError as exc:
                            return f"无法读取原片（{exc.strerror}）"
                        if not chunk:
                            break
                        h.update(chunk)
                        fout.write(chunk)
            except OSError as exc:
                raise _WriteFailed(folder, exc) from exc
        if h.hexdigest() != digest:
            return "原片与登记的校验值不符（已被改动或损坏）"
        if sha256_of(tmp) != digest:
            return "复制后读回的内容与校验值不符"
        try:
            if overwrite:
                os.replace(tmp, folder / name)
            else:
                place_new(tmp, folder / name)
        except FileExistsError:
            return "同名文件已出现，未覆盖"
        except OSError as exc:
            raise _WriteFailed(folder, exc) from exc
        return ""
    finally:
        with suppress(OSError):
            tmp.unlink(missing_ok=True)


def _clear_parts(folder: Path) -> None:
    """Remove the temporary files an interrupted copy left (never a finished original)."""
    with suppress(OSError):
        for p in folder.glob(".*.part"):
            with suppress(OSError):
                p.unlink()


@contextmanager
def _store_lock(folder: Path) -> Iterator[None]:
    """One backup or restore at a time works on the store; another program's waits. SQLite's file
    lock is used because the system releases it when its holder dies."""
    path = folder / LOCK
    try:
        conn = sqlite3.connect(path, timeout=LOCK_WAIT_S, isolation_level=None)
    except sqlite3.Error as exc:
        raise AnchaError(f"无法使用备份文件夹 {folder}：{exc}") from exc
    try:
        restrict(path)
        try:
            conn.execute("BEGIN EXCLUSIVE")
        except sqlite3.Error as exc:
            raise AnchaError(f"另一个备份或恢复正在使用 {folder}，请稍后重试") from exc
        yield
    finally:
        conn.close()


# --- backing up ------------------------------------------------------------------------------


@dataclass(frozen=True)
class BackupResult:
    file: BackupFile
    photos: int  # originals this backup refers to
    kept: int  # of those, in the store
    copied: int  # of those, added to the store by this backup
    pruned: int  # originals deleted from the store: no remaining backup refers to them
    problems: list[str] = field(default_factory=list)  # one line per original not kept

    @property
    def summary(self) -> str:
        text = f"已备份到 {self.file.path}（{self.file.size / 1024:.0f} KB）"
        if not self.photos:
            return text
        return f"{text}；照片原片 {self.kept}/{self.photos} 张在备份中（本次新增 {self.copied} 张）"


def make_backup(
    db_path: Path, keep: int = KEEP, now: dt.datetime | None = None, progress: ProgressFn | None = None
) -> BackupResult:
    """Back up the database and the originals it refers to; keep the newest `keep` backups.

    The database backup completes even when some originals cannot be kept: those are named, one
    line each, in `problems` (a folder that cannot be written is one line for all)."""
    return keep_photos(db_path, backup.make_backup(db_path, keep, now), progress)


def database_backup_if_due(db_path: Path, max_age: dt.timedelta = dt.timedelta(days=1)) -> BackupFile | None:
    """The database part of the automatic backup on start; `keep_photos` completes it. When no
    backup is due but the newest one's photos are not all in the store (the program was closed
    while they were copied), that backup, so they are copied now rather than a day later."""
    made = backup.backup_if_due(db_path, max_age)
    if made is not None:
        return made
    kept = backup.list_backups(db_path)
    if kept and not status_of(db_path, kept[-1]).complete:
        return kept[-1]
    return None


def keep_photos(db_path: Path, made: BackupFile, progress: ProgressFn | None = None) -> BackupResult:
    """Put the originals the backup `made` refers to into the store, then prune the store.

    `progress` may raise to stop (the GUI's 取消, closing the program): the copies under way
    finish or are removed, the rest are left for the next backup, which copies what is missing."""
    store = photo_store(db_path)
    problems: list[str] = []
    copied = pruned = 0
    try:
        refs = photo_refs(made.path)
    except AnchaError as exc:
        return BackupResult(made, 0, 0, 0, 0, [f"{exc}，照片未备份"])
    try:
        private_dir(store)
        with _store_lock(backup.backup_dir(db_path)):
            _clear_parts(store)
            copied, problems = _keep_photos(refs, photos_folder(db_path), store, progress)
            pruned, note = _prune(db_path, store)
            if note:
                problems.append(note)
    except AnchaError as exc:
        problems.append(f"{exc}，照片未备份")
    except OSError as exc:
        problems.append(f"{_WriteFailed(store, exc).text()}，照片未备份")
    kept = sum(1 for r in refs if not _name_problem(r) and (store / r.file_name).is_file())
    return BackupResult(made, len(refs), kept, copied, pruned, problems)


def _keep_photos(
    refs: list[PhotoRef], source: Path, store: Path, progress: ProgressFn | None
) -> tuple[int, list[str]]:
    """Copy the originals the store lacks, several at once (hashing and fsync release Python's
    lock); a line per original not kept, in the order of `refs`, and one for a store that cannot
    be written (the copies still to start are skipped)."""
    why: dict[int, str] = {}
    todo: list[int] = []
    for i, ref in enumerate(refs):
        kept = store / ref.file_name
        if problem := _name_problem(ref):
            why[i] = problem
        elif os.path.lexists(kept) and not kept.is_file():
            why[i] = f"备份照片库中同名的不是文件（{kept}）"
        elif not kept.is_file():
            todo.append(i)
    stop = threading.Event()

    def one(i: int) -> str | _WriteFailed | None:
        if stop.is_set():
            return None  # skipped: the store cannot be written
        ref = refs[i]
        try:
            return _copy_checked(source / ref.file_name, store, ref.file_name, ref.sha256, True)
        except _WriteFailed as exc:
            stop.set()
            return exc
        except BaseException:
            stop.set()
            raise

    copied = 0
    failed: _WriteFailed | None = None
    not_written = 0
    workers = min(COPY_WORKERS, os.cpu_count() or 1, len(todo))
    with ThreadPoolExecutor(max_workers=max(workers, 1)) as pool:
        try:
            if progress is not None:
                progress(len(refs) - len(todo), len(refs))
            for n, (i, done) in enumerate(zip(todo, pool.map(one, todo), strict=True)):
                if isinstance(done, _WriteFailed) or done is None:
                    failed = failed or (done if isinstance(done, _WriteFailed) else None)
                    not_written += 1
                elif done:
                    why[i] = done
                else:
                    copied += 1
                if progress is not None:
                    progress(len(refs) - len(todo) + n + 1, len(refs))
        except BaseException:
            stop.set()  # the copies not yet started return at once
            raise
    if copied:
        fsync_dir(store)
    problems = [refs[i].line(f"{why[i]}，未备份") for i in sorted(why)]
    if failed is not None:
        problems.append(f"{failed.text()}，{not_written} 张照片原片未备份")
    return copied, problems


def _prune(db_path: Path, store: Path) -> tuple[int, str]:
    """Delete the store's originals no kept backup refers to; (how many, a line when skipped)."""
    referenced: set[str] = set()
    for b in backup.list_backups(db_path):
        try:
            referenced.update(r.file_name for r in photo_refs(b.path))
        except AnchaError as exc:  # it may refer to any of them: delete none
            return 0, f"{exc}，备份照片库未清理"
    removed = 0
    for p in store.iterdir():
        if p.name in referenced or not PHOTO_NAME.fullmatch(p.name) or not p.is_file():
            continue
        with suppress(OSError):
            p.unlink()
            removed += 1
    if removed:
        fsync_dir(store)
    return removed, ""


def backup_if_due(
    db_path: Path,
    max_age: dt.timedelta = dt.timedelta(days=1),
    keep: int = KEEP,
    progress: ProgressFn | None = None,
) -> BackupResult | None:
    """The automatic backup on start: only when the newest one is older than `max_age`."""
    return make_backup(db_path, keep, progress=progress) if backup.is_due(db_path, max_age) else None


@dataclass(frozen=True)
class BackupStatus:
    file: BackupFile
    photos: int  # originals it refers to
    missing: int  # of those, not in the store
    error: str = ""  # why its photo records could not be read

    @property
    def complete(self) -> bool:
        return not self.error and not self.missing

    @property
    def photo_text(self) -> str:
        if self.error:
            return "照片记录无法读取"
        if not self.photos:
            return "无照片"
        if not self.missing:
            return f"{self.photos} 张，齐全"
        return f"{self.photos} 张，缺 {self.missing} 张"


def list_backups(db_path: Path) -> list[BackupStatus]:
    """The backups, oldest first, each with whether the store holds all its originals."""
    return [status_of(db_path, b) for b in backup.list_backups(db_path)]


def status_of(db_path: Path, b: BackupFile) -> BackupStatus:
    try:
        refs = photo_refs(b.path)
    except AnchaError as exc:
        return BackupStatus(b, 0, 0, str(exc))
    store = photo_store(db_path)
    missing = sum(1 for r in refs if _name_problem(r) or not (store / r.file_name).is_file())
    return BackupStatus(b, len(refs), missing)


# --- restoring -------------------------------------------------------------------------------


@dataclass(frozen=True)
class RestoreResult:
    aside: Path  # where the previous database was moved
    photos: int  # originals the restored database refers to
    brought_back: int  # of those, copied back into the photo folder
    problems: list[str] = field(default_factory=list)  # one line per original not there after

    @property
    def summary(self) -> str:
        text = f"已恢复；原数据库已另存为 {self.aside}"
        if not self.photos:
            return text
        return f"{text}；照片原片 {self.photos} 张，从备份找回 {self.brought_back} 张"


def restore(db_path: Path, source: Path, progress: ProgressFn | None = None) -> RestoreResult:
    """Restore the database from `source` with the originals it refers to.

    The originals missing from the photo folder are copied back first (checked by their sha256,
    never over an existing file), from the store beside `source` or the database's own store; then
    the database is swapped (journal, current file moved aside). A folder that cannot be written
    stops the restore before the database is touched."""
    source = Path(source)
    backup.check_restore_source(db_path, source)
    refs = photo_refs(source)
    stores = [source.parent / STORE]
    if photo_store(db_path).resolve() != stores[0].resolve():
        stores.append(photo_store(db_path))
    target = photos_folder(db_path)
    try:
        private_dir(target)
        lock_dir = backup.backup_dir(db_path)
        private_dir(lock_dir)
        with _store_lock(lock_dir):
            brought, problems = _bring_back(refs, stores, target, progress)
    except _WriteFailed as exc:
        raise AnchaError(f"{exc.text()}，未恢复（数据库没有改动）") from exc
    except OSError as exc:
        raise AnchaError(f"{_WriteFailed(target, exc).text()}，未恢复（数据库没有改动）") from exc
    aside = backup.restore(db_path, source)
    return RestoreResult(aside, len(refs), brought, problems)


def _bring_back(
    refs: list[PhotoRef], stores: list[Path], target: Path, progress: ProgressFn | None
) -> tuple[int, list[str]]:
    brought = 0
    problems: list[str] = []
    for i, ref in enumerate(refs):
        if progress is not None:
            progress(i, len(refs))
        why = _name_problem(ref)
        if why:
            problems.append(ref.line(f"{why}，无法恢复"))
            continue
        there = target / ref.file_name
        kept = [s / ref.file_name for s in stores if (s / ref.file_name).is_file()]
        if os.path.lexists(there):
            if there.is_file() and sha256_of(there) == ref.sha256:
                continue
            where = f"；备份中的原片：{kept[0]}" if kept else ""
            problems.append(ref.line(f"照片文件夹中的同名文件与登记的校验值不符，未覆盖{where}"))
            continue
        if not kept:
            problems.append(ref.line("备份中没有这张照片的原片，无法恢复"))
            continue
        why = "备份中的原片与登记的校验值不符（已损坏）"
        for path in kept:
            if not (why := _copy_checked(path, target, ref.file_name, ref.sha256, False)):
                break
        if why:
            problems.append(ref.line(f"{why}，无法恢复"))
        else:
            brought += 1
    if brought:
        fsync_dir(target)
    if progress is not None:
        progress(len(refs), len(refs))
    return brought, problems
