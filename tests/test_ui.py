"""The desktop GUI, driven through its real widgets on a real (temporary) SQLite database."""

from __future__ import annotations

import datetime as dt
import uuid
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("PySide6.QtWidgets")

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QMessageBox
from sqlalchemy import select

from app.core.findings import Action, Level, Status
from app.core.uscc import check_char
from app.services import checklists, findings, inspections, ledger, photos, units
from app.services.findings import FindingInput
from app.services.inspection_list import inspection_rows
from app.services.workspace import Workspace
from app.storage.models import Finding, Unit
from app.ui.context import AppContext
from app.ui.dates import from_qdate, to_qdate
from app.ui.inspection_dialog import NewInspectionDialog
from app.ui.ledger_page import LedgerModel, LedgerPage
from app.ui.main import MainWindow
from app.ui.unit_dialog import UnitDialog
from app.ui.widgets import combo_select_data
from app.ui.worker import Progress, TaskRunner, run_with_progress

pytestmark = pytest.mark.usefixtures("qt_settings")

VALID_USCC = "91140521MA0TEXT01" + check_char("91140521MA0TEXT01")


def wrong_check(code: str) -> str:
    """The same code with a wrong 18th character."""
    other = "0" if code[-1] != "0" else "1"
    return code[:17] + other


def ok_button(box: QDialogButtonBox) -> Any:
    return box.button(QDialogButtonBox.StandardButton.Ok)


def wait_idle(qtbot: Any, runner: TaskRunner) -> None:
    qtbot.waitUntil(lambda: not runner.busy, timeout=15000)


def make_window(qtbot: Any, ws: Workspace) -> MainWindow:
    w = MainWindow(ws)
    qtbot.addWidget(w)
    w.show()
    return w


# --- 被检查单位 ----------------------------------------------------------------------------------


def test_unit_with_invalid_uscc_is_refused_and_valid_one_saved(qtbot: Any, demo_ws: Workspace) -> None:
    before = units.count_units(demo_ws)
    dlg = UnitDialog(demo_ws)
    qtbot.addWidget(dlg)
    dlg.show()
    dlg.name.setText("沁水县测试燃气餐厅")  # QTest types Latin keys only
    qtbot.keyClicks(dlg.uscc, wrong_check(VALID_USCC))

    # the problem is shown in red under the field while typing, and nothing can be saved
    assert dlg.uscc_message.isVisible()
    assert "校验码错误" in dlg.uscc_message.text()
    assert dlg.uscc_message.is_error
    assert not ok_button(dlg.buttons).isEnabled()
    dlg.accept()
    assert dlg.result() == 0 and dlg.saved is None
    assert "未保存" in dlg.message.text()
    assert units.count_units(demo_ws) == before

    dlg.uscc.clear()
    qtbot.keyClicks(dlg.uscc, VALID_USCC.lower())  # typed in lower case: normalised
    assert "校验通过" in dlg.uscc_message.text() and not dlg.uscc_message.is_error
    dlg.principal.setText("张三")
    qtbot.mouseClick(ok_button(dlg.buttons), Qt.MouseButton.LeftButton)
    assert dlg.saved is not None
    assert units.count_units(demo_ws) == before + 1
    saved = units.list_units(demo_ws, "测试燃气餐厅")
    assert [(u.uscc, u.principal) for u in saved] == [(VALID_USCC, "张三")]


def test_units_page_search_and_duplicate_code(qtbot: Any, demo_ws: Workspace) -> None:
    ctx = AppContext(demo_ws)
    from app.ui.units_page import UnitsPage

    page = UnitsPage(ctx)
    qtbot.addWidget(page)
    page.show()
    page.activate()
    total = page.model.rowCount()
    assert total == units.count_units(demo_ws)
    page.search.setText("燃气")
    page.search.flush()
    assert 0 < page.model.rowCount() < total

    # a code already used by another unit: clear message in the dialog, not saved
    taken = page.model.rows[0].uscc
    assert taken
    dlg = UnitDialog(demo_ws, None, page)
    qtbot.addWidget(dlg)
    dlg.name.setText("另一家单位")
    dlg.uscc.setText(taken)
    dlg.accept()
    assert dlg.saved is None
    assert "已被单位" in dlg.message.text()


# --- 检查清单 -----------------------------------------------------------------------------------


def test_checklist_builder_search_reorder_custom_and_template(qtbot: Any, demo_ws: Workspace) -> None:
    from app.ui.checklist_page import ChecklistPage, Entry

    ctx = AppContext(demo_ws)
    page = ChecklistPage(ctx)
    qtbot.addWidget(page)
    page.show()
    page.sector.setCurrentIndex(page.sector.findData("gas"))
    page.site_type.setCurrentIndex(page.site_type.findData("gas-catering"))
    ids = [e.item.item_id for e in page.entries]
    assert ids == ["GAS-003", "GAS-004", "GAS-005", "GAS-006"]
    assert all(e.selected for e in page.entries)
    assert all(e.item.basis for e in page.entries)

    # keyword search across all sectors, then add a fire item to the list
    page.search.setText("安全出口")
    page.search.flush()
    assert page.results.topLevelItemCount() == 1
    page.results.topLevelItem(0).setSelected(True)
    page.add_search_results()
    assert page.entries[-1].item.item_id == "FIRE-002"

    # reorder within a group, untick one, add the common section and a custom item
    page.tree.setCurrentItem(page.tree.topLevelItem(0).child(1))  # GAS-004
    qtbot.mouseClick(page.up_button, Qt.MouseButton.LeftButton)
    assert [e.item.item_id for e in page.entries][:2] == ["GAS-004", "GAS-003"]
    page.tree.topLevelItem(0).child(0).setCheckState(0, Qt.CheckState.Unchecked)
    page.add_common()
    assert {"COM-001", "COM-002"} <= {e.item.item_id for e in page.entries}
    page.entries.append(Entry(checklists.custom_item("后厨燃气管道未被杂物遮挡")))
    page.rebuild()

    assert page.save_as("燃气-餐饮（测试）")
    saved = checklists.get_template(demo_ws, "燃气-餐饮（测试）")
    items = checklists.template_items(saved)
    assert "GAS-004" not in [i.item_id for i in items]  # unticked: left out
    assert items[-1].custom and items[-1].text == "后厨燃气管道未被杂物遮挡"
    assert page.templates.findText("燃气-餐饮（测试）") >= 0

    # load it back
    page.generate()
    page.templates.setCurrentIndex(page.templates.findText("燃气-餐饮（测试）"))
    page.load_selected_template()
    assert [e.item.text for e in page.entries] == [i.text for i in items]


def test_pdf_button_prints_the_chosen_items(
    qtbot: Any, demo_ws: Workspace, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from pypdf import PdfReader
    from PySide6.QtGui import QDesktopServices
    from PySide6.QtWidgets import QFileDialog

    from app.ui.checklist_page import ChecklistPage

    out = tmp_path / "检查表.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), ""))
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda _url: True)
    ctx = AppContext(demo_ws)
    page = ChecklistPage(ctx)
    qtbot.addWidget(page)
    page.generate()
    chosen = page.selected_items()
    assert chosen and page.pdf_button.isVisibleTo(page) and page.pdf_button.isEnabled()
    page.pdf_button.click()
    qtbot.waitUntil(lambda: "已生成" in page.message.text(), timeout=20000)
    ctx.runner.wait(20000)
    text = "".join(p.extract_text() for p in PdfReader(out).pages).replace("\n", "")
    assert chosen[0].text[:12] in text


# --- 检查记录 -----------------------------------------------------------------------------------


def _new_inspection(qtbot: Any, ws: Workspace, unit_id: uuid.UUID) -> uuid.UUID:
    dlg = NewInspectionDialog(ws)
    qtbot.addWidget(dlg)
    assert combo_select_data(dlg.unit, unit_id)
    dlg.by_sector.setChecked(True)
    dlg.sector.setCurrentIndex(dlg.sector.findData("gas"))
    dlg.site_type.setCurrentIndex(dlg.site_type.findData("gas-catering"))
    dlg.inspectors.setText("李明")
    assert dlg.inspectors_message.text()  # one inspector is not enough
    dlg.accept()
    assert dlg.created is None
    dlg.inspectors.setText("李明、王强")
    assert not dlg.inspectors_message.isVisible()
    dlg.accept()
    assert dlg.created is not None
    return dlg.created.id


def test_inspection_by_keyboard_and_a_failure_becomes_a_finding(
    qtbot: Any, demo_ws: Workspace, tmp_path: Path
) -> None:
    unit = units.create_unit(demo_ws, units.UnitInput(name="沁水县测试饭店", uscc=VALID_USCC))
    win = make_window(qtbot, demo_ws)
    win.show_page(win.pages.index(win.inspection_page))
    page = win.inspection_page
    inspection_id = _new_inspection(qtbot, demo_ws, unit.id)
    page.show_new(inspection_id)
    table = page.table
    assert page.items_model.rowCount() == 4  # GAS-003..006 for 餐饮等用气场所
    assert page.current_row() == 0

    # row 0 (GAS-003, linked to a criterion): 2 = 不符合 → the finding dialog, proposing 重大
    qtbot.keyClick(table, Qt.Key.Key_2)
    dlg = page.finding_dialog
    assert dlg is not None and dlg.isVisible()
    assert "可燃气体报警装置" in dlg.title.text()
    assert dlg.level.currentData() == Level.MAJOR.value
    assert "建议级别：重大事故隐患" in dlg.proposal.text()
    assert "城镇燃气经营安全重大隐患判定标准" in dlg.criterion_text.text()
    assert "待核实" in dlg.criterion_text.text()  # the clause is marked S: shown as not verified
    dlg.location.setText("一层厨房")
    qtbot.mouseClick(ok_button(dlg.buttons), Qt.MouseButton.LeftButton)
    assert page.finding_dialog is None
    assert page.current_row() == 1  # advanced after the dialog

    # 1 = 符合, Y = 符合, 3 = 不适用; arrows move without recording
    qtbot.keyClick(table, Qt.Key.Key_1)
    assert page.current_row() == 2
    qtbot.keyClick(table, Qt.Key.Key_Up)
    assert page.current_row() == 1
    qtbot.keyClick(table, Qt.Key.Key_Down)
    qtbot.keyClick(table, Qt.Key.Key_3)
    qtbot.keyClick(table, Qt.Key.Key_Y)

    insp = inspections.get_inspection(demo_ws, inspection_id)
    assert [it.result for it in insp.items] == ["fail", "pass", "na", "pass"]
    made = inspections.findings_of(demo_ws, inspection_id)
    assert len(made) == 1
    f = made[0]
    assert f.level == Level.MAJOR.value and f.location == "一层厨房"
    assert f.criterion and f.criterion["criterion_id"] == "gas-2023-06-01"
    assert f.basis and "沁政发" in f.basis
    assert "已登记隐患" in page.items_model.result_text(page.items_model.items[0])

    # a second failure whose item links no criterion: 一般隐患 proposed; the inspector may cancel
    page.select_item_row(1)
    qtbot.keyClick(table, Qt.Key.Key_N)
    dlg = page.finding_dialog
    assert dlg is not None and dlg.level.currentData() == Level.GENERAL.value
    qtbot.mouseClick(dlg.buttons.button(QDialogButtonBox.StandardButton.Cancel), Qt.MouseButton.LeftButton)
    assert len(inspections.findings_of(demo_ws, inspection_id)) == 1
    assert "未登记隐患" in page.items_model.result_text(page.items_model.items[1])
    page.select_item_row(1)
    assert page.finding_button.isEnabled()  # can still be recorded later

    # a note is saved when the editor loses focus
    page.select_item_row(2)
    page.note.setFocus()
    page.note.setPlainText("厨房无燃气用具，不适用")
    page.note.editingFinished.emit()
    assert inspections.get_inspection(demo_ws, inspection_id).items[2].note == "厨房无燃气用具，不适用"

    # photos: an image is copied into the program's storage, a non-image is refused
    picture = tmp_path / "现场.png"
    img = QImage(64, 48, QImage.Format.Format_RGB32)
    img.fill(QColor("orange"))
    assert img.save(str(picture))
    not_image = tmp_path / "记录.txt"
    not_image.write_text("不是图片", encoding="utf-8")
    page.select_item_row(0)
    page.photos.add_files([picture, not_image])
    wait_idle(qtbot, win.ctx.runner)
    qtbot.waitUntil(lambda: page.photos.list.count() == 1)
    assert "不是可识别的图片文件" in page.photos.message.text()
    stored = photos.photos_of_item(demo_ws, insp.items[0].id)
    assert len(stored) == 1
    path = photos.photo_path(demo_ws, stored[0])
    assert path.exists() and path.parent == demo_ws.files_dir / "photos"
    assert path.read_bytes() == picture.read_bytes()
    assert page.items_model.data(page.items_model.index(0, 4)) == "1张"


def test_huge_photo_is_kept_whole_with_a_small_derived_copy(demo_ws: Workspace, tmp_path: Path) -> None:
    from PIL import Image

    insp = inspection_rows(demo_ws)[0]
    item = inspections.get_inspection(demo_ws, insp.id).items[0]
    big = tmp_path / "big.jpg"
    Image.new("RGB", (5000, 3000), "white").save(big, quality=60)
    ph = photos.add_photo(demo_ws, big, inspection_item_id=item.id)
    assert (ph.width, ph.height) == (5000, 3000)
    assert photos.photo_path(demo_ws, ph).read_bytes() == big.read_bytes()  # the evidence, as taken
    copy = photos.derived_copy(demo_ws, ph)
    assert copy is not None
    with Image.open(copy) as im:
        assert im.size == (472, 283)  # 40 mm at 300 dpi


# --- 隐患台账 -----------------------------------------------------------------------------------


def test_ledger_filters_narrow_the_table(qtbot: Any, demo_ws: Workspace, qtmodeltester: Any) -> None:
    ctx = AppContext(demo_ws)
    page = LedgerPage(ctx)
    qtbot.addWidget(page)
    page.show()
    page.activate()
    model = page.model
    total = model.rowCount()
    assert total == ledger.count(demo_ws, ledger.FindingFilter()) > 5
    qtmodeltester.check(model, force_py=True)

    page.level.setCurrentIndex(page.level.findData(Level.MAJOR.value))
    majors = model.rowCount()
    assert 0 < majors < total
    assert all(model.row(r).level == "major" for r in range(majors))  # type: ignore[union-attr]

    page.status.setCurrentIndex(page.status.findData("__open__"))
    open_majors = model.rowCount()
    assert open_majors < majors  # the demo closes one major hazard

    page.clear_filters()
    assert model.rowCount() == total
    page.overdue.setChecked(True)
    overdue = model.rowCount()
    assert overdue < total
    assert all(model.row(r).overdue(dt.date.today()) for r in range(overdue))  # type: ignore[union-attr]

    page.clear_filters()
    unit = units.list_units(demo_ws, "佳美宾馆")[0]
    page.filter_unit(unit.id)
    assert 0 < model.rowCount() < total
    assert {model.row(r).unit for r in range(model.rowCount())} == {unit.name}  # type: ignore[union-attr]

    page.clear_filters()
    page.text.setText("应急照明")
    page.text.flush()
    assert model.rowCount() == 1

    page.clear_filters()
    page.date_from.set_value(dt.date.today() - dt.timedelta(days=60))
    page.date_from.committed.emit(page.date_from.value())
    assert model.rowCount() < total

    # sorting re-queries; marks for major and overdue rows
    page.clear_filters()
    col = [c[0] for c in ledger.COLUMNS].index("deadline")
    model.sort(col, Qt.SortOrder.AscendingOrder)
    deadlines = [model.row(r).deadline for r in range(model.rowCount())]  # type: ignore[union-attr]
    present = [d for d in deadlines if d is not None]
    assert present == sorted(present)
    qtmodeltester.check(model, force_py=True)
    major_row = next(r for r in range(total) if model.row(r).level == "major")  # type: ignore[union-attr]
    level_col = [c[0] for c in ledger.COLUMNS].index("level")
    assert model.data(model.index(major_row, level_col), Qt.ItemDataRole.DecorationRole) is not None
    assert model.data(model.index(major_row, 0), Qt.ItemDataRole.FontRole).bold()


def _awaiting_major(ws: Workspace) -> Finding:
    """A major hazard with 五落实 filled, waiting for acceptance, no 双报告 dates yet."""
    unit = units.list_units(ws)[0]
    found = dt.date.today() - dt.timedelta(days=10)
    f = findings.create_finding(
        ws,
        FindingInput(
            unit_id=unit.id,
            sector_id="gas",
            title="液化石油气钢瓶存放在地下室（测试）",
            found_on=found,
            level=Level.MAJOR.value,
            extra={
                "measures": "钢瓶移出地下室",
                "responsible": "王建国",
                "funds": "1万元",
                "deadline": found + dt.timedelta(days=20),
                "contingency": "停止使用并设置警戒",
            },
        ),
    )
    findings.transition(ws, f.id, Action.START)
    return findings.transition(ws, f.id, Action.SUBMIT)


def test_major_hazard_cannot_be_closed_before_both_reports(
    qtbot: Any, demo_ws: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    f = _awaiting_major(demo_ws)
    ctx = AppContext(demo_ws)
    page = LedgerPage(ctx)
    qtbot.addWidget(page)
    page.show()
    page.activate()
    page.show_finding(f.id)
    panel = page.panel
    assert panel.finding is not None and panel.finding.id == f.id
    # only legal moves are offered
    visible = {a for a, b in panel.action_buttons.items() if b.isVisibleTo(panel)}
    assert visible == {Action.ACCEPT, Action.REJECT}

    # acceptance typed in the panel, saved on leaving each field
    panel.editors["accepted_by"].setText("张华")  # type: ignore[attr-defined]
    panel.editors["accepted_by"].editingFinished.emit()  # type: ignore[attr-defined]
    accepted_on = panel.editors["accepted_on"]
    accepted_on.edit.setText(f"{dt.date.today():%Y-%m-%d}")  # type: ignore[attr-defined]
    accepted_on.edit.editingFinished.emit()  # type: ignore[attr-defined]
    stored = findings.get_finding(demo_ws, f.id)
    assert stored.accepted_by == "张华" and stored.accepted_on == dt.date.today()

    qtbot.mouseClick(panel.action_buttons[Action.ACCEPT], Qt.MouseButton.LeftButton)
    assert panel.message.is_error
    assert "双报告" in panel.message.text() and "重大事故隐患不能销号" in panel.message.text()
    assert findings.get_finding(demo_ws, f.id).status == Status.AWAITING.value

    # a failed save keeps what the user typed: a report date before discovery
    dept_on = panel.editors["reported_dept_on"]
    too_early = f.found_on - dt.timedelta(days=3)
    dept_on.edit.setText(f"{too_early:%Y/%m/%d}")  # type: ignore[attr-defined]
    dept_on.edit.editingFinished.emit()  # type: ignore[attr-defined]
    assert panel.message.is_error and "早于发现日期" in panel.message.text()
    assert dept_on.value() is None and dept_on.edit.text() == ""  # type: ignore[attr-defined]
    assert findings.get_finding(demo_ws, f.id).reported_dept_on is None

    # both reports dated: now it closes
    for name in ("reported_dept_on", "reported_workers_on"):
        editor = panel.editors[name]
        editor.edit.setText(f"{f.found_on + dt.timedelta(days=1):%Y%m%d}")  # type: ignore[attr-defined]
        editor.edit.editingFinished.emit()  # type: ignore[attr-defined]
    assert not panel.message.is_error
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    qtbot.mouseClick(panel.action_buttons[Action.ACCEPT], Qt.MouseButton.LeftButton)
    closed = findings.get_finding(demo_ws, f.id)
    assert closed.status == Status.CLOSED.value
    assert not any(b.isVisibleTo(panel) for b in panel.action_buttons.values())
    lines = [panel.history.item(i).text() for i in range(panel.history.count())]
    assert any("验收通过并销号" in line for line in lines)
    assert any("修改验收人" in line for line in lines)


@pytest.mark.slow
def test_ledger_stays_lazy_with_100000_findings(qtbot: Any, demo_ws: Workspace, qtmodeltester: Any) -> None:
    with demo_ws.db.session() as s:
        unit = s.execute(select(Unit)).scalars().first()
    assert unit is not None
    start = dt.date(2020, 1, 1)
    now = dt.datetime.now().isoformat(sep=" ")
    rows = [
        (
            uuid.uuid4().hex,
            unit.id.hex,
            unit.name,
            "gas" if i % 3 else "fire",
            f"批量隐患{i:06d}",
            f"批量隐患{i:06d} {unit.name}",
            "major" if i % 50 == 0 else "general",
            "pending" if i % 4 else "closed",
            (start + dt.timedelta(days=i % 1500)).isoformat(),
            (start + dt.timedelta(days=i % 1500 + 30)).isoformat(),
            now,
            now,
        )
        for i in range(100_000)
    ]
    # raw executemany with the indexes rebuilt afterwards: this test is about the view, not inserts
    with demo_ws.db.engine.begin() as conn:
        indexes = conn.exec_driver_sql(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'findings'"
            " AND sql IS NOT NULL"
        ).all()
        for name, _sql in indexes:
            conn.exec_driver_sql(f'DROP INDEX "{name}"')
        conn.exec_driver_sql(
            "INSERT INTO findings (id, unit_id, unit_name, sector_id, title, search_text, level, status,"
            " discovery, found_on, deadline, created_at, updated_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'inspection', ?, ?, ?, ?)",
            rows,
        )
        for _name, sql in indexes:
            conn.exec_driver_sql(sql)
    page = LedgerPage(AppContext(demo_ws))
    qtbot.addWidget(page)
    page.resize(1200, 700)
    page.show()
    page.activate()
    model: LedgerModel = page.model
    assert model.rowCount() >= 100_000
    page.table.scrollToBottom()
    qtbot.wait(10)
    last = model.data(model.index(model.rowCount() - 1, 2))
    assert last
    assert len(model._pages) <= 4  # only the pages looked at were fetched
    page.text.setText("批量隐患0999")
    page.text.flush()
    assert model.rowCount() == 100
    qtmodeltester.check(model, force_py=True)


# --- 统计 ---------------------------------------------------------------------------------------


def test_stats_page_counts_and_chart(qtbot: Any, demo_ws: Workspace) -> None:
    from app.ui.stats_page import StatsPage, last_months

    page = StatsPage(AppContext(demo_ws))
    qtbot.addWidget(page)
    page.show()
    page.activate()
    assert page.loading  # counted in the worker thread
    qtbot.waitUntil(lambda: not page.loading, timeout=10000)
    total = ledger.count(demo_ws, ledger.FindingFilter())
    assert f"隐患总数 <b>{total}</b>" in page.totals.text()
    last = page.table.rowCount() - 1
    assert page.table.item(last, 0).text() == "全部"
    assert int(page.table.item(last, page.table.columnCount() - 2).text()) == total
    assert page.chart.months == last_months(dt.date.today())
    assert sum(page.chart.opened) > 0
    overdue = ledger.count(demo_ws, ledger.FindingFilter(overdue=True))
    assert page.overdue.topLevelItemCount() == overdue
    assert not page.chart.grab().isNull()
    first = page.overdue.topLevelItem(0)
    with qtbot.waitSignal(page.ctx.openFinding) as opened:  # double-click: open it in the ledger
        page.overdue.itemDoubleClicked.emit(first, 0)
    assert opened.args == [first.data(0, Qt.ItemDataRole.UserRole)]


# --- 主窗口 -------------------------------------------------------------------------------------


def test_restart_shows_the_same_data_and_page(qtbot: Any, demo_ws: Workspace) -> None:
    url = demo_ws.db.url
    win = make_window(qtbot, demo_ws)
    assert win.windowTitle().startswith("安查 — 安全生产检查")
    assert str(demo_ws.db.path) in win.windowTitle()
    assert "用户" in win.status_label.text()
    win.show_page(win.pages.index(win.ledger_page))
    page = win.ledger_page
    assert page.panel.finding is not None  # the first finding is opened at once
    fid = page.panel.finding.id
    if Status(page.panel.finding.status) is Status.CLOSED:
        page.select_row(1)
        fid = page.panel.finding.id
    editor = page.panel.editors["responsible"]
    editor.setText("重启测试责任人")  # type: ignore[attr-defined]
    editor.editingFinished.emit()  # type: ignore[attr-defined]
    win.close()

    ws2 = Workspace(url, catalog_root=demo_ws.catalog_root)
    try:
        win2 = make_window(qtbot, ws2)
        assert win2.current_page() is win2.ledger_page  # the last page is remembered
        win2.ledger_page.show_finding(fid)
        shown = win2.ledger_page.panel.editors["responsible"]
        assert shown.text() == "重启测试责任人"  # type: ignore[attr-defined]
        win2.close()
    finally:
        ws2.close()


def test_worker_delivers_result_progress_and_errors_on_the_gui_thread(qtbot: Any, demo_ws: Workspace) -> None:
    import threading

    from PySide6.QtWidgets import QWidget

    runner = TaskRunner()
    parent = QWidget()
    qtbot.addWidget(parent)
    seen: dict[str, Any] = {}
    gui = threading.get_ident()

    def work(progress: Progress) -> str:
        seen["worker"] = threading.get_ident()
        for i in range(3):
            progress.report(i + 1, 3)
        return "完成"

    def done(value: object) -> None:
        seen["result"] = value
        seen["result_thread"] = threading.get_ident()

    task = run_with_progress(runner, parent, "测试", work, done)
    qtbot.waitUntil(lambda: not task.running, timeout=5000)
    assert seen["result"] == "完成" and seen["result_thread"] == gui != seen["worker"]

    def fail(_p: Progress) -> None:
        raise ValueError("坏了")

    runner.submit(fail, on_error=lambda e: seen.setdefault("error", e))
    qtbot.waitUntil(lambda: "error" in seen, timeout=5000)
    assert isinstance(seen["error"], ValueError)
    assert from_qdate(to_qdate(dt.date(2025, 3, 1))) == dt.date(2025, 3, 1)


def test_startup_error_is_shown_in_chinese(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from app.ui import main as ui_main

    shown: list[str] = []
    monkeypatch.setattr(ui_main, "_startup_error", shown.append)
    bad = tmp_path / "not-a-db.db"
    bad.write_bytes(b"this is not a database" * 100)
    assert ui_main.run(f"sqlite:///{bad.as_posix()}") == 1
    assert shown and "数据库" in shown[0]


def test_a_new_user_builds_inspects_and_closes_a_finding(
    qtbot: Any, demo_ws: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The issue's "done when": gas checklist for a restaurant → inspection → two failures with a
    photo → both in the ledger → one closed through the lifecycle."""
    win = make_window(qtbot, demo_ws)
    # 1. build and save the checklist
    builder = win.checklist_page
    win.show_page(win.pages.index(builder))
    combo_select_data(builder.sector, "gas")
    combo_select_data(builder.site_type, "gas-catering")
    builder.add_common()
    assert builder.save_as("饭店燃气检查")

    # 2. a new unit and an inspection from the template
    unit = units.create_unit(demo_ws, units.UnitInput(name="沁水县新开张饭店", uscc=VALID_USCC))
    win.ctx.unitsChanged.emit()
    dlg = NewInspectionDialog(demo_ws, win)
    qtbot.addWidget(dlg)
    assert combo_select_data(dlg.unit, unit.id)
    dlg.by_template.setChecked(True)
    dlg.template.setCurrentIndex(
        next(i for i in range(dlg.template.count()) if "饭店燃气检查" in dlg.template.itemText(i))
    )
    dlg.inspectors.setText("李明 王强")
    dlg.accept()
    assert dlg.created is not None and dlg.created.template_name == "饭店燃气检查"
    page = win.inspection_page
    win.show_page(win.pages.index(page))
    page.show_new(dlg.created.id)
    assert page.items_model.rowCount() == 6  # 4 gas items + 2 common items

    # 3. two failures, each confirmed as a finding; a photo on the first
    for _ in range(2):
        qtbot.keyClick(page.table, Qt.Key.Key_2)
        assert page.finding_dialog is not None
        qtbot.mouseClick(ok_button(page.finding_dialog.buttons), Qt.MouseButton.LeftButton)
    for _ in range(4):
        qtbot.keyClick(page.table, Qt.Key.Key_1)
    picture = tmp_path / "photo.jpg"
    img = QImage(80, 60, QImage.Format.Format_RGB32)
    img.fill(QColor("gray"))
    img.save(str(picture), "JPEG")
    page.select_item_row(0)
    page.photos.add_files([picture])
    wait_idle(qtbot, win.ctx.runner)
    qtbot.waitUntil(lambda: page.photos.list.count() == 1)
    made = inspections.findings_of(demo_ws, dlg.created.id)
    assert len(made) == 2

    # 4. both in the ledger (filtered to the unit); the general one closed through the lifecycle
    ledger_page = win.ledger_page
    win.ctx.openUnitFindings.emit(unit.id)
    assert win.current_page() is ledger_page
    assert ledger_page.model.rowCount() == 2
    general = next(f for f in made if f.level == Level.GENERAL.value)
    ledger_page.show_finding(general.id)
    panel = ledger_page.panel
    assert panel.photos.list.count() == 0  # the photo belongs to the other (major) item
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    qtbot.mouseClick(panel.action_buttons[Action.START], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(panel.action_buttons[Action.SUBMIT].isEnabled)  # paused against double-clicks
    qtbot.mouseClick(panel.action_buttons[Action.SUBMIT], Qt.MouseButton.LeftButton)
    panel.editors["accepted_by"].setText("张华")  # type: ignore[attr-defined]
    panel.editors["accepted_by"].editingFinished.emit()  # type: ignore[attr-defined]
    panel.editors["accepted_on"].edit.setText(f"{dt.date.today():%Y-%m-%d}")  # type: ignore[attr-defined]
    panel.editors["accepted_on"].edit.editingFinished.emit()  # type: ignore[attr-defined]
    qtbot.waitUntil(panel.action_buttons[Action.ACCEPT].isEnabled)
    qtbot.mouseClick(panel.action_buttons[Action.ACCEPT], Qt.MouseButton.LeftButton)
    assert findings.get_finding(demo_ws, general.id).status == Status.CLOSED.value
    row = ledger_page.model.row_of(general.id)
    assert row >= 0 and "已销号" in ledger_page.model.data(ledger_page.model.index(row, 4))
    win.close()


def test_checklist_text_column_stays_readable_on_a_narrow_screen(qtbot: Any, demo_ws: Workspace) -> None:
    """At 150 % scaling a laptop gives the page about 780 px: the side columns give way."""
    from app.ui.checklist_page import ChecklistPage

    page = ChecklistPage(AppContext(demo_ws))
    qtbot.addWidget(page)
    for width in (780, 1240):
        page.resize(width, 600)
        page.show()
        qtbot.waitUntil(lambda: page.tree.viewport().width() > 0)
        QApplication.processEvents()
        view = page.tree.viewport().width()
        text = page.tree.columnWidth(0)
        assert text >= 0.35 * view, (width, text, view)
        assert page.tree.columnWidth(1) >= 64 and page.tree.columnWidth(2) >= 110
