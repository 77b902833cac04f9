"""The findings ledger as an Excel workbook (streamed: write-only mode)."""

from __future__ import annotations

from copy import copy
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.chart import BarChart, Reference
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.pagebreak import Break

from app.core.documents import Stopped
from app.core.errors import AnchaError
from app.core.findings import STATUS_LABELS, Discovery, Level, Status, is_overdue
from app.core.validation import strip_controls
from app.files import atomic_output
from app.reports.pdf_base import Progress
from app.reports.views import LedgerExport
from app.reports.xlsx_safe import as_text, safe_value

# (heading, width, how the cell is made from a row read by name). Widths are kept narrow and
# long texts wrap, so the sheet prints at one landscape A4 page width at a readable scale.
COLUMNS: list[tuple[str, int]] = [
    ("序号", 5),
    ("被检查单位", 16),
    ("统一社会信用代码", 12),
    ("行业", 7),
    ("隐患名称", 22),
    ("部位", 10),
    ("隐患描述", 22),
    ("级别", 8),
    ("状态", 7),
    ("发现方式", 8),
    ("发现日期", 10),
    ("发现人", 8),
    ("整改时限", 10),
    ("是否逾期", 6),
    ("治理目标和任务", 16),
    ("整改措施", 20),
    ("负责治理的机构和人员", 12),
    ("责任人", 8),
    ("整改资金", 8),
    ("经费和物资", 12),
    ("应急预案/临时管控措施", 16),
    ("隐患现状及产生原因", 16),
    ("危害程度和整改难易程度", 16),
    ("联系人及电话", 12),
    ("停产停业", 8),
    ("报告部门", 12),
    ("向监管部门报告日期", 10),
    ("向职工报告方式", 10),
    ("向职工大会/职代会报告日期", 10),
    ("参会情况", 10),
    ("挂牌督办单位", 12),
    ("督办日期", 10),
    ("督办编号", 10),
    ("验收人", 8),
    ("验收日期", 10),
    ("治理情况评估", 16),
    ("验收意见", 16),
    ("恢复生产申请日期", 10),
    ("销号签字领导", 8),
    ("销号日期", 10),
    ("依据", 22),
    ("违反的规定", 22),
    ("判定依据", 22),
]
WIDTHS = dict(COLUMNS)
# Every column above, printed on three sheets so each fits one landscape A4 page width at a
# readable scale; 序号, 被检查单位 and 隐患名称 begin every sheet so the rows can be matched.
KEY_COLUMNS = ["序号", "被检查单位", "隐患名称"]
SHEETS: dict[str, list[str]] = {
    "隐患台账": [
        *KEY_COLUMNS,
        "行业",
        "部位",
        "隐患描述",
        "级别",
        "状态",
        "发现日期",
        "发现人",
        "整改时限",
        "是否逾期",
        "整改措施",
        "责任人",
        "验收人",
        "验收日期",
        "验收意见",
        "销号签字领导",
        "销号日期",
    ],
    "治理方案与双报告": [
        *KEY_COLUMNS,
        "治理目标和任务",
        "负责治理的机构和人员",
        "整改资金",
        "经费和物资",
        "应急预案/临时管控措施",
        "隐患现状及产生原因",
        "危害程度和整改难易程度",
        "联系人及电话",
        "停产停业",
        "报告部门",
        "向监管部门报告日期",
        "向职工报告方式",
        "向职工大会/职代会报告日期",
        "参会情况",
        "挂牌督办单位",
        "督办日期",
        "督办编号",
        "治理情况评估",
        "恢复生产申请日期",
    ],
    "依据": [*KEY_COLUMNS, "统一社会信用代码", "发现方式", "依据", "违反的规定", "判定依据"],
}
WRAP_MIN_WIDTH = 12  # columns at least this wide wrap their text
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
    sheets = {name: _sheet(wb, name, heads, total) for name, heads in SHEETS.items()}
    n = 0
    level_labels = {lv.value: lv.label for lv in Level}
    status_labels = {st.value: st.label for st in Status}
    how_labels = {d.value: d.label for d in Discovery}
    stopped_labels = {st.value: st.label for st in Stopped}
    major_label = Level.MAJOR.label
    # one wrapped-text style, looked up in the workbook's style tables once and copied to each
    # long-text cell (assigning `alignment` per cell hashed the style every time: 2-3 s a 100k rows)
    template = WriteOnlyCell(next(iter(sheets.values())))
    template.alignment = Alignment(wrap_text=True)  # bottom, as the unwrapped cells beside it
    wrap = template._style  # type: ignore[attr-defined]  # openpyxl: the StyleArray behind a cell
    headings = [h for h, _w in COLUMNS]
    for raw in view.rows:
        r = dict(zip(view.keys, raw, strict=True))
        status = r["status"]
        overdue = is_overdue(status, r["deadline"], today)
        level_text = level_labels[r["level"]]
        values: list[object] = [
            n + 1,
            r["unit_name"],
            r["uscc"],
            sectors.get(r["sector_id"], r["sector_id"]),
            r["title"],
            r["location"],
            r["description"],
            level_text,
            status_labels[status],
            how_labels[r["discovery"]],
            r["found_on"],
            r["found_by"],
            r["deadline"],
            "是" if overdue else "否",
            r["goal"],
            r["measures"],
            r["organisation"],
            r["responsible"],
            r["funds"],
            r["materials"],
            r["contingency"],
            r["cause"],
            r["harm"],
            r["contact"],
            stopped_labels.get(r["stopped"]) if r["stopped"] else None,
            r["reported_dept"],
            r["reported_dept_on"],
            r["reported_workers_how"],
            r["reported_workers_on"],
            r["reported_workers_attendance"],
            r["supervised_by"],
            r["supervised_on"],
            r["supervision_no"],
            r["accepted_by"],
            r["accepted_on"],
            r["assessment"],
            r["acceptance_note"],
            r["resume_requested_on"],
            r["closed_by"],
            r["closed_on"],
            r["basis"],
            "；".join(p.get("text", "") for p in (r["legal"] or [])) or None,
            (r["criterion"] or {}).get("text"),
        ]
        by_heading = dict(zip(headings, values, strict=True))
        red = {"级别": level_text == major_label, "是否逾期": overdue}
        for name, heads in SHEETS.items():  # dates get openpyxl's date format (yyyy-mm-dd) by themselves
            out = sheets[name]
            # wrapped rows need their height written: spreadsheet programs keep the default on load
            out.row_dimensions[n + 2].height = _row_height(heads, by_heading)
            out.append([_cell(out, h, by_heading[h], red.get(h, False), wrap) for h in heads])
            del out.row_dimensions[n + 2]  # written: keep memory flat on a long ledger
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
    _print_setup(sheet, title_rows="1:1")
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
        chart.height, chart.width = 12, 24
        # the chart prints on a page of its own: a page break after the table, the chart below it
        below = rows + 3
        sheet.row_breaks.append(Break(id=below))
        sheet.add_chart(chart, f"A{below + 2}")


def _sheet(wb: Workbook, name: str, heads: list[str], total: int) -> Any:
    """One ledger sheet: widths, frozen and repeated header, filter, print setup, lists for 级别/状态."""
    sheet = wb.create_sheet(name)
    for i, h in enumerate(heads, start=1):
        sheet.column_dimensions[_letter(i)].width = WIDTHS[h]
    sheet.freeze_panes = "D2"
    _print_setup(sheet, title_rows="1:1")
    sheet.auto_filter.ref = f"A1:{_letter(len(heads))}{total + 1}"
    for h, values in (("级别", LEVELS), ("状态", STATUSES)):
        if h not in heads:
            continue
        col = _letter(heads.index(h) + 1)
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
    row = []
    for h in heads:
        c = WriteOnlyCell(sheet, value=h)
        c.font, c.fill = HEAD_FONT, HEAD_FILL
        c.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        row.append(c)
    sheet.append(row)
    return sheet


LINE_HEIGHT = 15.5  # points per line of 11 pt text


def _text_width(text: str) -> int:
    """Width in column units: a Chinese character takes two."""
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)


def _row_height(heads: list[str], values: dict[str, object]) -> float:
    lines = 1
    for h in heads:
        v = values[h]
        width = WIDTHS[h]
        if isinstance(v, str) and v and width >= WRAP_MIN_WIDTH:
            per_line = max(1, width - 1)
            lines = max(lines, sum(-(-_text_width(part) // per_line) or 1 for part in v.split("\n")))
    return min(lines, 20) * LINE_HEIGHT


def _cell(sheet: Any, heading: str, value: object, red: bool, wrap: Any) -> object:
    """A value as written: red for 重大 and 逾期, long texts wrapped in their narrow column,
    text that looks like a formula kept as text."""
    if red and isinstance(value, str):
        return _red(sheet, value)
    if isinstance(value, str) and value and WIDTHS[heading] >= WRAP_MIN_WIDTH:
        c = WriteOnlyCell(sheet, value=strip_controls(value))
        c._style = copy(wrap)  # type: ignore[attr-defined]  # how openpyxl itself copies a style
        as_text(c)
        return c
    return safe_value(sheet, value)


def _print_setup(sheet: Any, title_rows: str) -> None:
    """Landscape A4, every column on one page width (as many pages down as needed), header repeated."""
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = 9  # A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = title_rows
    sheet.print_options.horizontalCentered = True
    sheet.page_margins.left = sheet.page_margins.right = 0.4
    sheet.page_margins.top = sheet.page_margins.bottom = 0.6
    sheet.oddFooter.center.text = "第 &P 页，共 &N 页"


def _red(sheet: Any, value: str) -> Any:
    c = WriteOnlyCell(sheet, value=value)
    c.font = MAJOR_FONT
    return c


def _bold(sheet: Any, value: str) -> Any:
    c = WriteOnlyCell(sheet, value=value)
    c.font = HEAD_FONT
    return c
