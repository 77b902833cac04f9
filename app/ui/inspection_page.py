"""检查记录: the list of inspections and the fast item runner (one key per result)."""

from __future__ import annotations

import dataclasses
import itertools
import uuid
from collections.abc import Sequence
from pathlib import Path
from typing import Any, ClassVar

from PySide6.QtCore import (
    QItemSelectionModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor, QFont, QKeyEvent, QKeySequence, QShortcut, QTextCursor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.core import versions
from app.core.errors import AnchaError
from app.core.findings import Level
from app.core.inspections import InspectionLine, InspectionRecord, Result
from app.services import findings, inspection_list, inspections, photos
from app.ui.context import AppContext
from app.ui.dates import fmt_date
from app.ui.finding_dialog import FindingDialog
from app.ui.inspection_dialog import NewInspectionDialog
from app.ui.messages import error_text, show_error
from app.ui.photo_strip import PhotoStrip
from app.ui.style import GREY, RED
from app.ui.table_model import ListTableModel
from app.ui.widgets import FlowLayout, MessageLabel, SearchLine, TextEditor
from app.ui.worker import Progress

AnyIndex = QModelIndex | QPersistentModelIndex

RESULT_COLORS = {
    Result.PASS.value: QColor("#e8f5e9"),
    Result.FAIL.value: QColor("#ffebee"),
    Result.NA.value: QColor("#eeeeee"),
}
RESULT_TEXT_COLORS = {
    Result.PASS.value: QColor("#2e7d32"),
    Result.FAIL.value: QColor("#c62828"),
    Result.NA.value: QColor("#616161"),
    Result.UNCHECKED.value: QColor("#9e9e9e"),
}
# one key per result; 0 / Delete clears
KEYS: dict[int, Result] = {
    Qt.Key.Key_1: Result.PASS,
    Qt.Key.Key_Y: Result.PASS,
    Qt.Key.Key_2: Result.FAIL,
    Qt.Key.Key_N: Result.FAIL,
    Qt.Key.Key_3: Result.NA,
    Qt.Key.Key_0: Result.UNCHECKED,
    Qt.Key.Key_Delete: Result.UNCHECKED,
}
SHORTCUTS = (
    "快捷键：1 或 Y 符合　2 或 N 不符合　3 不适用　0 清除　↑↓ 上下移动　"
    "F2 备注　F3 添加照片　F4 登记隐患　Tab 离开表格　Esc 回到表格"
)
NOTE_KEY, PHOTO_KEY, FINDING_KEY = "F2", "F3", "F4"


class InspectionListModel(ListTableModel):
    HEADERS: ClassVar[tuple[str, ...]] = ("检查日期", "被检查单位", "行业", "进度", "隐患")

    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx

    def load(self, text: str = "") -> None:
        self.set_rows(inspection_list.inspection_rows(self.ctx.ws, text=text))

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        r = self.rows[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if col == 0:
                return fmt_date(r.date)
            if col == 1:
                return r.unit
            if col == 2:
                return self.ctx.sector_name(r.sector_id)
            if col == 3:
                return "已完成" if r.complete else f"{r.done}/{r.total}"
            if col == 4:
                return str(r.findings) if r.findings else ""
        if role == Qt.ItemDataRole.ToolTipRole:
            site = self.ctx.site_type_name(r.site_type_id)
            return (
                f"{r.unit}\n{fmt_date(r.date)} · {self.ctx.sector_name(r.sector_id)} {site}\n"
                f"检查人员：{'、'.join(r.inspectors)}\n已检查 {r.done}/{r.total} 项，不符合 {r.failed} 项，"
                f"登记隐患 {r.findings} 条"
            )
        if role == Qt.ItemDataRole.ForegroundRole and col == 3 and not r.complete:
            return QBrush(QColor("#e65100"))
        if role == Qt.ItemDataRole.UserRole:
            return r.id
        return None

    def row_of(self, inspection_id: uuid.UUID) -> int:
        return next((i for i, r in enumerate(self.rows) if r.id == inspection_id), -1)

    def update_counts(self, inspection_id: uuid.UUID, done: int, failed: int, findings: int) -> None:
        """Progress of the inspection being worked on, without querying the whole list again."""
        row = self.row_of(inspection_id)
        if row < 0:
            return
        self.rows[row] = dataclasses.replace(self.rows[row], done=done, failed=failed, findings=findings)
        self.dataChanged.emit(self.index(row, 0), self.index(row, self.columnCount() - 1))


class ItemsModel(ListTableModel):
    """The items of one inspection with their results (each change is saved by the page)."""

    HEADERS: ClassVar[tuple[str, ...]] = ("序号", "检查内容", "结果", "备注", "照片")
    COL_TEXT = 1
    COL_RESULT = 2

    def __init__(self) -> None:
        super().__init__()
        self.photo_counts: dict[uuid.UUID, int] = {}
        self.with_findings: set[uuid.UUID] = set()

    @property
    def items(self) -> list[InspectionLine]:
        return self.rows

    def load(
        self,
        items: Sequence[InspectionLine],
        photo_counts: dict[uuid.UUID, int],
        with_findings: set[uuid.UUID],
    ) -> None:
        self.photo_counts = photo_counts
        self.with_findings = with_findings
        self.set_rows(list(items))

    def replace(self, row: int, item: InspectionLine) -> None:
        self.rows[row] = item
        self._changed(row)

    def _changed(self, row: int) -> None:
        self.dataChanged.emit(self.index(row, 0), self.index(row, self.columnCount() - 1))

    def set_photo_count(self, item_id: uuid.UUID, n: int) -> None:
        self.photo_counts[item_id] = n
        row = self.row_of(item_id)
        if row >= 0:
            self._changed(row)

    def mark_finding(self, item_id: uuid.UUID) -> None:
        self.with_findings.add(item_id)
        row = self.row_of(item_id)
        if row >= 0:
            self._changed(row)

    def row_of(self, item_id: uuid.UUID) -> int:
        return next((i for i, it in enumerate(self.rows) if it.id == item_id), -1)

    def result_text(self, it: InspectionLine) -> str:
        label = Result(it.result).label
        if it.result == Result.FAIL.value:
            return f"{label}（{'已登记隐患' if it.id in self.with_findings else '未登记隐患'}）"
        return label

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        it = self.rows[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if col == 0:
                return str(index.row() + 1)
            if col == 1:
                return it.text
            if col == 2:
                return self.result_text(it)
            if col == 3:
                return (it.note or "").replace("\n", " ")
            if col == 4:
                n = self.photo_counts.get(it.id, 0)
                return f"{n}张" if n else ""
        if role == Qt.ItemDataRole.ToolTipRole and col in (1, 3):
            return f"{it.group or ''}：{it.text}" if col == 1 else it.note
        if role == Qt.ItemDataRole.BackgroundRole:
            color = RESULT_COLORS.get(it.result)
            return QBrush(color) if color else None
        if role == Qt.ItemDataRole.ForegroundRole and col == 2:
            return QBrush(RESULT_TEXT_COLORS.get(it.result, QColor("black")))
        if role == Qt.ItemDataRole.FontRole and col == 2 and it.result == Result.FAIL.value:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.TextAlignmentRole and col in (0, 4):
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == Qt.ItemDataRole.UserRole:
            return it.id
        return None


class ItemsTable(QTableView):
    """The runner's table: number keys record results, arrows move."""

    resultKey = Signal(int, str)  # row, Result value

    def keyPressEvent(self, event: QKeyEvent) -> None:
        result = KEYS.get(event.key())
        mods = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        if result is not None and mods == Qt.KeyboardModifier.NoModifier:
            idx = self.currentIndex()
            if idx.isValid():
                self.resultKey.emit(idx.row(), result.value)
            event.accept()
            return
        super().keyPressEvent(event)


class InspectionPage(QWidget):
    title = "检查记录"

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.inspection: InspectionRecord | None = None
        self.finding_dialog: FindingDialog | None = None
        self._finding_for: tuple[int, uuid.UUID, bool] = (-1, uuid.UUID(int=0), False)
        self._dirty = True

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self._build_list())
        self.splitter.addWidget(self._build_runner())
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 3)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setSizes([420, 1000])
        lay = QVBoxLayout(self)
        lay.addWidget(self.splitter)
        self._wire()
        self._keyboard()
        self._show_item(None)

    def _build_list(self) -> QWidget:
        """Left: the list of inspections, new and print."""
        self.list_model = InspectionListModel(self.ctx)
        self.new_button = QPushButton("新建检查…")
        self.new_button.setDefault(True)
        self.print_button = QPushButton("打印…")
        self.print_button.setEnabled(False)
        menu = QMenu(self.print_button)
        menu.addAction("现场检查记录（含结果、隐患和照片）…", self.print_record)
        menu.addAction("执法文书：现场检查记录…", lambda: self.print_document("record"))
        menu.addAction("执法文书：责令限期整改指令书…", lambda: self.print_document("order"))
        menu.addAction("执法文书：整改复查意见书…", lambda: self.print_document("review"))
        self.print_button.setMenu(menu)
        self.search = SearchLine("按单位名称查找")
        self.list = QTableView()
        self.list.setModel(self.list_model)
        self.list.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.verticalHeader().hide()
        self.list.setWordWrap(False)
        self.list.setAlternatingRowColors(True)
        lh = self.list.horizontalHeader()
        lh.setStretchLastSection(False)
        lh.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        for col, width in ((0, 92), (2, 64), (3, 60), (4, 40)):
            self.list.setColumnWidth(col, width)
        left_min = sum((92, 64, 60, 40, 150)) + 8
        self.list.setMinimumWidth(left_min)
        left = QWidget()
        ll = QVBoxLayout(left)
        ll.setContentsMargins(0, 0, 0, 0)
        lt = QHBoxLayout()
        lt.addWidget(self.new_button)
        lt.addWidget(self.search, 1)
        lt.addWidget(self.print_button)
        ll.addLayout(lt)
        ll.addWidget(self.list, 1)
        return left

    def _build_runner(self) -> QWidget:
        """Right: the items of the open inspection, and the current item below them."""
        self.header = QLabel("选择左侧的检查记录，或点“新建检查…”")
        self.header.setWordWrap(True)
        font = self.header.font()
        font.setPointSizeF(font.pointSizeF() * 1.15)
        font.setBold(True)
        self.header.setFont(font)
        self.counts = QLabel()
        self.items_model = ItemsModel()
        self.table = ItemsTable()
        self.table.setModel(self.items_model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.setTabKeyNavigation(False)  # Tab leaves the table for the item's fields
        th = self.table.horizontalHeader()
        th.setStretchLastSection(False)
        th.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        for col, width in ((0, 44), (2, 150), (3, 170), (4, 48)):
            self.table.setColumnWidth(col, width)
        self.shortcuts = QLabel(SHORTCUTS)
        self.shortcuts.setWordWrap(True)
        self.shortcuts.setStyleSheet(f"color: {GREY};")

        self.counts.setWordWrap(True)
        upper = QWidget()
        rl = QVBoxLayout(upper)
        rl.setContentsMargins(0, 0, 0, 0)
        rl.addWidget(self.header)
        rl.addWidget(self.counts)
        rl.addWidget(self.table, 1)
        rl.addWidget(self.shortcuts)
        # the item below the table scrolls on a low (150 %) laptop screen instead of pushing it off
        detail = QScrollArea()
        detail.setWidgetResizable(True)
        detail.setFrameShape(QFrame.Shape.NoFrame)
        detail.setWidget(self._build_item_detail())
        detail.setMinimumHeight(120)
        detail.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        right = QSplitter(Qt.Orientation.Vertical)
        right.addWidget(upper)
        right.addWidget(detail)
        right.setChildrenCollapsible(False)
        right.setStretchFactor(0, 3)
        right.setStretchFactor(1, 2)
        self.runner_splitter = right
        return right

    def _build_item_detail(self) -> QGroupBox:
        """The current item: text, basis, result buttons, note, photos."""
        self.item_text = QLabel()
        self.item_text.setWordWrap(True)
        self.item_text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        bold = self.item_text.font()
        bold.setBold(True)
        self.item_text.setFont(bold)
        self.item_basis = QLabel()
        self.item_basis.setWordWrap(True)
        self.item_basis.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.item_criteria = QLabel()
        self.item_criteria.setWordWrap(True)
        self.item_criteria.setStyleSheet(f"color: {RED};")
        self.pass_button = QPushButton("符合 (1)")
        self.fail_button = QPushButton("不符合 (2)")
        self.na_button = QPushButton("不适用 (3)")
        self.finding_button = QPushButton(f"登记隐患… ({FINDING_KEY})")
        self.pass_button.setStyleSheet("QPushButton { color: #2e7d32; }")
        self.fail_button.setStyleSheet("QPushButton { color: #c62828; }")
        buttons = FlowLayout()  # wraps on a narrow (150 %) laptop screen
        for b in (self.pass_button, self.fail_button, self.na_button, self.finding_button):
            buttons.addWidget(b)
        self.note = TextEditor(lines=2)
        self.note.setPlaceholderText(f"备注（{NOTE_KEY}）：现场情况（离开输入框时自动保存，Esc 回到表格）")
        self.photos = PhotoStrip(self.ctx)
        self.message = MessageLabel()
        detail = QGroupBox("当前检查项目")
        dl = QVBoxLayout(detail)
        dl.addWidget(self.item_text)
        dl.addWidget(self.item_basis)
        dl.addWidget(self.item_criteria)
        dl.addLayout(buttons)
        dl.addWidget(self.note)
        dl.addWidget(self.photos)
        dl.addWidget(self.message)
        return detail

    def _keyboard(self) -> None:
        """The keyboard path: table -> note -> photos -> register finding -> result buttons."""
        self.photos.add_button.setText(f"添加照片… ({PHOTO_KEY})")
        chain = [
            self.table,
            self.note,
            self.photos.add_button,
            self.finding_button,
            self.pass_button,
            self.fail_button,
            self.na_button,
        ]
        for a, b in itertools.pairwise(chain):
            QWidget.setTabOrder(a, b)
        for key, slot in (
            (NOTE_KEY, self.focus_note),
            (PHOTO_KEY, self.add_photos),
            (FINDING_KEY, self._finding_key),
        ):
            sc = QShortcut(QKeySequence(key), self)
            sc.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            sc.activated.connect(slot)
        back = QShortcut(QKeySequence(Qt.Key.Key_Escape), self.note)
        back.setContext(Qt.ShortcutContext.WidgetShortcut)
        back.activated.connect(self.table.setFocus)

    def _wire(self) -> None:
        self.new_button.clicked.connect(self.new_inspection)
        self.search.searchChanged.connect(lambda _t: self.reload())
        self.list.selectionModel().currentRowChanged.connect(lambda cur, _prev: self._inspection_chosen(cur))
        self.table.selectionModel().currentRowChanged.connect(lambda cur, _prev: self._item_chosen(cur))
        self.table.resultKey.connect(self.record)
        self.table.doubleClicked.connect(lambda _i: self.note.setFocus())
        self.pass_button.clicked.connect(lambda: self._record_current(Result.PASS))
        self.fail_button.clicked.connect(lambda: self._record_current(Result.FAIL))
        self.na_button.clicked.connect(lambda: self._record_current(Result.NA))
        self.finding_button.clicked.connect(self._finding_for_current)
        self.note.editingFinished.connect(self._save_note)
        self.photos.photosChanged.connect(self._photos_changed)
        self.ctx.inspectionsChanged.connect(self._mark_dirty)
        self.ctx.unitsChanged.connect(self._mark_dirty)

    # --- list ---------------------------------------------------------------------------

    def activate(self) -> None:
        if self._dirty:
            self.reload()

    def _mark_dirty(self) -> None:
        self._dirty = True
        if self.isVisible():
            self.reload()

    def reload(self, select: uuid.UUID | None = None) -> None:
        if select is None and self.inspection is not None:
            select = self.inspection.id
        try:
            self.list_model.load(self.search.text())
        except AnchaError as exc:
            show_error(self, exc)
            return
        self._dirty = False
        row = self.list_model.row_of(select) if select else -1
        if row < 0 and self.list_model.rows and self.inspection is None:
            row = 0
        if row >= 0:
            self.list.selectRow(row)

    def _inspection_chosen(self, index: QModelIndex) -> None:
        if not index.isValid():
            return
        inspection_id = self.list_model.rows[index.row()].id
        if self.inspection is None or self.inspection.id != inspection_id:
            self.open_inspection(inspection_id)

    def open_inspection(self, inspection_id: uuid.UUID) -> None:
        ws = self.ctx.ws
        try:
            insp = inspections.get_inspection(ws, inspection_id)
            counts = photos.photo_counts(ws, inspection_id)
            with_findings = findings.items_with_findings(ws, inspection_id)
        except AnchaError as exc:
            show_error(self, exc)
            return
        self.inspection = insp
        self.print_button.setEnabled(True)
        self.items_model.load(insp.items, counts, with_findings)
        site = self.ctx.site_type_name(insp.site_type_id)
        self.header.setText(
            f"{insp.unit_name}　{fmt_date(insp.date)}　{self.ctx.sector_name(insp.sector_id)}"
            f"{(' · ' + site) if site else ''}"
        )
        self._update_counts()
        first = next((i for i, it in enumerate(insp.items) if it.result == Result.UNCHECKED.value), 0)
        if insp.items:
            self.select_item_row(first)
        else:
            self._show_item(None)

    def select_item_row(self, row: int) -> None:
        row = max(0, min(row, self.items_model.rowCount() - 1))
        idx = self.items_model.index(row, ItemsModel.COL_TEXT)
        self.table.selectionModel().setCurrentIndex(
            idx, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
        )
        self.table.scrollTo(idx)

    def _update_counts(self) -> None:
        insp = self.inspection
        if insp is None:
            self.counts.setText("")
            return
        n = {r: 0 for r in Result}
        for it in self.items_model.items:
            n[Result(it.result)] += 1
        total = len(self.items_model.items)
        self.list_model.update_counts(
            insp.id, total - n[Result.UNCHECKED], n[Result.FAIL], len(self.items_model.with_findings)
        )
        self.counts.setText(
            f"检查人员：{'、'.join(insp.inspectors)}　　共 {len(self.items_model.items)} 项："
            f"符合 {n[Result.PASS]}　不符合 {n[Result.FAIL]}　不适用 {n[Result.NA]}　"
            f"未检查 {n[Result.UNCHECKED]}"
        )

    def new_inspection(self) -> None:
        dlg = NewInspectionDialog(self.ctx.ws, self)
        if dlg.exec() and dlg.created is not None:
            self.show_new(dlg.created.id)

    def show_new(self, inspection_id: uuid.UUID) -> None:
        """List and open a just-created inspection, ready for keyboard input."""
        self.inspection = None
        self.ctx.inspectionsChanged.emit()
        self.reload(inspection_id)
        if self.inspection is None or self.inspection.id != inspection_id:
            self.open_inspection(inspection_id)
        self.table.setFocus()

    # --- the current item -------------------------------------------------------------------

    def current_row(self) -> int:
        idx = self.table.currentIndex()
        return idx.row() if idx.isValid() else -1

    def current_item(self) -> InspectionLine | None:
        row = self.current_row()
        return self.items_model.items[row] if 0 <= row < len(self.items_model.items) else None

    def _item_chosen(self, index: QModelIndex) -> None:
        self._show_item(self.items_model.items[index.row()] if index.isValid() else None)

    def _show_item(self, it: InspectionLine | None) -> None:
        has = it is not None
        for w in (self.pass_button, self.fail_button, self.na_button, self.note):
            w.setEnabled(has)
        self.message.clear_message()
        self.note.setProperty("item_id", str(it.id) if it else "")
        self.note.setText((it.note or "") if it else "")
        self.photos.set_item(it.id if it else None)
        if it is None:
            self.item_text.setText("")
            self.item_basis.setText("")
            self.item_criteria.setText("")
            self._update_finding_button(None)
            return
        self.item_text.setText(f"{self.current_row() + 1}. {it.text}")
        self.item_basis.setText(
            f"分组：{it.group or '—'}　　检查方法：{it.methods or '—'}　　依据：{it.basis or '—'}"
        )
        cat = self.ctx.ws.catalog
        linked = [
            versions.snapshot_text(versions.snapshot(cat, c)) for c in it.criteria if versions.known(cat, c)
        ]
        self.item_criteria.setText("不符合时可能构成重大事故隐患：" + "；".join(linked) if linked else "")
        self.item_criteria.setVisible(bool(linked))
        self._update_finding_button(it)

    def _update_finding_button(self, it: InspectionLine | None) -> None:
        """Enabled for a 不符合 item without a finding; the tooltip says why not otherwise."""
        if it is None:
            ok, why = False, "先在表格中选择检查项目"
        elif it.id in self.items_model.with_findings:
            ok, why = False, "该项目已登记隐患（在“隐患台账”中查看）"
        elif it.result != Result.FAIL.value:
            ok, why = False, "只有结果为“不符合”的项目才能登记隐患（按 2 或 N）"
        else:
            ok, why = True, f"把该不符合项登记为隐患（{FINDING_KEY}）"
        self.finding_button.setEnabled(ok)
        self.finding_button.setToolTip(why)

    def focus_main(self) -> None:
        """Where the keyboard starts: the items table of the open inspection, else the list."""
        (self.table if self.inspection is not None else self.list).setFocus()

    def focus_note(self) -> None:
        if self.note.isEnabled():
            self.note.setFocus()
            self.note.moveCursor(QTextCursor.MoveOperation.End)

    def add_photos(self) -> None:
        if self.photos.add_button.isEnabled():
            self.photos.choose_files()

    def _finding_key(self) -> None:
        if self.finding_button.isEnabled():
            self._finding_for_current()
        elif self.current_item() is not None:
            self.message.show_error(self.finding_button.toolTip())

    def _record_current(self, result: Result) -> None:
        row = self.current_row()
        if row >= 0:
            self.record(row, result.value)
        self.table.setFocus()

    def record(self, row: int, result: str) -> None:
        """Save one result at once, then move to the next item (a 不符合 first asks for the finding)."""
        it = self.items_model.items[row]
        try:
            saved = inspections.set_result(self.ctx.ws, it.id, Result(result))
        except AnchaError as exc:
            self.message.show_error(f"未保存：{error_text(exc)}")
            return
        self.items_model.replace(row, saved)
        self._update_counts()
        if row == self.current_row():
            self._show_item(saved)
        if result == Result.FAIL.value and saved.id not in self.items_model.with_findings:
            self.open_finding_dialog(row)
            return
        self._advance(row)
        if result != Result.FAIL.value and saved.id in self.items_model.with_findings:
            self.message.show_error(f"第{row + 1}项已登记隐患；如隐患不成立，请在“隐患台账”中处理该条隐患")

    def _advance(self, row: int) -> None:
        if row + 1 < self.items_model.rowCount():
            self.select_item_row(row + 1)
        self.table.setFocus()

    def _finding_for_current(self) -> None:
        row = self.current_row()
        if row >= 0:
            self.open_finding_dialog(row, advance=False)

    def open_finding_dialog(self, row: int, advance: bool = True) -> None:
        """The draft finding, for the inspector to confirm (non-blocking: the dialog is window-modal)."""
        it = self.items_model.items[row]
        try:
            draft = inspections.finding_draft(self.ctx.ws, it.id)
        except AnchaError as exc:
            self.message.show_error(error_text(exc))
            return
        dlg = FindingDialog(self.ctx.ws, draft, list(it.criteria), it.text, self)
        self.finding_dialog = dlg
        self._finding_for = (row, it.id, advance)
        dlg.finished.connect(self._finding_dialog_done)
        dlg.open()

    def _finding_dialog_done(self, code: int) -> None:
        dlg = self.finding_dialog
        if dlg is None:
            return
        row, item_id, advance = self._finding_for
        self.finding_dialog = None
        created = dlg.created if code else None
        if created is not None:
            self.items_model.mark_finding(item_id)
            self._update_counts()
            self.ctx.findingsChanged.emit()
        if self.current_row() == row:
            self._update_finding_button(self.current_item())
        if advance:
            self._advance(row)
        if created is not None:  # after moving on: the message stays visible
            level = Level(created.level).label
            self.message.show_ok(f"第{row + 1}项已登记{level}：{created.title}")
        dlg.deleteLater()

    def _save_note(self) -> None:
        it = self.current_item()
        if it is None or self.note.property("item_id") != str(it.id):
            return
        text = self.note.text()
        if (it.note or "") == text.strip():
            return
        try:
            saved = inspections.set_result(self.ctx.ws, it.id, note=text)
        except AnchaError as exc:
            self.message.show_error(f"备注未保存（已保留输入的内容）：{error_text(exc)}")
            return
        self.items_model.replace(self.current_row(), saved)
        self.message.show_ok("备注已保存")

    def _photos_changed(self) -> None:
        it = self.current_item()
        if it is not None and self.inspection is not None:
            counts = photos.photo_counts(self.ctx.ws, self.inspection.id)
            self.items_model.set_photo_count(it.id, counts.get(it.id, 0))

    def print_record(self) -> None:
        """现场检查记录 of the open inspection as a PDF."""
        from app.services.documents import write_inspection
        from app.ui.exports import save_file

        if self.inspection is None:
            return
        insp, ws = self.inspection, self.ctx.ws
        save_file(
            self,
            self.ctx,
            "保存现场检查记录",
            f"现场检查记录-{insp.unit_name}-{insp.date:%Y%m%d}.pdf",
            "PDF 文件 (*.pdf)",
            lambda path, progress: write_inspection(ws, insp.id, path, overwrite=True, progress=progress),
        )

    def print_document(self, kind: str) -> None:
        """执法文书 of the open inspection; numbers come from the office settings."""
        from app.services import documents
        from app.ui.exports import save_file

        if self.inspection is None:
            return
        insp, ws = self.inspection, self.ctx.ws
        titles = {
            "record": "现场检查记录（执法文书）",
            "order": "责令限期整改指令书",
            "review": "整改复查意见书",
        }
        order_id = None
        if kind == "order":
            from PySide6.QtWidgets import QInputDialog

            issued = documents.orders_of(ws, insp.id)
            if issued:  # print an issued order again, or issue a new one (a new number)
                labels = [f"重新打印 {o.number}（{o.issued_on:%Y-%m-%d}，{o.items}项）" for o in issued]
                labels.append("开具新的指令书（新编号）")
                chosen, ok = QInputDialog.getItem(self, "责令限期整改指令书", "打印：", labels, 0, False)
                if not ok:
                    return
                if labels.index(chosen) < len(issued):
                    order_id = issued[labels.index(chosen)].id
        if kind == "review":
            from PySide6.QtWidgets import QInputDialog

            orders = documents.orders_of(ws, insp.id)
            if not orders:
                show_error(self, "这次检查还没有开具责令限期整改指令书，无法复查")
                return
            labels = [f"{o.number}（{o.issued_on:%Y-%m-%d}，{o.items}项）" for o in orders]
            chosen, ok = QInputDialog.getItem(
                self, "整改复查意见书", "复查哪一份指令书：", labels, len(labels) - 1, False
            )
            if not ok:
                return
            order_id = orders[labels.index(chosen)].id

        def make(path: Path, _p: Progress) -> object:
            if kind == "record":
                return documents.write_record(ws, insp.id, path, overwrite=True)
            if kind == "order" and order_id is not None:
                return documents.render_order_file(ws, order_id, path, overwrite=True)
            if kind == "order":
                return documents.write_order(ws, insp.id, path, overwrite=True)
            assert order_id is not None
            return documents.write_review(ws, order_id, path, overwrite=True)

        save_file(
            self,
            self.ctx,
            f"保存{titles[kind]}",
            f"{titles[kind]}-{insp.unit_name}.pdf",
            "PDF 文件 (*.pdf)",
            make,
        )
