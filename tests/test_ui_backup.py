from __future__ import annotations

import shutil
import threading
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QFileDialog, QMessageBox

from app.services import backups, photos
from app.services.workspace import Workspace
from app.storage.backup import list_backups
from app.ui.main import MainWindow
from tests.test_backup_photos import ws_with_photos


def test_backup_on_start_and_from_the_menu(qtbot: Any, demo_ws: Workspace, qt_settings: Any) -> None:
    assert demo_ws.db.path is not None
    assert list_backups(demo_ws.db.path) == []
    window = MainWindow(demo_ws)
    qtbot.addWidget(window)
    window.backups.auto_backup()  # no backup yet: one is made in the worker
    qtbot.waitUntil(lambda: len(list_backups(demo_ws.db.path)) == 1, timeout=10000)
    qtbot.waitUntil(
        lambda: "最近备份：" in window.backups.label.text() and "无" not in window.backups.label.text()
    )
    window.backups.auto_backup()  # made a moment ago: not due again
    window.ctx.runner.wait(10000)
    assert len(list_backups(demo_ws.db.path)) == 1
    assert window.backups.backup_now.isEnabled()
    assert window.backups.restore_action.text().startswith("从备份恢复")


def test_menu_backup_and_restore_report_photos_and_run_in_the_worker(
    qtbot: Any, tmp_path: Path, qt_settings: Any, monkeypatch: Any
) -> None:
    ws, db, added = ws_with_photos(tmp_path)
    photos.photo_path(ws, added[0]).unlink()  # lost before the first backup
    window = MainWindow(ws)
    qtbot.addWidget(window)
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, title, text: shown.append((title, text)))
    monkeypatch.setattr(QMessageBox, "information", lambda _p, title, text: shown.append((title, text)))
    threads: list[threading.Thread] = []
    real_restore = backups.restore

    def restore(*a: Any, **kw: Any) -> Any:
        threads.append(threading.current_thread())
        return real_restore(*a, **kw)

    monkeypatch.setattr(backups, "restore", restore)

    window.backups._backup()
    qtbot.waitUntil(lambda: bool(shown), timeout=20000)
    title, text = shown.pop()
    assert title == "备份完成，部分照片未备份"
    assert f"照片“IMG_0000.jpg”（{added[0].sha256[:12]}…）：原片缺失，未备份" in text.splitlines()
    assert window.backups.label.text().endswith("（照片不全）")

    shutil.rmtree(photos.photos_dir(ws))  # now the whole photo folder is lost
    [status] = backups.list_backups(db)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(status.file.path), ""))
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    window.backups._restore()
    qtbot.waitUntil(lambda: bool(shown), timeout=20000)
    title, text = shown.pop()
    assert threads and threads[0] is not threading.main_thread()
    assert title == "已恢复，部分照片未找回"
    assert "照片原片 3 张，从备份找回 2 张" in text
    assert f"照片“IMG_0000.jpg”（{added[0].sha256[:12]}…）：备份中没有这张照片的原片，无法恢复" in text
    for p in added[1:]:
        assert photos.check(ws, p).ok


def test_settings_lists_backups_with_their_photos(qtbot: Any, tmp_path: Path, qt_settings: Any) -> None:
    from app.ui.settings_dialog import BACKUP_TAB, SettingsDialog

    ws, _db, _added = ws_with_photos(tmp_path)
    window = MainWindow(ws)
    qtbot.addWidget(window)
    dialog = SettingsDialog(window.ctx, window, tab=BACKUP_TAB)
    qtbot.addWidget(dialog)
    rows = dialog.backup_list
    assert rows.topLevelItemCount() == 1 and rows.topLevelItem(0).text(0) == "还没有备份"
    dialog.backup_button.click()  # in the worker; the list is read again when it is done
    qtbot.waitUntil(lambda: rows.topLevelItem(0).text(2) == "3 张，齐全", timeout=20000)
    assert rows.topLevelItemCount() == 1


def test_auto_backup_copies_photos_off_the_database_worker(
    qtbot: Any, tmp_path: Path, qt_settings: Any, monkeypatch: Any
) -> None:
    ws, db, added = ws_with_photos(tmp_path)
    window = MainWindow(ws)
    qtbot.addWidget(window)
    ran: list[tuple[str, threading.Thread]] = []
    gate = threading.Event()
    real_keep = backups.keep_photos

    def keep_photos(*a: Any, **kw: Any) -> Any:
        ran.append(("photos", threading.current_thread()))
        assert gate.wait(30)  # held until the database worker has run another task
        return real_keep(*a, **kw)

    monkeypatch.setattr(backups, "keep_photos", keep_photos)
    window.backups.auto_backup()
    qtbot.waitUntil(lambda: len(ran) == 1, timeout=20000)
    assert "正在备份照片" in window.backups.label.text()
    window.ctx.runner.submit(
        lambda _p: ran.append(("worker", threading.current_thread())), lambda _r: gate.set()
    )
    qtbot.waitUntil(gate.is_set, timeout=20000)
    window.backups.files.wait(20000)
    qtbot.waitUntil(lambda: "正在备份照片" not in window.backups.label.text(), timeout=10000)
    assert ran[0][1] is not ran[1][1]
    assert {p.name for p in backups.photo_store(db).iterdir()} == {p.file_name for p in added}
    label = window.backups.label.text()
    assert label.startswith("最近备份：") and "照片不全" not in label
    window.close()  # stops the photo copying (nothing left to stop here) and waits
