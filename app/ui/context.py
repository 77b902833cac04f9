"""What every screen shares: the workspace, the background worker, change notifications."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from app.ui.worker import TaskRunner

if TYPE_CHECKING:
    from app.services.workspace import Workspace


class AppContext(QObject):
    """Screens tell each other about changes through these signals, never by reaching in."""

    unitsChanged = Signal()
    templatesChanged = Signal()
    inspectionsChanged = Signal()
    findingsChanged = Signal()
    openFinding = Signal(object)  # finding id: show it in 隐患台账
    openUnitFindings = Signal(object)  # unit id: 隐患台账 filtered to that unit
    jurisdictionChanged = Signal()  # 本人辖区 chosen: citations change

    def __init__(self, ws: Workspace, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.ws = ws
        self.runner = TaskRunner(self)

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
