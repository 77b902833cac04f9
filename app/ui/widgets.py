"""Small widgets shared by the screens: optional dates, messages, debounced search."""

from __future__ import annotations

import datetime as dt
from functools import cache

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
from PySide6.QtGui import QColor, QFocusEvent, QIcon, QPainter, QPixmap
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QToolButton,
    QTreeView,
    QWidget,
)

from app.paths import resources_dir

DATE_FORMAT = "yyyy-MM-dd"
EMPTY_DATE = QDate(2000, 1, 1)  # the minimum of an OptionalDateEdit stands for "no date"

RED = "#c62828"
GREEN = "#2e7d32"
ORANGE = "#e65100"
GREY = "#757575"


def to_qdate(day: dt.date) -> QDate:
    return QDate(day.year, day.month, day.day)


def from_qdate(day: QDate) -> dt.date:
    return dt.date(day.year(), day.month(), day.day())


def fmt_date(day: dt.date | None) -> str:
    return day.strftime("%Y-%m-%d") if day else ""


def error_text(exc: BaseException) -> str:
    """The one-line Chinese message (app.core.errors.user_message); internal errors are logged."""
    from app.logs import report

    return report(exc, "gui")


def show_error(parent: QWidget | None, exc: BaseException | str, title: str = "操作未完成") -> None:
    text = exc if isinstance(exc, str) else error_text(exc)
    QMessageBox.warning(parent, title, text)


@cache
def app_icon() -> QIcon:
    """The program icon (resources/icons), or a drawn fallback when the files are missing."""
    icon = QIcon()
    folder = resources_dir() / "icons"
    for size in (16, 32, 48, 64, 128, 256):
        path = folder / f"ancha-{size}.png"
        if path.exists():
            icon.addFile(str(path))
    if icon.isNull():
        pix = QPixmap(64, 64)
        pix.fill(QColor("#1565c0"))
        painter = QPainter(pix)
        painter.setPen(QColor("white"))
        font = painter.font()
        font.setPixelSize(40)
        painter.setFont(font)
        painter.drawText(pix.rect(), Qt.AlignmentFlag.AlignCenter, "安")
        painter.end()
        icon = QIcon(pix)
    return icon


def dot_icon(color: str, size: int = 12) -> QIcon:
    """A small filled circle: the marks used for major and overdue findings."""
    return _dot(color, size)


@cache
def _dot(color: str, size: int) -> QIcon:
    pix = QPixmap(size, size)
    pix.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pix)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setBrush(QColor(color))
    painter.setPen(Qt.PenStyle.NoPen)
    painter.drawEllipse(1, 1, size - 2, size - 2)
    painter.end()
    return QIcon(pix)


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


class _CalendarOpener(QObject):
    """Opens the calendar of an empty date at today, not at the placeholder year 2000."""

    def __init__(self, edit: QDateEdit) -> None:
        super().__init__()
        self._edit = edit

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Show and self._edit.date() == EMPTY_DATE:
            self._edit.calendarWidget().setSelectedDate(QDate.currentDate())
        return False


class OptionalDateEdit(QWidget):
    """A date that may be empty: a QDateEdit showing “未填写” plus a 清除 button.

    `committed(value)` fires with a `datetime.date` or None once the user has finished:
    on leaving the field, on a click in the calendar, or on 清除; only when the value changed.
    """

    committed = Signal(object)

    def __init__(self, parent: QWidget | None = None, empty_text: str = "未填写") -> None:
        super().__init__(parent)
        self.edit = QDateEdit(self)
        self.edit.setDisplayFormat(DATE_FORMAT)
        self.edit.setCalendarPopup(True)
        self.edit.setMinimumDate(EMPTY_DATE)
        self.edit.setSpecialValueText(empty_text)
        self.edit.setDate(EMPTY_DATE)
        self.edit.setMinimumWidth(self.edit.fontMetrics().horizontalAdvance("2025-12-31") + 48)
        self.clear_button = QToolButton(self)
        self.clear_button.setText("清除")
        self.clear_button.setToolTip("清除日期")
        self.clear_button.setAutoRaise(True)
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(2)
        lay.addWidget(self.edit, 1)
        lay.addWidget(self.clear_button)
        self._last: dt.date | None = None
        self.edit.editingFinished.connect(self._commit)
        calendar = self.edit.calendarWidget()
        calendar.clicked.connect(lambda _d: QTimer.singleShot(0, self._commit))
        # A parentless helper, not this widget: an event filter that is an ancestor of the
        # calendar would be called while the calendar is being destroyed with it.
        self._opener = _CalendarOpener(self.edit)
        calendar.installEventFilter(self._opener)
        self.clear_button.clicked.connect(self._clear)
        self.setFocusProxy(self.edit)

    def value(self) -> dt.date | None:
        day = self.edit.date()
        return None if day == EMPTY_DATE else from_qdate(day)

    def set_value(self, day: dt.date | None) -> None:
        """Show a stored value (no `committed` signal)."""
        self.edit.blockSignals(True)
        self.edit.setDate(to_qdate(day) if day else EMPTY_DATE)
        self.edit.blockSignals(False)
        self._last = day

    def setReadOnly(self, ro: bool) -> None:
        self.edit.setReadOnly(ro)
        self.edit.setButtonSymbols(
            QDateEdit.ButtonSymbols.NoButtons if ro else QDateEdit.ButtonSymbols.UpDownArrows
        )
        self.edit.setCalendarPopup(not ro)
        self.clear_button.setVisible(not ro)

    def _clear(self) -> None:
        self.edit.setDate(EMPTY_DATE)
        self._commit()

    def _commit(self) -> None:
        value = self.value()
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
