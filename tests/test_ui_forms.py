from __future__ import annotations

from typing import Any

import pytest

pytest.importorskip("PySide6.QtWidgets")

from app.services import inspections, settings, units
from app.services.workspace import Workspace
from app.ui.inspection_dialog import NewInspectionDialog
from app.ui.widgets import combo_select_data

pytestmark = pytest.mark.usefixtures("qt_settings")


def test_inspection_dialog_picks_registered_officers(qtbot: Any, demo_ws: Workspace, tmp_path: Any) -> None:
    settings.save_inspector(demo_ws, "孙立", "14052109999")
    unit = units.create_unit(demo_ws, units.UnitInput(name="沁水县测试宾馆"))
    dlg = NewInspectionDialog(demo_ws)
    qtbot.addWidget(dlg)
    assert combo_select_data(dlg.unit, unit.id)
    dlg.by_sector.setChecked(True)
    dlg.sector.setCurrentIndex(dlg.sector.findData("gas"))
    dlg.inspectors.setText("")
    labels = [a.text() for a in dlg.pick.menu().actions()]
    assert "孙立（执法证号 14052109999）" in labels
    dlg.pick.menu().actions()[labels.index("孙立（执法证号 14052109999）")].trigger()
    assert dlg.inspectors.text() == "孙立"
    dlg.inspectors.setText("孙立、周未登")
    assert "周未登未登记执法证号" in dlg.inspectors_message.text()
    dlg.site_contact.setText("张经理")
    dlg.accept()
    assert dlg.created is not None
    insp = inspections.get_inspection(demo_ws, dlg.created.id)
    assert insp.officers == ({"name": "孙立", "cert_no": "14052109999"}, {"name": "周未登", "cert_no": ""})
    assert insp.site_contact == "张经理"
