"""The main window and `run()`, the GUI's entry point."""

from __future__ import annotations

import datetime as dt
import hashlib
import importlib
import logging
import os
import sys
import time
import uuid
from typing import TYPE_CHECKING, Protocol, cast

from PySide6.QtCore import QEvent, QObject, QRect, QSize, Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QStackedWidget,
    QWidget,
)

from app import __version__
from app.core.errors import AnchaError
from app.ui.messages import error_text
from app.ui.platform import configure_before_app, install_chinese
from app.ui.settings import get_int, settings
from app.ui.style import app_icon

if TYPE_CHECKING:
    from collections.abc import Callable

    from app.core.catalog import Catalog
    from app.services.workspace import Workspace
    from app.ui.checklist_page import ChecklistPage
    from app.ui.context import AppContext
    from app.ui.inspection_page import InspectionPage
    from app.ui.ledger_page import LedgerPage
    from app.ui.stats_page import StatsPage
    from app.ui.units_page import UnitsPage

WINDOW_TITLE = "安查 — 安全生产检查"
PREFERRED = QSize(1360, 860)  # the first window on a screen larger than a laptop's


class Page(Protocol):
    title: str

    def activate(self) -> None: ...


# The pages in navigation order: title, module, class. A page is built when first shown.
PAGES = [
    ("检查清单", "app.ui.checklist_page", "ChecklistPage"),
    ("检查记录", "app.ui.inspection_page", "InspectionPage"),
    ("隐患台账", "app.ui.ledger_page", "LedgerPage"),
    ("被检查单位", "app.ui.units_page", "UnitsPage"),
    ("统计", "app.ui.stats_page", "StatsPage"),
]
PAGE_TITLES = [title for title, _m, _c in PAGES]
CHECKLIST, INSPECTIONS, LEDGER, UNITS, STATS = range(len(PAGES))
MENU_TITLES = ["文件(&F)", "设置(&S)", "转到(&G)", "帮助(&H)"]


class FirstPaint(QObject):
    """Calls `then` once, in the event-loop turn after `widget` is next painted."""

    def __init__(self, widget: QWidget, then: Callable[[], None]) -> None:
        super().__init__(widget)
        self.then = then
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            QTimer.singleShot(0, self.then)
        return False


class MainWindow(QMainWindow):
    """Side navigation and one page per task; remembers its geometry and last page.

    Built in two steps so the window shows at once: the frame and navigation first, then
    `attach(ws)` opens the pages on the database (at once when `ws` is given). Between the two,
    `show_early(catalog, area)` may put up the 检查清单 page from the shipped catalog alone.
    """

    def __init__(self, ws: Workspace | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(WINDOW_TITLE)
        self.setWindowIcon(app_icon())
        self._built: dict[int, QWidget] = {}
        self.ctx: AppContext | None = None
        self._early: AppContext | None = None  # the context of a page shown before the database
        self.db_key: str | None = None  # which database the start-up hint is for (see run)
        self._paged = False  # the stack holds the pages (placeholders until built)

        self.nav = QListWidget()
        self.nav.setObjectName("navigation")
        self.nav.setFrameShape(QListWidget.Shape.NoFrame)
        self.nav.setIconSize(QSize(20, 20))
        self.nav.setSpacing(2)
        font = self.nav.font()
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.nav.setFont(font)
        self.stack = QStackedWidget()
        for number, title in enumerate(PAGE_TITLES, start=1):
            item = QListWidgetItem(title)
            item.setToolTip(f"Ctrl+{number}")
            item.setSizeHint(QSize(0, self.nav.fontMetrics().height() + 22))
            self.nav.addItem(item)
        self.nav.setFixedWidth(self.nav.fontMetrics().horizontalAdvance("被检查单位") + 56)
        self.nav.setStyleSheet(
            "QListWidget#navigation { background: #263238; color: #eceff1; padding-top: 8px; }"
            "QListWidget#navigation::item { padding-left: 14px; }"
            "QListWidget#navigation::item:selected { background: #1565c0; color: white; }"
        )
        self.loading = QLabel("正在打开数据库…")
        self.loading.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.stack.addWidget(self.loading)

        central = QWidget()
        lay = QHBoxLayout(central)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(0)
        lay.addWidget(self.nav)
        lay.addWidget(self.stack, 1)
        self.setCentralWidget(central)
        geometry = settings().value("window/geometry")
        if geometry is None or not self.restoreGeometry(geometry):
            self._first_size()
        self.fit_to_screen()
        if ws is not None:
            self.attach(ws)

    def _available(self) -> QRect:
        screen = self.screen() or QGuiApplication.primaryScreen()
        return screen.availableGeometry()

    def _first_size(self) -> None:
        """First start: 1360×860 on a large screen; a laptop screen gets the whole of it (maximised)."""
        avail = self._available()
        if avail.width() < PREFERRED.width() + 80 or avail.height() < PREFERRED.height() + 80:
            self.resize(avail.size())
            self.move(avail.topLeft())
            self.setWindowState(self.windowState() | Qt.WindowState.WindowMaximized)
        else:
            self.resize(PREFERRED)

    def fit_to_screen(self) -> None:
        """Keep the whole window on the available screen (a geometry saved on a larger monitor)."""
        if self.isMaximized() or self.isFullScreen():
            return
        avail = self._available()
        frame = self.frameGeometry()
        extra = QSize(frame.width() - self.width(), frame.height() - self.height())
        size = self.size().boundedTo(avail.size() - extra)
        if size != self.size():
            self.resize(size)
        x = min(max(self.x(), avail.left()), avail.right() - size.width() - extra.width() + 1)
        y = min(max(self.y(), avail.top()), avail.bottom() - size.height() - extra.height() + 1)
        if (x, y) != (self.x(), self.y()):
            self.move(x, y)

    def _placeholders(self) -> None:
        """The loading label gives way to one empty widget per page (each built when shown)."""
        if self._paged:
            return
        self._paged = True
        self.stack.removeWidget(self.loading)
        self.loading.deleteLater()
        for _title in PAGE_TITLES:
            self.stack.addWidget(QWidget())

    def prepare_early(self) -> None:
        """Menus in place but disabled and the status bar shown, so that nothing moves when the
        early page and then `attach` fill the window."""
        for title in MENU_TITLES:
            self.menuBar().addMenu(title).menuAction().setEnabled(False)
        self.statusBar().showMessage("正在打开数据库…")

    def show_early(self, catalog: Catalog, area: str | None) -> None:
        """The 检查清单 page from the shipped catalog, before the database opens (no edits yet).

        `area`: the jurisdiction the page was last built for in this database."""
        from app.ui.context import AppContext

        self._early = AppContext.early(catalog, area, self)
        self._placeholders()
        self.nav.setCurrentRow(CHECKLIST)  # not yet connected to show_page
        self.stack.setCurrentWidget(self.page(CHECKLIST))

    def attach(self, ws: Workspace) -> None:
        """Open the workspace: placeholders for the pages, built when first shown."""
        from app.ui.context import AppContext

        self.ws = ws
        early, self._early = self._early, None
        self.menuBar().clear()  # the disabled menus of prepare_early, if any
        if early is not None:
            self.ctx = early
            early.open(ws)  # the early page lays the user's items over and allows edits
        else:
            self.ctx = AppContext(ws, self)
        self.ctx.watch()
        self.setWindowTitle(f"{WINDOW_TITLE}（{ws.db.display_url}）")
        self._placeholders()
        self._menus()

        self.status_label = QLabel(f"数据库：{ws.db.display_url}　　用户：{ws.user}")
        self.statusBar().addPermanentWidget(self.status_label)

        self.nav.currentRowChanged.connect(self.show_page)
        self.ctx.openFinding.connect(self._open_finding)
        self.ctx.openUnitFindings.connect(self._unit_findings)
        self.ctx.jurisdictionChanged.connect(self.remember_area)
        self._restore(self.nav.currentRow() if early is not None else None)
        self.remember_area()

    def page(self, index: int) -> QWidget:
        """The page at `index`, built (and put in the stack) on first use."""
        built = self._built.get(index)
        if built is not None:
            return built
        ctx = self.ctx or self._early
        assert ctx is not None, "pages need an open workspace (or the early checklist context)"
        _title, module, cls = PAGES[index]
        widget: QWidget = getattr(importlib.import_module(module), cls)(ctx)
        placeholder = self.stack.widget(index)
        self.stack.insertWidget(index, widget)
        if placeholder is not None:
            self.stack.removeWidget(placeholder)
            placeholder.deleteLater()
        self._built[index] = widget
        return widget

    @property
    def pages(self) -> list[QWidget]:
        """Every page (building those not yet shown); an empty list before the database opens."""
        return [self.page(i) for i in range(len(PAGES))] if self.ctx is not None else []

    @property
    def checklist_page(self) -> ChecklistPage:
        return cast("ChecklistPage", self.page(CHECKLIST))

    @property
    def inspection_page(self) -> InspectionPage:
        return cast("InspectionPage", self.page(INSPECTIONS))

    @property
    def ledger_page(self) -> LedgerPage:
        return cast("LedgerPage", self.page(LEDGER))

    @property
    def units_page(self) -> UnitsPage:
        return cast("UnitsPage", self.page(UNITS))

    @property
    def stats_page(self) -> StatsPage:
        return cast("StatsPage", self.page(STATS))

    def _menus(self) -> None:
        from app.ui.backup_actions import BackupActions

        assert self.ctx is not None, "menus need an open workspace"
        file_menu = self.menuBar().addMenu("文件(&F)")
        self.backups = BackupActions(self, self.ctx, file_menu)
        notice_action = QAction("导入通知，生成检查项目(&N)…", self)
        notice_action.triggered.connect(self.import_notice)
        file_menu.addAction(notice_action)
        register_action = QAction("导出文书台账(&D)…", self)
        register_action.triggered.connect(self.export_register)
        file_menu.addAction(register_action)
        file_menu.addSeparator()
        quit_action = QAction("退出(&X)", self)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)
        settings_menu = self.menuBar().addMenu("设置(&S)")
        area_action = QAction("本人辖区(&J)…", self)
        area_action.triggered.connect(self.choose_jurisdiction)
        settings_menu.addAction(area_action)
        office_action = QAction("执法机关、文书编号、执法人员(&O)…", self)
        office_action.setShortcut(QKeySequence("Ctrl+,"))
        office_action.triggered.connect(lambda: self.open_settings())
        settings_menu.addAction(office_action)
        go_menu = self.menuBar().addMenu("转到(&G)")
        for number, title in enumerate(PAGE_TITLES, start=1):
            act = QAction(title, self)
            act.setShortcut(QKeySequence(f"Ctrl+{number}"))
            act.triggered.connect(lambda _c=False, n=number - 1: self.show_page(n))
            go_menu.addAction(act)
        go_menu.addSeparator()
        remind = QAction("到期提醒(&R)…", self)
        remind.setShortcut(QKeySequence("Ctrl+R"))
        remind.triggered.connect(lambda: self.show_reminders())
        go_menu.addAction(remind)
        help_menu = self.menuBar().addMenu("帮助(&H)")
        about = QAction("关于安查(&A)", self)
        about.triggered.connect(self._about)
        help_menu.addAction(about)
        guide = QAction("开始使用(&S)…", self)
        guide.triggered.connect(lambda: self.show_guide())
        help_menu.addAction(guide)

    def export_register(self) -> None:
        """文书台账: every numbered document (number, kind, unit, date, who) to Excel."""
        from app.services.doc_numbers import export_register
        from app.ui.exports import save_file

        if self.ctx is None:
            return
        ws = self.ctx.ws
        save_file(
            self,
            self.ctx,
            "导出文书台账",
            f"文书台账-{dt.date.today():%Y%m%d}.xlsx",
            "Excel 文件 (*.xlsx)",
            lambda path, _progress: export_register(ws, path),
        )

    def open_settings(self, tab: int = 0) -> None:
        from app.ui.settings_dialog import SettingsDialog

        if self.ctx is None:
            return
        self.settings_dialog = SettingsDialog(self.ctx, self, tab)
        self.settings_dialog.exec()

    def show_guide(self, first_start: bool = False) -> None:
        """开始使用: settings, jurisdiction, inspectors, then 登记单位 and 新建检查.

        On start only while no inspector is registered and the guide was not closed before."""
        from app.services import settings as office
        from app.ui.settings_dialog import AREA_TAB, INSPECTORS_TAB, OFFICE_TAB, FirstStartGuide

        if self.ctx is None:
            return
        if first_start and (settings().value("guide/closed") or office.list_inspectors(self.ws)):
            return

        def new_unit() -> None:
            self.show_page(UNITS)
            self.units_page.new_unit()

        def new_inspection() -> None:
            self.show_page(INSPECTIONS)
            self.inspection_page.new_inspection()

        self.guide = FirstStartGuide(
            [
                lambda: self.open_settings(OFFICE_TAB),
                lambda: self.open_settings(AREA_TAB),
                lambda: self.open_settings(INSPECTORS_TAB),
                new_unit,
                new_inspection,
            ],
            self,
        )
        self.guide.finished.connect(lambda _r: settings().setValue("guide/closed", True))
        self.guide.show()

    def choose_jurisdiction(self, first_start: bool = False) -> None:
        """Ask for 本人辖区 (on first start only when none is chosen yet)."""
        from app.ui.area_picker import JurisdictionDialog, ensure_jurisdiction

        if self.ctx is None:  # no workspace open yet
            return
        if first_start:
            if ensure_jurisdiction(self.ws, self):
                self.ctx.jurisdictionChanged.emit()
        elif JurisdictionDialog(self.ws, parent=self).exec():
            self.ctx.jurisdictionChanged.emit()

    def import_notice(self) -> None:
        from app.ui.notice_dialog import NoticeImportDialog

        if self.ctx is None:
            return
        dlg = NoticeImportDialog(self.ctx, self)
        dlg.exec()
        if CHECKLIST in self._built:
            self.checklist_page.activate()

    def _about(self) -> None:
        QMessageBox.about(
            self,
            "关于安查",
            f"<b>安查 AnCha</b> {__version__}<br>安全生产检查清单、隐患台账与双报告。<br><br>"
            f"数据库：{self.ws.db.display_url}<br>照片文件夹：{self.ws.files_dir}",
        )

    def show_page(self, index: int) -> None:
        if self.ctx is None or not 0 <= index < len(PAGES):
            return
        if self.nav.currentRow() != index:
            self.nav.setCurrentRow(index)  # comes back here through currentRowChanged
            return
        page = self.page(index)
        self.stack.setCurrentIndex(index)
        self.statusBar().clearMessage()
        try:
            page.activate()  # type: ignore[attr-defined]
        except AnchaError as exc:
            self.statusBar().showMessage(error_text(exc), 10000)
        focus = getattr(page, "focus_main", None)
        if focus is not None:  # the keyboard starts in the page, not in the navigation list
            focus()

    def current_page(self) -> QWidget:
        return self.page(self.stack.currentIndex())

    def _open_finding(self, finding_id: uuid.UUID) -> None:
        built = LEDGER in self._built
        self.show_page(LEDGER)
        if not built:  # built just now: it missed the signal that asked for it
            self.ledger_page.show_finding(finding_id)

    def show_reminders(self, at_start: bool = False) -> None:
        """到期提醒; on start only when there is something to do."""
        from app.ui.reminders_dialog import RemindersDialog

        if self.ctx is None:
            return
        dlg = RemindersDialog(self.ctx, self)
        if at_start and not dlg.items:
            dlg.deleteLater()
            return
        dlg.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.reminders_dialog = dlg
        dlg.show()

    def _unit_findings(self, unit_id: uuid.UUID) -> None:
        self.show_page(LEDGER)
        self.ledger_page.filter_unit(unit_id)

    # --- settings ------------------------------------------------------------------------

    def _restore(self, page: int | None = None) -> None:
        """The remembered toolbar state and page (or `page`: one chosen while the database opened)."""
        s = settings()
        state = s.value("window/state")
        if state is not None:
            self.restoreState(state)
        if page is None:
            page = get_int(s, "window/page", 0)
        self.show_page(page if 0 <= page < len(PAGES) else 0)

    def remember_area(self) -> None:
        """Note which jurisdiction the first page is built for in this database: the next start
        shows the page with it before the database opens (and corrects it if it changed)."""
        if self.ctx is None or self.db_key is None:
            return
        s = settings()
        s.setValue("startup/db", self.db_key)
        s.setValue("startup/area", self.ctx.area_code() or "")

    def save_settings(self) -> None:
        s = settings()
        s.setValue("window/geometry", self.saveGeometry())
        s.setValue("window/state", self.saveState())
        s.setValue("window/page", self.stack.currentIndex())
        if LEDGER in self._built:
            self.ledger_page.save_state()
        s.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.ctx is None:  # closed before the database opened
            super().closeEvent(event)
            return
        # a field being edited is saved by its focus-out before the window goes
        focus = QApplication.focusWidget()
        if focus is not None:
            focus.clearFocus()
        self.ctx.runner.wait(30000)
        if (backups := getattr(self, "backups", None)) is not None:
            backups.stop()  # the automatic backup's photo copying
        QApplication.processEvents()
        self.ctx.stop_watching()
        self.save_settings()
        super().closeEvent(event)


def ask_password(parent: QWidget, why: str) -> str | None:
    """The database password, typed into a masked field (None when cancelled)."""
    from PySide6.QtWidgets import QInputDialog, QLineEdit

    text, ok = QInputDialog.getText(
        parent, "数据库密码", f"{why}\n\n请输入数据库密码：", QLineEdit.EchoMode.Password
    )
    return text if ok and text else None


def _startup_error(message: str) -> None:
    box = QMessageBox(QMessageBox.Icon.Critical, "安查无法启动", message)
    box.setWindowIcon(app_icon())
    box.exec()


def install_error_reporting() -> None:
    """Log to the data folder; uncaught errors are logged and shown as a clear Chinese dialog.

    Qt's own warnings go to the log too (a windowed build has no console to print them on).
    """
    from PySide6.QtCore import QMessageLogContext, QtMsgType, qInstallMessageHandler

    from app.logs import install_excepthook, log, setup_logging

    setup_logging()
    log.info("安查 %s started", __version__)

    def show(message: str) -> None:
        advice = "程序可以继续使用；如问题反复出现，请把日志文件交给维护人员。"
        QMessageBox.critical(QApplication.activeWindow(), "安查出错", f"{message}\n\n{advice}")

    install_excepthook(show)
    levels = {
        QtMsgType.QtWarningMsg: logging.WARNING,
        QtMsgType.QtCriticalMsg: logging.ERROR,
        QtMsgType.QtFatalMsg: logging.CRITICAL,
    }
    qt_log = log.getChild("qt")

    def qt_message(kind: QtMsgType, context: QMessageLogContext, text: str) -> None:
        level = levels.get(kind)
        if level is not None:
            where = f" ({context.file}:{context.line})" if context.file else ""
            qt_log.log(level, "%s%s", text, where)

    qInstallMessageHandler(qt_message)


def database_key(db_url: str | None) -> str:
    """A short hash of the database address (settings never hold the address itself)."""
    from app.paths import default_db_url

    return hashlib.sha256((db_url or default_db_url()).encode("utf-8")).hexdigest()[:16]


def early_area(db_key: str) -> tuple[str | None] | None:
    """Whether the 检查清单 page can show before the database opens: it will be the first page
    and this database was opened before (not on a first start, nor when another page was left
    open). Then (the jurisdiction the page was last built for in this database,)."""
    s = settings()
    if get_int(s, "window/page", CHECKLIST) != CHECKLIST or s.value("startup/db") != db_key:
        return None
    area = s.value("startup/area")
    return (area if isinstance(area, str) and area else None,)


def run(db_url: str | None = None) -> int:
    """Show the window at once, then open the database and the pages; returns the exit code.

    When the 检查清单 page comes first and the catalog's cache is current, the window shows it
    with the shipped catalog before the database layer is even imported; the database is opened
    in the event-loop turn after that first paint and the user's items are laid over.

    Benchmark marks (ANCHA_BENCH_EXIT, read by bench/run.py), each printed with time.time() in
    the event-loop turn after the event named: SHOWN, the window's first paint; READY, the first
    paint of the first page showing catalog data (the checklist tree with the shipped items, or
    without the early page, the first page painted after the database opened); OPENED, the
    window's first paint after the database opened and was laid over the page (attach() done:
    user items shown, edits allowed).
    """
    if QApplication.instance() is None:
        configure_before_app()
    app = QApplication.instance() or QApplication(sys.argv)
    assert isinstance(app, QApplication)
    install_chinese(app)
    app.setApplicationName("安查")
    app.setOrganizationName("AnCha")
    app.setApplicationVersion(__version__)
    app.setWindowIcon(app_icon())
    install_error_reporting()
    bench = bool(os.environ.get("ANCHA_BENCH_EXIT"))

    def mark(name: str) -> Callable[[], None]:
        return lambda: print(name, time.time(), flush=True)

    key = database_key(db_url)
    window = MainWindow()
    window.db_key = key
    hint = early_area(key)
    if hint is not None:
        window.prepare_early()
    shipped: list[Catalog] = []  # the catalog the early page showed, for the workspace
    started = False
    opened: list[Workspace] = []

    def show_early() -> bool:
        """The checklist page from the catalog's cache (False: no current cache, or too late)."""
        from app.services import catalog_cache

        if hint is None or started:
            return False
        cat = catalog_cache.cached()
        if cat is None:  # a new or changed catalog: it is parsed when the database opens
            return False
        shipped.append(cat)
        window.show_early(cat, hint[0])
        tree = window.checklist_page.tree

        def shown() -> None:
            if bench and tree.topLevelItemCount() > 0:  # the catalog's items are on screen
                mark("READY")()
            open_workspace()

        FirstPaint(tree.viewport(), shown)
        return True

    def window_painted() -> None:
        if bench:
            mark("SHOWN")()
        if not show_early():
            open_workspace()

    def open_workspace() -> None:
        nonlocal started
        if started:  # called by the first paint and by the timer behind it
            return
        started = True
        from app.services.workspace import Workspace
        from app.storage.db import DatabaseUnavailable, PasswordNeeded, with_password

        url = db_url
        try:
            ws = None
            for _attempt in range(3):
                try:
                    ws = Workspace(url, shipped=shipped[0] if shipped else None)
                    break
                except DatabaseUnavailable as exc:
                    if not url or not isinstance(exc, PasswordNeeded) or not url.startswith("postgres"):
                        raise
                    password = ask_password(window, str(exc))
                    if password is None:
                        raise
                    url = with_password(url, password)  # in memory only, never shown
            if ws is None:
                raise DatabaseUnavailable("数据库用户名或密码不正确，已尝试三次")
            ws.catalog  # noqa: B018  # load (and validate) the checklist catalog now, not mid-task
        except AnchaError as exc:
            window.hide()
            _startup_error(error_text(exc))
            app.exit(1)
            return
        opened.append(ws)
        window.attach(ws)
        from app.storage.db import STARTUP_MESSAGES

        while STARTUP_MESSAGES:  # e.g. an interrupted restore was finished
            QMessageBox.information(window, "安查", STARTUP_MESSAGES.pop(0))
        if bench and os.environ.get("ANCHA_BENCH_PAGE"):  # measure another page (e.g. 2, the ledger)
            window.show_page(int(os.environ["ANCHA_BENCH_PAGE"]))
        if bench:  # the database laid over the page, painted: the last mark, so quit

            def last() -> None:
                if not shipped:  # no early page: its data came with the database
                    mark("READY")()
                mark("OPENED")()
                app.quit()

            FirstPaint(window, last)
            window.update()
        else:
            window.choose_jurisdiction(first_start=True)
            window.backups.auto_backup()
            window.show_guide(first_start=True)  # a new install: the order to set things up
            window.show_reminders(at_start=True)  # the daily list, when there is something to do

    FirstPaint(window, window_painted)
    # should the window not be painted (started minimised), open anyway; a restore paints and
    # opens sooner. Long enough that a busy machine's late first paint still comes first.
    QTimer.singleShot(10_000, open_workspace)
    window.show()
    try:
        return int(app.exec())
    finally:
        for ws in opened:
            ws.close()


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(run())
