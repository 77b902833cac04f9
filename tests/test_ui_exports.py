"""The GUI's print and export buttons make real files through the worker thread."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog

from app.core.findings import Level
from app.services import ledger
from app.services.inspection_list import inspection_rows
from app.services.workspace import Workspace
from app.ui.main import MainWindow


@pytest.fixture
def window(
    qtbot: Any, demo_ws: Workspace, qt_settings: Any, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> MainWindow:
    opened: list[Any] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url) or True)
    w = MainWindow(demo_ws)
    qtbot.addWidget(w)
    return w


def _answer(monkeypatch: pytest.MonkeyPatch, path: Path) -> None:
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(path), ""))


def test_ledger_exports_the_filtered_findings(
    qtbot: Any, window: MainWindow, demo_ws: Workspace, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    page = window.ledger_page
    window.show_page(window.pages.index(page))
    page.model.set_filter(ledger.FindingFilter(level=Level.MAJOR.value))
    out = tmp_path / "台账.xlsx"
    _answer(monkeypatch, out)
    page.export_button.click()
    qtbot.waitUntil(out.exists, timeout=20000)
    window.ctx.runner.wait(20000)
    rows = load_workbook(out)["隐患台账"].max_row - 1
    assert rows == ledger.count(demo_ws, ledger.FindingFilter(level=Level.MAJOR.value)) > 0


def test_inspection_record_and_dual_report(
    qtbot: Any, window: MainWindow, demo_ws: Workspace, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    page = window.inspection_page
    window.show_page(window.pages.index(page))
    insp = inspection_rows(demo_ws)[0]
    page.open_inspection(insp.id)
    out = tmp_path / "记录.pdf"
    _answer(monkeypatch, out)
    assert page.print_button.isEnabled() and len(page.print_button.menu().actions()) == 4
    page.print_record()
    qtbot.waitUntil(out.exists, timeout=20000)
    assert insp.unit in PdfReader(out).pages[0].extract_text().replace(" ", "")
    from PySide6.QtWidgets import QInputDialog

    from app.services import documents

    # an order already issued for this inspection: print it again, or issue a new one
    issued = documents.orders_of(demo_ws, insp.id)
    offered: list[list[str]] = []

    def pick(last: bool) -> Any:
        def answer(_parent: Any, _title: str, _label: str, items: list[str], *_a: Any) -> tuple[str, bool]:
            offered.append(items)
            return (items[-1] if last else items[0]), True

        return answer

    order = tmp_path / "指令书.pdf"
    _answer(monkeypatch, order)
    monkeypatch.setattr(QInputDialog, "getItem", pick(last=True))
    page.print_document("order")
    qtbot.waitUntil(order.exists, timeout=20000)
    window.ctx.runner.wait(20000)
    text = PdfReader(order).pages[0].extract_text().replace(" ", "").replace("\n", "")
    new = documents.orders_of(demo_ws, insp.id)
    assert len(new) == len(issued) + 1 and new[-1].number in text
    assert "立即整改" in text or "前整改完毕" in text
    if issued:
        assert offered[0][-1].startswith("开具新的指令书")
    again = tmp_path / "重印.pdf"
    _answer(monkeypatch, again)
    monkeypatch.setattr(QInputDialog, "getItem", pick(last=False))
    page.print_document("order")
    qtbot.waitUntil(again.exists, timeout=20000)
    window.ctx.runner.wait(20000)
    assert len(documents.orders_of(demo_ws, insp.id)) == len(new)  # reprinted, no new number
    review = tmp_path / "复查.pdf"
    _answer(monkeypatch, review)
    monkeypatch.setattr(QInputDialog, "getItem", pick(last=True))
    page.print_document("review")
    qtbot.waitUntil(review.exists, timeout=20000)
    window.ctx.runner.wait(20000)
    assert new[-1].number in PdfReader(review).pages[0].extract_text().replace(" ", "")

    major = ledger.page(demo_ws, ledger.FindingFilter(level=Level.MAJOR.value), 0, 1)[0]
    panel = window.ledger_page.panel
    panel.show_finding(major.id)
    assert not panel.dual_button.isHidden()
    dual = tmp_path / "双报告.pdf"
    _answer(monkeypatch, dual)
    panel.dual_button.click()
    qtbot.waitUntil(dual.exists, timeout=20000)
    window.ctx.runner.wait(20000)
    assert len(PdfReader(dual).pages) == 3


def test_checklist_excel_round_trip_from_the_builder(
    qtbot: Any, window: MainWindow, demo_ws: Workspace, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from PySide6.QtWidgets import QInputDialog

    from app.services import checklists

    page = window.checklist_page
    window.show_page(window.pages.index(page))
    page.activate()
    assert page.selected_items()
    out = tmp_path / "清单.xlsx"
    _answer(monkeypatch, out)
    page.export_excel()
    qtbot.waitUntil(out.exists, timeout=20000)
    window.ctx.runner.wait(20000)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(out), ""))
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("从Excel导入的模板", True))
    page.import_excel()
    t = checklists.get_template(demo_ws, "从Excel导入的模板")
    assert len(t.items) == len(page.selected_items())


def test_document_register_exports_from_the_file_menu(
    qtbot: Any, window: MainWindow, demo_ws: Workspace, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from app.core.documents import DocKind
    from app.services import doc_numbers, settings

    taken = [settings.next_document_number(demo_ws, DocKind.ORDER, 2026) for _ in range(3)]
    out = tmp_path / "文书台账.xlsx"
    _answer(monkeypatch, out)
    window.export_register()
    qtbot.waitUntil(out.exists, timeout=20000)
    window.ctx.runner.wait(20000)
    numbers = {r[0] for r in load_workbook(out)["文书台账"].iter_rows(min_row=3, values_only=True)}
    assert set(taken) <= numbers
    assert len(doc_numbers.document_register(demo_ws)) == len(numbers - {None}) - 1  # the 共 N 份 line
