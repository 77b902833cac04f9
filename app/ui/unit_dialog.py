"""被检查单位: the dialog to create or edit one (the 统一社会信用代码 checked while typing)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from app.core import inputs, uscc
from app.core.errors import AnchaError
from app.services import jurisdiction, units
from app.services.units import UnitRecord
from app.services.workspace import Workspace
from app.ui.area_picker import AreaPicker
from app.ui.messages import error_text
from app.ui.widgets import MessageLabel, combo_select_data


class UnitDialog(QDialog):
    """New unit when `unit` is None, else edit it. `saved` holds the stored unit after OK."""

    def __init__(self, ws: Workspace, unit: UnitRecord | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ws = ws
        self.unit = unit
        self.saved: UnitRecord | None = None
        self.setWindowTitle("编辑被检查单位" if unit else "新建被检查单位")
        self.setMinimumWidth(520)

        self.name = QLineEdit()
        self.name.setPlaceholderText("营业执照上的单位全称")
        self.uscc = QLineEdit()
        self.uscc.setPlaceholderText("18位，可不填")
        self.uscc.setMaxLength(24)
        self.uscc_message = MessageLabel()
        self.address = QLineEdit()
        self.principal = QLineEdit()
        self.phone = QLineEdit()
        self.phone.setPlaceholderText(inputs.PHONE_HINT + "，多个用“、”分开")
        self.phone_message = MessageLabel()
        for edit, key in (
            (self.name, "unit.name"),
            (self.address, "unit.address"),
            (self.principal, "unit.principal"),
            (self.phone, "unit.phone"),
        ):
            edit.setMaxLength(inputs.limit(key))  # the limit is in the field, the count in its tooltip
            edit.setToolTip(f"最多{inputs.limit(key)}字")
        self.sector = QComboBox()
        self.sector.addItem("（未指定）", None)
        for s in ws.catalog.sorted_sectors():
            self.sector.addItem(s.name, s.id)
        own = jurisdiction.get_code(ws)
        follow = f"（本人辖区：{jurisdiction.areas(ws).label(own)}）" if own else "（本人辖区，尚未设置）"
        self.area = AreaPicker(jurisdiction.areas(ws), follow_label=follow, parent=self)
        self.area.setToolTip("检查表和执法文书按单位所在的县（市、区）引用当地、所属市和省的通知")

        form = QFormLayout()
        form.addRow("单位名称 *", self.name)
        form.addRow("统一社会信用代码", self.uscc)
        form.addRow("", self.uscc_message)
        form.addRow("地址", self.address)
        form.addRow("所在地区", self.area)
        form.addRow("主要负责人", self.principal)
        form.addRow("联系电话", self.phone)
        form.addRow("", self.phone_message)
        form.addRow("行业", self.sector)

        self.message = MessageLabel()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("保存")
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        lay = QVBoxLayout(self)
        lay.addLayout(form)
        lay.addWidget(self.message)
        lay.addWidget(self.buttons)

        if unit is not None:
            self.name.setText(unit.name)
            self.uscc.setText(unit.uscc or "")
            self.address.setText(unit.address or "")
            self.principal.setText(unit.principal or "")
            self.phone.setText(unit.phone or "")
            combo_select_data(self.sector, unit.sector_id)
            if unit.area_code and unit.area_code != own:
                self.area.set_code(unit.area_code)
        self.uscc.textChanged.connect(self._check_uscc)
        self.name.textChanged.connect(self._update_ok)
        self.phone.textChanged.connect(self._check_phone)
        for edit in (self.name, self.uscc, self.address, self.principal, self.phone):
            edit.textChanged.connect(self._clear_stale)
        self._check_uscc(self.uscc.text())
        self._check_phone()

    def _clear_stale(self, _text: str = "") -> None:
        """A “未保存” message goes once the user changes something (the live checks say the rest)."""
        if self.message.is_error:
            self.message.clear_message()

    def _check_phone(self, _text: str = "") -> None:
        why = inputs.phone_problem(self.phone.text())
        if why:
            self.phone_message.show_error(f"联系电话：{why}")
        else:
            self.phone_message.clear_message()
        self._update_ok()

    def uscc_problem(self) -> str | None:
        code = self.uscc.text()
        return uscc.problem(code) if code.strip() else None

    def _check_uscc(self, _text: str = "") -> None:
        why = self.uscc_problem()
        if why:
            self.uscc_message.show_error(f"统一社会信用代码{why}")
        elif self.uscc.text().strip():
            self.uscc_message.show_ok("✓ 校验通过")
        else:
            self.uscc_message.clear_message()
        self._update_ok()

    def _update_ok(self, _text: str = "") -> None:
        """保存 is enabled when the unit can be saved; otherwise its tooltip says why not."""
        why = ""
        if not self.name.text().strip():
            why = "请填写单位名称"
        elif self.uscc_problem() is not None:
            why = f"统一社会信用代码{self.uscc_problem()}"
        elif inputs.phone_problem(self.phone.text()):
            why = f"联系电话：{inputs.phone_problem(self.phone.text())}"
        ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok_button.setEnabled(not why)
        ok_button.setToolTip(f"不能保存：{why}" if why else "")

    def data(self) -> units.UnitInput:
        return units.UnitInput(
            name=self.name.text(),
            uscc=self.uscc.text() or None,
            address=self.address.text() or None,
            principal=self.principal.text() or None,
            phone=self.phone.text() or None,
            sector_id=self.sector.currentData(),
            area_code=self.area.code(),
        )

    def accept(self) -> None:
        why = self.uscc_problem()
        if why:
            self.message.show_error(f"未保存：统一社会信用代码{why}")
            self.uscc.setFocus()
            return
        try:
            if self.unit is None:
                self.saved = units.create_unit(self.ws, self.data())
            else:
                self.saved = units.update_unit(self.ws, self.unit.id, self.data())
        except AnchaError as exc:
            self.message.show_error(f"未保存：{error_text(exc)}")
            return
        super().accept()
