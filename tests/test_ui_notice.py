"""The notice import dialog turns a notice into usable checklist items."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from app.services import checklists
from app.services.workspace import Workspace
from app.ui.context import AppContext
from app.ui.notice_dialog import NoticeImportDialog
from tests.helpers import SEEDS


@pytest.mark.skipif(not SEEDS.is_dir(), reason="seed notices not present")
def test_accept_merge_and_reject(qtbot: Any, tmp_path: Path) -> None:
    ws = Workspace(f"sqlite:///{(tmp_path / 'n.db').as_posix()}")
    ctx = AppContext(ws)
    dlg = NoticeImportDialog(ctx)
    qtbot.addWidget(dlg)
    dlg.load(next(SEEDS.glob("002_*.txt")))
    qtbot.waitUntil(lambda: dlg.model.rowCount() > 0, timeout=20000)
    assert "同政发〔2025〕1号" in dlg.meta.text() and "大同市人民政府" in dlg.text.toPlainText()
    props = dlg.result.proposals
    new = next(i for i, p in enumerate(props) if p.status == "new" and "fire" in p.measure.sectors)
    dlg.model.item(new, 2).setText("改写后的检查内容：场所已落实消防安全责任人")
    dlg.sector.setCurrentIndex(dlg.sector.findData("fire"))
    dlg.table.selectRow(new)
    dlg.decide("accepted")
    assert dlg.model.item(new, 5).text() == "已接受"
    item_id = dlg.model.item(new, 4).text()
    assert item_id.startswith("USR-")
    covered = next(i for i, p in enumerate(props) if p.status == "covered" and p.item_id)
    dlg.decide("merged", [covered])
    reject = next(i for i, p in enumerate(props) if p.status == "internal")
    dlg.decide("rejected", [reject])
    assert dlg.model.item(reject, 5).text() == "已拒绝"
    # usable in checklists at once
    built = checklists.build(ws.catalog, "fire", None)
    assert any(i.item_id == item_id and i.text.startswith("改写后") for i in built)
    merged = ws.catalog.items[props[covered].item_id]
    assert any(ws.catalog.sources[c.source_id].doc_no == "同政发〔2025〕1号" for c in merged.basis)
    ctx.runner.wait(5000)
    ws.close()
