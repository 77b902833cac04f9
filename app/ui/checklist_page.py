"""检查清单: build a checklist for a sector and site type, search items, save templates, print."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTreeWidget,
    QTreeWidgetItem,
    QTreeWidgetItemIterator,
    QVBoxLayout,
    QWidget,
)

from app.core.catalog import Catalog
from app.core.checklist_draft import Draft, Entry
from app.core.errors import AnchaError, DuplicateError
from app.core.inspections import METHODS
from app.core.jurisdiction import OTHER_AREAS, Place
from app.services import checklists
from app.services.checklists import ChecklistItem
from app.ui.columns import ShareColumns
from app.ui.context import AppContext
from app.ui.messages import show_error
from app.ui.settings import get_str, settings
from app.ui.widgets import (
    FlowLayout,
    MessageLabel,
    SearchLine,
    TextEditor,
    WrapDelegate,
    combo_select_data,
    labeled,
)
from app.ui.worker import Progress

ENTRY_ROLE = Qt.ItemDataRole.UserRole
GROUP_ROLE = Qt.ItemDataRole.UserRole + 1
ALL_SITES = "*"  # remembered choice: every site type of the sector


class CustomItemDialog(QDialog):
    """检查人员自定义的检查项目."""

    def __init__(self, groups: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("添加自定义检查项目")
        self.setMinimumWidth(480)
        self.result_item: ChecklistItem | None = None
        self.text = TextEditor(lines=4)
        self.text.setPlaceholderText("写成可以现场核对的一句话，如：厨房燃气管道未被杂物遮挡")
        self.group = QComboBox()
        self.group.setEditable(True)
        self.group.addItems(["自定义", *[g for g in groups if g != "自定义"]])
        self.methods = [QCheckBox(m) for m in METHODS]
        self.methods[1].setChecked(True)
        methods_row = QHBoxLayout()
        for box in self.methods:
            methods_row.addWidget(box)
        methods_row.addStretch(1)
        form = QFormLayout()
        form.addRow("检查内容 *", self.text)
        form.addRow("分组", self.group)
        form.addRow("检查方法", methods_row)
        self.message = MessageLabel()
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("添加")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addLayout(form)
        lay.addWidget(self.message)
        lay.addWidget(buttons)

    def accept(self) -> None:
        methods = "、".join(b.text() for b in self.methods if b.isChecked()) or "现场查看"
        try:
            self.result_item = checklists.custom_item(
                self.text.text(), self.group.currentText().strip() or "自定义", methods
            )
        except AnchaError as exc:
            self.message.show_error(str(exc))
            return
        super().accept()


class ChecklistPage(QWidget):
    """The first page. With an early context (before the database opens) it shows the shipped
    catalog's list for the remembered sector, site type and jurisdiction, and allows no edits;
    when the workspace opens it lays the user's items over and allows them."""

    title = "检查清单"

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.draft = Draft()
        self.sector_id = ""
        self.site_type_id: str | None = None
        self.modified = False
        self.template_name: str | None = None  # the template the list was loaded from or saved as
        self._loading = False
        self._built_from: tuple[Catalog, Place] | None = None  # what the list was generated from

        lay = QVBoxLayout(self)
        lay.addLayout(self._build_choices())
        lay.addWidget(self._build_splitter(), 1)
        self._wire()

        self._restore_choices()
        self.reload_templates()
        self.run_search()
        if not ctx.ready:
            self._allow_edits(False)
            ctx.workspaceOpened.connect(self._workspace_opened)

    def _allow_edits(self, on: bool) -> None:
        """Before the database opens nothing can be changed: no choice, tick or button."""
        for w in (self.sector, self.site_type, self.templates, self.show_other):
            w.setEnabled(on)
        self.tree.blockSignals(True)
        it = QTreeWidgetItemIterator(self.tree)
        while it.value():
            item = it.value()
            if isinstance(item.data(0, ENTRY_ROLE), Entry):
                tick = Qt.ItemFlag.ItemIsUserCheckable
                item.setFlags(item.flags() | tick if on else item.flags() & ~tick)
            it += 1
        self.tree.blockSignals(False)
        self._update_buttons()

    def _workspace_opened(self) -> None:
        """The database answers: lay the user's items (and the jurisdiction it records) over the
        list shown from the shipped catalog, list the templates, then allow edits."""
        if self._built_from != (self.ctx.catalog, self.place()):
            self.generate()  # nothing was edited before: the list is simply regenerated
        self._allow_edits(True)
        self.reload_templates()
        if self.search.text().strip():
            self.run_search()

    def _build_choices(self) -> FlowLayout:
        """Top row: sector, site type, saved templates."""
        self.sector = QComboBox()
        for s in self.ctx.catalog.sorted_sectors():
            self.sector.addItem(s.name, s.id)
        self.site_type = QComboBox()
        self.site_type.setMinimumContentsLength(16)
        self.site_type.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.templates = QComboBox()
        self.templates.setMinimumContentsLength(14)
        self.templates.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.load_template_button = QPushButton("载入")
        self.delete_template_button = QPushButton("删除")
        top = FlowLayout(spacing=12)  # wraps on a narrow (150 %) laptop screen
        top.addWidget(labeled("行业", self.sector))
        top.addWidget(labeled("场所类型", self.site_type))
        top.addWidget(
            labeled("已保存的模板", self.templates, self.load_template_button, self.delete_template_button)
        )
        return top

    def _build_splitter(self) -> QSplitter:
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self._build_checklist())
        splitter.addWidget(self._build_search())
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        splitter.setChildrenCollapsible(False)
        splitter.setSizes([960, 340])  # the checklist first; the search pane is a helper
        self.splitter = splitter
        return splitter

    def _build_checklist(self) -> QWidget:
        """Left: the checklist being built, its summary and the edit buttons."""
        self.tree = QTreeWidget()
        self.tree.setColumnCount(4)
        self.tree.setHeaderLabels(["检查内容", "检查方法", "依据", "重大隐患"])
        self.tree.setWordWrap(True)
        self.tree.setUniformRowHeights(False)
        self.tree.setAlternatingRowColors(True)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        header = self.tree.header()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(False)
        # 检查方法 and 依据 shrink on a narrow screen so the item text stays readable
        self.columns = ShareColumns(self.tree, [(1, 0.14, 64, 112), (2, 0.3, 110, 250)])
        self.tree.setItemDelegate(WrapDelegate(self.tree))
        self.up_button = QPushButton("上移")
        self.down_button = QPushButton("下移")
        self.remove_button = QPushButton("移除")
        self.common_button = QPushButton("加入通用要求")
        self.common_button.setToolTip("加入各行业共同适用的主体责任、应急、培训等检查项目")
        self.custom_button = QPushButton("添加自定义项目…")
        self.save_button = QPushButton("保存为模板…")
        self.pdf_button = QPushButton("预览/打印PDF…")
        self.excel_out_button = QPushButton("导出Excel…")
        self.excel_out_button.setToolTip("把当前清单导出为 Excel，编辑后可再导入为新模板")
        self.excel_in_button = QPushButton("从Excel导入…")
        self.summary = QLabel()
        self.show_other = QCheckBox(OTHER_AREAS)
        self.show_other.setToolTip(
            "显示仅有其他地区通知依据的检查项目（默认不显示）；勾选加入清单时，不引用其他地区的通知"
        )
        self.message = MessageLabel()
        self.summary.setWordWrap(True)
        edit_row = FlowLayout()  # wraps on a narrow (150 %) laptop screen
        for b in (
            self.up_button,
            self.down_button,
            self.remove_button,
            self.common_button,
            self.custom_button,
        ):
            edit_row.addWidget(b)
        edit_row.addWidget(self.save_button)
        edit_row.addWidget(self.pdf_button)
        edit_row.addWidget(self.excel_out_button)
        edit_row.addWidget(self.excel_in_button)
        left = QWidget()
        left_lay = QVBoxLayout(left)
        left_lay.setContentsMargins(0, 0, 0, 0)
        left_lay.addWidget(self.tree, 1)
        summary_row = QHBoxLayout()
        summary_row.addWidget(self.summary, 1)
        summary_row.addWidget(self.show_other)
        left_lay.addLayout(summary_row)
        left_lay.addWidget(self.message)
        left_lay.addLayout(edit_row)
        return left

    def _build_search(self) -> QGroupBox:
        """Right: keyword search across every catalog item."""
        self.search = SearchLine("按关键词搜索全部检查项目，如：报警 软管")
        self.search_sector = QComboBox()
        self.search_sector.addItem("全部行业", None)
        for s in self.ctx.catalog.sorted_sectors(include_common=True):
            self.search_sector.addItem(s.name, s.id)
        self.results = QTreeWidget()
        self.results.setHeaderLabels(["检查项目（依据）"])
        self.results.setRootIsDecorated(False)
        self.results.setUniformRowHeights(False)
        self.results.setAlternatingRowColors(True)
        self.results.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.results.setItemDelegate(WrapDelegate(self.results))
        self.add_button = QPushButton("← 加入清单")
        self.results_label = QLabel()
        search_box = QGroupBox("搜索检查项目")
        s_lay = QVBoxLayout(search_box)
        s_top = QHBoxLayout()
        s_top.addWidget(self.search, 1)
        s_top.addWidget(self.search_sector)
        s_lay.addLayout(s_top)
        s_lay.addWidget(self.results, 1)
        s_bottom = QHBoxLayout()
        s_bottom.addWidget(self.results_label, 1)
        s_bottom.addWidget(self.add_button)
        s_lay.addLayout(s_bottom)
        return search_box

    def _wire(self) -> None:
        self.sector.currentIndexChanged.connect(self._sector_changed)
        self.site_type.currentIndexChanged.connect(self._site_type_changed)
        self.tree.itemChanged.connect(self._item_checked)
        self.tree.currentItemChanged.connect(lambda *_a: self._update_buttons())
        self.up_button.clicked.connect(lambda: self.move_current(-1))
        self.down_button.clicked.connect(lambda: self.move_current(1))
        self.remove_button.clicked.connect(self.remove_current)
        self.common_button.clicked.connect(self.add_common)
        self.custom_button.clicked.connect(self.add_custom)
        self.save_button.clicked.connect(self.save_template)
        self.load_template_button.clicked.connect(self.load_selected_template)
        self.delete_template_button.clicked.connect(self.delete_selected_template)
        self.pdf_button.clicked.connect(self.print_pdf)
        self.excel_out_button.clicked.connect(self.export_excel)
        self.excel_in_button.clicked.connect(self.import_excel)
        self.search.searchChanged.connect(lambda _t: self.run_search())
        self.search_sector.currentIndexChanged.connect(lambda _i: self.run_search())
        self.results.itemDoubleClicked.connect(lambda *_a: self.add_search_results())
        self.results.itemSelectionChanged.connect(self._update_buttons)
        self.add_button.clicked.connect(self.add_search_results)
        self.ctx.templatesChanged.connect(self.reload_templates)
        self.show_other.toggled.connect(lambda _on: self.rebuild())
        self.ctx.jurisdictionChanged.connect(self._jurisdiction_changed)

    # --- activation and settings ------------------------------------------------------

    def activate(self) -> None:
        pass

    def _restore_choices(self) -> None:
        s = settings()
        self._loading = True
        combo_select_data(self.sector, get_str(s, "checklist/sector") or None)
        self._fill_site_types()
        site = get_str(s, "checklist/site_type")
        if site == ALL_SITES:
            self.site_type.setCurrentIndex(0)
        elif site:
            combo_select_data(self.site_type, site)
        self._loading = False
        self.generate()

    def _remember_choices(self) -> None:
        s = settings()
        s.setValue("checklist/sector", self.sector.currentData() or "")
        s.setValue("checklist/site_type", self.site_type.currentData() or ALL_SITES)

    def _fill_site_types(self) -> None:
        self.site_type.blockSignals(True)
        self.site_type.clear()
        self.site_type.addItem("（全部场所类型）", None)
        for t in self.ctx.catalog.site_types_of(self.sector.currentData() or ""):
            self.site_type.addItem(t.name, t.id)
            self.site_type.setItemData(self.site_type.count() - 1, t.description, Qt.ItemDataRole.ToolTipRole)
        if self.site_type.count() > 1:
            self.site_type.setCurrentIndex(1)
        self.site_type.blockSignals(False)

    def _confirm_discard(self) -> bool:
        if not self.modified:
            return True
        answer = QMessageBox.question(
            self,
            "重新生成清单",
            "当前清单已修改但未保存为模板，重新生成会丢失这些修改。是否继续？",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        )
        return answer == QMessageBox.StandardButton.Yes

    def _sector_changed(self, _i: int) -> None:
        if self._loading:
            return
        if not self._confirm_discard():
            self._loading = True
            combo_select_data(self.sector, self.sector_id)
            self._loading = False
            return
        self._fill_site_types()
        self.generate()

    def _site_type_changed(self, _i: int) -> None:
        if self._loading:
            return
        if not self._confirm_discard():
            self._loading = True
            combo_select_data(self.site_type, self.site_type_id)
            self._loading = False
            return
        self.generate()

    # --- building the list ----------------------------------------------------------

    def place(self) -> Place:
        """Citations are chosen for 本人辖区 as of today."""
        return self.ctx.place()

    def _jurisdiction_changed(self) -> None:
        if not self.modified:
            self.generate()
        self.run_search()

    def generate(self) -> None:
        """The catalog items of the chosen sector and site type for 本人辖区, all ticked; items
        whose only notice basis is another area's come unticked, shown apart on request."""
        sector_id = self.sector.currentData()
        if not sector_id:
            return
        site = self.site_type.currentData()
        cat, place = self.ctx.catalog, self.place()
        try:
            items = checklists.build(cat, sector_id, site, place=place)
        except AnchaError as exc:
            self.message.show_error(str(exc))
            return
        _own, other = checklists.split_by_area(cat, cat.items_for(sector_id, site), place)
        self.sector_id, self.site_type_id = sector_id, site
        self._built_from = (cat, place)
        self.draft = Draft.of(items)
        self.template_name = None  # a fresh list from the catalog, not a template
        self.draft.add_other_areas(
            (checklists.snapshot(cat, it, place=place), "；".join(cat.cite(c) for c in it.basis))
            for it in other
        )
        self.modified = False
        self.message.clear_message()
        self._remember_choices()
        self.rebuild()

    @property
    def entries(self) -> list[Entry]:
        return self.draft.entries

    def selected_items(self) -> list[ChecklistItem]:
        return self.draft.selected_items()

    def groups(self) -> list[str]:
        return self.draft.groups()

    def rebuild(self, current: Entry | str | None = None) -> None:
        """Redraw the tree from `entries`, keeping `current` selected."""
        if current is None:
            current = self.current_entry() or self.current_group()
        self.tree.blockSignals(True)
        self.tree.clear()
        bold = QFont(self.tree.font())
        bold.setBold(True)
        select_item: QTreeWidgetItem | None = None
        number = 0
        shown = [(group, self.draft.members(group)) for group in self.groups()]
        other = self.draft.other_areas(self.show_other.isChecked())
        if other:
            shown.append((OTHER_AREAS, other))
        for group, members in shown:
            g = QTreeWidgetItem(self.tree)
            g.setText(0, f"{group}（{len(members)}项）")
            g.setFont(0, bold)
            g.setData(0, GROUP_ROLE, group)
            g.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
            g.setFirstColumnSpanned(True)
            if current == group:
                select_item = g
            for e in members:
                number += 1
                it = QTreeWidgetItem(g)
                it.setText(0, f"{number}. {e.item.text}")
                it.setText(1, e.item.methods)
                it.setText(2, e.item.basis)
                if e.item.criteria:
                    it.setText(3, "可能构成")
                    it.setForeground(3, Qt.GlobalColor.darkRed)
                it.setToolTip(
                    0, e.item.text + (f"\n编号：{e.item.item_id}" if e.item.item_id else "（自定义）")
                )
                it.setToolTip(2, e.item.basis)
                if e.other_area:
                    note = f"仅见于其他地区通知：{e.elsewhere}（不作为本辖区依据）"
                    it.setText(2, "；".join(p for p in (e.item.basis, note) if p))
                    it.setForeground(2, Qt.GlobalColor.gray)
                    it.setToolTip(2, note)
                it.setData(0, ENTRY_ROLE, e)
                flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
                if self.ctx.ready:  # ticks are edits: none before the database opens
                    flags |= Qt.ItemFlag.ItemIsUserCheckable
                it.setFlags(flags)
                it.setCheckState(0, Qt.CheckState.Checked if e.selected else Qt.CheckState.Unchecked)
                if current is e:
                    select_item = it
        self.tree.expandAll()
        self.tree.blockSignals(False)
        if select_item is not None:
            self.tree.setCurrentItem(select_item)
            self.tree.scrollToItem(select_item)
        self._update_summary()
        self._update_buttons()

    def _update_summary(self) -> None:
        chosen = self.selected_items()
        majors = sum(1 for it in chosen if it.criteria)
        sector = self.ctx.sector_name(self.sector_id)
        site = self.ctx.site_type_name(self.site_type_id) or "全部场所类型"
        other = len(self.draft.other_areas(True))
        own = len(self.entries) - other
        area = self.ctx.areas().label(self.place().area) or "未设置本人辖区"
        self.summary.setText(
            f"{sector} · {site}（{area}）：已选 {len(chosen)} 项 / 共 {own} 项"
            f"（其中 {majors} 项不符合时可能构成重大事故隐患）"
            + (f"；另有 {other} 项仅见于其他地区通知" if other else "")
        )

    def current_entry(self) -> Entry | None:
        it = self.tree.currentItem()
        entry = it.data(0, ENTRY_ROLE) if it is not None else None
        return entry if isinstance(entry, Entry) else None

    def current_group(self) -> str | None:
        it = self.tree.currentItem()
        group = it.data(0, GROUP_ROLE) if it is not None else None
        return group if isinstance(group, str) else None

    def _update_buttons(self) -> None:
        ready = self.ctx.ready  # before the database opens the list cannot be changed
        has = ready and (self.current_entry() is not None or self.current_group() is not None)
        chosen = ready and bool(self.selected_items())
        self.up_button.setEnabled(has)
        self.down_button.setEnabled(has)
        self.remove_button.setEnabled(ready and self.current_entry() is not None)
        self.common_button.setEnabled(ready)
        self.custom_button.setEnabled(ready)
        self.excel_in_button.setEnabled(ready)
        self.save_button.setEnabled(chosen)
        self.pdf_button.setEnabled(chosen)
        self.excel_out_button.setEnabled(chosen)
        self.add_button.setEnabled(ready and bool(self.results.selectedItems()))
        self.delete_template_button.setEnabled(ready and self.templates.currentData() is not None)
        self.load_template_button.setEnabled(ready and self.templates.currentData() is not None)

    def _item_checked(self, it: QTreeWidgetItem, column: int) -> None:
        entry = it.data(0, ENTRY_ROLE)
        if isinstance(entry, Entry) and column == 0:
            entry.selected = it.checkState(0) == Qt.CheckState.Checked
            self.modified = True
            self._update_summary()
            self._update_buttons()

    def move_current(self, step: int) -> None:
        """Move the current item within its group, or the current group among groups."""
        entry = self.current_entry()
        if entry is not None:
            if self.draft.move_item(entry, step):
                self.modified = True
                self.rebuild(entry)
            return
        group = self.current_group()
        if group is not None and self.draft.move_group(group, step):
            self.modified = True
            self.rebuild(group)

    def remove_current(self) -> None:
        entry = self.current_entry()
        if entry is None:
            return
        nxt = self.draft.remove(entry)
        self.modified = True
        self.rebuild(nxt)

    def add_items(self, items: list[ChecklistItem]) -> int:
        """Add items not yet in the list (each with its group); returns how many were added."""
        added = self.draft.add(items)
        if not added:
            return 0
        self.modified = True
        self.rebuild(added[-1])
        return len(added)

    def add_common(self) -> None:
        cat = self.ctx.catalog
        place = self.place()
        own, _other = checklists.split_by_area(cat, cat.common_items(), place)
        n = self.add_items([checklists.snapshot(cat, it, place=place) for it in own])
        if n:
            self.message.show_ok(f"已加入 {n} 项通用要求")
        else:
            self.message.show_ok("通用要求已全部在清单中")

    def add_custom(self) -> None:
        dlg = CustomItemDialog(self.groups(), self)
        if dlg.exec() and dlg.result_item is not None:
            (entry,) = self.draft.add([dlg.result_item])
            self.modified = True
            self.rebuild(entry)

    # --- search ---------------------------------------------------------------------

    def run_search(self) -> None:
        cat = self.ctx.catalog
        text = self.search.text().strip()
        self.results.clear()
        if not text:
            self.results_label.setText("输入关键词后显示匹配的检查项目（可跨行业）")
            self._update_buttons()
            return
        found = cat.search(text, self.search_sector.currentData())
        place = self.place()
        _own, other = checklists.split_by_area(cat, found[:300], place)
        elsewhere = {it.id for it in other}
        for item in found[:300]:
            snap = checklists.snapshot(cat, item, place=place)
            row = QTreeWidgetItem(self.results)
            sector = self.ctx.sector_name(item.sector_id)
            mark = "（已在清单中）" if self.draft.has(item.id) else ""
            if item.id in elsewhere:
                mark += f"（{OTHER_AREAS}）"
            row.setText(0, f"[{sector}] {item.text}{mark}\n依据：{snap.basis}")
            row.setToolTip(0, f"{item.id} · {item.group}\n{item.text}\n依据：{snap.basis}")
            row.setData(0, ENTRY_ROLE, snap)
            if mark:
                row.setForeground(0, Qt.GlobalColor.gray)
        more = "，显示前 300 项" if len(found) > 300 else ""
        self.results_label.setText(f"找到 {len(found)} 项{more}")
        self._update_buttons()

    def add_search_results(self) -> None:
        items = [r.data(0, ENTRY_ROLE) for r in self.results.selectedItems()]
        n = self.add_items([i for i in items if isinstance(i, ChecklistItem)])
        if n:
            self.message.show_ok(f"已加入 {n} 项")
        else:
            self.message.show_ok("所选项目已在清单中")
        self.run_search()

    # --- templates ------------------------------------------------------------------

    def reload_templates(self) -> None:
        current = self.templates.currentData()
        self.templates.clear()
        if not self.ctx.ready:
            self.templates.addItem("（正在打开数据库…）", None)
            return
        try:
            rows = checklists.list_templates(self.ctx.ws)
        except AnchaError as exc:
            self.message.show_error(str(exc))
            rows = []
        if not rows:
            self.templates.addItem("（还没有模板）", None)
        for t in rows:
            self.templates.addItem(t.name, t.id)
        combo_select_data(self.templates, current)
        self._update_buttons()

    def default_template_name(self) -> str:
        sector = self.ctx.sector_name(self.sector_id)
        site = self.ctx.site_type_name(self.site_type_id)
        return f"{sector}-{site}" if site else sector

    def save_template(self) -> None:
        name, ok = QInputDialog.getText(self, "保存为模板", "模板名称：", text=self.default_template_name())
        if not ok:
            return
        self.save_as(name)

    def save_as(self, name: str, overwrite: bool = False) -> bool:
        ws = self.ctx.ws
        items = self.selected_items()
        try:
            checklists.save_template(ws, name, self.sector_id, self.site_type_id, items, overwrite=overwrite)
        except DuplicateError as exc:
            answer = QMessageBox.question(self, "模板已存在", f"已有名为“{exc.name}”的模板，是否覆盖？")
            if answer == QMessageBox.StandardButton.Yes:
                return self.save_as(name, overwrite=True)
            return False
        except AnchaError as exc:
            self.message.show_error(f"未保存：{exc}")
            return False
        self.modified = False
        self.template_name = name.strip()
        self.message.show_ok(f"已保存模板“{name.strip()}”（{len(items)}项）")
        self.ctx.templatesChanged.emit()
        saved = self.templates.findText(name.strip())  # the box shows the template just saved
        if saved >= 0:
            self.templates.setCurrentIndex(saved)
        return True

    def load_selected_template(self) -> None:
        template_id = self.templates.currentData()
        if template_id is None or not self._confirm_discard():
            return
        try:
            t = checklists.get_template(self.ctx.ws, template_id)
        except AnchaError as exc:
            self.message.show_error(str(exc))
            return
        self._loading = True
        combo_select_data(self.sector, t.sector_id)
        self._fill_site_types()
        if not combo_select_data(self.site_type, t.site_type_id):
            self.site_type.setCurrentIndex(0)
        self._loading = False
        self.sector_id, self.site_type_id = t.sector_id, t.site_type_id
        self.draft = Draft.of(checklists.template_items(t))
        self.template_name = t.name
        self.modified = False
        self.message.show_ok(f"已载入模板“{t.name}”")
        self.rebuild()

    def delete_selected_template(self) -> None:
        template_id = self.templates.currentData()
        if template_id is None:
            return
        name = self.templates.currentText()
        answer = QMessageBox.question(self, "删除模板", f"删除模板“{name}”？已完成的检查记录不受影响。")
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            checklists.delete_template(self.ctx.ws, template_id)
        except AnchaError as exc:
            show_error(self, exc)
            return
        self.ctx.templatesChanged.emit()

    # --- PDF ------------------------------------------------------------------------

    def print_pdf(self) -> None:
        """The blank checklist as a PDF: ask where, write it in the worker, open it."""
        from app.reports.checklist_pdf import write_checklist
        from app.ui.exports import save_file

        items = self.selected_items()
        if not items:
            return
        # a template prints under its own name; a list from the catalog under sector and site type
        title = self.template_name or self.default_template_name()
        sector, site, catalog = self.sector_id, self.site_type_id, self.ctx.catalog

        def make(path: Path, progress: Progress) -> None:
            progress.report(0, 1)
            write_checklist(
                path, items, catalog, sector_id=sector, site_type_id=site, title=title, overwrite=True
            )  # the save dialog already asked before overwriting
            progress.report(1, 1)

        save_file(
            self,
            self.ctx,
            "保存PDF检查表",
            f"检查清单-{title}.pdf",
            "PDF 文件 (*.pdf)",
            make,
            lambda path: self.message.show_ok(f"已生成 {path}"),
        )

    # --- Excel round trip ---------------------------------------------------------------

    def export_excel(self) -> None:
        """The checklist as a workbook to edit in Excel."""
        from app.reports.checklist_xlsx import export_template
        from app.ui.exports import save_file

        items = self.selected_items()
        if not items:
            return
        name = self.default_template_name()
        sector, site = self.sector_id, self.site_type_id
        save_file(
            self,
            self.ctx,
            "导出检查清单到 Excel",
            f"检查清单-{name}.xlsx",
            "Excel 工作簿 (*.xlsx)",
            lambda path, _p: export_template(path, name, sector, site, items, overwrite=True),
        )

    def import_excel(self) -> None:
        """A workbook edited in Excel becomes a new template (bad rows are listed, nothing saved)."""
        from PySide6.QtWidgets import QInputDialog

        from app.reports.checklist_xlsx import import_template
        from app.services import checklists as cl

        chosen, _f = QFileDialog.getOpenFileName(self, "选择检查清单工作簿", "", "Excel 工作簿 (*.xlsx)")
        if not chosen:
            return
        try:
            got = import_template(Path(chosen))
        except AnchaError as exc:
            show_error(self, exc)
            return
        name, ok = QInputDialog.getText(self, "导入为新模板", "模板名称：", text=f"{got.name}（导入）")
        if not ok or not name.strip():
            return
        cat = self.ctx.catalog
        sector = got.sector_id if got.sector_id in cat.sectors else (self.sector_id or "common")
        site = got.site_type_id if got.site_type_id in cat.site_types else None
        try:
            cl.save_template(self.ctx.ws, name, sector, site, got.items)
        except AnchaError as exc:
            show_error(self, exc)
            return
        self.ctx.templatesChanged.emit()
        self.message.show_ok(f"已导入模板“{name}”：{len(got.items)} 项")
