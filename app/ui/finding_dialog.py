"""A 不符合 item becomes a finding: the draft shown for the inspector to confirm or change."""

from __future__ import annotations

import dataclasses
import datetime as dt

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from app.core import inputs, versions
from app.core.catalog import VERIFIED_LABELS
from app.core.errors import AnchaError
from app.core.findings import FindingRecord, Level
from app.services import findings
from app.services.findings import FindingInput
from app.services.workspace import Workspace
from app.ui.style import ORANGE, RED
from app.ui.widgets import MessageLabel, OptionalDateEdit, TextEditor, combo_select_data


class FindingDialog(QDialog):
    """Create a finding from `draft`; `criteria` are the criterion ids the item links to."""

    def __init__(
        self,
        ws: Workspace,
        draft: FindingInput,
        criteria: list[str],
        item_text: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ws = ws
        self.draft = draft
        self.created: FindingRecord | None = None
        self.setWindowTitle("登记隐患")
        self.setMinimumWidth(640)
        cat = ws.catalog

        intro = QLabel(f"检查项目不符合：{item_text}" if item_text else "登记隐患")
        intro.setWordWrap(True)
        self.title = QLineEdit(draft.title)
        self.title.setMaxLength(inputs.limit("finding.title"))
        self.title_count = QLabel()
        self.title.textChanged.connect(self._count_title)
        self._count_title()
        self.location = QLineEdit(draft.location or "")
        self.location.setPlaceholderText("如：一层厨房、配电室")
        self.description = TextEditor(lines=3)
        self.description.setText(draft.description or "")
        self.description.setPlaceholderText("现场发现的具体情况")
        basis = QLabel(draft.basis or "（无）")
        basis.setWordWrap(True)

        self.level = QComboBox()
        for lv in Level:
            self.level.addItem(lv.label, lv.value)
        combo_select_data(self.level, Level(draft.level).value)
        proposed = Level(draft.level)
        why = (
            "该检查项目关联重大事故隐患判定标准条款"
            if proposed is Level.MAJOR
            else "该检查项目未关联判定标准条款"
        )
        self.proposal = QLabel(f"建议级别：{proposed.label}（{why}），请检查人员确认")
        self.proposal.setWordWrap(True)
        if proposed is Level.MAJOR:
            self.proposal.setStyleSheet(f"color: {RED}; font-weight: bold;")

        self.criterion = QComboBox()
        self.criterion.addItem("（不引用判定标准条款）", None)
        for cid in criteria:
            if versions.known(cat, cid):
                snap = versions.snapshot(cat, cid)
                ref = f"（{snap.doc_no}）" if versions.is_pending(cid) else f" {snap.ref}"
                self.criterion.addItem(f"{snap.standard}{ref}：{snap.summary}", cid)
        combo_select_data(self.criterion, draft.criterion_id)
        self.criterion_text = QLabel()
        self.criterion_text.setWordWrap(True)

        self.deadline = OptionalDateEdit()
        deadline = draft.extra.get("deadline")
        self.deadline.set_value(deadline if isinstance(deadline, dt.date) else None)
        self.responsible = QLineEdit(str(draft.extra.get("responsible") or ""))
        self.responsible.setPlaceholderText("被检查单位的整改责任人")

        form = QFormLayout()
        title_row = QHBoxLayout()
        title_row.addWidget(self.title, 1)
        title_row.addWidget(self.title_count)
        form.addRow("隐患名称 *", title_row)
        form.addRow("部位", self.location)
        form.addRow("隐患描述", self.description)
        form.addRow("依据", basis)
        form.addRow("隐患级别", self.level)
        form.addRow("", self.proposal)
        form.addRow("判定依据", self.criterion)
        form.addRow("", self.criterion_text)
        form.addRow("整改时限", self.deadline)
        form.addRow("责任人", self.responsible)

        self.message = MessageLabel()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("登记隐患")
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("暂不登记")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(intro)
        lay.addLayout(form)
        lay.addWidget(self.message)
        lay.addWidget(self.buttons)

        self.deadline.refused.connect(lambda why: self.message.show_error(f"整改时限：{why}"))
        self.deadline.committed.connect(lambda _v: self.message.clear_message())
        self.level.currentIndexChanged.connect(lambda _i: self._update_criterion())
        self.criterion.currentIndexChanged.connect(lambda _i: self._update_criterion())
        self._update_criterion()

    def _update_criterion(self) -> None:
        major = self.level.currentData() == Level.MAJOR.value
        self.criterion.setEnabled(major and self.criterion.count() > 1)
        cid = self.criterion.currentData() if major else None
        if cid is None:
            self.criterion_text.setText(
                "" if not major else "未引用判定标准条款（由检查人员判定为重大事故隐患）"
            )
            self.criterion_text.setStyleSheet("")
            return
        snap = versions.snapshot(self.ws.catalog, cid)
        verified = VERIFIED_LABELS.get(snap.verified, snap.verified)
        self.criterion_text.setText(f"{versions.snapshot_text(snap)}\n条款核实情况：{verified}")
        self.criterion_text.setStyleSheet("" if snap.verified == "V" else f"color: {ORANGE};")

    def finding_input(self) -> FindingInput:
        major = self.level.currentData() == Level.MAJOR.value
        extra = dict(self.draft.extra)
        extra["deadline"] = self.deadline.value()
        extra["responsible"] = self.responsible.text() or None
        return dataclasses.replace(
            self.draft,
            title=self.title.text(),
            location=self.location.text() or None,
            description=self.description.text() or None,
            level=self.level.currentData(),
            criterion_id=self.criterion.currentData() if major else None,
            extra=extra,
        )

    def _count_title(self, _text: str = "") -> None:
        self.title_count.setText(f"{len(self.title.text())}/{inputs.limit('finding.title')}")

    def _typed_changes(self) -> bool:
        """Did the user type or pick anything beyond the proposed draft?"""
        d = self.draft
        deadline = d.extra.get("deadline")
        return (
            self.title.text() != d.title
            or self.location.text() != (d.location or "")
            or self.description.text() != (d.description or "")
            or self.responsible.text() != str(d.extra.get("responsible") or "")
            or self.deadline.value() != (deadline if isinstance(deadline, dt.date) else None)
            or self.level.currentData() != Level(d.level).value
        )

    def reject(self) -> None:
        """Esc or 暂不登记: ask before throwing away what was typed."""
        if self._typed_changes():
            answer = QMessageBox.question(
                self,
                "放弃输入的内容？",
                "已输入的隐患内容尚未登记。放弃这些内容并关闭？",
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                QMessageBox.StandardButton.No,
            )
            if answer != QMessageBox.StandardButton.Yes:
                return
        super().reject()

    def accept(self) -> None:
        try:
            self.created = findings.create_finding(self.ws, self.finding_input())
        except AnchaError as exc:
            self.message.show_error(f"未登记：{exc}")
            return
        super().accept()
