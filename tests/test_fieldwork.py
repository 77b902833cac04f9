"""Issue 16, the GUI in the field: dates that never lie, keyboard-only recording, input limits.

Each test reproduces a defect found by an inspector and checks the widget on a real database.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

pytest.importorskip("PySide6.QtWidgets")

from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QApplication

from app.core import inputs
from app.core.errors import ValidationError
from app.core.findings import Level
from app.services import findings, units
from app.services.findings import FindingInput
from app.services.inspection_list import inspection_rows
from app.services.workspace import Workspace
from app.storage.models import Finding
from app.ui.context import AppContext
from app.ui.finding_panel import FindingPanel
from app.ui.widgets import OptionalDateEdit

pytestmark = pytest.mark.usefixtures("qt_settings")


def _major(ws: Workspace) -> Finding:
    unit = units.list_units(ws)[0]
    return findings.create_finding(
        ws,
        FindingInput(
            unit_id=unit.id,
            sector_id="gas",
            title="燃气报警装置未安装（测试）",
            found_on=dt.date(2026, 11, 2),
            level=Level.MAJOR.value,
            extra={"deadline": dt.date(2026, 12, 10)},
        ),
    )


def _panel(qtbot: Any, ws: Workspace, f: Finding) -> FindingPanel:
    panel = FindingPanel(AppContext(ws))
    qtbot.addWidget(panel)
    panel.resize(500, 700)
    panel.show()
    panel.show_finding(f.id)
    return panel


def _audit_count(ws: Workspace, f: Finding) -> int:
    return len(findings.history(ws, f.id))


# --- point 1: dates --------------------------------------------------------------------------


def test_empty_date_shows_empty_and_esc_in_calendar_saves_nothing(qtbot: Any, demo_ws: Workspace) -> None:
    f = _major(demo_ws)
    panel = _panel(qtbot, demo_ws, f)
    editor = panel.editors["reported_workers_on"]
    assert isinstance(editor, OptionalDateEdit)
    assert editor.edit.text() == "" and editor.value() is None  # no placeholder date, no "未填写2000"
    before = _audit_count(demo_ws, f)

    editor.open_calendar()
    assert editor.calendar.isVisible()
    qtbot.keyClick(editor.calendar, Qt.Key.Key_Escape)
    assert not editor.calendar.isVisible()
    editor.edit.setFocus()
    editor.edit.clearFocus()  # leaving the field after the calendar closed
    QApplication.processEvents()

    assert editor.value() is None and editor.edit.text() == ""
    assert findings.get_finding(demo_ws, f.id).reported_workers_on is None
    assert _audit_count(demo_ws, f) == before
    assert "已保存" not in panel.message.text()


def test_calendar_click_saves_the_picked_day(qtbot: Any, demo_ws: Workspace) -> None:
    f = _major(demo_ws)
    panel = _panel(qtbot, demo_ws, f)
    editor = panel.editors["reported_dept_on"]
    assert isinstance(editor, OptionalDateEdit)
    editor.open_calendar()
    from app.ui.widgets import to_qdate

    editor.calendar.setSelectedDate(to_qdate(dt.date(2026, 11, 5)))
    editor.calendar.clicked.emit(to_qdate(dt.date(2026, 11, 5)))
    assert findings.get_finding(demo_ws, f.id).reported_dept_on == dt.date(2026, 11, 5)
    assert editor.edit.text() == "2026-11-05"


def test_wheel_over_a_date_changes_nothing(qtbot: Any, demo_ws: Workspace) -> None:
    f = _major(demo_ws)
    panel = _panel(qtbot, demo_ws, f)
    editor = panel.editors["deadline"]
    assert isinstance(editor, OptionalDateEdit)
    before = _audit_count(demo_ws, f)
    centre = QPointF(editor.edit.rect().center())
    for _ in range(3):
        event = QWheelEvent(
            centre,
            QPointF(editor.edit.mapToGlobal(QPoint(5, 5))),
            QPoint(0, 0),
            QPoint(0, -120),
            Qt.MouseButton.NoButton,
            Qt.KeyboardModifier.NoModifier,
            Qt.ScrollPhase.NoScrollPhase,
            False,
        )
        QApplication.sendEvent(editor.edit, event)
    editor.edit.editingFinished.emit()
    assert editor.edit.text() == "2026-12-10"
    assert findings.get_finding(demo_ws, f.id).deadline == dt.date(2026, 12, 10)
    assert _audit_count(demo_ws, f) == before


def test_wheel_over_an_unfocused_level_box_changes_nothing(qtbot: Any, demo_ws: Workspace) -> None:
    f = _major(demo_ws)
    panel = _panel(qtbot, demo_ws, f)
    level = panel.editors["level"]
    before = level.currentIndex()  # type: ignore[attr-defined]
    event = QWheelEvent(
        QPointF(5, 5),
        QPointF(level.mapToGlobal(QPoint(5, 5))),
        QPoint(0, 0),
        QPoint(0, -120),
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(level, event)
    assert level.currentIndex() == before  # type: ignore[attr-defined]
    assert findings.get_finding(demo_ws, f.id).level == Level.MAJOR.value


@pytest.mark.parametrize("typed", ["2026-11-20", "2026/11/20", "20261120", "2026年11月20日"])
def test_typing_a_date_into_an_empty_field_saves_it(qtbot: Any, demo_ws: Workspace, typed: str) -> None:
    f = _major(demo_ws)
    panel = _panel(qtbot, demo_ws, f)
    editor = panel.editors["supervised_on"]
    assert isinstance(editor, OptionalDateEdit)
    editor.edit.setFocus()
    editor.edit.setText(typed)  # QTest types Latin keys only; 年月日 set directly
    qtbot.keyClick(editor.edit, Qt.Key.Key_Return)
    assert findings.get_finding(demo_ws, f.id).supervised_on == dt.date(2026, 11, 20)
    assert editor.edit.text() == "2026-11-20"
    assert "已保存" in panel.message.text()


def test_typed_keys_give_the_date(qtbot: Any, demo_ws: Workspace) -> None:
    f = _major(demo_ws)
    panel = _panel(qtbot, demo_ws, f)
    editor = panel.editors["supervised_on"]
    assert isinstance(editor, OptionalDateEdit)
    editor.edit.setFocus()
    qtbot.keyClicks(editor.edit, "20261120")
    qtbot.keyClick(editor.edit, Qt.Key.Key_Return)
    assert findings.get_finding(demo_ws, f.id).supervised_on == dt.date(2026, 11, 20)


def test_text_that_is_no_date_is_refused_with_a_message(qtbot: Any, demo_ws: Workspace) -> None:
    f = _major(demo_ws)
    panel = _panel(qtbot, demo_ws, f)
    editor = panel.editors["deadline"]
    assert isinstance(editor, OptionalDateEdit)
    editor.edit.setText("0261120")
    editor.edit.editingFinished.emit()
    assert panel.message.is_error and "不是日期" in panel.message.text()
    assert editor.edit.text() == "2026-12-10"
    assert findings.get_finding(demo_ws, f.id).deadline == dt.date(2026, 12, 10)


def test_refused_date_reverts_to_the_saved_value_and_the_message_stays(
    qtbot: Any, demo_ws: Workspace
) -> None:
    f = _major(demo_ws)
    panel = _panel(qtbot, demo_ws, f)
    editor = panel.editors["deadline"]
    assert isinstance(editor, OptionalDateEdit)
    editor.edit.setText("2026-10-01")  # before the discovery date 2026-11-02
    editor.edit.editingFinished.emit()
    assert findings.get_finding(demo_ws, f.id).deadline == dt.date(2026, 12, 10)
    assert editor.edit.text() == "2026-12-10" and editor.value() == dt.date(2026, 12, 10)
    assert panel.message.is_error
    assert "早于发现日期" in panel.message.text() and "2026-12-10" in panel.message.text()
    # leaving another field unchanged keeps the message in view
    panel.editors["location"].editingFinished.emit()  # type: ignore[attr-defined]
    assert panel.message.is_error and "早于发现日期" in panel.message.text()


def test_parse_date_forms() -> None:
    assert inputs.parse_date("2026-11-20") == dt.date(2026, 11, 20)
    assert inputs.parse_date(" 2026/1/5 ") == dt.date(2026, 1, 5)
    assert inputs.parse_date("20261120") == dt.date(2026, 11, 20)
    assert inputs.parse_date("") is None
    for bad in ("0261120", "2026-02-30", "abc", "2026-13-01"):
        with pytest.raises(ValidationError):
            inputs.parse_date(bad)


# --- point 2: keyboard-only recording ---------------------------------------------------------


def _window_on_inspections(qtbot: Any, ws: Workspace) -> Any:
    """A restarted window whose last page was 检查记录 (the demo has inspections)."""
    from app.ui.main import INSPECTIONS, MainWindow
    from app.ui.settings import settings

    settings().setValue("window/page", INSPECTIONS)
    w = MainWindow(ws)
    qtbot.addWidget(w)
    w.show()
    w.activateWindow()
    qtbot.waitExposed(w)
    return w


def test_after_a_restart_the_keyboard_starts_in_the_items_table(qtbot: Any, demo_ws: Workspace) -> None:
    w = _window_on_inspections(qtbot, demo_ws)
    page = w.inspection_page
    assert page.inspection is not None
    qtbot.waitUntil(lambda: QApplication.focusWidget() is page.table)
    row = page.current_row()
    qtbot.keyClick(page.table, Qt.Key.Key_Up)  # moves in the table, does not switch page
    assert w.stack.currentWidget() is page and page.current_row() == max(0, row - 1)


def test_tab_leaves_the_table_for_note_and_photo_without_changing_the_item(
    qtbot: Any, demo_ws: Workspace
) -> None:
    w = _window_on_inspections(qtbot, demo_ws)
    page = w.inspection_page
    page.select_item_row(1)
    page.table.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is page.table)
    qtbot.keyClick(page.table, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is page.note
    assert page.current_row() == 1
    qtbot.keyClick(page.note, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is page.photos.add_button
    assert page.current_row() == 1


def test_shortcuts_reach_note_photos_and_finding(
    qtbot: Any, demo_ws: Workspace, monkeypatch: pytest.MonkeyPatch, tmp_path: Any
) -> None:
    from PySide6.QtGui import QColor, QImage
    from PySide6.QtWidgets import QFileDialog, QMessageBox

    from app.core.inspections import Result
    from app.services import inspections

    w = _window_on_inspections(qtbot, demo_ws)
    page = w.inspection_page
    model = page.items_model
    row = next(i for i, it in enumerate(model.items) if it.id not in model.with_findings)
    page.select_item_row(row)
    page.table.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is page.table)
    assert "F2 备注" in page.shortcuts.text() and "F4 登记隐患" in page.shortcuts.text()

    # F2: the note; typed text saved when Esc goes back to the table
    qtbot.keyClick(page.table, Qt.Key.Key_F2)
    assert QApplication.focusWidget() is page.note
    qtbot.keyClicks(page.note, " ok by keys")
    qtbot.keyClick(page.note, Qt.Key.Key_Escape)
    assert QApplication.focusWidget() is page.table
    item = page.current_item()
    assert item is not None
    stored = next(
        it for it in inspections.get_inspection(demo_ws, page.inspection.id).items if it.id == item.id
    )
    assert (stored.note or "").endswith("ok by keys")

    # F3: the photo chooser, and the photo lands on the item
    picture = tmp_path / "scene.png"
    img = QImage(40, 30, QImage.Format.Format_RGB32)
    img.fill(QColor("orange"))
    assert img.save(str(picture))
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", lambda *a, **k: ([str(picture)], ""))
    before = page.items_model.photo_counts.get(item.id, 0)
    qtbot.keyClick(page.table, Qt.Key.Key_F3)
    qtbot.waitUntil(lambda: page.items_model.photo_counts.get(item.id, 0) == before + 1, timeout=15000)

    # F4 on an item that is not 不符合: no dialog, the reason is shown
    page.record(row, Result.PASS.value)
    page.select_item_row(row)
    assert not page.finding_button.isEnabled() and "不符合" in page.finding_button.toolTip()
    qtbot.keyClick(page.table, Qt.Key.Key_F4)
    assert page.finding_dialog is None and "不符合" in page.message.text()

    # a 不符合 without a finding: F4 opens 登记隐患; Esc with typed text asks first
    asked: list[str] = []
    answers = [QMessageBox.StandardButton.No, QMessageBox.StandardButton.Yes]
    monkeypatch.setattr(
        QMessageBox, "question", lambda _p, title, *a, **k: (asked.append(title), answers.pop(0))[1]
    )
    inspections.set_result(demo_ws, item.id, Result.FAIL)
    page.open_inspection(page.inspection.id)
    page.select_item_row(row)
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_F4)
    dlg = page.finding_dialog
    assert dlg is not None and dlg.isVisible()
    count = len(inspections.findings_of(demo_ws, page.inspection.id))
    dlg.location.setText("二层")
    qtbot.keyClick(dlg, Qt.Key.Key_Escape)
    assert asked and dlg.isVisible()  # "No": the typed text stays
    assert dlg.location.text() == "二层"
    qtbot.keyClick(dlg, Qt.Key.Key_Escape)
    assert len(asked) == 2 and page.finding_dialog is None
    assert len(inspections.findings_of(demo_ws, page.inspection.id)) == count


def test_esc_without_typing_closes_the_finding_dialog_without_asking(
    qtbot: Any, demo_ws: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtWidgets import QMessageBox

    from app.services import inspections
    from app.ui.finding_dialog import FindingDialog

    insp = inspections.get_inspection(demo_ws, inspection_rows(demo_ws)[0].id)
    draft = inspections.finding_draft(demo_ws, insp.items[0].id)
    dlg = FindingDialog(demo_ws, draft, [], insp.items[0].text)
    qtbot.addWidget(dlg)
    dlg.show()
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: pytest.fail("asked without typed text"))
    qtbot.keyClick(dlg, Qt.Key.Key_Escape)
    assert not dlg.isVisible()


# --- point 4: the first window on a laptop ----------------------------------------------------


def test_first_window_fits_the_available_screen(qtbot: Any, demo_ws: Workspace) -> None:
    from app.ui.main import MainWindow

    w = MainWindow(demo_ws)
    qtbot.addWidget(w)
    w.show()
    avail = w.screen().availableGeometry()
    assert w.width() <= avail.width() and w.height() <= avail.height()
    # every page can shrink to a 1366×768 laptop at 150 % (911×512 logical, less a 40 px taskbar)
    for index in range(len(w.pages)):
        w.show_page(index)
    hint = w.minimumSizeHint()
    assert hint.width() <= 1366 / 1.5 and hint.height() <= (768 - 40) / 1.5, hint


def test_a_geometry_saved_on_a_big_monitor_is_brought_back_on_screen(qtbot: Any, demo_ws: Workspace) -> None:
    from app.ui.main import MainWindow

    w = MainWindow(demo_ws)
    qtbot.addWidget(w)
    w.setWindowState(Qt.WindowState.WindowNoState)
    w.resize(2400, 1500)
    w.move(900, 700)
    w.fit_to_screen()
    avail = w.screen().availableGeometry()
    assert w.width() <= avail.width() and w.height() <= avail.height()
    assert avail.contains(w.geometry().topLeft())


# --- point 8 -----------------------------------------------------------------------------------


def test_no_pdf_line_begins_with_a_closing_mark() -> None:
    from reportlab.platypus import Paragraph

    from app.reports.pdf_base import NO_LINE_START, Styles

    st = Styles()
    text = "依据《中华人民共和国安全生产法》第四十一条，生产经营单位应当建立安全风险分级管控制度；" * 3
    bad = []
    for width in range(60, 400, 3):  # every width puts some mark at a line end
        para = Paragraph(text, st.body)
        para.wrap(width, 10_000)
        for line in para.blPara.lines:
            words = line[1] if isinstance(line, tuple) else line.words
            first = "".join(w if isinstance(w, str) else w.text for w in words)[:1]
            if first and first in NO_LINE_START:
                bad.append((width, first))
    assert not bad, bad[:5]


def test_submit_and_accept_are_not_in_the_same_spot_and_a_double_click_fires_one(
    qtbot: Any, demo_ws: Workspace
) -> None:
    from app.core.findings import Action, Status

    f = _major(demo_ws)
    findings.update_finding(demo_ws, f.id, {"measures": "整改", "responsible": "王", "funds": "1万元"})
    findings.transition(demo_ws, f.id, Action.START)
    panel = _panel(qtbot, demo_ws, f)
    submit = panel.action_buttons[Action.SUBMIT]
    assert submit.isVisible()
    spot = submit.mapTo(panel, submit.rect().center())
    qtbot.mouseClick(submit, Qt.MouseButton.LeftButton)
    assert findings.get_finding(demo_ws, f.id).status == Status.AWAITING.value
    accept = panel.action_buttons[Action.ACCEPT]
    QApplication.processEvents()
    assert accept.isVisible() and not accept.geometry().translated(accept.parentWidget().pos()).contains(spot)
    assert accept.mapTo(panel, accept.rect().center()) != spot
    assert not accept.isEnabled()  # the second click of a double-click lands on nothing
    qtbot.waitUntil(accept.isEnabled, timeout=3000)


def test_panel_clears_when_a_filter_leaves_no_selection(qtbot: Any, demo_ws: Workspace) -> None:
    from app.ui.ledger_page import LedgerPage

    page = LedgerPage(AppContext(demo_ws))
    qtbot.addWidget(page)
    page.show()
    page.activate()
    f = _major(demo_ws)
    page.show_finding(f.id)
    assert page.panel.finding is not None
    page.text.setText("没有这样的隐患zzz")
    page.text.flush()
    qtbot.waitUntil(lambda: page.model.rowCount() == 0)
    assert page.panel.finding is None and not page.panel.body.isEnabled()
    assert page.panel.heading.text() == "在左侧选择一条隐患"
    assert page.panel.editors["title"].text() == ""  # type: ignore[attr-defined]


def test_saved_template_is_shown_and_prints_under_its_name(
    qtbot: Any, demo_ws: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    from app.ui import exports
    from app.ui.checklist_page import ChecklistPage

    page = ChecklistPage(AppContext(demo_ws))
    qtbot.addWidget(page)
    assert page.save_as("老味道饭店专用检查表")
    assert page.templates.currentText() == "老味道饭店专用检查表"
    asked: list[str] = []
    monkeypatch.setattr(
        exports, "save_file", lambda _p, _c, _cap, suggested, *a, **k: asked.append(suggested)
    )
    page.print_pdf()
    assert asked == ["检查清单-老味道饭店专用检查表.pdf"]


def test_basis_and_criterion_are_not_cut_off_in_a_narrow_panel(qtbot: Any, demo_ws: Workspace) -> None:
    from app.services import ledger

    rows = ledger.page(demo_ws, ledger.FindingFilter(level=Level.MAJOR.value), 0, 50)
    f = next(
        findings.get_finding(demo_ws, r.id) for r in rows if findings.get_finding(demo_ws, r.id).criterion
    )
    panel = FindingPanel(AppContext(demo_ws))
    qtbot.addWidget(panel)
    panel.resize(panel.minimumWidth(), 600)  # the panel's narrowest, beside the ledger at 150 %
    panel.show()
    panel.show_finding(f.id)
    QApplication.processEvents()
    for label in (panel.basis, panel.criterion, panel.legal):
        assert label.text() not in ("", "—")
        assert label.width() + label.x() <= label.parentWidget().width()  # no text beyond the edge
        assert label.height() >= label.heightForWidth(label.width()) - 1  # every wrapped line shown
    assert panel.horizontalScrollBar().maximum() == 0


# --- point 6: limits, errors that clear, disabled buttons that say why -------------------------


def test_unit_dialog_phone_rule_stale_error_and_disabled_save_tooltip(qtbot: Any, demo_ws: Workspace) -> None:
    from app.ui.unit_dialog import UnitDialog

    dlg = UnitDialog(demo_ws)
    qtbot.addWidget(dlg)
    dlg.show()
    save = dlg.buttons.button(dlg.buttons.StandardButton.Ok)
    assert not save.isEnabled() and "单位名称" in save.toolTip()
    dlg.name.setText("沁水县限长测试店")
    assert save.isEnabled() and save.toolTip() == ""
    dlg.phone.setText("abc电话")
    assert dlg.phone_message.is_error and "不是电话号码" in dlg.phone_message.text()
    assert not save.isEnabled() and "联系电话" in save.toolTip()
    with pytest.raises(ValidationError):  # the same rule in the service
        units.create_unit(demo_ws, units.UnitInput(name="x", phone="abc电话"))
    dlg.phone.setText("0356-1234567、13912345678")
    assert not dlg.phone_message.isVisible() and save.isEnabled()
    assert dlg.name.maxLength() == inputs.limit("unit.name")

    # a refused save leaves a message that goes once the user changes something
    taken = next(u for u in units.list_units(demo_ws) if u.uscc)
    dlg.uscc.setText(taken.uscc or "")
    dlg.accept()
    assert dlg.message.is_error and "已被单位" in dlg.message.text()
    dlg.uscc.setText("")
    assert not dlg.message.isVisible()


def test_hazard_name_limit_is_in_the_field_and_the_service(qtbot: Any, demo_ws: Workspace) -> None:
    from app.services import inspections
    from app.ui.finding_dialog import FindingDialog

    insp = inspections.get_inspection(demo_ws, inspection_rows(demo_ws)[0].id)
    dlg = FindingDialog(demo_ws, inspections.finding_draft(demo_ws, insp.items[0].id), [], insp.items[0].text)
    qtbot.addWidget(dlg)
    dlg.title.clear()
    qtbot.keyClicks(dlg.title, "x" * 250)
    assert len(dlg.title.text()) == 100 and dlg.title_count.text() == "100/100"
    f = _major(demo_ws)
    with pytest.raises(ValidationError, match="最多100字"):
        findings.update_finding(demo_ws, f.id, {"title": "隐" * 250})
