"""A searchable pick list of units, backed by a list model (no per-item widgets)."""

from __future__ import annotations

import uuid
from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QComboBox, QCompleter, QLineEdit, QWidget

from app.services.units import UnitChoice

AnyIndex = QModelIndex | QPersistentModelIndex


class UnitChoiceModel(QAbstractListModel):
    """Units by name; an optional first entry (e.g. 全部单位) holds None."""

    def __init__(self, first: str | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.first = first
        self.units: list[UnitChoice] = []

    def set_units(self, units: list[UnitChoice]) -> None:
        self.beginResetModel()
        self.units = units
        self.endResetModel()

    def _offset(self) -> int:
        return 1 if self.first is not None else 0

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.units) + self._offset()

    def unit_at(self, row: int) -> UnitChoice | None:
        i = row - self._offset()
        return self.units[i] if 0 <= i < len(self.units) else None

    def row_of(self, unit_id: uuid.UUID | None) -> int:
        if unit_id is None:
            return 0 if self.first is not None else -1
        for i, u in enumerate(self.units):
            if u.id == unit_id:
                return i + self._offset()
        return -1

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        u = self.unit_at(index.row())
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            if u is None:
                return self.first
            return f"{u.name}（{u.uscc}）" if u.uscc else u.name
        if role == Qt.ItemDataRole.ToolTipRole and u is not None:
            return u.address or u.name
        if role == Qt.ItemDataRole.UserRole:
            return u.id if u is not None else None
        return None


class UnitCombo(QComboBox):
    """An editable combo: type part of a name, pick from the matches."""

    def __init__(self, first: str | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.choices = UnitChoiceModel(first, self)
        self.setModel(self.choices)
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.setMaxVisibleItems(20)
        completer = QCompleter(self.choices, self)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.setCompleter(completer)

    def line_edit(self) -> QLineEdit:
        """The text field (always there: the combo is editable)."""
        edit = self.lineEdit()
        assert edit is not None
        return edit

    def set_units(self, units: list[UnitChoice], select: uuid.UUID | None = None) -> None:
        self.blockSignals(True)
        self.choices.set_units(units)
        self.setCurrentIndex(self.choices.row_of(select))
        self.blockSignals(False)

    def unit_id(self) -> uuid.UUID | None:
        """The unit chosen, also when its name was typed without choosing from the list."""
        text = self.currentText().strip()
        idx = self.currentIndex()
        if idx >= 0 and self.itemText(idx) == text:
            chosen = self.choices.unit_at(idx)
            return chosen.id if chosen else None
        if not text:
            return None
        match = self.findText(text, Qt.MatchFlag.MatchStartsWith)
        u = self.choices.unit_at(match) if match >= 0 else None
        return u.id if u else None

    def select_unit(self, unit_id: uuid.UUID | None) -> bool:
        row = self.choices.row_of(unit_id)
        if row >= 0:
            self.setCurrentIndex(row)
            return True
        return False
