"""The notice import dialog turns a notice into usable checklist items (corpus notice: no seeds needed)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from app.core.proposals import Decision, ProposalStatus
from app.services import checklists
from app.ui.context import AppContext
from app.ui.notice_dialog import NoticeImportDialog
from tests.helpers import sqlite_ws

CORPUS = Path(__file__).parent / "data" / "notices" / "corpus"


def test_accept_merge_and_reject(qtbot: Any, tmp_path: Path) -> None:
    ws = sqlite_ws(tmp_path, "n.db")
    ctx = AppContext(ws)
    dlg = NoticeImportDialog(ctx)
    qtbot.addWidget(dlg)
    dlg.load(CORPUS / "r13-county-emergency-bureau-wrapped.docx")
    qtbot.waitUntil(lambda: dlg.model.rowCount() > 0, timeout=20000)
    assert "兴应急发〔2024〕7号" in dlg.meta.text() and "兴县应急管理局" in dlg.text.toPlainText()
    assert dlg.level.currentData() == "county" and dlg.year.value() == 2024
    props = dlg.result.proposals
    new = next(i for i, p in enumerate(props) if p.status is ProposalStatus.NEW)
    dlg.table.selectRow(new)
    # the notice's own words are refused: no statement, no hazard, no legal basis
    dlg.decide(Decision.ACCEPTED)
    assert dlg.model.rows[new].decision is Decision.NONE and "未接受" in dlg.model.rows[new].note
    assert "缺少" in dlg.message.text()
    dlg.statement.setPlainText("塔式起重机已经检验合格并办理使用登记")
    dlg.hazard.setText("塔式起重机未经检验或未办理使用登记")
    dlg.hazard.editingFinished.emit()
    assert dlg.legal_shown.text() == "" or dlg.legal_shown.text().startswith("相近项目的依据")
    dlg.legal.setText("no-such-id")
    assert "未知条款“no-such-id”" in dlg.legal_shown.text()
    provision = next(iter(ws.catalog.provisions))
    dlg.legal.setText(provision)
    dlg.legal.editingFinished.emit()
    assert dlg.legal_shown.text() == ws.catalog.provision_text(provision)
    dlg.sector.setCurrentIndex(dlg.sector.findData("fire"))
    dlg.decide(Decision.ACCEPTED)
    row = dlg.model.rows[new]
    assert row.decision is Decision.ACCEPTED and row.item_id.startswith("USR-")
    assert dlg.model.data(dlg.model.index(new, 6)) == f"已接受 {row.item_id}"
    covered = next(i for i, p in enumerate(props) if p.status is ProposalStatus.COVERED)
    dlg.table.selectRow(covered)
    dlg.decide(Decision.MERGED)
    assert dlg.model.rows[covered].decision is Decision.MERGED
    reject = next(i for i, p in enumerate(props) if p.status is ProposalStatus.INTERNAL)
    dlg.decide(Decision.REJECTED, [reject])
    assert dlg.model.data(dlg.model.index(reject, 6)) == "已拒绝"
    # usable in checklists at once, with its hazard wording; the merged item cites the notice
    built = checklists.build(ws.catalog, "fire", None)
    assert any(i.item_id == row.item_id for i in built)
    assert ws.catalog.items[row.item_id].hazard == "塔式起重机未经检验或未办理使用登记"
    merged = ws.catalog.items[dlg.model.rows[covered].item_id]
    assert any(ws.catalog.sources[c.source_id].doc_no == "兴应急发〔2024〕7号" for c in merged.basis)
    assert ws.catalog.sources[next(s for s in ws.catalog.sources if s.startswith("user-"))].level == "county"
    ctx.runner.wait(5000)
    ws.close()


def test_no_clauses_is_a_clear_message(qtbot: Any, tmp_path: Path) -> None:
    ws = sqlite_ws(tmp_path, "n.db")
    ctx = AppContext(ws)
    dlg = NoticeImportDialog(ctx)
    qtbot.addWidget(dlg)
    plain = tmp_path / "plain.txt"
    plain.write_text("关于做好安全生产工作的通知\n请各单位认真落实。\n", encoding="utf-8")
    dlg.load(plain)
    qtbot.waitUntil(lambda: "未找到编号的条款" in dlg.message.text(), timeout=20000)
    # the metadata found is shown with the message
    assert "已识别：发文机关 未识别，文号 未识别，日期 未识别" in dlg.message.text()
    assert dlg.model.rowCount() == 0 and not dlg.accept_button.isEnabled()
    ctx.runner.wait(5000)
    ws.close()


def test_metadata_corrected_before_saving(qtbot: Any, tmp_path: Path) -> None:
    """Issuer, 文号 and date are shown in editable fields; a bad date is refused with nothing stored,
    and the corrected values are what the merged item cites."""
    ws = sqlite_ws(tmp_path, "n.db")
    ctx = AppContext(ws)
    dlg = NoticeImportDialog(ctx)
    qtbot.addWidget(dlg)
    dlg.resize(1300, 820)
    dlg.load(CORPUS / "r16-signature-only-other-bodies.txt")  # quotes another 文号, has none of its own
    qtbot.waitUntil(lambda: dlg.model.rowCount() > 0, timeout=20000)
    assert (dlg.issuer.text(), dlg.doc_no.text(), dlg.date.text()) == (
        "沁源县住房和城乡建设局",
        "",
        "2025-07-03",
    )
    covered = next(i for i, p in enumerate(dlg.result.proposals) if p.status is ProposalStatus.COVERED)
    sources = set(ws.catalog.sources)
    dlg.issuer.setText("沁源县住房和城乡建设局")
    dlg.doc_no.setText("沁建发[2025]12号")
    dlg.date.setText("2025-7-32")
    dlg.decide(Decision.MERGED, [covered])
    assert "成文日期“2025-7-32”无法识别" in dlg.message.text()
    assert dlg.model.rows[covered].decision is Decision.NONE and set(ws.catalog.sources) == sources
    dlg.date.setText("2025-07-04")
    dlg.area.setText("140431")
    dlg.decide(Decision.MERGED, [covered])
    assert dlg.model.rows[covered].decision is Decision.MERGED and dlg.doc_no.text() == "沁建发〔2025〕12号"
    new = next(ws.catalog.sources[s] for s in ws.catalog.sources if s not in sources)
    assert (new.doc_no, new.issuer, new.date, new.area) == (
        "沁建发〔2025〕12号",
        "沁源县住房和城乡建设局",
        dt.date(2025, 7, 4),
        "140431",
    )
    dlg.grab().save(str(tmp_path / "notice_dialog.png"))
    ctx.runner.wait(5000)
    ws.close()
