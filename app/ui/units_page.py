"""被检查单位: a searchable table of units, with the create/edit dialog."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any, ClassVar

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.core.errors import AnchaError
from app.services import jurisdiction, units
from app.services.units import UnitRecord
from app.ui.context import AppContext
from app.ui.messages import show_error
from app.ui.table_model import ListTableModel
from app.ui.unit_dialog import UnitDialog
from app.ui.widgets import SearchLine

AnyIndex = QModelIndex | QPersistentModelIndex


class UnitsModel(ListTableModel):
    HEADERS: ClassVar[tuple[str, ...]] = (
        "单位名称",
        "统一社会信用代码",
        "地址",
        "主要负责人",
        "联系电话",
        "行业",
        "所在地区",
    )

    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx

    def load(self, text: str = "") -> None:
        self.set_rows(units.list_units(self.ctx.ws, text))

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        u = self.rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            values = (
                u.name,
                u.uscc or "",
                u.address or "",
                u.principal or "",
                u.phone or "",
                self.ctx.sector_name(u.sector_id),
                self._area(u.area_code),
            )
            return values[index.column()]
        if role == Qt.ItemDataRole.UserRole:
            return u.id
        return None

    def _area(self, code: str | None) -> str:
        """The unit's 所在地区, or the jurisdiction it follows when it has none of its own."""
        if code:
            return jurisdiction.areas(self.ctx.ws).label(code) or code
        return "（本人辖区）"

    def row_of(self, unit_id: uuid.UUID) -> int:
        return next((i for i, u in enumerate(self.rows) if u.id == unit_id), -1)


class UnitsPage(QWidget):
    title = "被检查单位"

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._dirty = True
        self.model = UnitsModel(ctx)
        self.search = SearchLine("搜索单位名称、统一社会信用代码或地址")
        self.new_button = QPushButton("新建单位…")
        self.edit_button = QPushButton("编辑…")
        self.findings_button = QPushButton("查看隐患")
        self.import_button = QPushButton("导入企业名录…")
        self.import_button.setToolTip("从 Excel（.xlsx）或 CSV 导入多个单位：逐行检查，确认后才写入")
        self.export_button = QPushButton("导出企业名录…")
        self.export_button.setToolTip("全部单位导出为 Excel，可编辑后再导入")
        self.count_label = QLabel()
        top = QHBoxLayout()
        top.addWidget(self.search, 1)
        for b in (self.new_button, self.edit_button, self.findings_button):
            top.addWidget(b)
        for b in (self.import_button, self.export_button):
            top.addWidget(b)
        lay = QVBoxLayout(self)
        lay.addLayout(top)
        lay.addWidget(self._build_table(), 1)
        lay.addWidget(self.count_label)
        self._wire()
        self._update_buttons()

    def _build_table(self) -> QTableView:
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for col, width in enumerate((260, 170, 280, 90, 120)):
            self.table.setColumnWidth(col, width)
        return self.table

    def _wire(self) -> None:
        self.search.searchChanged.connect(lambda _t: self.reload())
        self.new_button.clicked.connect(self.new_unit)
        self.edit_button.clicked.connect(self.edit_unit)
        self.findings_button.clicked.connect(self._show_findings)
        self.import_button.clicked.connect(self.choose_directory)
        self.export_button.clicked.connect(self.export_directory)
        self.table.doubleClicked.connect(lambda _i: self.edit_unit())
        self.table.selectionModel().selectionChanged.connect(lambda *_a: self._update_buttons())
        self.ctx.unitsChanged.connect(self._mark_dirty)

    def choose_directory(self) -> None:
        from PySide6.QtCore import QStandardPaths
        from PySide6.QtWidgets import QFileDialog

        folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        chosen, _f = QFileDialog.getOpenFileName(
            self, "选择企业名录", folder, "企业名录 (*.xlsx *.csv);;所有文件 (*)"
        )
        if chosen:
            self.import_directory(Path(chosen))

    def import_directory(self, path: Path) -> int | None:
        """Check the file, show every bad row, add the valid units only if the user confirms."""
        from app.services import unit_directory
        from app.ui.unit_import_dialog import UnitImportDialog

        try:
            checked = unit_directory.preview(self.ctx.ws, path)
        except AnchaError as exc:
            show_error(self, exc, "无法导入企业名录")
            return None
        self.import_dialog = UnitImportDialog(self.ctx, checked, self)
        if self.import_dialog.exec() and self.import_dialog.added is not None:
            self.count_label.setText(f"已导入 {self.import_dialog.added} 个单位")
            return self.import_dialog.added
        return None

    def export_directory(self) -> None:
        from app.services import unit_directory
        from app.ui.exports import save_file

        ws = self.ctx.ws
        save_file(
            self,
            self.ctx,
            "导出企业名录",
            "企业名录.xlsx",
            "Excel 文件 (*.xlsx)",
            lambda path, _p: unit_directory.export_units(ws, path, overwrite=True),
        )

    def activate(self) -> None:
        if self._dirty:
            self.reload()

    def _mark_dirty(self) -> None:
        self._dirty = True
        if self.isVisible():
            self.reload()

    def reload(self, select: uuid.UUID | None = None) -> None:
        select = select or self.current_id()
        try:
            self.model.load(self.search.text())
        except AnchaError as exc:
            show_error(self, exc)
            return
        self._dirty = False
        self.count_label.setText(f"共 {len(self.model.rows)} 个单位")
        if select is not None:
            row = self.model.row_of(select)
            if row >= 0:
                self.table.selectRow(row)
        self._update_buttons()

    def current_id(self) -> uuid.UUID | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.rows[rows[0].row()].id if rows else None

    def current_unit(self) -> UnitRecord | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.rows[rows[0].row()] if rows else None

    def _update_buttons(self) -> None:
        has = self.current_id() is not None
        self.edit_button.setEnabled(has)
        self.findings_button.setEnabled(has)

    def new_unit(self) -> None:
        dlg = UnitDialog(self.ctx.ws, None, self)
        if dlg.exec() and dlg.saved is not None:
            self.ctx.unitsChanged.emit()
            self.reload(dlg.saved.id)

    def edit_unit(self) -> None:
        unit = self.current_unit()
        if unit is None:
            return
        dlg = UnitDialog(self.ctx.ws, unit, self)
        if dlg.exec() and dlg.saved is not None:
            self.ctx.unitsChanged.emit()
            self.reload(dlg.saved.id)

    def _show_findings(self) -> None:
        unit_id = self.current_id()
        if unit_id is not None:
            self.ctx.openUnitFindings.emit(unit_id)
