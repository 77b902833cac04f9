"""隐患台账: every finding in a lazily paged table, filters, and the detail panel."""

from __future__ import annotations

import datetime as dt
import uuid
from collections import OrderedDict
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.core.errors import AnchaError
from app.core.findings import Level, Status
from app.services import ledger, units
from app.services.ledger import COLUMNS, FindingFilter, LedgerRow
from app.ui.context import AppContext
from app.ui.finding_panel import FindingPanel
from app.ui.messages import error_text
from app.ui.settings import settings
from app.ui.style import RED, dot_icon
from app.ui.unit_choice import UnitCombo
from app.ui.widgets import FlowLayout, MessageLabel, OptionalDateEdit, SearchLine, labeled

AnyIndex = QModelIndex | QPersistentModelIndex

PAGE_SIZE = 200
MAX_PAGES = 40  # pages kept in memory (8,000 rows)
OVERDUE_COLOR = QColor(RED)
MAJOR_BG = QColor("#fff3e0")
OPEN_ONLY = "__open__"
SHORT_LEVEL = {Level.GENERAL.value: "一般隐患", Level.MAJOR.value: "重大隐患"}  # full names in tooltips


class LedgerModel(QAbstractTableModel):
    """Rows fetched a page at a time when the view asks for them; sorting re-queries."""

    loadFailed = Signal(str)

    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.filter = FindingFilter()
        self.sort_key = "found_on"
        self.descending = True
        self.today = dt.date.today()
        self._count = 0
        self._pages: OrderedDict[int, list[LedgerRow]] = OrderedDict()
        self._bold = QFont()
        self._bold.setBold(True)
        self._major_icon = dot_icon("#d32f2f")
        self._overdue_icon = dot_icon("#ff6f00")

    # --- loading --------------------------------------------------------------------

    def refresh(self) -> None:
        """Count again and drop every cached page."""
        self.beginResetModel()
        self.today = dt.date.today()
        self._pages.clear()
        try:
            self._count = ledger.count(self.ctx.ws, self.filter)
        except AnchaError as exc:
            self._count = 0
            self.loadFailed.emit(error_text(exc))
        self.endResetModel()

    def set_filter(self, flt: FindingFilter) -> None:
        self.filter = flt
        self.refresh()

    def reload_rows(self) -> None:
        """After an edit: recount; if the count is the same, refetch visible rows in place."""
        try:
            n = ledger.count(self.ctx.ws, self.filter)
        except AnchaError as exc:
            self.loadFailed.emit(error_text(exc))
            return
        if n != self._count:
            self.refresh()
            return
        self._pages.clear()
        if self._count:
            self.dataChanged.emit(self.index(0, 0), self.index(self._count - 1, len(COLUMNS) - 1))

    def _page(self, number: int) -> list[LedgerRow]:
        rows = self._pages.get(number)
        if rows is not None:
            self._pages.move_to_end(number)
            return rows
        try:
            rows = ledger.page(
                self.ctx.ws,
                self.filter,
                number * PAGE_SIZE,
                PAGE_SIZE,
                self.sort_key,
                self.descending,
                total=self._count,
            )
        except AnchaError as exc:
            self.loadFailed.emit(error_text(exc))
            rows = []
        self._pages[number] = rows
        while len(self._pages) > MAX_PAGES:
            self._pages.popitem(last=False)
        return rows

    def row(self, r: int) -> LedgerRow | None:
        if not 0 <= r < self._count:
            return None
        rows = self._page(r // PAGE_SIZE)
        i = r % PAGE_SIZE
        return rows[i] if i < len(rows) else None

    def finding_id(self, r: int) -> uuid.UUID | None:
        row = self.row(r)
        return row.id if row else None

    def row_of(self, finding_id: uuid.UUID) -> int:
        """Row of a finding among the cached pages (-1 when not loaded)."""
        for number, rows in self._pages.items():
            for i, row in enumerate(rows):
                if row.id == finding_id:
                    return number * PAGE_SIZE + i
        return -1

    # --- Qt model interface -------------------------------------------------------------

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self._count

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section][1]
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(COLUMNS):
            return
        self.beginResetModel()
        self.sort_key = COLUMNS[column][0]
        self.descending = order == Qt.SortOrder.DescendingOrder
        self._pages.clear()
        self.endResetModel()

    def text(self, row: LedgerRow, key: str) -> str:
        if key == "unit":
            return row.unit
        if key == "sector":
            return self.ctx.sector_name(row.sector_id)
        if key == "title":
            return row.title
        if key == "level":
            return SHORT_LEVEL[row.level]
        if key == "status":
            label = Status(row.status).label
            return f"{label}（逾期）" if row.overdue(self.today) else label
        if key == "found_on":
            return row.found_on.isoformat() if row.found_on else ""
        if key == "deadline":
            return row.deadline.isoformat() if row.deadline else ""
        if key == "responsible":
            return row.responsible or ""
        if key == "supervised_by":
            return row.supervised_by or ""
        return ""

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self.row(index.row())
        if row is None:
            return None
        key = COLUMNS[index.column()][0]
        if role == Qt.ItemDataRole.DisplayRole:
            return self.text(row, key)
        major = row.level == Level.MAJOR.value
        overdue = row.overdue(self.today)
        if role == Qt.ItemDataRole.ForegroundRole and overdue:
            return QBrush(OVERDUE_COLOR)
        if role == Qt.ItemDataRole.BackgroundRole and major:
            return QBrush(MAJOR_BG)
        if role == Qt.ItemDataRole.FontRole and (major or (overdue and key in ("status", "deadline"))):
            return self._bold
        if role == Qt.ItemDataRole.DecorationRole:
            if key == "level" and major:
                return self._major_icon
            if key == "status" and overdue:
                return self._overdue_icon
        if role == Qt.ItemDataRole.ToolTipRole:
            notes = [f"{row.unit} · {Level(row.level).label} · {Status(row.status).label}"]
            if overdue and row.deadline:
                notes.append(f"已逾期 {(self.today - row.deadline).days} 天")
            return "\n".join([row.title, *notes])
        if role == Qt.ItemDataRole.UserRole:
            return row.id
        return None


class LedgerPage(QWidget):
    title = "隐患台账"

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._dirty = True
        self._applying = False
        self._syncing = False
        self.model = LedgerModel(ctx)
        self._units_loaded = False

        left = QWidget()
        ll = QVBoxLayout(left)
        ll.setContentsMargins(0, 0, 0, 0)
        ll.addLayout(self._build_filters())
        ll.addWidget(self.message)
        ll.addWidget(self._build_table(), 1)
        bottom = QHBoxLayout()
        bottom.addWidget(self.count_label, 1)
        bottom.addWidget(self.legend)
        ll.addLayout(bottom)

        self.panel = FindingPanel(ctx)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(left)
        self.splitter.addWidget(self.panel)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setSizes([900, 420])
        lay = QVBoxLayout(self)
        lay.addWidget(self.splitter)
        self._wire()
        self._restore_splitter()

    def _build_filters(self) -> FlowLayout:
        """Sector, level, status, overdue, unit, dates, keywords; export."""
        self.sector = QComboBox()
        self.sector.addItem("全部行业", None)
        for s in self.ctx.ws.catalog.sorted_sectors(include_common=True):
            self.sector.addItem(s.name, s.id)
        self.level = QComboBox()
        self.level.addItem("全部级别", None)
        for lv in Level:
            self.level.addItem(lv.label, lv.value)
        self.status = QComboBox()
        self.status.addItem("全部状态", None)
        self.status.addItem("未销号", OPEN_ONLY)
        for st in Status:
            self.status.addItem(st.label, st.value)
        self.overdue = QCheckBox("仅逾期")
        self.date_from = OptionalDateEdit(empty_text="不限")
        self.date_to = OptionalDateEdit(empty_text="不限")
        self.unit = UnitCombo("全部单位")
        self.unit.setMinimumContentsLength(14)
        self.unit.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.text = SearchLine("关键词：隐患名称、部位、责任人、单位")
        self.clear_button = QPushButton("清除筛选")
        self.export_button = QPushButton("导出Excel…")
        self.export_button.setToolTip("按当前筛选条件导出隐患台账")
        self.count_label = QLabel()
        self.message = MessageLabel()

        flow = FlowLayout()  # wraps onto more rows on a narrow (150 %) laptop screen
        flow.addWidget(labeled("行业", self.sector))
        flow.addWidget(labeled("级别", self.level))
        flow.addWidget(labeled("状态", self.status))
        flow.addWidget(self.overdue)
        flow.addWidget(labeled("单位", self.unit))
        flow.addWidget(labeled("发现日期", self.date_from))
        flow.addWidget(labeled("至", self.date_to))
        self.text.setMinimumWidth(
            self.text.fontMetrics().horizontalAdvance("关键词：隐患名称、部位、责任人、单位") + 30
        )
        flow.addWidget(self.text)
        flow.addWidget(self.clear_button)
        flow.addWidget(self.export_button)
        return flow

    def _build_table(self) -> QTableView:
        """The lazy ledger table and its legend."""
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(False)
        self.table.setAlternatingRowColors(False)
        vh = self.table.verticalHeader()
        vh.hide()
        vh.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        vh.setDefaultSectionSize(self.fontMetrics().height() + 10)
        hh = self.table.horizontalHeader()
        hh.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        hh.setStretchLastSection(True)
        widths = {
            "unit": 150,
            "sector": 66,
            "title": 230,
            "level": 92,
            "status": 118,
            "found_on": 90,
            "deadline": 90,
            "responsible": 64,
        }
        for col, (key, _h, _c) in enumerate(COLUMNS):
            if key in widths:
                self.table.setColumnWidth(col, widths[key])
        sort_col = next(i for i, c in enumerate(COLUMNS) if c[0] == "found_on")
        hh.setSortIndicator(sort_col, Qt.SortOrder.DescendingOrder)
        self.table.setSortingEnabled(True)
        self.legend = QLabel(
            f"<span style='color:#d32f2f'>●</span> 重大事故隐患（加粗、底色）　"
            f"<span style='color:#ff6f00'>●</span> <span style='color:{RED}'>逾期未销号（红字）</span>"
        )
        return self.table

    def _wire(self) -> None:
        for combo in (self.sector, self.level, self.status):
            combo.currentIndexChanged.connect(lambda _i: self.apply_filters())
        self.unit.activated.connect(lambda _i: self.apply_filters())
        self.unit.line_edit().editingFinished.connect(self._unit_typed)
        self.overdue.toggled.connect(lambda _c: self.apply_filters())
        for edit in (self.date_from, self.date_to):
            edit.refused.connect(lambda why: self.message.show_error(f"发现日期：{why}"))
        self.date_from.committed.connect(lambda _v: self.apply_filters())
        self.date_to.committed.connect(lambda _v: self.apply_filters())
        self.text.searchChanged.connect(lambda _t: self.apply_filters())
        self.clear_button.clicked.connect(self.clear_filters)
        self.export_button.clicked.connect(self.export_excel)
        self.table.selectionModel().currentRowChanged.connect(lambda cur, _p: self._row_chosen(cur))
        self.model.loadFailed.connect(self.message.show_error)
        self.model.modelReset.connect(self._update_count)
        self.panel.changed.connect(self._finding_saved)
        self.ctx.findingsChanged.connect(self._mark_dirty)
        self.ctx.othersChanged.connect(self._others_changed)
        self.ctx.unitsChanged.connect(self._units_changed)
        self.ctx.openFinding.connect(self.show_finding)

    # --- activation --------------------------------------------------------------------------

    def activate(self) -> None:
        if not self._units_loaded:
            self._fill_units()
        if self._dirty:
            self.refresh()

    def _mark_dirty(self) -> None:
        self._dirty = True

    def _others_changed(self, changes: list[Any]) -> None:
        """Someone else committed: the open hazard first (it says who), then the list if shown."""
        self.panel.reload_if_changed(changes)
        if self.isVisible():
            self.refresh()

    def refresh(self) -> None:
        keep = self.panel.finding.id if self.panel.finding else None
        self.model.refresh()
        self._dirty = False
        if keep is None or not self.select_finding(keep):
            self.select_first()

    def select_first(self) -> None:
        """Open the first finding so the detail panel is never an empty pane."""
        if self.model.rowCount() and not self.table.currentIndex().isValid():
            self.select_row(0)

    def _restore_splitter(self) -> None:
        state = settings().value("ledger/splitter")
        if state is not None:
            self.splitter.restoreState(state)

    def save_state(self) -> None:
        settings().setValue("ledger/splitter", self.splitter.saveState())

    # --- filters -------------------------------------------------------------------------------

    def _fill_units(self) -> None:
        try:
            ws = self.ctx.ws
            self.unit.set_search(
                lambda text, include: units.unit_choices(ws, text, include=include), self.unit.currentData()
            )
        except AnchaError as exc:
            self.message.show_error(error_text(exc))
        self._units_loaded = True

    def _units_changed(self) -> None:
        self._units_loaded = False
        self._dirty = True
        if self.isVisible():
            self.activate()

    def _unit_typed(self) -> None:
        text = self.unit.currentText().strip()
        unit_id = self.unit.unit_id()
        if text and text != "全部单位" and unit_id is None:
            self.message.show_error(f"没有名为“{text}”的单位")
            return
        self.unit.select_unit(unit_id)
        self.apply_filters()

    def current_filter(self) -> FindingFilter:
        status = self.status.currentData()
        return FindingFilter(
            sector_id=self.sector.currentData(),
            level=self.level.currentData(),
            status=status if status != OPEN_ONLY else None,
            open_only=status == OPEN_ONLY,
            overdue=self.overdue.isChecked(),
            date_from=self.date_from.value(),
            date_to=self.date_to.value(),
            unit_id=self.unit.currentData(),
            text=self.text.text().strip(),
        )

    def apply_filters(self) -> None:
        if self._applying:
            return
        self.message.clear_message()
        flt = self.current_filter()
        if flt.date_from and flt.date_to and flt.date_from > flt.date_to:
            self.message.show_error("发现日期：起始日期晚于截止日期")
        self.model.set_filter(flt)
        self._dirty = False
        self.panel.show_finding(None)
        self.select_first()

    def clear_filters(self) -> None:
        self._applying = True
        self.clear_filters_silently()
        self._applying = False
        self.apply_filters()

    def filter_unit(self, unit_id: uuid.UUID) -> None:
        """Show the findings of one unit (from 被检查单位)."""
        if not self._units_loaded:
            self._fill_units()
        self._applying = True
        self.clear_filters_silently()
        self.unit.select_unit(unit_id)
        self._applying = False
        self.apply_filters()

    def clear_filters_silently(self) -> None:
        for combo in (self.sector, self.level, self.status, self.unit):
            combo.setCurrentIndex(0)
        self.overdue.setChecked(False)
        self.date_from.set_value(None)
        self.date_to.set_value(None)
        self.text.clear_quietly()

    def _update_count(self) -> None:
        n = self.model.rowCount()
        desc = self.model.filter.describe()
        self.count_label.setText(f"共 {n:,} 条隐患" + ("" if desc == "全部" else "（已筛选）"))

    # --- selection and edits ---------------------------------------------------------------------

    def _row_chosen(self, index: QModelIndex) -> None:
        if self._syncing or not index.isValid():
            return  # a reset or a programmatic move: the panel keeps its finding
        fid = self.model.finding_id(index.row())
        if fid is not None and (self.panel.finding is None or self.panel.finding.id != fid):
            self.panel.show_finding(fid)

    def select_row(self, row: int) -> None:
        self.table.selectRow(row)
        self.table.scrollTo(self.model.index(row, 0))

    def select_finding(self, finding_id: uuid.UUID) -> bool:
        """Select a finding if it is in the current (filtered) list; keeps the panel either way."""
        row = self.model.row_of(finding_id)
        if row < 0:
            # look through the first pages (the common case after an edit near the top)
            for r in range(0, min(self.model.rowCount(), PAGE_SIZE * 5), PAGE_SIZE):
                self.model.row(r)
            row = self.model.row_of(finding_id)
        if row >= 0:
            self.select_row(row)
            return True
        return False

    def show_finding(self, finding_id: uuid.UUID) -> None:
        """Open one finding (from 统计 or 检查记录): clear filters if it is not in the list."""
        self.model.refresh()
        self._dirty = False
        if not self.select_finding(finding_id):
            self.clear_filters_silently()
            self.model.set_filter(self.current_filter())
            if not self.select_finding(finding_id):
                self.panel.show_finding(finding_id)

    def _finding_saved(self, finding_id: uuid.UUID) -> None:
        self.model.reload_rows()
        self.ctx.findingsChanged.emit()
        self._dirty = False
        row = self.model.row_of(finding_id)
        if row < 0:
            self.select_finding(finding_id)
        else:
            current = self.table.currentIndex()
            if not current.isValid() or current.row() != row:
                self._syncing = True
                self.select_row(row)
                self._syncing = False

    def export_excel(self) -> None:
        """The findings of the current filter as a workbook (in the worker thread)."""
        from app.services.exports import write_findings
        from app.ui.exports import save_file

        flt = self.model.filter
        ws = self.ctx.ws
        save_file(
            self,
            self.ctx,
            "导出隐患台账",
            f"隐患台账-{dt.date.today():%Y%m%d}.xlsx",
            "Excel 工作簿 (*.xlsx)",
            lambda path, progress: write_findings(ws, flt, path, overwrite=True, progress=progress),
        )
