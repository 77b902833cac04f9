"""企业名录 import: a 200-row workbook with a few bad rows, checked row by row, written on confirmation."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import Workbook

from app.core.uscc import CHARSET, check_char
from app.services import unit_directory, units
from app.services.workspace import Workspace


def _code(n: int) -> str:
    body = f"91140521MA{n:07d}"
    body = body[:17]
    return body + check_char(body)


def _wrong(code: str) -> str:
    other = CHARSET[(CHARSET.index(code[-1]) + 1) % len(CHARSET)]
    return code[:17] + other


HEAD = ["企业名称", "统一社会信用代码", "注册地址", "法定代表人", "联系电话", "所属行业", "所属区域", "备注"]


def _workbook(path: Path) -> dict[int, str]:
    """200 units; returns the spreadsheet row numbers of the bad rows with the expected reason."""
    wb = Workbook()
    sheet = wb.active
    sheet.append(HEAD)
    bad: dict[int, str] = {}
    for i in range(200):
        row_no = i + 2
        code = _code(1000 + i)
        row = [
            f"沁水县名录测试企业{i:03d}",
            code,
            f"沁水县龙港镇{i}号",
            "张三",
            "13912345678",
            "燃气",
            "沁水县",
            "",
        ]
        if i == 10:
            row[1] = _wrong(code)
            bad[row_no] = "校验码错误"
        if i == 50:
            row[0] = ""
            bad[row_no] = "不能为空"
        if i == 90:
            row[4] = "abc电话"
            bad[row_no] = "不是电话号码"
        if i == 120:
            row[1] = _code(1000 + 5)  # the code of row 7
            bad[row_no] = "与第7行重复"
        if i == 150:
            row[6] = "不存在县"
            bad[row_no] = "未找到行政区划"
        if i == 170:
            row[5] = "餐饮"  # not a catalog sector: kept as free-text 行业, not an error
        sheet.append(row)
    sheet.append([None] * len(HEAD))  # a blank line at the end is skipped
    wb.save(path)
    return bad


def test_two_hundred_rows_checked_nothing_written_until_confirmed(demo_ws: Workspace, tmp_path: Path) -> None:
    path = tmp_path / "名录.xlsx"
    expected_bad = _workbook(path)
    before = units.count_units(demo_ws)

    checked = unit_directory.preview(demo_ws, path)
    assert units.count_units(demo_ws) == before  # nothing written by the check
    assert {r.row for r in checked.bad} == set(expected_bad)
    for r in checked.bad:
        assert len(r.problems) == 1
        p = r.problems[0]
        assert expected_bad[r.row] in p.reason, (r.row, p)
        assert str(p).startswith(f"第{r.row}行“")  # row and column named
    by_row = {r.row: r.problems[0].column for r in checked.bad}
    assert by_row[12] == "统一社会信用代码" and by_row[52] == "企业名称" and by_row[92] == "联系电话"
    assert by_row[152] == "所属区域"
    assert len(checked.new) == 195 and not checked.existing
    assert checked.unused_columns == ["备注"]
    free = next(r for r in checked.new if r.row == 172)
    assert free.values["sector_id"] is None and free.values["industry"] == "餐饮"
    gas = next(r for r in checked.new if r.row == 2)
    assert gas.values["sector_id"] == "gas" and gas.values["area_code"] == "140521"

    assert unit_directory.apply(demo_ws, checked) == 195
    assert units.count_units(demo_ws) == before + 195
    stored = units.list_units(demo_ws, "名录测试企业000")[0]
    assert stored.uscc == _code(1000) and stored.principal == "张三" and stored.phone == "13912345678"

    again = unit_directory.preview(demo_ws, path)  # the same file again: every good row is known
    assert not again.new and len(again.existing) == 195 and len(again.bad) == 5
    assert unit_directory.apply(demo_ws, again) == 0
    assert units.count_units(demo_ws) == before + 195


def test_export_reads_back_as_existing(demo_ws: Workspace, tmp_path: Path) -> None:
    out = tmp_path / "导出.xlsx"
    n = unit_directory.export_units(demo_ws, out)
    assert n == units.count_units(demo_ws)
    checked = unit_directory.preview(demo_ws, out)
    assert not checked.bad and not checked.new and len(checked.existing) == n


def test_csv_in_gbk_and_a_file_without_a_name_column(demo_ws: Workspace, tmp_path: Path) -> None:
    path = tmp_path / "名录.csv"
    path.write_bytes(
        ("单位名称,统一社会信用代码,联系电话\n沁水县CSV测试店,,0356-1234567\n").encode("gb18030")
    )
    checked = unit_directory.preview(demo_ws, path)
    assert len(checked.new) == 1 and checked.new[0].values["phone"] == "0356-1234567"
    wrong = tmp_path / "无标题.csv"
    wrong.write_text("地址,电话\n某地,123\n", encoding="utf-8")
    with pytest.raises(Exception, match="没有“单位名称”列"):
        unit_directory.preview(demo_ws, wrong)


@pytest.mark.slow
def test_cli_import_units_checks_then_applies(tmp_path: Path) -> None:
    env = {**os.environ, "ANCHA_HOME": str(tmp_path)}
    url = f"sqlite:///{(tmp_path / 'c.db').as_posix()}"
    path = tmp_path / "名录.xlsx"
    _workbook(path)

    def run(*a: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "app", "--db", url, *a],
            capture_output=True,
            text=True,
            env=env,
            cwd=tmp_path,
        )

    assert run("db", "upgrade").returncode == 0
    first = run("import", "units", str(path))
    assert first.returncode == 1 and "第12行“统一社会信用代码”列：校验码错误" in first.stdout
    assert "未写入" in first.stdout and "Traceback" not in first.stderr
    applied = run("import", "units", str(path), "--apply")
    assert "已导入 195 个单位" in applied.stdout
    again = run("import", "units", str(path), "--apply")
    assert "已导入 0 个单位" in again.stdout


def test_gui_import_lists_bad_rows_and_writes_only_when_confirmed(
    qtbot: object, demo_ws: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pytest.importorskip("PySide6.QtWidgets")
    from app.ui.context import AppContext
    from app.ui.unit_import_dialog import UnitImportDialog
    from app.ui.units_page import UnitsPage

    path = tmp_path / "名录.xlsx"
    expected_bad = _workbook(path)
    page = UnitsPage(AppContext(demo_ws))
    qtbot.addWidget(page)  # type: ignore[attr-defined]
    page.show()
    before = units.count_units(demo_ws)
    seen: list[UnitImportDialog] = []

    def cancel(dlg: UnitImportDialog) -> int:
        seen.append(dlg)
        dlg.reject()
        return 0

    monkeypatch.setattr(UnitImportDialog, "exec", cancel)
    assert page.import_directory(path) is None
    dlg = seen[0]
    rows = {int(dlg.problems.item(i, 0).text()) for i in range(dlg.problems.rowCount())}
    assert rows == set(expected_bad)
    reasons = [dlg.problems.item(i, 2).text() for i in range(dlg.problems.rowCount())]
    assert any("校验码错误" in r for r in reasons) and any("不是电话号码" in r for r in reasons)
    assert dlg.import_button.text() == "导入有效的 195 个单位"
    assert units.count_units(demo_ws) == before  # cancelled: nothing written

    def confirm(dlg: UnitImportDialog) -> int:
        dlg.import_button.click()
        return int(dlg.result())

    monkeypatch.setattr(UnitImportDialog, "exec", confirm)
    assert page.import_directory(path) == 195
    assert units.count_units(demo_ws) == before + 195
    assert page.model.rowCount() == before + 195  # the list shows them at once

    seen.clear()
    monkeypatch.setattr(UnitImportDialog, "exec", cancel)
    page.import_directory(path)  # again: nothing new, the button says why it is disabled
    assert not seen[0].import_button.isEnabled() and "都已登记" in seen[0].import_button.toolTip()
