"""设置 dialog and the first-start guide, on the office services (the same rules as `settings`)."""

from __future__ import annotations

from typing import Any

import pytest

pytest.importorskip("PySide6.QtWidgets")

from PySide6.QtWidgets import QDialog

from app.services import jurisdiction
from app.services import settings as office
from app.services.workspace import Workspace
from app.ui.context import AppContext
from app.ui.settings_dialog import INSPECTORS_TAB, SettingsDialog
from tests.helpers import sqlite_ws

pytestmark = pytest.mark.usefixtures("qt_settings")


def test_office_per_sector_prefix_jurisdiction_and_inspectors_saved(qtbot: Any, demo_ws: Workspace) -> None:
    dlg = SettingsDialog(AppContext(demo_ws))
    qtbot.addWidget(dlg)
    dlg.fields["region"].setText("沁水县")
    dlg.fields["office.gas"].setText("沁水县住房和城乡建设局")
    dlg.fields["doc_prefix.gas"].setText("沁建")
    dlg.area.set_code("140521")
    assert dlg.save() and "已保存" in dlg.message.text()
    assert office.get(demo_ws, "office.gas") == "沁水县住房和城乡建设局"
    assert office.office_for(demo_ws, "gas").doc_prefix == "沁建"
    assert jurisdiction.get_code(demo_ws) == "140521"

    too_long = SettingsDialog(AppContext(demo_ws))
    qtbot.addWidget(too_long)
    too_long.show()
    too_long.fields["doc_prefix"].setMaxLength(40)
    too_long.fields["doc_prefix"].setText("一二三四五六七八九十一二三")
    ok = too_long.save()
    assert not ok, (too_long.fields["doc_prefix"].text(), too_long.message.text())
    assert too_long.message.is_error and "不超过12字" in too_long.message.text()

    people = SettingsDialog(AppContext(demo_ws), tab=INSPECTORS_TAB)
    qtbot.addWidget(people)
    assert not people.add_person.isEnabled() and "执法证号" in people.add_person.toolTip()
    people.person.setText("赵新")
    people.cert.setText("14052101099")
    assert people.add_person.isEnabled() and people.add_person.toolTip() == ""
    assert people.register_person()
    names = {o.name: o.cert_no for o in office.list_inspectors(demo_ws)}
    assert names["赵新"] == "14052101099"
    shown = [people.inspectors.topLevelItem(i).text(0) for i in range(people.inspectors.topLevelItemCount())]
    assert "赵新" in shown


def test_first_start_guide_walks_to_settings_units_and_a_new_inspection(
    qtbot: Any, tmp_path: Any, monkeypatch: pytest.MonkeyPatch, test_catalog: Any
) -> None:
    from app.ui.inspection_dialog import NewInspectionDialog
    from app.ui.main import INSPECTIONS, UNITS, MainWindow
    from app.ui.unit_dialog import UnitDialog

    ws = sqlite_ws(tmp_path, "new.db", catalog_root=test_catalog)
    w = MainWindow(ws)
    qtbot.addWidget(w)
    w.show()
    opened: list[str] = []
    monkeypatch.setattr(
        SettingsDialog, "exec", lambda self: opened.append(self.tabs.tabText(self.tabs.currentIndex())) or 0
    )
    monkeypatch.setattr(UnitDialog, "exec", lambda self: opened.append("登记单位") or 0)
    monkeypatch.setattr(NewInspectionDialog, "exec", lambda self: opened.append("新建检查") or 0)
    w.show_guide(first_start=True)  # a new install: no inspector yet
    guide = w.guide
    assert guide.isVisible() and len(guide.step_buttons) == 5
    for b in guide.step_buttons:
        b.click()
    assert opened == ["执法机关与文书编号", "本人辖区", "执法人员", "登记单位", "新建检查"]
    assert w.stack.currentIndex() == INSPECTIONS and UNITS in w._built
    guide.reject()
    w.guide = None  # type: ignore[assignment]
    w.show_guide(first_start=True)  # closed once: not shown again on start
    assert w.guide is None
    assert isinstance(guide, QDialog)
    ws.close()
