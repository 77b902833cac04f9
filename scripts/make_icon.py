"""Draw the 安查 icon with QPainter and write resources/icons/ (PNG sizes and a Windows .ico).

    python scripts/make_icon.py

A blue shield with a white check mark and an orange magnifier: inspection and safety, no text,
so it looks the same on any machine. Each size is drawn separately, so small icons stay sharp.
The .ico holds 16–256 px images (Pillow writes multi-size ICO files; Qt's ICO writer one size).
"""

from __future__ import annotations

import io
import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QBuffer, QIODevice, QPointF, QRectF, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QGuiApplication,
    QImage,
    QLinearGradient,
    QPainter,
    QPainterPath,
    QPen,
)

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "resources" / "icons"
PNG_SIZES = (256, 128, 64, 48, 32, 16)
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)


def draw(size: int) -> QImage:
    img = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    img.fill(Qt.GlobalColor.transparent)
    p = QPainter(img)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.scale(size / 256, size / 256)

    # shield
    shield = QPainterPath()
    shield.moveTo(128, 10)
    shield.cubicTo(170, 34, 206, 40, 232, 40)
    shield.lineTo(232, 118)
    shield.cubicTo(232, 180, 190, 222, 128, 248)
    shield.cubicTo(66, 222, 24, 180, 24, 118)
    shield.lineTo(24, 40)
    shield.cubicTo(50, 40, 86, 34, 128, 10)
    shield.closeSubpath()
    grad = QLinearGradient(QPointF(0, 10), QPointF(0, 248))
    grad.setColorAt(0, QColor("#1e88e5"))
    grad.setColorAt(1, QColor("#0d47a1"))
    p.setPen(QPen(QColor("#0a3d91"), 6))
    p.setBrush(QBrush(grad))
    p.drawPath(shield)

    # check mark
    pen = QPen(QColor("white"), 26, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap, Qt.PenJoinStyle.RoundJoin)
    p.setPen(pen)
    p.setBrush(Qt.BrushStyle.NoBrush)
    check = QPainterPath()
    check.moveTo(70, 124)
    check.lineTo(110, 164)
    check.lineTo(184, 84)
    p.drawPath(check)

    # magnifier (orange, safety colour), over the lower right of the shield
    p.setPen(QPen(QColor("#ffffff"), 34, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
    p.drawLine(QPointF(206, 214), QPointF(238, 246))
    p.setPen(QPen(QColor("#ef6c00"), 20, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
    p.drawLine(QPointF(206, 214), QPointF(238, 246))
    p.setPen(QPen(QColor("#ffffff"), 10))
    p.setBrush(QColor("#ef6c00"))
    p.drawEllipse(QRectF(150, 158, 68, 68))
    p.setBrush(QColor("#fff3e0"))
    p.setPen(Qt.PenStyle.NoPen)
    p.drawEllipse(QRectF(166, 174, 36, 36))
    p.end()
    return img


def png_bytes(img: QImage) -> bytes:
    buf = QBuffer()
    buf.open(QIODevice.OpenModeFlag.WriteOnly)
    img.save(buf, "PNG")
    return bytes(buf.data().data())


def main() -> int:
    app = QGuiApplication.instance() or QGuiApplication(sys.argv)
    assert app is not None
    OUT.mkdir(parents=True, exist_ok=True)
    for size in PNG_SIZES:
        target = OUT / f"ancha-{size}.png"
        if not draw(size).save(str(target), "PNG"):
            print(f"无法写入 {target}", file=sys.stderr)
            return 1
    from PIL import Image

    images = [Image.open(io.BytesIO(png_bytes(draw(s)))).convert("RGBA") for s in ICO_SIZES]
    images[-1].save(
        OUT / "ancha.ico", format="ICO", sizes=[(s, s) for s in ICO_SIZES], append_images=images[:-1]
    )
    print(f"已写入 {OUT}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
