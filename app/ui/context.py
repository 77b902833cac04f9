"""What every screen shares: the workspace, the background worker, change notifications."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal

from app.ui.worker import TaskRunner

if TYPE_CHECKING:
    from app.services.workspace import Workspace
    from app.storage.watch import ChangeWatcher


class AppContext(QObject):
    """Screens tell each other about changes through these signals, never by reaching in."""

    unitsChanged = Signal()
    templatesChanged = Signal()
    inspectionsChanged = Signal()
    findingsChanged = Signal()
    openFinding = Signal(object)  # finding id: show it in 隐患台账
    openUnitFindings = Signal(object)  # unit id: 隐患台账 filtered to that unit
    jurisdictionChanged = Signal()  # 本人辖区 chosen: citations change
    othersChanged = Signal(object)  # list[Change]: findings other users (or windows) committed

    POLL_MS = 1500

    def __init__(self, ws: Workspace, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.ws = ws
        self.runner = TaskRunner(self)
        self.watcher: ChangeWatcher | None = None
        self._poll = QTimer(self)
        self._poll.setInterval(self.POLL_MS)
        self._poll.timeout.connect(self.check_changes)

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
        sector = self.ws.catalog.sectors.get(sector_id)
        return sector.name if sector else sector_id

    def site_type_name(self, site_type_id: str | None) -> str:
        if not site_type_id:
            return ""
        st = self.ws.catalog.site_types.get(site_type_id)
        return st.name if st else site_type_id
