"""Small widgets shared by the screens: message line, debounced search, text editor, optional date,
combo helpers, a wrapping delegate."""

from __future__ import annotations

import datetime as dt
from typing import cast

from PySide6.QtCore import (
    QDate,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRect,
    QSize,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QFocusEvent, QKeyEvent
from PySide6.QtWidgets import (
    QCalendarWidget,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLayout,
    QLayoutItem,
    QLineEdit,
    QPlainTextEdit,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QToolButton,
    QTreeView,
    QWidget,
)

from app.core.errors import ValidationError
from app.core.inputs import DATE_HINT, parse_date
from app.ui.dates import fmt_date, from_qdate, to_qdate
from app.ui.style import GREEN, RED


class MessageLabel(QLabel):
    """A line under a field or panel: red for errors, green for confirmations; hidden when empty."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.hide()

    def show_error(self, text: str) -> None:
        self._show(text, RED)

    def show_ok(self, text: str) -> None:
        self._show(text, GREEN)

    def _show(self, text: str, color: str) -> None:
        self.setStyleSheet(f"color: {color};")
        self.setText(text)
        self.setVisible(bool(text))

    def clear_message(self) -> None:
        self.setText("")
        self.hide()

    @property
    def is_error(self) -> bool:
        return self.isVisible() and RED in self.styleSheet()


class SearchLine(QLineEdit):
    """A search field that reports its text after the user pauses typing."""

    searchChanged = Signal(str)

    def __init__(self, placeholder: str, delay_ms: int = 300, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setPlaceholderText(placeholder)
        self.setClearButtonEnabled(True)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(delay_ms)
        self._timer.timeout.connect(lambda: self.searchChanged.emit(self.text()))
        self.textChanged.connect(lambda _t: self._timer.start())
        self.returnPressed.connect(self.flush)

    def flush(self) -> None:
        """Report now (Enter, tests)."""
        self._timer.stop()
        self.searchChanged.emit(self.text())

    def clear_quietly(self) -> None:
        """Empty the field without reporting (the caller refreshes anyway)."""
        self.blockSignals(True)
        self.clear()
        self.blockSignals(False)
        self._timer.stop()


class TextEditor(QPlainTextEdit):
    """A multi-line field that reports `editingFinished` when it loses focus, like QLineEdit."""

    editingFinished = Signal()

    def __init__(self, parent: QWidget | None = None, lines: int = 3) -> None:
        super().__init__(parent)
        self.setTabChangesFocus(True)
        height = self.fontMetrics().lineSpacing() * lines + 14
        self.setFixedHeight(height)

    def focusOutEvent(self, e: QFocusEvent) -> None:
        super().focusOutEvent(e)
        self.editingFinished.emit()

    def text(self) -> str:
        return self.toPlainText()

    def setText(self, text: str) -> None:
        self.setPlainText(text)


class _CalendarPopup(QCalendarWidget):
    """The calendar of an OptionalDateEdit: a click or Enter picks a day, Esc closes and picks nothing."""

    picked = Signal(object)

    def __init__(self, owner: QWidget) -> None:
        super().__init__(owner)
        self.setWindowFlags(Qt.WindowType.Popup)
        self.setGridVisible(True)
        self.setVerticalHeaderFormat(QCalendarWidget.VerticalHeaderFormat.NoVerticalHeader)
        self.clicked.connect(self._pick)
        self.activated.connect(self._pick)

    def _pick(self, day: QDate) -> None:
        self.hide()
        self.picked.emit(from_qdate(day))

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.hide()
            event.accept()
            return
        super().keyPressEvent(event)


class OptionalDateEdit(QWidget):
    """A date that may be empty: a text field (empty shows empty), a calendar button and 清除.

    Typed dates are read when the user leaves the field or presses Enter, in the forms people
    type (app.core.inputs.parse_date). `committed(value)` fires with a `datetime.date` or None
    only for a value the user picked or typed, and only when it differs from the shown value.
    Text that is not a date is refused: the field goes back to the last value and `refused(text)`
    carries the reason. The mouse wheel never changes a date (a text field has no wheel steps).
    """

    committed = Signal(object)
    refused = Signal(str)

    def __init__(self, parent: QWidget | None = None, empty_text: str = "未填写") -> None:
        super().__init__(parent)
        self.edit = QLineEdit(self)
        self.edit.setPlaceholderText(empty_text)
        self.edit.setToolTip(f"输入日期（{DATE_HINT}），或点“日历”选择；Alt+↓ 打开日历")
        self.edit.setMaxLength(20)
        self.edit.setMinimumWidth(self.edit.fontMetrics().horizontalAdvance("2025-12-31") + 24)
        self.calendar_button = QToolButton(self)
        self.calendar_button.setText("日历")
        self.calendar_button.setToolTip("打开日历选择日期（Alt+↓）；Esc 关闭，不改日期")
        self.calendar_button.setAutoRaise(True)
        self.clear_button = QToolButton(self)
        self.clear_button.setText("清除")
        self.clear_button.setToolTip("清除日期")
        self.clear_button.setAutoRaise(True)
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(2)
        lay.addWidget(self.edit, 1)
        lay.addWidget(self.calendar_button)
        lay.addWidget(self.clear_button)
        self._last: dt.date | None = None
        self._read_only = False
        self._calendar: _CalendarPopup | None = None  # built when first opened
        self.edit.editingFinished.connect(self._typed)
        self.edit.installEventFilter(self)
        self.calendar_button.clicked.connect(self.open_calendar)
        self.clear_button.clicked.connect(self._clear)
        self.setFocusProxy(self.edit)

    def value(self) -> dt.date | None:
        """The shown value: typed text if it is a date, else the last value."""
        try:
            return parse_date(self.edit.text())
        except ValidationError:
            return self._last

    def set_value(self, day: dt.date | None) -> None:
        """Show a stored value (no `committed` signal)."""
        self._last = day
        self.edit.blockSignals(True)
        self.edit.setText(fmt_date(day))
        self.edit.blockSignals(False)

    def revert(self) -> None:
        """Show the last stored value again (after a refused save)."""
        self.set_value(self._last)

    def setReadOnly(self, ro: bool) -> None:
        self._read_only = ro
        self.edit.setReadOnly(ro)
        self.calendar_button.setVisible(not ro)
        self.clear_button.setVisible(not ro)

    @property
    def calendar(self) -> _CalendarPopup:
        if self._calendar is None:
            self._calendar = _CalendarPopup(self)
            self._calendar.picked.connect(self._picked)
        return self._calendar

    def open_calendar(self) -> None:
        if self._read_only:
            return
        self.calendar.setSelectedDate(to_qdate(self.value() or dt.date.today()))
        below = self.edit.mapToGlobal(self.edit.rect().bottomLeft())
        self.calendar.adjustSize()
        self.calendar.move(below)
        self.calendar.show()
        self.calendar.setFocus()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.edit and event.type() == QEvent.Type.KeyPress:
            key = cast(QKeyEvent, event)
            down = key.key() == Qt.Key.Key_Down and key.modifiers() & Qt.KeyboardModifier.AltModifier
            if down or key.key() == Qt.Key.Key_F4:
                self.open_calendar()
                return True
        return False

    def _picked(self, day: dt.date) -> None:
        self.edit.setText(fmt_date(day))
        self.edit.setFocus()
        self._emit(day)

    def _typed(self) -> None:
        try:
            day = parse_date(self.edit.text())
        except ValidationError as exc:
            self.revert()
            self.refused.emit(exc.detail)
            return
        self.edit.blockSignals(True)
        self.edit.setText(fmt_date(day))
        self.edit.blockSignals(False)
        self._emit(day)

    def _clear(self) -> None:
        self.edit.clear()
        self._emit(None)

    def _emit(self, value: dt.date | None) -> None:
        if value != self._last:
            self._last = value
            self.committed.emit(value)

    def revert_marker(self, value: dt.date | None) -> None:
        """Forget the last committed value (after a failed save) so the same value retries."""
        self._last = value


def set_invalid(widget: QWidget, invalid: bool) -> None:
    """Mark a field whose value could not be saved (kept as typed) with a red frame."""
    widget.setProperty("invalid", invalid)
    widget.setStyleSheet("border: 1px solid #c62828;" if invalid else "")


def combo_select_data(combo: QComboBox, data: object) -> bool:
    """Select the entry holding `data`; False when there is none.

    Compared in Python: QComboBox.findData does not match equal Python objects such as UUIDs.
    """
    idx = combo_index(combo, data)
    if idx >= 0:
        combo.setCurrentIndex(idx)
        return True
    return False


def combo_index(combo: QComboBox, data: object) -> int:
    return next((i for i in range(combo.count()) if combo.itemData(i) == data), -1)


class WrapDelegate(QStyledItemDelegate):
    """Word-wrapped cells whose row height follows the column width (Qt's default keeps one line)."""

    def __init__(self, view: QTreeView) -> None:
        super().__init__(view)
        self.view = view
        view.setWordWrap(True)
        self._relayout = QTimer(self)
        self._relayout.setSingleShot(True)
        self._relayout.setInterval(50)
        self._relayout.timeout.connect(view.doItemsLayout)
        view.header().sectionResized.connect(lambda *_a: self._relayout.start())

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:
        base = super().sizeHint(option, index)
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        if not opt.text or self.view.isFirstColumnSpanned(index.row(), index.parent()):
            return base
        width = self.view.columnWidth(index.column()) - 12
        if index.column() == 0:
            depth = 0
            parent = index.parent()
            while parent.isValid():
                depth += 1
                parent = parent.parent()
            width -= self.view.indentation() * (depth + int(self.view.rootIsDecorated()))
            if opt.features & QStyleOptionViewItem.ViewItemFeature.HasCheckIndicator:
                width -= self.view.style().pixelMetric(QStyle.PixelMetric.PM_IndicatorWidth) + 8
        if width < 40:
            return base
        rect = opt.fontMetrics.boundingRect(
            QRect(0, 0, width, 100_000), int(Qt.TextFlag.TextWordWrap), opt.text
        )
        one_line = opt.fontMetrics.height() + 8
        return QSize(base.width(), max(one_line, rect.height() + 8))


class FlowLayout(QLayout):
    """Widgets in a row that wraps onto further rows when the window is narrow (laptops at 150 %)."""

    def __init__(self, parent: QWidget | None = None, spacing: int = 6) -> None:
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self.setContentsMargins(0, 0, 0, 0)
        self.setSpacing(spacing)

    def addItem(self, item: QLayoutItem) -> None:
        self._items.append(item)

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    def expandingDirections(self) -> Qt.Orientation:
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return self._arrange(QRect(0, 0, width, 0), move=False)

    def setGeometry(self, rect: QRect) -> None:
        super().setGeometry(rect)
        self._arrange(rect, move=True)

    def sizeHint(self) -> QSize:
        return self.minimumSize()

    def minimumSize(self) -> QSize:
        size = QSize()
        for item in self._items:
            size = size.expandedTo(item.minimumSize())
        m = self.contentsMargins()
        return size + QSize(m.left() + m.right(), m.top() + m.bottom())

    def _arrange(self, rect: QRect, move: bool) -> int:
        m = self.contentsMargins()
        area = rect.adjusted(m.left(), m.top(), -m.right(), -m.bottom())
        x, y, line = area.x(), area.y(), 0
        gap = self.spacing()
        for item in self._items:
            if item.isEmpty():
                continue
            hint = item.sizeHint()
            if x + hint.width() > area.right() + 1 and line > 0:
                x, y, line = area.x(), y + line + gap, 0
            if move:
                item.setGeometry(QRect(x, y, hint.width(), hint.height()))
            x += hint.width() + gap
            line = max(line, hint.height())
        return y + line - rect.y() + m.bottom()


def labeled(text: str, *widgets: QWidget) -> QWidget:
    """A label and its field(s) kept together on one line (an item of a FlowLayout)."""
    box = QWidget()
    lay = QHBoxLayout(box)
    lay.setContentsMargins(0, 0, 0, 0)
    lay.setSpacing(4)
    if text:
        lay.addWidget(QLabel(text))
    for w in widgets:
        lay.addWidget(w)
    return box
