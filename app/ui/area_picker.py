"""Choosing an administrative area: the inspector's jurisdiction (本人辖区) and a unit's area.

`AreaPicker` is a city + county pair of combo boxes; `JurisdictionDialog` asks for the
inspector's own county or district (first start, and from the settings); `ensure_jurisdiction`
shows it when none is chosen yet.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from app.core.errors import AnchaError
from app.core.jurisdiction import Areas
from app.services import jurisdiction
from app.services.workspace import Workspace
from app.ui.widgets import MessageLabel, combo_select_data


class AreaPicker(QWidget):
    """设区的市 then 县（市、区）. With `follow_label`, a first choice meaning "no own area"."""

    def __init__(self, areas: Areas, follow_label: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.areas = areas
        self.follow_label = follow_label
        self.city = QComboBox()
        self.county = QComboBox()
        self.county.setMinimumContentsLength(10)
        if follow_label:
            self.city.addItem(follow_label, None)
        else:
            self.city.addItem("（请选择市）", None)
        for a in sorted(areas.by_code.values(), key=lambda a: a.code):
            if a.level == "city":
                self.city.addItem(a.name, a.code)
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.city, 1)
        lay.addWidget(self.county, 1)
        self.city.currentIndexChanged.connect(lambda _i: self._fill_counties())
        self._fill_counties()

    def _fill_counties(self) -> None:
        city = self.city.currentData()
        self.county.clear()
        self.county.setEnabled(city is not None)
        if city is None:
            return
        for a in self.areas.counties():
            if a.parent == city:
                self.county.addItem(a.name, a.code)

    def code(self) -> str | None:
        """The chosen county's code, or None for the follow choice / nothing chosen."""
        if self.city.currentData() is None:
            return None
        code = self.county.currentData()
        return str(code) if code else None

    def set_code(self, code: str | None) -> None:
        area = self.areas.get(code)
        if area is None:
            self.city.setCurrentIndex(0)
            return
        city = area.parent if area.level == "county" else area.code
        combo_select_data(self.city, city)
        if area.level == "county":
            combo_select_data(self.county, area.code)


class JurisdictionDialog(QDialog):
    """Choose 本人辖区: the county or district whose notices (with its city's and the
    province's) checklists and forms cite."""

    def __init__(self, ws: Workspace, first_start: bool = False, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ws = ws
        self.setWindowTitle("选择本人辖区")
        self.setMinimumWidth(460)
        intro = QLabel(
            ("欢迎使用安查。" if first_start else "")
            + "请选择您所在的县（市、区）。检查表、执法文书和隐患记录只引用本辖区、所属市和山西省的"
            "年度安全生产通知，以及法律法规和标准；其他地区的通知不作为依据。"
        )
        intro.setWordWrap(True)
        self.picker = AreaPicker(jurisdiction.areas(ws), parent=self)
        self.picker.set_code(jurisdiction.get_code(ws))
        self.message = MessageLabel()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("确定")
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(
            "以后再选" if first_start else "取消"
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(intro)
        lay.addWidget(self.picker)
        lay.addWidget(self.message)
        lay.addWidget(self.buttons)

    def accept(self) -> None:
        code = self.picker.code()
        if code is None:
            self.message.show_error("请选择所在的县（市、区）")
            return
        try:
            jurisdiction.set_jurisdiction(self.ws, code)
        except AnchaError as exc:
            self.message.show_error(str(exc))
            return
        super().accept()


def ensure_jurisdiction(ws: Workspace, parent: QWidget | None = None) -> bool:
    """On first start (no jurisdiction chosen yet), ask for it; True when one is set."""
    if jurisdiction.get_code(ws) is not None:
        return True
    JurisdictionDialog(ws, first_start=True, parent=parent).exec()
    return jurisdiction.get_code(ws) is not None
