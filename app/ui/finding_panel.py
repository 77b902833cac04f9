"""The detail panel of one finding: every edit saved at once, lifecycle buttons, history."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from app.core import inputs
from app.core.documents import Stopped
from app.core.errors import AnchaError, ConflictError
from app.core.findings import (
    Action,
    Discovery,
    FindingRecord,
    Level,
    Status,
    closing_problems,
    is_overdue,
    legal_actions,
)
from app.services import findings
from app.ui.context import AppContext
from app.ui.dates import fmt_date
from app.ui.messages import error_text
from app.ui.photo_strip import PhotoStrip
from app.ui.style import GREEN, GREY, ORANGE, RED
from app.ui.widgets import (
    MessageLabel,
    OptionalDateEdit,
    TextEditor,
    combo_select_data,
    guard_wheel,
    set_invalid,
)

LABELS = findings.EDITABLE
STATUS_COLORS = {
    Status.PENDING: RED,
    Status.IN_PROGRESS: ORANGE,
    Status.AWAITING: "#1565c0",
    Status.CLOSED: GREEN,
}


def _label(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


class FindingPanel(QScrollArea):
    """Shows one finding; `changed(id)` after a save or a lifecycle move."""

    changed = Signal(object)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.finding: FindingRecord | None = None
        self.editors: dict[str, QWidget] = {}
        self.setWidgetResizable(True)
        self.setMinimumWidth(320)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        body = QWidget()
        self.setWidget(body)
        lay = QVBoxLayout(body)
        self._build_heading(lay)
        for box in (
            self._build_facts(),
            self._build_five(),
            self._build_supervision(),
            self._build_dual(),
            self._build_acceptance(),
            *self._build_photos_and_history(),
        ):
            lay.addWidget(box)
        lay.addStretch(1)
        self.body = body
        guard_wheel(*(w for w in self.editors.values() if isinstance(w, QComboBox)))
        self.show_finding(None)
        for form in body.findChildren(QFormLayout):  # labels above their fields when narrow
            form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self._fit_width()

    def _fit_width(self) -> None:
        """Never narrower than the content: with no horizontal scroll bar, texts would be cut off."""
        scroll = self.verticalScrollBar().sizeHint().width() + 2 * self.frameWidth()
        self.setMinimumWidth(max(320, self.minimumWidth(), self.body.minimumSizeHint().width() + scroll))

    def _build_heading(self, lay: QVBoxLayout) -> None:
        """Title, status, the lifecycle buttons and the message line."""
        self.heading = QLabel("在左侧选择一条隐患")
        self.heading.setWordWrap(True)
        font = self.heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.15)
        font.setBold(True)
        self.heading.setFont(font)
        self.status = QLabel()
        self.message = MessageLabel()
        # the rectifier's moves on the left of one row, the reviewer's (验收) on the right of the next:
        # 提交验收 and 验收通过并销号 never sit in the same spot, so a double-click cannot fire both
        self.actions_row = QHBoxLayout()
        self.review_row = QHBoxLayout()
        self.review_row.addStretch(1)
        self.action_buttons: dict[Action, QPushButton] = {}
        for act in Action:
            b = QPushButton(act.label)
            b.clicked.connect(lambda _c=False, a=act: self.run_action(a))
            b.hide()
            self.action_buttons[act] = b
            (self.review_row if act in (Action.REJECT, Action.ACCEPT) else self.actions_row).addWidget(b)
        self.actions_row.addStretch(1)
        self.dual_button = QPushButton("打印双报告…")
        self.dual_button.setToolTip("重大事故隐患：报监管部门、报职工大会/职代会，及验收销号记录")
        self.dual_button.hide()
        self.dual_button.clicked.connect(self.print_dual_report)
        self.actions_row.addWidget(self.dual_button)
        self._action_pause = QTimer(self)
        self._action_pause.setSingleShot(True)
        self._action_pause.timeout.connect(lambda: self._pause_actions(False))
        lay.addWidget(self.heading)
        lay.addWidget(self.status)
        lay.addLayout(self.actions_row)
        lay.addLayout(self.review_row)
        lay.addWidget(self.message)

    def _build_facts(self) -> QGroupBox:
        basic = QGroupBox("隐患情况")
        form = QFormLayout(basic)
        self.unit = _label("")
        self.found = _label("")
        self.basis = _label("")
        self.criterion = _label("")
        form.addRow("被检查单位", self.unit)
        form.addRow("隐患名称", self._text("title", lines=2))
        form.addRow("部位", self._line("location"))
        form.addRow("隐患描述", self._text("description"))
        level = QComboBox()
        for lv in Level:
            level.addItem(lv.label, lv.value)
        level.activated.connect(lambda _i: self.save("level", level.currentData()))
        self.editors["level"] = level
        form.addRow("隐患级别", level)
        form.addRow("发现", self.found)
        self.legal = _label("")
        form.addRow("依据", self.basis)
        form.addRow("违反的规定", self.legal)
        form.addRow("判定依据", self.criterion)
        return basic

    def _build_five(self) -> QGroupBox:
        """整改“五落实”."""
        five = QGroupBox("整改“五落实”（治理方案）")
        form = QFormLayout(five)
        form.addRow("目标和任务", self._text("goal", lines=2))
        form.addRow("整改措施", self._text("measures"))
        form.addRow("责任人", self._line("responsible"))
        form.addRow("机构和人员", self._text("organisation", lines=2))
        form.addRow("整改资金", self._line("funds"))
        form.addRow("经费和物资", self._text("materials", lines=2))
        form.addRow("整改时限", self._date("deadline"))
        form.addRow("应急预案/\n临时管控措施", self._text("contingency"))
        return five

    def _build_supervision(self) -> QGroupBox:
        """挂牌督办."""
        sup = QGroupBox("挂牌督办")
        form = QFormLayout(sup)
        form.addRow("督办单位", self._line("supervised_by"))
        form.addRow("督办日期", self._date("supervised_on"))
        form.addRow("督办编号", self._line("supervision_no"))
        return sup

    def _build_dual(self) -> QGroupBox:
        """重大事故隐患“双报告”."""
        dual = QGroupBox("重大事故隐患“双报告”")
        form = QFormLayout(dual)
        form.addRow("报告部门", self._line("reported_dept", "负有安全生产监督管理职责的部门"))
        form.addRow("向部门报告日期", self._date("reported_dept_on"))
        form.addRow("向职工报告方式", self._line("reported_workers_how", "职工大会或职工代表大会"))
        form.addRow("向职工报告日期", self._date("reported_workers_on"))
        form.addRow("参会情况", self._line("reported_workers_attendance", "如：应到68人，实到61人"))
        form.addRow("现状及产生原因", self._text("cause", lines=2))
        form.addRow("危害程度和\n整改难易程度", self._text("harm", lines=2))
        form.addRow("联系人及电话", self._line("contact"))
        stopped = QComboBox()
        stopped.addItem("（未填写）", None)
        for st in Stopped:
            stopped.addItem(st.label, st.value)
        stopped.activated.connect(lambda _i: self.save("stopped", stopped.currentData()))
        self.editors["stopped"] = stopped
        form.addRow("停产停业", stopped)
        self.dual_box = dual
        return dual

    def _build_acceptance(self) -> QGroupBox:
        """验收与销号."""
        acc = QGroupBox("验收与销号")
        form = QFormLayout(acc)
        form.addRow("验收人", self._line("accepted_by"))
        form.addRow("验收日期", self._date("accepted_on"))
        form.addRow("治理情况评估", self._text("assessment", lines=2))
        form.addRow("恢复生产申请日期", self._date("resume_requested_on"))
        form.addRow("验收意见", self._text("acceptance_note", lines=2))
        form.addRow("销号签字领导", self._line("closed_by"))
        return acc

    def _build_photos_and_history(self) -> tuple[QGroupBox, QGroupBox]:
        pics = QGroupBox("照片")
        pl = QVBoxLayout(pics)
        self.photos = PhotoStrip(self.ctx)
        pl.addWidget(self.photos)
        hist = QGroupBox("修改记录（审计日志）")
        hl = QVBoxLayout(hist)
        self.history = QListWidget()
        self.history.setWordWrap(True)
        self.history.setMinimumHeight(140)
        hl.addWidget(self.history)
        return pics, hist

    # --- editors ------------------------------------------------------------------------

    def _line(self, name: str, placeholder: str = "") -> QLineEdit:
        w = QLineEdit()
        w.setPlaceholderText(placeholder)
        w.setMaxLength(inputs.limit(f"finding.{name}"))  # the service's limit, shown in the field
        w.setToolTip(f"最多{inputs.limit(f'finding.{name}')}字")
        w.editingFinished.connect(lambda: self.save(name, w.text()))
        self.editors[name] = w
        return w

    def _text(self, name: str, lines: int = 3) -> TextEditor:
        w = TextEditor(lines=lines)
        w.editingFinished.connect(lambda: self.save(name, w.text()))
        self.editors[name] = w
        return w

    def _date(self, name: str) -> OptionalDateEdit:
        w = OptionalDateEdit()
        w.committed.connect(lambda value: self.save(name, value))
        w.refused.connect(
            lambda why: self.message.show_error(f"“{LABELS.get(name, name)}”未保存：{why}（仍为保存的日期）")
        )
        self.editors[name] = w
        return w

    def _set_editor(self, name: str, value: Any) -> None:
        w = self.editors[name]
        set_invalid(w.edit if isinstance(w, OptionalDateEdit) else w, False)
        if isinstance(w, OptionalDateEdit):
            w.set_value(value)
        elif isinstance(w, QComboBox):
            combo_select_data(w, value)
        elif isinstance(w, (QLineEdit, TextEditor)):
            w.blockSignals(True)
            w.setText(value or "")
            if isinstance(w, QLineEdit):
                w.setCursorPosition(0)  # show the start of a long text, not its end
            w.blockSignals(False)

    # --- showing ------------------------------------------------------------------------

    def show_finding(self, finding_id: uuid.UUID | None) -> None:
        self.message.clear_message()
        if finding_id is None:
            self.finding = None
            self.body.setEnabled(False)
            self.heading.setText("在左侧选择一条隐患")
            self.status.setText("")
            for name in self.editors:
                self._set_editor(name, None)
            for b in self.action_buttons.values():
                b.hide()
            self.dual_button.hide()
            self.history.clear()
            self.photos.set_finding(None)
            return
        try:
            f = findings.get_finding(self.ctx.ws, finding_id)
        except AnchaError as exc:
            self.finding = None
            self.message.show_error(error_text(exc))
            return
        self.finding = f
        self.body.setEnabled(True)
        for name in self.editors:
            self._set_editor(name, getattr(f, name))
        self.heading.setText(f.title)
        self.unit.setText(f.unit_name)
        how = Discovery(f.discovery).label
        self.found.setText(f"{fmt_date(f.found_on)}　{f.found_by or ''}　（{how}）")
        self.basis.setText(f.basis or "—")
        self.legal.setText("；".join(p.get("text", "") for p in (f.legal or [])) or "—")
        crit = (f.criterion or {}).get("text") if f.criterion else None
        self.criterion.setText(crit or "—")
        self._refresh_state()
        self.photos.set_finding(f.id, editable=Status(f.status) is not Status.CLOSED)
        self.load_history()
        self._fit_width()

    def reload_if_changed(self, changes: list[Any]) -> bool:
        """Another user changed the open hazard: show its current state and say who."""
        f = self.finding
        if f is None:
            return False
        ids = {c.finding_id for c in changes}
        if None not in ids and f.id not in ids:
            return False
        try:
            fresh = findings.get_finding(self.ctx.ws, f.id)
        except AnchaError:
            return False
        if fresh.updated_at == f.updated_at and fresh.status == f.status:
            return False
        entries = findings.history(self.ctx.ws, f.id)
        last = entries[-1] if entries else None
        who = (last.by if last else None) or "其他用户"
        self.show_finding(f.id)
        if who != self.ctx.ws.user:
            what = findings.describe_entry(last) if last else ""
            self.message.show_error(f"已被{who}修改：{what}（已显示最新内容）")
        return True

    def _refresh_state(self) -> None:
        f = self.finding
        if f is None:
            return
        st = Status(f.status)
        major = Level(f.level) is Level.MAJOR
        self.dual_button.setVisible(major)
        parts = [f"<span style='color:{STATUS_COLORS[st]}; font-weight:bold'>{st.label}</span>"]
        parts.append(f"<span style='color:{RED if major else GREY}'>{Level(f.level).label}</span>")
        if is_overdue(f.status, f.deadline, dt.date.today()):
            assert f.deadline is not None
            days = (dt.date.today() - f.deadline).days
            parts.append(f"<span style='color:{RED}; font-weight:bold'>已逾期 {days} 天</span>")
        if st is Status.CLOSED and f.closed_on:
            parts.append(f"销号日期 {fmt_date(f.closed_on)}")
        self.status.setText("　".join(parts))
        self.dual_box.setTitle("重大事故隐患“双报告”" + ("（销号前必须填写两个报告日期）" if major else ""))
        legal = set(legal_actions(f.status))
        reviewer = self.ctx.ws.may("审核销号")
        for act, b in self.action_buttons.items():
            b.setVisible(act in legal and (reviewer or act not in (Action.ACCEPT, Action.REJECT)))
        closed = st is Status.CLOSED
        for w in self.editors.values():
            if isinstance(w, (QLineEdit, TextEditor, OptionalDateEdit)):
                w.setReadOnly(closed)
            else:
                w.setEnabled(not closed)
        if closed:
            self.message.show_ok("已销号：记录已归档，不能再修改")

    def load_history(self) -> None:
        self.history.clear()
        if self.finding is None:
            return
        try:
            entries = findings.history(self.ctx.ws, self.finding.id)
        except AnchaError as exc:
            self.history.addItem(f"无法读取修改记录：{exc}")
            return
        for e in reversed(entries):
            when = e.at.replace(tzinfo=dt.UTC).astimezone().strftime("%Y-%m-%d %H:%M")
            self.history.addItem(f"{when}　{e.by or ''}　{findings.describe_entry(e)}")

    # --- saving -------------------------------------------------------------------------

    def save(self, name: str, value: Any) -> bool:
        """Save one field now. On failure the message says why and the typed value stays."""
        f = self.finding
        if f is None or Status(f.status) is Status.CLOSED:
            return False
        old = getattr(f, name)
        if isinstance(value, str) and (old or "") == value.strip():
            widget = self.editors[name]
            if widget.property("invalid"):
                set_invalid(widget, False)
            return True
        if value == old:
            return True
        widget = self.editors[name]
        mark = widget.edit if isinstance(widget, OptionalDateEdit) else widget
        try:
            saved = findings.update_finding(
                self.ctx.ws, f.id, {name: value}, base={name: old, "status": f.status}
            )
        except ConflictError as exc:
            self._show_conflict(str(exc))
            return False
        except AnchaError as exc:
            if isinstance(widget, OptionalDateEdit):  # show what is stored, keep the reason
                widget.set_value(old)
                self.message.show_error(
                    f"“{LABELS.get(name, name)}”未保存：{error_text(exc)}"
                    f"（仍为保存的日期：{fmt_date(old) or '未填写'}）"
                )
                return False
            set_invalid(mark, True)
            self.message.show_error(
                f"“{LABELS.get(name, name)}”未保存：{error_text(exc)}（输入的内容已保留，请修改后重试）"
            )
            return False
        set_invalid(mark, False)
        self.finding = saved
        self.message.show_ok(f"已保存：{LABELS.get(name, name)}")
        if name == "title":
            self.heading.setText(saved.title)
        self._refresh_state()
        self.load_history()
        self.changed.emit(saved.id)
        return True

    def _show_conflict(self, text: str) -> None:
        """Someone else changed this hazard: show its current state, then say who changed what."""
        f = self.finding
        if f is not None:
            self.show_finding(f.id)
            self.changed.emit(f.id)
        self.message.show_error(text)

    def run_action(self, action: Action) -> bool:
        f = self.finding
        if f is None:
            return False
        changes: dict[str, Any] = {}
        if action is Action.REJECT:
            note, ok = QInputDialog.getText(self, "验收不通过", "验收意见（退回整改的原因）：")
            if not ok:
                return False
            if note.strip():
                changes["acceptance_note"] = note
        if action is Action.ACCEPT and not closing_problems(f):
            answer = QMessageBox.question(
                self, "验收通过并销号", f"确认“{f.title}”验收通过并销号？销号后记录不能再修改。"
            )
            if answer != QMessageBox.StandardButton.Yes:
                return False
        try:
            saved = findings.transition(self.ctx.ws, f.id, action, changes, expected_status=f.status)
        except ConflictError as exc:
            self._show_conflict(str(exc))
            return False
        except AnchaError as exc:
            self.message.show_error(f"未能{action.label}：{error_text(exc)}")
            return False
        self.finding = saved
        self._refresh_state()
        self._pause_actions(True)  # the second click of a double-click does not start the next move
        if Status(saved.status) is not Status.CLOSED:
            self.message.show_ok(f"已{action.label}，当前状态：{Status(saved.status).label}")
        self.load_history()
        self.photos.set_finding(saved.id, editable=Status(saved.status) is not Status.CLOSED)
        self.changed.emit(saved.id)
        return True

    def _pause_actions(self, pause: bool) -> None:
        for b in self.action_buttons.values():
            b.setEnabled(not pause)
        if pause:
            self._action_pause.start(max(400, QApplication.doubleClickInterval()))

    def print_dual_report(self) -> None:
        """The 双报告 pair and the acceptance record of this major hazard."""
        from app.services.documents import write_dual_report
        from app.ui.exports import save_file

        if self.finding is None:
            return
        f, ws = self.finding, self.ctx.ws
        save_file(
            self,
            self.ctx,
            "保存重大事故隐患双报告",
            f"双报告-{f.unit_name}-{f.found_on:%Y%m%d}.pdf",
            "PDF 文件 (*.pdf)",
            lambda path, _progress: write_dual_report(ws, f.id, path, overwrite=True),
        )
