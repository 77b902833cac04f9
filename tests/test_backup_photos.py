"""Backups keep the photo originals too: a shared store beside the backups, checked by sha256."""

from __future__ import annotations

import datetime as dt
import errno
import hashlib
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from PIL import Image
from sqlalchemy import delete

from app.cli import main
from app.core.errors import AnchaError
from app.core.photos import PhotoRecord
from app.services import backups, checklists, inspections, photos, units
from app.services.workspace import Workspace
from app.storage.models import Photo
from tests.helpers import sqlite_ws

BASE = dt.datetime(2026, 3, 1, 8, 0, 0)


def _jpeg(path: Path, seed: int) -> Path:
    """A small photo whose bytes differ by `seed`."""
    img = Image.effect_noise((64, 48), 20 + seed).convert("RGB")
    img.putpixel((0, 0), (seed % 256, 0, 0))
    img.save(path, "JPEG", quality=90)
    return path


def ws_with_photos(tmp_path: Path, n: int = 3) -> tuple[Workspace, Path, list[PhotoRecord]]:
    ws = sqlite_ws(tmp_path)
    unit = units.create_unit(ws, units.UnitInput(name="沁水县备份照片测试饭店"))
    items = checklists.build(ws.catalog, "gas", None)[:1]
    insp = inspections.start_inspection(ws, unit.id, dt.date(2026, 6, 1), "李明、王强", "gas", items)
    cam = tmp_path / "camera"
    cam.mkdir()
    added = [
        photos.add_photo(ws, _jpeg(cam / f"IMG_{i:04d}.jpg", i), inspection_item_id=insp.items[0].id)
        for i in range(n)
    ]
    assert ws.db.path is not None
    return ws, ws.db.path, added


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _store_names(db: Path) -> set[str]:
    store = backups.photo_store(db)
    return {p.name for p in store.iterdir()} if store.exists() else set()


def test_restore_brings_back_a_lost_photo_folder(tmp_path: Path) -> None:
    ws, db, added = ws_with_photos(tmp_path)
    made = backups.make_backup(db, now=BASE)
    assert (made.photos, made.kept, made.copied, made.problems) == (3, 3, 3, [])
    store = backups.photo_store(db)
    for p in added:
        kept = store / p.file_name
        assert _sha(kept) == p.sha256
        # a real copy, not a second name for the original's bytes
        assert kept.stat().st_ino != photos.photo_path(ws, p).stat().st_ino
    ws.close()
    shutil.rmtree(photos.photos_dir(ws))  # the laptop loses the photo folder

    done = backups.restore(db, made.file.path)
    assert (done.photos, done.brought_back, done.problems) == (3, 3, [])
    after = sqlite_ws(tmp_path)
    for p in added:
        assert _sha(photos.photo_path(after, p)) == p.sha256
    assert photos.check_all(after) == []
    assert not list(photos.photos_dir(after).glob(".*"))  # no temporary file left
    after.close()


def test_second_backup_copies_nothing_new(tmp_path: Path) -> None:
    ws, db, added = ws_with_photos(tmp_path)
    first = backups.make_backup(db, now=BASE)
    second = backups.make_backup(db, now=BASE + dt.timedelta(hours=1))
    assert (first.copied, second.copied, second.kept) == (3, 0, 3)
    # one more photo: only that one is copied
    insp_item = added[0].inspection_item_id
    photos.add_photo(ws, _jpeg(tmp_path / "IMG_9.jpg", 9), inspection_item_id=insp_item)
    third = backups.make_backup(db, now=BASE + dt.timedelta(hours=2))
    assert (third.photos, third.copied, third.kept) == (4, 1, 4)
    assert len(_store_names(db)) == 4
    ws.close()


def test_an_altered_original_is_named_and_not_stored(tmp_path: Path) -> None:
    ws, db, added = ws_with_photos(tmp_path)
    bad = added[1]
    original = photos.photo_path(ws, bad)
    original.write_bytes(original.read_bytes() + b"edited")
    made = backups.make_backup(db, now=BASE)
    assert made.file.path.is_file() and made.file.size > 0  # the database is backed up all the same
    assert made.problems == [
        f"照片“IMG_0001.jpg”（{bad.sha256[:12]}…）：原片与登记的校验值不符（已被改动或损坏），未备份"
    ]
    assert _store_names(db) == {added[0].file_name, added[2].file_name}
    [status] = backups.list_backups(db)
    assert (status.photos, status.missing, status.complete) == (3, 1, False)
    assert status.photo_text == "3 张，缺 1 张"
    ws.close()


def test_pruning_keeps_what_a_kept_backup_refers_to(tmp_path: Path) -> None:
    ws, db, added = ws_with_photos(tmp_path)
    backups.make_backup(db, keep=2, now=BASE)
    gone = added[2]
    with ws.db.session() as s:  # the record no longer refers to the third photo
        s.execute(delete(Photo).where(Photo.id == gone.id))
    # two backups kept: the first still refers to it, so the store keeps it
    second = backups.make_backup(db, keep=2, now=BASE + dt.timedelta(hours=1))
    assert second.pruned == 0 and gone.file_name in _store_names(db)
    # one more: the first backup is pruned and no kept backup refers to the photo any more
    third = backups.make_backup(db, keep=2, now=BASE + dt.timedelta(hours=2))
    assert third.pruned == 1
    assert _store_names(db) == {added[0].file_name, added[1].file_name}
    assert all(b.complete for b in backups.list_backups(db))
    ws.close()


def test_an_unreadable_kept_backup_stops_pruning(tmp_path: Path) -> None:
    ws, db, added = ws_with_photos(tmp_path)
    first = backups.make_backup(db, keep=5, now=BASE)
    with ws.db.session() as s:
        s.execute(delete(Photo).where(Photo.id == added[0].id))
    first.file.path.write_bytes(b"\0" * 4096)  # damaged: it may refer to anything
    made = backups.make_backup(db, keep=5, now=BASE + dt.timedelta(hours=1))
    assert made.pruned == 0 and added[0].file_name in _store_names(db)
    assert len(made.problems) == 1 and "备份照片库未清理" in made.problems[0]
    ws.close()


def test_restore_never_overwrites_an_existing_file(tmp_path: Path) -> None:
    ws, db, added = ws_with_photos(tmp_path)
    made = backups.make_backup(db, now=BASE)
    ws.close()
    changed = photos.photo_path(ws, added[0])
    changed.write_bytes(b"other bytes under the same name")
    photos.photo_path(ws, added[1]).unlink()
    done = backups.restore(db, made.file.path)
    assert changed.read_bytes() == b"other bytes under the same name"
    assert done.brought_back == 1
    assert len(done.problems) == 1
    line = done.problems[0]
    assert line.startswith("照片“IMG_0000.jpg”") and "未覆盖" in line
    assert str(backups.photo_store(db) / added[0].file_name) in line  # where the good copy is
    assert _sha(photos.photo_path(ws, added[1])) == added[1].sha256


def test_restore_names_photos_the_store_lacks(tmp_path: Path) -> None:
    ws, db, added = ws_with_photos(tmp_path)
    made = backups.make_backup(db, now=BASE)
    ws.close()
    (backups.photo_store(db) / added[2].file_name).unlink()
    shutil.rmtree(photos.photos_dir(ws))
    assert backups.list_backups(db)[0].photo_text == "3 张，缺 1 张"
    done = backups.restore(db, made.file.path)
    assert done.brought_back == 2
    lacking = f"照片“IMG_0002.jpg”（{added[2].sha256[:12]}…）：备份中没有这张照片的原片，无法恢复"
    assert done.problems == [lacking]


def test_an_interrupted_copy_leaves_nothing_half_written(tmp_path: Path, monkeypatch: Any) -> None:
    ws, db, added = ws_with_photos(tmp_path)
    store = backups.photo_store(db)
    name = added[0].file_name
    # a crash in the middle of a copy: half the bytes under a temporary name
    store.mkdir(parents=True)
    half = photos.photo_path(ws, added[0]).read_bytes()[:100]
    (store / f".{name}.0123abcd.part").write_bytes(half)
    made = backups.make_backup(db, now=BASE)
    assert made.problems == [] and _sha(store / name) == added[0].sha256
    assert not list(store.glob("*.part")) and not list(store.glob(".*.part"))

    # an error in the middle of writing: no temporary file, no file under the photo's name
    item = added[0].inspection_item_id
    new = photos.add_photo(ws, _jpeg(tmp_path / "IMG_7.jpg", 7), inspection_item_id=item)
    real = backups.private_file

    @contextmanager
    def breaks_midway(path: Path) -> Iterator[Any]:
        with real(path) as fh:
            fh.write(b"partial")
            raise RuntimeError("power cut")
            yield fh  # never reached

    monkeypatch.setattr(backups, "private_file", breaks_midway)
    with pytest.raises(RuntimeError):
        backups.make_backup(db, now=BASE + dt.timedelta(hours=1))
    assert new.file_name not in _store_names(db)
    assert not list(store.glob(".*.part"))
    ws.close()


def test_a_folder_or_an_unreadable_file_in_place_of_a_photo(tmp_path: Path, monkeypatch: Any) -> None:
    ws, db, added = ws_with_photos(tmp_path)
    folder = photos.photo_path(ws, added[0])
    folder.unlink()
    folder.mkdir()  # a folder where the photo was
    unreadable = photos.photo_path(ws, added[1])
    real_open = Path.open

    def open_(self: Path, *a: Any, **kw: Any) -> Any:
        if self == unreadable:
            raise PermissionError(errno.EACCES, "Permission denied", str(self))
        return real_open(self, *a, **kw)

    monkeypatch.setattr(Path, "open", open_)
    made = backups.make_backup(db, now=BASE)
    assert made.problems == [
        f"照片“IMG_0000.jpg”（{added[0].sha256[:12]}…）：原片不是普通文件（可能是文件夹），未备份",
        f"照片“IMG_0001.jpg”（{added[1].sha256[:12]}…）：无法读取原片（Permission denied），未备份",
    ]
    assert _store_names(db) == {added[2].file_name}
    ws.close()


def _full_disk(monkeypatch: Any) -> None:
    """Every write of a copy fails as on a full disk (the file is created, then the write fails)."""
    real = backups.private_file

    class Full:
        def __init__(self, fh: Any) -> None:
            self.fh = fh

        def write(self, _data: bytes) -> int:
            raise OSError(errno.ENOSPC, "No space left on device")

    @contextmanager
    def full(path: Path) -> Iterator[Any]:
        with real(path) as fh:
            yield Full(fh)

    monkeypatch.setattr(backups, "private_file", full)


def test_a_full_disk_is_one_line_and_loses_nothing(tmp_path: Path, monkeypatch: Any) -> None:
    ws, db, added = ws_with_photos(tmp_path)
    before = {p.file_name: _sha(photos.photo_path(ws, p)) for p in added}
    _full_disk(monkeypatch)
    made = backups.make_backup(db, now=BASE)
    assert made.file.path.is_file()
    assert made.problems == [f"无法写入 {backups.photo_store(db)}：磁盘空间不足，3 张照片原片未备份"]
    assert _store_names(db) == set()  # nothing half-written
    assert {p.file_name: _sha(photos.photo_path(ws, p)) for p in added} == before
    assert backups.list_backups(db)[0].photo_text == "3 张，缺 3 张"
    monkeypatch.undo()
    again = backups.make_backup(db, now=BASE + dt.timedelta(hours=1))
    assert (again.copied, again.problems) == (3, [])
    assert backups.list_backups(db)[0].complete  # the first backup's photos are now kept too
    ws.close()


def test_a_full_disk_stops_a_restore_before_the_database_changes(tmp_path: Path, monkeypatch: Any) -> None:
    ws, db, _ = ws_with_photos(tmp_path)
    made = backups.make_backup(db, now=BASE)
    units.create_unit(ws, units.UnitInput(name="备份之后登记的单位"))
    ws.close()
    shutil.rmtree(photos.photos_dir(ws))
    _full_disk(monkeypatch)
    with pytest.raises(AnchaError) as err:
        backups.restore(db, made.file.path)
    assert str(err.value) == f"无法写入 {photos.photos_dir(ws)}：磁盘空间不足，未恢复（数据库没有改动）"
    assert not list(photos.photos_dir(ws).iterdir())
    after = sqlite_ws(tmp_path)
    assert "备份之后登记的单位" in {u.name for u in units.list_units(after)}
    after.close()


def test_cli_backup_list_and_restore_in_chinese(tmp_path: Path, capsys: Any) -> None:
    ws, db, added = ws_with_photos(tmp_path)
    url = f"sqlite:///{db.as_posix()}"
    photos.photo_path(ws, added[2]).unlink()
    ws.close()
    assert main(["backup", "--db", url]) == 1  # a photo could not be kept
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("已备份到 ") and out[0].endswith("；照片原片 2/3 张在备份中（本次新增 2 张）")
    assert out[1:] == [f"照片“IMG_0002.jpg”（{added[2].sha256[:12]}…）：原片缺失，未备份"]

    assert main(["backup", "--list", "--db", url]) == 0
    listed = capsys.readouterr().out
    assert "照片原片" in listed and "3 张，缺 1 张" in listed

    shutil.rmtree(photos.photos_dir(ws))
    [status] = backups.list_backups(db)
    assert main(["restore", str(status.file.path), "--db", url]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith(f"已从 {status.file.path} 恢复；原数据库已另存为 ")
    assert out[1:] == [
        "照片原片：3 张，从备份找回 2 张",
        f"照片“IMG_0002.jpg”（{added[2].sha256[:12]}…）：备份中没有这张照片的原片，无法恢复",
    ]
    after = sqlite_ws(tmp_path)
    assert _sha(photos.photo_path(after, added[0])) == added[0].sha256
    after.close()


def test_restore_from_a_copied_backup_folder(tmp_path: Path) -> None:
    """The backup folder copied to a USB stick, the laptop's disk lost: the photos come back."""
    ws, db, added = ws_with_photos(tmp_path)
    made = backups.make_backup(db, now=BASE)
    ws.close()
    usb = tmp_path / "usb"
    shutil.copytree(made.file.path.parent, usb / made.file.path.parent.name)
    shutil.rmtree(made.file.path.parent)
    shutil.rmtree(photos.photos_dir(ws))
    done = backups.restore(db, usb / made.file.path.parent.name / made.file.path.name)
    assert (done.brought_back, done.problems) == (3, [])
    for p in added:
        assert _sha(photos.photo_path(ws, p)) == p.sha256


def test_a_restore_stopped_before_the_swap_leaves_the_database_and_can_be_repeated(
    tmp_path: Path, monkeypatch: Any
) -> None:
    ws, db, added = ws_with_photos(tmp_path)
    made = backups.make_backup(db, now=BASE)
    units.create_unit(ws, units.UnitInput(name="备份之后登记的单位"))
    ws.close()
    shutil.rmtree(photos.photos_dir(ws))

    def power_cut(*_a: Any) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(backups.backup, "restore", power_cut)
    with pytest.raises(KeyboardInterrupt):
        backups.restore(db, made.file.path)
    monkeypatch.undo()
    # the photos came first: they are back, the database is still the current one
    assert all(_sha(photos.photo_path(ws, p)) == p.sha256 for p in added)
    after = sqlite_ws(tmp_path)
    assert "备份之后登记的单位" in {u.name for u in units.list_units(after)}
    after.close()
    again = backups.restore(db, made.file.path)
    assert (again.brought_back, again.problems) == (0, [])
    restored = sqlite_ws(tmp_path)
    assert "备份之后登记的单位" not in {u.name for u in units.list_units(restored)}
    restored.close()


def test_a_second_backup_waits_for_the_first(tmp_path: Path, monkeypatch: Any) -> None:
    """Two programs backing up one database: the store is worked on by one at a time."""
    import sqlite3

    ws, db, _added = ws_with_photos(tmp_path)
    folder = backups.backup.backup_dir(db)
    folder.mkdir()
    other = sqlite3.connect(folder / backups.LOCK, isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")  # another program is in the middle of a backup
    monkeypatch.setattr(backups, "LOCK_WAIT_S", 0.05)
    made = backups.make_backup(db, now=BASE)
    assert made.file.path.is_file() and made.copied == 0
    assert made.problems == [f"另一个备份或恢复正在使用 {folder}，请稍后重试，照片未备份"]
    with pytest.raises(AnchaError, match="另一个备份或恢复正在使用"):
        backups.restore(db, made.file.path)
    other.close()
    assert backups.make_backup(db, now=BASE + dt.timedelta(hours=1)).copied == 3
    ws.close()


def test_a_stopped_photo_copy_leaves_nothing_half_written(tmp_path: Path) -> None:
    """Closing the program stops the automatic backup's copying; the next backup completes it."""
    ws, db, _ = ws_with_photos(tmp_path, n=6)
    made = backups.backup.make_backup(db, now=BASE)
    calls: list[tuple[int, int]] = []

    def closing(done: int, total: int) -> None:
        calls.append((done, total))
        if len(calls) == 2:
            raise KeyboardInterrupt  # as the GUI's Progress raises TaskCancelled

    with pytest.raises(KeyboardInterrupt):
        backups.keep_photos(db, made, closing)
    store = backups.photo_store(db)
    assert not list(store.glob(".*.part"))
    assert all(_sha(store / n) == n.split(".")[0] for n in _store_names(db))  # only whole copies
    again = backups.make_backup(db, now=BASE + dt.timedelta(hours=1))  # the lock was released
    assert (again.kept, again.problems) == (6, [])
    assert backups.list_backups(db)[0].complete
    ws.close()


def test_a_folder_name_with_hash_and_percent(tmp_path: Path) -> None:
    """A data folder named like "档案 #1%": the backup is of the database, not of an empty file."""
    folder = tmp_path / "档案 #1%"
    folder.mkdir()
    ws, db, added = ws_with_photos(folder)
    made = backups.make_backup(db, now=BASE)
    assert (made.photos, made.kept, made.problems) == (3, 3, [])
    assert [b.photo_text for b in backups.list_backups(db)] == ["3 张，齐全"]
    ws.close()
    shutil.rmtree(photos.photos_dir(ws))
    done = backups.restore(db, made.file.path)
    assert (done.brought_back, done.problems) == (3, [])
    assert all(_sha(photos.photo_path(ws, p)) == p.sha256 for p in added)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["档案 #1%"]  # no stray "档案 " file


def test_the_next_start_completes_a_backup_whose_photos_were_not_copied(tmp_path: Path) -> None:
    ws, db, _ = ws_with_photos(tmp_path)
    made = backups.backup.make_backup(db)  # the database part, then the program was closed
    assert backups.database_backup_if_due(db) == made  # not due, but its photos are missing
    backups.keep_photos(db, made)
    assert backups.database_backup_if_due(db) is None
    ws.close()
