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
