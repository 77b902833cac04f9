"""Screenshots of every main screen, from the real program on demo data.

    python scripts/screenshots.py [-o docs/screenshots]

Builds a demo database in a temporary folder (the user's own data and settings are not
touched), opens the real main window offscreen and saves one PNG per screen and dialog.
Chinese text needs a CJK font known to fontconfig (e.g. fonts-wqy-microhei on Linux).
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

WIDTH, HEIGHT = 1440, 900


def _settle(app: object, ms: int = 200) -> None:
    from PySide6.QtTest import QTest

    QTest.qWait(ms)


def _demo_photo(path: Path, caption: str) -> Path:
    """A drawn stand-in for a site photo (the demo has no real photos)."""
    from PySide6.QtCore import QRectF, Qt
    from PySide6.QtGui import QColor, QFont, QImage, QLinearGradient, QPainter

    img = QImage(1200, 900, QImage.Format.Format_RGB32)
    p = QPainter(img)
    grad = QLinearGradient(0, 0, 0, 900)
    grad.setColorAt(0, QColor("#b0bec5"))
    grad.setColorAt(1, QColor("#546e7a"))
    p.fillRect(img.rect(), grad)
    p.fillRect(QRectF(150, 380, 300, 420), QColor("#eceff1"))  # a cabinet
    p.setBrush(QColor("#ffca28"))
    p.drawEllipse(QRectF(620, 420, 160, 380))  # a gas cylinder
    p.setPen(QColor("white"))
    font = QFont()
    font.setPixelSize(64)
    p.setFont(font)
    p.drawText(QRectF(0, 60, 1200, 120), Qt.AlignmentFlag.AlignCenter, caption)
    p.end()
    img.save(str(path), "JPEG", 85)
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="截取各主要界面的截图（演示数据）")
    parser.add_argument("-o", "--out", type=Path, default=ROOT / "docs" / "screenshots")
    args = parser.parse_args(argv)
    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)

    tmp = Path(tempfile.mkdtemp(prefix="ancha-shots-"))
    os.environ["ANCHA_HOME"] = str(tmp)
    os.environ["ANCHA_USER"] = "李明"

    from PySide6.QtCore import QSettings
    from PySide6.QtGui import QFont, QFontDatabase
    from PySide6.QtWidgets import QApplication

    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp / "settings"))
    app = QApplication.instance() or QApplication(sys.argv)
    assert isinstance(app, QApplication)
    app.setApplicationName("安查")
    for family in ("Microsoft YaHei UI", "Noto Sans CJK SC", "WenQuanYi Micro Hei", "Source Han Sans SC"):
        if family in QFontDatabase.families():
            app.setFont(QFont(family, 10))
            break

    from app.core.findings import Level, Status
    from app.core.inspections import Result
    from app.services import demo, inspections, ledger, units
    from app.services.workspace import Workspace
    from app.ui.finding_dialog import FindingDialog
    from app.ui.inspection_dialog import NewInspectionDialog
    from app.ui.main import MainWindow
    from app.ui.unit_dialog import UnitDialog
    from app.ui.widgets import combo_select_data

    ws = Workspace(f"sqlite:///{(tmp / 'demo.db').as_posix()}")
    demo.fill(ws)
    win = MainWindow(ws)
    win.resize(WIDTH, HEIGHT)
    win.show()
    _settle(app)
    saved: list[Path] = []

    def shot(widget: object, name: str) -> None:
        _settle(app)
        target = out / f"{name}.png"
        widget.grab().save(str(target), "PNG", 0)  # type: ignore[attr-defined]  # 0: smallest file
        saved.append(target)

    # 检查清单: a gas checklist for a restaurant, with a keyword search beside it
    page = win.checklist_page
    win.show_page(win.pages.index(page))
    combo_select_data(page.sector, "gas")
    combo_select_data(page.site_type, "gas-catering")
    page.search.setText("报警")
    page.search.flush()
    shot(win, "1-checklist")

    # 检查记录: an inspection under way, a failed item with its photo
    page_i = win.inspection_page
    win.show_page(win.pages.index(page_i))
    restaurant = units.list_units(ws, "老味道饭店")[0]
    row = next(i for i, r in enumerate(page_i.list_model.rows) if r.unit_id == restaurant.id)
    page_i.list.selectRow(row)
    insp = page_i.inspection
    assert insp is not None
    failed = next(i for i, it in enumerate(page_i.items_model.items) if it.result == Result.FAIL.value)
    from app.services import photos

    photo = _demo_photo(tmp / "site.jpg", "演示照片：后厨燃气设施")
    photos.add_photo(ws, photo, inspection_item_id=page_i.items_model.items[failed].id)
    page_i.open_inspection(insp.id)
    page_i.select_item_row(failed)
    page_i.table.setFocus()
    shot(win, "2-inspection")

    # the finding dialog a 不符合 opens (draft from the item)
    item = next(
        (it for it in page_i.items_model.items if it.criteria and it.result != Result.FAIL.value),
        page_i.items_model.items[0],
    )
    draft = inspections.finding_draft(ws, item.id)
    dlg = FindingDialog(ws, draft, list(item.criteria), item.text, win)
    dlg.location.setText("一层厨房")
    dlg.show()
    shot(dlg, "3-finding-dialog")
    dlg.done(0)  # close without the "放弃输入的内容？" question

    # 新建检查 and 新建单位 (with a wrong 统一社会信用代码)
    new = NewInspectionDialog(ws, win)
    combo_select_data(new.unit, restaurant.id)
    new.inspectors.setText("李明、王强")
    new.show()
    shot(new, "4-new-inspection")
    new.close()
    unit_dlg = UnitDialog(ws, None, win)
    unit_dlg.name.setText("沁水县好味道餐饮店")
    unit_dlg.uscc.setText("91140521MA0C8K2P40")
    unit_dlg.address.setText("沁水县龙港镇府前街12号")
    unit_dlg.show()
    shot(unit_dlg, "5-new-unit")
    unit_dlg.close()

    # 隐患台账: the major hazard under supervision, in the detail panel
    page_l = win.ledger_page
    win.show_page(win.pages.index(page_l))
    majors = ledger.page(ws, ledger.FindingFilter(level=Level.MAJOR.value), 0, 200)
    focus = next((r for r in majors if r.status == Status.IN_PROGRESS.value and r.supervised_by), majors[0])
    page_l.show_finding(focus.id)
    shot(win, "6-ledger")

    # 被检查单位 and 统计
    win.show_page(win.pages.index(win.units_page))
    shot(win, "7-units")
    win.show_page(win.pages.index(win.stats_page))
    from PySide6.QtTest import QTest

    while win.stats_page.loading:  # counted in the worker thread
        QTest.qWait(50)
    shot(win, "8-stats")

    # 设置, 开始使用 and 到期提醒
    from app.ui.reminders_dialog import RemindersDialog
    from app.ui.settings_dialog import FirstStartGuide, SettingsDialog

    settings_dlg = SettingsDialog(win.ctx, win)
    settings_dlg.resize(900, 640)
    settings_dlg.show()
    _settle(app)
    shot(settings_dlg, "10-settings")
    settings_dlg.close()
    guide = FirstStartGuide([lambda: None] * len(FirstStartGuide.STEPS), win)
    guide.show()
    _settle(app)
    shot(guide, "11-first-start")
    guide.close()
    reminders = RemindersDialog(win.ctx, win)
    reminders.resize(1000, 560)
    reminders.show()
    _settle(app)
    shot(reminders, "12-reminders")
    reminders.close()

    win.close()
    ws.close()
    shutil.rmtree(tmp, ignore_errors=True)
    for path in saved:
        print(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
