"""文件 menu: back up, restore, open the backup folder; the automatic backup on start."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QAction, QDesktopServices
from PySide6.QtWidgets import QFileDialog, QLabel, QMainWindow, QMenu, QMessageBox

from app.storage.backup import backup_dir, backup_if_due, list_backups, make_backup
from app.ui.context import AppContext
from app.ui.messages import error_text
from app.ui.worker import Progress, run_with_progress


class BackupActions:
    """Backup commands for a SQLite database; PostgreSQL is backed up by its server."""

    def __init__(self, window: QMainWindow, ctx: AppContext, menu: QMenu) -> None:
        self.window = window
        self.ctx = ctx
        self.path: Path | None = ctx.ws.db.path
        self.label = QLabel()
        window.statusBar().addPermanentWidget(self.label)
        self.backup_now = QAction("立即备份数据库(&B)", window)
        self.restore_action = QAction("从备份恢复(&R)…", window)
        self.open_folder = QAction("打开备份文件夹", window)
        for act in (self.backup_now, self.restore_action, self.open_folder):
            act.setEnabled(self.path is not None)
            menu.addAction(act)
        menu.addSeparator()
        self.backup_now.triggered.connect(self._backup)
        self.restore_action.triggered.connect(self._restore)
        self.open_folder.triggered.connect(self._open_folder)
        self.show_last()

    def show_last(self) -> None:
        if self.path is None:
            self.label.setText("备份：由数据库服务器负责")
            return
        backups = list_backups(self.path)
        when = backups[-1].taken.strftime("%Y-%m-%d %H:%M") if backups else "无"
        self.label.setText(f"最近备份：{when}")

    def auto_backup(self) -> None:
        """On start, in the worker: a backup when the newest is older than a day."""
        if self.path is None:
            return
        path = self.path

        def work(_p: Progress) -> object:
            return backup_if_due(path)

        self.ctx.runner.submit(work, lambda _r: self.show_last(), self._auto_failed)

    def _auto_failed(self, exc: BaseException) -> None:
        self.label.setText("自动备份失败")
        self.label.setToolTip(error_text(exc))
        self.window.statusBar().showMessage(f"自动备份失败：{error_text(exc)}", 15000)

    def _backup(self) -> None:
        assert self.path is not None
        path = self.path

        def work(_p: Progress) -> object:
            return make_backup(path)

        def done(result: object) -> None:
            self.show_last()
            self.window.statusBar().showMessage(f"已备份到 {getattr(result, 'path', '')}", 10000)

        run_with_progress(
            self.ctx.runner, self.window, "正在备份数据库…", work, done, self._failed, cancellable=False
        )

    def _failed(self, exc: BaseException) -> None:
        QMessageBox.warning(self.window, "备份失败", error_text(exc))

    def _restore(self) -> None:
        assert self.path is not None
        folder = backup_dir(self.path)
        chosen, _ = QFileDialog.getOpenFileName(
            self.window, "选择要恢复的备份", str(folder), "安查数据库 (*.db);;所有文件 (*)"
        )
        if not chosen:
            return
        answer = QMessageBox.question(
            self.window,
            "从备份恢复",
            f"用备份 {Path(chosen).name} 替换当前数据库？\n\n"
            "当前数据库不会被删除，会另存在同一文件夹中。恢复后程序将关闭，请重新打开。",
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        from app.storage.backup import restore

        self.ctx.runner.wait(30000)
        self.ctx.ws.close()
        try:
            aside = restore(self.path, Path(chosen))
        except Exception as exc:
            QMessageBox.warning(self.window, "恢复失败", error_text(exc))
            return
        QMessageBox.information(
            self.window, "已恢复", f"已从备份恢复。原数据库另存为：\n{aside}\n\n程序将关闭，请重新打开。"
        )
        self.window.close()

    def _open_folder(self) -> None:
        assert self.path is not None
        folder = backup_dir(self.path)
        folder.mkdir(parents=True, exist_ok=True)
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))
