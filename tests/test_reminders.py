"""到期提醒: deadlines within N days or past, reviews due, major hazards missing a 双报告 date."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from app.core.findings import Action, Level, Status
from app.core.reminders import DEADLINE, DUAL, REVIEW, review_due_on, timing
from app.services import documents, findings, reminders, units
from app.services.findings import FindingInput
from app.services.workspace import Workspace


def _finding(ws: Workspace, title: str, deadline: dt.date | None, level: str = Level.GENERAL.value) -> Any:
    unit = units.list_units(ws)[0]
    found = dt.date.today() - dt.timedelta(days=30)
    return findings.create_finding(
        ws,
        FindingInput(
            unit_id=unit.id,
            sector_id="gas",
            title=title,
            found_on=found,
            level=level,
            extra={"deadline": deadline},
        ),
    )


def test_deadlines_within_n_days_or_past_and_missing_dual_reports(demo_ws: Workspace) -> None:
    today = dt.date.today()
    past = _finding(demo_ws, "提醒测试：已逾期", today - dt.timedelta(days=2))
    soon = _finding(demo_ws, "提醒测试：五天后", today + dt.timedelta(days=5))
    later = _finding(demo_ws, "提醒测试：二十天后", today + dt.timedelta(days=20))
    major = _finding(demo_ws, "提醒测试：重大", today + dt.timedelta(days=40), Level.MAJOR.value)
    done = _finding(demo_ws, "提醒测试：已销号", today - dt.timedelta(days=1))
    findings.update_finding(demo_ws, done.id, {"measures": "已整改", "responsible": "王", "funds": "1元"})
    for act in (Action.START, Action.SUBMIT):
        findings.transition(demo_ws, done.id, act)
    findings.transition(demo_ws, done.id, Action.ACCEPT, {"accepted_by": "李", "accepted_on": today})
    assert findings.get_finding(demo_ws, done.id).status == Status.CLOSED.value

    got = {(r.kind, r.finding_id): r for r in reminders.due(demo_ws, days=7)}
    assert (DEADLINE, past.id) in got and got[(DEADLINE, past.id)].note == "已逾期2天"
    assert got[(DEADLINE, soon.id)].note == "还有5天"
    assert got[(DEADLINE, past.id)].overdue and not got[(DEADLINE, soon.id)].overdue
    assert (DEADLINE, later.id) not in got and (DEADLINE, done.id) not in got
    assert (DEADLINE, major.id) not in got
    dual = got[(DUAL, major.id)]
    assert "向负有安全生产监督管理职责的部门报告日期" in dual.note and "职代会" in dual.note
    findings.update_finding(demo_ws, major.id, {"reported_dept_on": today, "reported_workers_on": today})
    assert (DUAL, major.id) not in {(r.kind, r.finding_id) for r in reminders.due(demo_ws, days=7)}
    wider = {(r.kind, r.finding_id) for r in reminders.due(demo_ws, days=30)}
    assert (DEADLINE, later.id) in wider
    first = reminders.due(demo_ws, days=7)[0]
    assert first.overdue  # the most urgent first


def test_review_due_until_the_review_is_issued(demo_ws: Workspace, tmp_path: Any) -> None:
    pending = [r for r in reminders.due(demo_ws, days=3650) if r.kind == REVIEW]
    assert pending, "the demo has orders without a review"
    orders = {o.id: o for o in documents.orders_of(demo_ws)}
    first = pending[0]
    assert first.document_id in orders and orders[first.document_id].number in first.what
    documents.write_review(demo_ws, first.document_id, tmp_path / "review.pdf")
    after = {r.document_id for r in reminders.due(demo_ws, days=3650) if r.kind == REVIEW}
    assert first.document_id not in after and len(after) == len(pending) - 1
    assert review_due_on(dt.date(2026, 1, 1), [None, dt.date(2026, 1, 20), dt.date(2026, 1, 10)]) == dt.date(
        2026, 1, 20
    )
    assert review_due_on(dt.date(2026, 1, 1), [None]) == dt.date(2026, 1, 1)  # all 立即整改
    assert timing(dt.date.today(), dt.date.today()) == "今天到期"


def test_reminders_dialog_opens_a_hazard_in_the_ledger(
    qtbot: Any, demo_ws: Workspace, qt_settings: Any
) -> None:
    pytest.importorskip("PySide6.QtWidgets")
    from app.ui.main import LEDGER, MainWindow

    soon = _finding(demo_ws, "提醒测试：窗口", dt.date.today())
    w = MainWindow(demo_ws)
    qtbot.addWidget(w)
    w.show()
    w.show_reminders(at_start=True)
    dlg = w.reminders_dialog
    assert dlg.isVisible() and dlg.tree.topLevelItemCount() == len(dlg.items) > 0
    row = next(i for i, r in enumerate(dlg.items) if r.finding_id == soon.id)
    assert dlg.items[row].note == "今天到期"
    dlg.tree.itemDoubleClicked.emit(dlg.tree.topLevelItem(row), 0)
    assert w.stack.currentIndex() == LEDGER
    assert w.ledger_page.panel.finding is not None and w.ledger_page.panel.finding.id == soon.id
