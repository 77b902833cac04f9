"""到期提醒: the daily list shown on start — deadlines, reviews due, missing 双报告 dates."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QSpinBox,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.core.errors import AnchaError
from app.core.reminders import DEFAULT_DAYS, Reminder
from app.services import reminders
from app.ui.context import AppContext
from app.ui.dates import fmt_date
from app.ui.messages import error_text
from app.ui.settings import get_int, settings
from app.ui.style import RED
from app.ui.widgets import MessageLabel

DAYS_KEY = "reminders/days"


class RemindersDialog(QDialog):
    """Double-click a hazard to open it in 隐患台账."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.items: list[Reminder] = []
        self.setWindowTitle("到期提醒")
        self.resize(860, 460)
        self.days = QSpinBox()
        self.days.setRange(0, 90)
        self.days.setSuffix(" 天内")
        self.days.setValue(get_int(settings(), DAYS_KEY, DEFAULT_DAYS))
        self.days.setToolTip("整改时限和复查：已逾期的，以及在这些天内到期的")
        self.counts = QLabel()
        top = QHBoxLayout()
        top.addWidget(QLabel("提醒范围：已逾期和"))
        top.addWidget(self.days)
        top.addWidget(self.counts, 1)
        self.tree = QTreeWidget()
        self.tree.setHeaderLabels(["类别", "日期", "情况", "被检查单位", "隐患 / 文书"])
        self.tree.setRootIsDecorated(False)
        self.tree.setAlternatingRowColors(True)
        header = self.tree.header()
        header.setStretchLastSection(True)
        for col, width in ((0, 70), (1, 92), (2, 200), (3, 200)):
            self.tree.setColumnWidth(col, width)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Interactive)
        hint = QLabel("双击一条隐患在“隐患台账”中打开；复查在“检查记录 → 打印 → 整改复查意见书”中开具。")
        hint.setWordWrap(True)
        hint.setStyleSheet("color: #757575;")
        self.message = MessageLabel()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText("关闭")
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addLayout(top)
        lay.addWidget(self.tree, 1)
        lay.addWidget(hint)
        lay.addWidget(self.message)
        lay.addWidget(buttons)
        self.days.valueChanged.connect(self._days_changed)
        self.tree.itemDoubleClicked.connect(lambda item, _c: self._open(item))
        self.reload()

    def _days_changed(self, value: int) -> None:
        settings().setValue(DAYS_KEY, value)
        self.reload()

    def reload(self) -> None:
        try:
            self.items = reminders.due(self.ctx.ws, self.days.value())
        except AnchaError as exc:
            self.message.show_error(error_text(exc))
            return
        self.tree.clear()
        for i, r in enumerate(self.items):
            item = QTreeWidgetItem([r.kind, fmt_date(r.day), r.note, r.unit, r.what])
            item.setData(0, Qt.ItemDataRole.UserRole, i)
            item.setToolTip(4, r.what)
            item.setToolTip(2, r.note)
            if r.overdue or r.kind == "双报告":
                item.setForeground(2, QBrush(QColor(RED)))
            self.tree.addTopLevelItem(item)
        kinds: dict[str, int] = {}
        for r in self.items:
            kinds[r.kind] = kinds.get(r.kind, 0) + 1
        parts = "，".join(f"{k} {n} 条" for k, n in kinds.items())
        self.counts.setText(
            f"　共 {len(self.items)} 条" + (f"：{parts}" if parts else "：今天没有需要处理的事项")
        )

    def _open(self, item: QTreeWidgetItem) -> None:
        r = self.items[int(item.data(0, Qt.ItemDataRole.UserRole))]
        if r.finding_id is not None:
            self.ctx.openFinding.emit(r.finding_id)
