"""A searchable pick list of units, backed by list models (no per-item widgets).

The list holds one page of units (the first by name, plus the one chosen); typing searches the
database for the rest, so a pick list over 10,000 units never loads them all.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
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

    def add(self, unit: UnitChoice) -> int:
        """Put `unit` in its place by name (once); returns its row."""
        row = self.row_of(unit.id)
        if row >= 0:
            return row
        key = (unit.name, str(unit.id))
        i = next((n for n, u in enumerate(self.units) if (u.name, str(u.id)) > key), len(self.units))
        self.beginInsertRows(QModelIndex(), i + self._offset(), i + self._offset())
        self.units.insert(i, unit)
        self.endInsertRows()
        return i + self._offset()

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


# search(text, include) -> units whose name or code contains text (include: one always there)
Search = Callable[[str, uuid.UUID | None], list[UnitChoice]]


class UnitCombo(QComboBox):
    """An editable combo: type part of a name, pick from the matches found in the database."""

    def __init__(self, first: str | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.choices = UnitChoiceModel(first, self)
        self.setModel(self.choices)
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.setMaxVisibleItems(20)
        self._search: Search | None = None
        self.matches = UnitChoiceModel(None, self)  # what the typed text found
        completer = QCompleter(self.matches, self)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        # on the line edit, not the combo: the combo would look the pick up in its own page only
        self.line_edit().setCompleter(completer)
        completer.activated[QModelIndex].connect(self._completed)  # type: ignore[index]
        self.line_edit().textEdited.connect(self._typed)

    def line_edit(self) -> QLineEdit:
        """The text field (always there: the combo is editable)."""
        edit = self.lineEdit()
        assert edit is not None
        return edit

    def set_units(self, units: list[UnitChoice], select: uuid.UUID | None = None) -> None:
        self.blockSignals(True)
        self.choices.set_units(units)
        self.matches.set_units(list(units))
        self.setCurrentIndex(self.choices.row_of(select))
        self.blockSignals(False)

    def set_search(self, search: Search, select: uuid.UUID | None = None) -> None:
        """Offer the first page of `search` (plus `select`); typed text searches further."""
        self._search = search
        self.set_units(search("", select), select)

    def _typed(self, text: str) -> None:
        if self._search is None:
            return
        self.matches.set_units(self._search(text, None))
        completer = self.completer()
        if completer is not None and text.strip():
            completer.setCompletionPrefix(text)
            completer.complete()

    def _completed(self, index: QModelIndex) -> None:
        completer = self.completer()
        if completer is None:
            return
        proxy = completer.completionModel()
        source = proxy.mapToSource(index) if hasattr(proxy, "mapToSource") else index
        unit = self.matches.unit_at(source.row())
        if unit is not None:
            row = self.choices.add(unit)
            self.setCurrentIndex(row)
            self.activated.emit(row)

    def _find(self, text: str) -> UnitChoice | None:
        """The unit whose shown text is or starts with `text`, in the page or by a search."""
        match = self.findText(text, Qt.MatchFlag.MatchStartsWith)
        if match >= 0:
            return self.choices.unit_at(match)
        if self._search is None:
            return None
        found = self._search(text, None)
        for u in found:
            label = f"{u.name}（{u.uscc}）" if u.uscc else u.name
            if label.startswith(text):
                return u
        return None

    def unit_id(self) -> uuid.UUID | None:
        """The unit chosen, also when its name was typed without choosing from the list."""
        text = self.currentText().strip()
        idx = self.currentIndex()
        if idx >= 0 and self.itemText(idx) == text:
            chosen = self.choices.unit_at(idx)
            return chosen.id if chosen else None
        if not text:
            return None
        u = self._find(text)
        if u is not None:
            self.choices.add(u)
        return u.id if u else None

    def select_unit(self, unit_id: uuid.UUID | None) -> bool:
        row = self.choices.row_of(unit_id)
        if row < 0 and unit_id is not None and self._search is not None:
            found = [u for u in self._search("", unit_id) if u.id == unit_id]
            if found:
                row = self.choices.add(found[0])
        if row >= 0:
            self.setCurrentIndex(row)
            return True
        return False
