"""导入企业名录: the checked rows of a file, each bad row with its reason; written only on confirmation."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.core.errors import AnchaError
from app.services import unit_directory
from app.services.unit_directory import DirectoryPreview
from app.ui.context import AppContext
from app.ui.messages import error_text
from app.ui.widgets import MessageLabel


class UnitImportDialog(QDialog):
    """Shows a preview; “导入” adds the valid new units (all or none), “取消” writes nothing."""

    def __init__(self, ctx: AppContext, checked: DirectoryPreview, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.checked = checked
        self.added: int | None = None
        self.setWindowTitle(f"导入企业名录：{checked.path.name}")
        self.resize(760, 460)
        self.summary = QLabel(checked.summary())
        self.summary.setWordWrap(True)
        self.problems = QTableWidget(0, 3)
        self.problems.setHorizontalHeaderLabels(["行", "列", "问题（该行不导入）"])
        self.problems.verticalHeader().hide()
        self.problems.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.problems.setWordWrap(True)
        header = self.problems.horizontalHeader()
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.problems.setColumnWidth(0, 56)
        self.problems.setColumnWidth(1, 140)
        for p in checked.problems:
            row = self.problems.rowCount()
            self.problems.insertRow(row)
            for col, text in enumerate((str(p.row), p.column or "整行", p.reason)):
                self.problems.setItem(row, col, QTableWidgetItem(text))
        self.problems.setVisible(bool(checked.problems))
        hint = QLabel(
            "有问题的行不会导入；可以先导入有效的单位，改正文件后再导入一次（已登记的单位会跳过）。"
            if checked.problems
            else "全部行检查通过。"
        )
        hint.setWordWrap(True)
        self.message = MessageLabel()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.import_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        n = len(checked.new)
        self.import_button.setText(f"导入有效的 {n} 个单位")
        self.import_button.setEnabled(n > 0)
        if n == 0:
            self.import_button.setToolTip("没有可导入的新单位：文件中的单位都已登记或都有问题")
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("不导入")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(self.summary)
        lay.addWidget(self.problems, 1)
        lay.addWidget(hint)
        lay.addWidget(self.message)
        lay.addWidget(self.buttons)

    def accept(self) -> None:
        try:
            self.added = unit_directory.apply(self.ctx.ws, self.checked)
        except AnchaError as exc:
            self.message.show_error(f"未导入：{error_text(exc)}")
            return
        self.ctx.unitsChanged.emit()
        super().accept()
