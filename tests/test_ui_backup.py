from __future__ import annotations

from typing import Any

from app.services.workspace import Workspace
from app.storage.backup import list_backups
from app.ui.main import MainWindow


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
