"""导入通知: a new notice beside the proposals made from it; accept, edit, merge or reject."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtGui import QBrush, QColor, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.ui.context import AppContext
from app.ui.widgets import MessageLabel, error_text, show_error
from app.ui.worker import Progress, run_with_progress

STATUS = {"covered": "已覆盖", "new": "新增", "internal": "不可现场检查"}
DECIDED = {"accepted": "已接受", "merged": "已合并", "rejected": "已拒绝"}
COLS = ["条款", "建议", "措施（可编辑）", "行业", "相近项目", "处理"]


class NoticeImportDialog(QDialog):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.result: Any = None
        self.setWindowTitle("导入安全生产工作通知")
        self.resize(1300, 780)
        self.open_button = QPushButton("打开通知文件…")
        self.meta = QLabel("支持 .txt、.docx 和文字版 .pdf。")
        self.meta.setWordWrap(True)
        self.text = QPlainTextEdit()
        self.text.setReadOnly(True)
        self.model = QStandardItemModel(0, len(COLS))
        self.model.setHorizontalHeaderLabels(COLS)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setWordWrap(True)
        self.table.verticalHeader().hide()
        hh = self.table.horizontalHeader()
        hh.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        for col, w in ((0, 110), (1, 80), (3, 70), (4, 90), (5, 70)):
            self.table.setColumnWidth(col, w)
        self.accept_button = QPushButton("接受为新检查项目")
        self.merge_button = QPushButton("合并到相近项目")
        self.reject_button = QPushButton("拒绝")
        self.accept_all = QPushButton("接受全部“新增”")
        self.message = MessageLabel()
        self.sector = QComboBox()
        for s in ctx.ws.catalog.sorted_sectors(include_common=True):
            self.sector.addItem(s.name, s.id)

        left = QWidget()
        ll = QVBoxLayout(left)
        ll.setContentsMargins(0, 0, 0, 0)
        ll.addWidget(QLabel("通知原文"))
        ll.addWidget(self.text, 1)
        right = QWidget()
        rl = QVBoxLayout(right)
        rl.setContentsMargins(0, 0, 0, 0)
        rl.addWidget(QLabel("检查项目建议（双击“措施”可改写为可检查的表述）"))
        rl.addWidget(self.table, 1)
        row = QHBoxLayout()
        row.addWidget(QLabel("新项目行业"))
        row.addWidget(self.sector)
        for b in (self.accept_button, self.merge_button, self.reject_button, self.accept_all):
            row.addWidget(b)
        row.addStretch(1)
        rl.addLayout(row)
        split = QSplitter()
        split.addWidget(left)
        split.addWidget(right)
        split.setSizes([450, 850])
        lay = QVBoxLayout(self)
        top = QHBoxLayout()
        top.addWidget(self.open_button)
        top.addWidget(self.meta, 1)
        lay.addLayout(top)
        lay.addWidget(split, 1)
        lay.addWidget(self.message)
        self.open_button.clicked.connect(self.choose)
        self.accept_button.clicked.connect(lambda: self.decide("accepted"))
        self.merge_button.clicked.connect(lambda: self.decide("merged"))
        self.reject_button.clicked.connect(lambda: self.decide("rejected"))
        self.accept_all.clicked.connect(self.accept_all_new)
        self.table.selectionModel().currentRowChanged.connect(self._show_clause)
        self._set_enabled(False)

    def _set_enabled(self, on: bool) -> None:
        for b in (self.accept_button, self.merge_button, self.reject_button, self.accept_all):
            b.setEnabled(on)

    def choose(self) -> None:
        path, _f = QFileDialog.getOpenFileName(self, "选择通知文件", "", "通知 (*.txt *.docx *.pdf)")
        if path:
            self.load(Path(path))

    def load(self, path: Path) -> None:
        """Read and analyse the notice in the worker thread."""
        from app.notices.readers import read_text
        from app.services import notices

        ws = self.ctx.ws

        def work(_p: Progress) -> Any:
            return read_text(path), notices.analyse(ws, path)

        run_with_progress(
            self.ctx.runner,
            self,
            "正在分析通知……",
            work,
            self._loaded,
            lambda e: self.message.show_error(error_text(e)),
        )

    def _loaded(self, value: Any) -> None:
        text, result = value
        self.result = result
        n = result.notice
        c = result.counts()
        self.meta.setText(
            f"<b>{n.title or '（未识别标题）'}</b>　{n.doc_no or '文号未识别'}　{n.issuer}　"
            f"{n.date or (str(n.year) + '年' if n.year else '')}　条款 {len(n.top_level)} 条；"
            f"措施 {len(result.proposals)} 条：已覆盖 {c['covered']}，新增 {c['new']}，"
            f"不可现场检查 {c['internal']}"
        )
        self.text.setPlainText(text)
        self.model.removeRows(0, self.model.rowCount())
        sectors = self.ctx.ws.catalog.sectors
        for p in result.proposals:
            cells = [
                QStandardItem(p.measure.clause),
                QStandardItem(STATUS[p.status]),
                QStandardItem(p.measure.text),
                QStandardItem("、".join(sectors[s].name for s in p.measure.sectors if s in sectors)),
                QStandardItem(p.item_id or ""),
                QStandardItem(""),
            ]
            for i, cell in enumerate(cells):
                cell.setEditable(i == 2)
                if p.status == "new":
                    cell.setForeground(QBrush(QColor("#1565c0")))
                elif p.status == "internal":
                    cell.setForeground(QBrush(QColor("#888888")))
            self.model.appendRow(cells)
        self.table.resizeRowsToContents()
        self._set_enabled(True)

    def _show_clause(self, current: Any, _previous: Any = None) -> None:
        if self.result is None or not current.isValid():
            return
        p = self.result.proposals[current.row()]
        doc = self.text.document()
        found = doc.find(p.measure.text[:12])
        if not found.isNull():
            self.text.setTextCursor(found)
            self.text.centerCursor()
        first = next((s for s in p.measure.sectors if s in self.ctx.ws.catalog.sectors), None)
        if first:
            self.sector.setCurrentIndex(self.sector.findData(first))

    def decide(self, what: str, rows: list[int] | None = None) -> None:
        """Accept, merge or reject the selected proposals; saved at once."""
        from app.services import notices, user_catalog

        if self.result is None:
            return
        rows = (
            rows
            if rows is not None
            else sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        )
        ws = self.ctx.ws
        cat = ws.catalog
        meta = notices.meta(self.result.notice, self.result.area)
        done = 0
        try:
            with ws.db.session() as s:
                for r in rows:
                    if self.model.item(r, 5).text():
                        continue  # decided already
                    p = self.result.proposals[r]
                    if what == "accepted":
                        item_id = user_catalog.add_item(
                            s,
                            meta,
                            p.measure.clause,
                            self.model.item(r, 2).text(),
                            self.sector.currentData(),
                            cat,
                            ws.user,
                            departments="；".join(p.measure.departments) or None,
                        )
                        self.model.item(r, 4).setText(item_id)
                    elif what == "merged":
                        if not p.item_id:
                            continue
                        user_catalog.add_citation(s, meta, p.measure.clause, p.item_id, cat, ws.user)
                    self.model.item(r, 5).setText(DECIDED[what])
                    done += 1
        except Exception as exc:
            for r in rows:
                self.model.item(r, 5).setText("")
            show_error(self, exc)
            return
        ws.refresh_catalog()
        self.ctx.templatesChanged.emit()
        self.message.show_ok(
            f"{DECIDED[what]} {done} 条；新项目可在“检查清单”中按行业选用（分组：新增（通知导入））"
        )

    def accept_all_new(self) -> None:
        if self.result is None:
            return
        rows = [
            i
            for i, p in enumerate(self.result.proposals)
            if p.status == "new" and p.measure.sectors and p.measure.sectors[0] in self.ctx.ws.catalog.sectors
        ]
        for r in rows:  # each goes to its own first sector
            self.sector.setCurrentIndex(self.sector.findData(self.result.proposals[r].measure.sectors[0]))
            self.decide("accepted", [r])
