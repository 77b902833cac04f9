"""Photos of one inspection item or finding: thumbnails, add (copied into storage), open."""

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
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.core.errors import AnchaError
from app.services import photo_meta, photos
from app.ui.context import AppContext
from app.ui.messages import error_text
from app.ui.widgets import MessageLabel
from app.ui.worker import Progress, run_with_progress

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


def missing_icon(size: int = THUMB) -> QIcon:
    pix = QPixmap(size, size)
    pix.fill(QColor("#eeeeee"))
    p = QPainter(pix)
    p.setPen(QColor("#9e9e9e"))
    p.drawRect(0, 0, size - 1, size - 1)
    p.drawText(pix.rect(), Qt.AlignmentFlag.AlignCenter, "照片缺失")
    p.end()
    return QIcon(pix)


class PhotoStrip(QWidget):
    """Thumbnails for one inspection item; `photosChanged` after photos were added."""

    photosChanged = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.item_id: uuid.UUID | None = None  # an inspection item ...
        self.finding_id: uuid.UUID | None = None  # ... or a finding (with its item's photos)
        self.list = QListWidget()
        self.list.setViewMode(QListView.ViewMode.IconMode)
        self.list.setIconSize(QSize(THUMB, THUMB))
        self.list.setFlow(QListView.Flow.LeftToRight)
        self.list.setWrapping(False)
        self.list.setResizeMode(QListView.ResizeMode.Adjust)
        self.list.setMovement(QListView.Movement.Static)
        self.list.setFixedHeight(THUMB + 30)
        self.list.setSpacing(4)
        self.add_button = QPushButton("添加照片…")
        self.hint = QLabel("双击照片用系统看图程序打开")
        self.hint.setStyleSheet("color: #757575;")
        self.message = MessageLabel()
        top = QHBoxLayout()
        top.addWidget(self.add_button)
        top.addWidget(self.hint, 1)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addLayout(top)
        lay.addWidget(self.list)
        lay.addWidget(self.message)
        self.add_button.clicked.connect(self.choose_files)
        self.list.itemDoubleClicked.connect(self._open)
        self.set_item(None)

    def set_item(self, item_id: uuid.UUID | None) -> None:
        self._set_owner(item_id, None)

    def set_finding(self, finding_id: uuid.UUID | None, editable: bool = True) -> None:
        self._set_owner(None, finding_id)
        self.add_button.setEnabled(finding_id is not None and editable)

    def _set_owner(self, item_id: uuid.UUID | None, finding_id: uuid.UUID | None) -> None:
        self.item_id, self.finding_id = item_id, finding_id
        self.add_button.setEnabled(self.owner is not None)
        self.message.clear_message()
        self.reload()

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
        for ph in rows:
            path = photos.photo_path(self.ctx.ws, ph)
            entry = QListWidgetItem(thumbnail(path) if path.exists() else missing_icon(), "")
            tip = f"{ph.original_name or ph.file_name}（{ph.width}×{ph.height}）"
            when = photo_meta.taken(path).text() if path.exists() else ""
            if when:
                tip += f"\n{when}"
            if not path.exists():
                tip = f"照片文件缺失：{path}"
            entry.setToolTip(tip)
            entry.setData(Qt.ItemDataRole.UserRole, str(path))
            self.list.addItem(entry)
        self.hint.setText("双击照片用系统看图程序打开" if rows else "暂无照片")

    def _open(self, entry: QListWidgetItem) -> None:
        path = Path(str(entry.data(Qt.ItemDataRole.UserRole)))
        if not path.exists():
            self.message.show_error(f"照片文件缺失：{path}")
            return
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))

    def choose_files(self) -> None:
        if self.owner is None:
            return
        folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.PicturesLocation)
        files, _f = QFileDialog.getOpenFileNames(self, "选择照片", folder, IMAGE_FILTER)
        if files:
            self.add_files([Path(f) for f in files])

    def add_files(self, files: list[Path]) -> None:
        """Copy the files into the program's storage in the worker; report refusals here."""
        owner = self.owner
        if owner is None:
            return
        item_id, finding_id = owner
        ws = self.ctx.ws

        def work(progress: Progress) -> tuple[int, list[str]]:
            added, refused = 0, []
            for n, path in enumerate(files):
                progress.report(n, len(files))
                try:
                    photos.add_photo(ws, path, inspection_item_id=item_id, finding_id=finding_id)
                    added += 1
                except AnchaError as exc:
                    refused.append(str(exc))
            return added, refused

        def done(result: object) -> None:
            added, refused = cast(tuple[int, list[str]], result)
            if self.owner == owner:
                self.reload()
            if refused:
                self.message.show_error("；".join(refused))
            else:
                self.message.show_ok(f"已添加 {added} 张照片（已复制到程序的照片文件夹）")
            self.photosChanged.emit()

        run_with_progress(
            self.ctx.runner,
            self,
            "正在复制照片……",
            work,
            done,
            lambda e: self.message.show_error(error_text(e)),
        )
