"""设置: the office per sector, 本人辖区, 文书编号 prefixes, inspectors with 执法证号, backups;
and the first-start guide that walks through it, then to 登记单位 and 新建检查.

Everything is saved through the services (app.services.settings, app.services.jurisdiction):
the same rules as the `settings` command.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTabWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.core.errors import AnchaError
from app.services import backups, jurisdiction
from app.services import settings as office
from app.services.workspace import Workspace
from app.ui.area_picker import AreaPicker
from app.ui.context import AppContext
from app.ui.messages import error_text
from app.ui.widgets import MessageLabel

OFFICE_TAB, AREA_TAB, INSPECTORS_TAB, BACKUP_TAB = range(4)


class SettingsDialog(QDialog):
    """Tabs: 执法机关与文书编号, 本人辖区, 执法人员, 备份. 保存 writes the changed office fields."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None, tab: int = OFFICE_TAB) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle("设置")
        self.resize(640, 480)
        self.tabs = QTabWidget()
        self.message = MessageLabel()
        self.tabs.addTab(_scrolled(self._build_office()), "执法机关与文书编号")
        self.tabs.addTab(self._build_area(), "本人辖区")
        self.tabs.addTab(self._build_people(), "执法人员")
        self.tabs.addTab(self._build_backups(), "备份")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Close
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setText("保存")
        self.buttons.button(QDialogButtonBox.StandardButton.Close).setText("关闭")
        lay = QVBoxLayout(self)
        lay.addWidget(self.tabs, 1)
        lay.addWidget(self.message)
        lay.addWidget(self.buttons)
        self._wire()
        self.load_inspectors()
        self.tabs.setCurrentIndex(tab)

    def _build_office(self) -> QWidget:
        """执法机关与文书编号: the region, and per sector the department and the number prefix."""
        ws = self.ctx.ws
        office_tab = QWidget()
        form = QFormLayout(office_tab)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.fields: dict[str, QLineEdit] = {}

        def field(key: str, label: str, placeholder: str = "") -> None:
            edit = QLineEdit(_stored(ws, key))
            edit.setPlaceholderText(placeholder)
            edit.setMaxLength(100 if not key.startswith("doc_prefix") else 12)
            self.fields[key] = edit
            form.addRow(label, edit)

        field("region", "县（市）名称", "如 沁水县（文书以“县名+行业主管部门”名义出具）")
        field("doc_prefix", "文书编号前缀", f"未设置时为“{office.get(ws, 'doc_prefix')}”，如 沁应急")
        for s in ws.catalog.sorted_sectors():
            current = office.office_for(ws, s.id)
            field(f"office.{s.id}", f"{s.name}：执法机关", f"未设置时为“{current.department}”")
            field(f"doc_prefix.{s.id}", f"{s.name}：编号前缀", f"未设置时为“{current.doc_prefix}”")
        return office_tab

    def _build_area(self) -> QWidget:
        """本人辖区."""
        ws = self.ctx.ws
        area_tab = QWidget()
        al = QVBoxLayout(area_tab)
        self.area = AreaPicker(jurisdiction.areas(ws))
        self.area.set_code(jurisdiction.get_code(ws))
        al.addWidget(QLabel("本人辖区（县、市、区）：检查清单按辖区适用的通知列出依据"))
        al.addWidget(self.area)
        al.addStretch(1)
        return area_tab

    def _build_people(self) -> QWidget:
        """执法人员: the registered officers, a row to register one, 停用."""
        people = QWidget()
        pl = QVBoxLayout(people)
        self.inspectors = QTreeWidget()
        self.inspectors.setHeaderLabels(["姓名", "执法证号"])
        self.inspectors.setRootIsDecorated(False)
        self.inspectors.setColumnWidth(0, 140)
        self.person = QLineEdit()
        self.person.setPlaceholderText("姓名")
        self.person.setMaxLength(50)
        self.cert = QLineEdit()
        self.cert.setPlaceholderText("执法证号（印在每份执法文书上）")
        self.cert.setMaxLength(40)
        self.add_person = QPushButton("登记")
        self.retire_person = QPushButton("停用所选")
        row = QHBoxLayout()
        row.addWidget(self.person, 1)
        row.addWidget(self.cert, 2)
        row.addWidget(self.add_person)
        pl.addWidget(self.inspectors, 1)
        pl.addLayout(row)
        pl.addWidget(self.retire_person)
        return people

    def _build_backups(self) -> QWidget:
        """备份: what a backup holds, and the backups kept, each with whether its photos are all kept."""
        page = QWidget()
        bl = QVBoxLayout(page)
        info = QLabel(
            "每天第一次启动时自动备份（保留最近 10 份）。一份备份包含数据库和它登记的全部照片原片，"
            "照片原片存放在备份文件夹的 photos 中，各份备份共用。"
            "也可以在“文件”菜单中立即备份、恢复或打开备份文件夹。"
        )
        info.setWordWrap(True)
        self.backup_list = QTreeWidget()
        self.backup_list.setHeaderLabels(["时间", "大小", "照片原片"])
        self.backup_list.setRootIsDecorated(False)
        self.backup_button = QPushButton("立即备份")
        bl.addWidget(info)
        bl.addWidget(self.backup_list, 1)
        bl.addWidget(self.backup_button)
        return page

    def load_backups(self) -> None:
        """The backups kept, newest first (read when the 备份 tab is shown)."""
        self.backup_list.clear()
        path = self.ctx.ws.db.path
        if path is None:
            self.backup_list.addTopLevelItem(QTreeWidgetItem(["共享数据库由服务器备份", "", ""]))
            self.backup_button.setEnabled(False)
            return
        for b in reversed(backups.list_backups(path)):
            row = QTreeWidgetItem(
                [b.file.taken.strftime("%Y-%m-%d %H:%M:%S"), f"{b.file.size / 1024:.0f} KB", b.photo_text]
            )
            row.setToolTip(0, str(b.file.path))
            if b.error:
                row.setToolTip(2, b.error)
            self.backup_list.addTopLevelItem(row)
        if not self.backup_list.topLevelItemCount():
            self.backup_list.addTopLevelItem(QTreeWidgetItem(["还没有备份", "", ""]))
        for col in range(3):
            self.backup_list.resizeColumnToContents(col)

    def _wire(self) -> None:
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        self.add_person.clicked.connect(self.register_person)
        self.retire_person.clicked.connect(self.retire_selected)
        self.person.textChanged.connect(lambda _t: self._update_person_button())
        self.cert.textChanged.connect(lambda _t: self._update_person_button())
        self.inspectors.itemSelectionChanged.connect(self._update_person_button)
        self.backup_button.clicked.connect(self._backup)
        self.tabs.currentChanged.connect(lambda i: self.load_backups() if i == BACKUP_TAB else None)

    # --- inspectors -----------------------------------------------------------------------

    def load_inspectors(self) -> None:
        self.inspectors.clear()
        for o in office.list_inspectors(self.ctx.ws):
            self.inspectors.addTopLevelItem(QTreeWidgetItem([o.name, o.cert_no]))
        self._update_person_button()

    def _update_person_button(self) -> None:
        name, cert = self.person.text().strip(), self.cert.text().strip()
        self.add_person.setEnabled(bool(name and cert))
        self.add_person.setToolTip("" if name and cert else "先填写姓名和执法证号")
        chosen = bool(self.inspectors.selectedItems())
        self.retire_person.setEnabled(chosen)
        self.retire_person.setToolTip("" if chosen else "先在上面的列表中选择一名执法人员")

    def register_person(self) -> bool:
        try:
            office.save_inspector(self.ctx.ws, self.person.text(), self.cert.text())
        except AnchaError as exc:
            self.message.show_error(f"未登记：{error_text(exc)}")
            return False
        self.message.show_ok(f"已登记执法人员 {self.person.text().strip()}")
        self.person.clear()
        self.cert.clear()
        self.load_inspectors()
        return True

    def retire_selected(self) -> None:
        items = self.inspectors.selectedItems()
        if not items:
            return
        try:
            office.retire_inspector(self.ctx.ws, items[0].text(0))
        except AnchaError as exc:
            self.message.show_error(error_text(exc))
            return
        self.message.show_ok(f"已停用 {items[0].text(0)}")
        self.load_inspectors()

    def _backup(self) -> None:
        actions = getattr(self.parent(), "backups", None)
        if actions is not None:
            actions.run_backup(after=self.load_backups)

    # --- saving ----------------------------------------------------------------------------

    def save(self) -> bool:
        """Write the changed office fields and the jurisdiction; the first problem is shown."""
        ws = self.ctx.ws
        saved = 0
        for key, edit in self.fields.items():
            value = edit.text().strip()
            if value == _stored(ws, key) or not value:
                continue
            try:
                office.put(ws, key, value)
            except AnchaError as exc:
                edit.setFocus()
                self.message.show_error(f"未保存：{error_text(exc)}")
                return False
            saved += 1
        code = self.area.code()
        if code and code != jurisdiction.get_code(ws):
            try:
                jurisdiction.set_jurisdiction(ws, code)
            except AnchaError as exc:
                self.message.show_error(f"本人辖区未保存：{error_text(exc)}")
                return False
            self.ctx.jurisdictionChanged.emit()
            saved += 1
        self.message.show_ok(f"已保存 {saved} 项设置" if saved else "没有修改")
        return True


def _stored(ws: Workspace, key: str) -> str:
    """The value stored under exactly this key ('' when only a default applies)."""
    return office.stored(ws, key)


def _scrolled(widget: QWidget) -> QWidget:
    from PySide6.QtWidgets import QScrollArea

    area = QScrollArea()
    area.setWidgetResizable(True)
    area.setWidget(widget)
    return area


class FirstStartGuide(QDialog):
    """开始使用: the order an inspector works in, each step one button."""

    STEPS = (
        ("1. 设置执法机关和文书编号", "各行业的执法机关名称、文书编号前缀（如 沁应急）"),
        ("2. 选择本人辖区", "检查清单按辖区适用的通知列出依据"),
        ("3. 登记执法人员和执法证号", "只填一次，执法文书自动带出"),
        ("4. 登记被检查单位", "一个一个登记，或从 Excel 导入企业名录"),
        ("5. 新建检查", "选择单位和检查清单，逐项记录结果"),
    )

    def __init__(self, actions: list[Callable[[], object]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("开始使用安查")
        intro = QLabel("按检查人员的工作顺序完成以下几步（以后可在“设置”和“帮助 → 开始使用”中再打开）：")
        intro.setWordWrap(True)
        lay = QVBoxLayout(self)
        lay.addWidget(intro)
        self.step_buttons: list[QPushButton] = []
        for (title, hint), action in zip(self.STEPS, actions, strict=True):
            b = QPushButton(title)
            b.setToolTip(hint)
            b.setStyleSheet("text-align: left; padding: 6px;")
            b.clicked.connect(lambda _c=False, a=action: a())
            note = QLabel(hint)
            note.setStyleSheet("color: #757575; padding-left: 18px;")
            lay.addWidget(b)
            lay.addWidget(note)
            self.step_buttons.append(b)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.button(QDialogButtonBox.StandardButton.Close).setText("关闭")
        close.rejected.connect(self.reject)
        lay.addWidget(close)
