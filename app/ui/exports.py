"""Save a printed form or workbook: ask where, make it in the worker, then open it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QStandardPaths
from PySide6.QtWidgets import QFileDialog, QWidget

from app.core.filenames import safe_file_name
from app.ui.context import AppContext
from app.ui.messages import show_error
from app.ui.platform import open_path
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
    stem, dot, ext = suggested.rpartition(".")
    safe = safe_file_name(stem, f".{ext}") if dot else safe_file_name(suggested)
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
        open_path(path)

    run_with_progress(
        ctx.runner, parent, f"正在生成 {path.name}……", work, done, lambda e: show_error(parent, e)
    )
