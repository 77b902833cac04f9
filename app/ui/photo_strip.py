"""Photos of one inspection item or finding: thumbnails with the time taken, add (in the worker,
with a progress bar here), open the original."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import cast

from PySide6.QtCore import QSize, QStandardPaths, Qt, QUrl, Signal
from PySide6.QtGui import QColor, QDesktopServices, QIcon, QImage, QImageReader, QPainter, QPixmap
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListView,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.core.errors import AnchaError
from app.core.photos import PhotoRecord
from app.services import photo_meta, photos
from app.ui.context import AppContext
from app.ui.messages import error_text
from app.ui.widgets import MessageLabel
from app.ui.worker import Progress, Task, TaskCancelled

THUMB = 96
IMAGE_FILTER = "图片 (*.jpg *.jpeg *.png *.bmp *.gif *.webp *.tif *.tiff *.heic);;所有文件 (*)"


def thumbnail(path: Path, size: int = THUMB) -> QIcon:
    """A small icon of the photo, read at reduced size (fast for big JPEGs)."""
    reader = QImageReader(str(path))
    reader.setAutoTransform(True)
    full = reader.size()
    if full.isValid() and (full.width() > size or full.height() > size):
        reader.setScaledSize(full.scaled(size, size, Qt.AspectRatioMode.KeepAspectRatio))
    image: QImage = reader.read()
    if image.isNull():
        return missing_icon(size)
    return QIcon(QPixmap.fromImage(image))


def missing_icon(size: int = THUMB, text: str = "照片缺失", color: str = "#9e9e9e") -> QIcon:
    pix = QPixmap(size, size)
    pix.fill(QColor("#eeeeee"))
    p = QPainter(pix)
    p.setPen(QColor(color))
    p.drawRect(0, 0, size - 1, size - 1)
    p.drawText(pix.rect(), Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap, text)
    p.end()
    return QIcon(pix)


def _alive(widget: QWidget) -> bool:
    """Whether the widget still exists (a panel can close while its photos are being added)."""
    import shiboken6

    return shiboken6.isValid(widget)


class PhotoStrip(QWidget):
    """Thumbnails for one inspection item or finding; `photosChanged` after photos were added.

    Adding runs in the worker (a progress bar and 取消 here); thumbnails are read from each
    photo's small derived copy, which the worker makes when it is missing, so the GUI thread
    never decodes a camera original."""

    photosChanged = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.item_id: uuid.UUID | None = None  # an inspection item ...
        self.finding_id: uuid.UUID | None = None  # ... or a finding (with its item's photos)
        self.editable = True
        self.adding: Task | None = None
        self._copies: dict[str, Path] = {}  # file name -> the file to show (made by the worker)
        self._making: set[str] = set()  # file names whose copies the worker is making
        self.list = QListWidget()
        self.list.setViewMode(QListView.ViewMode.IconMode)
        self.list.setIconSize(QSize(THUMB, THUMB))
        self.list.setFlow(QListView.Flow.LeftToRight)
        self.list.setWrapping(False)
        self.list.setResizeMode(QListView.ResizeMode.Adjust)
        self.list.setMovement(QListView.Movement.Static)
        self.list.setFixedHeight(THUMB + 34)
        self.list.setSpacing(4)
        self.list.setGridSize(QSize(THUMB + 12, THUMB + 24))  # captions in one line whatever the shape
        self.add_button = QPushButton("添加照片…")
        self.hint = QLabel("双击照片用系统看图程序打开")
        self.hint.setStyleSheet("color: #757575;")
        self.progress = QProgressBar()
        self.progress.setTextVisible(True)
        self.cancel_button = QPushButton("取消")
        self.cancel_button.clicked.connect(self.cancel_adding)
        self.message = MessageLabel()
        top = QHBoxLayout()
        top.addWidget(self.add_button)
        top.addWidget(self.hint, 1)
        top.addWidget(self.progress, 1)
        top.addWidget(self.cancel_button)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addLayout(top)
        lay.addWidget(self.list)
        lay.addWidget(self.message)
        self.add_button.clicked.connect(self.choose_files)
        self.list.itemDoubleClicked.connect(self._open)
        self._show_progress(False)
        self.set_item(None)

    def set_item(self, item_id: uuid.UUID | None) -> None:
        self._set_owner(item_id, None, True)

    def set_finding(self, finding_id: uuid.UUID | None, editable: bool = True) -> None:
        self._set_owner(None, finding_id, editable)

    def _set_owner(self, item_id: uuid.UUID | None, finding_id: uuid.UUID | None, editable: bool) -> None:
        self.item_id, self.finding_id, self.editable = item_id, finding_id, editable
        self._enable_add()
        if self.adding is None:
            self.message.clear_message()
        self.reload()

    def _enable_add(self) -> None:
        self.add_button.setEnabled(self.owner is not None and self.editable and self.adding is None)

    def _show_progress(self, on: bool) -> None:
        self.progress.setVisible(on)
        self.cancel_button.setVisible(on)
        self.hint.setVisible(not on)

    @property
    def owner(self) -> tuple[uuid.UUID | None, uuid.UUID | None] | None:
        if self.item_id is None and self.finding_id is None:
            return None
        return self.item_id, self.finding_id

    def reload(self) -> None:
        self.list.clear()
        self.hint.setText("暂无照片")
        if self.owner is None:
            return
        try:
            if self.item_id is not None:
                rows = photos.photos_of_item(self.ctx.ws, self.item_id)
            else:
                assert self.finding_id is not None
                rows = photos.photos_of_finding(self.ctx.ws, self.finding_id)
        except AnchaError as exc:
            self.message.show_error(error_text(exc))
            return
        pending = []
        for ph in rows:
            original = photos.check(self.ctx.ws, ph)
            name = ph.name
            entry = QListWidgetItem()
            if not original.ok:
                entry.setIcon(
                    missing_icon(
                        text="已被改动" if original.problem == photos.TAMPERED else "照片缺失",
                        color="#c62828",
                    )
                )
                entry.setToolTip(f"{name}\n{original.problem}")
                entry.setText("无法使用")
            else:
                shown = self._copies.get(ph.file_name) or photos.derived_copy(self.ctx.ws, ph, make=False)
                if shown is None:
                    entry.setIcon(missing_icon(text="正在生成\n缩略图"))
                    pending.append(ph)
                else:
                    entry.setIcon(thumbnail(shown))
                taken = photo_meta.taken(original.path)
                tip = f"{name}（{ph.width}×{ph.height}）"
                if taken.text():
                    tip += f"\n{taken.text()}"
                entry.setToolTip(tip + "\n原始文件已核对（SHA-256 一致）")
                entry.setText(f"{taken.when:%m-%d %H:%M}" if taken.when else "")
            entry.setData(Qt.ItemDataRole.UserRole, ph)
            self.list.addItem(entry)
        self.hint.setText("双击照片用系统看图程序打开原片" if rows else "暂无照片")
        self._make_copies(pending)

    def _make_copies(self, rows: list[PhotoRecord]) -> None:
        """Make the missing derived copies in the worker, then show them."""
        rows = [p for p in rows if p.file_name not in self._making]
        if not rows:
            return
        ws = self.ctx.ws
        names = {p.file_name for p in rows}
        self._making |= names

        def work(progress: Progress) -> dict[str, Path]:
            made = {}
            for p in rows:
                if progress.cancelled:
                    break
                path = photos.derived_copy(ws, p)
                if path is not None:
                    made[p.file_name] = path
            return made

        def done(result: object) -> None:
            if not _alive(self):
                return
            self._making -= names
            made = cast(dict[str, Path], result)
            self._copies.update(made)
            if made:
                self.reload()

        def failed(exc: BaseException) -> None:
            if _alive(self):
                self._making -= names
                self.message.show_error(error_text(exc))

        self.ctx.runner.submit(work, done, failed)

    def _open(self, entry: QListWidgetItem) -> None:
        ph = cast(PhotoRecord, entry.data(Qt.ItemDataRole.UserRole))
        original = photos.check(self.ctx.ws, ph)
        if not original.ok:
            self.message.show_error(f"{original.problem}：{ph.name}")
            return
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(original.path)))

    def choose_files(self) -> None:
        if self.owner is None or self.adding is not None:
            return
        folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.PicturesLocation)
        files, _f = QFileDialog.getOpenFileNames(self, "选择照片", folder, IMAGE_FILTER)
        if files:
            self.add_files([Path(f) for f in files])

    def add_files(self, files: list[Path]) -> Task | None:
        """Keep the files as evidence, one by one in the worker; a refused file is named here and
        the others are still added. 取消 stops before the next file (each file is whole or absent)."""
        owner = self.owner
        if owner is None or self.adding is not None or not files:
            return None
        item_id, finding_id = owner
        ws = self.ctx.ws
        total = len(files)

        def work(progress: Progress) -> tuple[int, list[str], int]:
            added, refused = 0, list[str]()
            for n, path in enumerate(files):
                if progress.cancelled:
                    return added, refused, total - n
                try:
                    progress.report(n, total)
                except TaskCancelled:  # 取消 pressed just now
                    return added, refused, total - n
                try:
                    ph = photos.add_photo(ws, path, inspection_item_id=item_id, finding_id=finding_id)
                    added += 1
                except AnchaError as exc:
                    refused.append(str(exc))
                    continue
                photos.derived_copy(ws, ph)  # the thumbnail and print copy, while we are here
            progress.report(total, total)
            return added, refused, 0

        def done(result: object) -> None:
            if not _alive(self):
                return
            added, refused, skipped = cast(tuple[int, list[str], int], result)
            if self.owner == owner:
                self.reload()
            parts = [f"已添加 {added} 张照片（原片已保存，未作改动）"]
            if skipped:
                parts.append(f"已取消，其余 {skipped} 张未添加")
            if refused:
                self.message.show_error("；".join(parts + refused))
            else:
                self.message.show_ok("；".join(parts))
            self.photosChanged.emit()

        def failed(exc: BaseException) -> None:
            if _alive(self):
                self.message.show_error(error_text(exc))
                self.photosChanged.emit()

        def finished() -> None:
            if _alive(self):
                self.adding = None
                self._show_progress(False)
                self._enable_add()

        def show(done_n: int, all_n: int) -> None:
            if _alive(self):
                self.progress.setMaximum(max(all_n, 1))
                self.progress.setValue(done_n)
                self.progress.setFormat(f"正在添加照片 {min(done_n + 1, all_n)}/{all_n}")

        self.message.clear_message()
        self.progress.setMaximum(total)
        self.progress.setValue(0)
        self.progress.setFormat(f"正在添加照片 1/{total}")
        self._show_progress(True)
        self.cancel_button.setEnabled(True)
        task = self.ctx.runner.submit(work, done, failed)
        task.progressed.connect(show)
        task.finished.connect(finished)
        self.adding = task
        self._enable_add()
        return task

    def cancel_adding(self) -> None:
        if self.adding is not None:
            self.adding.cancel()
            self.cancel_button.setEnabled(False)
            self.progress.setFormat("正在取消……")
