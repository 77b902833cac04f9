"""What differs on the inspectors' Windows laptops: DPI scaling, Qt's own Chinese texts, opening files.

Each Windows branch is chosen by `sys.platform` at call time, so tests on Linux can simulate Windows.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, Qt, QTranslator, QUrl
from PySide6.QtGui import QDesktopServices, QGuiApplication

APP_USER_MODEL_ID = "AnCha.Inspector"


def configure_before_app() -> None:
    """Settings that must precede the QApplication: fractional scaling (125 %, 150 %) kept exact."""
    QGuiApplication.setHighDpiScaleFactorRoundingPolicy(Qt.HighDpiScaleFactorRoundingPolicy.PassThrough)
    if sys.platform == "win32":
        # Group the windows under the program's own taskbar icon, not python.exe's.
        import ctypes

        try:
            ctypes.windll.shell32.SetCurrentProcessExplicitAppUserModelID(APP_USER_MODEL_ID)  # type: ignore[attr-defined]
        except (AttributeError, OSError):
            pass


def translations_dir() -> Path:
    """Qt's .qm files: beside the bundle when frozen, else in the PySide6 wheel."""
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        bundled = Path(frozen) / "PySide6" / "Qt" / "translations"
        if bundled.is_dir():
            return bundled
    return Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath))


def install_chinese(app: QCoreApplication) -> list[QTranslator]:
    """Load Qt's Simplified Chinese texts (是/否/确定/取消, file dialogs); returns the translators kept."""
    QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
    loaded = []
    for name in ("qtbase_zh_CN", "qt_zh_CN"):
        tr = QTranslator(app)
        if tr.load(name, str(translations_dir())):
            app.installTranslator(tr)
            loaded.append(tr)
    return loaded


def open_path(path: Path) -> bool:
    """Open a file or folder with the system's program for it; False if none could be started."""
    path = Path(path)
    if sys.platform == "win32":
        try:
            os.startfile(str(path))  # type: ignore[attr-defined]  # the Explorer association
        except OSError:
            return False
        return True
    if sys.platform == "darwin":
        try:
            subprocess.Popen(["open", str(path)])
        except OSError:
            return False
        return True
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))
