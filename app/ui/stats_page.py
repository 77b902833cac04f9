"""统计: counts by sector × status × level, the overdue list, findings opened/closed per month."""

from __future__ import annotations

import datetime as dt
from typing import cast

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.core.findings import Level, Status
from app.services import ledger, stats
from app.services.ledger import FindingFilter
from app.ui.context import AppContext
from app.ui.dates import fmt_date
from app.ui.messages import error_text
from app.ui.style import RED
from app.ui.widgets import MessageLabel
from app.ui.worker import Progress

OPENED_COLOR = QColor("#ef6c00")
CLOSED_COLOR = QColor("#2e7d32")
MONTHS = 12
OVERDUE_LIMIT = 500


def last_months(today: dt.date, n: int = MONTHS) -> list[str]:
    """The `n` months ending with today's, as YYYY-MM."""
    y, m = today.year, today.month
    out = []
    for _ in range(n):
        out.append(f"{y:04d}-{m:02d}")
        m -= 1
        if m == 0:
            y, m = y - 1, 12
    return out[::-1]


class MonthlyChart(QWidget):
    """A grouped bar chart of findings opened and closed per month (drawn with QPainter)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.months: list[str] = []
        self.opened: list[int] = []
        self.closed: list[int] = []
        self.setMinimumHeight(160)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def sizeHint(self) -> QSize:
        return QSize(640, 260)

    def set_data(self, months: list[str], opened: list[int], closed: list[int]) -> None:
        self.months, self.opened, self.closed = months, opened, closed
        self.update()

    @staticmethod
    def nice_max(value: int) -> int:
        """A round axis maximum ≥ value (1, 2, 5 × 10^k)."""
        if value <= 4:
            return 4
        step = 1
        while True:
            for f in (1, 2, 5):
                if f * step * 4 >= value:
                    return f * step * 4
            step *= 10

    def paintEvent(self, _e: QPaintEvent) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.fillRect(self.rect(), self.palette().base())
        fm = p.fontMetrics()
        line_h = fm.height()
        left = fm.horizontalAdvance("00000") + 12
        right = 12
        top = line_h * 2 + 8
        bottom = line_h * 2 + 8
        plot = QRectF(left, top, max(10, self.width() - left - right), max(10, self.height() - top - bottom))

        # legend
        x = left
        for color, label in ((OPENED_COLOR, "新发现隐患"), (CLOSED_COLOR, "已销号隐患")):
            p.fillRect(QRectF(x, 6 + (line_h - 10) / 2, 10, 10), color)
            p.setPen(self.palette().text().color())
            p.drawText(QPointF(x + 14, 6 + fm.ascent()), label)
            x += 14 + fm.horizontalAdvance(label) + 24

        if not self.months:
            p.drawText(plot, Qt.AlignmentFlag.AlignCenter, "暂无数据")
            p.end()
            return
        vmax = self.nice_max(max([*self.opened, *self.closed, 1]))
        grid_pen = QPen(QColor("#e0e0e0"))
        text_color = self.palette().text().color()
        for i in range(5):
            value = vmax * i / 4
            y = plot.bottom() - plot.height() * i / 4
            p.setPen(grid_pen)
            p.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
            p.setPen(text_color)
            label = f"{value:.0f}"
            p.drawText(QPointF(plot.left() - 6 - fm.horizontalAdvance(label), y + fm.ascent() / 2 - 1), label)

        n = len(self.months)
        slot = plot.width() / n
        bar = max(2.0, min(slot * 0.34, 28.0))
        small = QFont(p.font())
        small.setPointSizeF(max(6.0, p.font().pointSizeF() * 0.85))
        for i, month in enumerate(self.months):
            cx = plot.left() + slot * (i + 0.5)
            for j, (value, color) in enumerate(
                ((self.opened[i], OPENED_COLOR), (self.closed[i], CLOSED_COLOR))
            ):
                h = plot.height() * value / vmax
                rect = QRectF(cx - bar + j * bar, plot.bottom() - h, bar - 1, h)
                p.fillRect(rect, color)
                if value:
                    p.setFont(small)
                    p.setPen(text_color)
                    label = str(value)
                    p.drawText(
                        QPointF(
                            rect.center().x() - p.fontMetrics().horizontalAdvance(label) / 2, rect.top() - 3
                        ),
                        label,
                    )
                    p.setFont(self.font())
            year, mon = month.split("-")
            label = f"{int(mon)}月"
            p.setPen(text_color)
            p.drawText(QPointF(cx - fm.horizontalAdvance(label) / 2, plot.bottom() + fm.ascent() + 4), label)
            if i == 0 or mon == "01":
                p.setPen(QColor("#757575"))
                p.drawText(
                    QPointF(cx - fm.horizontalAdvance(year) / 2, plot.bottom() + fm.ascent() + line_h + 6),
                    year,
                )
        p.setPen(QPen(text_color))
        p.drawLine(plot.bottomLeft(), plot.bottomRight())
        p.end()


class StatsPage(QWidget):
    title = "统计"

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._dirty = True
        self.loading = False
        self._again = False
        self.totals = QLabel("正在统计……")
        totals_font = self.totals.font()
        totals_font.setPointSizeF(totals_font.pointSizeF() * 1.1)
        self.totals.setFont(totals_font)
        self.refresh_button = QPushButton("刷新")
        self.message = MessageLabel()
        top = QHBoxLayout()
        top.addWidget(self.totals, 1)
        top.addWidget(self.refresh_button)
        upper = QSplitter(Qt.Orientation.Horizontal)
        upper.addWidget(self._build_table())
        upper.addWidget(self._build_chart())
        upper.setStretchFactor(0, 2)
        upper.setStretchFactor(1, 3)
        upper.setChildrenCollapsible(False)
        upper.setSizes([520, 780])
        outer = QSplitter(Qt.Orientation.Vertical)
        outer.addWidget(upper)
        outer.addWidget(self._build_overdue())
        outer.setStretchFactor(0, 3)
        outer.setStretchFactor(1, 2)
        outer.setChildrenCollapsible(False)
        lay = QVBoxLayout(self)
        lay.addLayout(top)
        lay.addWidget(self.message)
        lay.addWidget(outer, 1)
        self._wire()

    def _build_table(self) -> QGroupBox:
        """Counts by sector, level and status."""
        self.table = QTableWidget()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        box = QGroupBox("按行业、级别和状态统计")
        QVBoxLayout(box).addWidget(self.table)
        return box

    def _build_chart(self) -> QGroupBox:
        self.chart = MonthlyChart()
        box = QGroupBox(f"近{MONTHS}个月新发现与销号隐患数")
        QVBoxLayout(box).addWidget(self.chart)
        return box

    def _build_overdue(self) -> QGroupBox:
        """The overdue open hazards; a double-click opens one in the ledger."""
        self.overdue = QTreeWidget()
        self.overdue.setHeaderLabels(["被检查单位", "隐患名称", "级别", "整改时限", "逾期"])
        self.overdue.setRootIsDecorated(False)
        self.overdue.setAlternatingRowColors(True)
        oh = self.overdue.header()
        oh.setStretchLastSection(False)
        oh.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        for col, width in ((0, 190), (2, 110), (3, 96), (4, 64)):
            self.overdue.setColumnWidth(col, width)
        self.overdue_label = QLabel("双击一条隐患在隐患台账中打开")
        self.overdue_label.setStyleSheet("color: #757575;")
        box = QGroupBox("逾期未销号的隐患")
        ol = QVBoxLayout(box)
        ol.addWidget(self.overdue)
        ol.addWidget(self.overdue_label)
        return box

    def _wire(self) -> None:
        self.refresh_button.clicked.connect(self.refresh)
        self.overdue.itemDoubleClicked.connect(self._open_finding)
        self.ctx.findingsChanged.connect(self._mark_dirty)
        self.ctx.othersChanged.connect(lambda _c: self.refresh() if self.isVisible() else None)

    def activate(self) -> None:
        if self._dirty:
            self.refresh()

    def _mark_dirty(self) -> None:
        self._dirty = True

    def refresh(self) -> None:
        """Count in the worker thread (a large database takes a moment); fill in when done."""
        if self.loading:
            self._again = True
            return
        self.loading = True
        self._again = False
        self.refresh_button.setEnabled(False)
        self.refresh_button.setText("正在统计……")
        ws = self.ctx.ws
        today = dt.date.today()

        def work(_p: Progress) -> tuple[stats.Summary, list[ledger.LedgerRow], int]:
            overdue = FindingFilter(overdue=True, today=today)
            return (
                stats.summary(ws, FindingFilter(today=today), months=12),
                ledger.page(ws, overdue, 0, OVERDUE_LIMIT, "deadline", False),
                ledger.count(ws, overdue),
            )

        def done(result: object) -> None:
            summary, overdue, overdue_total = cast(tuple[stats.Summary, list[ledger.LedgerRow], int], result)
            self.message.clear_message()
            self._dirty = False
            self._fill_totals(summary, overdue_total)
            self._fill_table(summary)
            months = last_months(today)
            self.chart.set_data(
                months, [summary.opened.get(m, 0) for m in months], [summary.closed.get(m, 0) for m in months]
            )
            self._fill_overdue(overdue, overdue_total, today)

        def failed(exc: BaseException) -> None:
            self.message.show_error(f"统计失败：{error_text(exc)}")

        task = self.ctx.runner.submit(work, done, failed)
        task.finished.connect(self._loaded)

    def _loaded(self) -> None:
        self.loading = False
        self.refresh_button.setEnabled(True)
        self.refresh_button.setText("刷新")
        if self._again:
            self.refresh()

    def _fill_totals(self, summary: stats.Summary, overdue_total: int) -> None:
        total = summary.total()
        open_n = sum(n for (_s, st, _l), n in summary.by_key.items() if st != Status.CLOSED.value)
        major = sum(n for (_s, _st, lv), n in summary.by_key.items() if lv == Level.MAJOR.value)
        major_open = sum(
            n
            for (_s, st, lv), n in summary.by_key.items()
            if lv == Level.MAJOR.value and st != Status.CLOSED.value
        )
        gap = "&nbsp;" * 6
        self.totals.setText(
            f"隐患总数 <b>{total}</b>{gap}未销号 <b>{open_n}</b>{gap}"
            f"重大事故隐患 <b style='color:{RED}'>{major}</b>（未销号 {major_open}）{gap}"
            f"逾期未销号 <b style='color:{RED}'>{overdue_total}</b>"
        )

    def _fill_table(self, summary: stats.Summary) -> None:
        statuses = list(Status)
        headers = ["行业", "级别", *[s.label for s in statuses], "合计", "逾期"]
        sectors = [s.id for s in self.ctx.ws.catalog.sorted_sectors(include_common=True)]
        for sid, _st, _lv in summary.by_key:
            if sid not in sectors:
                sectors.append(sid)
        sectors = [s for s in sectors if any(k[0] == s for k in summary.by_key)]
        rows: list[tuple[str, str, list[int], int | None, bool]] = []
        for sid in sectors:
            sector_total = [0] * len(statuses)
            for lv in Level:
                counts = [summary.by_key.get((sid, st.value, lv.value), 0) for st in statuses]
                sector_total = [a + b for a, b in zip(sector_total, counts, strict=True)]
                rows.append((self.ctx.sector_name(sid), lv.label, counts, None, False))
            rows.append((self.ctx.sector_name(sid), "小计", sector_total, summary.overdue.get(sid, 0), True))
        grand = [sum(r[2][i] for r in rows if r[4]) for i in range(len(statuses))]
        rows.append(("全部", "合计", grand, sum(summary.overdue.values()), True))

        self.table.clear()
        self.table.setColumnCount(len(headers))
        self.table.setHorizontalHeaderLabels(headers)
        self.table.setRowCount(len(rows))
        bold = QFont(self.table.font())
        bold.setBold(True)
        for r, (sector, level, counts, overdue, strong) in enumerate(rows):
            values = [
                sector,
                level,
                *[str(c) for c in counts],
                str(sum(counts)),
                "" if overdue is None else str(overdue),
            ]
            for c, value in enumerate(values):
                item = QTableWidgetItem(value)
                if c >= 2:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                if strong:
                    item.setFont(bold)
                    item.setBackground(QBrush(QColor("#f5f5f5")))
                if level == Level.MAJOR.label and c >= 2 and value not in ("", "0"):
                    item.setForeground(QBrush(QColor(RED)))
                if c == len(values) - 1 and value not in ("", "0"):
                    item.setForeground(QBrush(QColor(RED)))
                self.table.setItem(r, c, item)
        hh = self.table.horizontalHeader()
        hh.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        hh.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)

    def _fill_overdue(self, rows: list[ledger.LedgerRow], total: int, today: dt.date) -> None:
        self.overdue.clear()
        for row in rows:
            assert row.deadline is not None
            item = QTreeWidgetItem(
                [
                    row.unit,
                    row.title,
                    Level(row.level).label,
                    fmt_date(row.deadline),
                    f"{(today - row.deadline).days}天",
                ]
            )
            item.setData(0, Qt.ItemDataRole.UserRole, row.id)
            item.setToolTip(1, row.title)
            if row.level == Level.MAJOR.value:
                for c in range(5):
                    item.setForeground(c, QBrush(QColor(RED)))
            item.setTextAlignment(4, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.overdue.addTopLevelItem(item)
        more = f"（显示逾期最久的 {OVERDUE_LIMIT} 条，共 {total} 条）" if total > len(rows) else ""
        self.overdue_label.setText(f"双击一条隐患在隐患台账中打开{more}")

    def _open_finding(self, item: QTreeWidgetItem, _col: int) -> None:
        fid = item.data(0, Qt.ItemDataRole.UserRole)
        if fid is not None:
            self.ctx.openFinding.emit(fid)
