"""文件 menu: back up, restore, open the backup folder; the automatic backup on start."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QAction, QDesktopServices
from PySide6.QtWidgets import QFileDialog, QLabel, QMainWindow, QMenu, QMessageBox

from app.services import backups
from app.storage.backup import BackupFile, backup_dir
from app.ui.context import AppContext
from app.ui.messages import error_text
from app.ui.worker import Progress, Task, TaskRunner, run_with_progress

MAX_LINES = 12  # problem lines shown in a message box; the rest are counted


def _lines(summary: str, problems: list[str]) -> str:
    shown = problems[:MAX_LINES]
    more = len(problems) - len(shown)
    head = summary.replace("；", "\n")  # the path on a line of its own
    return "\n".join([head, "", *shown, *([f"另有 {more} 项未列出"] if more else [])])


class BackupActions:
    """Backup commands for a SQLite database; PostgreSQL is backed up by its server."""

    def __init__(self, window: QMainWindow, ctx: AppContext, menu: QMenu) -> None:
        self.window = window
        self.ctx = ctx
        self.path: Path | None = ctx.ws.db.path
        self.label = QLabel()
        self.files = TaskRunner(window)  # the automatic backup's photo copying
        self.photo_task: Task | None = None
        window.statusBar().addPermanentWidget(self.label)
        self.backup_now = QAction("立即备份（数据库和照片）(&B)", window)
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
        kept = backups.list_backups(self.path)
        if not kept:
            self.label.setText("最近备份：无")
            return
        last = kept[-1]
        when = last.file.taken.strftime("%Y-%m-%d %H:%M")
        self.label.setText(f"最近备份：{when}" + ("" if last.complete else "（照片不全）"))
        self.label.setToolTip(f"{last.file.path}\n照片原片：{last.photo_text}")

    def auto_backup(self) -> None:
        """On start: a backup when the newest is older than a day. The database is copied in the
        worker; the photo originals (many, the first time) on a thread of their own, so printing
        and saving do not wait for them."""
        if self.path is None:
            return
        path = self.path

        def work(_p: Progress) -> object:
            return backups.database_backup_if_due(path)

        def copied(result: object) -> None:
            self.show_last()
            if isinstance(result, backups.BackupResult) and result.problems:
                self.window.statusBar().showMessage(
                    f"自动备份完成，但有 {len(result.problems)} 项照片问题：{result.problems[0]}", 30000
                )
                self.label.setToolTip("\n".join(result.problems[:MAX_LINES]))

        def made(result: object) -> None:
            self.show_last()
            if isinstance(result, BackupFile):
                self.label.setText(self.label.text() + "（正在备份照片…）")
                self.photo_task = self.files.submit(
                    lambda p: backups.keep_photos(path, result, p), copied, self._auto_failed
                )

        self.ctx.runner.submit(work, made, self._auto_failed)

    def stop(self) -> None:
        """Stop the automatic backup's photo copying (closing, restoring, backing up now); what
        is not copied yet is copied by the next backup."""
        if self.photo_task is not None and self.photo_task.running:
            self.photo_task.cancel()
        self.files.wait(30000)

    def _auto_failed(self, exc: BaseException) -> None:
        self.label.setText("自动备份失败")
        self.label.setToolTip(error_text(exc))
        self.window.statusBar().showMessage(f"自动备份失败：{error_text(exc)}", 15000)

    def _backup(self) -> None:
        self.run_backup()

    def run_backup(self, after: Callable[[], None] | None = None) -> None:
        """Back up now with a progress dialog; `after` runs on the GUI thread once it is done."""
        assert self.path is not None
        path = self.path
        self.stop()  # this backup copies what the automatic one had not yet

        def work(p: Progress) -> object:
            return backups.make_backup(path, progress=p)

        def done(result: object) -> None:
            self.show_last()
            assert isinstance(result, backups.BackupResult)
            if result.problems:
                QMessageBox.warning(
                    self.window, "备份完成，部分照片未备份", _lines(result.summary, result.problems)
                )
            else:
                self.window.statusBar().showMessage(result.summary, 10000)
            if after is not None:
                after()

        run_with_progress(
            self.ctx.runner, self.window, "正在备份数据库和照片…", work, done, self._failed, cancellable=False
        )

    def _failed(self, exc: BaseException) -> None:
        QMessageBox.warning(self.window, "备份失败", error_text(exc))

    def _restore(self) -> None:
        assert self.path is not None
        path = self.path
        folder = backup_dir(path)
        chosen, _ = QFileDialog.getOpenFileName(
            self.window, "选择要恢复的备份", str(folder), "安查数据库 (*.db);;所有文件 (*)"
        )
        if not chosen:
            return
        answer = QMessageBox.question(
            self.window,
            "从备份恢复",
            f"用备份 {Path(chosen).name} 替换当前数据库？\n\n"
            "照片文件夹中缺少的照片原片从备份中找回（已有的文件不会被覆盖）。"
            "当前数据库不会被删除，会另存在同一文件夹中。恢复后程序将关闭，请重新打开。",
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        self.stop()
        self.ctx.runner.wait(30000)
        self.ctx.ws.close()

        def work(p: Progress) -> object:
            return backups.restore(path, Path(chosen), progress=p)

        def done(result: object) -> None:
            assert isinstance(result, backups.RestoreResult)
            text = _lines(result.summary, result.problems) + "\n\n程序将关闭，请重新打开。"
            if result.problems:
                QMessageBox.warning(self.window, "已恢复，部分照片未找回", text)
            else:
                QMessageBox.information(self.window, "已恢复", text)
            self.window.close()

        def failed(exc: BaseException) -> None:
            QMessageBox.warning(self.window, "恢复失败", error_text(exc))

        run_with_progress(
            self.ctx.runner, self.window, "正在恢复数据库和照片…", work, done, failed, cancellable=False
        )

    def _open_folder(self) -> None:
        assert self.path is not None
        folder = backup_dir(self.path)
        folder.mkdir(parents=True, exist_ok=True)
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))
