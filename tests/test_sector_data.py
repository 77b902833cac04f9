"""A sector added as data only (one YAML file, no code) shows up wherever sectors are listed:
the catalog, notice import, the ledger filter, the statistics, the Excel summary and the GUI."""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from app.core.findings import Level
from app.core.inspections import Result
from app.notices.classify import classify
from app.notices.parse import Clause
from app.services import checklists, exports, findings, inspections, ledger, notices, stats, units
from app.services.workspace import Workspace
from tests.conftest import TEST_CATALOG
from tests.helpers import sqlite_ws

D = dt.date(2025, 6, 2)
LIFT = """\
sector: {id: lift, name: 特种设备, order: 9, authority: 市场监督管理局}
site_types:
  - {id: lift-elevator, name: 电梯使用单位}
groups: [使用管理]
items:
  - id: LIFT-001
    group: 使用管理
    text: 电梯在定期检验有效期内使用
    hazard: 电梯超过定期检验有效期继续使用
    legal_missing: 测试目录未链接法规条款
    method: [查资料]
    basis: [{source: qin-2025, clause: （十二）}]
    site_types: [all]
coverage:
  - {source: qin-2025, clause: （十二）}
"""


@pytest.fixture
def lift_ws(tmp_path: Path) -> Iterator[Workspace]:
    root = tmp_path / "catalog"
    shutil.copytree(TEST_CATALOG, root)
    (root / "sectors" / "lift.yaml").write_text(LIFT, encoding="utf-8")
    ws = sqlite_ws(tmp_path, "lift.db", catalog_root=root)
    yield ws
    ws.close()


def _lift_finding(ws: Workspace) -> None:
    unit = units.create_unit(ws, units.UnitInput(name="某商场（电梯使用单位）", sector_id="lift"))
    items = checklists.build(ws.catalog, "lift", "lift-elevator")
    insp = inspections.start_inspection(ws, unit.id, D, "李明、王强", "lift", items, "lift-elevator")
    inspections.set_result(ws, insp.items[0].id, Result.FAIL, "检验合格标志已过期")
    findings.create_finding(ws, inspections.finding_draft(ws, insp.items[0].id))


def test_sector_added_as_data_reaches_ledger_stats_and_excel(lift_ws: Workspace, tmp_path: Path) -> None:
    ws = lift_ws
    assert ws.catalog.sectors["lift"].name == "特种设备"
    assert [t.id for t in ws.catalog.site_types_of("lift")] == ["lift-elevator"]
    _lift_finding(ws)

    assert ledger.count(ws, ledger.FindingFilter(sector_id="lift")) == 1
    assert ledger.count(ws, ledger.FindingFilter(sector_id="gas")) == 0
    summary = stats.summary(ws, ledger.FindingFilter())
    assert sum(n for (sec, _st, _lv), n in summary.by_key.items() if sec == "lift") == 1

    path = tmp_path / "findings.xlsx"
    exports.write_findings(ws, ledger.FindingFilter(), path)
    wb = load_workbook(path)
    rows = list(wb["汇总"].iter_rows(values_only=True))
    assert any(r[0] == "特种设备" and r[1] == Level.GENERAL.label for r in rows)
    detail = [c for row in wb[wb.sheetnames[0]].iter_rows(values_only=True) for c in row]
    assert "特种设备" in detail


def test_excel_summary_keeps_findings_of_a_sector_no_longer_in_the_catalog(
    lift_ws: Workspace, tmp_path: Path
) -> None:
    _lift_finding(lift_ws)
    lift_ws.close()
    ws = Workspace(lift_ws.db.url, catalog_root=TEST_CATALOG)  # the catalog without the sector
    try:
        path = tmp_path / "f.xlsx"
        exports.write_findings(ws, ledger.FindingFilter(), path)
        rows = list(load_workbook(path)["汇总"].iter_rows(values_only=True))
        assert any(r[0] == "lift" for r in rows)  # counted under its id, not dropped
        total = next(r for r in rows if r[0] == "合计")
        assert total[-2] == 1
    finally:
        ws.close()


def test_notice_import_recognises_a_data_only_sector_by_its_name(lift_ws: Workspace) -> None:
    lex = notices.lexicon_for(lift_ws)
    assert "lift" in lex.sectors  # not in lexicon.yaml: recognised by the sector name
    text = "加强特种设备安全监管，督促电梯使用单位落实定期检验制度。"
    clause = Clause(number=9, label="（九）", heading="", text=text)
    [m] = classify([clause], lex)
    assert "lift" in m.sectors


def test_gui_lists_a_data_only_sector(qtbot: Any, qt_settings: Path, lift_ws: Workspace) -> None:
    from app.ui.context import AppContext
    from app.ui.ledger_page import LedgerPage
    from app.ui.stats_page import StatsPage

    _lift_finding(lift_ws)
    ctx = AppContext(lift_ws)
    page = LedgerPage(ctx)
    qtbot.addWidget(page)
    assert "特种设备" in [page.sector.itemText(i) for i in range(page.sector.count())]
    stats_page = StatsPage(ctx)
    qtbot.addWidget(stats_page)
    stats_page.show()
    stats_page.activate()
    qtbot.waitUntil(lambda: not stats_page.loading, timeout=10000)
    names = [stats_page.table.item(r, 0).text() for r in range(stats_page.table.rowCount())]
    assert "特种设备" in names


@pytest.mark.parametrize(
    ("today", "hazchem_doc"),
    [(dt.date(2026, 11, 25), "AQ 3067—2026"), (dt.date(2026, 3, 1), "安监总管三〔2017〕121号")],
)
def test_demo_showcase_reports_major_hazards_of_the_new_sectors(
    tmp_path: Path, today: dt.date, hazchem_doc: str
) -> None:
    from app.services import demo

    ws = sqlite_ws(tmp_path, "d.db")  # the shipped catalog
    try:
        made = demo.showcase_new_sectors(ws, today)
        majors = {f.sector_id: f for f in made if f.level == Level.MAJOR.value}
        assert set(majors) == {"hazchem", "industry"}
        assert len(made) == 4
        for f in majors.values():
            assert f.reported_dept_on and f.reported_workers_on  # 双报告 both ways
            assert f.measures and f.responsible and f.funds and f.deadline and f.contingency
        # the criterion of the version in force on the inspection day
        assert majors["hazchem"].criterion["doc_no"] == hazchem_doc
        assert majors["industry"].criterion["doc_no"] == "应急管理部令第10号"
    finally:
        ws.close()


@pytest.mark.parametrize("sector", ["hazchem", "industry"])
def test_shipped_new_sectors_are_complete(sector: str) -> None:
    """危险化学品 and 工贸: a full checklist, every item worded and grounded, every clause of their
    重大事故隐患判定标准 linked to an item or explained."""
    from app.core.catalog_loader import read_catalog

    cat, problems = read_catalog(strict=True)
    mine = [p for p in problems if f"sectors/{sector}.yaml" in str(p) or f"laws/{sector}.yaml" in str(p)]
    assert mine == []
    items = [it for it in cat.items.values() if it.sector_id == sector]
    assert len(items) >= 40
    assert all(it.hazard and (it.legal or it.legal_missing) and (it.basis or it.legal) for it in items)
    for st in cat.site_types_of(sector):
        assert cat.items_for(sector, st.id), st.id
    linked = {c for it in items for c in it.criteria}
    clauses = [c for c in cat.criteria.values() if cat.standards[c.standard_id].sector_id == sector]
    assert clauses
    assert all(c.id in linked or c.note for c in clauses)
