"""新建检查: unit, date, inspectors, and the checklist (a template, or sector and site type)."""

from __future__ import annotations

import datetime as dt
import uuid

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLineEdit,
    QMenu,
    QPushButton,
    QRadioButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.core.errors import AnchaError, ValidationError
from app.core.inspections import InspectionRecord, parse_inspectors
from app.services import checklists, inspections, units
from app.services import settings as office_settings
from app.services.workspace import Workspace
from app.ui.dates import DATE_FORMAT, from_qdate
from app.ui.messages import error_text
from app.ui.settings import get_str, settings
from app.ui.unit_choice import UnitCombo
from app.ui.unit_dialog import UnitDialog
from app.ui.widgets import MessageLabel, combo_select_data


class NewInspectionDialog(QDialog):
    """On OK the inspection is created; `created` holds it."""

    def __init__(self, ws: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ws = ws
        self.created: InspectionRecord | None = None
        self.setWindowTitle("新建检查")
        self.setMinimumWidth(600)
        s = settings()

        # unit: a searchable combo, or a new one
        self.unit = UnitCombo()
        self.unit.line_edit().setPlaceholderText("输入单位名称的一部分查找")
        self.new_unit_button = QPushButton("新建单位…")
        unit_row = QHBoxLayout()
        unit_row.addWidget(self.unit, 1)
        unit_row.addWidget(self.new_unit_button)
        self._fill_units()

        self.date = QDateEdit(QDate.currentDate())
        self.date.setDisplayFormat(DATE_FORMAT)
        self.date.setCalendarPopup(True)
        self.date.setMaximumDate(QDate.currentDate().addDays(1))
        self.inspectors = QLineEdit(get_str(s, "inspection/inspectors"))
        self.inspectors.setPlaceholderText("两名以上，用顿号或空格分隔，如：李明、王强")
        self.inspectors_message = MessageLabel()
        # registered officers (执法证号 entered once): picked from a menu, typed names still work
        self.officers = {o.name: o.cert_no for o in office_settings.list_inspectors(ws)}
        self.pick = QToolButton()
        self.pick.setText("选择执法人员")
        self.pick.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(self.pick)
        for name, cert in self.officers.items():
            act = menu.addAction(f"{name}（执法证号 {cert}）")
            act.triggered.connect(lambda _c=False, n=name: self._add_inspector(n))
        if not self.officers:
            menu.addAction("（尚未登记执法人员：命令行 settings inspector 姓名 证号）").setEnabled(False)
        self.pick.setMenu(menu)
        inspectors_row = QHBoxLayout()
        inspectors_row.addWidget(self.inspectors, 1)
        inspectors_row.addWidget(self.pick)
        self.site_contact = QLineEdit()
        self.site_contact.setPlaceholderText("被检查单位在场的负责人")
        self.place = QLineEdit()
        self.place.setPlaceholderText("默认为单位地址")

        # checklist source
        self.by_sector = QRadioButton("按行业和场所类型")
        self.by_template = QRadioButton("使用已保存的模板")
        group = QButtonGroup(self)
        group.addButton(self.by_sector)
        group.addButton(self.by_template)
        self.sector = QComboBox()
        for sec in ws.catalog.sorted_sectors():
            self.sector.addItem(sec.name, sec.id)
        self.site_type = QComboBox()
        self.with_common = QCheckBox("加入通用要求")
        self.template = QComboBox()
        for t in checklists.list_templates(ws):
            self.template.addItem(f"{t.name}（{len(t.items)}项）", t.id)
        box = QGroupBox("检查清单")
        grid = QGridLayout(box)
        grid.addWidget(self.by_sector, 0, 0)
        grid.addWidget(self.sector, 0, 1)
        grid.addWidget(self.site_type, 0, 2)
        grid.addWidget(self.with_common, 1, 1, 1, 2)
        grid.addWidget(self.by_template, 2, 0)
        grid.addWidget(self.template, 2, 1, 1, 2)
        grid.setColumnStretch(2, 1)

        form = QFormLayout()
        form.addRow("被检查单位 *", unit_row)
        form.addRow("检查日期", self.date)
        form.addRow("检查人员 *", inspectors_row)
        form.addRow("", self.inspectors_message)
        form.addRow("检查场所", self.place)
        form.addRow("现场负责人", self.site_contact)

        self.message = MessageLabel()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("开始检查")
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addLayout(form)
        lay.addWidget(box)
        lay.addWidget(self.message)
        lay.addWidget(self.buttons)

        self.sector.currentIndexChanged.connect(lambda _i: self._fill_site_types())
        self.new_unit_button.clicked.connect(self.new_unit)
        self.unit.currentIndexChanged.connect(lambda _i: self._unit_chosen())
        self.inspectors.textChanged.connect(lambda _t: self._check_inspectors())
        self.by_sector.toggled.connect(lambda _c: self._update_source())

        combo_select_data(self.sector, get_str(s, "checklist/sector") or None)
        self._fill_site_types()
        combo_select_data(self.site_type, get_str(s, "checklist/site_type") or None)  # "*" matches none
        if self.template.count():
            self.by_template.setChecked(True)
            last = get_str(s, "inspection/template")
            for i in range(self.template.count()):
                if str(self.template.itemData(i)) == last:
                    self.template.setCurrentIndex(i)
        else:
            self.by_sector.setChecked(True)
            self.by_template.setEnabled(False)
            self.template.addItem("（还没有保存的模板）", None)
        self._update_source()
        if self.inspectors.text():
            self._check_inspectors()

    def _fill_units(self, select: uuid.UUID | None = None) -> None:
        ws = self.ws
        self.unit.set_search(lambda text, include: units.unit_choices(ws, text, include=include), select)
        if select is None:
            self.unit.setCurrentIndex(-1)

    def _fill_site_types(self) -> None:
        self.site_type.clear()
        for t in self.ws.catalog.site_types_of(self.sector.currentData() or ""):
            self.site_type.addItem(t.name, t.id)

    def _update_source(self) -> None:
        by_sector = self.by_sector.isChecked()
        for w in (self.sector, self.site_type, self.with_common):
            w.setEnabled(by_sector)
        self.template.setEnabled(not by_sector)

    def _unit_chosen(self) -> None:
        u = self.unit.choices.unit_at(self.unit.currentIndex())
        if u is None:
            return
        if u.sector_id and self.by_sector.isChecked():
            combo_select_data(self.sector, u.sector_id)
        self.place.setPlaceholderText(u.address or "默认为单位地址")

    def _add_inspector(self, name: str) -> None:
        names = [n for n in self.inspectors.text().replace("，", "、").replace(" ", "、").split("、") if n]
        if name not in names:
            self.inspectors.setText("、".join([*names, name]))

    def _check_inspectors(self) -> bool:
        try:
            names = parse_inspectors(self.inspectors.text())
        except ValidationError as exc:
            self.inspectors_message.show_error(exc.detail)
            return False
        missing = [n for n in names if n not in self.officers]
        if missing and self.officers:
            self.inspectors_message.show_error(f"{'、'.join(missing)}未登记执法证号，文书上证号将留空待填")
        else:
            self.inspectors_message.clear_message()
        return True

    def new_unit(self) -> None:
        dlg = UnitDialog(self.ws, None, self)
        if dlg.exec() and dlg.saved is not None:
            self._fill_units(select=dlg.saved.id)

    def chosen_unit_id(self) -> uuid.UUID | None:
        return self.unit.unit_id()

    def accept(self) -> None:
        unit_id = self.chosen_unit_id()
        if unit_id is None:
            self.message.show_error("请选择被检查单位，或点“新建单位…”先登记")
            return
        if not self._check_inspectors():
            self.message.show_error("检查人员：执法检查应有两名以上检查人员")
            return
        try:
            use_template = self.by_template.isChecked() and self.template.currentData() is not None
            chosen = checklists.choose(
                self.ws,
                template=self.template.currentData() if use_template else None,
                sector=self.sector.currentData(),
                site_type=self.site_type.currentData(),
                with_common=self.with_common.isChecked(),
            )
            unit = units.get_unit(self.ws, unit_id)
            day: dt.date = from_qdate(self.date.date())
            self.created = inspections.start_inspection(
                self.ws,
                unit.id,
                day,
                self.inspectors.text(),
                chosen.sector_id,
                chosen.items,
                chosen.site_type_id,
                template_name=chosen.template_name,
                place=self.place.text() or unit.address,
                site_contact=self.site_contact.text() or None,
            )
        except AnchaError as exc:
            self.message.show_error(f"未创建：{error_text(exc)}")
            return
        s = settings()
        s.setValue("inspection/inspectors", self.inspectors.text().strip())
        if chosen.template_name:
            s.setValue("inspection/template", str(self.template.currentData()))
        super().accept()
