"""What every screen shares: the workspace, the background worker, change notifications."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal

from app.ui.worker import TaskRunner

if TYPE_CHECKING:
    from app.core.catalog import Catalog
    from app.core.jurisdiction import Areas, Place
    from app.services.workspace import Workspace
    from app.storage.watch import ChangeWatcher


class AppContext(QObject):
    """Screens tell each other about changes through these signals, never by reaching in.

    At start-up the context may come before the database: `AppContext.early(catalog, area)`
    holds the shipped catalog (from its cache) and the jurisdiction the first page was last built
    for, so the 检查清单 page shows before SQLAlchemy is even imported. `open(ws)` then gives it the
    workspace and emits `workspaceOpened`; until then `ready` is False and pages allow no edits.
    """

    unitsChanged = Signal()
    templatesChanged = Signal()
    inspectionsChanged = Signal()
    findingsChanged = Signal()
    openFinding = Signal(object)  # finding id: show it in 隐患台账
    openUnitFindings = Signal(object)  # unit id: 隐患台账 filtered to that unit
    jurisdictionChanged = Signal()  # 本人辖区 chosen: citations change
    othersChanged = Signal(object)  # list[Change]: findings other users (or windows) committed
    workspaceOpened = Signal()  # an early context got its workspace: the database answers

    POLL_MS = 1500

    def __init__(self, ws: Workspace | None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._ws = ws
        self._early_catalog: Catalog | None = None
        self._early_area: str | None = None
        self.runner = TaskRunner(self)
        self.watcher: ChangeWatcher | None = None
        self._poll = QTimer(self)
        self._poll.setInterval(self.POLL_MS)
        self._poll.timeout.connect(self.check_changes)

    @classmethod
    def early(cls, catalog: Catalog, area: str | None, parent: QObject | None = None) -> AppContext:
        """A context before the database opens: the shipped catalog and the last jurisdiction."""
        ctx = cls(None, parent)
        ctx._early_catalog, ctx._early_area = catalog, area
        return ctx

    @property
    def ready(self) -> bool:
        """Whether the workspace is open (the database answers)."""
        return self._ws is not None

    @property
    def ws(self) -> Workspace:
        if self._ws is None:
            raise RuntimeError("the database is not open yet")
        return self._ws

    def open(self, ws: Workspace) -> None:
        """Give an early context its workspace; the pages then lay the user's data over."""
        self._ws = ws
        self._early_catalog = None
        self.workspaceOpened.emit()

    @property
    def catalog(self) -> Catalog:
        """The workspace's catalog (with the user's items), or the shipped one before it opens."""
        if self._ws is not None:
            return self._ws.catalog
        assert self._early_catalog is not None, "a context needs a workspace or an early catalog"
        return self._early_catalog

    def area_code(self) -> str | None:
        """本人辖区 (行政区划代码), or None when not chosen; before the database opens, the one
        the first page was last built for."""
        if self._ws is None:
            return self._early_area
        from app.services import jurisdiction

        return jurisdiction.get_code(self._ws)

    def place(self) -> Place:
        """Citations are chosen for 本人辖区 as of today."""
        from app.core.jurisdiction import Place

        return Place(self.area_code(), dt.date.today())

    def areas(self) -> Areas:
        """The administrative areas of the catalog (areas.yaml when it carries none)."""
        if self._ws is not None:
            from app.services import jurisdiction

            return jurisdiction.areas(self._ws)
        from app.services.checklists import rules

        return rules(self.catalog).areas

    def watch(self) -> None:
        """Start the cheap change check (LISTEN on PostgreSQL, data_version on SQLite)."""
        from app.storage.watch import ChangeWatcher

        try:
            self.watcher = ChangeWatcher(self.ws.db)
        except Exception:
            self.watcher = None
            return
        self._poll.start()

    def check_changes(self) -> None:
        if self.watcher is None:
            return
        try:
            changes = self.watcher.poll()
        except Exception:
            self.stop_watching()
            return
        if changes:
            self.findingsChanged.emit()
            self.othersChanged.emit(changes)

    def stop_watching(self) -> None:
        self._poll.stop()
        if self.watcher is not None:
            self.watcher.close()
            self.watcher = None

    def sector_name(self, sector_id: str | None) -> str:
        if not sector_id:
            return ""
        sector = self.catalog.sectors.get(sector_id)
        return sector.name if sector else sector_id

    def site_type_name(self, site_type_id: str | None) -> str:
        if not site_type_id:
            return ""
        st = self.catalog.site_types.get(site_type_id)
        return st.name if st else site_type_id
