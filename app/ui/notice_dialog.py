"""导入通知: a new notice beside the proposals made from it; accept (as a checkable item with hazard
wording and legal basis), merge into a near item, or reject. Every decision goes through
services.notices.apply, as the CLI's do; the decisions live in ProposalModel, not in table cells."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QSpinBox,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.core.catalog import AREA_LEVELS
from app.core.errors import AnchaError
from app.core.proposals import Decision, ItemDraft, ProposalStatus
from app.notices.scope import LEVEL_LABELS, NoticeScope
from app.ui.context import AppContext
from app.ui.messages import error_text
from app.ui.table_model import AnyIndex, ListTableModel
from app.ui.widgets import MessageLabel
from app.ui.worker import Progress, run_with_progress

STATUS_COLOURS = {
    ProposalStatus.NEW: "#1565c0",
    ProposalStatus.INTERNAL: "#888888",
    ProposalStatus.ASSIGNMENT: "#888888",
    ProposalStatus.SHORT: "#b26a00",
}


@dataclass
class Row:
    """One proposal and what the user has decided and drafted for it."""

    proposal: Any  # notices.match.Proposal
    decision: Decision = Decision.NONE
    draft: ItemDraft = field(default_factory=lambda: ItemDraft("", ""))
    sector_id: str = ""
    item_id: str = ""  # the item made (accepted) or cited (merged)
    note: str = ""  # why it was not accepted


class ProposalModel(ListTableModel):
    HEADERS: ClassVar[tuple[str, ...]] = ("序号", "条款", "建议", "通知原文措施", "行业", "相近项目", "处理")

    def __init__(self, sector_names: dict[str, str]) -> None:
        super().__init__()
        self.sector_names = sector_names

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        r: Row = self.rows[index.row()]
        p = r.proposal
        if role == Qt.ItemDataRole.DisplayRole:
            col = index.column()
            if col == 0:
                return str(index.row() + 1)
            if col == 1:
                return p.measure.clause
            if col == 2:
                return p.status.label
            if col == 3:
                return p.measure.text
            if col == 4:
                return "、".join(self.sector_names.get(s, s) for s in p.measure.sectors)
            if col == 5:
                return " ".join(i for i, _s in p.candidates[:3]) if p.status.actionable else ""
            return (r.decision.label + (f" {r.item_id}" if r.item_id else "")) or r.note
        if role == Qt.ItemDataRole.ForegroundRole and p.status in STATUS_COLOURS:
            return QBrush(QColor(STATUS_COLOURS[p.status]))
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == 6 and r.note:
            return r.note
        return None

    def row_changed(self, row: int) -> None:
        self.dataChanged.emit(self.index(row, 0), self.index(row, len(self.HEADERS) - 1))


class NoticeImportDialog(QDialog):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.result: Any = None
        self._loading = False  # the editor is being filled from a row: do not write back
        self.setWindowTitle("导入安全生产工作通知")
        self.resize(1300, 820)
        self._build()
        self._wire()
        self._set_enabled(False)

    # --- build -------------------------------------------------------------------------------

    def _build(self) -> None:
        cat = self.ctx.ws.catalog
        self.open_button = QPushButton("打开通知文件…")
        self.meta = QLabel("支持 .txt、.docx 和文字版 .pdf。")
        self.meta.setWordWrap(True)
        # what the notice is recorded as (its citation in the items): found by the parser, corrected here
        self.issuer = QLineEdit()
        self.issuer.setPlaceholderText("发文机关")
        self.doc_no = QLineEdit()
        self.doc_no.setPlaceholderText("如 晋政发〔2025〕1号")
        self.doc_no.setMaximumWidth(200)
        self.date = QLineEdit()
        self.date.setPlaceholderText("2025-03-05")
        self.date.setMaximumWidth(110)
        self.area = QLineEdit()
        self.area.setPlaceholderText("6位行政区划代码")
        self.area.setMaximumWidth(110)
        self.level = QComboBox()
        self.level.addItem("（未识别）", "")
        for lv in AREA_LEVELS:
            self.level.addItem(LEVEL_LABELS[lv], lv)
        self.year = QSpinBox()
        self.year.setRange(0, 2100)
        self.year.setSpecialValueText("（未识别）")
        self.text = QPlainTextEdit()
        self.text.setReadOnly(True)
        self.model = ProposalModel({s.id: s.name for s in cat.sorted_sectors(include_common=True)})
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setWordWrap(True)
        self.table.verticalHeader().hide()
        hh = self.table.horizontalHeader()
        hh.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        for col, w in ((0, 40), (1, 100), (2, 90), (4, 80), (5, 120), (6, 110)):
            self.table.setColumnWidth(col, w)
        # the item as it will be stored: FORMAT.md's contract
        self.statement = QPlainTextEdit()
        self.statement.setPlaceholderText(
            "改写为被检查单位的一项可检查条件，如：餐饮用气场所已安装可燃气体报警装置"
        )
        self.statement.setMaximumHeight(60)
        self.hazard = QLineEdit()
        self.hazard.setPlaceholderText("违反情形，如：餐饮用气场所未安装可燃气体报警装置")
        self.legal = QLineEdit()
        self.legal.setPlaceholderText("法律依据条款编号，多个用空格或顿号分隔，如 aqsc-2021-36-4")
        self.legal_shown = QLabel()  # the provisions as printed, or which ids are unknown
        self.legal_shown.setWordWrap(True)
        self.legal_shown.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        self.legal_missing = QLineEdit()
        self.legal_missing.setPlaceholderText("找不到法律依据时，写明原因")
        self.sector = QComboBox()
        for s in cat.sorted_sectors(include_common=True):
            self.sector.addItem(s.name, s.id)
        self.candidate = QComboBox()
        self.accept_button = QPushButton("接受为新检查项目")
        self.merge_button = QPushButton("合并到所选相近项目")
        self.reject_button = QPushButton("拒绝")
        self.accept_all = QPushButton("接受已填写的全部“新增”")
        self.message = MessageLabel()

        left = QWidget()
        ll = QVBoxLayout(left)
        ll.setContentsMargins(0, 0, 0, 0)
        ll.addWidget(QLabel("通知原文"))
        ll.addWidget(self.text, 1)
        right = QWidget()
        rl = QVBoxLayout(right)
        rl.setContentsMargins(0, 0, 0, 0)
        rl.addWidget(QLabel("检查项目建议（政府内部工作、人员分工和过短的片段不会成为检查项目）"))
        rl.addWidget(self.table, 1)
        form = QFormLayout()
        form.addRow("检查内容", self.statement)
        form.addRow("隐患描述", self.hazard)
        form.addRow("法律依据", self.legal)
        form.addRow("", self.legal_shown)
        form.addRow("未找到依据的原因", self.legal_missing)
        pick = QHBoxLayout()
        pick.addWidget(QLabel("行业"))
        pick.addWidget(self.sector)
        pick.addWidget(QLabel("相近项目"))
        pick.addWidget(self.candidate, 1)
        form.addRow(pick)
        rl.addLayout(form)
        row = QHBoxLayout()
        for b in (self.accept_button, self.merge_button, self.reject_button, self.accept_all):
            row.addWidget(b)
        row.addStretch(1)
        rl.addLayout(row)
        split = QSplitter()
        split.addWidget(left)
        split.addWidget(right)
        split.setSizes([420, 880])
        top = QHBoxLayout()
        top.addWidget(self.open_button)
        top.addWidget(self.meta, 1)
        scope = QHBoxLayout()
        scope.addWidget(QLabel("发文机关"))
        scope.addWidget(self.issuer, 1)
        scope.addWidget(QLabel("文号"))
        scope.addWidget(self.doc_no)
        scope.addWidget(QLabel("成文日期"))
        scope.addWidget(self.date)
        scope.addWidget(QLabel("行政区划"))
        scope.addWidget(self.area)
        scope.addWidget(QLabel("级别"))
        scope.addWidget(self.level)
        scope.addWidget(QLabel("工作年度"))
        scope.addWidget(self.year)
        scope.addStretch(1)
        lay = QVBoxLayout(self)
        lay.addLayout(top)
        lay.addLayout(scope)
        lay.addWidget(split, 1)
        lay.addWidget(self.message)

    def _wire(self) -> None:
        self.open_button.clicked.connect(self.choose)
        self.accept_button.clicked.connect(lambda: self.decide(Decision.ACCEPTED))
        self.merge_button.clicked.connect(lambda: self.decide(Decision.MERGED))
        self.reject_button.clicked.connect(lambda: self.decide(Decision.REJECTED))
        self.accept_all.clicked.connect(self.accept_all_drafted)
        self.table.selectionModel().currentRowChanged.connect(self._show_row)
        for w in (self.hazard, self.legal, self.legal_missing):
            w.editingFinished.connect(self._keep_draft)
        self.statement.textChanged.connect(self._keep_draft)
        self.legal.textChanged.connect(self._show_legal)
        self.sector.currentIndexChanged.connect(self._keep_draft)

    def _set_enabled(self, on: bool) -> None:
        for w in (self.accept_button, self.merge_button, self.reject_button, self.accept_all):
            w.setEnabled(on)

    # --- load --------------------------------------------------------------------------------

    def choose(self) -> None:
        path, _f = QFileDialog.getOpenFileName(self, "选择通知文件", "", "通知 (*.txt *.docx *.pdf)")
        if path:
            self.load(Path(path))

    def load(self, path: Path) -> None:
        """Read and analyse the notice in the worker thread."""
        from app.services import notices

        ws = self.ctx.ws

        def work(_p: Progress) -> Any:
            return notices.analyse(ws, path)

        run_with_progress(
            self.ctx.runner,
            self,
            "正在分析通知……",
            work,
            self._loaded,
            lambda e: self.message.show_error(error_text(e)),
        )

    def _loaded(self, result: Any) -> None:
        self.result = result
        n = result.notice
        self.meta.setText(
            f"<b>{n.title or '（未识别标题）'}</b>　{n.doc_no or '文号未识别'}　"
            f"{n.issuer or '发文机关未识别'}　{n.date or ''}　条款 {len(n.top_level)} 条；{result.summary()}"
        )
        self.issuer.setText(n.issuer)
        self.doc_no.setText(n.doc_no)
        self.date.setText(n.date.isoformat() if n.date else "")
        self.area.setText(result.scope.area)
        self.level.setCurrentIndex(max(0, self.level.findData(result.scope.level)))
        self.year.setValue(result.scope.year or 0)
        self.text.setPlainText(result.text)
        self.model.set_rows([Row(p, sector_id=next(iter(p.measure.sectors), "")) for p in result.proposals])
        self.table.resizeRowsToContents()
        self._set_enabled(True)
        self.message.show_ok("选中一条建议，填写检查内容、隐患描述和法律依据后接受；或合并到相近项目。")

    def scope(self) -> NoticeScope:
        return NoticeScope(
            self.area.text().strip(), self.level.currentData() or "", self.year.value() or None
        )

    # --- the selected row's draft ----------------------------------------------------------------

    def _current(self) -> int:
        idx = self.table.currentIndex()
        return idx.row() if idx.isValid() else -1

    def _show_row(self, current: QModelIndex, _previous: Any = None) -> None:
        if not current.isValid():
            return
        r: Row = self.model.rows[current.row()]
        self._loading = True
        self.statement.setPlainText(r.draft.text)
        self.hazard.setText(r.draft.hazard)
        self.legal.setText(" ".join(r.draft.legal))
        self.legal_missing.setText(r.draft.legal_missing)
        if r.sector_id:
            self.sector.setCurrentIndex(max(0, self.sector.findData(r.sector_id)))
        self.candidate.clear()
        for item_id, score in r.proposal.candidates:
            text = self.ctx.ws.catalog.items[item_id].text if item_id in self.ctx.ws.catalog.items else ""
            self.candidate.addItem(f"{item_id}（{score:.0f}）{text[:30]}", item_id)
        self._loading = False
        self._show_legal()
        found = self.text.document().find(r.proposal.measure.text[:12])
        if not found.isNull():
            self.text.setTextCursor(found)
            self.text.centerCursor()

    def _show_legal(self) -> None:
        """The typed provision ids as they will print, so a wrong id is seen before accepting; and, as a
        hint, the legal basis of the nearest item."""
        cat = self.ctx.ws.catalog
        ids = [x for x in re.split(r"[\s、，,;；]+", self.legal.text()) if x]
        shown = [cat.provision_text(x) if x in cat.provisions else f"未知条款“{x}”" for x in ids]
        row = self._current()
        hint = ""
        if not ids and row >= 0:
            near = [i for i, _s in self.model.rows[row].proposal.candidates if i in cat.items]
            legal = next((cat.items[i].legal for i in near if cat.items[i].legal), ())
            if legal:
                hint = "相近项目的依据：" + "、".join(f"{x} {cat.provision_text(x)}" for x in legal)
        self.legal_shown.setText("；".join(shown) or hint)

    def _keep_draft(self) -> None:
        row = self._current()
        if row < 0 or self._loading:
            return
        r: Row = self.model.rows[row]
        r.draft = ItemDraft(
            self.statement.toPlainText().strip(),
            self.hazard.text().strip(),
            tuple(x for x in re.split(r"[\s、，,;；]+", self.legal.text()) if x),
            self.legal_missing.text().strip(),
        )
        r.sector_id = self.sector.currentData() or ""

    # --- decisions -------------------------------------------------------------------------------

    def decide(self, what: Decision, rows: list[int] | None = None) -> None:
        """Accept, merge or reject the selected proposals; saved at once through the service."""
        from app.services.notices import ProposalDecision

        if self.result is None:
            return
        self._keep_draft()
        rows = (
            rows
            if rows is not None
            else sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        )
        decisions = []
        for i in rows:
            r: Row = self.model.rows[i]
            if r.decision is not Decision.NONE:
                continue  # decided already
            item_id = (
                (self.candidate.currentData() or "")
                if what is Decision.MERGED and i == self._current()
                else ""
            )
            decisions.append(ProposalDecision(i, what, r.draft, r.sector_id, item_id))
        self._apply(decisions)

    def accept_all_drafted(self) -> None:
        """Accept every new proposal whose draft has been written (the rest stay for review)."""
        from app.services.notices import ProposalDecision

        self._keep_draft()
        decisions = [
            ProposalDecision(i, Decision.ACCEPTED, r.draft, r.sector_id)
            for i, r in enumerate(self.model.rows)
            if r.decision is Decision.NONE and r.proposal.status is ProposalStatus.NEW and r.draft.text
        ]
        if not decisions:
            self.message.show_error(
                "没有已填写检查内容的“新增”建议：请先为建议填写检查内容、隐患描述和法律依据"
            )
            return
        self._apply(decisions)

    def _apply(self, decisions: list[Any]) -> None:
        from app.services import notices

        if not decisions:
            return
        try:
            notices.correct_meta(self.result, self.issuer.text(), self.doc_no.text(), self.date.text())
            self.doc_no.setText(self.result.notice.doc_no)  # as stored: 〔〕 brackets
            report = notices.apply(self.ctx.ws, self.result, decisions, self.scope())
        except AnchaError as exc:
            self.message.show_error(error_text(exc))
            return
        refused = dict(report.refused)
        made = iter(report.made)
        merged = iter(report.merged)
        for d in decisions:
            r: Row = self.model.rows[d.index]
            if d.index in refused:
                r.note = "未接受：" + refused[d.index]
            else:
                r.decision, r.note = d.decision, ""
                if d.decision is Decision.ACCEPTED:
                    r.item_id = next(made)
                elif d.decision is Decision.MERGED:
                    r.item_id = next(merged)
            self.model.row_changed(d.index)
        self.ctx.templatesChanged.emit()
        if refused:
            self.message.show_error(report.summary() + "：" + next(iter(refused.values())))
        else:
            self.message.show_ok(
                report.summary() + "；新项目可在“检查清单”中按行业选用（分组：新增（通知导入））"
            )
