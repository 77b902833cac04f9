"""Save a printed form or workbook: ask where, make it in the worker, then open it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QStandardPaths, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog, QWidget

from app.ui.context import AppContext
from app.ui.widgets import show_error
from app.ui.worker import Progress, run_with_progress


def save_file(
    parent: QWidget,
    ctx: AppContext,
    caption: str,
    suggested: str,
    file_filter: str,
    make: Callable[[Path, Progress], object],
    on_done: Callable[[Path], None] | None = None,
) -> None:
    """Ask for a file name, run `make(path, progress)` off the GUI thread, open the result."""
    folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    safe = "".join("、" if ch in '/\\:*?"<>|' else ch for ch in suggested)
    chosen, _f = QFileDialog.getSaveFileName(parent, caption, str(Path(folder) / safe), file_filter)
    if not chosen:
        return
    path = Path(chosen)

    def work(progress: Progress) -> Path:
        make(path, progress)
        return path

    def done(_result: object) -> None:
        if on_done:
            on_done(path)
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))

    run_with_progress(
        ctx.runner, parent, f"正在生成 {path.name}……", work, done, lambda e: show_error(parent, e)
    )
