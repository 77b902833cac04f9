"""The findings ledger as an Excel workbook (streamed: write-only mode)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.chart import BarChart, Reference
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.worksheet.datavalidation import DataValidation

from app.core.errors import AnchaError
from app.core.findings import STATUS_LABELS, Discovery, Level, Status
from app.files import atomic_output
from app.reports.pdf_base import Progress
from app.reports.views import LedgerExport
from app.reports.xlsx_safe import safe_row

COLUMNS = [
    ("被检查单位", 28),
    ("统一社会信用代码", 21),
    ("行业", 9),
    ("隐患名称", 46),
    ("部位", 14),
    ("级别", 13),
    ("状态", 9),
    ("发现方式", 13),
    ("发现日期", 12),
    ("整改时限", 12),
    ("是否逾期", 9),
    ("整改措施", 30),
    ("责任人", 10),
    ("整改资金", 10),
    ("应急预案/临时管控措施", 24),
    ("向监管部门报告日期", 14),
    ("向职工大会/职代会报告日期", 14),
    ("挂牌督办", 18),
    ("验收人", 10),
    ("验收日期", 12),
    ("销号日期", 12),
    ("依据", 40),
    ("判定依据", 40),
]
DATE_COLS = {
    "发现日期",
    "整改时限",
    "向监管部门报告日期",
    "向职工大会/职代会报告日期",
    "验收日期",
    "销号日期",
}
LEVELS = [lv.label for lv in Level]
STATUSES = [STATUS_LABELS[s] for s in Status]
HEAD_FONT = Font(bold=True)
HEAD_FILL = PatternFill("solid", fgColor="DDE6F0")
MAJOR_FONT = Font(bold=True, color="B71C1C")


def _letter(i: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(i)


def render_findings(
    view: LedgerExport, path: Path, overwrite: bool = False, progress: Progress | None = None
) -> int:
    """Write the ledger rows the service streams in `view`; returns the number of rows."""
    path = Path(path)
    if path.exists() and not overwrite:
        raise AnchaError(f"文件已存在：{path}（如需覆盖请使用 --force 或另选文件名）")
    total = view.total
    today = view.today
    sectors = view.sectors
    wb = Workbook(write_only=True)
    sheet = wb.create_sheet("隐患台账")
    for i, (_, width) in enumerate(COLUMNS, start=1):
        sheet.column_dimensions[_letter(i)].width = width
    sheet.freeze_panes = "A2"
    last = _letter(len(COLUMNS))
    sheet.auto_filter.ref = f"A1:{last}{total + 1}"
    level_col = _letter([c for c, _ in COLUMNS].index("级别") + 1)
    status_col = _letter([c for c, _ in COLUMNS].index("状态") + 1)
    for col, values in ((level_col, LEVELS), (status_col, STATUSES)):
        dv = DataValidation(
            type="list",
            formula1='"' + ",".join(values) + '"',
            allow_blank=True,
            showErrorMessage=True,
            errorTitle="无效的值",
            error="请从列表中选择",
        )
        dv.add(f"{col}2:{col}{max(total + 1, 2)}")
        sheet.data_validations.append(dv)
    head = []
    for name, _ in COLUMNS:
        c = WriteOnlyCell(sheet, value=name)
        c.font, c.fill = HEAD_FONT, HEAD_FILL
        c.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        head.append(c)
    sheet.append(head)
    n = 0
    level_labels = {lv.value: lv.label for lv in Level}
    status_labels = {st.value: st.label for st in Status}
    how_labels = {d.value: d.label for d in Discovery}
    major_label = Level.MAJOR.label
    closed = Status.CLOSED.value
    for r in view.rows:
        (
            name,
            uscc,
            sector,
            title,
            location,
            level,
            status,
            how,
            found_on,
            deadline,
            measures,
            responsible,
            funds,
            contingency,
            dept_on,
            workers_on,
            sup_by,
            sup_no,
            acc_by,
            acc_on,
            closed_on,
            basis,
            criterion,
        ) = r
        overdue = deadline is not None and status != closed and deadline < today
        level_text = level_labels[level]
        row: list[object] = [
            name,
            uscc,
            sectors.get(sector, sector),
            title,
            location,
            _red(sheet, level_text) if level_text == major_label else level_text,
            status_labels[status],
            how_labels[how],
            found_on,
            deadline,
            _red(sheet, "是") if overdue else "否",
            measures,
            responsible,
            funds,
            contingency,
            dept_on,
            workers_on,
            "　".join(x for x in (sup_by, sup_no) if x) or None,
            acc_by,
            acc_on,
            closed_on,
            basis,
            (criterion or {}).get("text"),
        ]
        sheet.append(safe_row(sheet, row))  # dates get openpyxl's date format by themselves
        n += 1
        if progress and n % 1000 == 0:
            progress(n, total)
    _summary(wb, view)
    with atomic_output(path) as tmp:
        wb.save(tmp)
    if progress:
        progress(total, total)
    return n


def _summary(wb: Workbook, view: LedgerExport) -> None:
    sheet = wb.create_sheet("汇总")
    sheet.column_dimensions["A"].width = 12
    sheet.column_dimensions["B"].width = 14
    head = ["行业", "级别", *STATUSES, "合计", "逾期未销号"]
    sheet.append([_bold(sheet, h) for h in head])
    rows = 1
    for r in view.summary:
        sheet.append([r.sector, r.level, *r.counts, sum(r.counts), r.overdue])
        rows += 1
    sheet.append([_bold(sheet, "合计"), "", *view.status_totals, sum(view.status_totals), view.overdue_total])
    rows += 1
    sheet.append([])
    sheet.append(["说明：逾期未销号指已过整改时限仍未销号的隐患。筛选条件：" + view.filter_text])
    if rows > 2:
        chart = BarChart()
        chart.type = "col"
        chart.grouping = "stacked"
        chart.overlap = 100
        chart.title = "隐患数量（按行业、级别和状态）"
        data = Reference(sheet, min_col=3, max_col=2 + len(STATUSES), min_row=1, max_row=rows - 1)
        cats = Reference(sheet, min_col=1, max_col=2, min_row=2, max_row=rows - 1)
        chart.add_data(data, titles_from_data=True)
        chart.set_categories(cats)
        chart.height, chart.width = 9, 18
        sheet.add_chart(chart, "K2")


def _red(sheet: Any, value: str) -> Any:
    c = WriteOnlyCell(sheet, value=value)
    c.font = MAJOR_FONT
    return c


def _bold(sheet: Any, value: str) -> Any:
    c = WriteOnlyCell(sheet, value=value)
    c.font = HEAD_FONT
    return c
