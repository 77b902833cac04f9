"""Column widths that follow the view: side columns give way so the text column stays readable."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QTreeView


class ShareColumns(QObject):
    """On every resize of `view`, size the listed side columns as shares of its width.

    Each share is (column, fraction, minimum, maximum) in pixels; the stretch column takes
    the rest. On a narrow (150 % scaled) laptop screen fixed side widths would squeeze the
    item text to a sliver; here the sides shrink first, down to their minimum.
    """

    def __init__(self, view: QTreeView, shares: list[tuple[int, float, int, int]]) -> None:
        super().__init__(view)
        self.view = view
        self.shares = shares
        view.viewport().installEventFilter(self)

    def apply(self) -> None:
        width = self.view.viewport().width()
        for column, fraction, low, high in self.shares:
            self.view.setColumnWidth(column, max(low, min(high, int(width * fraction))))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize:
            self.apply()
        return False
