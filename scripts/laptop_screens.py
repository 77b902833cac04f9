"""The first window on a laptop screen: whole-screen grabs at 1366×768 and at 150 % scaling.

    Xvfb :77 -screen 0 1366x768x24 &
    DISPLAY=:77 QT_QPA_PLATFORM=xcb python scripts/laptop_screens.py --tag 1366x768
    DISPLAY=:77 QT_QPA_PLATFORM=xcb QT_SCALE_FACTOR=1.5 python scripts/laptop_screens.py --tag 150pct

Opens the real window as `run()` does on a first start (demo data in a temporary folder),
shows each page and grabs the whole screen. For every page it checks that each visible
button, field and the status bar lie inside the screen; the script fails when one does not.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="笔记本屏幕上的主窗口截图")
    parser.add_argument("--tag", required=True, help="文件名中的屏幕说明，如 1366x768")
    parser.add_argument("-o", "--out", type=Path, default=ROOT / "docs" / "screenshots")
    args = parser.parse_args(argv)
    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)

    tmp = Path(tempfile.mkdtemp(prefix="ancha-laptop-"))
    os.environ["ANCHA_HOME"] = str(tmp)
    os.environ["ANCHA_USER"] = "李明"

    from PySide6.QtCore import QSettings
    from PySide6.QtGui import QFont, QFontDatabase
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import (
        QAbstractButton,
        QAbstractSpinBox,
        QApplication,
        QComboBox,
        QLineEdit,
        QScrollArea,
        QWidget,
    )

    from app.ui.platform import configure_before_app, install_chinese

    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp / "settings"))
    configure_before_app()
    app = QApplication(sys.argv)
    install_chinese(app)
    for family in ("Microsoft YaHei UI", "Noto Sans CJK SC", "WenQuanYi Micro Hei"):
        if family in QFontDatabase.families():
            app.setFont(QFont(family, 9))
            break

    from app.services import demo
    from app.services.workspace import Workspace
    from app.ui.main import PAGE_TITLES, MainWindow

    ws = Workspace(f"sqlite:///{(tmp / 'demo.db').as_posix()}")
    demo.fill(ws)
    win = MainWindow(ws)
    win.show()
    QTest.qWait(400)
    screen = win.screen()
    avail = screen.availableGeometry()
    print(
        f"screen {screen.geometry().width()}×{screen.geometry().height()} logical, "
        f"scale {screen.devicePixelRatio():g}, "
        f"window {win.frameGeometry().width()}×{win.frameGeometry().height()}"
    )
    problems: list[str] = []
    names = ["checklist", "inspection", "ledger", "units", "stats"]
    for index, title in enumerate(PAGE_TITLES):
        win.show_page(index)
        QTest.qWait(500)
        page = win.current_page()
        scrolled = [a for a in page.findChildren(QScrollArea) if a.isVisible()]

        def in_scroll_area(w: QWidget, areas: list[QScrollArea] = scrolled) -> bool:
            """Reachable by scrolling: the area itself is checked instead."""
            return any(a.widget() is not None and a.widget().isAncestorOf(w) for a in areas)

        controls = [
            w
            for w in page.findChildren(QWidget)
            if isinstance(w, QAbstractButton | QLineEdit | QComboBox | QAbstractSpinBox)
            and w.isVisible()
            and not in_scroll_area(w)
        ]
        controls += scrolled
        controls.append(win.statusBar())
        for w in controls:
            top_left = w.mapToGlobal(w.rect().topLeft())
            bottom_right = w.mapToGlobal(w.rect().bottomRight())
            if not (avail.contains(top_left) and avail.contains(bottom_right)):
                label = getattr(w, "text", lambda: "")() or w.objectName() or type(w).__name__
                problems.append(f"{title}: “{label}” 超出屏幕 ({top_left.x()},{top_left.y()})")
            elif w.width() < 12 or w.height() < 10:
                problems.append(f"{title}: “{type(w).__name__}” 被压扁 {w.width()}×{w.height()}")
        target = out / f"laptop-{args.tag}-{index + 1}-{names[index]}.png"
        screen.grabWindow(0).save(str(target), "PNG", 0)
        print(target.relative_to(ROOT) if target.is_relative_to(ROOT) else target)
    win.close()
    ws.close()
    shutil.rmtree(tmp, ignore_errors=True)
    for p in problems:
        print(p)
    print(f"{len(problems)} 个控件超出屏幕或被压扁")
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main())
