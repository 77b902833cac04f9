"""Colours and icons the screens share."""

from __future__ import annotations

from functools import cache

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPixmap

from app.paths import resources_dir

RED = "#c62828"
GREEN = "#2e7d32"
ORANGE = "#e65100"
GREY = "#757575"


@cache
def app_icon() -> QIcon:
    """The program icon (resources/icons), or a drawn fallback when the files are missing."""
    icon = QIcon()
    folder = resources_dir() / "icons"
    for size in (16, 32, 48, 64, 128, 256):
        path = folder / f"ancha-{size}.png"
        if path.exists():
            icon.addFile(str(path))
    if icon.isNull():
        pix = QPixmap(64, 64)
        pix.fill(QColor("#1565c0"))
        painter = QPainter(pix)
        painter.setPen(QColor("white"))
        font = painter.font()
        font.setPixelSize(40)
        painter.setFont(font)
        painter.drawText(pix.rect(), Qt.AlignmentFlag.AlignCenter, "安")
        painter.end()
        icon = QIcon(pix)
    return icon


def dot_icon(color: str, size: int = 12) -> QIcon:
    """A small filled circle: the marks used for major and overdue findings."""
    return _dot(color, size)


@cache
def _dot(color: str, size: int) -> QIcon:
    pix = QPixmap(size, size)
    pix.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pix)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setBrush(QColor(color))
    painter.setPen(Qt.PenStyle.NoPen)
    painter.drawEllipse(1, 1, size - 2, size - 2)
    painter.end()
    return QIcon(pix)
